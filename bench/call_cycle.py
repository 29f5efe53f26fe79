"""Inbound call cycle: the library against a raw-socket client on the same simulator, in one run.

    python bench/call_cycle.py                     # 300 cycles each, interleaved
    python bench/call_cycle.py --profile 300       # then 300 more library cycles under cProfile

One cycle (sign-in excluded): simulate an inbound call, wait for AgentEvent_Ringing; answer, wait for
AgentEvent_Talking; drop, wait for AgentEvent_Call_Release, AgentEvent_Customer_Release and
AgentState_Ready. Three clients play it in turn against one simulator process over HTTPS on 127.0.0.1:
the raw-socket client of bench/rawclient.py (the floor), the library's Python API (GatewayClient) and
its keywords inside a real Robot Framework run (bench/cycle_probe.py).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import SimulatorProcess, fmt, header, run_robot_probe, summary, verdict  # noqa: E402

RATIO_LIMIT = 2.0
NAMES = {"raw": "raw-socket client (floor)", "client": "library, Python API", "keywords": "library, keywords"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Inbound call cycle: library vs raw-socket client (loopback only).")
    parser.add_argument("--cycles", type=int, default=300, help="timed cycles per client (default 300)")
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="CYCLES",
        help="afterwards run CYCLES library cycles under cProfile and print the top functions",
    )
    parser.add_argument("--http", action="store_true", help="plain HTTP instead of HTTPS (the default)")
    args = parser.parse_args(argv)

    header("Inbound call cycle: library vs raw-socket client, interleaved")
    print(f"load average at the start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    with SimulatorProcess(tls=not args.http) as sim:
        result = run_robot_probe(
            "cycle_probe",
            "Measure Call Cycle",
            {"url": sim.url, "ca_bundle": sim.ca_bundle or "False", "cycles": args.cycles, "profile": args.profile},
        )
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    stats = {name: summary(values) for name, values in result["times"].items()}
    for name, stat in stats.items():
        print(f"  {NAMES[name]:28s} {fmt(stat)}")
    if "cpu" in result:  # CPU time of the Robot process (its test thread, the event pollers) per cycle
        cpu = {name: summary(values) for name, values in result["cpu"].items()}
        print("  CPU per cycle (the client's process, all threads; the simulator's process not counted):")
        for name, stat in cpu.items():
            print(f"    {NAMES[name]:26s} median {stat['median']:.2f} ms  mean {stat['mean']:.2f} ms")
    floor = stats["raw"]["median"]
    for name in ("client", "keywords"):
        ratio = stats[name]["median"] / floor
        print(
            f"{NAMES[name]} / raw at the median: x{ratio:.2f}; target <= x{RATIO_LIMIT:g}: {verdict(ratio, RATIO_LIMIT)}"
        )
    if "profile" in result:
        print("\ncProfile of the library's cycles (Python API), all threads, by own time:\n" + result["profile"])
        print("\ncProfile of the library's cycles (keywords), all threads, by own time:\n" + result["profile_keywords"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
