"""Run the simulator app with uvicorn in a daemon thread: ``SimulatorServer().start()`` returns its URL.

The socket is bound before the thread starts, so port 0 yields a free port without a race, and
``start()`` returns only once uvicorn is serving. With TLS (the default, like the real gateway's HTTPS
port 8043) a throw-away CA from trustme signs a certificate for 127.0.0.1, localhost and ::1; clients
verify against ``ca_bundle``. Several servers may run at once, and each may be started again after
``stop()``; the model (``.model``) lives as long as the server object. While the server runs, the model
belongs to its event-loop thread: change it through the control API or ``call()``, not directly.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import shutil
import socket
import tempfile
import threading
import time

import uvicorn
from starlette.applications import Starlette

from .app import create_app
from .model import GatewayModel

log = logging.getLogger("CCGatewayLibrary.simulator")

try:  # uvicorn's C parser: about a quarter less simulator CPU than h11 (bench/capacity.py --compare)
    import httptools  # noqa: F401

    HTTP_PARSER = "httptools"
except ImportError:  # pragma: no cover - a dependency; h11 still works
    HTTP_PARSER = "h11"

_START_TIMEOUT = 10.0
_STOP_TIMEOUT = 5.0
_GRACE = 0.05  # for answers in flight when stopping (waiting polls are answered at once); then cut


def _abort_connections(server: uvicorn.Server) -> None:
    for connection in list(server.server_state.connections):
        transport = getattr(connection, "transport", None)
        if transport is not None:
            transport.abort()


def _answering(server: uvicorn.Server) -> bool:
    """A request is being served, or an answer is not yet handed to the socket."""
    if server.server_state.tasks:
        return True
    for connection in server.server_state.connections:
        transport = getattr(connection, "transport", None)
        if transport is not None and not transport.is_closing() and transport.get_write_buffer_size():
            return True
    return False


async def _serve_until(server: uvicorn.Server, sockets: list[socket.socket], stopping: asyncio.Event) -> None:
    """uvicorn's ``Server.serve`` without its clock: that one looks for ``should_exit`` every 0.1 s and
    then waits 0.1 s more for connections, so every stop cost 0.2 s (each pabot process and each test
    with a simulator of its own pays it). Here the stop is an event: the listener closes, idle
    keep-alive connections close at once, answers in flight get ``_GRACE``, and the rest are cut."""
    config = server.config
    if not config.loaded:
        config.load()
    server.lifespan = config.lifespan_class(config)
    await server.startup(sockets=sockets)
    if server.should_exit:  # startup failed (logged by uvicorn)
        return
    await stopping.wait()
    for listener in server.servers:
        listener.close()
    for connection in list(server.server_state.connections):
        connection.shutdown()  # no keep-alive after the answer in flight
    loop = asyncio.get_running_loop()
    deadline = loop.time() + _GRACE
    while _answering(server) and loop.time() < deadline:
        await asyncio.sleep(0.005)
    _abort_connections(server)  # idle now: a TLS close would wait for the client's close_notify
    for task in list(server.server_state.tasks):
        task.cancel()
    await asyncio.sleep(0)  # let the aborted transports report connection_lost


def _freeze_long_lived() -> None:
    """Collect once, then freeze the survivors (they live as long as the process), and do so again after
    every full collection: what survives one is long-lived too (agents signed in, their sessions).
    Garbage that is not in a reference cycle is still freed at once; a cycle that dies while frozen is
    kept, which for a simulator process is a few objects per signed-out agent."""
    gc.collect()
    gc.freeze()
    if _freeze_after_full not in gc.callbacks:
        gc.callbacks.append(_freeze_after_full)


def _freeze_after_full(phase: str, info: dict) -> None:
    if phase == "stop" and info.get("generation") == 2:
        gc.freeze()


def _url_host(host: str) -> str:
    if host in ("", "0.0.0.0"):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


def load_directory(source) -> dict:
    """An agent directory from a dict or the path of a JSON file (agent ID -> password, phones, skills)."""
    if isinstance(source, (str, os.PathLike)):
        import json

        with open(source, encoding="utf-8") as file:
            data = json.load(file)
        # a file may wrap the directory as {"agents": {...}} next to a "_comment"
        return data["agents"] if isinstance(data, dict) and isinstance(data.get("agents"), dict) else data
    return source


class SimulatorServer:
    """A CC-Gateway simulator on ``host``:``port`` (0 = a free port).

    ``http_parser`` is uvicorn's HTTP implementation; ``freeze_gc`` (set by the command line and the
    benchmarks, where the simulator has a process of its own) moves everything alive once serving out of
    the garbage collector's reach, and again after each full collection, so a full collection no longer
    walks the long-lived objects (100-230 ms pauses of the event loop with thousands of agents)."""

    http_parser: str = HTTP_PARSER
    event_loop: str = "asyncio"  # "uvloop" (if installed): measured in bench/capacity.py --loop, not adopted
    freeze_gc: bool = False

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        tls: bool = True,
        poll_wait: float = 10.0,
        guid_rotation: float | None = None,
        model: GatewayModel | None = None,
        idle_timeout: float | None = None,
        *,
        auth_mode: int | None = None,
        guid_interval: float | None = None,
        guid_timeout: float | None = None,
        directory: dict | str | None = None,
        ring_timeout: float | None = None,
    ):
        """``None`` keeps the model's documented defaults: dynamic authentication (``auth_mode`` 2) with
        a new Guid every ``guid_interval`` 60 s that expires ``guid_timeout`` 120 s after its issue,
        ``idle_timeout`` 120 s (0: never), ``ring_timeout`` 30 s (0: never), no agent ``directory``
        (lenient sign-in; a dict or the path of a JSON file makes it strict)."""
        self.host, self.port, self.tls, self.poll_wait = host, port, tls, poll_wait
        self.model = model if model is not None else GatewayModel()
        if guid_rotation is not None:
            self.model.guid_rotation = guid_rotation
        if auth_mode is not None or guid_interval is not None or guid_timeout is not None:
            m = self.model
            self.model.set_authentication(
                auth_mode or m.auth_mode, guid_interval or m.guid_interval, guid_timeout or m.guid_timeout
            )
        if idle_timeout is not None:  # None keeps the model's (120 s); 0 turns idle sign-out off
            self.model.idle_timeout = float(idle_timeout) or None
        if ring_timeout is not None:
            self.model.ring_timeout = float(ring_timeout) or None
        if directory is not None:
            self.model.set_directory(load_directory(directory))
        self.url: str | None = None
        self.ca_bundle: str | None = None
        self._thread: threading.Thread | None = None
        self._server: uvicorn.Server | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._app: Starlette | None = None
        self._tmpdir: str | None = None
        self._stopping: asyncio.Event | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self) -> str:
        """Start serving in a background thread; returns the URL (e.g. ``https://127.0.0.1:43121``)."""
        if self._thread is not None:
            raise RuntimeError(f"the simulator is already running at {self.url}")
        sock = self._bind()
        try:
            tls_files = self._make_tls() if self.tls else {}
            app = self._app = create_app(self.model, self.poll_wait)
            config = uvicorn.Config(
                app,
                lifespan="off",
                access_log=False,
                log_level="warning",
                log_config=None,
                timeout_graceful_shutdown=2,
                backlog=2048,
                http=self.http_parser,
                proxy_headers=False,  # no proxy in front: its per-request layer would only cost
                # keep connections at least as long as a long poll, so pollers do not reconnect (TLS) each time
                timeout_keep_alive=max(5, int(self.poll_wait) + 5),
                **tls_files,
            )
            server = uvicorn.Server(config)

            async def serve() -> None:
                self._loop = asyncio.get_running_loop()
                self._stopping = asyncio.Event()
                await _serve_until(server, [sock], self._stopping)

            run = asyncio.run
            if self.event_loop == "uvloop":
                import uvloop  # type: ignore[import-not-found]  # not a dependency: only for measuring

                run = uvloop.run
            thread = threading.Thread(
                target=lambda: run(serve()),
                daemon=True,
                name=f"ccgateway-simulator-{sock.getsockname()[1]}",
            )
            thread.start()
            deadline = time.monotonic() + _START_TIMEOUT
            while not server.started:
                if not thread.is_alive() or time.monotonic() > deadline:
                    server.should_exit = True
                    if self._loop is not None and self._stopping is not None:  # a start that ends late stops
                        self._loop.call_soon_threadsafe(self._stopping.set)
                    raise RuntimeError("the simulator did not start (see the log for uvicorn's error)")
                time.sleep(0.01)
        except BaseException:
            sock.close()
            self._remove_tls()
            raise
        self._server, self._thread = server, thread
        if self.freeze_gc:
            _freeze_long_lived()
        self.url = f"{'https' if self.tls else 'http'}://{_url_host(self.host)}:{sock.getsockname()[1]}"
        log.info("CC-Gateway simulator running at %s; %s", self.url, self.describe_settings())
        return self.url

    def describe_settings(self) -> str:
        """One line for logs: authentication mode and how strict sign-in is."""
        settings = self.model.settings()
        auth = (
            f"dynamic authentication (new Guid every {settings['guid_interval']:g} s, expiring after "
            f"{settings['guid_timeout']:g} s)"
            if settings["auth_mode"] == 2
            else "static authentication"
        )
        return f"{auth}; sign-in {settings['sign_in_check']}"

    def stop(self) -> None:
        """Stop serving (waiting polls answer at once); returns within a few seconds. Idempotent."""
        thread, server, loop, app = self._thread, self._server, self._loop, self._app
        if thread is None:
            return
        assert server is not None and loop is not None and app is not None  # start() sets them together
        stopping = self._stopping
        try:
            loop.call_soon_threadsafe(app.state.simulator.close)  # waiting polls answer at once
            if stopping is not None:
                loop.call_soon_threadsafe(stopping.set)
        except RuntimeError:  # the loop is already closed
            pass
        server.should_exit = True
        thread.join(_STOP_TIMEOUT)
        if thread.is_alive():  # pragma: no cover - a stuck loop; cut every connection and wait once more
            try:
                loop.call_soon_threadsafe(_abort_connections, server)
            except RuntimeError:
                pass
            thread.join(2.0)
        self._thread = self._server = self._loop = self._app = self._stopping = None
        self._remove_tls()
        log.info("CC-Gateway simulator at %s stopped", self.url)
        self.url = None

    def call(self, function, *args, **kwargs):
        """Run ``function(*args, **kwargs)`` on the server's event-loop thread (where the model lives)
        and return its result; runs it directly when the server is stopped."""
        if self._loop is None:
            return function(*args, **kwargs)

        async def run():
            return function(*args, **kwargs)

        return asyncio.run_coroutine_threadsafe(run(), self._loop).result(_STOP_TIMEOUT)

    def __enter__(self) -> SimulatorServer:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def _bind(self) -> socket.socket:
        family, kind, proto, _, address = socket.getaddrinfo(
            self.host or None, self.port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        sock = socket.socket(family, kind, proto)
        try:
            if os.name != "nt":  # lets a restart reuse a fixed port in TIME_WAIT (on Windows it means more)
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(address)
            sock.listen(2048)
        except BaseException:
            sock.close()
            raise
        return sock

    def _make_tls(self) -> dict:
        import trustme

        self._tmpdir = tempfile.mkdtemp(prefix="ccgateway-simulator-")
        names = ["127.0.0.1", "localhost", "::1"]
        if self.host not in names and self.host not in ("", "0.0.0.0", "::"):
            names.append(self.host)
        ca = trustme.CA()
        server_pem = os.path.join(self._tmpdir, "server.pem")
        ca.issue_cert(*names).private_key_and_cert_chain_pem.write_to_path(server_pem)
        self.ca_bundle = os.path.join(self._tmpdir, "ca.pem")
        ca.cert_pem.write_to_path(self.ca_bundle)
        return {"ssl_certfile": server_pem, "ssl_keyfile": server_pem}

    def _remove_tls(self) -> None:
        if self._tmpdir:
            shutil.rmtree(self._tmpdir, ignore_errors=True)
        self._tmpdir = self.ca_bundle = None
