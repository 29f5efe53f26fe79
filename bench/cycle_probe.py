"""Robot Framework side of bench/call_cycle.py: inside a real Robot run, times one inbound call cycle
(simulate an inbound call, wait for AgentEvent_Ringing; answer, wait for AgentEvent_Talking; drop, wait
for AgentEvent_Call_Release, AgentEvent_Customer_Release and AgentState_Ready) three ways, interleaved
cycle by cycle against the same simulator process:

* ``raw``: the raw-socket client of bench/rawclient.py (the floor: one round trip per event);
* ``client``: the library's Robot-free Python API (``GatewayClient``, its background event poller);
* ``keywords``: the library's keywords through ``BuiltIn.Run Keyword`` (Robot's own machinery too).

Sign-in is not timed. With ``profile`` set, the ``client`` cycles are also run under cProfile in every
thread (the test's and the event poller's) and the top functions are written beside the times.
"""

from __future__ import annotations

import cProfile
import io
import json
import pstats
import sys
import threading
import time
from pathlib import Path
from typing import Callable

from robot.libraries.BuiltIn import BuiltIn

sys.path.insert(0, str(Path(__file__).resolve().parent))

from rawclient import BASE, RawAgent  # noqa: E402

from CCGatewayLibrary import control  # noqa: E402
from CCGatewayLibrary import interfaces as api  # noqa: E402
from CCGatewayLibrary.client.events import matcher  # noqa: E402
from CCGatewayLibrary.client.gateway import GatewayClient  # noqa: E402

AGENTS = {"raw": "101", "client": "102", "keywords": "103"}
DROP_EVENTS = ("AgentEvent_Call_Release", "AgentEvent_Customer_Release", "AgentState_Ready")
SIGN_IN = {"password": "", "phonenum": "", "status": 4, "phonelinkage": False, "autoanswer": False, "agenttype": 4}


def _ignore(event: dict) -> None:
    pass


def _raw_cycle(agent: RawAgent, note: Callable[[dict], None] = _ignore) -> None:
    """One inbound call cycle of the raw-socket client; ``note`` sees each waited event as its wait returns
    it (bench/event_latency.py times them)."""
    callid = agent.act("POST", control.INBOUND_CALL.path(), {"agent_id": agent.agent_id})["result"]["callid"]
    ringing = agent.wait("AgentEvent_Ringing")
    note(ringing)
    if ringing["content"]["callid"] != callid:
        raise AssertionError("ringing for another call")
    agent.act("PUT", f"{BASE}/voicecall/{agent.agent_id}/answer")
    note(agent.wait("AgentEvent_Talking"))
    agent.act("DELETE", f"{BASE}/voicecall/{agent.agent_id}/release")
    for event_type in DROP_EVENTS:
        note(agent.wait(event_type))


def _client_cycle(client: GatewayClient, agent_id: str, note: Callable[[dict], None] = _ignore) -> None:
    """The same cycle through the library's Python API; ``note`` as for ``_raw_cycle``."""
    session = client.session(agent_id)
    stream = session.stream

    def wait(event_type: str, **fields) -> None:
        received = stream.wait_for(matcher(event_type, fields=fields), 10)
        if received is None:
            raise AssertionError(f"no {event_type} within 10 s")
        note(received.event)

    callid = client.control(control.INBOUND_CALL, "Simulate Inbound Call", {"agent_id": agent_id})["callid"]
    wait("AgentEvent_Ringing", callid=callid)
    client.call(api.ANSWER, agent_id, session=session)
    wait("AgentEvent_Talking")
    client.call(api.RELEASE, agent_id, session=session)
    for event_type in DROP_EVENTS:
        wait(event_type)


def _keyword_cycle(builtin: BuiltIn, agent_id: str) -> None:
    callid = builtin.run_keyword("Simulate Inbound Call", agent_id)
    builtin.run_keyword("Wait For Agent Event", agent_id, "AgentEvent_Ringing", f"callid={callid}")
    builtin.run_keyword("Answer Call", agent_id)
    builtin.run_keyword("Wait For Agent Event", agent_id, "AgentEvent_Talking")
    builtin.run_keyword("Drop Call", agent_id)
    for event_type in DROP_EVENTS:
        builtin.run_keyword("Wait For Agent Event", agent_id, event_type)


class _AllThreads:
    """cProfile in every thread (the event poller's included), merged when stopped."""

    def __init__(self):
        self.profiles: list[cProfile.Profile] = []
        self._lock = threading.Lock()

    def _start_here(self, *_args):
        profile = cProfile.Profile()
        with self._lock:
            self.profiles.append(profile)
        sys.setprofile(None)
        profile.enable()

    def __enter__(self):
        threading.setprofile(self._start_here)  # threads started from now on (the poller of a new sign-in)
        self._start_here()
        return self

    def __exit__(self, *exc):
        threading.setprofile(None)
        for profile in self.profiles:
            profile.disable()

    def report(self, top: int = 30) -> str:
        out = io.StringIO()
        stats = pstats.Stats(self.profiles[0], stream=out)
        for profile in self.profiles[1:]:
            stats.add(profile)
        stats.sort_stats("tottime").print_stats(top)
        return out.getvalue()


def measure_call_cycle(options: dict, result_file: str) -> None:
    builtin = BuiltIn()
    url, ca_bundle = options["url"], options["ca_bundle"]
    builtin.run_keyword("Connect To Gateway", url, f"verify={ca_bundle}")
    raw = RawAgent(AGENTS["raw"], url, ca_bundle)
    raw.sign_in()
    client = GatewayClient(url, verify=ca_bundle)
    client.sign_in(AGENTS["client"], SIGN_IN)
    client.session(AGENTS["client"]).stream.wait_for(matcher("AgentState_Ready"), 10)
    builtin.run_keyword("Sign In Agent", AGENTS["keywords"])
    builtin.run_keyword("Wait For Agent Event", AGENTS["keywords"], "AgentState_Ready")
    cycles = {
        "raw": lambda: _raw_cycle(raw),
        "client": lambda: _client_cycle(client, AGENTS["client"]),
        "keywords": lambda: _keyword_cycle(builtin, AGENTS["keywords"]),
    }
    times: dict[str, list[float]] = {name: [] for name in cycles}
    cpu: dict[str, list[float]] = {name: [] for name in cycles}  # CPU of this process (all its threads)
    order = list(cycles)
    for _ in range(options.get("warmup", 5)):
        for cycle in cycles.values():
            cycle()
    for round_ in range(options["cycles"]):
        order = order[1:] + order[:1]  # rotate who goes first
        for name in order:
            started, used = time.perf_counter(), time.process_time()
            cycles[name]()
            times[name].append((time.perf_counter() - started) * 1000)
            cpu[name].append((time.process_time() - used) * 1000)
        if round_ % 50 == 49:  # as between tests: events nobody waited for are released
            client.session(AGENTS["client"]).stream.start_test()
    result: dict = {"times": times, "cpu": cpu}
    raw.sign_out()
    if options.get("profile"):
        client.sign_out(AGENTS["client"])
        with _AllThreads() as profiler:
            client.sign_in(AGENTS["client"], SIGN_IN)
            client.session(AGENTS["client"]).stream.wait_for(matcher("AgentState_Ready"), 10)
            for _ in range(options["profile"]):
                _client_cycle(client, AGENTS["client"])
        result["profile"] = profiler.report()
        with _AllThreads() as profiler:
            for _ in range(options["profile"]):
                _keyword_cycle(builtin, AGENTS["keywords"])
        result["profile_keywords"] = profiler.report(40)
    client.close()
    builtin.run_keyword("Sign Out All Agents")
    with open(result_file, "w", encoding="utf-8") as out:
        json.dump(result, out)
