*** Settings ***
Documentation       Rejecting a Call: POST /agentgateway/resource/voicecall/{agentid}/phonehangup (method
...                 phonehangup). In phone-linkage mode, after AgentOther_PhoneAlerting, the agent rejects
...                 the ringing call; the gateway reports AgentOther_PhoneRelease and AgentEvent_No_Answer.
Resource            ../resources/calls.resource
Test Teardown       Sign Out All Agents


*** Test Cases ***
Rejecting A Ringing Call In Phone-Linkage Mode
    [Tags]    simulator
    Sign In Ready Agent    ${AGENT_A}    phone_linkage=True
    ${call} =    Simulate Inbound Call    ${AGENT_A}
    Wait For Agent Event    ${AGENT_A}    AgentOther_PhoneAlerting
    Reject Ringing Call    ${AGENT_A}
    Wait For Agent Events    ${AGENT_A}    AgentOther_PhoneRelease    AgentEvent_No_Answer    callid=${call}    phoneState=2
    Agent Event Should Not Occur    ${AGENT_A}    AgentEvent_Talking    within=200 ms

The Agent Is Ready For The Next Call After Rejecting
    [Tags]    simulator
    Sign In Ready Agent    ${AGENT_A}    phone_linkage=True
    Simulate Inbound Call    ${AGENT_A}
    Wait For Agent Event    ${AGENT_A}    AgentOther_PhoneAlerting
    Reject Ringing Call    ${AGENT_A}
    Wait For Agent Event    ${AGENT_A}    AgentOther_PhoneRelease
    Wait For Agent Event    ${AGENT_A}    AgentEvent_No_Answer
    Wait For Agent Event    ${AGENT_A}    AgentState_Ready
    ${next_call} =    Simulate Inbound Call    ${AGENT_A}
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Ringing    callid=${next_call}

Rejecting Without Phone Linkage Fails With 100-007
    [Tags]    simulator
    Sign In Ready Agent    ${AGENT_A}
    ${call} =    Simulate Inbound Call    ${AGENT_A}
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Ringing    callid=${call}
    Run Keyword And Expect Error    100-007*the simulator explains: agent ${AGENT_A} has no phone linkage*
    ...    Reject Ringing Call    ${AGENT_A}

Rejecting When No Call Rings Fails With 100-007
    Sign In Ready Agent    ${AGENT_A}    phone_linkage=True
    Run Keyword And Expect Error    100-007*    Reject Ringing Call    ${AGENT_A}

Reject Ringing Call For An Agent That Is Not Signed In Fails With 100-006
    Run Keyword And Expect Error    100-006*    Reject Ringing Call    ${NOT_SIGNED_IN}

Agent ID Below The Documented Range Is Refused Before Any Request
    Run Keyword And Expect Error
    ...    Reject Ringing Call: argument 'agent_id' is '100'; allowed: an agent ID (work number) from 101 to 59999.
    ...    Reject Ringing Call    100
