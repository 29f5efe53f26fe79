"""Start Gateway Simulator's strictness options and the agent-conference keywords, through Robot
Framework itself (a generated suite run with robot.run), so argument conversion is exercised."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from robot import run
from robot.api import ExecutionResult

from tests.fidelity_marks import fidelity

ROOT = Path(__file__).resolve().parent.parent


def _run(tmp_path, body: str, **options):
    suite = tmp_path / "strict.robot"
    suite.write_text(textwrap.dedent(body), encoding="utf-8")
    rc = run(str(suite), outputdir=str(tmp_path), console="none", loglevel="DEBUG", **options)
    result = ExecutionResult(str(tmp_path / "output.xml"))
    tests = {t.name: t for t in result.suite.tests}
    return rc, tests, (tmp_path / "output.xml").read_text(encoding="utf-8")


@fidelity(
    "directory-status",
    "directory-server-cli",
    "signin-100-004-password",
    "signin-100-014",
    "conf-answer",
    "conf-leave-chair-101-007",
)
def test_start_gateway_simulator_with_a_directory_and_the_conference_keywords(tmp_path):
    directory = tmp_path / "agents.json"
    directory.write_text(
        json.dumps({"101": {"password": "pw-1", "phones": ["101"]}, "102": {"password": "pw-2", "phones": ["102"]}})
    )
    rc, tests, output = _run(
        tmp_path,
        f"""\
        *** Settings ***
        Library    CCGatewayLibrary
        Test Teardown    Run Keywords    Sign Out All Agents    AND    Stop Gateway Simulator

        *** Test Cases ***
        Lenient Without A Directory
            Start Gateway Simulator    poll_wait=0.2 s
            Sign In Agent    101    any-password

        Strict With A Directory
            Start Gateway Simulator    poll_wait=0.2 s    agent_directory={directory}
            Run Keyword And Expect Error    100-004*    Sign In Agent    101    wrong
            Run Keyword And Expect Error    100-014*    Sign In Agent    101    pw-1    5550001
            Sign In Agent    101    pw-1
            Sign In Agent    102    pw-2
            Request Agent Conference    101    102
            Wait For Agent Event    101    AgentConf_RequestSuccess
            Wait For Agent Event    102    AgentConf_Ringing
            Answer Agent Conference    102
            Wait For Agent Event    102    AgentConf_SelfJoinResult
            Wait For Agent Event    101    AgentConf_ParticipantChanged    participant=102
            Run Keyword And Expect Error    000-007*    Answer Agent Conference    102
            Run Keyword And Expect Error    101-007*    Leave Agent Conference    101
            Leave Agent Conference    102
            Wait For Agent Event    102    AgentConf_SelfLeaveResult

        Static Authentication And Short Timeouts
            Start Gateway Simulator    poll_wait=0.2 s    auth_mode=1    ring_timeout=1 s    idle_timeout=0
            Sign In Agent    101

        Bad Settings Fail Clearly
            Run Keyword And Expect Error    *guid_interval (180 s) must be smaller than guid_timeout*
            ...    Start Gateway Simulator    guid_interval=3 min
            Run Keyword And Expect Error    *agent_directory*    Start Gateway Simulator
            ...    agent_directory=/no/such/file.json
        """,
    )
    assert {name: t.status for name, t in tests.items()} == dict.fromkeys(tests, "PASS"), {
        n: t.message for n, t in tests.items() if t.status != "PASS"
    }
    assert rc == 0
    assert "lenient: no agent directory, any password and phone number accepted" in output
    assert "strict: passwords and phone numbers checked against the agent directory" in output
    assert "static authentication" in output
