"""Runs every suite in suites/ through Robot Framework's API against the embedded simulator, and checks
every event the simulator emitted in that run against the event catalogue."""

from pathlib import Path

import pytest
from robot import run
from robot.api import ExecutionResult

from CCGatewayLibrary.eventtypes import CATALOGUE, NULL, OBJECT, TEXT
from CCGatewayLibrary.simulator.model import GatewayModel

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def suite_run(tmp_path_factory):
    """One run of suites/ (the simulator runs in this process), recording every event it emitted."""
    out = tmp_path_factory.mktemp("suites")
    emitted = []
    original = GatewayModel._emit

    def recording(model, agent, event_type, content=None):
        emitted.append((event_type, content))
        return original(model, agent, event_type, content)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(GatewayModel, "_emit", recording)
        rc = run(str(ROOT / "suites"), outputdir=str(out), loglevel="DEBUG", console="none")
    return rc, ExecutionResult(str(out / "output.xml")), emitted


def test_every_suite_passes(suite_run):
    rc, result, _ = suite_run
    stats = result.statistics.total
    failed = [f"{t.longname}: {t.message}" for t in _tests(result.suite) if t.status != "PASS"]
    assert failed == []
    assert rc == 0
    assert stats.passed >= 15


def test_the_simulator_emits_only_catalogue_events_with_their_documented_content(suite_run):
    _, _, emitted = suite_run
    wrong = []
    for event_type, content in emitted:
        row = CATALOGUE.get(event_type)
        if row is None:
            wrong.append(f"{event_type}: not in the catalogue")
        elif row.shape == NULL and content is not None:
            wrong.append(f"{event_type}: content {content!r}, documented null")
        elif row.shape == TEXT and not (isinstance(content, str) and content):
            wrong.append(f"{event_type}: content {content!r}, documented a plain string ({row.text})")
        elif row.shape == OBJECT and (not isinstance(content, dict) or set(content) != set(row.fields)):
            wrong.append(f"{event_type}: content {content!r}, documented the fields {', '.join(row.fields)}")
    assert sorted(set(wrong)) == []
    # The run covers the suites' call situations: sign-in, calls, holds, releases, conferences.
    assert len({event_type for event_type, _ in emitted}) >= 20


def test_suites_pass_a_dry_run(tmp_path):
    assert run(str(ROOT / "suites"), outputdir=str(tmp_path), dryrun=True, console="none") == 0


def _tests(suite):
    yield from suite.tests
    for child in suite.suites:
        yield from _tests(child)
