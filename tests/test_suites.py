"""Runs every suite in suites/ through Robot Framework's API against the embedded simulator."""

from pathlib import Path

from robot import run
from robot.api import ExecutionResult

ROOT = Path(__file__).resolve().parent.parent


def test_every_suite_passes(tmp_path):
    rc = run(str(ROOT / "suites"), outputdir=str(tmp_path), loglevel="DEBUG", console="none")
    result = ExecutionResult(str(tmp_path / "output.xml"))
    stats = result.statistics.total
    failed = [f"{t.longname}: {t.message}" for t in _tests(result.suite) if t.status != "PASS"]
    assert failed == []
    assert rc == 0
    assert stats.passed >= 15


def test_suites_pass_a_dry_run(tmp_path):
    assert run(str(ROOT / "suites"), outputdir=str(tmp_path), dryrun=True, console="none") == 0


def _tests(suite):
    yield from suite.tests
    for child in suite.suites:
        yield from _tests(child)
