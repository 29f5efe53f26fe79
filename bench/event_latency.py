"""Event latency: from the simulator queuing an event (its own clock, hooked in the model) to
`Wait For Agent Event` returning it, inside a real Robot Framework run over HTTPS on 127.0.0.1, with the
simulator in two places, side by side in one run: in the Robot process (``Start Gateway Simulator``, as
the suites run) and in a process of its own (``bench/simulator_process.py``; as a real gateway is, it
then has its own interpreter and core instead of sharing the Robot process's). Both stamp events with
``time.perf_counter``, the system's monotonic clock, which every process reads alike. In the same run,
on the embedded simulator, the same call cycles and waited events for a client that re-polls 500 ms
after every answer (Huawei's reference clients) and for ``Wait Until Keyword Succeeds`` around a poll,
with the ratios.

    python bench/event_latency.py                  # 200 cycles = 1,000 waited events in each place; 10 cycles each to compare
    python bench/event_latency.py --compare-cycles 200   # the comparisons over 1,000 events too (~20 min)
    python bench/event_latency.py --simulator process    # one place only

Each call cycle: Simulate Inbound Call, wait for AgentEvent_Ringing; Answer Call, wait for
AgentEvent_Talking; Drop Call, wait for AgentEvent_Call_Release, AgentEvent_Customer_Release and
AgentState_Ready (the events the suites wait for; the four others each cycle queues are left alone).
The library's run starts with three unmeasured cycles (connections, caches).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import deque
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import SimulatorProcess, event_key, fmt, header, run_robot_probe, summary, verdict  # noqa: E402

MEDIAN_LIMIT_MS, P99_LIMIT_MS = 1.5, 5.0  # issue 13 (was 5 and 25 ms)
NAMES = {
    "raw": "raw-socket client polling only while it waits, no Robot (bench/rawclient.py; the floor)",
    "client": "the library's Python API (GatewayClient, its poller and EventStream.wait_for), no Robot",
    "rawkw": "the raw-socket client behind bare keywords in the same Robot run (the floor for any Robot library)",
    "library": "Wait For Agent Event (library poller)",
    "repoll": "re-poll 500 ms after every answer (reference clients)",
    "wuks": "Wait Until Keyword Succeeds 500 ms around a poll",
}

SHORT = {
    "rawkw": "raw client behind bare keywords",
    "raw": "raw-socket client",
    "client": "Python API",
    "library": "Wait For Agent Event",
    "repoll": "re-poll",
    "wuks": "WUKS",
}
PLACES = {"embedded": "simulator in the Robot process", "process": "simulator in its own process"}


def _python_clients(url: str, ca_bundle: str, cycles: int) -> dict:
    """The same call cycles for the raw-socket client and for the library's Python API (``cycle_probe``'s),
    without Robot Framework, on their own agents (201, 202): each waited event's type, ``event_key`` and
    the time its wait returned, as ``latency_probe`` reports them."""
    from cycle_probe import SIGN_IN, _client_cycle, _raw_cycle
    from rawclient import RawAgent

    from CCGatewayLibrary.client.events import matcher
    from CCGatewayLibrary.client.gateway import GatewayClient

    raw = RawAgent("201", url, ca_bundle)
    raw.sign_in()
    client = GatewayClient(url, verify=ca_bundle)
    client.sign_in("202", SIGN_IN)
    client.session("202").stream.wait_for(matcher("AgentState_Ready"), 10)
    cycles_of = {"raw": lambda note: _raw_cycle(raw, note), "client": lambda note: _client_cycle(client, "202", note)}
    found = {}
    for mode, cycle in cycles_of.items():
        observed: list = []
        for _ in range(3):  # unmeasured, as the library's first cycles
            cycle(lambda event: None)
        started = time.perf_counter()
        for _ in range(cycles):
            cycle(lambda event, into=observed: into.append((event["eventType"], event_key(event), time.perf_counter())))
        found[mode] = {"observed": observed, "cycles": cycles, "seconds": time.perf_counter() - started}
    raw.sign_out()
    client.sign_out("202")
    client.close()
    return found


def _latencies(found: dict, stamps: list) -> dict:
    """Per mode, milliseconds from the simulator queuing each waited event to the wait returning it, by
    event type: each observation takes the earliest unused stamp of its event."""
    queued: dict[str, deque] = {key: deque(times) for key, times in stamps}
    runs = {}
    for mode, data in found["modes"].items():
        latencies: dict[str, list[float]] = {}
        for event_type, key, returned in data["observed"]:
            latencies.setdefault(event_type, []).append((returned - queued[key].popleft()) * 1000)
        runs[mode] = {"latencies": latencies, "cycles": data["cycles"], "seconds": data["seconds"]}
    return runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Event latency benchmark (loopback only).")
    parser.add_argument(
        "--cycles",
        type=int,
        default=200,
        help="call cycles for the library (5 waited events each; default 200 = 1,000 events)",
    )
    parser.add_argument(
        "--compare-cycles",
        type=int,
        default=10,
        help="call cycles for each comparison client (default 10 = 50 events; they take seconds per cycle)",
    )
    parser.add_argument(
        "--simulator",
        choices=["both", "embedded", "process"],
        default="both",
        help="where the simulator runs: in the Robot process, in its own, or both side by side (default)",
    )
    args = parser.parse_args(argv)

    header("Event latency: simulator queues an event -> the wait keyword returns it")
    print(
        f"load average at the start: {' '.join(f'{x:.1f}' for x in os.getloadavg())} (the targets are "
        "for a quiet machine)"
    )
    runs: dict[str, dict] = {}
    if args.simulator in ("embedded", "both"):
        modes = {"library": args.cycles, "repoll": args.compare_cycles, "wuks": args.compare_cycles}
        found = run_robot_probe("latency_probe", "Measure Event Latency", {"modes": modes})
        runs.update({f"{mode}, embedded": data for mode, data in _latencies(found, found["stamps"]).items()})
    if args.simulator in ("process", "both"):
        with SimulatorProcess(extra=["--stamp-events"]) as simulator:
            python = _python_clients(simulator.url, simulator.ca_bundle, args.cycles)
            modes = {"library": args.cycles, "rawkw": args.cycles}
            options = {"modes": modes, "url": simulator.url, "ca_bundle": simulator.ca_bundle}
            found = run_robot_probe("latency_probe", "Measure Event Latency", options)
            found["modes"].update(python)
            stamps = simulator.stop()["stamps"]
        runs.update({f"{mode}, process": data for mode, data in _latencies(found, stamps).items()})
    stats = {}
    for run, data in runs.items():
        mode, place = run.split(", ")
        stats[run] = summary([v for per_type in data["latencies"].values() for v in per_type])
        print(f"\n{NAMES[mode]}, {PLACES[place]}: {data['cycles']} cycles in {data['seconds']:.1f} s")
        print(f"  all waited events: {fmt(stats[run])}")
        for event_type, per_type in data["latencies"].items():
            print(f"    {event_type:28s} {fmt(summary(per_type))}")
    print()
    for run in ("library, embedded", "library, process", "rawkw, process", "client, process", "raw, process"):
        if run in stats:
            mode, place = run.split(", ")
            lib = stats[run]
            print(
                f"target, {SHORT[mode]}, {PLACES[place]}: median <= {MEDIAN_LIMIT_MS:g} ms: "
                f"{verdict(lib['median'], MEDIAN_LIMIT_MS)} ({lib['median']:.2f} ms); p99 <= {P99_LIMIT_MS:g} ms: "
                f"{verdict(lib['p99'], P99_LIMIT_MS)} ({lib['p99']:.2f} ms); over {lib['count']} events"
            )
    if "raw, process" in stats:
        floor = stats["raw, process"]
        for run in ("client, process", "rawkw, process", "library, process"):
            if run in stats:
                print(
                    f"{SHORT[run.split(', ')[0]]} / raw-socket client, same simulator process: median "
                    f"x{stats[run]['median'] / floor['median']:.2f}, p99 x{stats[run]['p99'] / floor['p99']:.2f}"
                )
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    per_cycle = {run: data["seconds"] / data["cycles"] for run, data in runs.items()}
    lib = stats.get("library, embedded")
    for run in ("repoll, embedded", "wuks, embedded"):
        if run in stats and lib:
            other = stats[run]
            print(
                f"{NAMES[run.split(', ')[0]]} / library (embedded): median x{other['median'] / lib['median']:.0f}, "
                f"p99 x{other['p99'] / lib['p99']:.0f}, mean x{other['mean'] / lib['mean']:.0f}; "
                f"a call cycle takes {per_cycle[run]:.2f} s instead of {per_cycle['library, embedded'] * 1000:.0f} ms "
                f"(x{per_cycle[run] / per_cycle['library, embedded']:.0f})"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
