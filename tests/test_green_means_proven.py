"""Issue 8, "green means proven": every pattern that once let a test pass for the wrong reason, written as a
tester would write it in a Robot suite (generated here and run with robot.run), now fails: at once (the
failing keyword takes under 1 s), with a message that says what to fix, and with no request sent.

The expectations come from the issue and the keyword documentation: a stale event does not satisfy a wait
after a later step; a misspelled option or field is never a filter; an unknown event type names the closest
documented one; an in-order wait names the event out of order and the order received."""

from __future__ import annotations

import re
import textwrap
import time
from datetime import timedelta

import pytest
from robot import run
from robot.api import ExecutionResult

SUITE = """\
*** Settings ***
Library           CCGatewayLibrary
Suite Setup       Start Gateway Simulator
Test Teardown     Nothing Was Sent And Sign Out

*** Variables ***
${SENT}           -1

*** Keywords ***
Note What Was Sent
    ${lib} =    Get Library Instance    CCGatewayLibrary
    ${count} =    Evaluate    len($lib.requests)
    Set Test Variable    ${SENT}    ${count}

Nothing Was Sent And Sign Out
    ${lib} =    Get Library Instance    CCGatewayLibrary
    ${count} =    Evaluate    len($lib.requests)
    IF    ${SENT} >= 0    Should Be Equal As Integers    ${count}    ${SENT}    a request was sent
    Sign Out All Agents

Agent Talks To A Customer
    [Arguments]    ${agent}
    Sign In Agent    ${agent}
    Wait For Agent Events In Order    ${agent}    AgentOther_InService    AgentState_Ready
    ${call} =    Simulate Inbound Call    ${agent}
    Wait For Agent Event    ${agent}    AgentEvent_Ringing    callid=${call}
    Answer Call    ${agent}
    Wait For Agent Event    ${agent}    AgentEvent_Talking    callid=${call}
    RETURN    ${call}

*** Test Cases ***
%s
"""

# name -> (test body, regular expression the failure message must match)
CASES = {
    "Stale Ready After Hang Up": (
        """
    Sign In Agent    101
    ${call} =    Simulate Inbound Call    101
    Wait For Agent Event    101    AgentEvent_Ringing    callid=${call}
    Answer Call    101
    Wait For Agent Event    101    AgentEvent_Talking    callid=${call}
    Put Call On Hold    101
    Wait For Agent Event    101    AgentEvent_Hold    content=${call}
    ${out} =    Make Call    101    13800000002
    Wait For Agent Event    101    AgentEvent_Talking    callid=${out}
    Simulate Customer Hang Up    ${out}
    Wait For Agent Event    101    AgentEvent_Call_Release    content=${out}
    Note What Was Sent
    Wait For Agent Event    101    AgentState_Ready    timeout=300 ms
""",
        (
            r"did not receive AgentState_Ready after Simulate Customer Hang Up \(\d\d:\d\d:\d\d\.\d{3}\) within 300 "
            r"milliseconds\. AgentState_Ready arrived at (\d\d:\d\d:\d\d\.\d{3}), before Simulate Customer Hang Up "
            r"\((\d\d:\d\d:\d\d\.\d{3})\).*AgentState_Ready \(earlier\)"
        ),
    ),
    "Misspelled Within Is Not A Filter": (
        """
    Agent Talks To A Customer    101
    Note What Was Sent
    Agent Event Should Not Occur    101    AgentEvent_Talking    witin=200 ms
""",
        r"^Agent Event Should Not Occur: 'witin=' is not an option.*did you mean within=\?",
    ),
    "Misspelled Field Is Not A Filter": (
        """
    ${call} =    Agent Talks To A Customer    101
    Note What Was Sent
    Agent Event Should Not Occur    101    AgentEvent_Talking    callId=${call}
""",
        r"AgentEvent_Talking has no content field 'callId'.*caller, called, callid.*Did you mean callid=\?",
    ),
    "Misspelled Timeout Is Not A Filter": (
        """
    Sign In Agent    101
    Note What Was Sent
    Wait For Agent Event    101    AgentEvent_Talking    timout=1 s
""",
        r"^Wait For Agent Event: 'timout=' is not an option.*did you mean timeout=\?",
    ),
    "Misspelled Message Is Not A Filter": (
        """
    Sign In Agent    101
    Note What Was Sent
    Wait For Agent Event    101    AgentState_Ready    mesage=the agent is not ready
""",
        r"'mesage=' is not an option.*did you mean message=\?",
    ),
    "Misspelled Event Type": (
        """
    Sign In Agent    101
    Note What Was Sent
    Wait For Agent Event    101    AgentState_Redy
""",
        r"'AgentState_Redy' is not an event type of the event catalogue: did you mean AgentState_Ready\?.*undocumented=True",
    ),
    "Event Type In The Wrong Case": (
        """
    Sign In Agent    101
    Note What Was Sent
    Wait For Agent Event    101    agentstate_ready
""",
        r"'agentstate_ready' is not an event type .*did you mean AgentState_Ready\?.*case-sensitive",
    ),
    "Content On An Object Event": (
        """
    ${call} =    Agent Talks To A Customer    101
    Note What Was Sent
    Agent Event Should Not Occur    101    AgentEvent_Talking    content=${call}
""",
        r"'content=' matches a content that is a plain string, but AgentEvent_Talking has an object content .*callid=",
    ),
    "Content On A Conference Event": (
        """
    Sign In Agent    101
    Note What Was Sent
    Wait For Agent Event    101    AgentConf_ParticipantChanged    content=1
""",
        # reference §5.5: its first field is 'result'; the conference's ID is the filter that tells one apart
        r"AgentConf_ParticipantChanged has an object content .*Filter on a field instead, e\.g\. confId=\.\.\.",
    ),
    "Content On An Event Naming Its Call callId": (
        """
    Sign In Agent    101
    Note What Was Sent
    Wait For Agent Event    101    AgentEvent_Incoming_CallInfo    content=1
""",
        # reference §5.2: this event spells its call ID callId, not callid
        r"AgentEvent_Incoming_CallInfo has an object content .*Filter on a field instead, e\.g\. callId=\.\.\.",
    ),
    "Content On An Event With One Field": (
        """
    Sign In Agent    101
    Note What Was Sent
    Wait For Agent Event    101    AgentState_SetNotReady_Success    content=1
""",
        r"AgentState_SetNotReady_Success has an object content .*Filter on a field instead, e\.g\. reason=\.\.\.",
    ),
    "Call ID Filter Over A Plain-String And An Object Event": (
        """
    Sign In Agent    101
    Note What Was Sent
    Wait For Agent Events    101    AgentEvent_Call_Release    AgentState_Ready    callid=no-such-call    timeout=100 ms
""",
        # callid= filters AgentEvent_Call_Release's plain-string content (its call ID, reference §5.2)
        r"did not receive AgentEvent_Call_Release with content=no-such-call ",
    ),
    "Field On A Plain String Event": (
        """
    ${call} =    Agent Talks To A Customer    101
    Drop Call    101
    Note What Was Sent
    Wait For Agent Event    101    AgentEvent_Call_Release    callid=${call}
""",
        (
            r"AgentEvent_Call_Release has no content field 'callid': a plain-string content, the call ID\. "
            r"Filter it with content="
        ),
    ),
    "Filter On A Null Event": (
        """
    Sign In Agent    101
    Note What Was Sent
    Wait For Agent Event    101    AgentState_Ready    callid=1-1
""",
        r"AgentState_Ready has no content field 'callid': no content \(null\)",
    ),
    "Option Of Another Keyword": (
        """
    Sign In Agent    101
    Note What Was Sent
    Agent Event Should Not Occur    101    AgentEvent_Talking    timeout=1 s
""",
        r"Agent Event Should Not Occur has no option 'timeout='; its options: within=, since=, message=",
    ),
    "Unknown Since": (
        """
    Sign In Agent    101
    Note What Was Sent
    Wait For Agent Event    101    AgentState_Ready    since=yesterday
""",
        r"argument 'since' is 'yesterday'; allowed: 'last step' .* or 'test start'",
    ),
    "Documented Type Marked Undocumented": (
        """
    Sign In Agent    101
    Note What Was Sent
    Wait For Agent Event    101    AgentState_Ready    undocumented=True
""",
        r"AgentState_Ready is in the event catalogue, so 'undocumented=True' is not needed",
    ),
    "Events In The Wrong Order": (
        """
    Sign In Agent    101
    Note What Was Sent
    Wait For Agent Events In Order    101    AgentState_Ready    AgentOther_InService
""",
        (
            r"AgentOther_InService came out of order: it should arrive after AgentState_Ready, but arrived before it\. "
            r"Expected order: AgentState_Ready, AgentOther_InService\. Order received after Sign In Agent "
            r"\(\d\d:\d\d:\d\d\.\d{3}\): AgentOther_InService, AgentState_Ready\."
        ),
    ),
    "Events In The Wrong Order Since Test Start": (
        """
    Sign In Agent    101
    ${call} =    Simulate Inbound Call    101
    Wait For Agent Event    101    AgentEvent_Ringing    callid=${call}
    Note What Was Sent
    Wait For Agent Events In Order    101    AgentState_Ready    AgentOther_InService    since=test start
""",
        (
            r"AgentOther_InService came out of order: it should arrive after AgentState_Ready, but arrived before it\. "
            r"Expected order: AgentState_Ready, AgentOther_InService\. Order received since the test began: "
            r"AgentOther_InService, AgentState_Ready\."
        ),
    ),
    "Count Of A Release": (
        """
    ${call} =    Agent Talks To A Customer    101
    Simulate Customer Hang Up    ${call}
    Wait For Agent Events    101    AgentEvent_Customer_Release    AgentEvent_Call_Release    AgentState_Ready
    Note What Was Sent
    Agent Event Count Should Be    101    AgentEvent_Customer_Release    2
""",
        (
            r"Agent 101 received 1 AgentEvent_Customer_Release after Simulate Customer Hang Up \(.*\), expected 2: "
            r"AgentEvent_Customer_Release \(\S+\) at \d\d:"
        ),
    ),
    "Discarded Events Are Not Waited For": (
        """
    Sign In Agent    101
    Sleep    0.3 s    the sign-in events arrive (a test of the library; suites never sleep)
    Discard Agent Events    101
    Note What Was Sent
    Wait For Agent Event    101    AgentState_Ready    timeout=200 ms
""",
        (
            r"did not receive AgentState_Ready after Discard Agent Events .* AgentState_Ready arrived at .*, before "
            r"Discard Agent Events"
        ),
    ),
    "Message Replaces The Failure Text": (
        """
    Sign In Agent    101
    Note What Was Sent
    Wait For Agent Event    101    AgentEvent_Ringing    timeout=100 ms    message=Nobody called agent 101
""",
        r"^Nobody called agent 101$",
    ),
    "Undocumented Event Type Waited For Explicitly": (
        """
    Sign In Agent    101
    Note What Was Sent
    Wait For Agent Event    101    AgentEvent_Site_Notice    undocumented=True    timeout=100 ms    siteId=1
""",
        r"did not receive AgentEvent_Site_Notice with siteId=1 after Sign In Agent",
    ),
}

PASSING = """
Steps Keep The No-Race Promise
    [Documentation]    Events an action caused count even when they arrived before the wait started.
    Sign In Agent    101
    ${call} =    Simulate Inbound Call    101
    Sleep    0.3 s    the events arrive before the wait starts (a test of the library; suites never sleep)
    Wait For Agent Events In Order    101    AgentOther_InService    AgentState_Ready    since=test start
    ${ringing} =    Wait For Agent Event    101    AgentEvent_Ringing    callid=${call}
    Answer Call    101
    Sleep    0.3 s
    Wait For Agent Event    101    AgentEvent_Talking    callid=${call}
    ${events} =    Get Agent Events    101
    Should Be Equal    ${events}[0][eventType]    AgentOther_InService
    ${keys} =    Evaluate    sorted($events[0])
    Should Be Equal    ${keys}    ${{['content', 'eventGenTime', 'eventType', 'workNo']}}
    ${step} =    Get Agent Events    101    since=last step
    # reference §9, inbound manual answer: AgentEvent_Customer_Alerting, then AgentEvent_Talking
    Should Be Equal    ${step}[0][eventType]    AgentEvent_Customer_Alerting
    Should Be Equal    ${step}[1][eventType]    AgentEvent_Talking

Since Test Start Accepts An Earlier Event
    Sign In Agent    101
    Wait For Agent Event    101    AgentOther_InService
    Wait Until Keyword Succeeds    5 s    10 ms    Agent Event Count Should Be    101    AgentState_Ready    1
    ${call} =    Simulate Inbound Call    101
    Wait For Agent Event    101    AgentEvent_Ringing    callid=${call}
    Wait For Agent Event    101    AgentState_Ready    since=test start
    Agent Event Count Should Be    101    AgentState_Ready    1    since=test start
    Agent Event Count Should Be    101    AgentState_Ready    0
"""


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    out = tmp_path_factory.mktemp("green")
    tests = "\n".join(f"{name}{textwrap.indent(textwrap.dedent(body), '    ')}" for name, (body, _) in CASES.items())
    suite = out / "green_means_proven.robot"
    suite.write_text(SUITE % (tests + PASSING), encoding="utf-8")
    run(str(suite), outputdir=str(out), console="none", loglevel="DEBUG")
    result = ExecutionResult(str(out / "output.xml"))
    return {test.name: test for test in result.suite.tests}


@pytest.mark.parametrize("name", list(CASES))
def test_a_pattern_that_passed_for_the_wrong_reason_now_fails_at_once_saying_what_to_fix(results, name):
    test = results[name]
    assert test.status == "FAIL"
    assert "teardown" not in test.message.lower(), test.message  # nothing was sent for the rejected keyword
    assert re.search(CASES[name][1], test.message, re.DOTALL), test.message
    failing = [step for step in test.body if step.type == "KEYWORD"][-1]
    assert failing.status == "FAIL"
    assert failing.elapsed_time < timedelta(seconds=1), failing.elapsed_time


def test_the_stale_event_is_named_with_its_arrival_before_the_step(results):
    message = results["Stale Ready After Hang Up"].message
    arrived, step = re.search(r"arrived at (\S+), before Simulate Customer Hang Up \((\S+)\)", message).groups()
    assert arrived < step  # same day: HH:MM:SS.mmm compares as text


@pytest.mark.parametrize("name", ["Steps Keep The No-Race Promise", "Since Test Start Accepts An Earlier Event"])
def test_waits_see_what_the_step_caused_and_what_the_test_asks_for(results, name):
    assert results[name].status == "PASS", results[name].message


def test_every_wait_logs_what_it_matched_when_it_arrived_and_after_which_step(results):
    wait = next(
        k
        for k in results["Steps Keep The No-Race Promise"].body
        if k.name == "Wait For Agent Event" and "AgentEvent_Talking" in k.args
    )
    logged = " ".join(m.message for m in wait.body if getattr(m, "type", "") == "MESSAGE")
    assert re.search(
        r"matched AgentEvent_Talking \(\S+\), arrived at \d\d:\d\d:\d\d\.\d{3}, after the step "
        r"Answer Call \(\d\d:\d\d:\d\d\.\d{3}\)",
        logged,
    ), logged


# -- the step bookkeeping of the Robot-free client (EventStream), without a gateway ----------------------
def _stream():
    from CCGatewayLibrary.client.events import EventStream

    return EventStream("101", lambda: None)  # never started: events are added by hand, as the poller would


def _event(event_type, content=None, generated_ms=None):
    event = {"eventType": event_type, "workNo": "101", "content": content}
    if generated_ms is not None:
        event["eventGenTime"] = generated_ms
    return event


def test_an_event_caused_by_the_step_counts_even_if_it_arrived_before_the_wait():
    from CCGatewayLibrary.client.events import matcher

    stream = _stream()
    stream.mark_step("Answer Call")  # before the request is sent
    stream.add(_event("AgentEvent_Talking", {"callid": "1-1"}))  # arrives before the wait starts
    assert stream.wait_for(matcher("AgentEvent_Talking"), 0).event["content"] == {"callid": "1-1"}


def test_an_event_from_before_the_step_does_not_count_unless_asked_for():
    from CCGatewayLibrary.client.events import matcher

    stream = _stream()
    stream.add(_event("AgentState_Ready"))
    stream.mark_step("Simulate Customer Hang Up")
    started = time.monotonic()
    assert stream.wait_for(matcher("AgentState_Ready"), 0.05) is None
    assert time.monotonic() - started < 1
    assert stream.earlier(matcher("AgentState_Ready")).event_type == "AgentState_Ready"
    assert stream.wait_for(matcher("AgentState_Ready"), 0, after=stream.test_start) is not None  # since=test start


def test_an_event_in_flight_when_the_step_began_is_earlier_by_its_generation_time():
    from CCGatewayLibrary.client.events import matcher

    stream = _stream()
    now_ms = int(time.time() * 1000)
    stream.add(_event("AgentOther_InService", generated_ms=now_ms - 5))  # teaches the clock offset (~5 ms)
    time.sleep(0.05)
    stream.mark_step("Simulate Inbound Call")
    stream.add(_event("AgentState_Ready", generated_ms=now_ms))  # generated before the step, delivered after
    stream.add(_event("AgentState_Busy", generated_ms=int(time.time() * 1000)))  # caused by the step
    assert stream.wait_for(matcher("AgentState_Ready"), 0) is None
    assert stream.wait_for(matcher("AgentState_Busy"), 0) is not None


def test_events_out_of_order_fail_at_once_naming_the_first_one_out_of_order():
    from CCGatewayLibrary.client.events import matcher

    stream = _stream()
    stream.mark_step("Drop Call")
    for event_type in ("AgentEvent_Call_Release", "AgentState_Ready", "AgentOther_PhoneRelease"):
        stream.add(_event(event_type))
    wanted = [matcher(t) for t in ("AgentEvent_Call_Release", "AgentOther_PhoneRelease", "AgentState_Ready")]
    started = time.monotonic()
    result = stream.wait_for_all(wanted, 5, ordered=True)
    assert time.monotonic() - started < 1
    assert result.out_of_order == 2 and not result.complete
    assert stream.wait_for_all(wanted, 0, ordered=False).complete  # in any order, all arrived


def test_since_test_start_does_not_count_an_event_generated_before_the_test_that_arrives_in_it():
    """An event the gateway generated in a suite setup but delivered after the test began is from before
    the test (Wait For Agent Event's docstring: ``since=test start`` counts what the gateway sent in the
    test), just as an event in flight when a step began is from before the step."""
    from CCGatewayLibrary.client.events import matcher

    stream = _stream()
    now_ms = int(time.time() * 1000)
    stream.add(_event("AgentOther_InService", generated_ms=now_ms - 5))  # teaches the clock offset (~5 ms)
    time.sleep(0.05)
    stream.start_test()
    late = stream.add(_event("AgentState_Ready", generated_ms=now_ms))  # generated before the test, delivered in it
    assert stream.wait_for(matcher("AgentState_Ready"), 0, after=stream.test_start) is None
    assert stream.earlier(matcher("AgentState_Ready"), after=stream.test_start) is late
    assert stream.wait_for(matcher("AgentState_Ready"), 0) is late  # the suite setup's step still sees it
    stream.add(_event("AgentState_Busy", generated_ms=int(time.time() * 1000)))  # generated in the test
    assert stream.wait_for(matcher("AgentState_Busy"), 0, after=stream.test_start) is not None


def _run_suite(tmp_path, name: str, text: str) -> dict:
    """Run ``text`` as suite ``name`` with robot; its tests by name."""
    suite = tmp_path / f"{name}.robot"
    suite.write_text(text, encoding="utf-8")
    run(str(suite), outputdir=str(tmp_path), console="none", loglevel="DEBUG")
    return {t.name: t for t in ExecutionResult(str(tmp_path / "output.xml")).suite.tests}


def _expected_error(test) -> str:
    """The failure that the test's first ``Run Keyword And Expect Error`` expected, as its keyword logged it."""
    expect = next(k for k in test.body if k.name == "Run Keyword And Expect Error")
    return next(m.message for kw in expect.body for m in kw.body if getattr(m, "level", "") == "FAIL")


CROSSING = """\
*** Settings ***
Library           CCGatewayLibrary
Suite Setup       Call Arrives In The Suite Setup, Its Events In The Test
Suite Teardown    Run Keywords    Clear Gateway Faults    AND    Sign Out All Agents

*** Keywords ***
Call Arrives In The Suite Setup, Its Events In The Test
    Start Gateway Simulator
    Sign In Agent    101
    Wait For Agent Events In Order    101    AgentOther_InService    AgentState_Ready
    # The next event poll answers 1 s late: the open one is reset, its retry waits 1 s before it is served.
    Inject Gateway Fault    latency    agent_id=101    interface=getAgentEvent    latency=1 s
    Inject Gateway Fault    connection reset    agent_id=101    interface=getAgentEvent
    Simulate Inbound Call    101
    Sleep    0.1 s    the call's events are generated well before the test begins (a test of the library)

*** Test Cases ***
Events Generated In The Suite Setup Do Not Count Since Test Start
    Run Keyword And Expect Error    *
    ...    Wait For Agent Event    101    AgentEvent_Ringing    since=test start    timeout=3 s
    Wait For Agent Event    101    AgentEvent_Ringing    timeout=1 s

Events Generated In The Test Count Since Test Start
    ${call} =    Simulate Inbound Call    101
    Wait For Agent Event    101    AgentEvent_Ringing    since=test start    callid=${call}
"""


# The sign-in's own events, delayed across the boundary: no event has taught the clock offset yet, the
# sign-in answer's loginTime (reference §3.1) does.
SIGN_IN_CROSSING = (
    CROSSING.replace("Call Arrives In The Suite Setup, Its Events In The Test", "Sign In With Its First Poll Delayed")
    .replace(
        """    Sign In Agent    101
    Wait For Agent Events In Order    101    AgentOther_InService    AgentState_Ready
    # The next event poll answers 1 s late: the open one is reset, its retry waits 1 s before it is served.
    Inject Gateway Fault    latency    agent_id=101    interface=getAgentEvent    latency=1 s
    Inject Gateway Fault    connection reset    agent_id=101    interface=getAgentEvent
    Simulate Inbound Call    101
""",
        """    Inject Gateway Fault    latency    agent_id=101    interface=getAgentEvent    latency=1 s
    Sign In Agent    101
""",
    )
    .replace(
        "AgentEvent_Ringing    since=test start    timeout=3 s", "AgentState_Ready    since=test start    timeout=3 s"
    )
    .replace("AgentEvent_Ringing    timeout=1 s", "AgentState_Ready    timeout=1 s")
)


@pytest.mark.parametrize(
    "suite_text, event_type", [(CROSSING, "AgentEvent_Ringing"), (SIGN_IN_CROSSING, "AgentState_Ready")]
)
def test_an_event_delayed_across_the_test_boundary_does_not_satisfy_since_test_start(tmp_path, suite_text, event_type):
    assert f"{event_type}    since=test start    timeout=3 s" in suite_text  # the replacements took
    tests = _run_suite(tmp_path, "crossing", suite_text)
    for test in tests.values():
        assert test.status == "PASS", (test.name, test.message)
    failure = _expected_error(tests["Events Generated In The Suite Setup Do Not Count Since Test Start"])
    assert re.search(
        rf"did not receive {event_type} since the test began within 3 seconds\. {event_type}( \(\S+\))? "
        r"was generated before the test began and arrived at \S+, in flight when the test began: an event from "
        r"before the test does not prove it\.",
        failure,
    ), failure


def test_the_sign_in_time_teaches_the_clock_offset_and_anything_else_is_ignored():
    from CCGatewayLibrary.client.events import matcher

    stream = _stream()
    for junk in (None, "", "soon", True, -5, {"ms": 1}):
        stream.learn_clock(junk, time.time())  # not a time stamp: nothing learned, nothing raised
    now_ms = int(time.time() * 1000)
    stream.learn_clock(str(now_ms), time.time())  # loginTime is a string of ms (reference §3.1)
    time.sleep(0.05)
    stream.mark_step("Answer Call")
    stream.add(_event("AgentState_Ready", generated_ms=now_ms))  # the first event, generated before the step
    assert stream.wait_for(matcher("AgentState_Ready"), 0) is None


CARRIED_OVER = """\
*** Settings ***
Library           CCGatewayLibrary
Suite Setup       Run Keywords    Start Gateway Simulator    AND    Set Cleanup Level    SUITE
Suite Teardown    Sign Out All Agents

*** Test Cases ***
Call Set Up In One Test
    Sign In Agent    101
    ${call} =    Simulate Inbound Call    101
    Wait For Agent Event    101    AgentEvent_Ringing    callid=${call}
    Answer Call    101
    Wait For Agent Event    101    AgentEvent_Talking    callid=${call}
    Discard Agent Events    101
    Set Suite Variable    ${CALL}    ${call}

Customer Hangs Up In The Next
    Simulate Customer Hang Up    ${CALL}
    Wait For Agent Event    101    AgentState_Ready
"""


def test_a_hang_up_of_a_call_carried_over_from_an_earlier_test_is_a_step_for_its_agent(tmp_path):
    """Simulate Customer Hang Up's docstring: it begins a step for every agent of the library in the call,
    also when this test's events do not name the call (the simulator's answer names the agents)."""
    tests = _run_suite(tmp_path, "carried", CARRIED_OVER)
    for test in tests.values():
        assert test.status == "PASS", (test.name, test.message)
    wait = tests["Customer Hangs Up In The Next"].body[1]
    logged = " ".join(m.message for m in wait.body if getattr(m, "type", "") == "MESSAGE")
    assert "matched AgentState_Ready" in logged and "after the step Simulate Customer Hang Up" in logged, logged
    # a plain-string content (the call ID, reference §5.2) is logged as the string it is
    assert re.search(r"Agent 101 received AgentEvent_Call_Release: '\d+-\d+'", logged), logged


UNDOCUMENTED_NEGATIVE = """\
*** Settings ***
Library           CCGatewayLibrary
Suite Setup       Start Gateway Simulator
Test Setup        Agent Receives An Undocumented Event
Test Teardown     Sign Out All Agents

*** Keywords ***
Agent Receives An Undocumented Event
    Sign In Agent    101
    Wait For Agent Events In Order    101    AgentOther_InService    AgentState_Ready
    # As a real gateway might: an event type no Huawei page documents (the simulator sends none).
    ${lib} =    Get Library Instance    CCGatewayLibrary
    Evaluate    $lib.client.session('101').stream.add({'eventType': 'AgentEvent_Site_Notice', 'workNo': '101', 'content': {'siteId': '1'}})

*** Test Cases ***
Misspelled Field Should Not Occur
    Agent Event Should Not Occur    101    AgentEvent_Site_Notice    within=50 ms    undocumented=True    siteid=1

Misspelled Field Count Zero
    Agent Event Count Should Be    101    AgentEvent_Site_Notice    0    undocumented=True    siteid=1

Content Filter On Object Content
    Agent Event Should Not Occur    101    AgentEvent_Site_Notice    within=50 ms    undocumented=True    content=1

Right Field Other Value
    Agent Event Should Not Occur    101    AgentEvent_Site_Notice    within=50 ms    undocumented=True    siteId=2
    Agent Event Count Should Be    101    AgentEvent_Site_Notice    0    undocumented=True    siteId=2
    Agent Event Count Should Be    101    AgentEvent_Site_Notice    1    undocumented=True    siteId=1
"""


def test_a_negative_check_of_an_undocumented_type_fails_when_its_filter_names_a_field_the_event_lacks(tmp_path):
    """With undocumented=True the filters are not checked against the catalogue, so a misspelled field
    would make 'should not occur' or a count of 0 pass vacuously: an event of the type that lacks the
    field fails the check instead (a false green is the worst defect, the developers' guide)."""
    tests = _run_suite(tmp_path, "undocumented", UNDOCUMENTED_NEGATIVE)
    assert tests["Right Field Other Value"].status == "PASS", tests["Right Field Other Value"].message
    for name, keyword in (
        ("Misspelled Field Should Not Occur", "Agent Event Should Not Occur"),
        ("Misspelled Field Count Zero", "Agent Event Count Should Be"),
    ):
        assert tests[name].status == "FAIL"
        assert re.search(
            rf"^{keyword}: agent 101 received AgentEvent_Site_Notice.* at \S+, and its content has no field "
            r"'siteid' \(it has: 'siteId'\): the filter cannot tell",
            tests[name].message,
        ), tests[name].message
    message = tests["Content Filter On Object Content"].message
    assert re.search(
        r"received AgentEvent_Site_Notice.* at \S+, and content= compares a plain-string content, but its content "
        r"is an object: the filter cannot tell",
        message,
    ), message


IN_FLIGHT = """\
*** Settings ***
Library           CCGatewayLibrary
Suite Setup       Start Gateway Simulator
Test Teardown     Run Keywords    Clear Gateway Faults    AND    Sign Out All Agents

*** Test Cases ***
An Event In Flight When The Step Began Does Not Prove The Step
    Sign In Agent    101
    Wait For Agent Events In Order    101    AgentOther_InService    AgentState_Ready
    # The next event poll answers 1 s late: the open one is reset, its retry waits 1 s before it is served.
    Inject Gateway Fault    latency    agent_id=101    interface=getAgentEvent    latency=1 s
    Inject Gateway Fault    connection reset    agent_id=101    interface=getAgentEvent
    ${call} =    Simulate Inbound Call    101
    Sleep    0.1 s    the call's events are generated well before the next step (a test of the library)
    Answer Call    101
    Run Keyword And Expect Error    *
    ...    Wait For Agent Event    101    AgentEvent_Ringing    callid=${call}    timeout=3 s
    Wait For Agent Event    101    AgentEvent_Talking    callid=${call}
"""


def test_an_event_generated_before_the_step_and_delivered_after_it_is_named_as_in_flight(tmp_path):
    """Wait For Agent Event's docstring: the latest step counts events the gateway generated after it
    began; the Ringing of Simulate Inbound Call, delivered only after Answer Call began, is from before."""
    tests = _run_suite(tmp_path, "in_flight", IN_FLIGHT)
    test = tests["An Event In Flight When The Step Began Does Not Prove The Step"]
    assert test.status == "PASS", test.message
    failure = _expected_error(test)
    assert re.search(
        r"did not receive AgentEvent_Ringing with callid=\S+ after Answer Call \(\S+\) within 3 seconds\. "
        r"AgentEvent_Ringing \(\S+\) was generated before Answer Call \(\S+\) and arrived at \S+, in flight "
        r"when the step began: an earlier event does not prove this step",
        failure,
    ), failure
