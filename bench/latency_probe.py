"""Robot Framework side of bench/event_latency.py: plays call cycles with the library's keywords inside a
real Robot run and times, for every event a step waits for, the simulator queuing it (a hook on the
in-process simulator's model, ``time.perf_counter``) against the wait keyword returning it.

Three ways of waiting, on the same call cycles and the same waited events:

* ``library``: `Wait For Agent Event`, with the library's background long-poller (polls again at once).
* ``repoll``: `Wait For Agent Event` on a poller that waits 500 ms after every answer before polling
  again, as Huawei's reference clients do (the gateway docs' cadence).
* ``wuks``: no background poller; ``Wait Until Keyword Succeeds    10 s    500 ms    Poll Agent Event
  Should Be ...``, each attempt one long poll that takes whatever event comes next.

And, against a simulator in its own process, ``rawkw``: the floor for any Robot Framework library on this
simulator, the raw-socket client of ``bench/rawclient.py`` behind keywords that do nothing else (`Raw Step`,
`Raw Wait`), called the same way: Robot's own keyword machinery plus one round trip per event.
"""

from __future__ import annotations

import json
import threading
import time

from rawclient import BASE, RawAgent
from robot.libraries.BuiltIn import BuiltIn

from CCGatewayLibrary import control
from CCGatewayLibrary import interfaces as api
from CCGatewayLibrary.client.events import EventStream

from common import event_key

AGENT = "101"
REPOLL_PAUSE = 0.5  # seconds after every poll answer (reference clients: 200-500 ms)
WUKS_RETRY = "500 ms"
# One call cycle: the step, then the events the test waits for (others are queued too and left alone).
CYCLE = [
    ("Simulate Inbound Call", ["AgentEvent_Ringing"]),
    ("Answer Call", ["AgentEvent_Talking"]),
    ("Drop Call", ["AgentEvent_Call_Release", "AgentEvent_Customer_Release", "AgentState_Ready"]),
]


class _QueueClock:
    """Stamps every event the in-process simulator queues (``perf_counter`` before it is appended), as
    ``bench/simulator_process.py --stamp-events`` does for a simulator in its own process."""

    def __init__(self, model):
        self.stamps: dict[str, list[float]] = {}
        self.lock = threading.Lock()
        original = model._emit

        def stamped(agent, event_type, content=None):
            now = time.perf_counter()
            original(agent, event_type, content)
            with self.lock:
                self.stamps.setdefault(event_key(agent.events[-1]), []).append(now)

        model._emit = stamped  # the model calls self._emit: the instance attribute wins


def _pausing_streams(client, pause: float, start: bool = True):
    """Make ``client`` build event streams whose fetch waits ``pause`` after every answer, or (start=False)
    streams that never poll."""
    build = client.__class__._stream.__get__(client)

    def stream(session) -> EventStream:
        made = build(session)
        fetch, first = made._fetch, [True]

        def paced():
            if not first[0]:
                time.sleep(pause)
            first[0] = False
            return fetch()

        made._fetch = paced
        if not start:
            made.start = lambda: None
        return made

    client._stream = stream


def poll_agent_event_should_be(agent_id: str, event_type: str) -> dict:
    """One long poll of ``GET /agentevent/{agentid}``; fails unless it returns an ``event_type`` event
    (the event it took is gone either way, as with any hand-written poll keyword)."""
    client = BuiltIn().get_library_instance("CCGatewayLibrary").client
    answer = client.call(api.AGENT_EVENT, agent_id, session=client.session(agent_id), timeout=client.poll_timeout)
    event = answer.get("event") or {}
    if event.get("eventType") != event_type:
        raise AssertionError(f"expected {event_type}, got {event.get('eventType') or 'no event'}")
    return event


def measure_event_latency(options: dict, result_file: str) -> None:
    """Run every requested mode and write to ``result_file`` as JSON, per mode, each waited event (type,
    ``event_key``, ``perf_counter`` when the wait returned it); with the embedded simulator (no ``url`` in
    ``options``) also when it queued each event (``stamps``, as ``simulator_process.py`` reports them)."""
    builtin = BuiltIn()
    library = builtin.get_library_instance("CCGatewayLibrary")
    clock = None
    if options.get("url"):
        builtin.run_keyword("Connect To Gateway", options["url"], f"verify={options['ca_bundle']}")
    else:
        builtin.run_keyword("Start Gateway Simulator", f"poll_wait={options.get('poll_wait', 10)} s")
        clock = _QueueClock(library.simulator.model)
    results: dict = {"modes": {}}
    try:
        for mode, cycles in options["modes"].items():
            if cycles and mode == "rawkw":
                results["modes"][mode] = _run_raw_keywords(builtin, options["url"], options["ca_bundle"], int(cycles))
            elif cycles:
                results["modes"][mode] = _run_mode(builtin, library, mode, int(cycles))
    finally:
        if clock is not None:
            builtin.run_keyword("Stop Gateway Simulator")
            results["stamps"] = list(clock.stamps.items())
    with open(result_file, "w", encoding="utf-8") as out:
        json.dump(results, out)


_RAW: dict[str, RawAgent] = {}


def raw_step(agent_id: str, step: str) -> str | None:
    """One action of the call cycle for a raw-socket agent, named as the library's keyword; returns the
    call ID for ``Simulate Inbound Call``."""
    agent = _RAW[agent_id]
    if step == "Simulate Inbound Call":
        return agent.act("POST", control.INBOUND_CALL.path(), {"agent_id": agent_id})["result"]["callid"]
    if step == "Answer Call":
        agent.act("PUT", f"{BASE}/voicecall/{agent_id}/answer")
    else:
        agent.act("DELETE", f"{BASE}/voicecall/{agent_id}/release")
    return None


def raw_wait(agent_id: str, event_type: str) -> dict:
    """Poll until an ``event_type`` event comes; returns it."""
    return _RAW[agent_id].wait(event_type)


def _run_raw_keywords(builtin: BuiltIn, url: str, ca_bundle: str, cycles: int) -> dict:
    agent_id = "203"
    _RAW[agent_id] = RawAgent(agent_id, url, ca_bundle)
    _RAW[agent_id].sign_in()
    observed: list[tuple[str, str, float]] = []
    started = time.perf_counter()
    try:
        for cycle in range(-3, cycles):  # three unmeasured cycles first, as the library's
            if cycle == 0:
                started = time.perf_counter()
            for step, waited in CYCLE:
                call = builtin.run_keyword("Raw Step", agent_id, step)
                for event_type in waited:
                    event = builtin.run_keyword("Raw Wait", agent_id, event_type)
                    returned = time.perf_counter()
                    if event_type == "AgentEvent_Ringing" and event["content"]["callid"] != call:
                        raise AssertionError("ringing for another call")
                    if cycle >= 0:
                        observed.append((event_type, event_key(event), returned))
    finally:
        elapsed = time.perf_counter() - started
        _RAW.pop(agent_id).sign_out()
    return {"observed": observed, "cycles": cycles, "seconds": elapsed}


def _run_mode(builtin: BuiltIn, library, mode: str, cycles: int) -> dict:
    client = library.client
    if mode == "repoll":
        _pausing_streams(client, REPOLL_PAUSE)
    elif mode == "wuks":
        _pausing_streams(client, 0, start=False)

    def wait(event_type: str, **content) -> dict:
        if mode == "wuks":
            return builtin.run_keyword(
                "Wait Until Keyword Succeeds", "10 s", WUKS_RETRY, "Poll Agent Event Should Be", AGENT, event_type
            )
        return builtin.run_keyword("Wait For Agent Event", AGENT, event_type, *[f"{k}={v}" for k, v in content.items()])

    observed: list[tuple[str, str, float]] = []
    builtin.run_keyword("Sign In Agent", AGENT)
    wait("AgentOther_InService")
    wait("AgentState_Ready")
    warmup = 3 if mode == "library" else 0  # unmeasured cycles first (connections, caches); the others wait seconds
    started = time.perf_counter()
    try:
        for cycle in range(-warmup, cycles):
            if cycle == 0:
                started = time.perf_counter()
            call = None
            for step, waited in CYCLE:
                out = builtin.run_keyword(step, AGENT)
                call = out if step == "Simulate Inbound Call" else call
                for event_type in waited:
                    event = wait(event_type, **({"callid": call} if event_type == "AgentEvent_Ringing" else {}))
                    returned = time.perf_counter()
                    if cycle >= 0:
                        observed.append((event_type, event_key(dict(event)), returned))
    finally:
        elapsed = time.perf_counter() - started
        builtin.run_keyword("Sign Out All Agents")
        client.__dict__.pop("_stream", None)
    return {"observed": observed, "cycles": cycles, "seconds": elapsed}
