"""Agent state, skills, mute, transfer and internal-call keywords, run through Robot Framework against the
embedded simulator. Expectations come from the reference (§6, §8) and the interface pages it cites:
saybusy -> AgentState_SetNotReady_Success {reason}; cancelbusy / cancelwork / cancelrest -> their
*_Success events; rest -> AgentState_SetRest_Success, then AgentState_Rest_Timeout when the time is up with
the agent still in rest (cec_07_1350); agentState 3 busy, 4 idle, 5 wrap-up, 7 talking, 8 rest, 9 pre-rest;
mute 200-003/200-004, unmute 200-007/200-008; transfer 200-012 without a call; transfer's
AgentEvent_Customer_Alerting; resetskill signs in to the intersection of skillid and the configured skills."""

from __future__ import annotations

from robot import run
from robot.api import ExecutionResult

SCENARIO = r"""*** Settings ***
Library             CCGatewayLibrary
Suite Setup         Start Gateway Simulator    poll_wait=1 s
Suite Teardown      Stop Gateway Simulator
Test Teardown       Sign Out All Agents

*** Test Cases ***
Agent State Changes
    Sign In Agent    101
    Wait For Agent Event    101    AgentState_Ready
    Set Agent Busy    101    reason=201
    Wait For Agent Event    101    AgentState_SetNotReady_Success    reason=201
    Get Agent State    101    ==    busy
    Run Keyword And Expect Error    100-009: *    Set Agent Busy    101    reason=202
    Set Agent Busy    101    reason=202    prolong=True
    Wait For Agent Event    101    AgentState_SetNotReady_Success    reason=202
    Cancel Agent Busy    101
    Wait For Agent Event    101    AgentState_CancelNotReady_Success
    Get Agent State    101    ==    idle
    Run Keyword And Expect Error    100-009: *(Cancel Agent Busy: POST /agentgateway/resource/onlineagent/101/cancelbusy)*
    ...    Cancel Agent Busy    101
    Set Agent Wrap Up    101
    Wait For Agent Event    101    AgentState_SetWork_Success
    Get Agent State    101    ==    wrap-up
    Cancel Agent Wrap Up    101
    Wait For Agent Event    101    AgentState_CancelWork_Success
    Get Agent State    101    ==    idle
    Set Agent Rest    101    1 s    cause=3
    Wait For Agent Event    101    AgentState_SetRest_Success
    Get Agent State    101    ==    rest
    Wait For Agent Event    101    AgentState_Rest_Timeout    timeout=5 s
    Get Agent State    101    ==    rest
    Cancel Agent Rest    101
    Wait For Agent Event    101    AgentState_CancelRest_Success
    Get Agent State    101    ==    idle
    Set Agent Busy    101
    Wait For Agent Event    101    AgentState_SetNotReady_Success    reason=0
    Set Agent Ready    101
    Wait For Agent Event    101    AgentState_Ready
    Get Agent State    101    ==    idle

A Busy Agent Gets No Call And Rest Asked In A Call Comes After It
    Sign In Agent    101
    Wait For Agent Event    101    AgentState_Ready
    Set Agent Busy    101
    Wait For Agent Event    101    AgentState_SetNotReady_Success
    Run Keyword And Expect Error    100-007*    Simulate Inbound Call    101
    Set Agent Ready    101
    Wait For Agent Event    101    AgentState_Ready
    ${call} =    Simulate Inbound Call    101
    Wait For Agent Event    101    AgentEvent_Ringing    callid=${call}
    Answer Call    101
    Wait For Agent Event    101    AgentEvent_Talking    callid=${call}
    Run Keyword And Expect Error    100-009*    Set Agent Wrap Up    101
    Set Agent Rest    101    5 min
    Get Agent State    101    ==    pre-rest
    Drop Call    101
    Wait For Agent Event    101    AgentEvent_Call_Release    content=${call}
    Wait For Agent Event    101    AgentState_SetRest_Success
    Agent Event Should Not Occur    101    AgentState_Ready    within=200 ms
    Get Agent State    101    ==    rest

Auto Answer And Auto Enter Idle Switches
    Sign In Agent    101
    Wait For Agent Event    101    AgentState_Ready
    Set Agent Auto Answer    101    True
    Set Agent Auto Enter Idle    101    False
    ${call} =    Simulate Inbound Call    101
    Wait For Agent Event    101    AgentEvent_Auto_Answer    callid=${call}
    Wait For Agent Event    101    AgentEvent_Talking    callid=${call}
    Drop Call    101
    Wait For Agent Event    101    AgentEvent_Call_Release    content=${call}
    Wait For Agent Event    101    AgentState_Work
    Get Agent State    101    ==    wrap-up

Skills Route A Customer Call
    Set Agent Skills    102    2
    Sign In Agent    101
    Sign In Agent    102
    Sign In Agent    103
    Run Keyword And Expect Error    100-007*    Simulate Inbound Call To Skill    1
    Sign In To Skills    101    1    2
    Sign In To Skills    102
    Sign In To Skills    103    2
    ${call} =    Simulate Inbound Call To Skill    2
    Wait For Agent Event    102    AgentEvent_Ringing    callid=${call}
    Get Call Info    102    callskillid    ==    2
    ${second} =    Simulate Inbound Call To Skill    1    caller=13800000005
    Wait For Agent Event    101    AgentEvent_Ringing    callid=${second}    caller=13800000005
    Run Keyword And Expect Error    100-007*    Simulate Inbound Call To Skill    2
    Agent Event Should Not Occur    103    AgentEvent_Ringing    within=200 ms

Mute And Unmute
    Sign In Agent    101
    Run Keyword And Expect Error    200-003*    Mute Call    101
    Run Keyword And Expect Error    200-007*    Unmute Call    101
    ${call} =    Simulate Inbound Call    101
    Wait For Agent Event    101    AgentEvent_Ringing    callid=${call}
    Run Keyword And Expect Error    200-004*    Mute Call    101
    Answer Call    101
    Wait For Agent Event    101    AgentEvent_Talking    callid=${call}
    Run Keyword And Expect Error    200-008*    Unmute Call    101
    Mute Call    101
    Run Keyword And Expect Error    200-004*    Mute Call    101
    Unmute Call    101
    Run Keyword And Expect Error    200-008*    Unmute Call    101

Blind Transfer To An Agent
    Sign In Agent    101
    Sign In Agent    102
    Run Keyword And Expect Error    200-012*    Transfer Call    101    102
    ${call} =    Simulate Inbound Call    101    caller=13800000001
    Wait For Agent Event    101    AgentEvent_Ringing    callid=${call}
    Answer Call    101
    Wait For Agent Event    101    AgentEvent_Talking    callid=${call}
    Transfer Call    101    102
    Wait For Agent Event    101    AgentEvent_Customer_Alerting    callid=${call}    otherPhoneWorkno=102
    Wait For Agent Event    101    AgentEvent_Call_Release    content=${call}
    Wait For Agent Event    101    AgentState_Ready
    Wait For Agent Event    102    AgentEvent_Ringing    callid=${call}    transfer=yes    transfrom=101
    Answer Call    102
    Wait For Agent Event    102    AgentEvent_Talking    callid=${call}
    Get Call Info    102    caller    ==    13800000001

Success Transfer Waits For The Target And Can Be Cancelled
    Sign In Agent    101
    Sign In Agent    102
    ${call} =    Simulate Inbound Call    101
    Wait For Agent Event    101    AgentEvent_Ringing    callid=${call}
    Answer Call    101
    Wait For Agent Event    101    AgentEvent_Talking    callid=${call}
    Transfer Call    101    102    mode=success
    Wait For Agent Event    102    AgentEvent_Ringing    callid=${call}
    Agent Event Should Not Occur    101    AgentEvent_Call_Release    within=200 ms
    Cancel Transfer    101
    Wait For Agent Event    101    AgentEvent_Talking    callid=${call}
    Wait For Agent Event    102    AgentEvent_No_Answer    content=${call}
    Run Keyword And Expect Error    100-007*    Cancel Transfer    101
    Transfer Call    101    102    mode=success
    Wait For Agent Event    102    AgentEvent_Ringing    callid=${call}
    Answer Call    102
    Wait For Agent Event    102    AgentEvent_Talking    callid=${call}
    Wait For Agent Event    101    AgentEvent_Call_Release    content=${call}
    Get Agent State    101    ==    idle

Transfer To A Busy Agent Fails And The Agent Keeps The Call
    Sign In Agent    101
    Sign In Agent    102    status=busy
    ${call} =    Simulate Inbound Call    101
    Wait For Agent Event    101    AgentEvent_Ringing    callid=${call}
    Answer Call    101
    Wait For Agent Event    101    AgentEvent_Talking    callid=${call}
    Transfer Call    101    102    mode=success
    Wait For Agent Event    101    AgentEvent_Connect_Fail    content=${call}
    Get Agent State    101    ==    talking
    Get Call Info    101    callid    ==    ${call}

Three-Party Transfer To An External Number
    Sign In Agent    101
    ${call} =    Simulate Inbound Call    101
    Wait For Agent Event    101    AgentEvent_Ringing    callid=${call}
    Answer Call    101
    Wait For Agent Event    101    AgentEvent_Talking    callid=${call}
    Transfer Call    101    13800000009    to=external    mode=three-party
    Wait For Agent Event    101    AgentEvent_Conference    callid=${call}    partner=13800000000,13800000009
    Drop Call    101
    Wait For Agent Event    101    AgentEvent_Call_Release    content=${call}
    Run Keyword And Expect Error    *mode* 'three-party'*    Transfer Call    101    102    mode=three-party

Call Agent Rings The Agent's Phone
    Sign In Agent    101
    Sign In Agent    102    phone_number=70102
    ${call} =    Call Agent    101    102
    Wait For Agent Event    101    AgentEvent_Customer_Alerting    callid=${call}    otherPhone=70102    otherPhoneWorkno=102
    Wait For Agent Event    102    AgentEvent_Ringing    callid=${call}
    Answer Call    102
    Wait For Agent Event    102    AgentEvent_Talking    callid=${call}
    Wait For Agent Event    101    AgentEvent_Talking    callid=${call}
    Run Keyword And Expect Error    200-001*    Call Agent    101    103

Bad Arguments Fail Before Any Request
    Run Keyword And Expect Error    Set Agent Busy: argument 'reason' is '199'; allowed: 0 (none) or 200 to 250.
    ...    Set Agent Busy    101    reason=199
    Run Keyword And Expect Error    Set Agent Rest: argument 'duration' is '0 s'; allowed: *    Set Agent Rest    101    0 s
    Run Keyword And Expect Error    Set Agent Rest: argument 'cause' is '256'; allowed: *    Set Agent Rest    101    1 min    256
    Run Keyword And Expect Error    Transfer Call: argument 'to' is 'queue'; allowed: *    Transfer Call    101    1    to=queue
    Run Keyword And Expect Error    Transfer Call: argument 'target' is '1;2'; allowed: *    Transfer Call    101    1;2    to=external
    Run Keyword And Expect Error    Sign In To Skills: argument 'skill_ids' is 'a'; allowed: skill IDs (digits).
    ...    Sign In To Skills    101    a
"""


def test_state_skill_mute_transfer_keywords(tmp_path):
    suite = tmp_path / "states.robot"
    suite.write_text(SCENARIO, encoding="utf-8")
    rc = run(
        str(suite),
        outputdir=str(tmp_path),
        output="output.xml",
        log="NONE",
        report="NONE",
        loglevel="TRACE",
        console="none",
    )
    result = ExecutionResult(str(tmp_path / "output.xml"))
    failed = {t.name: t.message for t in result.suite.all_tests if t.status != "PASS"}
    assert failed == {} and rc == 0, failed
    assert result.suite.statistics.total == 11
