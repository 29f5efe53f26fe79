"""Robot Framework side of bench/event_memory.py: keywords that make one agent receive many events and
report what the library holds (events in its buffers, their size, the Python heap, the process RSS)."""

from __future__ import annotations

import gc
import json
import statistics
import sys
import time
from pathlib import Path

from robot.libraries.BuiltIn import BuiltIn

AGENT = "101"
CYCLE_EVENTS = 9  # an inbound call answered and dropped queues nine events for the agent
_samples: list[dict] = []


def _deep_size(obj, seen: set[int]) -> int:
    if id(obj) in seen:
        return 0
    seen.add(id(obj))
    size = sys.getsizeof(obj)
    if isinstance(obj, dict):
        size += sum(_deep_size(k, seen) + _deep_size(v, seen) for k, v in obj.items())
    elif isinstance(obj, (list, tuple, set)):
        size += sum(_deep_size(item, seen) for item in obj)
    elif hasattr(obj, "__slots__") or hasattr(obj, "__dict__"):
        names = getattr(obj, "__slots__", ()) or vars(obj)
        size += sum(_deep_size(getattr(obj, name, None), seen) for name in names)
    return size


def _library():
    return BuiltIn().get_library_instance("CCGatewayLibrary")


def receive_events(count: int) -> None:
    """Play call cycles for the agent until it has received ``count`` events, waiting (as the suites do)
    for the ringing, talking, released and ready events; the other events of each cycle stay unconsumed."""
    builtin = BuiltIn()
    for _ in range(-(-int(count) // CYCLE_EVENTS)):
        call = builtin.run_keyword("Simulate Inbound Call", AGENT)
        builtin.run_keyword("Wait For Agent Event", AGENT, "AgentEvent_Ringing", f"callid={call}")
        builtin.run_keyword("Answer Call", AGENT)
        builtin.run_keyword("Wait For Agent Event", AGENT, "AgentEvent_Talking", f"callid={call}")
        builtin.run_keyword("Drop Call", AGENT)
        builtin.run_keyword("Wait For Agent Event", AGENT, "AgentEvent_Call_Release", f"content={call}")
        builtin.run_keyword("Wait For Agent Event", AGENT, "AgentState_Ready")


def time_waits(label: str, calls: int = 20) -> None:
    """``calls`` more calls; records the median time the wait for each one's ringing event takes, with
    the buffers as they are (a wait looks through the events not yet consumed, oldest first)."""
    builtin = BuiltIn()
    times = []
    for _ in range(int(calls)):
        call = builtin.run_keyword("Simulate Inbound Call", AGENT)
        started = time.perf_counter()
        builtin.run_keyword("Wait For Agent Event", AGENT, "AgentEvent_Ringing", f"callid={call}")
        times.append((time.perf_counter() - started) * 1000)
        builtin.run_keyword("Answer Call", AGENT)
        builtin.run_keyword("Drop Call", AGENT)
        builtin.run_keyword("Wait For Agent Event", AGENT, "AgentState_Ready")
    _samples.append({"label": label, "wait_ms": statistics.median(times), "calls": len(times)})


def record_memory(label: str) -> None:
    """What the library holds now: events in the agent's buffers (and their deep size), the library's
    request log (and its size) and the process's resident memory."""
    gc.collect()
    library = _library()
    stream = library.client.session(AGENT).stream
    buffers = {"pending": stream.pending(), "history": stream.history(), "unlogged": list(stream._unlogged)}
    held = {id(r): r for items in buffers.values() for r in items}
    rss = next(
        int(line.split()[1]) for line in Path("/proc/self/status").read_text().splitlines() if line.startswith("VmRSS")
    )
    _samples.append(
        {
            "label": label,
            "held_events": len(held),
            **{k: len(v) for k, v in buffers.items()},
            "held_bytes": _deep_size(list(held.values()), set()),
            "requests_kept": len(library.requests),
            "requests_bytes": _deep_size(list(library.requests), set()),
            "rss_kib": rss,
        }
    )


def write_memory_report(result_file: str) -> None:
    with open(result_file, "w", encoding="utf-8") as out:
        json.dump(_samples, out)
