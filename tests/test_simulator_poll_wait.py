"""The simulator's hot path after the capacity work of issue 13: a waiting event poll wakes when an event is
queued, several polls of one agent each get an answer, a poll that waits in vain answers empty after the
long-poll wait, and none leaves a waiter behind; the answers and the request log read from the scope are
what Starlette's JSONResponse and ``request.url`` give."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor

import requests
from starlette.requests import Request
from starlette.responses import JSONResponse

from CCGatewayLibrary import interfaces as api
from CCGatewayLibrary.simulator import GatewayModel, wire
from CCGatewayLibrary.simulator.app import SimulatorState

from conftest import control


def _sign_in_and_drain(sim, agent_id: str) -> str:
    answer = requests.put(sim.url + api.SIGN_IN.path(agentid=agent_id), json={}, verify=sim.ca_bundle, timeout=5)
    guid = answer.headers["Set-GUID"].split("=", 1)[1]
    for _ in range(2):  # the sign-in events (the first poll also rotates the Guid: dynamic authentication)
        polled = _poll(sim, agent_id, guid)
        guid = polled.headers.get("Set-GUID", f"={guid}").split("=", 1)[1]
    return guid


def _poll(sim, agent_id: str, guid: str) -> requests.Response:
    return requests.get(
        sim.url + api.AGENT_EVENT.path(agentid=agent_id), headers={"Guid": guid}, verify=sim.ca_bundle, timeout=5
    )


def _waiters(sim) -> int:
    return sim.call(lambda: sum(len(w) for w in sim._app.state.simulator.wakers.values()))


def test_waiting_polls_of_one_agent_each_answer_and_leave_no_waiter(sim):
    guid = _sign_in_and_drain(sim, "101")
    with ThreadPoolExecutor(2) as pool:
        polls = [pool.submit(_poll, sim, "101", guid) for _ in range(2)]
        deadline = time.monotonic() + 2
        while _waiters(sim) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert _waiters(sim) == 2  # both wait for an event (the shared simulator's poll wait is 0.5 s)
        started = time.monotonic()
        control(sim, "POST", "/inbound-calls", {"agent_id": "101"})  # queues AgentState_Busy, ... Ringing
        answers = [p.result().json() for p in polls]
    assert time.monotonic() - started < 0.4  # woken by the event, not by the end of the wait
    assert [a["retcode"] for a in answers] == ["0", "0"]
    assert sorted(a["event"]["eventType"] for a in answers) == ["AgentOther_PhoneAlerting", "AgentState_Busy"]
    assert _waiters(sim) == 0


def test_a_poll_that_waits_in_vain_answers_empty_after_the_poll_wait(sim):
    guid = _sign_in_and_drain(sim, "102")
    started = time.monotonic()
    answer = _poll(sim, "102", guid).json()
    assert answer == {"message": "", "retcode": "0", "event": None}
    assert 0.45 <= time.monotonic() - started < 2.0  # the shared simulator's poll wait is 0.5 s
    assert _waiters(sim) == 0


def test_answers_have_the_bytes_of_starlettes_json_response():
    content = {"message": "", "retcode": "0", "event": {"eventType": "AgentEvent_Talking", "caller": "Zoë 😀"}}
    answer, reference = wire.Answer(content, headers={"Set-GUID": "JSESSIONID=x"}), JSONResponse(content)
    assert answer.body == reference.body
    assert dict(answer.headers) == {**dict(reference.headers), "set-guid": "JSESSIONID=x"}


def test_the_request_log_reads_path_and_query_as_request_url_does():
    state = SimulatorState(GatewayModel(), poll_wait=1)
    scope = {
        "type": "http",
        "method": "GET",
        "scheme": "https",
        "server": ("127.0.0.1", 8043),
        "path": "/agentgateway/resource/onlineagent/101/a?b#c\\d",
        "root_path": "",
        "query_string": b"x=1&y=%C3%A9",
        "headers": [(b"host", b"127.0.0.1:8043")],
    }
    state.record(scope, "0", api.AGENT_STATUS)
    url = Request(scope).url
    assert state.requests[-1] == {
        "method": "GET",
        "path": url.path,
        "query": url.query,
        "interface": api.AGENT_STATUS.log_name,
        "retcode": "0",
        "poll": False,
    }


class _Transport:
    def __init__(self):
        self.calls: list[tuple[str, bytes]] = []

    def write(self, data: bytes) -> None:
        self.calls.append(("write", data))

    def close(self) -> None:
        self.calls.append(("close", b""))

    def is_closing(self) -> bool:
        return False


class _Cycle:
    """What uvicorn's response cycle does with an answer: the status line and headers written at once, then
    the body, then a close if the connection is not kept alive."""

    def __init__(self, keep_alive: bool = True):
        self.transport = _Transport()
        self.keep_alive = keep_alive

    async def send(self, message: dict) -> None:
        if message["type"] == "http.response.start":
            self.transport.write(b"HTTP/1.1 %d OK\r\n" % message["status"])
        else:
            self.transport.write(message["body"])
            if not self.keep_alive:
                self.transport.close()


def _send_answer(send) -> None:
    async def receive():  # pragma: no cover - an answer does not read
        raise AssertionError("read")

    asyncio.run(wire.send_answer(wire.reply(result={"n": 1}), {"type": "http"}, receive, send))


def test_an_answer_goes_to_the_connection_in_one_write_and_a_close_after_it():
    for keep_alive in (True, False):
        cycle = _Cycle(keep_alive)
        transport = cycle.transport
        _send_answer(cycle.send)
        expected = [("write", b'HTTP/1.1 200 OK\r\n{"message":"success","retcode":"0","result":{"n":1}}')]
        assert transport.calls == expected + ([] if keep_alive else [("close", b"")])
        assert cycle.transport is transport  # the cycle has its own transport back


def test_an_answer_without_a_uvicorn_cycle_is_sent_as_it_is():
    sent: list[dict] = []

    async def send(message: dict) -> None:
        sent.append(message)

    _send_answer(send)
    assert [m["type"] for m in sent] == ["http.response.start", "http.response.body"]
