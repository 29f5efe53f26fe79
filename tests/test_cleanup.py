"""The leak check: what a test leaves on the gateway (signed-in agents, calls, conferences) is released by the
library when the test ends, even when it failed, and what a suite's setup left when the suite ends; a warning
lists each leftover."""

from __future__ import annotations

import requests
from robot import run
from robot.api import ExecutionResult

from CCGatewayLibrary.simulator import SimulatorServer

SUITE = """*** Settings ***
Library           CCGatewayLibrary
Suite Setup       Run Keywords    Connect To Gateway    ${URL}    verify=${CA}    AND
...               Sign In Agent    102    AND    Wait For Agent Event    102    AgentState_Ready

*** Test Cases ***
Leaves An Agent Signed In
    Sign In Agent    101
    Wait For Agent Event    101    AgentState_Ready

Fails While Its Agent Is In A Call
    Sign In Agent    103
    ${call} =    Simulate Inbound Call    103
    Wait For Agent Event    103    AgentEvent_Ringing    callid=${call}
    Answer Call    103
    Wait For Agent Event    103    AgentEvent_Talking    callid=${call}
    Fail    the test fails in the middle of a call

Leaves The Suite's Agent In A Call And A Conference
    ${call} =    Simulate Inbound Call    102
    Wait For Agent Event    102    AgentEvent_Ringing    callid=${call}
    Answer Call    102
    Wait For Agent Event    102    AgentEvent_Talking    callid=${call}
    Request Agent Conference    102    13800000005
    Wait For Agent Event    102    AgentConf_RequestSuccess

Leaves The Suite's Agent With A Held Call
    ${call} =    Simulate Inbound Call    102
    Wait For Agent Event    102    AgentEvent_Ringing    callid=${call}
    Answer Call    102
    Wait For Agent Event    102    AgentEvent_Talking    callid=${call}
    Put Call On Hold    102
    Wait For Agent Event    102    AgentEvent_Hold    content=${call}

Starts Clean
    Run Keyword And Expect Error    *agent 101 is not signed in by this library*    Get Agent Events    101
    Run Keyword And Expect Error    *agent 103 is not signed in by this library*    Get Agent Events    103
    ${call} =    Simulate Inbound Call    102
    Wait For Agent Event    102    AgentEvent_Ringing    callid=${call}
    [Teardown]    Simulate Customer Hang Up    ${call}
"""


def test_what_tests_and_suites_leave_is_released_and_reported(tmp_path):
    suite = tmp_path / "leaky.robot"
    suite.write_text(SUITE, encoding="utf-8")
    with SimulatorServer(poll_wait=0.5) as server:
        status = []

        def simulator_status():
            return requests.get(f"{server.url}/simulator/status", verify=server.ca_bundle, timeout=5).json()["result"]

        run(
            str(suite),
            outputdir=str(tmp_path),
            console="none",
            report="NONE",
            log="NONE",
            variable=[f"URL:{server.url}", f"CA:{server.ca_bundle}"],
            listener=[_StatusAtEachTestStart(status, simulator_status)],
        )
        after = simulator_status()
    result = ExecutionResult(str(tmp_path / "output.xml"))
    outcome = {t.name: t.status for t in result.suite.tests}
    assert outcome == {
        "Leaves An Agent Signed In": "PASS",
        "Fails While Its Agent Is In A Call": "FAIL",
        "Leaves The Suite's Agent In A Call And A Conference": "PASS",
        "Leaves The Suite's Agent With A Held Call": "PASS",
        "Starts Clean": "PASS",
    }
    # When each test starts: only the suite's agent 102 is signed in, and no call or conference is left.
    assert len(status) == 5
    for agents, calls, conferences in status:
        assert (agents, calls, conferences) == (["102"], [], [])
    assert after["agents"] == [] and after["calls"] == [] and after["conferences"] == []  # after the suite
    warnings = [m.message for m in result.errors.messages if m.level == "WARN"]
    assert len(warnings) == 5, warnings
    assert "test 'Leaves An Agent Signed In' left 1 thing(s)" in warnings[0] and "agent 101 signed in" in warnings[0]
    assert "agent 103 signed in (force-signed-out" in warnings[1]
    assert "agent 102 in a call or conference (ended its agent conference" in warnings[2]
    assert "dropped a call" in warnings[2] and "released)" in warnings[2]
    assert "agent 102 in a call or conference (retrieved and dropped a held call; released)" in warnings[3]
    assert "suite 'Leaky' left 1 thing(s)" in warnings[4] and "agent 102 signed in" in warnings[4]


class _StatusAtEachTestStart:
    """Records the simulator's state as each test starts, after the leak check of the test before.
    (At end_test this listener would run before the library's.)"""

    ROBOT_LISTENER_API_VERSION = 3

    def __init__(self, status, read):
        self.status, self.read = status, read

    def start_test(self, data, result):
        state = self.read()
        self.status.append(([a["agent_id"] for a in state["agents"]], state["calls"], state["conferences"]))
