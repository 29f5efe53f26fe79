*** Settings ***
Documentation       Transferring a Call: POST /agentgateway/resource/voicecall/{agentid}/transfer (method
...                 transfer) and Cancel Transfer (canceltransfer). A blind transfer releases the agent at
...                 once; a success transfer waits for the target, which the agent can cancel; a target
...                 that is busy leaves the agent with its call. Consulting first is a held customer, an
...                 internal call and Hold Call (connectHold). Fails with 200-012 without a talking call.
Resource            ../resources/calls.resource
Test Teardown       Sign Out All Agents
Test Tags           simulator


*** Test Cases ***
Blind Transfer To An Agent
    Sign In Ready Agents    ${AGENT_A}    ${AGENT_B}
    ${call} =    Customer Calls And Agent Answers    ${AGENT_A}
    Transfer Call    ${AGENT_A}    ${AGENT_B}
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Customer_Alerting    callid=${call}    otherPhoneWorkno=${AGENT_B}
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Call_Release    content=${call}
    Wait For Agent Event    ${AGENT_A}    AgentState_Ready
    Wait For Agent Event    ${AGENT_B}    AgentEvent_Ringing    callid=${call}    transfer=yes    transfrom=${AGENT_A}
    Answer Call    ${AGENT_B}
    Wait For Agent Event    ${AGENT_B}    AgentEvent_Talking    callid=${call}
    Get Call Info    ${AGENT_B}    caller    ==    ${CUSTOMER}

Consult Another Agent Then Transfer
    Sign In Ready Agents    ${AGENT_A}    ${AGENT_B}
    ${customer_call} =    Customer Calls And Agent Answers    ${AGENT_A}
    Agent Holds The Call    ${AGENT_A}    ${customer_call}
    ${consult_call} =    Call Agent    ${AGENT_A}    ${AGENT_B}
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Customer_Alerting    callid=${consult_call}
    Wait For Agent Event    ${AGENT_B}    AgentEvent_Ringing    callid=${consult_call}
    Answer Call    ${AGENT_B}
    Wait For Agent Event    ${AGENT_B}    AgentEvent_Talking    callid=${consult_call}
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Talking    callid=${consult_call}
    Hold Call    ${AGENT_A}    ${customer_call}
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Call_Release    content=${consult_call}
    Wait For Agent Event    ${AGENT_A}    AgentState_Ready
    Get Call Info    ${AGENT_B}    callid    ==    ${customer_call}
    Get Agent State    ${AGENT_B}    ==    talking

Success Transfer Completes When The Target Answers
    Sign In Ready Agents    ${AGENT_A}    ${AGENT_B}
    ${call} =    Customer Calls And Agent Answers    ${AGENT_A}
    Transfer Call    ${AGENT_A}    ${AGENT_B}    mode=success
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Customer_Alerting    callid=${call}
    Wait For Agent Event    ${AGENT_B}    AgentEvent_Ringing    callid=${call}
    Answer Call    ${AGENT_B}
    Wait For Agent Event    ${AGENT_B}    AgentEvent_Talking    callid=${call}
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Call_Release    content=${call}
    Wait For Agent Event    ${AGENT_A}    AgentState_Ready

Transfer To A Busy Agent Leaves The Call With The Agent
    Sign In Ready Agent    ${AGENT_A}
    Sign In Ready Agent    ${AGENT_B}    status=busy
    Wait For Agent Event    ${AGENT_B}    AgentState_SetNotReady_Success
    ${call} =    Customer Calls And Agent Answers    ${AGENT_A}
    Transfer Call    ${AGENT_A}    ${AGENT_B}    mode=success
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Connect_Fail    content=${call}
    Get Agent State    ${AGENT_A}    ==    talking
    Agent Event Should Not Occur    ${AGENT_B}    AgentEvent_Ringing    within=200 ms

Transfer To A Target That Does Not Answer Is Cancelled
    Sign In Ready Agents    ${AGENT_A}    ${AGENT_B}
    ${call} =    Customer Calls And Agent Answers    ${AGENT_A}
    Transfer Call    ${AGENT_A}    ${AGENT_B}    mode=success
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Customer_Alerting    callid=${call}
    Wait For Agent Event    ${AGENT_B}    AgentEvent_Ringing    callid=${call}
    Cancel Transfer    ${AGENT_A}
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Talking    callid=${call}
    Wait For Agent Event    ${AGENT_B}    AgentEvent_No_Answer    content=${call}
    Wait For Agent Event    ${AGENT_B}    AgentState_Ready
    Get Call Info    ${AGENT_A}    callid    ==    ${call}

Talk Transfer To An External Number
    Sign In Ready Agent    ${AGENT_A}
    ${call} =    Customer Calls And Agent Answers    ${AGENT_A}
    Transfer Call    ${AGENT_A}    ${THIRD_PARTY}    to=external    mode=talk
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Customer_Alerting    callid=${call}    otherPhone=${THIRD_PARTY}
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Talking    callid=${call}
    Drop Call    ${AGENT_A}
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Call_Release    content=${call}
    Wait For Agent Event    ${AGENT_A}    AgentState_Ready

Blind Transfer To A Skill
    Sign In Ready Agents    ${AGENT_A}    ${AGENT_B}
    Sign In To Skills    ${AGENT_B}    1
    ${call} =    Customer Calls And Agent Answers    ${AGENT_A}
    Transfer Call    ${AGENT_A}    1    to=skill
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Call_Release    content=${call}
    Wait For Agent Event    ${AGENT_B}    AgentEvent_Ringing    callid=${call}    transfrom=${AGENT_A}

Transfer Without A Talking Call Fails With 200-012
    Sign In Ready Agent    ${AGENT_A}
    Run Keyword And Expect Error    200-012*    Transfer Call    ${AGENT_A}    ${AGENT_B}

A Mode The Target Does Not Allow Is Refused Before Any Request
    Run Keyword And Expect Error    Transfer Call: argument 'mode' is 'talk'; allowed: one of 'blind', 'success'.
    ...    Transfer Call    ${AGENT_A}    ${AGENT_B}    mode=talk
