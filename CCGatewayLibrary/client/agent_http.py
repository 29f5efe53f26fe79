"""An agent's HTTP session as a plain ``requests.Session``, for interfaces without a keyword (RequestsLibrary
registers it under an alias). No Robot Framework here.

At send time it takes the agent's *current* Guid from the client's :class:`AgentSession` (so it follows
rotation and a new sign-in), and it harvests ``Set-GUID`` from every gateway answer into that session, so
the keywords, the event poller and this session never disagree about the Guid. The gateway's TLS setting
(``verify``), the client's cookies and its timeout (unless a request gives one) apply.

The Guid goes only to the gateway's own origin (scheme, host, port): a redirect elsewhere does not get it.
After each answer the Guid is masked in the request's and the response's headers (the request was already
sent), because RequestsLibrary logs both at INFO and the Guid must never be logged in full.
"""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Callable
from urllib.parse import urlsplit

import requests

from .redact import mask

if TYPE_CHECKING:
    from .gateway import AgentSession, GatewayClient, RequestRecord

LABEL = "RequestsLibrary"  # the request log's label for requests sent through this session


class AgentHttpSession(requests.Session):
    """The HTTP session of agent ``agent_id`` on the gateway ``client()`` returns (looked up per request,
    so `Connect To Gateway` and a new sign-in are followed). ``url`` is the gateway's base address, e.g.
    ``https://127.0.0.1:8043``: RequestsLibrary joins it with the documented URI
    (``/agentgateway/resource/...``)."""

    def __init__(self, agent_id: str, client: Callable[[], GatewayClient | None]):
        super().__init__()
        self.agent_id = agent_id
        self._client = client
        self.headers.update({"Content-Type": "application/json; charset=UTF-8"})

    # RequestsLibrary reads ``session.url`` to join relative paths.
    @property
    def url(self) -> str:
        client = self._client()
        return client.url if client is not None else ""

    @url.setter
    def url(self, value: str) -> None:  # RequestsLibrary never sets it on a session it did not create
        pass

    def agent_session(self) -> AgentSession | None:
        client = self._client()
        return client.session(self.agent_id) if client is not None else None

    def request(self, method, url, *args, **kwargs):
        client = self._client()
        if client is not None:
            if kwargs.get("verify") is None:  # given per request, as the client does: REQUESTS_CA_BUNDLE
                kwargs["verify"] = client.verify  # in the environment would override a session's verify
            self.cookies = client.cookies  # the cookies the gateway set for the library's requests
            if kwargs.get("timeout") is None:
                kwargs["timeout"] = client.timeout
        return super().request(method, url, *args, **kwargs)

    def send(self, request: requests.PreparedRequest, **kwargs) -> requests.Response:
        client = self._client()
        own = client is not None and _origin(request.url) == _origin(client.url)
        session = self.agent_session() if own else None
        sent_guid = session.guid if session is not None else ""
        request.headers.pop("Guid", None)
        if sent_guid:
            request.headers["Guid"] = sent_guid
        if session is not None and session.stream is not None and request.method != "GET":
            # an action for the agent begins its new step, as a keyword's would: a later wait cannot take
            # an event that arrived before this request (the no-stale-match rule of the waits)
            session.stream.mark_step(f"{LABEL} {request.method} {urlsplit(str(request.url)).path}")
        started, clock = time.time(), time.perf_counter()
        try:
            response = super().send(request, **kwargs)
        except requests.RequestException as error:
            _mask_headers(request.headers, [sent_guid])
            if own and client is not None:
                self._record(client, request, "", started, clock, f"no answer: {type(error).__name__}")
            raise
        new_guid = ""
        if session is not None:
            session.update_guid(response.headers.get("Set-GUID"))
            new_guid = session.guid
        _mask_headers(request.headers, [sent_guid, new_guid])
        _mask_headers(response.headers, [sent_guid, new_guid])
        if own and client is not None:
            retcode = _retcode(response)
            failure = "" if retcode else f"HTTP {response.status_code} without a retcode"
            self._record(client, request, retcode, started, clock, failure)
        return response

    def _record(
        self,
        client: GatewayClient,
        request: requests.PreparedRequest,
        retcode: str,
        started: float,
        clock: float,
        error: str,
    ) -> None:
        """Tell the library's request log (call-flow diagram, evidence) about the request, as the client does."""
        from .gateway import RequestRecord

        record: RequestRecord = RequestRecord(
            self.agent_id,
            LABEL,
            str(request.method),
            urlsplit(request.url or "").path,
            retcode,
            (time.perf_counter() - clock) * 1000,
            started,
            error,
        )
        for listener in list(client.listeners):
            listener(record)


def _origin(url: str | None) -> tuple[str, str, int | None]:
    parts = urlsplit(url or "")
    port = parts.port or {"https": 443, "http": 80}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), port


def _mask_headers(headers, guids: list[str]) -> None:
    """Replace every occurrence of a Guid in the header values by its mask (``279f…(50 chars)``)."""
    for guid in {g for g in guids if g}:
        for name, value in list(headers.items()):
            if isinstance(value, str) and guid in value:
                headers[name] = value.replace(guid, mask(guid))


def _retcode(response: requests.Response) -> str:
    if "json" not in response.headers.get("Content-Type", ""):
        return ""
    try:
        answer = json.loads(response.content or b"null")
    except ValueError:
        return ""
    return answer["retcode"] if isinstance(answer, dict) and isinstance(answer.get("retcode"), str) else ""
