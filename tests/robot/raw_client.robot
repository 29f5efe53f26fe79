*** Settings ***
Documentation       A raw HTTP client of the CC-Gateway agent interfaces, written from the documentation alone
...                 (../shared/seeds/ and ../shared/reference/ccgateway-api.md) with RequestsLibrary: no
...                 CCGatewayLibrary keyword. It signs in, takes the Guid from Set-GUID (on the sign-in and,
...                 in dynamic authentication, on every event poll), polls events one per response, and
...                 calls the five seed interfaces. Tests tagged ``simulator`` use the simulator's control
...                 API to play the customer. Run by tests/test_raw_client.py against a simulator with short
...                 GUIDINTERVAL / GUIDTIMEOUT; ${GATEWAY_URL} and ${CA_BUNDLE} name the gateway. The CA
...                 bundle goes with every request: requests lets REQUESTS_CA_BUNDLE override a session's.
Library             Collections
Library             RequestsLibrary
Suite Setup         Create Session    gw    ${GATEWAY_URL}    verify=${CA_BUNDLE}    timeout=15
Suite Teardown      Delete All Sessions
Test Teardown       Sign Out Quietly    ${AGENT}


*** Variables ***
${GATEWAY_URL}          https://127.0.0.1:8043
${CA_BUNDLE}            ${True}
${AGENT}                101
${BASE}                 /agentgateway/resource
&{GUIDS}                &{EMPTY}


*** Test Cases ***
Sign In Gives A Guid And The Documented Events
    Sign In    ${AGENT}
    Poll Until Event    ${AGENT}    AgentOther_InService
    Poll Until Event    ${AGENT}    AgentState_Ready
    ${status} =    Agent Request    GET    /onlineagent/${AGENT}/agentstatus    ${AGENT}
    Should Be Equal As Integers    ${status}[result][agentState]    4

The Session Survives Guid Rotation When The Client Follows Set-GUID
    Sign In    ${AGENT}
    ${first} =    Get From Dictionary    ${GUIDS}    ${AGENT}
    FOR    ${_}    IN RANGE    12
        Agent Request    GET    /agentevent/${AGENT}    ${AGENT}
    END
    Should Not Be Equal    ${GUIDS}[${AGENT}]    ${first}    The Guid was never rotated
    ${status} =    Agent Request    GET    /onlineagent/${AGENT}/agentstatus    ${AGENT}
    Should Be Equal    ${status}[retcode]    0

A Wrong Guid Is Refused With 100-006
    Sign In    ${AGENT}
    VAR    &{headers} =    Content-Type=application/json; charset=UTF-8    Guid=not-a-guid
    ${answer} =    DELETE On Session    gw    ${BASE}/voicecall/${AGENT}/release    headers=${headers}
    ...    verify=${CA_BUNDLE}
    Should Be Equal    ${answer.json()}[retcode]    100-006

Drop Call Releases An Answered Inbound Call
    [Tags]    simulator
    Sign In    ${AGENT}
    ${call} =    Customer Calls    ${AGENT}
    ${ringing} =    Poll Until Event    ${AGENT}    AgentEvent_Ringing
    Should Be Equal    ${ringing}[content][callid]    ${call}
    Agent Request    PUT    /voicecall/${AGENT}/answer    ${AGENT}
    Poll Until Event    ${AGENT}    AgentEvent_Talking
    Agent Request    DELETE    /voicecall/${AGENT}/release    ${AGENT}
    ${released} =    Poll Until Event    ${AGENT}    AgentEvent_Call_Release
    Should Be Equal    ${released}[content]    ${call}
    Poll Until Event    ${AGENT}    AgentEvent_Customer_Release

The Seed Interfaces Refuse Without Their Prerequisites With A Listed Retcode
    Sign In    ${AGENT}
    Expect Retcode    DELETE    /voicecall/${AGENT}/release    200-017
    Expect Retcode    POST    /voicecall/${AGENT}/disconnect/13800000009    200-023    200-024
    Expect Retcode    POST    /voicecall/${AGENT}/phonehangup    100-007
    Expect Retcode    POST    /agentconf/${AGENT}/releaseagentconf    101-001    101-002
    Expect Retcode    POST    /voicecall/${AGENT}/connecthold/1-1    200-013    200-014

An Agent That Signed Out Is Refused With 100-006
    Sign In    ${AGENT}
    Agent Request    DELETE    /onlineagent/${AGENT}/logout    ${AGENT}
    ${answer} =    Raw Agent Request    GET    /agentevent/${AGENT}    ${AGENT}
    Should Be Equal    ${answer}[retcode]    100-006


*** Keywords ***
Sign In
    [Documentation]    PUT /onlineagent/{agentid} with the documentation's sample body; keeps the Guid of
    ...                ``Set-GUID: JSESSIONID=<guid>``.
    [Arguments]    ${agent}
    VAR    &{body} =    password=${EMPTY}    phonenum=${EMPTY}    status=4
    ...    releasephone=false    agenttype=4    autoanswer=${False}
    VAR    &{headers} =    Content-Type=application/json; charset=UTF-8
    ${answer} =    PUT On Session    gw    ${BASE}/onlineagent/${agent}    json=${body}    headers=${headers}
    ...    verify=${CA_BUNDLE}
    Should Be Equal    ${answer.json()}[retcode]    0
    Take Guid    ${agent}    ${answer}

Take Guid
    [Documentation]    Keeps the Guid of a ``Set-GUID: JSESSIONID=<guid>`` header, if the answer has one.
    [Arguments]    ${agent}    ${answer}
    ${set_guid} =    Evaluate    $answer.headers.get('Set-GUID', '')
    IF    $set_guid
        ${guid} =    Evaluate    $set_guid.partition('=')[2]
        Set To Dictionary    ${GUIDS}    ${agent}=${guid}
    END

Raw Agent Request
    [Documentation]    One request with the agent's Guid; takes a newer Guid from Set-GUID; returns the JSON body.
    [Arguments]    ${method}    ${path}    ${agent}    &{kwargs}
    ${guid} =    Get From Dictionary    ${GUIDS}    ${agent}    default=${EMPTY}
    VAR    &{headers} =    Content-Type=application/json; charset=UTF-8    Guid=${guid}
    ${answer} =    Run Keyword    ${method} On Session    gw    ${BASE}${path}    headers=${headers}
    ...    expected_status=200    verify=${CA_BUNDLE}    &{kwargs}
    Take Guid    ${agent}    ${answer}
    RETURN    ${answer.json()}

Agent Request
    [Documentation]    As `Raw Agent Request`, and the retcode must be 0.
    [Arguments]    ${method}    ${path}    ${agent}    &{kwargs}
    ${body} =    Raw Agent Request    ${method}    ${path}    ${agent}    &{kwargs}
    Should Be Equal    ${body}[retcode]    0    ${method} ${path}: ${body}
    RETURN    ${body}

Expect Retcode
    [Documentation]    The request answers one of the ``allowed`` retcodes (those its page lists).
    [Arguments]    ${method}    ${path}    @{allowed}
    ${body} =    Raw Agent Request    ${method}    ${path}    ${AGENT}
    Should Contain    ${allowed}    ${body}[retcode]    ${method} ${path}: ${body}

Poll Until Event
    [Documentation]    Polls GET /agentevent/{agentid} (one event per answer) until ``event_type`` arrives.
    [Arguments]    ${agent}    ${event_type}    ${polls}=30
    FOR    ${_}    IN RANGE    ${polls}
        ${body} =    Agent Request    GET    /agentevent/${agent}    ${agent}
        IF    $body['event'] is not None and $body['event']['eventType'] == $event_type
            RETURN    ${body}[event]
        END
    END
    Fail    ${event_type} did not arrive within ${polls} polls

Customer Calls
    [Documentation]    Simulator control API: a customer calls the agent; returns the call ID.
    [Arguments]    ${agent}
    VAR    &{body} =    agent_id=${agent}
    ${answer} =    POST On Session    gw    /simulator/inbound-calls    json=${body}    verify=${CA_BUNDLE}
    RETURN    ${answer.json()}[result][callid]

Sign Out Quietly
    [Documentation]    Force sign-out (DELETE /onlineagent/{agentid}/forcelogout), whatever the test left.
    [Arguments]    ${agent}
    ${guid} =    Get From Dictionary    ${GUIDS}    ${agent}    default=${EMPTY}
    IF    $guid
        VAR    &{headers} =    Content-Type=application/json; charset=UTF-8    Guid=${guid}
        Run Keyword And Ignore Error    DELETE On Session    gw    ${BASE}/onlineagent/${agent}/forcelogout
        ...    headers=${headers}    verify=${CA_BUNDLE}
    END
    Remove From Dictionary    ${GUIDS}    ${agent}
