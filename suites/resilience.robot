*** Settings ***
Documentation       What the library does when the gateway misbehaves, as shared lab gateways do: they slow
...                 down, answer errors, drop connections, fail over, restart, and lose, repeat or swap
...                 events. Each test makes the bundled simulator misbehave with Inject Gateway Fault and
...                 shows the library's answer:
...
...                 - a keyword that meets a fault fails at once (or within its timeout), naming the fault
...                 and the interface; the library never retries an action, since it may have happened;
...                 - the background event poller retries, so no event the gateway delivered is lost and
...                 none is handed out twice;
...                 - an agent the gateway signed out (restart, no poll for the idle timeout, a Guid the
...                 library never received) is reported by that agent's next keyword, with 100-006.
...
...                 Every test needs the simulator, so all are tagged simulator. The event pollers' back-offs
...                 and the idle timeout are short here: the faults are deliberate and brief, and waiting out
...                 delays meant for a real outage would only make the suite slow.
Resource            ../resources/calls.resource
Suite Setup         Set Event Poller Backoff    first=10 ms    maximum=100 ms    empty_poll_pause=20 ms
Suite Teardown      Set Event Poller Backoff
Test Teardown       Run Keywords    Clear Gateway Faults    AND    Sign Out All Agents
Test Tags           simulator    resilience


*** Test Cases ***
A Slow Answer Within The Timeout Only Takes Longer
    Sign In Ready Agent    ${AGENT_A}
    ${call} =    Customer Calls And Agent Answers    ${AGENT_A}
    Inject Gateway Fault    latency    agent_id=${AGENT_A}    interface=Drop Call    latency=300 ms
    Drop Call    ${AGENT_A}
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Call_Release    content=${call}
    Fault Should Have Happened    delayed 0.3 s

An HTTP Error Fails The Keyword Naming The Status And The Interface
    Sign In Ready Agent    ${AGENT_A}
    Inject Gateway Fault    http error    agent_id=${AGENT_A}    interface=Drop Call    status=503
    Run Keyword And Expect Error
    ...    Drop Call: DELETE https://*/agentgateway/resource/voicecall/${AGENT_A}/release answered HTTP 503 Service Unavailable*
    ...    Drop Call    ${AGENT_A}

A Reset Connection Fails The Keyword Saying So
    Sign In Ready Agent    ${AGENT_A}
    Inject Gateway Fault    connection reset    agent_id=${AGENT_A}    interface=Make Call
    Run Keyword And Expect Error
    ...    Make Call: PUT https://*/agentgateway/resource/voicecall/${AGENT_A}/callout got no answer: connection reset*
    ...    Make Call    ${AGENT_A}    ${CONSULTED_PARTY}

An Answer That Is Not JSON Fails The Keyword Quoting It
    Sign In Ready Agent    ${AGENT_A}
    Inject Gateway Fault    not json    agent_id=${AGENT_A}    interface=Put Call On Hold
    Run Keyword And Expect Error
    ...    Put Call On Hold: POST https://*/voicecall/${AGENT_A}/hold answered with a body that is not JSON: '<html>*
    ...    Put Call On Hold    ${AGENT_A}

A Failover Fails The Keyword With 000-004
    Sign In Ready Agent    ${AGENT_A}
    Inject Gateway Fault    failover    agent_id=${AGENT_A}    interface=Drop Call
    Run Keyword And Expect Error
    ...    000-004: the agent is being switched over (failover) (Drop Call: DELETE */voicecall/${AGENT_A}/release)
    ...    Drop Call    ${AGENT_A}

The Event Poller Rides Out Errors, Resets, Failovers And Empty Polls
    Sign In Ready Agent    ${AGENT_A}
    Inject Gateway Fault    http error    agent_id=${AGENT_A}    interface=getAgentEvent
    Inject Gateway Fault    connection reset    agent_id=${AGENT_A}    interface=getAgentEvent
    Inject Gateway Fault    not json    agent_id=${AGENT_A}    interface=getAgentEvent
    Inject Gateway Fault    failover    agent_id=${AGENT_A}    interface=getAgentEvent
    Inject Gateway Fault    empty poll    agent_id=${AGENT_A}    count=3
    ${call} =    Customer Calls And Agent Answers    ${AGENT_A}
    Drop Call    ${AGENT_A}
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Call_Release    content=${call}
    Wait For Agent Event    ${AGENT_A}    AgentState_Ready
    No Fault Should Be Left

A Repeated Event Is Handed Out Once
    Sign In Ready Agent    ${AGENT_A}
    Inject Gateway Fault    duplicate event    agent_id=${AGENT_A}
    ${call} =    Simulate Inbound Call    ${AGENT_A}
    Wait For Agent Event    ${AGENT_A}    AgentState_Busy
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Ringing    callid=${call}
    Fault Should Have Happened    duplicated AgentState_Busy
    Agent Event Count Should Be    ${AGENT_A}    AgentState_Busy    1

Swapped Events Are All Kept And Each Wait Finds Its Own
    Sign In Ready Agent    ${AGENT_A}
    Inject Gateway Fault    reorder events    agent_id=${AGENT_A}
    ${call} =    Simulate Inbound Call    ${AGENT_A}
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Ringing    callid=${call}
    Wait For Agent Event    ${AGENT_A}    AgentState_Busy
    Wait For Agent Event    ${AGENT_A}    AgentOther_PhoneAlerting
    Fault Should Have Happened    handed out AgentOther_PhoneAlerting before AgentState_Busy

An Event The Gateway Drops Is Reported Missing With What Did Arrive
    Sign In Ready Agent    ${AGENT_A}
    Inject Gateway Fault    drop event    agent_id=${AGENT_A}
    ${call} =    Simulate Inbound Call    ${AGENT_A}
    Wait For Agent Event    ${AGENT_A}    AgentEvent_Ringing    callid=${call}
    Fault Should Have Happened    dropped AgentState_Busy
    VAR    ${missing} =    Agent ${AGENT_A} did not receive AgentState_Busy after Simulate Inbound Call (*)
    ...    within 200 milliseconds. Events received*AgentEvent_Ringing (${call})*
    Run Keyword And Expect Error    ${missing}
    ...    Wait For Agent Event    ${AGENT_A}    AgentState_Busy    timeout=200 ms

A Guid Rotation The Library Never Received Is Reported By The Agent's Next Keyword
    Sign In Ready Agent    ${AGENT_A}
    Inject Gateway Fault    missed guid rotation    agent_id=${AGENT_A}
    ${call} =    Simulate Inbound Call    ${AGENT_A}
    Run Keyword And Expect Error    *its event stream ended (100-006*
    ...    Wait For Agent Event    ${AGENT_A}    AgentEvent_Ringing    callid=${call}
    Run Keyword And Expect Error    100-006: agent ${AGENT_A} is no longer signed in*
    ...    Answer Call    ${AGENT_A}
    Sign In Ready Agent    ${AGENT_A}    force=True

A Gateway Restart Signs Every Agent Out And Each Agent's Next Keyword Says So
    Sign In Ready Agents    ${AGENT_A}    ${AGENT_B}
    Inject Gateway Fault    restart
    FOR    ${agent}    IN    ${AGENT_A}    ${AGENT_B}
        Run Keyword And Expect Error    *its event stream ended (100-006*
        ...    Wait For Agent Event    ${agent}    AgentState_Ready
        Run Keyword And Expect Error    100-006: agent ${agent} is no longer signed in*
        ...    Make Call    ${agent}    ${CONSULTED_PARTY}
    END
    Sign In Ready Agent    ${AGENT_A}

A Gateway That Is Down For A While Resets Connections Until It Is Back
    Inject Gateway Fault    restart    duration=500 ms
    Run Keyword And Expect Error    *got no answer: connection reset*    Sign In Ready Agent    ${AGENT_A}
    Wait Until Keyword Succeeds    10 s    100 ms    Sign In Ready Agent    ${AGENT_A}

An Agent Whose Polls Cannot Get Through Is Signed Out After The Idle Timeout
    Set Gateway Idle Timeout    300 ms
    Sign In Ready Agent    ${AGENT_A}
    # the outage outlasts the idle timeout and its sweep (a quarter of it) by about 0.4 s
    Inject Gateway Fault    connection reset    agent_id=${AGENT_A}    interface=getAgentEvent    duration=800 ms
    Run Keyword And Expect Error    *its event stream ended (100-006*
    ...    Wait For Agent Event    ${AGENT_A}    AgentEvent_Ringing    timeout=30 s
    Fault Should Have Happened    signed out after 0.3 s without an event poll
    Run Keyword And Expect Error    100-006: agent ${AGENT_A} is no longer signed in*
    ...    Make Call    ${AGENT_A}    ${CONSULTED_PARTY}


*** Keywords ***
Fault Should Have Happened
    [Documentation]    Proves the simulator did misbehave as injected, so a passing test did meet the fault.
    [Arguments]    ${what}
    ${faults} =    Get Gateway Faults
    ${done} =    Evaluate    [item['what'] for item in $faults['applied']]
    Should Contain    ${done}    ${what}

No Fault Should Be Left
    [Documentation]    Every injected fault was used up, so the library did meet each of them.
    ${faults} =    Get Gateway Faults
    Should Be Empty    ${faults.active}
