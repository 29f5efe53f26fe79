"""A client that goes away during an event poll (issue 10, item 15) is a disconnect, not an internal error:
no traceback in the simulator's log, and its request log says the client went away."""

from __future__ import annotations

import logging
import socket
import ssl
import time

import requests

from CCGatewayLibrary import interfaces as api

from conftest import control


def _poll_and_leave(sim, guid: str, body: bytes, declared: int) -> None:
    host, port = sim.url.split("//")[1].split(":")
    context = ssl.create_default_context(cafile=sim.ca_bundle)
    with context.wrap_socket(socket.create_connection((host, int(port)), timeout=5), server_hostname=host) as tls:
        tls.sendall(
            f"GET {api.AGENT_EVENT.path(agentid='101')} HTTP/1.1\r\nHost: {host}\r\nGuid: {guid}\r\n"
            f"Content-Length: {declared}\r\n\r\n".encode()
            + body
        )
        time.sleep(0.2)  # the poll is waiting (or reading the rest of its body)


def test_a_client_that_leaves_during_an_event_poll_is_logged_as_gone(sim, caplog):
    answer = requests.put(sim.url + api.SIGN_IN.path(agentid="101"), json={}, verify=sim.ca_bundle, timeout=5)
    guid = answer.headers["Set-GUID"].split("=", 1)[1]
    for _ in range(2):  # the sign-in events, so the polls below wait
        requests.get(
            sim.url + api.AGENT_EVENT.path(agentid="101"), headers={"Guid": guid}, verify=sim.ca_bundle, timeout=5
        )
    control(sim, "DELETE", "/requests")
    with caplog.at_level(logging.WARNING, logger="CCGatewayLibrary.simulator"):
        _poll_and_leave(sim, guid, b"", 0)  # leaves while the poll waits for an event
        _poll_and_leave(sim, guid, b'{"a": ', 20)  # leaves while its body is read
        deadline = time.monotonic() + 5
        while len(control(sim, "GET", "/requests")) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
    log = control(sim, "GET", "/requests")
    assert [(r["interface"], r["retcode"]) for r in log] == [("getAgentEvent", "client went away")] * 2
    assert [r.getMessage() for r in caplog.records if r.name.startswith("CCGatewayLibrary.simulator")] == []
    status = control(sim, "GET", "/status")
    assert [a["agent_id"] for a in status["agents"]] == ["101"]  # the session is untouched
