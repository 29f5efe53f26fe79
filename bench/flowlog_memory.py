"""Memory over many sign-in/sign-out cycles through the library: `Sign In Agent`, `Wait For Agent Event`
(``AgentState_Ready``), `Sign Out Agent`, again and again, with no test boundary in between (the Python
API, or one Robot Framework test), so nothing is released by a test ending. Reports the process's
resident memory and the Python heap (tracemalloc) at checkpoints, and what the call-flow log holds. The
simulator runs in its own process over HTTPS on 127.0.0.1.

    python bench/flowlog_memory.py                      # 10,000 cycles through the Python API
    python bench/flowlog_memory.py --cycles 2000 --robot    # one Robot test of 2,000 cycles

With ``--robot`` the figures include Robot Framework's own record of the test (every keyword and
message it logs stays in memory until the test ends), which grows with the test's length whatever the
library does.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import SimulatorProcess, header, rss_kib  # noqa: E402

AGENT = "101"


def sample(label: str, cycles: int, library, started: float) -> dict:
    gc.collect()
    heap = tracemalloc.get_traced_memory()[0] if tracemalloc.is_tracing() else 0
    flow = library.call_flow
    return {
        "label": label,
        "cycles": cycles,
        "rss_kib": rss_kib(os.getpid())["VmRSS"],
        "heap": heap,
        "flow_rows": flow.kept_rows() if hasattr(flow, "kept_rows") else -1,
        "requests_kept": len(library.requests),
        "seconds": time.perf_counter() - started,
    }


def cycle(library) -> None:
    library.run_keyword("sign_in_agent", [AGENT], {})
    library.run_keyword("wait_for_agent_event", [AGENT, "AgentState_Ready"], {})
    library.run_keyword("sign_out_agent", [AGENT], {})


def run_cycles(library, cycles: int, checkpoints: int = 10, trace: bool = True) -> list[dict]:
    """``cycles`` sign-in/sign-out cycles; a sample after the first 100 (warm-up) and at each checkpoint."""
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    samples = []
    marks = sorted({min(100, cycles)} | {cycles * k // checkpoints for k in range(1, checkpoints + 1)})
    done = 0
    for mark in marks:
        while done < mark:
            cycle(library)
            done += 1
        samples.append(sample(f"after {done:,} cycles", done, library, started))
        print(f"  {samples[-1]['label']} ({samples[-1]['seconds']:.0f} s)", file=sys.stderr, flush=True)
    if trace:
        tracemalloc.stop()
    return samples


def python_api(sim: SimulatorProcess, cycles: int, trace: bool) -> list[dict]:
    from robot.output.logger import LOGGER

    from CCGatewayLibrary import CCGatewayLibrary

    LOGGER.disable_message_cache()  # outside a Robot run, Robot keeps every logged message for a log to come
    library = CCGatewayLibrary(url=sim.url, verify=sim.ca_bundle)
    try:
        return run_cycles(library, cycles, trace=trace)
    finally:
        library.close()


ROBOT_SUITE = """*** Settings ***
Library           CCGatewayLibrary    url=${{URL}}    verify=${{CA}}
Library           {probe}

*** Test Cases ***
Many Sign-Ins In One Test
    Run Sign In Cycles    ${{CYCLES}}    ${{RESULT_FILE}}
"""

ROBOT_PROBE = '''
import json, sys
sys.path.insert(0, {bench!r})
from robot.libraries.BuiltIn import BuiltIn
import flowlog_memory


class Probe:
    """Runs the cycles through Robot's own keyword machinery (BuiltIn.Run Keyword), so each keyword is a
    Robot keyword with its result record, as in a suite."""

    def run_sign_in_cycles(self, cycles, result_file):
        builtin = BuiltIn()
        library = builtin.get_library_instance("CCGatewayLibrary")

        class Keywords:
            call_flow, requests = library.call_flow, library.requests

            @staticmethod
            def run_keyword(name, args, kwargs):
                builtin.run_keyword(name.replace("_", " ").title(), *args)

        samples = flowlog_memory.run_cycles(Keywords, int(cycles), trace=False)  # RSS only: Robot's own records grow
        with open(result_file, "w", encoding="utf-8") as out:
            json.dump(samples, out)
'''


def robot_test(sim: SimulatorProcess, cycles: int) -> list[dict]:
    from robot import run

    with tempfile.TemporaryDirectory(prefix="ccgw-flowlog-") as tmp:
        probe = Path(tmp) / "FlowProbe.py"
        probe.write_text(
            ROBOT_PROBE.format(bench=str(Path(__file__).resolve().parent)).replace("class Probe:", "class FlowProbe:"),
            encoding="utf-8",
        )
        suite = Path(tmp) / "cycles.robot"
        suite.write_text(ROBOT_SUITE.format(probe=probe), encoding="utf-8")
        result_file = Path(tmp) / "samples.json"
        rc = run(
            str(suite),
            outputdir=tmp,
            log="NONE",
            report="NONE",
            output="NONE",
            console="none",
            variable=[f"URL:{sim.url}", f"CA:{sim.ca_bundle}", f"CYCLES:{cycles}", f"RESULT_FILE:{result_file}"],
        )
        if rc or not result_file.exists():
            raise SystemExit(f"the Robot run failed (rc {rc})")
        return json.loads(result_file.read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Memory over many sign-in/sign-out cycles (loopback only).")
    parser.add_argument("--cycles", type=int, default=10_000, help="sign-in/sign-out cycles (default 10000)")
    parser.add_argument("--robot", action="store_true", help="run the cycles in one Robot Framework test")
    parser.add_argument("--no-trace", action="store_true", help="skip tracemalloc (faster; RSS only)")
    args = parser.parse_args(argv)
    where = "one Robot Framework test" if args.robot else "the Python API"
    header(f"Memory: {args.cycles:,} sign-in/sign-out cycles through {where}")
    with SimulatorProcess(poll_wait=1.0) as sim:
        samples = robot_test(sim, args.cycles) if args.robot else python_api(sim, args.cycles, not args.no_trace)
    print(f"{'when':22s} {'RSS MiB':>8s} {'heap MiB':>9s} {'flow rows':>10s} {'requests kept':>14s} {'seconds':>8s}")
    for s in samples:
        heap = f"{s['heap'] / 2**20:9.2f}" if s["heap"] else f"{'n/a':>9s}"
        print(
            f"{s['label']:22s} {s['rss_kib'] / 1024:8.1f} {heap} {s['flow_rows']:10d} "
            f"{s['requests_kept']:14d} {s['seconds']:8.1f}"
        )
    first = next(s for s in samples if s["cycles"] >= min(100, args.cycles))  # after warm-up
    last = samples[-1]
    heap = f", heap {(last['heap'] - first['heap']) / 2**20:+.2f} MiB" if last["heap"] else ""
    print(
        f"growth from {first['label']} to {last['label']}: RSS {(last['rss_kib'] - first['rss_kib']) / 1024:+.1f} "
        f"MiB{heap}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
