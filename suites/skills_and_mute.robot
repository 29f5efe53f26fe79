*** Settings ***
Documentation       Skill queues (resetskill): a customer calls a skill and the call rings an idle agent
...                 signed in to it, not one that is busy or in other skills. Mute and unmute (beginmute,
...                 endmute) with their retcodes 200-003/200-004 and 200-007/200-008.
Resource            ../resources/calls.resource
Test Teardown       Sign Out All Agents
Test Tags           simulator


*** Test Cases ***
A Customer Calls Skill 1
    Sign In Ready Agents    ${AGENT_A}    ${AGENT_B}
    Sign In To Skills    ${AGENT_A}    1
    Sign In To Skills    ${AGENT_B}    1
    Set Agent Busy    ${AGENT_A}
    Wait For Agent Event    ${AGENT_A}    AgentState_SetNotReady_Success
    ${call} =    Simulate Inbound Call To Skill    1    caller=${CUSTOMER}
    Wait For Agent Event    ${AGENT_B}    AgentEvent_Ringing    callid=${call}    caller=${CUSTOMER}
    Answer Call    ${AGENT_B}
    Wait For Agent Event    ${AGENT_B}    AgentEvent_Talking    callid=${call}
    Get Call Info    ${AGENT_B}    callskillid    ==    1

An Agent Gets Only The Skills Configured For It
    Set Agent Skills    ${AGENT_C}    2
    Sign In Ready Agent    ${AGENT_C}
    Sign In To Skills    ${AGENT_C}    1    2
    Run Keyword And Expect Error    100-007*    Simulate Inbound Call To Skill    1
    ${call} =    Simulate Inbound Call To Skill    2
    Wait For Agent Event    ${AGENT_C}    AgentEvent_Ringing    callid=${call}

Mute During A Call
    Sign In Ready Agent    ${AGENT_A}
    Run Keyword And Expect Error    200-003*    Mute Call    ${AGENT_A}
    ${call} =    Customer Calls And Agent Answers    ${AGENT_A}
    Mute Call    ${AGENT_A}
    Run Keyword And Expect Error    200-004*    Mute Call    ${AGENT_A}
    Unmute Call    ${AGENT_A}
    Run Keyword And Expect Error    200-008*    Unmute Call    ${AGENT_A}
    Drop Call    ${AGENT_A}
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Call_Release    content=${call}
    Run Keyword And Expect Error    200-007*    Unmute Call    ${AGENT_A}
