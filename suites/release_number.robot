*** Settings ***
Documentation       Releasing a Connection of a Specified Number: POST
...                 /agentgateway/resource/voicecall/{agentid}/disconnect/{number} (method disconnect).
...                 Used in three-party calls and internal help; only numbers in the agent's last call can
...                 be released. Fails with 200-023 or 200-024 otherwise.
Resource            ../resources/calls.resource
Test Teardown       Sign Out All Agents


*** Test Cases ***
Releasing The Third Party Of A Three-Party Call
    [Tags]    simulator
    Sign In Ready Agent    ${AGENT_A}
    ${call} =    Three-Party Call With Customer And Third Party    ${AGENT_A}
    Release Number    ${AGENT_A}    ${THIRD_PARTY}
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Customer_Release    callid=${call}    number=${THIRD_PARTY}
    Agent Event Count Should Be    ${AGENT_A}    AgentEvent_Call_Release    0
    Comment    The agent and the customer are still talking: the call can be dropped.
    Drop Call    ${AGENT_A}
    Wait For Agent Events    ${AGENT_A}    AgentEvent_Call_Release    AgentEvent_Customer_Release
    ...    callid=${call}    number=${CUSTOMER}

Releasing The Helper Of An Internal Help Call
    [Tags]    simulator
    Sign In Ready Agents    ${AGENT_A}    ${AGENT_B}
    ${customer_call}    ${help_call} =    Internal Help Call Answered By Helper    ${AGENT_A}    ${AGENT_B}
    Release Number    ${AGENT_A}    ${AGENT_B}
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Customer_Release    callid=${help_call}    number=${AGENT_B}
    Wait For Agent Event    ${AGENT_B}    AgentEvent_Call_Release    content=${help_call}
    Wait For Agent Event    ${AGENT_B}    AgentState_Ready
    Retrieve Held Call    ${AGENT_A}    ${customer_call}
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Talking    callid=${customer_call}

Releasing A Number That Is Not In The Last Call Fails With 200-023
    [Tags]    simulator
    Sign In Ready Agents    ${AGENT_A}    ${AGENT_B}
    Internal Help Call Answered By Helper    ${AGENT_A}    ${AGENT_B}
    Run Keyword And Expect Error    200-023*    Release Number    ${AGENT_A}    ${CUSTOMER}

The Helper Cannot Release The Requesting Agent
    [Tags]    simulator
    Sign In Ready Agents    ${AGENT_A}    ${AGENT_B}
    Internal Help Call Answered By Helper    ${AGENT_A}    ${AGENT_B}
    Run Keyword And Expect Error    200-024*    Release Number    ${AGENT_B}    ${AGENT_A}

Releasing A Number Without A Call Fails With 200-023
    Sign In Ready Agent    ${AGENT_A}
    Run Keyword And Expect Error    200-023*    Release Number    ${AGENT_A}    ${THIRD_PARTY}

Release Number For An Agent That Is Not Signed In Fails With 100-006
    Run Keyword And Expect Error    100-006*    Release Number    ${NOT_SIGNED_IN}    ${THIRD_PARTY}

A Number Of 25 Digits Is Refused Before Any Request
    Run Keyword And Expect Error
    ...    Release Number: argument 'number' is '1234567890123456789012345'; allowed: a phone number of 1 to 24 digits.
    ...    Release Number    ${AGENT_A}    1234567890123456789012345
