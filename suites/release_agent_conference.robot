*** Settings ***
Documentation       Releasing an Agent Conference: POST
...                 /agentgateway/resource/agentconf/{agentid}/releaseagentconf (method releaseAgentConf).
...                 The conference is set up as documented: the chairperson waits for
...                 AgentConf_SelfJoinResult and AgentConf_RequestSuccess, the participants ring
...                 (AgentConf_Ringing) and answer (answeragentconf) or leave (requestleaveagentconf).
...                 Only the chairperson may release the conference; the chairperson and all participants
...                 leave. Fails with 101-001 without a conference and 101-002 for a participant.
Resource            ../resources/calls.resource
Test Teardown       Sign Out All Agents


*** Test Cases ***
The Chairperson Releases The Agent Conference
    Sign In Ready Agents    ${AGENT_A}    ${AGENT_B}    ${AGENT_C}
    ${conference} =    Agent Conference Is Running    ${AGENT_A}    ${AGENT_B}    ${AGENT_C}
    Release Agent Conference    ${AGENT_A}
    Wait For Agent Events    ${AGENT_A}    AgentMediaEvent_StopRecordDone    AgentOther_PhoneRelease
    ...    AgentConf_SelfLeaveResult    AgentState_Ready    confId=${conference}
    Wait For Agent Event    ${AGENT_B}    AgentConf_SelfLeaveResult    confId=${conference}
    Wait For Agent Event    ${AGENT_C}    AgentConf_SelfLeaveResult    confId=${conference}

A Participant Leaves And The Others Are Told
    Sign In Ready Agents    ${AGENT_A}    ${AGENT_B}    ${AGENT_C}
    ${conference} =    Agent Conference Is Running    ${AGENT_A}    ${AGENT_B}    ${AGENT_C}
    Leave Agent Conference    ${AGENT_B}
    Wait For Agent Event    ${AGENT_B}    AgentMediaEvent_StopRecordDone
    Wait For Agent Event    ${AGENT_B}    AgentOther_PhoneRelease
    Wait For Agent Event    ${AGENT_B}    AgentConf_SelfLeaveResult    confId=${conference}
    Wait For Agent Event    ${AGENT_A}    AgentConf_ParticipantChanged    participant=${AGENT_B}    changeType=1
    Wait For Agent Event    ${AGENT_C}    AgentConf_ParticipantChanged    participant=${AGENT_B}    changeType=1
    Release Agent Conference    ${AGENT_A}
    Wait For Agent Event    ${AGENT_C}    AgentConf_SelfLeaveResult    confId=${conference}

The Chairperson Cannot Leave The Conference
    Sign In Ready Agents    ${AGENT_A}    ${AGENT_B}
    ${conference} =    Agent Conference Is Running    ${AGENT_A}    ${AGENT_B}
    Run Keyword And Expect Error    101-007*    Leave Agent Conference    ${AGENT_A}
    Release Agent Conference    ${AGENT_A}
    Wait For Agent Event    ${AGENT_B}    AgentConf_SelfLeaveResult    confId=${conference}

A Participant Who Is Not The Chairperson Cannot Release It
    Sign In Ready Agents    ${AGENT_A}    ${AGENT_B}
    Agent Conference Is Running    ${AGENT_A}    ${AGENT_B}
    Run Keyword And Expect Error    101-002*    Release Agent Conference    ${AGENT_B}
    Agent Event Should Not Occur    ${AGENT_A}    AgentConf_SelfLeaveResult    within=200 ms

Releasing Without A Conference Fails With 101-001
    Sign In Ready Agent    ${AGENT_A}
    Run Keyword And Expect Error    101-001*    Release Agent Conference    ${AGENT_A}

The Conference Can Be Requested Again After It Was Released
    Sign In Ready Agents    ${AGENT_A}    ${AGENT_B}
    ${first} =    Agent Conference Is Running    ${AGENT_A}    ${AGENT_B}
    Release Agent Conference    ${AGENT_A}
    Wait For Agent Event    ${AGENT_B}    AgentState_Ready
    ${second} =    Agent Conference Is Running    ${AGENT_A}    ${AGENT_B}
    Should Not Be Equal    ${first}    ${second}

Release Agent Conference For An Agent That Is Not Signed In Fails With 100-006
    Run Keyword And Expect Error    100-006*    Release Agent Conference    ${NOT_SIGNED_IN}
