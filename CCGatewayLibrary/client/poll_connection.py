"""Kept-alive connections used through urllib3 (requests' transport) directly: the event poller's own, and
the client's own for its actions and control calls (one thread at a time).

Why: an event poll is the hot path of every wait. The gateway hands out one event per poll, so an event
queued fourth in a burst waits for four poll round trips, and with the embedded simulator in the same
process the client's work per poll is part of every one of them. Directly, a poll skips requests'
session and adapter layers (0.61 -> 0.52 ms of CPU per request against a simulator in its own process)
and the ``poll()`` system call urllib3's pool makes per request to check the idle connection: with the
simulator in the same process every system call let another thread take the interpreter lock first, and
the two halves of a poll round trip went from 0.8 to 0.45 ms each (a trace of bench/event_latency.py's
cycle through the Python API). An idle poll connection is checked only after a second without a poll;
the actions' connection before every reuse (``idle_check=0``), as requests' pool does, since an action,
unlike a poll, is not retried. An action through requests' adapter cost about a third more CPU than
directly (urlopen, its pool, retries and ``Response``: bench/call_cycle.py).

What stays as through ``requests``: the connection comes from the session's own ``requests`` transport
adapter (``DeadlineAdapter``), so it has the same TLS settings (verification, CA bundle, host name
check) and the same total deadline per request; the request carries the session's default headers and
the same framing (``Content-Length``) and body; the answer is decoded as requests decodes it, and a
failure is the exception requests raises for it (so messages name it the same way). The caller reads
the answer with its size cap and refuses redirects as for any answer. Not used through a proxy, once the
gateway has set a cookie on the session, or when another transport adapter is mounted on it: those
requests go through ``requests`` as before.
"""

from __future__ import annotations

import http.client
import ssl
import time
from typing import Iterator

import requests
from urllib3.connection import HTTPConnection
from urllib3.exceptions import ConnectTimeoutError, DecodeError, NewConnectionError, ProtocolError, ReadTimeoutError
from urllib3.exceptions import HTTPError as _Urllib3Error
from urllib3.exceptions import SSLError as _Urllib3SSLError

from .deadline import DeadlineAdapter

_IDLE_CHECK = 1.0  # seconds: a connection idle longer is checked for a server's close before it is reused


class PollAnswer:
    """The part of ``requests.Response`` the client reads from an answer: status, reason, headers, raw,
    (case-insensitive), redirect or not, the body in chunks (decoded as requests decodes it)."""

    __slots__ = ("_raw", "headers", "reason", "status_code")

    def __init__(self, raw) -> None:
        self._raw = raw
        self.status_code: int = raw.status
        self.reason: str = raw.reason or ""
        self.headers = raw.headers  # urllib3's HTTPHeaderDict: case-insensitive

    @property
    def raw(self):
        """urllib3's response, as ``requests.Response.raw``."""
        return self._raw

    @property
    def is_redirect(self) -> bool:
        return "location" in self.headers and self.status_code in requests.sessions.REDIRECT_STATI

    def iter_content(self, chunk_size: int) -> Iterator[bytes]:
        try:
            yield from self._raw.stream(chunk_size, decode_content=True)
        except (_Urllib3Error, http.client.HTTPException, OSError) as error:
            raise _as_body_error(error) from None

    def read_declared(self, cap: int) -> bytes | None:
        """The whole body in one read where that reads the same as ``iter_content``: its length declared and
        at most ``cap``, nothing to decode (no ``Content-Encoding``, no ``Transfer-Encoding``); ``None``
        otherwise. A third of the CPU of ``iter_content``'s two generators for a short answer."""
        headers = self.headers
        length = headers.get("content-length")
        if not length or not length.isdigit() or int(length) > cap:
            return None
        if "content-encoding" in headers or "transfer-encoding" in headers:
            return None
        try:
            return self._raw.read(decode_content=True)
        except (_Urllib3Error, http.client.HTTPException, OSError) as error:
            raise _as_body_error(error) from None

    def close(self) -> None:
        """Drop the connection without reading the rest of the answer."""
        self._raw.close()
        conn = self._raw.connection
        if conn is not None:
            conn.close()


class PollConnection:
    """One keep-alive connection to the gateway for one thread at a time (not thread-safe, like
    ``requests.Session``). ``request(method, path, headers, body, timeout)`` (``get`` for a poll) sends a
    request and returns a :class:`PollAnswer` once its headers arrived; the caller reads the body before
    the next request."""

    def __init__(self, http: requests.Session, origin: str, verify: bool | str, idle_check: float = _IDLE_CHECK):
        self.session = self._http = http
        self._idle_check = idle_check  # seconds idle after which the connection is checked before reuse
        self._origin = origin  # scheme://host:port
        self._verify = verify
        self._conn: HTTPConnection | None = None
        self._last: PollAnswer | None = None
        self._used = 0.0  # time.monotonic() of the last answer

    def usable(self) -> bool:
        """Whether a poll may go this way: no proxy, no cookie to send, and the session's transport is the
        library's own adapter (not one mounted instead of it); otherwise it goes through requests."""
        http = self._http
        return not http.proxies and not http.cookies and type(http.get_adapter(self._origin)) is DeadlineAdapter

    def _connection(self, timeout: float) -> HTTPConnection:
        conn = self._conn
        if conn is not None:
            last, self._last = self._last, None
            if last is not None and not last._raw.closed:  # the last body was not read to its end
                conn.close()
            elif conn.sock is not None and time.monotonic() - self._used >= self._idle_check and not conn.is_connected:
                conn.close()  # the server closed it while idle; requests' pool checks this on every request
        else:
            # A connection exactly as the poller's requests adapter would open: its pool's TLS settings
            # (CA bundle, verification, host name) and its connection class with the total deadline.
            request = requests.Request("GET", self._origin + "/").prepare()
            adapter = self._http.get_adapter(self._origin)
            assert isinstance(adapter, DeadlineAdapter)  # usable() said so
            pool = adapter.get_connection_with_tls_context(request, self._verify, proxies={})
            adapter.cert_verify(pool, self._origin, self._verify, None)
            made = pool._new_conn()
            assert isinstance(made, HTTPConnection)  # the pool's ConnectionCls (deadline.py) is one
            conn = self._conn = made
        conn.timeout = timeout
        return conn

    def get(self, path: str, headers: dict[str, str], timeout: float) -> PollAnswer:
        return self.request("GET", path, headers, None, timeout)

    def request(
        self, method: str, path: str, headers: dict[str, str], body: bytes | None, timeout: float
    ) -> PollAnswer:
        """Send ``method path`` (path and query, quoted) with the session's default headers, ``headers``
        (the framing ones, ``Content-Length``, included) and ``body``; the answer once its headers arrived."""
        try:
            conn = self._connection(timeout)
            conn.request(method, path, body=body, headers={**self._http.headers, **headers}, preload_content=False)
            answer = self._last = PollAnswer(conn.getresponse())
        except (_Urllib3Error, http.client.HTTPException, OSError) as error:
            self.close()
            raise _as_requests_error(error) from None
        except BaseException:
            self.close()
            raise
        self._used = time.monotonic()
        return answer

    def close(self) -> None:
        conn, self._conn, self._last = self._conn, None, None
        if conn is not None:
            conn.close()


def _as_requests_error(error: BaseException) -> requests.RequestException:
    """The exception requests' adapter raises for the same failure, so messages name it the same way."""
    if isinstance(error, (ssl.SSLError, _Urllib3SSLError, ssl.CertificateError)):
        return requests.exceptions.SSLError(error)
    if isinstance(error, ConnectTimeoutError) and not isinstance(error, NewConnectionError):
        return requests.exceptions.ConnectTimeout(error)
    if isinstance(error, (ReadTimeoutError, TimeoutError)):
        return requests.exceptions.ReadTimeout(error)
    if isinstance(error, _Urllib3Error):  # e.g. NewConnectionError (refused), ProtocolError
        return requests.exceptions.ConnectionError(error)
    return requests.exceptions.ConnectionError(ProtocolError("Connection aborted.", error))  # as urllib3's pool says it


def _as_body_error(error: BaseException) -> requests.RequestException:
    """The exception ``requests.Response.iter_content`` raises for the same failure while reading a body."""
    if isinstance(error, ProtocolError):  # e.g. a body cut short: IncompleteRead
        return requests.exceptions.ChunkedEncodingError(error)
    if isinstance(error, DecodeError):
        return requests.exceptions.ContentDecodingError(error)
    if isinstance(error, ReadTimeoutError):
        return requests.exceptions.ConnectionError(error)
    if isinstance(error, _Urllib3SSLError):
        return requests.exceptions.SSLError(error)
    return _as_requests_error(error)
