"""The floor for bench/call_cycle.py: a raw-socket CC-Gateway client (standard library only, blocking, one
keep-alive TLS connection for actions and one for event polls, no background thread). It polls only when
it waits for an event, taking events in delivery order until the awaited one, so it pays exactly one
round trip per event and nothing else: what any client on this simulator must at least pay."""

from __future__ import annotations

import json
import socket
import ssl
from urllib.parse import urlsplit

BASE = "/agentgateway/resource"


class RawConnection:
    """One keep-alive HTTP/1.1 connection; requests on it are sequential."""

    def __init__(self, url: str, ca_bundle: str | None):
        parts = urlsplit(url)
        self.host, self.port = parts.hostname, parts.port
        sock = socket.create_connection((self.host, self.port), timeout=30)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if parts.scheme == "https":
            sock = ssl.create_default_context(cafile=ca_bundle).wrap_socket(sock, server_hostname=self.host)
        self.sock = sock
        self.file = sock.makefile("rb")

    def request(self, method: str, path: str, body: dict | None = None, guid: str = "") -> tuple[dict, dict]:
        payload = json.dumps(body).encode() if body is not None else b""
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            f"Content-Type: application/json; charset=UTF-8\r\nContent-Length: {len(payload)}\r\n"
        )
        if guid:
            head += f"Guid: {guid}\r\n"
        self.sock.sendall(head.encode() + b"\r\n" + payload)
        status = self.file.readline()
        if not status.startswith(b"HTTP/1.1 200"):
            raise RuntimeError(f"{method} {path}: {status!r}")
        headers = {}
        while True:
            line = self.file.readline()
            if line in (b"\r\n", b""):
                break
            key, _, value = line.decode().partition(":")
            headers[key.strip().lower()] = value.strip()
        return json.loads(self.file.read(int(headers.get("content-length", "0")))), headers

    def close(self) -> None:
        self.file.close()
        self.sock.close()


class RawAgent:
    """One agent on two raw connections: sign in, act, and poll until an awaited event."""

    def __init__(self, agent_id: str, url: str, ca_bundle: str | None):
        self.agent_id = agent_id
        self.actions = RawConnection(url, ca_bundle)
        self.polls = RawConnection(url, ca_bundle)
        self.guid = ""

    def act(self, method: str, path: str, body: dict | None = None) -> dict:
        answer, headers = self.actions.request(method, path, body, self.guid)
        if answer.get("retcode") != "0":
            raise RuntimeError(f"{method} {path}: retcode {answer.get('retcode')}")
        if "set-guid" in headers:
            self.guid = headers["set-guid"].partition("=")[2]
        return answer

    def sign_in(self) -> None:
        self.act(
            "PUT",
            f"{BASE}/onlineagent/{self.agent_id}",
            {"password": "", "phonenum": "", "status": 4, "phonelinkage": False, "autoanswer": False, "agenttype": 4},
        )
        self.wait("AgentState_Ready")

    def wait(self, event_type: str) -> dict:
        """Poll until an ``event_type`` event comes (those before it are taken and passed over)."""
        while True:
            answer, headers = self.polls.request("GET", f"{BASE}/agentevent/{self.agent_id}", guid=self.guid)
            if answer.get("retcode") != "0":
                raise RuntimeError(f"poll: retcode {answer.get('retcode')}")
            if "set-guid" in headers:
                self.guid = headers["set-guid"].partition("=")[2]
            event = answer.get("event")
            if event and event.get("eventType") == event_type:
                return event

    def sign_out(self) -> None:
        self.act("DELETE", f"{BASE}/onlineagent/{self.agent_id}/forcelogout")
        self.actions.close()
        self.polls.close()
