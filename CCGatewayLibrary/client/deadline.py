"""A total deadline per request: connect, headers and body together end within the timeout.

Why: urllib3's timeouts bound each socket operation, so a server that trickles a header line or a body
byte every 0.5 s passes any per-read timeout for ever. Here one watchdog thread keeps the deadlines of
the requests in flight and, when one passes, shuts its socket down, which ends a blocked read at once;
the caller then sees ``expired`` and reports the timeout. ``DeadlineAdapter`` is requests' own adapter
with connection classes that hand their socket to the calling thread's deadline.
"""

from __future__ import annotations

import heapq
import itertools
import socket
import threading
import time

from requests.adapters import HTTPAdapter
from urllib3 import ProxyManager
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

_current = threading.local()  # the deadline of the request this thread is making


class Deadline:
    """``with Deadline(seconds) as deadline:`` bounds every request the block makes, in total."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.at = time.monotonic() + seconds
        self.expired = False
        self.active = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()

    def remaining(self) -> float:
        return max(0.0, self.at - time.monotonic())

    def attach(self, sock: socket.socket) -> None:
        with self._lock:
            if not self.expired:
                self._sockets.append(sock)
                return
        _shut(sock)

    def expire(self) -> None:
        with self._lock:
            self.expired = True
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            _shut(sock)

    def __enter__(self) -> Deadline:
        self._outer = getattr(_current, "deadline", None)
        _current.deadline = self
        _WATCHDOG.add(self)
        return self

    def __exit__(self, *exc: object) -> None:
        _current.deadline = self._outer
        self.active = False  # the watchdog drops it lazily
        with self._lock:
            self._sockets = []


def _shut(sock: socket.socket) -> None:
    try:  # the plain socket's shutdown: an SSLSocket's own would drop its TLS state under the reader
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass


class _Watchdog:
    """One daemon thread for all deadlines (a timer thread per request would cost a thread each)."""

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, Deadline]] = []
        self._cond = threading.Condition()
        self._ids = itertools.count()
        self._thread: threading.Thread | None = None

    def add(self, deadline: Deadline) -> None:
        with self._cond:
            deadline.active = True
            if len(self._heap) > 4096:  # finished requests are dropped lazily; prune now and then
                self._heap = [item for item in self._heap if item[2].active]
                heapq.heapify(self._heap)
            # The watchdog sleeps until the earliest deadline in the heap (finished ones included, dropped
            # when it wakes): only an earlier one needs to wake it. Waking it for every request cost a
            # thread switch per request (bench/call_cycle.py).
            wake = not self._heap or deadline.at < self._heap[0][0]
            heapq.heappush(self._heap, (deadline.at, next(self._ids), deadline))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="ccgw-deadlines", daemon=True)
                self._thread.start()
            if wake:
                self._cond.notify()

    def _run(self) -> None:
        while True:
            with self._cond:
                while self._heap and not self._heap[0][2].active:
                    heapq.heappop(self._heap)
                if not self._heap:
                    self._cond.wait()
                    continue
                delay = self._heap[0][0] - time.monotonic()
                if delay > 0:
                    self._cond.wait(delay)
                    continue
                deadline = heapq.heappop(self._heap)[2]
            if deadline.active:
                deadline.expire()


_WATCHDOG = _Watchdog()


class _Watched:
    def getresponse(self, *args, **kwargs):  # the request is sent: from here on, the reads may trickle
        deadline = getattr(_current, "deadline", None)
        if deadline is not None and self.sock is not None:
            deadline.attach(self.sock)
        return super().getresponse(*args, **kwargs)


class _HTTPConnection(_Watched, HTTPConnection):
    pass


class _HTTPSConnection(_Watched, HTTPSConnection):
    pass


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


_POOLS = {"http": _HTTPPool, "https": _HTTPSPool}


class DeadlineAdapter(HTTPAdapter):
    """requests' HTTPAdapter whose connections are bounded by the calling thread's :class:`Deadline`.

    It also remembers, per gateway, what requests works out afresh for every request from the same
    inputs: the connection pool's key (``verify`` a CA bundle path: a ``stat`` of it) and the CA bundle
    check (two more ``stat`` calls); under load those three system calls cost more than the loopback
    round trip (bench/call_cycle.py). A CA bundle removed while the library runs then fails at the next
    TLS handshake instead of before the request."""

    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _POOLS
        self._pool_keys: dict[tuple, tuple[dict, dict]] = {}

    def build_connection_pool_key_attributes(self, request, verify, cert=None):
        origin = request.url.split("/", 3)[:3]  # scheme, '', host:port
        key = (origin[0], origin[-1], verify if isinstance(verify, (bool, str)) else repr(verify), repr(cert))
        found = self._pool_keys.get(key)
        if found is None:
            found = super().build_connection_pool_key_attributes(request, verify, cert)
            if len(self._pool_keys) < 64:
                self._pool_keys[key] = found
        return dict(found[0]), dict(found[1])  # copies: urllib3 may add to them

    def cert_verify(self, conn, url, verify, cert) -> None:
        checked = (verify, cert, url[:5].lower() == "https")
        if getattr(conn, "_ccgw_checked", None) == checked:
            return  # the pool already carries the settings this check would set again
        super().cert_verify(conn, url, verify, cert)
        conn._ccgw_checked = checked

    def proxy_manager_for(self, proxy, **proxy_kwargs):
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if type(manager) is ProxyManager:  # not a SOCKS manager, which has pool classes of its own
            manager.pool_classes_by_scheme = _POOLS
        return manager
