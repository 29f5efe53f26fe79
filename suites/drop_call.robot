*** Settings ***
Documentation       Dropping a Call: DELETE /agentgateway/resource/voicecall/{agentid}/release (method
...                 release; legacy URI DELETE .../voicecall/{agentid}, method releaseEx). The agent hangs
...                 up its current call; the gateway reports AgentEvent_Call_Release and
...                 AgentEvent_Customer_Release. Fails with 200-017 when there is no call.
Resource            ../resources/calls.resource
Test Teardown       Sign Out All Agents


*** Test Cases ***
Inbound Call Answered Then Dropped
    [Tags]    simulator
    Sign In Ready Agent    ${AGENT_A}
    ${call} =    Customer Calls And Agent Answers    ${AGENT_A}
    Drop Call    ${AGENT_A}
    Comment    The seed page lists the triggered events in no order; the developer's guide puts Ready last.
    Wait For Agent Events    ${AGENT_A}    AgentEvent_Call_Release    AgentEvent_Customer_Release    callid=${call}
    Wait For Agent Events In Order    ${AGENT_A}    AgentOther_PhoneRelease    AgentState_Ready
    Agent Event Count Should Be    ${AGENT_A}    AgentEvent_Customer_Release    1    number=${CUSTOMER}

Outbound Call Dropped
    Sign In Ready Agent    ${AGENT_A}
    ${call} =    Agent Calls Out And Party Answers    ${AGENT_A}    ${CONSULTED_PARTY}
    Drop Call    ${AGENT_A}
    Wait For Agent Events    ${AGENT_A}    AgentEvent_Call_Release    AgentEvent_Customer_Release    callid=${call}
    Wait For Agent Event    ${AGENT_A}    AgentState_Ready

Outbound Call Dropped While The Called Party Is Still Ringing
    [Tags]    simulator
    Set Remote Party Behaviour    ${THIRD_PARTY}    no answer
    Sign In Ready Agent    ${AGENT_A}
    ${call} =    Make Call    ${AGENT_A}    ${THIRD_PARTY}
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Customer_Alerting    callid=${call}
    Drop Call    ${AGENT_A}
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Call_Release    content=${call}
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Customer_Release    callid=${call}
    Agent Event Should Not Occur    ${AGENT_A}    AgentEvent_Talking    within=200 ms    callid=${call}
    [Teardown]    Run Keywords    Set Remote Party Behaviour    ${THIRD_PARTY}    answer    AND    Sign Out All Agents

Call Dropped Through The Legacy URI
    [Tags]    simulator
    Sign In Ready Agent    ${AGENT_A}
    ${call} =    Customer Calls And Agent Answers    ${AGENT_A}
    Drop Call    ${AGENT_A}    legacy_uri=True
    Wait For Agent Events    ${AGENT_A}    AgentEvent_Call_Release    AgentEvent_Customer_Release    callid=${call}

Dropping The Current Call Keeps The Held Call
    [Tags]    simulator
    Sign In Ready Agent    ${AGENT_A}
    ${customer_call}    ${consult_call} =    Customer On Hold While Agent Talks To Consulted Party    ${AGENT_A}
    Drop Call    ${AGENT_A}
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Call_Release    content=${consult_call}
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Customer_Release    callid=${consult_call}
    Agent Event Should Not Occur    ${AGENT_A}    AgentEvent_Call_Release    within=200 ms    content=${customer_call}
    Get Held Calls    ${AGENT_A}    ==    ${customer_call}
    Retrieve Held Call    ${AGENT_A}    ${customer_call}
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Talking    callid=${customer_call}
    Get Agent State    ${AGENT_A}    should be    talking
    Get Call Info    ${AGENT_A}    callid    should be    ${customer_call}
    Get Held Calls    ${AGENT_A}    should be

Drop Call Without A Call Fails With 200-017
    Sign In Ready Agent    ${AGENT_A}
    Run Keyword And Expect Error
    ...    200-017: the agent has no call to release (Drop Call: DELETE /agentgateway/resource/voicecall/${AGENT_A}/release)
    ...    Drop Call    ${AGENT_A}

Drop Call For An Agent That Is Not Signed In Fails With 100-006
    Run Keyword And Expect Error    100-006*    Drop Call    ${NOT_SIGNED_IN}

Agent ID Outside The Documented Range Is Refused Before Any Request
    Run Keyword And Expect Error
    ...    Drop Call: argument 'agent_id' is '60000'; allowed: an agent ID (work number) from 101 to 59999.
    ...    Drop Call    60000
