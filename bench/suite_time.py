"""Suite time: runs every suite in suites/ with plain ``robot`` against the embedded simulator and reports
the run's wall time and, per test, the time spent inside waits: `Wait For Agent Event`,
`Agent Event Should Not Occur` (which watches for its whole ``within`` by design) and ``Sleep`` (which
the suites never use). Happy-path tests (those that expect no error and inject no fault: no ``Run Keyword And Expect
Error``, no ``Inject Gateway Fault``) must each spend at most 1 s waiting in total.

    python bench/suite_time.py
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, header  # noqa: E402

WAITS = (
    "Wait For Agent Event",
    "Wait For Agent Events",
    "Wait For Agent Events In Order",
    "Agent Event Count Should Be",
    "Agent Event Should Not Occur",
    "Sleep",
)
HAPPY_LIMIT_S = 1.0


def _walk(body, found: dict[str, float], flags: set[str]) -> None:
    """Add up the elapsed seconds of the wait keywords under ``body`` (through user keywords and
    control structures)."""
    for item in body:
        if getattr(item, "type", "") in ("KEYWORD", "SETUP", "TEARDOWN"):
            name = item.name or ""
            if name in WAITS:
                found[name] += item.elapsed_time.total_seconds()
                continue
            if name in ("Run Keyword And Expect Error", "Inject Gateway Fault"):
                flags.add("not happy")
        _walk(getattr(item, "body", ()), found, flags)
        for branch in ("setup", "teardown"):
            part = getattr(item, branch, None)
            if part:
                _walk([part], found, flags)


def _tests(suite):
    yield from suite.tests
    for child in suite.suites:
        yield from _tests(child)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the suites and the waits inside them.")
    parser.add_argument("suites", nargs="?", default=str(ROOT / "suites"))
    args = parser.parse_args(argv)
    from robot.api import ExecutionResult

    header("Suite time: suites/ under plain robot, embedded simulator")
    with tempfile.TemporaryDirectory(prefix="ccgw-suites-") as tmp:
        started = time.perf_counter()
        rc = subprocess.run(
            [
                sys.executable,
                "-m",
                "robot",
                "--outputdir",
                tmp,
                "--log",
                "NONE",
                "--report",
                "NONE",
                "--console",
                "none",
                args.suites,
            ],
            cwd=str(ROOT),
        ).returncode
        wall = time.perf_counter() - started
        result = ExecutionResult(str(Path(tmp) / "output.xml"))
    rows = []
    for test in _tests(result.suite):
        waits: dict[str, float] = defaultdict(float)
        flags: set[str] = set()
        _walk([test.setup] if test.setup else [], waits, flags)
        _walk(test.body, waits, flags)
        _walk([test.teardown] if test.teardown else [], waits, flags)
        rows.append((test, sum(waits.values()), waits, "not happy" not in flags))
    stats = result.statistics.total
    executed = result.suite.elapsed_time.total_seconds()
    total_wait = sum(r[1] for r in rows)
    print(
        f"{stats.passed} passed, {stats.failed} failed (robot rc {rc}); wall time {wall:.1f} s including "
        f"interpreter start, {executed:.1f} s executing"
    )
    print(
        f"time inside waits, all tests: {total_wait:.2f} s "
        + ", ".join(f"{k} {sum(r[2][k] for r in rows):.2f} s" for k in WAITS)
    )
    top = result.suite
    print(
        f"suite setup {top.setup.elapsed_time.total_seconds():.2f} s, suite teardown "
        f"{top.teardown.elapsed_time.total_seconds():.2f} s; per suite: "
        + ", ".join(f"{child.name} {child.elapsed_time.total_seconds():.2f} s" for child in top.suites)
    )
    print(f"\n{'wait s':>7} {'test s':>7}  test (* = happy path)")
    for test, waited, _, happy in sorted(rows, key=lambda r: -r[1]):
        print(f"{waited:7.3f} {test.elapsed_time.total_seconds():7.3f}  {'*' if happy else ' '} {test.longname}")
    happy = [r for r in rows if r[3]]
    worst = max(happy, key=lambda r: r[1])
    print(
        f"\nhappy-path tests: {len(happy)}; most time waiting: {worst[1]:.3f} s ({worst[0].name}); "
        f"target <= {HAPPY_LIMIT_S:g} s each: {'met' if worst[1] <= HAPPY_LIMIT_S else 'NOT met'}"
    )
    return 0 if rc == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
