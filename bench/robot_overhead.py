"""What Robot Framework itself costs per keyword call, with no library work: the floor under every keyword of
this library, and the two costs of Robot Framework 7.5 that grow with what a library gives it.

    python bench/robot_overhead.py            # 2,000 calls of each, in blocks of 100, interleaved

Four keywords of one generated dynamic library (robotlibcore's ``DynamicCore``, as this library), each
doing nothing: ``Bare`` (one-line documentation), ``Long Doc`` (the same with 3.9 kB of documentation, the
length of `Wait For Agent Event`'s: Robot searches all of it for a ``Tags:`` line on every call,
``KeywordImplementation.all_tags``), and both again in a second library that declares two custom argument
converters (``ROBOT_LIBRARY_CONVERTERS``, as this library does for time values and call IDs, prepared as it
prepares them, ``library._resolved``: Robot rebuilds them, parsing each converter's signature, on every
call of that library's keywords, ``TestLibrary.converters``). Plus BuiltIn's ``No Operation``. Each is called through
``BuiltIn.Run Keyword`` in a real Robot run, so a call costs what it costs in a test (output.xml included).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import header  # noqa: E402

LONG_DOC = "Does nothing, at length.\n\n" + ("A line of documentation as a tester reads it in libdoc. " * 70)

LIBRARY = '''
from datetime import timedelta
from robotlibcore import DynamicCore, keyword

from CCGatewayLibrary.library import _resolved


class CallId(str):
    """A call ID."""


def as_time(value: str) -> timedelta:
    return timedelta(seconds=1)


def as_call_id(value: str) -> CallId:
    return CallId(value)


class Keywords:
    @keyword
    def bare{suffix}(self, agent_id: str):
        """Does nothing."""

    @keyword
    def long_doc{suffix}(self, agent_id: str):
        {long_doc!r}


class {name}(DynamicCore):
    ROBOT_LIBRARY_SCOPE = "GLOBAL"
    {converters}

    def __init__(self):
        super().__init__([Keywords()])
'''

PROBE = """
import json, time
from robot.libraries.BuiltIn import BuiltIn


def time_keywords(calls, block, result_file, *names):
    builtin, calls, block = BuiltIn(), int(calls), int(block)
    per_call = {name: [] for name in names}
    args = {name: () if name == "No Operation" else ("101",) for name in names}
    for name in names:
        for _ in range(block):
            builtin.run_keyword(name, *args[name])
    for _ in range(calls // block):
        for name in names:
            started = time.perf_counter()
            for _ in range(block):
                builtin.run_keyword(name, *args[name])
            per_call[name].append((time.perf_counter() - started) / block * 1e6)
    with open(result_file, "w") as out:
        json.dump(per_call, out)
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000, help="calls of each keyword (default 2,000)")
    parser.add_argument("--block", type=int, default=100, help="calls timed together (default 100)")
    args = parser.parse_args(argv)
    header("Robot Framework's own cost per keyword call")
    from robot import run

    with tempfile.TemporaryDirectory(prefix="ccgw-robot-overhead-") as tmp:
        folder = Path(tmp)
        converters = "ROBOT_LIBRARY_CONVERTERS = {timedelta: _resolved(as_time), CallId: _resolved(as_call_id)}"
        (folder / "Plain.py").write_text(
            LIBRARY.format(name="Plain", suffix="", long_doc=LONG_DOC, converters=""), encoding="utf-8"
        )
        (folder / "Converting.py").write_text(
            LIBRARY.format(name="Converting", suffix="_converting", long_doc=LONG_DOC, converters=converters),
            encoding="utf-8",
        )
        (folder / "Probe.py").write_text(PROBE, encoding="utf-8")
        names = ["No Operation", "Bare", "Long Doc", "Bare Converting", "Long Doc Converting"]
        result = folder / "result.json"
        (folder / "overhead.robot").write_text(
            "*** Settings ***\nLibrary    Plain.py\nLibrary    Converting.py\nLibrary    Probe.py\n\n"
            "*** Test Cases ***\nOverhead\n"
            f"    Time Keywords    {args.calls}    {args.block}    {result}    " + "    ".join(names) + "\n",
            encoding="utf-8",
        )
        rc = run(str(folder / "overhead.robot"), outputdir=tmp, log="NONE", report="NONE", console="none")
        if rc or not result.exists():
            from robot.api import ExecutionResult

            test = ExecutionResult(str(folder / "output.xml")).suite.tests[0]
            print(f"the Robot run failed (rc {rc}): {test.message}")
            return 1
        import json

        per_call = json.loads(result.read_text(encoding="utf-8"))
    medians = {name: statistics.median(values) for name, values in per_call.items()}
    for name in names:
        print(
            f"  {name:22s} median {medians[name]:6.0f} us per call (blocks of {args.block}: "
            f"{min(per_call[name]):.0f}-{max(per_call[name]):.0f})"
        )
    print(
        f"\n3.9 kB of documentation: +{medians['Long Doc'] - medians['Bare']:.0f} us per call; "
        f"two custom converters: +{medians['Bare Converting'] - medians['Bare']:.0f} us per call; "
        f"both: +{medians['Long Doc Converting'] - medians['Bare']:.0f} us"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
