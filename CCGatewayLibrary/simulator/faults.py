"""Fault injection: the simulator misbehaves on purpose, as a shared gateway does in a lab, so tests can
prove what the library does when the network or the gateway fails.

A fault is injected through the control API (``POST /simulator/faults`` with a JSON spec, ``DELETE`` to
clear, ``GET`` to list) or the ``Inject Gateway Fault`` keyword. Spec fields:

* ``kind`` (required), one of :data:`KINDS` (spaces, hyphens and case do not matter).
* ``count``: how many requests (or events) it applies to; default 1. ``duration``: seconds it stays
  active; with a duration and no count it applies to every matching request until it expires.
* ``agent``: only requests of this agent ID; ``interface``: only this interface, by its method name in
  logs (``release``, ``getAgentEvent``) or its keyword (``Drop Call``). Default: every agent, every
  interface (for the event kinds: the event poll).
* ``seconds`` (latency: the delay, default 1), ``status`` (http error: 500-599, default 503).

Where each kind acts:

* Before the app (an ASGI middleware around the whole app, so it holds the server's own transport):
  ``latency`` (then the request goes on), ``http error``, ``not json``, ``failover`` (retcode 000-004),
  ``operation exception`` (retcode 100-007, "exception during the agent operation", listed on every
  seed page; nothing changes), ``empty poll`` (an event poll answered at once with no event, the queue
  untouched) and ``connection reset`` (the TCP connection is aborted without an answer).
* On an event poll's answer: ``missed guid rotation``: the poll rotates the agent's Guid but the
  ``Set-GUID`` header is stripped, and the old Guid stops working at once (100-006 from then on).
* On the event a poll hands out (``deliver``, one hook in ``app.py``): ``drop event`` (the gateway loses
  it), ``duplicate event`` (the same event object is handed out again by the next poll), ``reorder
  events`` (the next two are swapped; waits until two are queued).
* At once: ``restart``: every session, call and conference is gone (all Guids invalid, queues dropped;
  number behaviours stay); with ``duration`` the gateway is down that long (every request reset).

Idle sign-out, Guid rotation and open polls are session rules of the model (``model.py``, driven by
``sessions.py``); ``PUT /simulator/idle-timeout`` stays here, and clearing the faults (or a reset)
restores the simulator's settings as it was started.

Everything here runs on the server's event-loop thread, like the model.
"""

from __future__ import annotations

import asyncio
import re
from collections import deque
from dataclasses import dataclass
from typing import Any

from .. import control
from .. import interfaces as api
from . import wire
from .routing import identify, match  # noqa: F401  (identify: what a request is, for tests and tools)

KINDS = (
    "latency",
    "http error",
    "connection reset",
    "not json",
    "empty poll",
    "drop event",
    "duplicate event",
    "reorder events",
    "missed guid rotation",
    "restart",
    "failover",
    "operation exception",
)
_BEFORE_APP = ("latency", "http error", "connection reset", "not json", "empty poll", "failover", "operation exception")
_ON_DELIVERY = ("drop event", "duplicate event", "reorder events")
_POLL_ONLY = _ON_DELIVERY + ("empty poll", "missed guid rotation")
_ALIASES = {
    "http 5xx": "http error",
    "5xx": "http error",
    "reset": "connection reset",
    "delay": "latency",
    "not json body": "not json",
    "body not json": "not json",
    "duplicated event": "duplicate event",
    "dropped event": "drop event",
    "reordered events": "reorder events",
    "guid rotation missed": "missed guid rotation",
    "rotated guid missed": "missed guid rotation",
    "switchover": "failover",
    "exception": "operation exception",
    "100-007": "operation exception",
}
MAX_SECONDS = 600.0  # no fault outlives a CI job
APPLIED_KEPT = 200
_GROUPS: dict[str, frozenset[api.Interface]] = {}  # method name in logs or keyword -> its interfaces
for _iface in api.ALL:
    for _name in (_iface.log_name, _iface.label):
        _GROUPS[_name.lower()] = _GROUPS.get(_name.lower(), frozenset()) | {_iface}
_POLL = api.AGENT_EVENT


def canonical_kind(value: object) -> str | None:
    key = re.sub(r"[\s_-]+", " ", str(value)).strip().lower()
    key = _ALIASES.get(key, key)
    return key if key in KINDS else None


@dataclass
class Fault:
    id: int
    kind: str
    remaining: int | None  # None: until it expires
    until: float | None  # loop clock; None: until used up
    agent: str | None
    interfaces: frozenset[api.Interface] | None  # None: every interface
    seconds: float = 0.0
    status: int = 503
    applied: int = 0

    def matches(self, iface: api.Interface | None, agent_id: str | None) -> bool:
        if self.agent is not None and agent_id != self.agent:
            return False
        if self.interfaces is None:
            return iface is not None and (iface is _POLL or self.kind not in _POLL_ONLY)
        return iface in self.interfaces

    def describe(self, now: float) -> dict:
        described = {
            "id": self.id,
            "kind": self.kind,
            "remaining": self.remaining,
            "agent": self.agent,
            "interface": sorted(i.log_name for i in self.interfaces) if self.interfaces else None,
            "expires_in": None if self.until is None else round(max(0.0, self.until - now), 3),
            "applied": self.applied,
        }
        if self.kind == "latency":
            described["seconds"] = self.seconds
        if self.kind == "http error":
            described["status"] = self.status
        return described


_bad = wire.bad


def _number(spec: dict, key: str, default, low: float, high: float, integer: bool = False):
    value = spec.get(key, default)
    if value is None:
        return None
    ok_type = isinstance(value, int) if integer else isinstance(value, (int, float))
    if isinstance(value, bool) or not ok_type or not (low <= value <= high):
        kind = "an integer" if integer else "a number"
        raise _bad(f"field {key!r} must be {kind} from {low:g} to {high:g}")
    return value


def parse_spec(spec: dict, fault_id: int, now: float) -> Fault:
    """A validated :class:`Fault` from a control-API spec; 000-002 naming the field otherwise."""
    unknown = set(spec) - {"kind", "count", "duration", "agent", "interface", "seconds", "status"}
    if unknown:
        raise _bad(f"unknown field(s) {', '.join(sorted(map(repr, unknown)))}")
    kind = canonical_kind(spec.get("kind")) if isinstance(spec.get("kind"), str) else None
    if kind is None:
        raise _bad(f"field 'kind' must be one of {', '.join(KINDS)}")
    duration = _number(spec, "duration", None, 0.0, MAX_SECONDS)
    count = _number(spec, "count", None if duration else 1, 1, 1_000_000, integer=True)
    agent = spec.get("agent")
    if isinstance(agent, int) and not isinstance(agent, bool):
        agent = str(agent)
    if agent is not None and not (isinstance(agent, str) and re.fullmatch(r"[1-9][0-9]{2,5}", agent)):
        raise _bad("field 'agent' must be an agent ID (101 to 999999)")
    names = None
    if spec.get("interface") is not None:
        name = spec["interface"]
        names = _GROUPS.get(name.strip().lower()) if isinstance(name, str) else None
        if names is None:
            raise _bad(
                "field 'interface' must be an interface's method name in logs (e.g. 'release', "
                "'getAgentEvent') or its keyword (e.g. 'Drop Call')"
            )
        if kind in _POLL_ONLY and names != {_POLL}:
            raise _bad(f"a {kind!r} fault acts on the event poll only (interface 'getAgentEvent')")
    if kind == "missed guid rotation" and agent is None:
        raise _bad("a 'missed guid rotation' fault needs field 'agent'")
    seconds = _number(spec, "seconds", 1.0 if kind == "latency" else 0.0, 0.0, MAX_SECONDS)
    status = _number(spec, "status", 503, 500, 599, integer=True)
    until = now + duration if duration else None
    return Fault(fault_id, kind, count, until, agent, names, float(seconds), int(status))


class FaultInjector:
    """The active faults of one simulator app."""

    def __init__(self, sim):
        self.sim = sim  # app.SimulatorState: model, wakers, request log
        self.model = sim.model
        self.faults: list[Fault] = []
        self.applied: deque = deque(maxlen=APPLIED_KEPT)  # what each fault did, newest last
        self.down_until: float | None = None
        self._settings = self.model.settings_snapshot()  # restored by clear() (and so by a reset)
        self._ids = 0
        self._open_polls: dict[str, set] = {}  # agent ID -> transports of its waiting polls (connection reset)

    # -- control ------------------------------------------------------------------------------
    def inject(self, spec: Any) -> dict:
        if not isinstance(spec, dict):
            raise _bad("the fault spec must be a JSON object")
        self._ids += 1
        now = self._now()
        fault = parse_spec(spec, self._ids, now)
        if fault.kind == "restart":
            self.restart(fault)
            return fault.describe(now)
        if fault.kind == "missed guid rotation" and self.model.session(fault.agent) is None:
            raise _bad(f"agent {fault.agent} is not signed in")
        self.faults.append(fault)
        if fault.kind == "connection reset":
            self._reset_open_polls(fault, now)
        return fault.describe(now)

    def _reset_open_polls(self, fault: Fault, now: float) -> None:
        """A connection fault cuts the event polls already waiting too, as a network fault would."""
        for agent_id, transports in self._open_polls.items():
            if fault.matches(_POLL, agent_id):
                for transport in list(transports):
                    if not transport.is_closing():
                        transport.abort()
                        fault.applied += 1
                        self._note(fault, "reset a waiting event poll", _POLL, agent_id)

    def clear(self) -> int:
        cleared = len(self.faults) + (self.down_until is not None)
        self.faults.clear()
        self.applied.clear()
        self.down_until = None
        self.model.restore_settings(self._settings)
        return cleared

    def listing(self) -> dict:
        now = self._now()
        self._expire(now)
        return {
            "active": [f.describe(now) for f in self.faults],
            "applied": list(self.applied),
            "idle_timeout": self.model.idle_timeout,
            "down_for": round(self.down_until - now, 3) if self.down_until and self.down_until > now else 0,
        }

    def set_idle_timeout(self, seconds: Any) -> None:
        if seconds is not None and (
            isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not 0 < seconds <= 86400
        ):
            raise _bad("field 'seconds' must be a number of seconds from 0 (exclusive) to 86400, or null (never)")
        self.model.set_idle_timeout(seconds)

    def restart(self, fault: Fault) -> None:
        """The gateway restarts: every session, call and conference is lost; waiting polls answer 100-006."""
        numbers = dict(self.model.numbers)
        self.model.reset()
        self.model.numbers.update(numbers)
        self._note(fault, "every session lost")
        fault.applied = 1
        if fault.until is not None:
            self.down_until = fault.until

    # -- matching -----------------------------------------------------------------------------
    def _now(self) -> float:
        return self.model.clock()

    def _expire(self, now: float) -> None:
        self.faults = [
            f for f in self.faults if (f.until is None or f.until > now) and (f.remaining is None or f.remaining > 0)
        ]
        if self.down_until is not None and self.down_until <= now:
            self.down_until = None

    def take(
        self, kinds: tuple[str, ...], iface: api.Interface | None, agent_id: str | None, ready=None
    ) -> Fault | None:
        """The first active fault of ``kinds`` matching the request, used once (``ready(fault)`` may
        decline it for now)."""
        if not self.faults:
            return None
        now = self._now()
        self._expire(now)
        for fault in self.faults:
            if fault.kind in kinds and fault.matches(iface, agent_id) and (ready is None or ready(fault)):
                if fault.remaining is not None:
                    fault.remaining -= 1
                fault.applied += 1
                return fault
        return None

    def _note(self, fault: Fault, what: str, iface: api.Interface | None = None, agent_id: str | None = None) -> None:
        self.applied.append(
            {
                "id": fault.id,
                "kind": fault.kind,
                "interface": iface.log_name if iface else None,
                "agent": agent_id,
                "what": what,
            }
        )

    # -- on delivery (hook in SimulatorState.poll) ----------------------------------------------
    def deliver(self, agent, event: dict | None) -> dict | None:
        """The event a poll hands out, after any drop, duplicate or reorder fault for this agent."""
        while event is not None and self.faults:
            queue = agent.events
            fault = self.take(
                _ON_DELIVERY, _POLL, agent.agent_id, ready=lambda f: f.kind != "reorder events" or bool(queue)
            )
            if fault is None:
                break
            if fault.kind == "drop event":
                self._note(fault, f"dropped {event['eventType']}", _POLL, agent.agent_id)
                event = self.model.next_event(agent)
                continue
            if fault.kind == "duplicate event":
                queue.appendleft(dict(event))
                self._note(fault, f"duplicated {event['eventType']}", _POLL, agent.agent_id)
            else:
                later = queue.popleft()
                queue.appendleft(event)
                self._note(fault, f"handed out {later['eventType']} before {event['eventType']}", _POLL, agent.agent_id)
                event = later
            break
        return event


class FaultMiddleware:
    """The outermost ASGI layer: identifies a gateway request once (the interface routes, ``routing.py``),
    applies the before-app faults (and those on an event poll's answer) and has the interface's route serve
    it. The route's own layer (``sessions.py``) tells the model about open polls."""

    def __init__(self, app, injector: FaultInjector, routes):
        self.app = app
        self.injector = injector
        self.routes = routes

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(api.BASE_PATH):
            await self.app(scope, receive, send)
            return
        injector = self.injector
        route, child = match(self.routes, scope)
        iface, agent_id = (route.interface, child["path_params"]["agentid"]) if route else (None, None)
        serve = self.app
        if route is not None:  # served by its route at once: the app's router would match it again
            scope, serve = {**scope, **child}, route.handle
        if injector.down_until is not None:
            injector._expire(injector._now())
        if injector.down_until is not None:
            self._record(scope, "fault: gateway restarting", iface)
            await _reset(send)
            return
        fault = injector.take(_BEFORE_APP, iface, agent_id)
        if fault is not None:
            if fault.kind != "latency":
                injector._note(fault, fault.kind, iface, agent_id)
                self._record(scope, f"fault: {fault.kind}", iface)
                await _answer(fault, scope, receive, send)
                return
            injector._note(fault, f"delayed {fault.seconds:g} s", iface, agent_id)
            replay = await _replayable(receive)
            # Listen on the live channel: listening on the replay would swallow the body the app needs.
            if await _client_leaves(receive, fault.seconds):  # then the request is not served at all
                self._record(scope, "fault: latency (the client left)", iface)
                return
            receive = replay
        if iface is not _POLL:
            await serve(scope, receive, send)
            return
        agent = injector.model.session_for(agent_id, wire.guid_header(scope))
        if agent is None:
            await serve(scope, receive, send)
            return
        await self._poll(scope, receive, send, agent, serve)

    async def _poll(self, scope, receive, send, agent, serve) -> None:
        injector, model = self.injector, self.injector.model
        transports = injector._open_polls.setdefault(agent.agent_id, set())
        transport = getattr(getattr(send, "__self__", None), "transport", None)
        if transport is not None:
            transports.add(transport)
        rotation = injector.take(("missed guid rotation",), _POLL, agent.agent_id)
        was_pending = None
        if rotation is not None:
            was_pending = model.rotate_guid(agent.agent_id, expire_old=True)  # the old Guid stops at once
            send = _strip_set_guid(send)
        old_guid = agent.guid
        try:
            await serve(scope, receive, send)
        finally:
            transports.discard(transport)
            if not transports:
                injector._open_polls.pop(agent.agent_id, None)
            if rotation is not None:
                if agent.guid != old_guid:
                    injector._note(rotation, "rotated the Guid; the client did not get it", _POLL, agent.agent_id)
                else:  # the poll was not answered: try again on the next one
                    model.undo_rotation(agent, was_pending)
                    rotation.applied -= 1
                    if rotation.remaining is not None:
                        rotation.remaining += 1
                    if all(f is not rotation for f in injector.faults):
                        injector.faults.append(rotation)

    def _record(self, scope, retcode: str, iface: api.Interface | None) -> None:
        self.injector.sim.record(scope, retcode, iface)


async def _reset(send) -> None:
    """Abort the connection without an answer (the server's transport, reached through uvicorn's send)."""
    cycle = getattr(send, "__self__", None)
    transport = getattr(cycle, "transport", None)
    if transport is None:  # not under uvicorn (e.g. a test client): the closest thing is an error
        raise ConnectionResetError("simulated connection reset")
    transport.abort()
    if cycle is not None and hasattr(cycle, "disconnected"):
        cycle.disconnected = True  # so uvicorn does not log a missing response for what was meant


async def _answer(fault: Fault, scope, receive, send) -> None:
    if fault.kind == "connection reset":
        await _reset(send)
        return
    if fault.kind == "http error":
        response = wire.http_error_reply(fault.status)
    elif fault.kind == "not json":
        response = wire.not_json_reply()
    elif fault.kind == "failover":
        response = wire.reply("000-004")
    elif fault.kind == "operation exception":
        response = wire.reply("100-007")
    else:  # empty poll
        response = wire.event_reply(None)
    await response(scope, receive, send)


async def _replayable(receive):
    """Read the whole request body now; the app then gets it replayed, and later messages live."""
    messages = []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request" or not message.get("more_body"):
            break

    async def replay():
        return messages.pop(0) if messages else await receive()

    return replay


async def _client_leaves(receive, seconds: float) -> bool:
    """Wait ``seconds``; True (at once) if the client disconnects meanwhile. Listening keeps the server
    reading the socket, so a client that gave up is seen and its request is not served."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while (left := deadline - loop.time()) > 0:
        watcher = asyncio.ensure_future(receive())
        try:
            done, _ = await asyncio.wait({watcher}, timeout=left)
        finally:
            watcher.cancel()
        if watcher in done and watcher.result().get("type") == "http.disconnect":
            return True
        # else: the time is up, or an empty end-of-body message (the body was read already): listen on
    return False


def _strip_set_guid(send):
    async def stripped(message):
        if message["type"] == "http.response.start":
            message = {
                **message,
                "headers": [(k, v) for k, v in message.get("headers", []) if k.lower() != b"set-guid"],
            }
        await send(message)

    return stripped


def install(app, sim, routes) -> None:
    """Put the fault middleware (of ``sim.faults``) outside the app's whole middleware stack; ``routes``
    are the app's interface routes (``routing.interface_routes``)."""
    app.middleware_stack = FaultMiddleware(app.build_middleware_stack(), sim.faults, routes)


def control_handlers(sim) -> dict:
    """Handlers of the control API's fault and idle-timeout requests, by their ``control`` row."""

    async def listing(request):
        return sim.faults.listing()

    async def inject(request):
        return sim.faults.inject(await wire.json_body(request))

    async def clear(request):
        return {"cleared": sim.faults.clear()}

    async def idle_timeout(request):
        return {"seconds": sim.model.idle_timeout}

    async def set_idle_timeout(request):
        body = await wire.json_body(request)
        if "seconds" not in body:
            raise _bad("field 'seconds' is required (a number of seconds, or null for never)")
        sim.faults.set_idle_timeout(body["seconds"])
        return {"seconds": sim.model.idle_timeout}

    return {
        control.FAULTS: listing,
        control.INJECT_FAULT: inject,
        control.CLEAR_FAULTS: clear,
        control.IDLE_TIMEOUT: idle_timeout,
        control.SET_IDLE_TIMEOUT: set_idle_timeout,
    }
