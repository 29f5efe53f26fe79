"""The spec coverage report (CCGatewayLibrary/evidence) counted against a run whose coverage is known: a
small generated suite, run with plain robot and with pabot (two processes, merged), and its threshold.

Expectations come from the documentation: the seed pages list release's retcodes (100-006, 100-007,
200-017) and triggered events (AgentEvent_Call_Release, AgentEvent_Customer_Release); reference §9 gives
the sequences "Sign-in idle" and "Release"."""

from __future__ import annotations

import json
import subprocess
import sys

from robot import run
from robot.api import ExecutionResult

from CCGatewayLibrary.evidence import cli

SETTINGS = """*** Settings ***
Library             CCGatewayLibrary
Suite Setup         Start Gateway Simulator    poll_wait=1 s
Suite Teardown      Stop Gateway Simulator
Test Teardown       Sign Out All Agents

*** Test Cases ***
"""
CALL = """Inbound Call Answered And Dropped
    Sign In Agent    101
    Wait For Agent Event    101    AgentOther_InService
    Wait For Agent Event    101    AgentState_Ready
    ${call} =    Simulate Inbound Call    101    caller=13800000001
    Wait For Agent Event    101    AgentEvent_Ringing    callid=${call}
    Answer Call    101
    Wait For Agent Event    101    AgentEvent_Talking    callid=${call}
    Drop Call    101
    Wait For Agent Event    101    AgentEvent_Call_Release    content=${call}
    Wait For Agent Event    101    AgentState_Ready
"""
REFUSED = """Drop Call Without A Call Is Refused
    Sign In Agent    101
    Wait For Agent Event    101    AgentState_Ready
    Run Keyword And Expect Error    200-017*    Drop Call    101

Hold Without A Call Fails The Test
    Sign In Agent    101
    Wait For Agent Event    101    AgentState_Ready
    Put Call On Hold    101
"""


def _row(report, interface):
    return next(r for r in report["interfaces"] if r["interface"] == interface)


def check_known_coverage(report: dict) -> None:
    assert (report["tests"], report["passed"]) == (3, 2)
    figures = report["figures"]
    # Failure retcodes: release 200-017 (expected, test passed) and hold 200-013 (the test failed).
    assert figures["retcodes_provoked"]["covered"] == 2
    assert figures["retcodes_asserted"]["covered"] == 1
    release = _row(report, "release")
    assert [r["retcode"] for r in release["retcodes"]] == ["100-006", "100-007", "200-017"]  # seed 001
    assert {r["retcode"]: (r["provoked"], r["asserted"]) for r in release["retcodes"]} == {
        "100-006": (0, 0),
        "100-007": (0, 0),
        "200-017": (1, 1),
    }
    hold = _row(report, "hold")
    assert {r["retcode"]: (r["provoked"], r["asserted"]) for r in hold["retcodes"]}["200-013"] == (1, 0)
    events = {e["event"]: (e["received"], e["waited"]) for e in release["events"]}
    assert events == {"AgentEvent_Call_Release": (1, 1), "AgentEvent_Customer_Release": (1, 0)}  # seed 001
    assert {e["event"]: e["waited"] for e in _row(report, "login")["events"]} == {
        "AgentOther_InService": 1,
        "AgentState_Ready": 3,
    }
    assert _row(report, "answer")["events"] == [
        {"event": "AgentEvent_Talking", "meaning": "the agent entered talking", "received": 1, "waited": 1}
    ]
    seen = {s["sequence"] for s in report["sequences"] if s["seen"]}
    assert (
        {"Sign-in idle", "Release (DELETE release)"}
        <= seen
        <= {"Sign-in idle", "Release (DELETE release)", "Inbound call, manual answer"}
    )
    reached = {f"{s['kind']}: {s['situation']}" for s in report["situations"] if s["reached"]}
    assert reached == {
        "agent state: signed in",
        "agent state: idle",
        "agent state: busy (occupied by a call)",
        "agent state: talking",
        "agent state: signed out",
        "call situation: ringing",
        "call situation: talking",
    }
    unexercised = report["unexercised"]
    assert "release 200-017" not in unexercised["retcodes"] and "connectHold 200-014" in unexercised["retcodes"]
    assert "Three-party call" in unexercised["sequences"]
    assert "call situation: three-party" in unexercised["situations"]
    # The seed interfaces come first, in the order of the interface table.
    assert [r["interface"] for r in report["interfaces"][:6]] == [
        "connectHold",
        "release",
        "releaseEx",
        "disconnect",
        "phonehangup",
        "releaseAgentConf",
    ]


def test_coverage_of_a_known_run_with_robot(tmp_path):
    suite = tmp_path / "known.robot"
    suite.write_text(SETTINGS + CALL + "\n" + REFUSED, encoding="utf-8")
    out = tmp_path / "results"
    assert run(str(suite), outputdir=str(out), console="none") == 1  # one test fails on purpose
    report = json.loads((out / "ccgateway-coverage.json").read_text(encoding="utf-8"))
    check_known_coverage(report)

    html = (out / "ccgateway-coverage.html").read_text(encoding="utf-8")
    provoked = report["figures"]["retcodes_provoked"]
    assert f"documented retcodes provoked</span></td><td class='n'>2 of {provoked['documented']}</td>" in html
    # log.html and report.html link the report from the top suite's metadata.
    metadata = ExecutionResult(str(out / "output.xml")).suite.metadata
    assert metadata["CC-Gateway spec coverage"].startswith(
        "[ccgateway-coverage.html|ccgateway-coverage.html]: documented retcodes provoked 2 of "
    )

    # The command rebuilds the same report and applies thresholds.
    assert cli.main(["coverage", str(out), "--fail-under", "1"]) == 0
    assert cli.main(["coverage", str(out), "--fail-under", "retcodes_asserted=50"]) == 1
    assert json.loads((out / "ccgateway-coverage.json").read_text(encoding="utf-8")) == report


def test_coverage_merges_the_parts_of_pabot_processes(tmp_path):
    suites = tmp_path / "suites"
    suites.mkdir()
    (suites / "a_call.robot").write_text(SETTINGS + CALL, encoding="utf-8")
    (suites / "b_refused.robot").write_text(SETTINGS + REFUSED, encoding="utf-8")
    out = tmp_path / "results"
    done = subprocess.run(
        [sys.executable, "-m", "pabot.pabot", "--processes", "2", "--outputdir", str(out), str(suites)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1, done.stdout[-3000:] + done.stderr[-3000:]
    parts = sorted(out.rglob("ccgateway-coverage.part.json"))
    assert len(parts) == 2 and all("pabot_results" in str(p) for p in parts)
    check_known_coverage(json.loads((out / "ccgateway-coverage.json").read_text(encoding="utf-8")))
