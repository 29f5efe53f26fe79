"""What every benchmark shares: percentiles, the machine's facts, the simulator in its own process, and
running a Robot Framework suite with a probe library. Benchmarks talk to 127.0.0.1 only."""

from __future__ import annotations

import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent


# -- figures ------------------------------------------------------------------------------------
def percentile(values: list[float], p: float) -> float:
    """The ``p``-th percentile (0-100) by the nearest-rank method; NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def summary(values: list[float]) -> dict:
    """count, median, p95, p99, max and mean of ``values`` (same unit as given)."""
    return {
        "count": len(values),
        "median": percentile(values, 50),
        "p95": percentile(values, 95),
        "p99": percentile(values, 99),
        "max": max(values) if values else math.nan,
        "mean": sum(values) / len(values) if values else math.nan,
    }


def fmt(stats: dict, unit: str = "ms", digits: int = 2) -> str:
    return (
        f"n={stats['count']}  median {stats['median']:.{digits}f} {unit}  p95 {stats['p95']:.{digits}f}  "
        f"p99 {stats['p99']:.{digits}f}  max {stats['max']:.{digits}f}  mean {stats['mean']:.{digits}f}"
    )


def verdict(value: float, limit: float) -> str:
    return "met" if value <= limit else "NOT met"


def machine() -> str:
    """``2 cores, AMD EPYC, Python 3.11.7, Linux 6.x``: the facts the README's table quotes."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} cores (nproc), {model}, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )


def header(title: str) -> None:
    print(f"== {title} ==")
    print(f"machine: {machine()}")


# -- the simulator in its own process -------------------------------------------------------------
def rss_kib(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak) of process ``pid`` in KiB, from /proc."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = int(value.split()[0])
    return found


def event_key(event: dict) -> str:
    """An event as a string that tells it from every other event of a run (agent, type, generation time in
    ms, content): what the simulator's queue stamps and the waiting side's observations are matched by."""
    return json.dumps(
        [event.get("workNo"), event.get("eventType"), event.get("eventGenTime"), event.get("content")], sort_keys=True
    )


class SimulatorProcess:
    """``bench/simulator_process.py`` in a child process on a free 127.0.0.1 port. Closing its stdin
    stops it (so it also stops if the benchmark dies); it then prints its event counts as JSON."""

    def __init__(
        self, tls: bool = True, poll_wait: float = 10.0, extra: list[str] | None = None, tree: str | None = None
    ):
        """``tree``: serve the ``CCGatewayLibrary`` of this source tree (e.g. an earlier commit's, from
        ``git archive``) instead of the one on the path."""
        args = [sys.executable, str(BENCH / "simulator_process.py"), "--poll-wait", str(poll_wait)]
        env = None
        if tree:
            env = {**os.environ, "PYTHONPATH": os.pathsep.join([tree, os.environ.get("PYTHONPATH", "")])}
        if not tls:
            args.append("--http")
        self.process = subprocess.Popen(
            args + (extra or []), stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=str(ROOT), env=env
        )
        ready = json.loads(self._readline(30))
        self.url: str = ready["url"]
        self.ca_bundle: str | None = ready["ca_bundle"]
        self.serving: str = f"event loop {ready.get('loop', '?')}, HTTP parser {ready.get('http', '?')}"
        self.pid = self.process.pid

    def _readline(self, timeout: float) -> str:
        box: list[str] = []
        reader = threading.Thread(target=lambda: box.append(self.process.stdout.readline()), daemon=True)
        reader.start()
        reader.join(timeout)
        if not box or not box[0]:
            self.process.kill()
            raise RuntimeError("the simulator process did not start")
        return box[0]

    def rss(self) -> dict[str, int]:
        return rss_kib(self.pid)

    def stop(self) -> dict:
        """Stop the simulator; returns what it reported (events queued per agent, ...)."""
        try:
            self.process.stdin.close()
            line = self._readline(20)
            self.process.wait(10)
            return json.loads(line)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> SimulatorProcess:
        return self

    def __exit__(self, *exc) -> None:
        if self.process.poll() is None:
            try:
                self.stop()
            except Exception:
                pass


# -- a Robot Framework run with a probe library -----------------------------------------------------
def run_robot_probe(probe: str, keyword: str, options: dict, suite_settings: str = "") -> dict:
    """Run ``keyword`` of the probe library ``bench/<probe>.py`` inside a real Robot Framework run (so
    the library logs to Robot's output as in a test), passing ``options`` as JSON; returns the JSON the
    keyword wrote. Robot's console output is suppressed; its output.xml goes to a temporary folder."""
    from robot import run

    with tempfile.TemporaryDirectory(prefix="ccgw-bench-") as tmp:
        result_file = Path(tmp) / "result.json"
        suite = Path(tmp) / "bench.robot"
        suite.write_text(
            "*** Settings ***\n"
            "Library    CCGatewayLibrary\n"
            f"Library    {BENCH / (probe + '.py')}\n"
            f"{suite_settings}\n"
            "*** Test Cases ***\n"
            "Benchmark\n"
            f"    {keyword}    ${{OPTIONS}}    ${{RESULT_FILE}}\n",
            encoding="utf-8",
        )
        rc = run(
            str(suite),
            outputdir=tmp,
            log="NONE",
            report="NONE",
            console="none",
            variable=[f"OPTIONS:{json.dumps(options)}", f"RESULT_FILE:{result_file}"],
        )
        if not result_file.exists():
            from robot.api import ExecutionResult

            test = ExecutionResult(str(Path(tmp) / "output.xml")).suite.tests[0]
            raise RuntimeError(f"the benchmark run failed (rc {rc}): {test.message}")
        return json.loads(result_file.read_text(encoding="utf-8"))
