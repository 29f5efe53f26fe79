"""The CC-Gateway agent client: HTTP, Guid handling and retcode-to-error mapping. No Robot Framework here.

One :class:`GatewayClient` talks to one gateway. Each signed-in agent has an :class:`AgentSession` that
holds its Guid and its :class:`~CCGatewayLibrary.client.events.EventStream`.

Guid handling (reference §2): the sign-in response carries ``Set-GUID: JSESSIONID=<guid>``; every later
request of that agent sends it as header ``Guid``; any response may carry a newer ``Set-GUID`` (dynamic
authentication rotates it on event polls), which replaces the stored one at once.
"""

from __future__ import annotations

import re
import threading
import time
import warnings
from dataclasses import dataclass
from typing import Any, Callable
from urllib.parse import urlsplit

import requests
from urllib3.exceptions import InsecureRequestWarning

from .. import interfaces as api
from ..retcodes import SIMULATOR_DETAIL, meaning_of
from .errors import (AgentSignedOutError, CCGatewayError, GatewayConnectionError, GatewayError,
                     GatewayResponseError)
from .events import EventStream
from .redact import mask

FORCED = "force-signed-out, which released its calls"  # what release_agent() did when it had work to do
JSON_HEADERS = {"Content-Type": "application/json; charset=UTF-8"}


@dataclass
class RequestRecord:
    """One request as the client made it, for logs and call-flow diagrams. Holds no Guid."""

    agent_id: str
    label: str  # the keyword, e.g. "Drop Call"
    method: str
    path: str
    retcode: str  # "0", a retcode, or "" when no answer came
    elapsed_ms: float
    started: float  # wall clock, seconds since the epoch
    error: str = ""


class AgentSession:
    """The state of one signed-in agent: its Guid (thread-safe, rotated by any response) and events."""

    def __init__(self, agent_id: str, guid: str, phone_number: str = ""):
        self.agent_id = agent_id
        self.phone_number = phone_number
        self._guid = guid
        self._lock = threading.Lock()
        self.guid_rotations = 0
        self.stream: EventStream | None = None

    @property
    def guid(self) -> str:
        with self._lock:
            return self._guid

    def update_guid(self, set_guid_header: str | None) -> None:
        guid = parse_set_guid(set_guid_header)
        if guid:
            with self._lock:
                if guid != self._guid:
                    self.guid_rotations += bool(self._guid)
                    self._guid = guid

    def __repr__(self) -> str:  # never show the Guid in full
        return f"AgentSession(agent_id={self.agent_id!r}, guid={mask(self.guid)})"


def parse_set_guid(value: str | None) -> str | None:
    """``'JSESSIONID=279fe21d-...AgentGateway0'`` -> ``'279fe21d-...AgentGateway0'``."""
    if not value:
        return None
    _, sep, guid = value.partition("=")
    guid = (guid if sep else value).split(";", 1)[0].strip()
    return guid or None


class GatewayClient:
    """Talks to one CC-Gateway at ``url`` (e.g. ``https://10.0.0.5:8043``; ``/agentgateway/resource`` is
    added). ``verify`` is True, False or a CA bundle path. ``timeout`` (seconds) bounds every request;
    event long polls are bounded by ``poll_timeout`` (seconds, default ``timeout`` + 15 s, since the gateway
    holds an empty poll for about 10 s). ``poll_pause`` is the wait after an empty poll (seconds).
    With ``verify=False`` it warns once (``warn_insecure``) instead of urllib3's warning per request."""

    def __init__(self, url: str, verify: bool | str = True, timeout: float = 10.0,
                 poll_timeout: float | None = None, poll_pause: float = 0.0, warn_insecure: bool = True):
        if not url or not url.startswith(("http://", "https://")):
            raise ValueError(f"Gateway URL {url!r} is not an http:// or https:// URL, "
                             "e.g. 'https://10.0.0.5:8043'.")
        self.url = url.rstrip("/")
        self.verify = verify
        self.timeout = float(timeout)
        self.poll_timeout = float(poll_timeout) if poll_timeout else self.timeout + 15.0
        self.poll_pause = float(poll_pause)
        self._http = requests.Session()
        self.agents: dict[str, AgentSession] = {}
        self.listeners: list[Callable[[RequestRecord], None]] = []
        if verify is False:
            _insecure(self.url, warn_insecure)

    # -- requests ---------------------------------------------------------------------------
    def call(self, interface: api.Interface, agent_id: str, *, body: Any = None, params: dict | None = None,
             path: dict | None = None, session: AgentSession | None = None, timeout: float | None = None,
             http: requests.Session | None = None, notify: bool = True) -> dict:
        """Send one request of ``interface`` for ``agent_id`` and return the JSON answer.

        Sends the agent's Guid when ``session`` is given and takes a newer one from ``Set-GUID``.
        Raises :class:`GatewayError` for a retcode other than "0", :class:`GatewayConnectionError` when
        no answer came within ``timeout`` seconds, :class:`GatewayResponseError` for an answer that is
        not the documented HTTP 200 JSON, and :class:`AgentSignedOutError` (a ``GatewayError``, e.g.
        100-006), without sending anything, once the session's event poll was refused for good.
        """
        request_path = interface.path(agentid=agent_id, **(path or {}))
        if session is not None and session.stream is not None and isinstance(session.stream.ended, GatewayError):
            raise AgentSignedOutError(agent_id, session.stream.ended, _clock(session.stream.ended_at),
                                      interface.label, f"{interface.method} {request_path}")
        guid = session.guid if session is not None else ""
        headers = {**JSON_HEADERS, "Guid": guid} if guid else JSON_HEADERS
        limit = self.timeout if timeout is None else timeout
        started, clock = time.time(), time.perf_counter()
        record = RequestRecord(agent_id, interface.label, interface.method, request_path, "", 0.0, started)
        try:
            response = (http or self._http).request(
                interface.method, self.url + request_path, headers=headers, params=params,
                json=body, timeout=limit, verify=self.verify)
        except requests.RequestException as error:
            record.elapsed_ms = (time.perf_counter() - clock) * 1000
            record.error = _explain(error)
            if notify:
                self._notify(record)
            raise GatewayConnectionError(
                f"{interface.label}: {interface.method} {self.url + request_path} got no answer: "
                f"{record.error} (timeout {limit:g} s)") from None
        record.elapsed_ms = (time.perf_counter() - clock) * 1000
        if session is not None:
            session.update_guid(response.headers.get("Set-GUID"))
        try:
            answer = self._parse(interface, request_path, response)
        except GatewayResponseError as error:
            record.error = str(error)
            if notify:
                self._notify(record)
            raise
        record.retcode = answer["retcode"]
        if notify:
            self._notify(record)
        if record.retcode != "0":
            raise GatewayError(record.retcode, meaning_of(record.retcode), interface.label,
                               f"{interface.method} {request_path}", str(answer.get("message", "")),
                               simulator_detail(answer))
        return answer

    def _parse(self, interface: api.Interface, request_path: str, response: requests.Response) -> dict:
        where = f"{interface.label}: {interface.method} {self.url + request_path}"
        if response.status_code != 200:
            raise GatewayResponseError(f"{where} answered HTTP {response.status_code} {response.reason}; "
                                       "the gateway answers HTTP 200 with a retcode")
        try:
            answer = response.json()
        except ValueError:
            raise GatewayResponseError(f"{where} answered with a body that is not JSON: "
                                       f"{response.text[:80]!r}") from None
        if not isinstance(answer, dict) or not isinstance(answer.get("retcode"), str):
            raise GatewayResponseError(f"{where} answered JSON without a string 'retcode': {str(answer)[:80]}")
        return answer

    def _notify(self, record: RequestRecord) -> None:
        for listener in self.listeners:
            listener(record)

    # -- agents -----------------------------------------------------------------------------
    def sign_in(self, agent_id: str, body: dict, force: bool = False) -> tuple[AgentSession, dict]:
        """Sign the agent in, keep its Guid, start its event stream. Returns the session and ``result``."""
        interface = api.FORCE_SIGN_IN if force else api.SIGN_IN
        previous = self.agents.pop(agent_id, None)
        if previous and previous.stream:
            previous.stream.stop()
        answer, guid = self._sign_in_request(interface, agent_id, body)
        session = AgentSession(agent_id, guid, str(body.get("phonenum") or ""))
        session.stream = self._stream(session)
        self.agents[agent_id] = session
        session.stream.start()
        return session, answer.get("result") or {}

    def _sign_in_request(self, interface: api.Interface, agent_id: str, body: dict) -> tuple[dict, str]:
        holder = AgentSession(agent_id, "")  # no Guid to send yet; catches the response's Set-GUID
        answer = self.call(interface, agent_id, body=body, session=holder)
        if not holder.guid:
            raise GatewayResponseError(
                f"{interface.label}: {interface.method} {self.url + interface.path(agentid=agent_id)} "
                "accepted the sign-in but sent no Set-GUID header, so later requests cannot authenticate")
        return answer, holder.guid

    def _stream(self, session: AgentSession) -> EventStream:
        http = requests.Session()  # one connection per poller thread; requests.Session is not thread-safe

        def fetch() -> dict | None:
            answer = self.call(api.AGENT_EVENT, session.agent_id, session=session,
                               timeout=self.poll_timeout, http=http, notify=False)
            event = answer.get("event")
            return event if isinstance(event, dict) and event else None

        return EventStream(session.agent_id, fetch, self.poll_pause, on_exit=http.close)

    def session(self, agent_id: str) -> AgentSession | None:
        return self.agents.get(agent_id)

    @property
    def cookies(self) -> requests.cookies.RequestsCookieJar:
        """The cookies the gateway set on the agents' requests (the event pollers keep none)."""
        return self._http.cookies

    def sign_out(self, agent_id: str, force: bool = False) -> None:
        """Sign the agent out (``force``: even in a call, releasing it) and stop its event stream."""
        interface = api.FORCE_SIGN_OUT if force else api.SIGN_OUT
        self.call(interface, agent_id, session=self.agents.get(agent_id))
        self.forget(agent_id)

    def release_agent(self, agent_id: str) -> str | None:
        """Clean-up: force-sign the agent out (releasing its calls) and forget it, whatever happens.

        Returns ``None`` when the gateway had already signed it out (nothing left there), ``FORCED`` when
        the force sign-out released it, or ``"sign-out failed: <why>"``; never raises for the gateway."""
        session = self.agents.get(agent_id)
        try:
            if session is not None and session.stream is not None and session.stream.ended is not None:
                return None  # its event poll was refused for good: the gateway holds nothing of it
            self.call(api.FORCE_SIGN_OUT, agent_id, session=session)
            return FORCED
        except GatewayError as error:
            return None if error.retcode in ("100-006", "100-008") else f"sign-out failed: {error}"
        except CCGatewayError as error:
            return f"sign-out failed: {error}"
        finally:
            self.forget(agent_id)

    def forget(self, agent_id: str) -> None:
        """Stop the agent's event stream and drop its session (no request)."""
        session = self.agents.pop(agent_id, None)
        if session and session.stream:
            session.stream.stop()

    def close(self) -> None:
        for agent_id in list(self.agents):
            self.forget(agent_id)
        self._http.close()

    # -- simulator control API ---------------------------------------------------------------
    def control(self, method: str, path: str, label: str, body: Any = None) -> Any:
        """Call the bundled simulator's control API (``/simulator/...``) and return ``result``.
        Raises :class:`SimulatorOnlyError` when the server at ``url`` is not the simulator."""
        from .errors import SimulatorOnlyError

        url = f"{self.url}/simulator{path}"
        try:
            response = self._http.request(method, url, json=body, timeout=self.timeout, verify=self.verify)
        except requests.RequestException as error:
            raise GatewayConnectionError(f"{label}: {method} {url} got no answer: {_explain(error)} "
                                         f"(timeout {self.timeout:g} s)") from None
        try:
            answer = response.json()
        except ValueError:
            answer = None
        if response.status_code == 404 or not isinstance(answer, dict) or "retcode" not in answer:
            raise SimulatorOnlyError(
                f"{label} works only with the bundled CC-Gateway simulator; {self.url} did not answer its "
                f"control API ({method} {url}: HTTP {response.status_code}).")
        if answer.get("retcode") != "0":
            retcode = str(answer.get("retcode"))
            raise GatewayError(retcode, str(answer.get("message") or meaning_of(retcode)), label, f"{method} {url}")
        return answer.get("result")


def simulator_detail(answer: dict) -> str:
    """The bundled simulator's explanation of a refusal (its own field ``simulatorDetail``), at most 200
    characters; empty for a real gateway, whose ``message`` is never presented as an explanation."""
    detail = answer.get(SIMULATOR_DETAIL)
    return detail[:200] if isinstance(detail, str) else ""


def _clock(epoch: float | None) -> str:
    return time.strftime("%H:%M:%S", time.localtime(epoch)) if epoch else "an unknown time"


def _insecure(url: str, warn: bool) -> None:
    """verify=False: silence urllib3's warning per request to this host; warn once instead."""
    host = urlsplit(url).hostname or ""
    warnings.filterwarnings("ignore", message=f"Unverified HTTPS request is being made to host '{re.escape(host)}'",
                            category=InsecureRequestWarning)
    if warn:
        warnings.warn(f"TLS certificate verification is off for {url} (verify=False): the gateway's identity "
                      "is not checked.", InsecureRequestWarning, stacklevel=3)


def _explain(error: requests.RequestException) -> str:
    if isinstance(error, requests.exceptions.SSLError):
        text = str(error)
        if "hostname" in text or "match" in text:
            return "TLS failed: the certificate does not match the host name"
        if "CERTIFICATE_VERIFY_FAILED" in text:
            return "TLS failed: certificate verification failed (wrong or missing CA bundle? see verify=)"
        return f"TLS failed: {text[:160]}"
    if isinstance(error, requests.exceptions.Timeout):
        return "timed out"
    if isinstance(error, requests.exceptions.ConnectionError):
        text = str(error)
        if "refused" in text.lower():
            return "connection refused"
        if "reset" in text.lower() or "aborted" in text.lower():
            return "connection reset"
        return f"connection failed: {text[:160]}"
    return f"{type(error).__name__}: {str(error)[:160]}"
