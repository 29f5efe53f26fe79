"""The cleanup levels (import argument ``cleanup_level``, keyword `Set Cleanup Level`), modelled on Browser's
``auto_closing_level``: TEST releases what a test left when it ends (the default), SUITE carries agents and
their calls into the next test and releases them when the suite ends, MANUAL leaves it to the tester until the
outermost suite using the library ends. At every level nothing is left on the gateway after the run, and the
leak warning's advice fits the level."""

from __future__ import annotations

import pytest
import requests
from robot import run
from robot.api import ExecutionResult

from CCGatewayLibrary.simulator import SimulatorServer

SETTINGS = """*** Settings ***
Library           CCGatewayLibrary    url=${URL}    verify=${CA}    cleanup_level=%s
"""

CARRIED = """*** Test Cases ***
Customer Call Answered
    Sign In Agent    101
    ${call} =    Simulate Inbound Call    101
    Wait For Agent Event    101    AgentEvent_Ringing    callid=${call}
    Answer Call    101
    Wait For Agent Event    101    AgentEvent_Talking    callid=${call}
    VAR    ${CALL}    ${call}    scope=SUITE

The Next Test Drops The Call The Agent Answered Before
    Get Call Info    101    callid    ==    ${CALL}
    Get Agent State    101    ==    talking
    Drop Call    101
    Wait For Agent Event    101    AgentEvent_Call_Release    content=${CALL}

A Test Leaves Another Call
    ${call} =    Simulate Inbound Call    101
    Wait For Agent Event    101    AgentEvent_Ringing    callid=${call}
    Answer Call    101
    Wait For Agent Event    101    AgentEvent_Talking    callid=${call}
"""


class _StatusAtEachTestStart:
    """Records the simulator's agents and calls as each test starts (after the previous test's clean-up)."""

    ROBOT_LISTENER_API_VERSION = 3

    def __init__(self, read):
        self.read, self.status = read, []

    def start_test(self, data, result):
        state = self.read()
        self.status.append(([a["agent_id"] for a in state["agents"]], len(state["calls"])))


def _run(tmp_path, sources: dict[str, str]):
    for name, text in sources.items():
        (tmp_path / "suite" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "suite" / name).write_text(text, encoding="utf-8")
    with SimulatorServer(poll_wait=0.5) as server:

        def status():
            return requests.get(f"{server.url}/simulator/status", verify=server.ca_bundle, timeout=5).json()["result"]

        listener = _StatusAtEachTestStart(status)
        run(
            str(tmp_path / "suite"),
            outputdir=str(tmp_path),
            console="none",
            report="NONE",
            log="NONE",
            variable=[f"URL:{server.url}", f"CA:{server.ca_bundle}"],
            listener=[listener],
        )
        after = status()
    result = ExecutionResult(str(tmp_path / "output.xml"))
    tests = {t.name: (t.status, t.message) for t in result.suite.all_tests}
    warnings = [m.message for m in result.errors.messages if m.level == "WARN"]
    return tests, listener.status, after, warnings


def _nothing_left(after):
    assert (after["agents"], after["calls"], after["conferences"]) == ([], [], [])


def test_suite_level_carries_an_agent_and_its_call_into_the_next_test(tmp_path):
    tests, status, after, warnings = _run(tmp_path, {"carried.robot": SETTINGS % "SUITE" + CARRIED})
    assert all(outcome == "PASS" for outcome, _ in tests.values()), tests
    # The agent and its call are still on the gateway when the next tests start.
    assert status == [([], 0), (["101"], 1), (["101"], 0)]
    _nothing_left(after)  # released when the suite ended
    assert len(warnings) == 1, warnings
    assert "suite 'Carried' left 1 thing(s)" in warnings[0] and "agent 101 signed in" in warnings[0]
    assert "cleanup level SUITE" in warnings[0] and "suite teardown" in warnings[0]
    assert "test's teardown" not in warnings[0]


def test_at_test_level_the_same_call_is_gone_in_the_next_test_and_the_advice_names_the_test_teardown(tmp_path):
    tests, status, after, warnings = _run(tmp_path, {"carried.robot": SETTINGS % "TEST" + CARRIED})
    assert tests["Customer Call Answered"][0] == "PASS"
    outcome, message = tests["The Next Test Drops The Call The Agent Answered Before"]
    assert outcome == "FAIL" and message.startswith("100-006:")  # the gateway no longer knows the agent
    assert status[1] == ([], 0)  # the agent signed in by the first test was signed out when it ended
    _nothing_left(after)
    assert "cleanup level TEST" in warnings[0] and "Sign agents out in the test's teardown" in warnings[0]
    assert "Set Cleanup Level    SUITE" in warnings[0]


def test_set_cleanup_level_switches_mid_suite_and_returns_the_previous_level(tmp_path):
    suite = (
        SETTINGS % "TEST"
        + """*** Test Cases ***
Switch To Suite Level
    ${previous} =    Set Cleanup Level    suite
    Should Be Equal    ${previous.name}    TEST
"""
        + CARRIED.split("*** Test Cases ***\n", 1)[1]
        + """
Back To Test Level
    ${previous} =    Set Cleanup Level    TEST
    Should Be Equal    ${previous.name}    SUITE
    Run Keyword And Expect Error    *'level'*MANUAL*    Set Cleanup Level    sometimes
"""
    )
    tests, status, after, warnings = _run(tmp_path, {"switch.robot": suite})
    assert all(outcome == "PASS" for outcome, _ in tests.values()), tests
    assert status[2] == (["101"], 1)  # carried at the suite level
    _nothing_left(after)
    # Back at the test level, agent 101 belongs to the suite: its call is released after the last test,
    # the agent when the suite ends.
    assert any("agent 101 in a call or conference" in w and "cleanup level TEST" in w for w in warnings), warnings
    assert any("suite 'Switch' left" in w for w in warnings), warnings


MANUAL_INIT = SETTINGS % "MANUAL" + "Suite Teardown    Sign Out All Agents\n"
MANUAL_FIRST = (
    SETTINGS % "MANUAL"
    + """*** Test Cases ***
Agent Signs In And Takes A Call
    Sign In Agent    101
    ${call} =    Simulate Inbound Call    101
    Wait For Agent Event    101    AgentEvent_Ringing    callid=${call}
    Answer Call    101
    Wait For Agent Event    101    AgentEvent_Talking    callid=${call}
"""
)
MANUAL_SECOND = (
    SETTINGS % "MANUAL"
    + """*** Test Cases ***
The Next Suite Finds The Agent Still Talking
    Get Agent State    101    ==    talking
"""
)


def test_manual_level_leaves_agents_to_the_tester_across_suites(tmp_path):
    tests, status, after, warnings = _run(
        tmp_path, {"__init__.robot": MANUAL_INIT, "a_first.robot": MANUAL_FIRST, "b_second.robot": MANUAL_SECOND}
    )
    assert all(outcome == "PASS" for outcome, _ in tests.values()), tests
    assert status == [([], 0), (["101"], 1)]
    _nothing_left(after)  # the tester's Suite Teardown signed it out: nothing to warn about
    assert warnings == []


def test_manual_level_without_a_teardown_releases_at_the_end_of_the_outermost_suite(tmp_path):
    tests, status, after, warnings = _run(
        tmp_path,
        {"__init__.robot": SETTINGS % "MANUAL", "a_first.robot": MANUAL_FIRST, "b_second.robot": MANUAL_SECOND},
    )
    assert all(outcome == "PASS" for outcome, _ in tests.values()), tests
    _nothing_left(after)
    assert len(warnings) == 1, warnings
    assert "suite 'Suite' left 1 thing(s)" in warnings[0] and "cleanup level MANUAL" in warnings[0]
    assert "sign agents out yourself" in warnings[0]


@pytest.mark.parametrize("level", ["TEST", "SUITE", "MANUAL"])
def test_nothing_is_left_on_the_gateway_at_any_level(tmp_path, level):
    leaky = (
        SETTINGS % level
        + """*** Test Cases ***
Leaves An Agent Signed In
    Sign In Agent    102
    Wait For Agent Event    102    AgentState_Ready

Fails In The Middle Of A Call
    Sign In Agent    103
    ${call} =    Simulate Inbound Call    103
    Wait For Agent Event    103    AgentEvent_Ringing    callid=${call}
    Answer Call    103
    Wait For Agent Event    103    AgentEvent_Talking    callid=${call}
    Fail    the test fails in the middle of a call
"""
    )
    tests, _, after, warnings = _run(tmp_path, {"leaky.robot": leaky})
    assert [outcome for outcome, _ in tests.values()] == ["PASS", "FAIL"]
    _nothing_left(after)
    assert warnings and all(f"cleanup level {level}" in w for w in warnings), warnings
