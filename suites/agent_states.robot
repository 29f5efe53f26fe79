*** Settings ***
Documentation       Agent states: ready (sayfree), busy with a reason (saybusy, cancelbusy), rest (rest,
...                 cancelrest), wrap-up (work, cancelwork) and the auto-answer and auto-enter-idle
...                 switches, each proven by its event and by Get Agent State. A state change the gateway
...                 does not allow fails with 100-009.
Resource            ../resources/calls.resource
Test Teardown       Sign Out All Agents


*** Test Cases ***
Busy With A Reason, Then Ready
    Sign In Ready Agent    ${AGENT_A}
    Set Agent Busy    ${AGENT_A}    reason=201
    Wait For Agent Event    ${AGENT_A}    AgentState_SetNotReady_Success    reason=201
    Get Agent State    ${AGENT_A}    ==    busy
    Cancel Agent Busy    ${AGENT_A}
    Wait For Agent Event    ${AGENT_A}    AgentState_CancelNotReady_Success
    Get Agent State    ${AGENT_A}    ==    idle

A Break And Back
    Sign In Ready Agent    ${AGENT_A}
    Set Agent Rest    ${AGENT_A}    15 min    cause=2
    Wait For Agent Event    ${AGENT_A}    AgentState_SetRest_Success
    Get Agent State    ${AGENT_A}    ==    rest
    Cancel Agent Rest    ${AGENT_A}
    Wait For Agent Event    ${AGENT_A}    AgentState_CancelRest_Success
    Get Agent State    ${AGENT_A}    ==    idle

Wrap-Up Between Calls
    Sign In Ready Agent    ${AGENT_A}
    Set Agent Wrap Up    ${AGENT_A}
    Wait For Agent Event    ${AGENT_A}    AgentState_SetWork_Success
    Get Agent State    ${AGENT_A}    ==    wrap-up
    Set Agent Ready    ${AGENT_A}
    Wait For Agent Event    ${AGENT_A}    AgentState_Ready
    Get Agent State    ${AGENT_A}    ==    idle

Cancelling A State The Agent Is Not In Fails With 100-009
    Sign In Ready Agent    ${AGENT_A}
    Run Keyword And Expect Error    100-009*    Cancel Agent Wrap Up    ${AGENT_A}
    Run Keyword And Expect Error    100-009*    Cancel Agent Rest    ${AGENT_A}

A Busy Agent Gets No Customer Call
    [Tags]    simulator
    Sign In Ready Agent    ${AGENT_A}
    Set Agent Busy    ${AGENT_A}
    Wait For Agent Event    ${AGENT_A}    AgentState_SetNotReady_Success    reason=0
    Run Keyword And Expect Error    100-007*    Simulate Inbound Call    ${AGENT_A}
    Set Agent Ready    ${AGENT_A}
    Wait For Agent Event    ${AGENT_A}    AgentState_Ready
    ${call} =    Customer Calls And Agent Answers    ${AGENT_A}
    Get Agent State    ${AGENT_A}    ==    talking
    Get Call Info    ${AGENT_A}    callid    ==    ${call}

Rest Asked For During A Call Starts When The Call Ends
    [Tags]    simulator
    Sign In Ready Agent    ${AGENT_A}
    ${call} =    Customer Calls And Agent Answers    ${AGENT_A}
    Set Agent Rest    ${AGENT_A}    10 min
    Get Agent State    ${AGENT_A}    ==    pre-rest
    Drop Call    ${AGENT_A}
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Call_Release    content=${call}
    Wait For Agent Event    ${AGENT_A}    AgentState_SetRest_Success
    Get Agent State    ${AGENT_A}    ==    rest

Wrap-Up After Every Call And Answering Automatically
    [Tags]    simulator
    Sign In Ready Agent    ${AGENT_A}
    Set Agent Auto Enter Idle    ${AGENT_A}    False
    Set Agent Auto Answer    ${AGENT_A}    True
    ${call} =    Simulate Inbound Call    ${AGENT_A}    caller=${CUSTOMER}
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Auto_Answer    callid=${call}
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Talking    callid=${call}
    Drop Call    ${AGENT_A}
    Wait For Agent Event    ${AGENT_A}    AgentState_Work
    Get Agent State    ${AGENT_A}    ==    wrap-up
    Cancel Agent Wrap Up    ${AGENT_A}
    Wait For Agent Event    ${AGENT_A}    AgentState_CancelWork_Success
