"""The simulator app's own CPU per call cycle, without sockets, TLS or a load generator: N agents, each
long-polling through the app's ASGI interface and playing the capacity benchmark's call cycle (inbound
call, answer, drop, each waiting for its events) as fast as one event loop allows. Measures the thread's
CPU time, so a loaded machine does not move the figure much; the HTTP server's and TLS's share is what
``bench/capacity.py`` measures on top.

    python bench/simulator_cpu.py                      # 200 agents x 20 cycles
    python bench/simulator_cpu.py --profile FILE       # and cProfile (CPU time) into FILE
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from CCGatewayLibrary.simulator import GatewayModel  # noqa: E402
from CCGatewayLibrary.simulator.app import create_app  # noqa: E402

from loadclient import ANSWER_EVENTS, BASE, DROP_EVENTS, INBOUND_EVENTS, SIGN_IN_EVENTS  # noqa: E402


class _Cycle:
    """What uvicorn's ``send`` is bound to: the request's response cycle, with its ``disconnected`` flag."""

    def __init__(self):
        self.sent: list[dict] = []
        self.disconnected = False

    async def send(self, message: dict) -> None:
        self.sent.append(message)


class AsgiClient:
    """Calls the ASGI app as uvicorn would: one request per call, the body in one message, then a
    receive that waits (for a disconnect that never comes)."""

    def __init__(self, app):
        self.app = app
        self.requests = 0

    async def request(self, method: str, path: str, body: dict | None = None, guid: str = "") -> tuple[dict, dict]:
        payload = json.dumps(body).encode() if body is not None else b""
        headers = [(b"host", b"127.0.0.1"), (b"content-type", b"application/json; charset=UTF-8")]
        headers.append((b"content-length", str(len(payload)).encode()))
        if guid:
            headers.append((b"guid", guid.encode()))
        scope = {
            "type": "http",
            "asgi": {"version": "3.0", "spec_version": "2.3"},
            "http_version": "1.1",
            "method": method,
            "scheme": "https",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "root_path": "",
            "headers": headers,
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 8043),
            "state": {},
        }
        cycle = _Cycle()
        sent = cycle.sent
        body_sent = False
        never = asyncio.Event()

        async def receive():
            nonlocal body_sent
            if not body_sent:
                body_sent = True
                return {"type": "http.request", "body": payload, "more_body": False}
            await never.wait()

        await self.app(scope, receive, cycle.send)
        self.requests += 1
        start = sent[0]
        answer = json.loads(b"".join(m.get("body", b"") for m in sent[1:]))
        return answer, {k.decode().lower(): v.decode() for k, v in start["headers"]}


class Agent:
    def __init__(self, client: AsgiClient, agent_id: str):
        self.client, self.agent_id, self.guid = client, agent_id, ""
        self.events: asyncio.Queue = asyncio.Queue()
        self.poller: asyncio.Task | None = None

    async def sign_in(self) -> None:
        answer, headers = await self.client.request(
            "PUT",
            f"{BASE}/onlineagent/{self.agent_id}",
            {"password": "", "phonenum": "", "status": 4, "phonelinkage": False, "autoanswer": False, "agenttype": 4},
        )
        assert answer["retcode"] == "0", answer
        self.guid = headers["set-guid"].partition("=")[2]
        self.poller = asyncio.create_task(self._poll())
        await self.expect(SIGN_IN_EVENTS)

    async def _poll(self) -> None:
        while True:
            answer, headers = await self.client.request("GET", f"{BASE}/agentevent/{self.agent_id}", guid=self.guid)
            if answer["retcode"] != "0":
                return
            if "set-guid" in headers:
                self.guid = headers["set-guid"].partition("=")[2]
            if answer.get("event"):
                self.events.put_nowait(answer["event"])

    async def expect(self, types: list[str]) -> None:
        for wanted in types:
            event = await asyncio.wait_for(self.events.get(), 10)
            assert event["eventType"] == wanted, (event["eventType"], wanted)

    async def act(self, method: str, path: str, body: dict | None = None) -> dict:
        answer, _ = await self.client.request(method, path, body, guid=self.guid)
        assert answer["retcode"] == "0", answer
        return answer

    async def cycle(self) -> None:
        await self.act("POST", "/simulator/inbound-calls", {"agent_id": self.agent_id})
        await self.expect(INBOUND_EVENTS)
        await self.act("PUT", f"{BASE}/voicecall/{self.agent_id}/answer")
        await self.expect(ANSWER_EVENTS)
        await self.act("DELETE", f"{BASE}/voicecall/{self.agent_id}/release")
        await self.expect(DROP_EVENTS)

    async def sign_out(self) -> None:
        await self.act("DELETE", f"{BASE}/onlineagent/{self.agent_id}/forcelogout")
        await asyncio.wait_for(self.poller, 5)


async def measure(agents: int, cycles: int, profile) -> dict:
    client = AsgiClient(create_app(GatewayModel(), poll_wait=10))
    team = [Agent(client, str(10001 + i)) for i in range(agents)]
    await asyncio.gather(*(a.sign_in() for a in team))
    requests_before = client.requests
    if profile is not None:
        profile.enable()
    cpu, wall = time.thread_time(), time.perf_counter()
    for _ in range(cycles):
        await asyncio.gather(*(a.cycle() for a in team))
    cpu, wall = time.thread_time() - cpu, time.perf_counter() - wall
    if profile is not None:
        profile.disable()
    requests = client.requests - requests_before
    await asyncio.gather(*(a.sign_out() for a in team))
    return {"cycles": agents * cycles, "requests": requests, "cpu": cpu, "wall": wall}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=200)
    parser.add_argument("--cycles", type=int, default=20, help="call cycles per agent (default 20)")
    parser.add_argument("--profile", metavar="FILE", help="cProfile (CPU time) into FILE")
    args = parser.parse_args(argv)
    profile = None
    if args.profile:
        import cProfile

        profile = cProfile.Profile(time.thread_time)
    out = asyncio.run(measure(args.agents, args.cycles, profile))
    if profile is not None:
        profile.dump_stats(args.profile)
    print(
        f"{out['cycles']} call cycles of {args.agents} agents, {out['requests']} requests through the ASGI app "
        f"({out['requests'] / out['cycles']:.1f} per cycle): CPU {out['cpu']:.2f} s = "
        f"{1000 * out['cpu'] / out['cycles']:.3f} ms per cycle, {1e6 * out['cpu'] / out['requests']:.0f} us per "
        f"request (the client side included: fake ASGI messages and JSON); wall {out['wall']:.2f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
