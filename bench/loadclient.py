"""A small asyncio HTTP/1.1 client for load generation (standard library only), and one simulated agent
that signs in, long-polls its events and plays call cycles.

Why not threads and requests: a thousand agents need two thousand open connections (one held by the long
poll, one for actions); one thread each would make the load generator, not the simulator, the thing
measured. One event loop with keep-alive connections costs a fraction of a core at these rates.
"""

from __future__ import annotations

import asyncio
import json
import ssl
import time
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urlsplit

BASE = "/agentgateway/resource"
SIGN_IN_EVENTS = ["AgentOther_InService", "AgentState_Ready"]
# One call cycle as the agent sees it: a customer calls, the agent answers, then drops the call.
INBOUND_EVENTS = ["AgentState_Busy", "AgentOther_PhoneAlerting", "AgentOther_PhoneOffhook", "AgentEvent_Ringing"]
# reference §9, inbound manual answer: Customer_Alerting, then Talking (simulator since 392a237)
ANSWER_EVENTS = ["AgentEvent_Customer_Alerting", "AgentEvent_Talking"]
DROP_EVENTS = ["AgentEvent_Call_Release", "AgentEvent_Customer_Release", "AgentOther_PhoneRelease", "AgentState_Ready"]
CYCLE_EVENTS = len(INBOUND_EVENTS) + len(ANSWER_EVENTS) + len(DROP_EVENTS)


class HttpError(Exception):
    pass


class Deadlines:
    """Time limits of the requests and waits in flight, checked by one watchdog task every
    ``RESOLUTION`` seconds: a timer per request (``asyncio.timeout``, ``wait_for``) cost the load
    generator more CPU than its HTTP work. A limit fires up to ``RESOLUTION`` late, which only matters
    for a run that fails anyway."""

    RESOLUTION = 0.25

    def __init__(self):
        self.pending: dict[asyncio.Future, tuple[float, str]] = {}
        self._task: asyncio.Task | None = None

    def add(self, waiter: asyncio.Future, seconds: float, what: str) -> None:
        loop = waiter.get_loop()
        self.pending[waiter] = (loop.time() + seconds, what)
        if self._task is None or self._task.done():
            self._task = loop.create_task(self._watch())

    async def _watch(self) -> None:
        loop = asyncio.get_running_loop()
        while self.pending:
            await asyncio.sleep(self.RESOLUTION)
            now = loop.time()
            late = [(w, what) for w, (at, what) in self.pending.items() if at <= now]
            for waiter, what in late:
                del self.pending[waiter]
                if not waiter.done():
                    waiter.set_exception(HttpError(what))


DEADLINES = Deadlines()


async def _within(waiter: asyncio.Future, seconds: float, what: str):
    """``await waiter`` with a time limit (``HttpError(what)`` after ``seconds``), without a timer each."""
    DEADLINES.add(waiter, seconds, what)
    try:
        return await waiter
    finally:
        DEADLINES.pending.pop(waiter, None)


class Connection(asyncio.Protocol):
    """One keep-alive HTTP/1.1 connection to 127.0.0.1; requests on it are sequential. A protocol, not
    asyncio streams: the answer is parsed where its bytes arrive, with one future per request."""

    def __init__(self, url: str, ca_bundle: str | None):
        parts = urlsplit(url)
        self.host, self.port = parts.hostname, parts.port
        if self.host not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError(f"load goes to loopback only, not to {self.host}")
        self.tls = parts.scheme == "https"
        self.ca_bundle = ca_bundle
        self.context: ssl.SSLContext | None = None
        self.transport: asyncio.Transport | None = None
        self.closed = True
        self.reconnects = 0
        self._buffer = bytearray()
        self._waiter: asyncio.Future | None = None
        self._host_line = f"Host: {self.host}:{self.port}\r\n"

    async def open(self, context: ssl.SSLContext | None) -> None:
        self.context = context
        loop = asyncio.get_running_loop()
        await loop.create_connection(lambda: self, self.host, self.port, ssl=context if self.tls else None)

    # -- asyncio.Protocol
    def connection_made(self, transport) -> None:
        self.transport, self.closed = transport, False
        self._buffer.clear()

    def connection_lost(self, exc) -> None:
        self.closed = True
        waiter, self._waiter = self._waiter, None
        if waiter is not None and not waiter.done():
            if self._buffer:
                waiter.set_exception(HttpError("connection closed in the answer"))
            else:
                waiter.set_result(None)  # None: closed before any answer (the request may be sent again)

    def eof_received(self):
        return False  # close our side too

    def data_received(self, data: bytes) -> None:
        buffer = self._buffer
        buffer += data
        end = buffer.find(b"\r\n\r\n")
        if end < 0 or self._waiter is None:
            return
        head = bytes(buffer[:end]).decode("latin-1").split("\r\n")
        headers = {}
        for line in head[1:]:
            key, _, value = line.partition(":")
            headers[key.strip().lower()] = value.strip()
        size = int(headers.get("content-length", "0"))
        if len(buffer) < end + 4 + size:
            return
        body = bytes(buffer[end + 4 : end + 4 + size])
        del buffer[: end + 4 + size]
        waiter, self._waiter = self._waiter, None
        if not waiter.done():
            waiter.set_result((head[0], headers, body))

    # -- requests
    async def request(
        self, method: str, path: str, body: dict | None = None, guid: str = "", timeout: float = 10.0
    ) -> tuple[dict, dict]:
        """Send one request; returns (the JSON answer, the response headers, lower-cased)."""
        payload = json.dumps(body).encode() if body is not None else b""
        head = (
            f"{method} {path} HTTP/1.1\r\n{self._host_line}"
            f"Content-Type: application/json; charset=UTF-8\r\nContent-Length: {len(payload)}\r\n"
        )
        if guid:
            head += f"Guid: {guid}\r\n"
        message = head.encode() + b"\r\n" + payload
        if self.closed:  # the server closed the idle connection (keep-alive timeout): reconnect
            await self._reopen()
        answer = await self._exchange(message, method, path, timeout)
        if answer is None:  # closed just as we sent: the request was not read; send it again, once (as urllib3)
            await self._reopen()
            answer = await self._exchange(message, method, path, timeout)
        if answer is None:
            raise HttpError(f"{method} {path}: connection closed")
        status, headers, data = answer
        if not status.startswith("HTTP/1.1 200"):
            raise HttpError(f"{method} {path}: {status.strip()}")
        return json.loads(data), headers

    async def _exchange(self, message: bytes, method: str, path: str, timeout: float):
        waiter = self._waiter = asyncio.get_running_loop().create_future()
        self.transport.write(message)
        try:
            return await _within(waiter, timeout, f"{method} {path}: no answer within {timeout:g} s")
        finally:
            self._waiter = None

    async def _reopen(self) -> None:
        self.reconnects += 1
        if self.transport is not None:
            self.transport.close()
        await self.open(self.context)

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()


def tls_context(ca_bundle: str | None) -> ssl.SSLContext | None:
    return ssl.create_default_context(cafile=ca_bundle) if ca_bundle else None


@dataclass
class Figures:
    """What all agents measured: action latencies (ms) by action, event delivery (ms), errors."""

    actions: dict[str, list[float]] = field(default_factory=lambda: {"inbound": [], "answer": [], "drop": []})
    delivery_ms: list[int] = field(default_factory=list)  # poll response time - eventGenTime (ms clocks)
    errors: list[str] = field(default_factory=list)
    cycles: int = 0
    late_cycles: int = 0  # cycles that started later than their slot (the agent's previous cycle overran)
    received: dict[str, int] = field(default_factory=dict)  # events per agent
    reconnects: int = 0  # connections reopened after the server closed them while idle (keep-alive timeout)
    recording: bool = True  # False during a warm-up: latencies are not kept (events and cycles still count)
    measured_cycles: int = 0  # cycles that ended while recording


class LoadAgent:
    """One agent: a poller task that long-polls its events into a queue, and call cycles that wait for
    exactly the events each step must queue, in order (a duplicate, a loss or a stray event is an error)."""

    def __init__(self, agent_id: str, url: str, ca_bundle: str | None, figures: Figures, poll_wait: float):
        self.agent_id = agent_id
        self.actions = Connection(url, ca_bundle)
        self.polls = Connection(url, ca_bundle)
        self.figures = figures
        self.poll_timeout = poll_wait + 10
        self.guid = ""
        self.events: deque[dict] = deque()  # received, not yet expected
        self._arrival: asyncio.Future | None = None  # what expect() waits on while events is empty
        self.received = 0
        self.poller: asyncio.Task | None = None

    async def sign_in(self, context) -> None:
        await self.actions.open(context)
        await self.polls.open(context)
        answer, headers = await self.actions.request(
            "PUT",
            f"{BASE}/onlineagent/{self.agent_id}",
            {"password": "", "phonenum": "", "status": 4, "phonelinkage": False, "autoanswer": False, "agenttype": 4},
        )
        if answer["retcode"] != "0":
            raise HttpError(f"sign-in of {self.agent_id}: retcode {answer['retcode']}")
        self.guid = headers["set-guid"].partition("=")[2]
        self.poller = asyncio.create_task(self._poll())
        await self.expect(SIGN_IN_EVENTS, "sign-in")

    async def _poll(self) -> None:
        path = f"{BASE}/agentevent/{self.agent_id}"
        while True:
            try:
                answer, headers = await self.polls.request("GET", path, guid=self.guid, timeout=self.poll_timeout)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # a broken poll is an error of the run; the wait will say which event
                self.figures.errors.append(f"agent {self.agent_id}: poll failed: {error!r}")
                return
            now_ms = time.time() * 1000
            if answer["retcode"] != "0":
                if answer["retcode"] != "100-006":  # signed out at the end of the run: expected
                    self.figures.errors.append(f"agent {self.agent_id}: poll retcode {answer['retcode']}")
                return
            if "set-guid" in headers:
                self.guid = headers["set-guid"].partition("=")[2]
            event = answer.get("event")
            if event:
                self.received += 1
                if self.figures.recording:
                    self.figures.delivery_ms.append(now_ms - event["eventGenTime"])
                self.events.append(event)
                arrival, self._arrival = self._arrival, None
                if arrival is not None and not arrival.done():
                    arrival.set_result(None)

    async def expect(self, types: list[str], step: str, timeout: float = 30.0) -> dict:
        """The next events must be exactly ``types``, in order; returns the last."""
        event = {}
        for wanted in types:
            if not self.events:
                self._arrival = asyncio.get_running_loop().create_future()
                await _within(
                    self._arrival, timeout, f"agent {self.agent_id}: {step}: no {wanted} within {timeout:g} s"
                )
            event = self.events.popleft()
            if event["eventType"] != wanted:
                raise HttpError(f"agent {self.agent_id}: {step}: got {event['eventType']}, expected {wanted}")
        return event

    async def _action(self, name: str, method: str, path: str, body: dict | None = None) -> dict:
        started = time.perf_counter()
        answer, _ = await self.actions.request(method, path, body, guid=self.guid)
        if self.figures.recording:
            self.figures.actions[name].append((time.perf_counter() - started) * 1000)
        if answer["retcode"] != "0":
            raise HttpError(f"agent {self.agent_id}: {name}: retcode {answer['retcode']}")
        return answer

    async def cycle(self) -> None:
        """Inbound call, answer, drop, each followed by the events it must queue."""
        answer = await self._action("inbound", "POST", "/simulator/inbound-calls", {"agent_id": self.agent_id})
        callid = answer["result"]["callid"]
        ringing = await self.expect(INBOUND_EVENTS, "inbound call")
        if ringing["content"]["callid"] != callid:
            raise HttpError(f"agent {self.agent_id}: ringing for {ringing['content']['callid']}, not {callid}")
        await self._action("answer", "PUT", f"{BASE}/voicecall/{self.agent_id}/answer")
        await self.expect(ANSWER_EVENTS, "answer")
        await self._action("drop", "DELETE", f"{BASE}/voicecall/{self.agent_id}/release")
        await self.expect(DROP_EVENTS, "drop")
        self.figures.cycles += 1
        self.figures.measured_cycles += self.figures.recording

    async def run_cycles(self, first: float, period: float, deadline: float) -> None:
        """A cycle every ``period`` seconds from ``first`` (loop time) until ``deadline``."""
        loop = asyncio.get_running_loop()
        slot = first
        try:
            while slot < deadline:
                delay = slot - loop.time()
                if delay > 0:
                    await asyncio.sleep(delay)
                elif delay < -0.05:
                    self.figures.late_cycles += 1
                await self.cycle()
                slot += period
        except Exception as error:
            self.figures.errors.append(str(error) if isinstance(error, HttpError) else f"{self.agent_id}: {error!r}")

    async def sign_out(self) -> None:
        try:
            await self.actions.request("DELETE", f"{BASE}/onlineagent/{self.agent_id}/forcelogout", guid=self.guid)
        except Exception as error:
            self.figures.errors.append(f"agent {self.agent_id}: sign-out failed: {error!r}")
        if self.poller is not None:
            try:
                await asyncio.wait_for(self.poller, 15)
            except (asyncio.TimeoutError, asyncio.CancelledError):
                self.poller.cancel()
        self.figures.received[self.agent_id] = self.received
        self.figures.reconnects += self.actions.reconnects + self.polls.reconnects
        self.actions.close()
        self.polls.close()
