"""Memory: one agent, signed in for the whole suite, receives 10,000 events in one test (call cycles,
the test waiting for some of each cycle's events, as the suites do). Reports what the library holds at
the end of that test, at the start of the next test and of the one after: events in the agent's buffers
and their size, the library's request log and its size, and the process's resident memory (which also
holds Robot Framework's own record of the run); and how long a wait takes with the buffers full. The
simulator runs in its own process over HTTPS on 127.0.0.1.

    python bench/event_memory.py                   # 10,000 events
    python bench/event_memory.py --events 50000
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import BENCH, SimulatorProcess, header  # noqa: E402

SUITE = """*** Settings ***
Library           CCGatewayLibrary
Library           {probe}
Suite Setup       Set Up
Suite Teardown    Run Keywords    Write Memory Report    ${{RESULT_FILE}}    AND    Sign Out All Agents

*** Test Cases ***
A Test That Receives Many Events
    Time Waits    waits at the start of the test
    Receive Events    ${{EVENTS}}
    Time Waits    waits after all those events
    Record Memory    end of the test that received them

The Next Test
    Record Memory    start of the next test
    Time Waits    waits in the next test

The Test After
    Record Memory    start of the test after

*** Keywords ***
Set Up
    Connect To Gateway    ${{URL}}    verify=${{CA}}
    Sign In Agent    101
    Wait For Agent Event    101    AgentState_Ready
    Record Memory    agent signed in, before the test
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Library memory with many events (loopback only).")
    parser.add_argument("--events", type=int, default=10_000, help="events the test receives (default 10000)")
    args = parser.parse_args(argv)
    from robot import run
    from robot.api import ExecutionResult

    header(f"Memory: one test receives {args.events:,} events")
    with SimulatorProcess() as sim, tempfile.TemporaryDirectory(prefix="ccgw-memory-") as tmp:
        suite = Path(tmp) / "memory.robot"
        suite.write_text(SUITE.format(probe=BENCH / "memory_probe.py"), encoding="utf-8")
        result_file = Path(tmp) / "result.json"
        rc = run(
            str(suite),
            outputdir=tmp,
            log="NONE",
            report="NONE",
            console="none",
            variable=[f"URL:{sim.url}", f"CA:{sim.ca_bundle}", f"EVENTS:{args.events}", f"RESULT_FILE:{result_file}"],
        )
        if rc:
            failed = [
                f"{t.name}: {t.message}"
                for t in ExecutionResult(str(Path(tmp) / "output.xml")).suite.tests
                if t.status != "PASS"
            ]
            print(f"the run failed (rc {rc}): {failed}")
            return 1
        samples = json.loads(result_file.read_text(encoding="utf-8"))
    print(
        f"{'when':36s} {'events held':>11s} {'pending':>8s} {'history':>8s} {'unlogged':>8s} {'MiB':>6s} "
        f"{'requests':>8s} {'MiB':>6s} {'RSS MiB':>8s}"
    )
    for s in samples:
        if "held_events" in s:
            print(
                f"{s['label']:36s} {s['held_events']:11d} {s['pending']:8d} {s['history']:8d} {s['unlogged']:8d} "
                f"{s['held_bytes'] / 2**20:6.2f} {s['requests_kept']:8d} {s['requests_bytes'] / 2**20:6.2f} "
                f"{s['rss_kib'] / 1024:8.1f}"
            )
    for s in samples:
        if "wait_ms" in s:
            print(
                f"{s['label']}: Wait For Agent Event for the ringing event, median of {s['calls']} calls: "
                f"{s['wait_ms']:.2f} ms"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
