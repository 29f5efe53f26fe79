"""Getters with assertions (Get Agent State, Get Call Info, Get Held Calls), run through Robot Framework
against the embedded simulator, and the simulator's two call-data queries behind them."""

from __future__ import annotations

from robot import run
from robot.api import ExecutionResult

from CCGatewayLibrary.agentstates import WORDS as AGENT_STATES
from CCGatewayLibrary.errors import RetcodeRefusal
from CCGatewayLibrary.keywords.getters import _is_operator
from CCGatewayLibrary.simulator import GatewayModel

SCENARIO = r"""*** Settings ***
Library             CCGatewayLibrary
Suite Setup         Start Gateway Simulator    poll_wait=1 s
Suite Teardown      Stop Gateway Simulator
Test Teardown       Sign Out All Agents

*** Test Cases ***
Getters Follow A Call
    Sign In Agent    101
    Wait For Agent Event    101    AgentState_Ready
    Get Agent State    101    ==    idle
    Get Agent State    101    should be    IDLE
    ${info} =    Get Call Info    101
    Should Be Empty    ${info}
    Get Held Calls    101    ==
    ${call} =    Simulate Inbound Call    101
    Wait For Agent Event    101    AgentEvent_Ringing    callid=${call}
    Get Agent State    101    ==    busy
    Answer Call    101
    Wait For Agent Event    101    AgentEvent_Talking    callid=${call}
    ${state} =    Get Agent State    101    !=    idle
    Should Be Equal    ${state}    talking
    Get Call Info    101    callid    ==    ${call}
    Get Call Info    101    caller    should be    13800000000
    Get Call Info    101    callfeature    ==    0
    Get Call Info    101    begintime    >    0
    ${info} =    Get Call Info    101
    Should Be Equal    ${info.callid}    ${call}
    Put Call On Hold    101
    Wait For Agent Event    101    AgentEvent_Hold    content=${call}
    Get Held Calls    101    contains    ${call}
    Get Held Calls    101    not contains    1-1
    ${held} =    Get Held Calls    101
    Should Be Equal    ${held}    ${{[$call]}}
    Retrieve Held Call    101    ${call}
    Wait For Agent Event    101    AgentEvent_Talking    callid=${call}
    Drop Call    101
    Wait For Agent Event    101    AgentEvent_Call_Release    content=${call}
    Get Call Info    101    callid    ==    ${call}
    Get Call Info    101    endtime    >=    ${info.begintime}
    ${none} =    Get Call Info    101    last_call=False
    Should Be Empty    ${none}

Getters Fail Saying Why
    Sign In Agent    101
    ${call} =    Simulate Inbound Call    101
    Wait For Agent Event    101    AgentEvent_Ringing    callid=${call}
    Run Keyword And Expect Error    Agent 101 state 'busy' (str) should be 'idle' (str)
    ...    Get Agent State    101    ==    idle
    Run Keyword And Expect Error    Not idle yet    Get Agent State    101    ==    idle    message=Not idle yet
    Run Keyword And Expect Error    Get Agent State: argument 'assertion_expected' is 'idel'; allowed: *
    ...    Get Agent State    101    ==    idel
    Run Keyword And Expect Error    Not this call
    ...    Get Call Info    101    callid    ==    1-1    message=Not this call
    Run Keyword And Expect Error    Get Call Info: argument 'field' is '=='; allowed: *
    ...    Get Call Info    101    ==
    Run Keyword And Expect Error    Get Call Info: the call info of agent 101 has no field 'nope'; it has *
    ...    Get Call Info    101    nope
    Run Keyword And Expect Error    EQUALS:Agent 101 held calls '[]' (list) should contain '['${call}']' (list)
    ...    Get Held Calls    101    contains    ${call}
    Answer Call    101
    Wait For Agent Event    101    AgentEvent_Talking    callid=${call}
    Put Call On Hold    101
    Wait For Agent Event    101    AgentEvent_Hold    content=${call}
    Run Keyword And Expect Error    EQUALS:Agent 101 held calls '['${call}']' (list) should not contain '['${call}']' (list)
    ...    Get Held Calls    101    not contains    ${call}
    Run Keyword And Expect Error    100-006: *(Get Agent State: GET /agentgateway/resource/onlineagent/102/agentstatus)
    ...    Get Agent State    102
    Run Keyword And Expect Error    100-006: *(Get Held Calls: GET /agentgateway/resource/calldata/102/holdlist)
    ...    Get Held Calls    102
    Run Keyword And Expect Error    Get Call Info: argument 'agent_id' is '100'*    Get Call Info    100
"""


def test_getters_assert_what_the_gateway_says(tmp_path):
    suite = tmp_path / "getters.robot"
    suite.write_text(SCENARIO, encoding="utf-8")
    run(str(suite), outputdir=str(tmp_path), console="none", log="NONE", report="NONE")
    result = ExecutionResult(str(tmp_path / "output.xml"))
    assert [(t.name, t.status, t.message) for t in result.suite.tests] == [
        ("Getters Follow A Call", "PASS", ""),
        ("Getters Fail Saying Why", "PASS", ""),
    ]


def test_state_words_cover_every_documented_agent_state():
    assert sorted(AGENT_STATES) == list(range(10))
    assert AGENT_STATES[4] == "idle" and AGENT_STATES[7] == "talking" and AGENT_STATES[5] == "wrap-up"
    assert _is_operator("==") and _is_operator("should be") and not _is_operator("callid")


def test_simulator_call_info_and_hold_list():
    model = GatewayModel()
    model.sign_in("101")
    assert model.call_info("101") == {}
    try:
        model.hold_list("101")
    except RetcodeRefusal as fault:
        assert fault.retcode == "400-003"
    else:
        raise AssertionError("an agent without held calls must get 400-003")
    callid = model.inbound_call("101", "13800000001")  # auto-answered
    info = model.call_info("101")
    assert (info["callid"], info["caller"], info["called"], info["callfeature"], info["endtime"]) == (
        callid,
        "13800000001",
        "101",
        0,
        None,
    )
    model.hold("101")
    assert [c["callid"] for c in model.hold_list("101")] == [callid]
    model.retrieve("101", callid)
    model.release("101")
    last = model.call_info("101")
    assert last["callid"] == callid and last["endtime"] >= last["begintime"]
    assert model.call_info("101", no_last_call=True) == {}
