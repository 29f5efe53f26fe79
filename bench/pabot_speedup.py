"""Scale-out with pabot: runs suites/ serially with ``robot`` and in parallel with ``pabot --processes 2``,
checks that both give the same results (the same tests, each with the same status) and prints the wall
times and the speed-up.

    python bench/pabot_speedup.py                  # serial, pabot, pabot --suitesfrom (longest first)
    python bench/pabot_speedup.py --chunk          # also --chunk, --testlevelsplit --chunk, --ordering
    python bench/pabot_speedup.py --processes 4 --repeat 3
    python bench/pabot_speedup.py --latency 0.02   # every request 20 ms slower, as across a network

Every pabot process starts its own embedded simulator and takes its own agents. One process per suite
(plain pabot, ``--suitesfrom``) takes a PabotLib value set (``--resourcefile resources/agents.dat``);
one process per group (``--chunk``, ``--ordering``) takes the set at its position in the run from the same
file without PabotLib's lock server (``--no-pabotlib --variable AGENT_SETS:resources/agents.dat``);
``--ordering`` is timed both ways. ``--suitesfrom`` hands pabot the serial run's output.xml, so it starts
the longest suites first; ``--chunk`` runs one robot process per pabot process; ``--ordering`` (with
``--chunk``) gives pabot one group of suites per process, of about equal time in the serial run.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, header  # noqa: E402

PACK_TEST = """{name}
    Sign In Ready Agent    ${{AGENT_A}}
    ${{call}} =    Customer Calls And Agent Answers    ${{AGENT_A}}
    Agent Holds The Call    ${{AGENT_A}}    ${{call}}
    Retrieve Held Call    ${{AGENT_A}}    ${{call}}
    Wait For Agent Event    ${{AGENT_A}}    AgentEvent_Talking    callid=${{call}}
    Drop Call    ${{AGENT_A}}
    Wait For Agent Event    ${{AGENT_A}}    AgentEvent_Call_Release    content=${{call}}
    Wait For Agent Event    ${{AGENT_A}}    AgentState_Ready

"""


def write_pack(folder: Path, tests: int, per_suite: int = 25) -> str:
    """A generated pack of ``tests`` call-cycle tests (sign in, inbound call answered, hold, retrieve,
    drop, each step proven by its event), ``per_suite`` to a suite, using suites/__init__.robot's set-up
    (agents from the pabot value sets, the embedded simulator). Returns the pack's folder."""
    resources = ROOT / "resources"
    init = (ROOT / "suites" / "__init__.robot").read_text(encoding="utf-8").replace("../resources/", f"{resources}/")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "__init__.robot").write_text(init, encoding="utf-8")
    for first in range(0, tests, per_suite):
        body = "".join(
            PACK_TEST.format(name=f"Call Cycle {n + 1:03d}") for n in range(first, min(tests, first + per_suite))
        )
        (folder / f"pack_{first // per_suite + 1:02d}.robot").write_text(
            "*** Settings ***\n"
            f"Resource            {resources}/calls.resource\n"
            "Test Teardown       Sign Out All Agents\n"
            "Test Tags           simulator\n\n"
            f"*** Test Cases ***\n{body}",
            encoding="utf-8",
        )
    return str(folder)


def write_floor(output: Path, folder: Path) -> str:
    """The serial run ``output``'s shape with no work in it: the same suites and tests, each test, suite
    setup and teardown only ``Sleep``-ing as long as it took in that run (a benchmark's yardstick, never a
    suite). What pabot gains on it is the most it can gain on that run: its own start, scheduling and merge
    are all it adds. Returns the folder."""
    from robot.api import ExecutionResult

    def fixture(name: str, item) -> str:
        seconds = item.elapsed_time.total_seconds() if item else 0
        return f"{name}    Sleep    {seconds:.3f} s\n" if seconds else ""

    def write(suite, path: Path) -> None:
        settings = fixture("Suite Setup", suite.setup) + fixture("Suite Teardown", suite.teardown)
        if suite.suites:
            path.mkdir(parents=True)
            if settings:
                (path / "__init__.robot").write_text(f"*** Settings ***\n{settings}", encoding="utf-8")
            for number, child in enumerate(suite.suites):
                write(child, path / f"{number + 1:02d}__{child.name.replace(' ', '_')}")
            return
        tests = "".join(
            f"{test.name}\n    Sleep    {test.elapsed_time.total_seconds():.3f} s\n" for test in suite.tests
        )
        path.with_suffix(".robot").write_text(
            f"*** Settings ***\n{settings}\n*** Test Cases ***\n{tests}", encoding="utf-8"
        )

    write(ExecutionResult(str(output)).suite, folder)
    return str(folder)


def _env() -> dict:
    """pabot starts ``robot`` from PATH: put this interpreter's scripts first."""
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    return env


def _results(output: Path) -> dict[str, str]:
    from robot.api import ExecutionResult

    found: dict[str, str] = {}

    def walk(suite) -> None:
        for test in suite.tests:
            found[test.longname] = test.status
        for child in suite.suites:
            walk(child)

    walk(ExecutionResult(str(output)).suite)
    return found


def balanced_ordering(output: Path, processes: int, ordering: Path) -> Path:
    """Writes a pabot ``--ordering`` file that puts the top suite's child suites into ``processes`` groups
    of about equal time in the serial run ``output`` (longest first, each into the group with the least
    time so far). pabot runs each ``{ }`` group in one robot process, so every process pays its start-up
    once (as ``--chunk``) and the processes end together (``--chunk`` splits by count, not by time)."""
    from robot.api import ExecutionResult

    suites = sorted(
        ((child.elapsed_time.total_seconds(), child.full_name) for child in ExecutionResult(str(output)).suite.suites),
        reverse=True,
    )
    totals = [0.0] * processes
    groups: list[list[str]] = [[] for _ in range(processes)]
    for seconds, name in suites:
        least = totals.index(min(totals))
        totals[least] += seconds
        groups[least].append(name)
    lines = []
    for names in groups:
        if names:
            lines += ["{", *(f"--suite {name}" for name in names), "}"]
    ordering.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ordering


def run_serial(out: Path, suites: str, extra: list[str]) -> tuple[float, dict[str, str], str]:
    started, cpu = time.perf_counter(), _children_cpu()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "robot",
            *extra,
            "--outputdir",
            str(out),
            "--log",
            "NONE",
            "--report",
            "NONE",
            "--console",
            "none",
            suites,
        ],
        cwd=str(ROOT),
        env=_env(),
    )
    return time.perf_counter() - started, _results(out / "output.xml"), f"CPU {_children_cpu() - cpu:.1f} s"


AGENT_SETS = str(ROOT / "resources" / "agents.dat")
VALUE_SETS = ["--pabotlibport", "0", "--resourcefile", AGENT_SETS]  # PabotLib's lock server hands out the sets
OWN_SETS = ["--no-pabotlib", "--variable", f"AGENT_SETS:{AGENT_SETS}"]  # each process reads its own set


def run_pabot(out: Path, suites: str, processes: int, extra: list[str]) -> tuple[float, dict[str, str], str]:
    command = [
        sys.executable,
        "-m",
        "pabot.pabot",
        "--processes",
        str(processes),
        *extra,
        "--outputdir",
        str(out),
        "--log",
        "NONE",
        "--report",
        "NONE",
        suites,
    ]
    started, launched, cpu = time.perf_counter(), time.time(), _children_cpu()
    subprocess.run(command, cwd=str(out), env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    return seconds, _results(out / "output.xml"), _phases(out, launched, seconds, _children_cpu() - cpu)


def _children_cpu() -> float:
    """CPU seconds (user and system) of the finished child processes and theirs: pabot and its robots."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _phases(out: Path, launched: float, seconds: float, cpu: float) -> str:
    """Where a pabot run's time went: its CPU seconds, when its robot processes' top suites started and
    ended (from their output.xml), and what pabot took before and after them (start, merge, exit)."""
    from robot.api import ExecutionResult

    spans = []
    for output in out.glob("pabot_results/*/output.xml"):
        top = ExecutionResult(str(output)).suite
        spans.append((top.start_time.timestamp() - launched, top.end_time.timestamp() - launched))
    if not spans:
        return f"CPU {cpu:.1f} s"
    first, last = min(s for s, _ in spans), max(e for _, e in spans)
    return (
        f"CPU {cpu:.1f} s; {len(spans)} robot processes: first suite starts +{first:.1f} s, "
        f"last ends +{last:.1f} s, then {seconds - last:.1f} s to the merged output"
    )


def _variants(chunk: bool, history: str, ordering: str) -> dict[str, list[str]]:
    """The pabot variants timed, by the name printed: their options beside the common ones. ``history``: a
    serial run's output.xml; ``ordering``: an ``--ordering`` file of equal groups from it."""
    variants = {
        "pabot": VALUE_SETS,
        "pabot --suitesfrom (longest suites first)": [*VALUE_SETS, "--suitesfrom", history],
    }
    if chunk:
        variants["pabot --no-pabotlib --chunk"] = [*OWN_SETS, "--chunk"]
        variants["pabot --no-pabotlib --testlevelsplit --chunk"] = [*OWN_SETS, "--testlevelsplit", "--chunk"]
        variants["pabot --ordering, PabotLib value sets"] = [*VALUE_SETS, "--ordering", ordering]
        variants["pabot --no-pabotlib --ordering (equal groups)"] = [*OWN_SETS, "--ordering", ordering]
    return variants


def _time_variants(args, base: Path, suites: str, common: list[str], serial: dict, notes: dict, history: str):
    """Time each pabot variant (best of ``args.repeat``; only ``args.only`` if given) on ``suites``; returns
    the timings and whether every run gave the serial run's results. ``history``: the serial run's
    output.xml, for ordering."""
    ordering = ""
    if args.chunk:
        ordering = str(balanced_ordering(Path(history), args.processes, base / f"ordering-{Path(suites).name}.txt"))
    variants = _variants(args.chunk, history, ordering)
    if args.only:
        variants = {args.only: variants[args.only]}
    timings = {}
    same = True
    for name, extra in variants.items():
        best = None
        for i in range(args.repeat):
            out = base / f"{Path(suites).name}-{len(timings)}-{i}"
            out.mkdir()
            seconds, results, note = run_pabot(out, suites, args.processes, common + extra)
            if best is None or seconds < best:
                best, notes[name] = seconds, note
            if results != serial:
                same = False
                differ = sorted(set(results.items()) ^ set(serial.items()))
                print(f"{name}: results differ from the serial run: {differ[:10]}")
        timings[name] = best
    return timings, same


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="pabot speed-up over a serial robot run of suites/.")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each (the best time counts)")
    parser.add_argument("--chunk", action="store_true", help="also time pabot --chunk")
    parser.add_argument(
        "--only",
        metavar="VARIANT",
        help='time only this pabot variant, named as printed (e.g. "pabot --no-pabotlib --chunk")',
    )
    parser.add_argument(
        "--latency",
        type=float,
        default=0,
        metavar="SECONDS",
        help="make every request SECONDS slower, as with a lab gateway across a network "
        "(bench/gateway_latency.py), and leave out the resilience suite",
    )
    parser.add_argument(
        "--pack",
        type=int,
        default=0,
        metavar="TESTS",
        help="run a generated pack of TESTS call-cycle tests (25 to a suite) instead of suites/",
    )
    parser.add_argument(
        "--floor",
        action="store_true",
        help="also time the same variants on the serial run's shape with no work in it (each test only "
        "sleeps as long as it took): the most pabot can gain here",
    )
    parser.add_argument("suites", nargs="?", default=str(ROOT / "suites"))
    args = parser.parse_args(argv)
    if args.only and args.only not in _variants(args.chunk, "", ""):
        parser.error(f"--only {args.only!r}: no such variant with these options")
    if shutil.which("robot", path=_env()["PATH"]) is None:
        print("robot is not on PATH; install the project first (pip install '.[test]')")
        return 1

    header(f"Scale-out: robot vs pabot --processes {args.processes}")
    print(f"load average at the start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    common = []
    if args.latency:
        common = [
            "--listener",
            f"{Path(__file__).resolve().parent / 'gateway_latency.py'}:{args.latency}",
            "--exclude",
            "resilience",
        ]
        print(
            f"every request {args.latency * 1000:g} ms slower (a lab gateway's round trip); "
            "suites/ without the resilience suite"
        )
    with tempfile.TemporaryDirectory(prefix="ccgw-pabot-") as tmp:
        base = Path(tmp)
        if args.pack:
            args.suites = write_pack(base / "pack", args.pack)
            print(f"a generated pack of {args.pack} call-cycle tests, 25 to a suite")
        serial_times, serial, notes = [], {}, {}
        for i in range(args.repeat):
            seconds, serial, note = run_serial(base / f"serial{i}", args.suites, common)
            serial_times.append(seconds)
            if seconds == min(serial_times):
                notes["robot (serial)"] = note
        history = str(base / "serial0" / "output.xml")
        timings, same = _time_variants(args, base, args.suites, common, serial, notes, history)
        if args.floor:
            floor_suites = write_floor(Path(history), base / "floor")
            floor_serial_time, floor_serial, floor_note = run_serial(base / "floor-serial", floor_suites, [])
            floor_notes = {"robot (serial)": floor_note}
            floor_timings, _ = _time_variants(
                args,
                base,
                floor_suites,
                [],
                floor_serial,
                floor_notes,
                str(base / "floor-serial" / "output.xml"),
            )
    passed = sum(1 for status in serial.values() if status == "PASS")
    serial_best = min(serial_times)
    print(f"suite: {len(serial)} tests ({passed} passed serially)")
    print(f"{'robot (serial)':48s}{serial_best:6.1f} s   {notes['robot (serial)']}")
    for name, seconds in timings.items():
        print(f"{name:48s}{seconds:6.1f} s   speed-up x{serial_best / seconds:.2f}")
        print(f"{'':52s}{notes[name]}")
    if args.floor:
        print(
            f"floor: the same suites and tests, each only sleeping as long as it took serially "
            f"({len(floor_serial)} tests)"
        )
        print(f"{'  robot (serial)':48s}{floor_serial_time:6.1f} s   {floor_note}")
        for name, seconds in floor_timings.items():
            print(f"  {name:46s}{seconds:6.1f} s   speed-up x{floor_serial_time / seconds:.2f}")
            print(f"{'':52s}{floor_notes[name]}")
    print(f"same tests with the same status in every run: {'yes' if same else 'NO'}")
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
