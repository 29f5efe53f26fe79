"""The CC-Gateway agent client: HTTP, Guid handling and retcode-to-error mapping. No Robot Framework here.

One :class:`GatewayClient` talks to one gateway. Each signed-in agent has an :class:`AgentSession` that
holds its Guid and its :class:`~CCGatewayLibrary.client.events.EventStream`.

Guid handling (reference §2): the sign-in response carries ``Set-GUID: JSESSIONID=<guid>``; every later
request of that agent sends it as header ``Guid``; any response may carry a newer ``Set-GUID`` (dynamic
authentication rotates it on event polls), which replaces the stored one at once.

Hostile answers: every request has a total deadline (connect, headers and body together, see
``deadline.py``), answers are read in chunks and cut at ``max_response_size``, redirects are never
followed (they would carry the password or the Guid elsewhere), a malformed ``Set-GUID`` is refused and
never sent back, and JSON nested deeper than any gateway answer is refused, each with a named failure.
Proxies and the CA bundle from the environment are resolved once, and never for a loopback gateway
(the embedded simulator). Requests are prepared here and sent through requests' transport adapter or, for
the event polls and, one thread at a time, the actions, on a kept-alive connection through urllib3
directly (``poll_connection.py``), with the same wire, TLS settings, deadline and failures.
"""

from __future__ import annotations

import functools
import ipaddress
import json
import os
import re
import threading
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable
from urllib.parse import urlencode, urlsplit

import requests
from requests.cookies import RequestsCookieJar, extract_cookies_to_jar
from requests.structures import CaseInsensitiveDict
from requests.utils import requote_uri
from urllib3.exceptions import InsecureRequestWarning

from .. import interfaces as api
from ..control import Control
from ..retcodes import SIMULATOR_DETAIL, meaning_of
from .deadline import Deadline, DeadlineAdapter
from .errors import (
    AgentSignedOutError,
    CCGatewayError,
    GatewayConnectionError,
    GatewayError,
    GatewayRedirectError,
    GatewayResponseError,
    MalformedGuidError,
    ResponseTooLargeError,
)
from .events import _BACKOFF_FIRST, _BACKOFF_MAX, _EMPTY_PAUSE, EventStream
from .poll_connection import PollAnswer, PollConnection
from .redact import mask, safe_url

FORCED = "force-signed-out, which released its calls"  # what release_agent() did when it had work to do
JSON_HEADERS = {"Content-Type": "application/json; charset=UTF-8"}
MAX_RESPONSE_SIZE = 1024 * 1024  # bytes; a gateway answer is a few kB (one event per poll)
MAX_JSON_DEPTH = 32  # a gateway answer nests 4 levels; deeper is not a gateway's answer
_CHUNK = 64 * 1024
# A Guid as the gateway issues it ('279fe21d-...AgentGateway0'): visible ASCII, no separator of headers or
# cookies (',' ';' '"' '\\'), at most 256 characters.
_GUID = re.compile(r"[!#-+\--:<-\[\]-~]{1,256}")
_JSON_BODY = json.JSONEncoder(allow_nan=False).encode  # json.dumps(body, allow_nan=False), made once


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
    control: bool = False  # a request of the simulator's control API, not of a gateway interface


class AgentSession:
    """The state of one signed-in agent: its Guid (thread-safe, rotated by any response) and events."""

    def __init__(self, agent_id: str, guid: str, phone_number: str = ""):
        self.agent_id = agent_id
        self.phone_number = phone_number
        self._guid = guid
        self._lock = threading.Condition()  # notified on every rotation (wait_for_rotation)
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
                    self._lock.notify_all()

    def wait_for_rotation(self, seen: int, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds until the Guid has rotated since ``guid_rotations`` was ``seen``;
        whether it has."""
        with self._lock:
            return self._lock.wait_for(lambda: self.guid_rotations != seen, timeout)

    def __repr__(self) -> str:  # never show the Guid in full
        return f"AgentSession(agent_id={self.agent_id!r}, guid={mask(self.guid)})"


def parse_set_guid(value: str | None) -> str | None:
    """``'JSESSIONID=279fe21d-...AgentGateway0'`` -> ``'279fe21d-...AgentGateway0'``.

    Raises ``ValueError`` (saying why, never quoting the value in full) for a value that is not one
    well-formed Guid: control characters, a space inside, two values merged with a comma, or more than
    256 characters. Such a value is never stored, so never sent back."""
    if not value:
        return None
    _, sep, guid = value.partition("=")
    guid = (guid if sep else value).split(";", 1)[0].strip(" ")
    if not guid:
        return None
    if not _GUID.fullmatch(guid):
        if len(guid) > 256:
            why = f"{len(guid)} characters, more than 256"
        elif "," in guid:
            why = "two values merged with a comma"
        elif any(ord(c) < 32 or ord(c) == 127 for c in guid):
            why = "control characters"
        elif " " in guid or "\t" in guid:
            why = "a space inside"
        else:
            why = "characters a Guid does not have"
        raise ValueError(f"{why} ({mask(guid)})")
    return guid


class GatewayClient:
    """Talks to one CC-Gateway at ``url`` (e.g. ``https://10.0.0.5:8043``; ``/agentgateway/resource`` is
    added). ``verify`` is True, False or a CA bundle path. ``timeout`` (seconds) bounds every request;
    event long polls are bounded by ``poll_timeout`` (seconds, default ``timeout`` + 15 s, since the gateway
    holds an empty poll for about 10 s). ``poll_pause`` is the wait after an empty poll (seconds).
    With ``verify=False`` it warns once (``warn_insecure``) instead of urllib3's warning per request.
    ``max_response_size`` (bytes) caps an answer; reading stops there.

    Proxies (``HTTPS_PROXY``, ``NO_PROXY``, ...) and a CA bundle from ``REQUESTS_CA_BUNDLE`` are taken from
    the environment once, here, and never for a loopback address such as the embedded simulator's."""

    def __init__(
        self,
        url: str,
        verify: bool | str = True,
        timeout: float = 10.0,
        poll_timeout: float | None = None,
        poll_pause: float = 0.0,
        warn_insecure: bool = True,
        max_response_size: int = MAX_RESPONSE_SIZE,
    ):
        if not isinstance(url, str) or not url.startswith(("http://", "https://")) or not urlsplit(url).hostname:
            raise ValueError(
                f"Gateway URL {safe_url(url)!r} is not an http:// or https:// URL, e.g. 'https://10.0.0.5:8043'."
            )
        self.url = url.rstrip("/")
        parts = urlsplit(self.url)
        self._origin, self._url_path = f"{parts.scheme}://{parts.netloc}", parts.path  # for the direct polls
        self.shown_url = safe_url(self.url)  # for messages and logs: no credentials
        loopback = _is_loopback(urlsplit(self.url).hostname or "")
        self.proxies = {} if loopback else requests.utils.get_environ_proxies(self.url)
        self.proxy = requests.utils.select_proxy(self.url, self.proxies)  # named when it fails
        self.verify = verify
        self._tls = verify  # what requests checks with; requests' trust_env would read the variables per request
        if verify is True and not loopback:
            self._tls = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True
        self.timeout = float(timeout)
        self.poll_timeout = float(poll_timeout) if poll_timeout else self.timeout + 15.0
        self.poll_pause = float(poll_pause)
        self.poll_backoff: tuple[float, float] = (_BACKOFF_FIRST, _BACKOFF_MAX)  # see set_poller_backoff
        self.empty_poll_pause = _EMPTY_PAUSE
        self.max_response_size = int(max_response_size)
        self._http = self.new_http()
        # The actions' own kept-alive connection (see poll_connection.py), for one thread at a time; checked
        # for a close by the gateway before every reuse, as requests' pool does.
        self._direct = PollConnection(self._http, self._origin, self._tls, idle_check=0.0)
        self._direct_lock = threading.Lock()
        self.agents: dict[str, AgentSession] = {}
        self.listeners: list[Callable[[RequestRecord], None]] = []
        if verify is False:
            _insecure(self.shown_url, warn_insecure)

    def new_http(self) -> requests.Session:
        """An HTTP session with the environment already resolved (``trust_env`` off) and
        the total deadline per request."""
        http = requests.Session()
        http.trust_env = False
        http.proxies = dict(self.proxies)
        adapter = DeadlineAdapter()
        http.mount("https://", adapter)
        http.mount("http://", adapter)
        return http

    # -- requests ---------------------------------------------------------------------------
    def call(
        self,
        interface: api.Interface,
        agent_id: str,
        *,
        body: Any = None,
        params: dict | str | None = None,
        path: dict | None = None,
        session: AgentSession | None = None,
        timeout: float | None = None,
        http: requests.Session | None = None,
        notify: bool = True,
        direct: PollConnection | None = None,
    ) -> dict:
        """Send one request of ``interface`` for ``agent_id`` and return the JSON answer.

        Sends the agent's Guid when ``session`` is given and takes a newer one from ``Set-GUID``.
        Raises :class:`GatewayError` for a retcode other than "0", :class:`GatewayConnectionError` when
        no whole answer came within ``timeout`` seconds (connect, headers and body together),
        :class:`GatewayResponseError` for an answer that is not the documented HTTP 200 JSON (a redirect,
        an answer larger than ``max_response_size``, a malformed ``Set-GUID``, JSON nested too deeply
        included), and :class:`AgentSignedOutError` (a ``GatewayError``, e.g. 100-006), without sending
        anything, once the session's event poll was refused for good. ``direct`` (the event poller's)
        sends a request without query and body on its connection directly, when it can (see
        ``poll_connection.py``), with the same deadline, size cap and checks of the answer.
        """
        request_path = interface.path(agentid=agent_id, **(path or {}))
        if session is not None and session.stream is not None and isinstance(session.stream.ended, GatewayError):
            raise AgentSignedOutError(
                agent_id,
                session.stream.ended,
                _clock(session.stream.ended_at),
                interface.label,
                f"{interface.method} {request_path}",
            )
        guid = session.guid if session is not None and interface.guid else ""
        headers = {**JSON_HEADERS, "Guid": guid} if guid else JSON_HEADERS
        limit = self.timeout if timeout is None else timeout
        started, clock = time.time(), time.perf_counter()
        record = RequestRecord(agent_id, interface.label, interface.method, request_path, "", 0.0, started)
        where = f"{interface.label}: {interface.method} {self.shown_url + request_path}"
        try:
            with Deadline(limit) as deadline:
                try:
                    response, content = self._exchange(
                        http, direct, interface.method, request_path, headers, body, limit, params, where
                    )
                    if deadline.expired:  # the cut socket may read as a short answer: it is none
                        raise requests.exceptions.Timeout()
                except (requests.RequestException, OSError) as error:
                    record.error = "timed out" if deadline.expired else _explain(error, self.proxy)
                    raise GatewayConnectionError(
                        f"{where} got no answer: {record.error} (timeout {limit:g} s)"
                    ) from None
        except CCGatewayError as error:  # no answer, or one too large to read
            record.elapsed_ms = (time.perf_counter() - clock) * 1000
            record.error = record.error or str(error)
            if notify:
                self._notify(record)
            raise
        record.elapsed_ms = (time.perf_counter() - clock) * 1000
        try:
            if session is not None:
                self._take_guid(session, response, where)
            answer = self._parse(where, response, content)
        except GatewayResponseError as error:
            record.error = str(error)
            if notify:
                self._notify(record)
            raise
        record.retcode = answer["retcode"]
        if notify:
            self._notify(record)
        if record.retcode != "0":
            raise GatewayError(
                record.retcode,
                meaning_of(record.retcode),
                interface.label,
                f"{interface.method} {request_path}",
                str(answer.get("message", "")),
                simulator_detail(answer),
            )
        return answer

    def _exchange(
        self,
        http: requests.Session | None,
        direct: PollConnection | None,
        method: str,
        request_path: str,
        headers: dict,
        body: Any,
        limit: float,
        params: dict | str | None,
        where: str,
    ) -> tuple[requests.Response, bytes]:
        """Send one request and read its answer (capped): on ``direct``, or without ``http`` on the client's
        own action connection, when it can (see ``poll_connection.py``: no proxy, no cookie to send, the
        library's own transport adapter, not in use by another thread), otherwise through requests'
        transport adapter of ``http`` (default: the client's session)."""
        lock = None
        if direct is None and http is None and self._direct_lock.acquire(blocking=False):
            lock = self._direct_lock
            if self._direct.session is not self._http:  # the session was replaced (tests do)
                self._direct.close()
                self._direct = PollConnection(self._http, self._origin, self._tls, idle_check=0.0)
            direct = self._direct
        try:
            if direct is not None and direct.usable():
                response = self._send_direct(direct, method, request_path, headers, body, limit, params)
            else:
                response = self._send(http or self._http, method, self.url + request_path, headers, body, limit, params)
            return response, self._read(response, where)
        finally:
            if lock is not None:
                lock.release()

    def _send(
        self,
        http: requests.Session,
        method: str,
        url: str,
        headers: dict,
        body: Any,
        limit: float,
        params: dict | str | None = None,
    ) -> requests.Response:
        """One request through the session's transport adapter (requests' own: pools, TLS, proxies, its
        exceptions and Response), prepared here rather than by ``Session.request``: with the environment
        resolved once at construction there is nothing to merge per request, and the merging, hooks and
        redirect bookkeeping cost more CPU than the loopback round trip itself (bench/call_cycle.py).
        Sends what ``Session.request`` would: the session's default headers, its cookies, the JSON body;
        keeps cookies the answer sets; never follows a redirect."""
        prepared = requests.PreparedRequest()
        prepared.method = method
        # a query given as text is sent as written, as requests does (resetskill's "skillid=1;2")
        query = params if isinstance(params, str) else urlencode(params, doseq=True) if params else ""
        prepared.url = requote_uri(f"{url}?{query}" if query else url)
        prepared.headers = CaseInsensitiveDict(http.headers)
        prepared.headers.update(headers)
        if body is not None:
            prepared.body = _JSON_BODY(body).encode("utf-8")
            prepared.headers["Content-Length"] = str(len(prepared.body))
        else:
            prepared.body = None
            if method not in ("GET", "HEAD"):
                prepared.headers["Content-Length"] = "0"
        if http.cookies:  # a load balancer's affinity cookie, say: sent back as Session.request would
            prepared.prepare_cookies(http.cookies.copy())
        else:
            prepared._cookies = RequestsCookieJar()  # where requests' redirect handling would put new ones
        prepared.hooks = {"response": []}
        response = http.get_adapter(prepared.url).send(
            prepared, stream=True, timeout=limit, verify=self._tls, proxies=http.proxies
        )
        if "Set-Cookie" in response.headers:  # kept in the session's jar, as Session.send would
            extract_cookies_to_jar(http.cookies, prepared, response.raw)
        return response

    def _send_direct(
        self,
        direct: PollConnection,
        method: str,
        request_path: str,
        headers: dict,
        body: Any,
        limit: float,
        params: dict | str | None = None,
    ) -> requests.Response:
        """``_send`` on a kept-alive connection directly (urllib3's, opened by the session's transport
        adapter): the same request line, headers and body on the wire, without requests' per-request layers
        (about a third of the CPU of an action, bench/call_cycle.py)."""
        query = params if isinstance(params, str) else urlencode(params, doseq=True) if params else ""
        target = (
            requote_uri(f"{self._url_path}{request_path}?{query}") if query else _quoted(self._url_path + request_path)
        )
        payload = None if body is None else _JSON_BODY(body).encode("utf-8")
        if payload is not None:
            headers = {**headers, "Content-Length": str(len(payload))}
        elif method not in ("GET", "HEAD"):
            headers = {**headers, "Content-Length": "0"}
        answer = direct.request(method, target, headers, payload, limit)
        if "Set-Cookie" in answer.headers:  # kept in the session's jar; later requests go through requests
            prepared = requests.Request(method, self.url + request_path).prepare()
            extract_cookies_to_jar(direct.session.cookies, prepared, answer.raw)
        return answer  # type: ignore[return-value]  # the part of a Response that _read and _parse use

    def _read(self, response: requests.Response, where: str) -> bytes:
        """The body, read in chunks and never beyond ``max_response_size`` (an endless body included)."""
        cap = self.max_response_size
        try:
            declared = int(response.headers.get("Content-Length") or 0)
        except ValueError:
            declared = 0
        chunks, size = [], 0
        if declared <= cap:
            whole = response.read_declared(cap) if isinstance(response, PollAnswer) else None
            if whole is not None:
                return whole
            for chunk in response.iter_content(_CHUNK):
                size += len(chunk)
                if size > cap:
                    break
                chunks.append(chunk)
        if declared > cap or size > cap:
            response.close()  # the connection is dropped, not read to its end
            raise ResponseTooLargeError(
                f"{where} answered more than {_size(cap)} ({_size(max(declared, size))} or more); the library "
                "reads at most max_response_size of an answer (import argument)"
            )
        return b"".join(chunks)

    def _take_guid(self, session: AgentSession, response: requests.Response, where: str) -> None:
        try:
            session.update_guid(response.headers.get("Set-GUID"))
        except ValueError as error:
            raise MalformedGuidError(
                f"{where} answered a malformed Set-GUID header: {error}; it was not taken and is never sent back"
            ) from None

    def _parse(self, where: str, response: requests.Response, content: bytes) -> dict:
        if response.is_redirect or 300 <= response.status_code < 400:
            target = safe_url(response.headers.get("Location") or "nowhere")[:120]
            raise GatewayRedirectError(
                f"{where} answered HTTP {response.status_code} {response.reason}, a redirect to {target!r}; "
                "the library follows no redirect, since it would send the password or the Guid there"
            )
        if response.status_code != 200:
            raise GatewayResponseError(
                f"{where} answered HTTP {response.status_code} {response.reason}; "
                "the gateway answers HTTP 200 with a retcode"
            )
        try:
            answer = json.loads(content)
        except RecursionError:
            answer = None
            nested = True
        except ValueError:
            text = content[:80].decode("utf-8", "replace")
            raise GatewayResponseError(f"{where} answered with a body that is not JSON: {text!r}") from None
        else:  # nesting needs an opening bracket per level: an answer with few brackets is not walked
            nested = content.count(b"{") + content.count(b"[") > MAX_JSON_DEPTH and _too_deep(answer)
        if nested:
            raise GatewayResponseError(
                f"{where} answered JSON nested more than {MAX_JSON_DEPTH} levels deep, "
                "which no gateway answer is; it was not used"
            )
        if not isinstance(answer, dict) or not isinstance(answer.get("retcode"), str):
            raise GatewayResponseError(f"{where} answered JSON without a string 'retcode': {str(answer)[:80]}")
        return answer

    def _notify(self, record: RequestRecord) -> None:
        for listener in self.listeners:
            listener(record)

    # -- agents -----------------------------------------------------------------------------
    def sign_in(self, agent_id: str, body: dict, force: bool = False) -> tuple[AgentSession, dict]:
        """Sign the agent in, keep its Guid, start its event stream. Returns the session and ``result``.

        A refused sign-in (e.g. 100-002, already signed in) leaves the agent's existing session as it was:
        its Guid, its event stream and its clean-up. Only an accepted one replaces it."""
        interface = api.FORCE_SIGN_IN if force else api.SIGN_IN
        started = time.time()
        answer, guid = self._sign_in_request(interface, agent_id, body)
        answered = time.time()
        previous = self.agents.pop(agent_id, None)
        if previous and previous.stream:
            previous.stream.stop()
        session = AgentSession(agent_id, guid, str(body.get("phonenum") or ""))
        session.stream = self._stream(session)
        session.stream.mark_step(interface.label, started)  # the sign-in is the stream's first step
        result = answer.get("result") or {}
        if isinstance(result, dict):  # loginTime (reference §3.1): the gateway's clock before any event
            session.stream.learn_clock(result.get("loginTime"), answered)
        self.agents[agent_id] = session
        session.stream.start()
        return session, result

    def _sign_in_request(self, interface: api.Interface, agent_id: str, body: dict) -> tuple[dict, str]:
        holder = AgentSession(agent_id, "")  # no Guid to send yet; catches the response's Set-GUID
        answer = self.call(interface, agent_id, body=body, session=holder)
        if not holder.guid:
            raise GatewayResponseError(
                f"{interface.label}: {interface.method} {self.shown_url + interface.path(agentid=agent_id)} "
                "accepted the sign-in but sent no Set-GUID header, so later requests cannot authenticate"
            )
        return answer, holder.guid

    def _stream(self, session: AgentSession) -> EventStream:
        http = self.new_http()  # one connection per poller thread; requests.Session is not thread-safe
        direct = PollConnection(http, self._origin, self._tls)  # the hot path: see poll_connection.py

        def fetch() -> dict | None:
            answer = self.call(
                api.AGENT_EVENT,
                session.agent_id,
                session=session,
                timeout=self.poll_timeout,
                http=http,
                notify=False,
                direct=direct,
            )
            event = answer.get("event")
            if event in (None, "", {}):
                return None
            if not isinstance(event, dict):  # not an event: noted by the poller, never dropped silently
                raise GatewayResponseError(
                    f"Event poll for agent {session.agent_id}: the answer's 'event' is not a JSON object "
                    f"but {type(event).__name__} {str(event)[:80]!r}; it was not used"
                )
            return event

        return EventStream(
            session.agent_id,
            fetch,
            self.poll_pause,
            on_exit=lambda: _close_all(direct, http),
            backoff=self.poll_backoff,
            empty_pause=self.empty_poll_pause,
        )

    def set_poller_backoff(self, first: float, maximum: float, empty_pause: float) -> None:
        """How every event poller of this client, running or started later, paces itself: the wait before
        retrying a failed poll (``first``, doubling up to ``maximum`` seconds) and after an empty poll the
        gateway answered at once (``empty_pause`` seconds)."""
        self.poll_backoff, self.empty_poll_pause = (first, maximum), empty_pause
        for session in list(self.agents.values()):
            if session.stream is not None:
                session.stream.backoff, session.stream.empty_pause = self.poll_backoff, empty_pause

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

    def release_agents(self, agent_ids: list[str]) -> dict[str, str | None]:
        """:meth:`release_agent` for several agents at once, in parallel, within twice the timeout in
        total however many there are (a dead gateway must not hold a clean-up for agents x timeout).
        Returns each agent's outcome, in the order given."""
        if len(agent_ids) <= 1:
            return {agent_id: self.release_agent(agent_id) for agent_id in agent_ids}
        until = time.monotonic() + 2 * self.timeout
        with ThreadPoolExecutor(max_workers=min(16, len(agent_ids)), thread_name_prefix="ccgw-release") as pool:
            outcomes = list(pool.map(lambda agent_id: self.release_agent(agent_id, until=until), agent_ids))
        return dict(zip(agent_ids, outcomes))

    def release_agent(self, agent_id: str, until: float | None = None) -> str | None:
        """Clean-up: force-sign the agent out (releasing its calls) and forget it, whatever happens.
        ``until`` (``time.monotonic()``) bounds the request, for a clean-up of many agents.

        Returns ``None`` when the gateway had already signed it out (nothing left there), ``FORCED`` when
        the force sign-out released it, or ``"sign-out failed: <why>"``; never raises for the gateway."""
        session = self.agents.get(agent_id)
        try:
            if session is not None and session.stream is not None and session.stream.ended is not None:
                return None  # its event poll was refused for good: the gateway holds nothing of it
            limit = self.timeout if until is None else min(self.timeout, until - time.monotonic())
            if limit <= 0:
                return (
                    f"sign-out not sent: the clean-up took {2 * self.timeout:g} s (twice the timeout) "
                    "without reaching it"
                )
            http = None if until is None else self.new_http()  # a thread of its own: a session of its own
            try:
                self.call(api.FORCE_SIGN_OUT, agent_id, session=session, timeout=limit, http=http)
            finally:
                if http is not None:
                    http.close()
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
        with self._direct_lock:
            self._direct.close()
        self._http.close()

    # -- simulator control API ---------------------------------------------------------------
    def control(self, entry: Control, label: str, body: Any = None, **params: object) -> Any:
        """Send one request of the bundled simulator's control API (a row of ``control.ALL``, its
        placeholders from ``params``) and return ``result``; listeners get its :class:`RequestRecord`.
        Raises :class:`SimulatorOnlyError` when the server at ``url`` is not the simulator."""
        from .errors import SimulatorOnlyError

        method, path = entry.method, entry.path(**params)
        url = self.url + path
        where = f"{label}: {method} {self.shown_url}{path}"
        started, clock = time.time(), time.perf_counter()
        record = RequestRecord("", label, method, path, "", 0.0, started, control=True)
        try:
            with Deadline(self.timeout) as deadline:
                try:
                    headers = JSON_HEADERS if body is not None else {}
                    response, content = self._exchange(
                        None, None, method, path, headers, body, self.timeout, None, where
                    )
                    if deadline.expired:
                        raise requests.exceptions.Timeout()
                except (requests.RequestException, OSError) as error:
                    record.error = "timed out" if deadline.expired else _explain(error, self.proxy)
                    raise GatewayConnectionError(
                        f"{where} got no answer: {record.error} (timeout {self.timeout:g} s)"
                    ) from None
                finally:
                    record.elapsed_ms = (time.perf_counter() - clock) * 1000
            try:
                answer = json.loads(content)
            except (ValueError, RecursionError):
                answer = None
            if response.status_code == 404 or not isinstance(answer, dict) or "retcode" not in answer:
                record.error = "not the simulator"
                raise SimulatorOnlyError(
                    f"{label} works only with the bundled CC-Gateway simulator; {self.shown_url} did not answer "
                    f"its control API ({method} {safe_url(url)}: HTTP {response.status_code})."
                )
            record.retcode = str(answer.get("retcode"))
            if record.retcode != "0":
                raise GatewayError(
                    record.retcode,
                    str(answer.get("message") or meaning_of(record.retcode)),
                    label,
                    f"{method} {safe_url(url)}",
                )
            return answer.get("result")
        finally:
            self._notify(record)


def simulator_detail(answer: dict) -> str:
    """The bundled simulator's explanation of a refusal (its own field ``simulatorDetail``), at most 200
    characters; empty for a real gateway, whose ``message`` is never presented as an explanation."""
    detail = answer.get(SIMULATOR_DETAIL)
    return detail[:200] if isinstance(detail, str) else ""


def _close_all(*closable: PollConnection | requests.Session) -> None:
    for item in closable:
        item.close()


@functools.lru_cache(maxsize=256)
def _quoted(path: str) -> str:
    """``requote_uri(path)``, remembered: a poller sends the same path again and again."""
    return requote_uri(path)


def _clock(epoch: float | None) -> str:
    return time.strftime("%H:%M:%S", time.localtime(epoch)) if epoch else "an unknown time"


def _insecure(url: str, warn: bool) -> None:
    """verify=False: silence urllib3's warning per request to this host; warn once instead."""
    host = urlsplit(url).hostname or ""
    warnings.filterwarnings(
        "ignore",
        message=f"Unverified HTTPS request is being made to host '{re.escape(host)}'",
        category=InsecureRequestWarning,
    )
    if warn:
        warnings.warn(
            f"TLS certificate verification is off for {url} (verify=False): the gateway's identity is not checked.",
            InsecureRequestWarning,
            stacklevel=3,
        )


def _is_loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost.localdomain") or host.lower().endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _size(size: int) -> str:
    return f"{size / 1048576:g} MB" if size >= 1048576 else f"{size / 1024:g} kB" if size >= 1024 else f"{size} bytes"


def _too_deep(value: Any) -> bool:
    """Nesting deeper than MAX_JSON_DEPTH, checked without recursion (so it cannot overflow itself)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            if depth > MAX_JSON_DEPTH:
                return True
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return False


def _explain(error: BaseException, proxy: str | None = None) -> str:
    if isinstance(error, requests.exceptions.ProxyError):
        return f"the proxy {safe_url(proxy or '(unknown)')} failed (proxies come from HTTPS_PROXY/HTTP_PROXY): {str(error)[:160]}"
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
    if isinstance(error, requests.exceptions.InvalidHeader):
        return f"the request could not be sent: {str(error)[:160]}"
    return f"the request failed: {str(error)[:160]}"
