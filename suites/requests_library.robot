*** Settings ***
Documentation       RequestsLibrary for the interfaces without a keyword. After Sign In Agent, the agent's HTTP
...                 session is RequestsLibrary session agent_<agent ID>: its current Guid (kept current as the
...                 gateway rotates it), cookies, TLS setting and timeout. The request is written with the
...                 documented URI and proven, like every step, by the event it triggers.
Library             RequestsLibrary
Resource            ../resources/calls.resource
Test Teardown       Sign Out All Agents


*** Test Cases ***
Holding And Retrieving A Call Through RequestsLibrary Across Guid Rotations
    [Tags]    simulator
    Sign In Ready Agent    ${AGENT_A}
    ${call} =    Customer Calls And Agent Answers    ${AGENT_A}
    # Two rotations: the simulator now refuses the Guid of the sign-in, so only the current one works.
    Simulate Guid Rotation    ${AGENT_A}
    Simulate Guid Rotation    ${AGENT_A}
    ${answer} =    POST On Session    agent_${AGENT_A}    /agentgateway/resource/voicecall/${AGENT_A}/hold
    Should Be Equal    ${answer.json()}[retcode]    0
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Hold    content=${call}
    Simulate Guid Rotation    ${AGENT_A}
    ${answer} =    POST On Session    agent_${AGENT_A}    /agentgateway/resource/voicecall/${AGENT_A}/gethold
    ...    params=callid=${call}
    Should Be Equal    ${answer.json()}[retcode]    0
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Talking    callid=${call}
    Get Held Calls    ${AGENT_A}    ==

Reading The Agent Status Through RequestsLibrary
    Sign In Ready Agent    ${AGENT_A}
    ${alias} =    Get Agent Session Alias    ${AGENT_A}
    ${answer} =    GET On Session    ${alias}    /agentgateway/resource/onlineagent/${AGENT_A}/agentstatus
    Should Be Equal    ${answer.json()}[retcode]    0
    Should Be Equal As Integers    ${answer.json()}[result][agentState]    4
    Should Not Contain    ${answer.request.headers}[Guid]    -    msg=the Guid is logged masked

A Refusal Through RequestsLibrary Is The Gateway's Answer To Check
    Sign In Ready Agent    ${AGENT_A}
    ${answer} =    POST On Session    agent_${AGENT_A}    /agentgateway/resource/voicecall/${AGENT_A}/hold
    Should Be Equal    ${answer.json()}[retcode]    200-013
    Agent Event Should Not Occur    ${AGENT_A}    AgentEvent_Hold    within=200 ms

A Request Through RequestsLibrary Begins The Agent's New Step
    [Tags]    simulator
    Sign In Ready Agent    ${AGENT_A}
    ${call} =    Customer Calls And Agent Answers    ${AGENT_A}
    ${answer} =    POST On Session    agent_${AGENT_A}    /agentgateway/resource/voicecall/${AGENT_A}/hold
    Should Be Equal    ${answer.json()}[retcode]    0
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Hold    content=${call}
    # The answer's AgentEvent_Talking came before the hold request: it is not this step's.
    Agent Event Count Should Be    ${AGENT_A}    AgentEvent_Talking    0
