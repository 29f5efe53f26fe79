"""Small hostile gateways for tests: plain HTTP on 127.0.0.1, one thread per connection, every behaviour
bounded in time and bytes so a test of a library without the defence fails instead of hanging.

``HostileGateway(behaviour)`` calls ``behaviour(handler)`` for every request; the helpers below are the
behaviours (slow, trickling, huge, endless, redirecting, deep JSON, malformed Set-GUID) and ``answer``
writes a normal gateway answer. Every request is kept in ``requests`` (method, path, headers, body).
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

GUID = "279fe21d-2caa-4c25-8a12-a8b2e0b1f5f0.AgentGateway0"
BOUND_SECONDS = 20.0  # no behaviour keeps a connection longer
BOUND_BYTES = 400 * 1024 * 1024  # nor sends more


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _any(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.owner.requests.append((self.command, self.path, dict(self.headers), body))
        try:
            self.server.owner.behaviour(self)
        except (BrokenPipeError, ConnectionResetError, OSError):
            self.close_connection = True

    do_GET = do_PUT = do_POST = do_DELETE = _any

    def log_message(self, *args) -> None:  # quiet
        pass


class HostileGateway:
    def __init__(self, behaviour: Callable[[BaseHTTPRequestHandler], None]):
        self.behaviour = behaviour
        self.requests: list[tuple[str, str, dict, bytes]] = []
        self.sent = 0  # body bytes written by the streaming behaviours
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.owner = self
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> HostileGateway:
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()


# -- behaviours ----------------------------------------------------------------------------------------
def answer(handler, payload: dict | None = None, headers: dict | None = None, status: int = 200) -> None:
    body = json.dumps({"message": "success", "retcode": "0", **(payload or {})}).encode()
    handler.send_response(status)
    for name, value in {"Content-Type": "application/json", **(headers or {})}.items():
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def signing_in(then: Callable) -> Callable:
    """Sign-in answered normally (with a Guid); every other request goes to ``then``."""

    def behaviour(handler) -> None:
        if handler.command == "PUT" and handler.path.rstrip("/").split("/")[-2] == "onlineagent":
            answer(handler, {"result": {}}, {"Set-GUID": f"JSESSIONID={GUID}"})
        else:
            then(handler)

    return behaviour


def empty_poll(handler) -> None:
    time.sleep(0.1)
    answer(handler)


def trickle_headers(handler) -> None:
    """A header line every 0.5 s, never the end of the headers."""
    handler.wfile.write(b"HTTP/1.1 200 OK\r\n")
    handler.wfile.flush()
    started = time.monotonic()
    while time.monotonic() - started < BOUND_SECONDS:
        handler.wfile.write(b"X-Slow: 1\r\n")
        handler.wfile.flush()
        time.sleep(0.5)


def trickle_body(handler) -> None:
    """Headers at once, then one body byte every 0.5 s."""
    body = json.dumps({"message": "success", "retcode": "0", "pad": " " * 200}).encode()
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.flush()
    started = time.monotonic()
    for byte in body:
        if time.monotonic() - started > BOUND_SECONDS:
            break
        handler.wfile.write(bytes([byte]))
        handler.wfile.flush()
        time.sleep(0.5)


def huge(handler, size: int = 300 * 1024 * 1024) -> None:
    """A declared 300 MB JSON body, sent for real."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(size))
    handler.end_headers()
    _stream(handler, size, chunked=False)


def endless_chunked(handler) -> None:
    """A chunked body that never ends (until the bounds)."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    _stream(handler, BOUND_BYTES, chunked=True)


def _stream(handler, size: int, chunked: bool) -> None:
    owner = handler.server.owner
    block = b'{"a":"' + b"x" * 65000 + b'"}'
    started = time.monotonic()
    while owner.sent < min(size, BOUND_BYTES) and time.monotonic() - started < BOUND_SECONDS:
        handler.wfile.write(b"%x\r\n%s\r\n" % (len(block), block) if chunked else block)
        owner.sent += len(block)


def redirect_to(url: str, status: int = 307) -> Callable:
    def behaviour(handler) -> None:
        handler.send_response(status)
        handler.send_header("Location", url + handler.path)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return behaviour


def deep_json(depth: int = 100_000) -> bytes:
    return b'{"message":"x","retcode":"0","result":' + b"[" * depth + b"]" * depth + b"}"


def raw(body: bytes, headers: list[tuple[str, str]] | None = None) -> Callable:
    def behaviour(handler) -> None:
        handler.send_response(200)
        for name, value in [("Content-Type", "application/json"), *(headers or [])]:
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return behaviour


def never_answers(handler) -> None:
    time.sleep(BOUND_SECONDS)
