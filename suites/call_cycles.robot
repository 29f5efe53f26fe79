*** Settings ***
Documentation       Whole call cycles as a contact center runs them: calls answered by hand or
...                 automatically, customers who hang up while ringing or talking, calls between agents,
...                 outbound calls that fail, and three-party help. Each step waits for the event that
...                 proves it; after every call the agent is ready for the next one.
Resource            ../resources/calls.resource
Test Teardown       Sign Out All Agents
Test Tags           simulator


*** Test Cases ***
Three Inbound Calls In A Row
    Sign In Ready Agent    ${AGENT_A}
    FOR    ${_}    IN RANGE    3
        ${call} =    Customer Calls And Agent Answers    ${AGENT_A}
        Drop Call    ${AGENT_A}
        Wait For Agent Event    ${AGENT_A}    AgentEvent_Call_Release    content=${call}
        Wait For Agent Event    ${AGENT_A}    AgentState_Ready
    END

Inbound Call Answered Automatically
    Sign In Ready Agent    ${AGENT_A}    auto_answer=True
    ${call} =    Simulate Inbound Call    ${AGENT_A}    caller=${CUSTOMER}
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Auto_Answer    callid=${call}    caller=${CUSTOMER}
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Talking    callid=${call}
    Agent Event Should Not Occur    ${AGENT_A}    AgentEvent_Ringing    within=0 s
    Drop Call    ${AGENT_A}
    Wait For Agent Event    ${AGENT_A}    AgentState_Ready

Customer Hangs Up Before The Agent Answers
    Sign In Ready Agent    ${AGENT_A}
    ${call} =    Simulate Inbound Call    ${AGENT_A}    caller=${CUSTOMER}
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Ringing    callid=${call}
    Simulate Customer Hang Up    ${call}
    Wait For Agent Event    ${AGENT_A}    AgentEvent_No_Answer    content=${call}
    Wait For Agent Event    ${AGENT_A}    AgentOther_PhoneRelease    phoneState=3
    Wait For Agent Event    ${AGENT_A}    AgentState_Ready
    Run Keyword And Expect Error    200-002*    Answer Call    ${AGENT_A}

Customer Hangs Up During The Conversation
    Sign In Ready Agent    ${AGENT_A}
    ${call} =    Customer Calls And Agent Answers    ${AGENT_A}
    Simulate Customer Hang Up    ${call}
    Wait For Agent Events    ${AGENT_A}    AgentEvent_Customer_Release    AgentEvent_Call_Release
    ...    callid=${call}    number=${CUSTOMER}
    Wait For Agent Events In Order    ${AGENT_A}    AgentOther_PhoneRelease    AgentState_Ready    phoneState=3
    Agent Event Count Should Be    ${AGENT_A}    AgentEvent_Customer_Release    1

Customer Held And Retrieved Twice
    Sign In Ready Agent    ${AGENT_A}
    ${call} =    Customer Calls And Agent Answers    ${AGENT_A}
    FOR    ${_}    IN RANGE    2
        Agent Holds The Call    ${AGENT_A}    ${call}
        Retrieve Held Call    ${AGENT_A}    ${call}
        Wait For Agent Event    ${AGENT_A}    AgentEvent_Talking    callid=${call}
    END
    Drop Call    ${AGENT_A}
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Call_Release    content=${call}

One Agent Calls Another
    Comment    The simulator gives each agent the phone number of its agent ID.
    Sign In Ready Agents    ${AGENT_A}    ${AGENT_B}
    ${call} =    Make Call    ${AGENT_A}    ${AGENT_B}
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Customer_Alerting    callid=${call}    otherPhoneWorkno=${AGENT_B}
    Wait For Agent Event    ${AGENT_B}    AgentEvent_Ringing    callid=${call}
    Answer Call    ${AGENT_B}
    Wait For Agent Event    ${AGENT_B}    AgentEvent_Talking    callid=${call}
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Talking    callid=${call}
    Drop Call    ${AGENT_A}
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Call_Release    content=${call}
    Wait For Agent Event    ${AGENT_B}    AgentEvent_Call_Release    content=${call}
    Wait For Agent Event    ${AGENT_B}    AgentState_Ready

Outbound Call To A Busy Number Fails
    Set Remote Party Behaviour    ${THIRD_PARTY}    busy
    Sign In Ready Agent    ${AGENT_A}
    ${call} =    Make Call    ${AGENT_A}    ${THIRD_PARTY}
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Call_Out_Fail    content=${call}
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Connect_Fail    content=${call}
    Wait For Agent Event    ${AGENT_A}    AgentState_Ready
    [Teardown]    Run Keywords    Set Remote Party Behaviour    ${THIRD_PARTY}    answer    AND    Sign Out All Agents

A Busy Agent Is Offered No Call
    Sign In Ready Agent    ${AGENT_A}    status=busy
    Wait For Agent Event    ${AGENT_A}    AgentState_SetNotReady_Success
    Run Keyword And Expect Error    100-007*    Simulate Inbound Call    ${AGENT_A}
    Agent Event Should Not Occur    ${AGENT_A}    AgentEvent_Ringing    within=0 s

Helper Joins The Customer Call As Third Party
    Sign In Ready Agents    ${AGENT_A}    ${AGENT_B}
    ${call} =    Customer Calls And Agent Answers    ${AGENT_A}
    ${help} =    Request Internal Help    ${AGENT_A}    ${AGENT_B}    mode=three-party
    Wait For Agent Event    ${AGENT_B}    AgentEvent_Ringing    callid=${help}
    Answer Call    ${AGENT_B}
    Wait For Agent Event    ${AGENT_B}    AgentEvent_Talking    callid=${call}
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Conference    callid=${call}
    Simulate Customer Hang Up    ${call}
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Customer_Release    callid=${call}    number=${CUSTOMER}
    Wait For Agent Event    ${AGENT_B}    AgentEvent_Customer_Release    callid=${call}    number=${CUSTOMER}

Agent Signs Out And In Again Between Calls
    Sign In Ready Agent    ${AGENT_A}
    ${first} =    Customer Calls And Agent Answers    ${AGENT_A}
    Drop Call    ${AGENT_A}
    Wait For Agent Event    ${AGENT_A}    AgentState_Ready
    Sign Out Agent    ${AGENT_A}
    Run Keyword And Expect Error    100-006*    Get Agent State    ${AGENT_A}
    Sign In Ready Agent    ${AGENT_A}
    ${second} =    Customer Calls And Agent Answers    ${AGENT_A}
    Should Not Be Equal    ${first}    ${second}
