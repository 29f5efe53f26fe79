"""`Set Event Poller Backoff` through Robot Framework: it changes how the running event pollers and those of
agents signed in later retry a failed poll and pause after an empty one, calling it without arguments
restores the documented defaults (0.05 s doubling up to 2 s; 0.2 s after an empty poll answered at once),
and a poller with short back-offs still loses no event across the faults of the resilience suite."""

from __future__ import annotations

import json

from robot import run

PROBE = '''
from robot.libraries.BuiltIn import BuiltIn


def pacing_of_agent(agent_id):
    """The back-off and empty-poll pause the agent's running event poller uses now."""
    stream = BuiltIn().get_library_instance("CCGatewayLibrary").client.session(agent_id).stream
    return [stream.backoff[0], stream.backoff[1], stream.empty_pause]
'''

SUITE = """*** Settings ***
Library    CCGatewayLibrary
Library    probe.py
Suite Setup    Start Gateway Simulator    poll_wait=1 s
Suite Teardown    Stop Gateway Simulator
Test Teardown    Run Keywords    Clear Gateway Faults    AND    Sign Out All Agents

*** Test Cases ***
Running And Later Pollers Take The New Pacing
    Sign In Agent    101
    Wait For Agent Event    101    AgentState_Ready
    Set Event Poller Backoff    first=10 ms    maximum=100 ms    empty_poll_pause=20 ms
    ${running} =    Pacing Of Agent    101
    Should Be Equal    ${running}    ${{[0.01, 0.1, 0.02]}}
    Sign In Agent    102
    Wait For Agent Event    102    AgentState_Ready
    ${later} =    Pacing Of Agent    102
    Should Be Equal    ${later}    ${{[0.01, 0.1, 0.02]}}

Short Back-offs Lose No Event Across Failed Polls
    Set Event Poller Backoff    first=10 ms    maximum=20 ms    empty_poll_pause=0 s
    Sign In Agent    101
    Wait For Agent Event    101    AgentState_Ready
    Inject Gateway Fault    http error    agent_id=101    interface=getAgentEvent    count=3
    Inject Gateway Fault    empty poll    agent_id=101    count=3
    ${call} =    Simulate Inbound Call    101
    Wait For Agent Event    101    AgentEvent_Ringing    callid=${call}
    ${faults} =    Get Gateway Faults
    Should Be Empty    ${faults.active}

Without Arguments The Defaults Come Back
    Set Event Poller Backoff    first=10 ms    maximum=10 ms    empty_poll_pause=0 s
    Sign In Agent    101
    Wait For Agent Event    101    AgentState_Ready
    Set Event Poller Backoff
    ${pacing} =    Pacing Of Agent    101
    Should Be Equal    ${pacing}    ${{[0.05, 2.0, 0.2]}}

A Maximum Below The First Back-off Fails Naming It
    Run Keyword And Expect Error    Set Event Poller Backoff: argument 'maximum' is *less than 'first'*allowed:*
    ...    Set Event Poller Backoff    first=1 s    maximum=100 ms
"""


def test_set_event_poller_backoff_through_robot(tmp_path):
    (tmp_path / "probe.py").write_text(PROBE, encoding="utf-8")
    suite = tmp_path / "backoff.robot"
    suite.write_text(SUITE, encoding="utf-8")
    rc = run(str(suite), outputdir=str(tmp_path), log="NONE", report="NONE", console="none")
    from robot.api import ExecutionResult

    tests = {t.name: (t.status, t.message) for t in ExecutionResult(str(tmp_path / "output.xml")).suite.tests}
    assert rc == 0, json.dumps(tests, indent=1)
    assert len(tests) == 4
