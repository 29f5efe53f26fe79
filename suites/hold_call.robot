*** Settings ***
Documentation       Holding a Call: POST /agentgateway/resource/voicecall/{agentid}/connecthold/{callid}
...                 (method connectHold). The agent has an established call and a held call; the gateway
...                 connects their other parties to each other and releases the agent. Fails with
...                 200-013 without an established call and 200-014 without the held call.
Resource            ../resources/calls.resource
Test Teardown       Sign Out All Agents


*** Test Cases ***
Hold Call Joins The Held Customer With The Consulted Party
    [Tags]    simulator
    Sign In Ready Agent    ${AGENT_A}
    ${customer_call}    ${consult_call} =    Customer On Hold While Agent Talks To Consulted Party    ${AGENT_A}
    Hold Call    ${AGENT_A}    ${customer_call}
    Comment    The four events the seed page lists as triggered, in any order (it fixes none).
    ${events} =    Wait For Agent Events    ${AGENT_A}    AgentEvent_Call_Release    AgentEvent_Customer_Release
    ...    AgentOther_PhoneRelease    AgentMediaEvent_StopRecordDone
    Should Be Equal    ${events}[0][content]    ${consult_call}
    Should Be Equal    ${events}[1][content][callid]    ${customer_call}
    Wait For Agent Event    ${AGENT_A}    AgentState_Ready
    [Teardown]    Run Keywords    Simulate Customer Hang Up    ${customer_call}    AND    Sign Out All Agents

Hold Call Without A Held Call Fails With 200-014
    [Tags]    simulator
    Sign In Ready Agent    ${AGENT_A}
    ${call} =    Customer Calls And Agent Answers    ${AGENT_A}
    Run Keyword And Expect Error    200-014*    Hold Call    ${AGENT_A}    ${call}

Hold Call Without An Established Call Fails With 200-013
    [Tags]    simulator
    Sign In Ready Agent    ${AGENT_A}
    ${call} =    Customer Calls And Agent Answers    ${AGENT_A}
    Agent Holds The Call    ${AGENT_A}    ${call}
    Run Keyword And Expect Error    200-013*    Hold Call    ${AGENT_A}    ${call}

Hold Call For An Agent That Is Not Signed In Fails With 100-006
    Run Keyword And Expect Error    100-006*    Hold Call    ${NOT_SIGNED_IN}    1456401416-3

Malformed Call ID Is Refused Before Any Request
    Run Keyword And Expect Error
    ...    Hold Call: argument 'call_id' is '../release'; allowed: *
    ...    Hold Call    ${AGENT_A}    ../release
