"""Call-flow diagrams: the Robot-free renderer, and the library logging them into log.html at the end of each
test and at once when a keyword fails (but not for failures the test expects)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import deque
from datetime import timedelta

import pytest
from robot import run
from robot.api import ExecutionResult

from CCGatewayLibrary.client import ReceivedEvent, RequestRecord
from CCGatewayLibrary.flow import Note, content_summary, render

T0 = 1_700_000_000.0


def record(agent, label, method, path, retcode="0", at=0.0, ms=12.0, error=""):
    return RequestRecord(agent, label, method, path, retcode, ms, T0 + at, error)


def event(agent, event_type, content=None, at=0.0):
    return ReceivedEvent({"eventType": event_type, "workNo": agent, "content": content}, 1, received=T0 + at)


def svg_of(html):
    return ET.fromstring(re.search(r"<svg.*</svg>", html, re.S).group(0))


def rows_of(html):
    """(class, text) of each row of a diagram, in order; a wrapped text's lines joined with a space."""
    svg = svg_of(html)
    found = []
    for group in svg.iter("{http://www.w3.org/2000/svg}g"):
        shown = texts(group)
        found.append((group.get("class"), shown[-1]))  # the first text is the time column
    return found


def heading_colour(html):
    return re.search(r'<div style="font:bold 13px[^"]*color:(#[0-9a-f]{6})', html).group(1)


def texts(svg):
    """Each text of the diagram; a wrapped row's lines (its tspans) joined with a space."""
    return [" ".join(part for part in el.itertext()) for el in svg.iter("{http://www.w3.org/2000/svg}text")]


def test_lanes_rows_and_their_order():
    requests = [
        record("101", "Answer Call", "PUT", "/agentgateway/resource/voicecall/101/answer", at=0.3),
        record("102", "Sign In Agent", "PUT", "/agentgateway/resource/onlineagent/102", at=0.1),
    ]
    events = {
        "101": [event("101", "AgentEvent_Talking", {"callid": "1-2", "caller": "138", "type": "main"}, 0.4)],
        "102": [event("102", "AgentState_Ready", None, at=0.2)],
    }
    html = render(requests, events, [Note(T0 + 0.35, "Simulator: Simulate Inbound Call 101")], title="T")
    svg = svg_of(html)  # well-formed XML: a browser draws it
    shown = texts(svg)
    assert shown[:4] == ["Agent 102", "Agent 101", "CC-Gateway", "time"]  # lanes by first appearance
    rows = [t for t in shown if not t.startswith("+") and t not in ("Agent 101", "Agent 102", "CC-Gateway", "time")]
    assert rows == [
        "Sign In Agent: PUT /agentgateway/resource/onlineagent/102 \u2192 retcode 0 in 12 ms",
        "AgentState_Ready",
        "Answer Call: PUT /agentgateway/resource/voicecall/101/answer \u2192 retcode 0 in 12 ms",
        "Simulator: Simulate Inbound Call 101",
        "AgentEvent_Talking  callid 1-2, caller 138",
    ]
    assert [t for t in shown if t.startswith("+")] == ["+0.000 s", "+0.100 s", "+0.200 s", "+0.250 s", "+0.300 s"]
    assert "2 requests \u00b7 2 events \u00b7 agents 102, 101" in html
    assert "<script" not in html and "http://" not in html.replace("http://www.w3.org/2000/svg", "")


def test_failures_are_red_expected_failures_amber_and_explained():
    failed = record("101", "Drop Call", "DELETE", "/agentgateway/resource/voicecall/101/release", "200-017", 0.1)
    expected = record("102", "Drop Call", "DELETE", "/agentgateway/resource/voicecall/102/release", "100-006", 0.2)
    lost = record(
        "101", "Answer Call", "PUT", "/agentgateway/resource/voicecall/101/answer", "", 0.3, 10000, "timed out"
    )
    notes = [
        Note(T0 + 0.4, "\u2717 Wait For Agent Event failed: no event", "101", failed=True),
        Note(T0 + 0.25, "\u2717 Drop Call failed as expected", "102", failed=True, expected=True),
    ]
    html = render([failed, expected, lost], {}, notes, title="T", status="FAIL", expected={id(expected)})
    svg = svg_of(html)
    groups = {g.get("class"): g for g in svg.iter("{http://www.w3.org/2000/svg}g")}
    assert set(groups) == {
        "ccgw-request ccgw-failed",
        "ccgw-request ccgw-expected",
        "ccgw-note ccgw-failed",
        "ccgw-note ccgw-expected",
    }
    shown = " | ".join(texts(svg))
    assert "retcode 200-017 (the agent has no call to release) in 12 ms" in shown
    assert "no answer (timed out) in 10000 ms" in shown
    assert 'fill="#cf222e"' in html and 'fill="#9a6700"' in html
    assert "3 requests (3 failed, 1 of them as expected)" in html


def test_content_is_escaped_and_summarised():
    evil = {"callid": "<script>alert(1)</script>", "number": "13800000001", "jsonKey": ["x"]}
    html = render([], {"101": [event("101", "AgentEvent_Customer_Release", evil)]})
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert content_summary(evil) == "callid <script>alert(1)</script>, number 13800000001"
    assert content_summary("1456-3") == "1456-3" and content_summary(None) == ""
    svg_of(html)


def test_nothing_to_draw_gives_nothing():
    assert render([], {}) == ""


SCENARIO = """*** Settings ***
Library             CCGatewayLibrary
Suite Setup         Start Gateway Simulator    poll_wait=1 s
Suite Teardown      Stop Gateway Simulator
Test Teardown       Sign Out All Agents

*** Test Cases ***
Passing With An Expected Failure
    Sign In Agent    101
    Wait For Agent Event    101    AgentState_Ready
    Run Keyword And Expect Error    200-017*    Drop Call    101

The Helper Never Rings
    Sign In Agent    101
    Sign In Agent    102
    ${call} =    Simulate Inbound Call    101
    Wait For Agent Event    101    AgentEvent_Ringing    callid=${call}
    Answer Call    101
    Wait For Agent Event    101    AgentEvent_Talking    callid=${call}
    Wait For Agent Event    102    AgentEvent_Ringing    timeout=300 ms
"""


def test_the_library_logs_the_diagram_at_the_end_of_each_test_and_when_a_keyword_fails(tmp_path):
    suite = tmp_path / "flow.robot"
    suite.write_text(SCENARIO, encoding="utf-8")
    run(str(suite), outputdir=str(tmp_path), console="none", log="NONE", report="NONE")
    result = ExecutionResult(str(tmp_path / "output.xml"))
    passing, failing = result.suite.tests
    assert passing.status == "PASS" and failing.status == "FAIL"

    diagrams = _diagrams(passing)
    assert [where for where, _ in diagrams] == ["test"]  # no diagram for the expected failure
    assert "failed as expected" in diagrams[0][1] and "ccgw-request ccgw-expected" in diagrams[0][1]

    diagrams = _diagrams(failing)
    assert [where for where, _ in diagrams] == ["Wait For Agent Event", "test"]
    at_failure, at_end = diagrams[0][1], diagrams[1][1]
    for html in (at_failure, at_end):
        assert ">Agent 101<" in html and ">Agent 102<" in html and ">CC-Gateway<" in html
        assert "Answer Call: PUT /agentgateway/resource/voicecall/101/answer \u2192 retcode 0" in html
        assert "AgentEvent_Talking  callid " in html and "Simulator: Simulate Inbound Call 101" in html
        rows = rows_of(html)
        failed = [text for kind, text in rows if kind == "ccgw-wait ccgw-failed"]
        assert len(failed) == 1 and failed[0].startswith(
            "\u2717 Wait For Agent Event 102 AgentEvent_Ringing timeout=300 ms \u2192 failed after "
        )
        assert "Agent 102 did not receive AgentEvent_Ringing after Sign In Agent (" in failed[0]
        assert ") within 300 milliseconds" in failed[0]
    assert "(up to the failure of Wait For Agent Event)" in at_failure
    assert "/forcelogout" not in at_failure
    assert "Sign Out All Agents: DELETE /agentgateway/resource/onlineagent/101/forcelogout" in at_end  # the teardown


def _diagrams(test):
    """(where, html) of each call-flow message: in a keyword of the test, or at test level."""
    found = [("test", m.message) for m in test.body.filter(messages=True) if "ccgw-flow-svg" in m.message]
    for kw in test.body.filter(messages=False):
        found[:0] = [(kw.name, m.message) for m in kw.body.filter(messages=True) if "ccgw-flow-svg" in m.message]
    return found


def test_a_long_test_shows_its_last_rows():
    events = {"101": [event("101", f"AgentEvent_{i}", None, at=i / 1000) for i in range(1000)]}
    html = render([], events)
    shown = texts(svg_of(html))
    assert "\u2026 601 earlier rows not drawn (the diagram shows the last 399)" in shown
    assert "AgentEvent_999" in shown and "AgentEvent_601" in shown and "AgentEvent_600" not in shown
    assert "+0.000 s" in shown  # times stay relative to the test's first row


PROOF_SCENARIO = """*** Settings ***
Library             CCGatewayLibrary
Suite Setup         Start Gateway Simulator    poll_wait=1 s
Suite Teardown      Stop Gateway Simulator
Test Teardown       Sign Out All Agents

*** Test Cases ***
A Held-Call Check And An Expected Failure In A Passing Test
    Sign In Agent    101
    Agent Event Should Not Occur    101    AgentEvent_Talking    within=300 ms
    Wait For Agent Event    101    AgentState_Ready
    ${call} =    Simulate Inbound Call    101
    Wait For Agent Event    101    AgentEvent_Ringing    callid=${call}
    Answer Call    101
    Wait For Agent Event    101    AgentEvent_Talking    callid=${call}    timeout=5 s
    Get Held Calls    101    ==
    Run Keyword And Expect Error    200-0*    Retrieve Held Call    101    ${call}
"""


def run_suite(tmp_path, text):
    suite = tmp_path / "proof.robot"
    suite.write_text(text, encoding="utf-8")
    run(str(suite), outputdir=str(tmp_path), console="none", log="NONE", report="NONE")
    return ExecutionResult(str(tmp_path / "output.xml")).suite.tests


def test_each_wait_is_drawn_with_what_it_waited_for_what_it_matched_and_how_long_it_took(tmp_path):
    (test,) = run_suite(tmp_path, PROOF_SCENARIO)
    assert test.status == "PASS", test.message
    ((_, html),) = _diagrams(test)
    waits = [text for kind, text in rows_of(html) if kind.startswith("ccgw-wait")]
    assert len(waits) == 5, waits
    assert re.fullmatch(
        r"\u2713 Agent Event Should Not Occur 101 AgentEvent_Talking within=300 ms \u2192 did not "
        r"occur; took 3\d\d ms",
        waits[0],
    ), waits[0]
    # The Ready event arrived while the previous keyword watched for 300 ms: the row says so.
    assert re.fullmatch(
        r"\u2713 Wait For Agent Event 101 AgentState_Ready \u2192 matched AgentState_Ready that "
        r"arrived at \d\d:\d\d:\d\d\.\d{3}, \d+ ms before the wait began; took \d+ ms",
        waits[1],
    ), waits[1]
    call = re.search(r"Simulate Inbound Call 101 \u2192 ([\d-]+)", html).group(1)
    assert re.fullmatch(
        rf"\u2713 Wait For Agent Event 101 AgentEvent_Talking callid={call} timeout=5 s \u2192 "
        rf"matched AgentEvent_Talking \(callid {call}, caller \d+, called 101\) that arrived at "
        r"[\d:.]+, \d+ ms (into the wait|before the wait began); took \d+ ms",
        waits[3],
    ), waits[3]
    assert waits[4].startswith("\u2713 Get Held Calls 101 == \u2192 passed, returned []; took ")
    # The arrival time a wait names is the time of the event row it matched.
    talking = [text for kind, text in rows_of(html) if text.startswith("AgentEvent_Talking")]
    assert len(talking) == 1


def test_a_refusal_taken_as_an_answer_is_not_a_failure_and_a_passing_test_is_never_red(tmp_path):
    (test,) = run_suite(tmp_path, PROOF_SCENARIO)
    ((_, html),) = _diagrams(test)
    rows = rows_of(html)
    held = [(kind, text) for kind, text in rows if "/holdlist" in text]
    assert held == [
        (
            "ccgw-request ccgw-answered",
            "Get Held Calls: GET /agentgateway/resource/calldata/101/holdlist "
            "\u2192 retcode 400-003 (the agent has no held call) in " + held[0][1].split(" in ")[-1],
        )
    ]
    assert held[0][1].endswith("taken as its answer by Get Held Calls")
    expected = [kind for kind, text in rows if "/connecthold/" in text or "retrieve" in text.lower()]
    assert expected and all("ccgw-expected" in kind for kind in expected), rows
    assert not any(kind.endswith("ccgw-failed") for kind, _ in rows), rows  # nothing red in a passing test
    assert heading_colour(html) == "#24292f"
    assert "1 failed, 1 of them as expected" in html
    assert "Sign Out All Agents: DELETE /agentgateway/resource/onlineagent/101/forcelogout \u2192 retcode 0" in html


def test_a_failure_nobody_handled_in_a_passing_test_is_drawn_amber_not_red():
    failed = record("101", "Drop Call", "DELETE", "/agentgateway/resource/voicecall/101/release", "200-017", 0.1)
    note = Note(T0 + 0.2, "\u2717 Drop Call failed", "101", failed=True)
    passing, failing = render([failed], {}, [note], "T", "PASS"), render([failed], {}, [note], "T", "FAIL")
    assert heading_colour(passing) == "#24292f" and heading_colour(failing) == "#cf222e"
    assert {kind for kind, _ in rows_of(passing)} == {"ccgw-request ccgw-expected", "ccgw-note ccgw-expected"}
    assert {kind for kind, _ in rows_of(failing)} == {"ccgw-request ccgw-failed", "ccgw-note ccgw-failed"}


class FakeLibrary:
    """What CallFlowLog reads of the library: its keyword tags, its request log and its client."""

    client = None

    def __init__(self, tags):
        self.tags, self.requests = tags, deque()

    def get_keyword_tags(self, name):
        return self.tags.get(name, [])


def test_any_keyword_tagged_wait_or_assertion_is_drawn_with_its_arguments_result_and_failure():
    from robot.api.types import Secret

    from CCGatewayLibrary.flowlog import CallFlowLog

    library = FakeLibrary(
        {
            "wait_for_agent_events_in_order": ["Event", "Wait"],
            "agent_event_count_should_be": ["Event", "Assertion"],
            "answer_call": ["Call"],
        }
    )
    flow = CallFlowLog(library)
    flow.start_test("T")
    events = [
        {"eventType": "AgentEvent_Ringing", "workNo": "101", "content": {"callid": "1-2"}},
        {"eventType": "AgentEvent_Talking", "workNo": "101", "content": {"callid": "1-2"}},
    ]
    flow.run_keyword(
        "wait_for_agent_events_in_order",
        ["101", "AgentEvent_Ringing", "AgentEvent_Talking"],
        {"timeout": timedelta(seconds=2)},
        lambda name, args, kwargs: events,
    )
    with pytest.raises(AssertionError):
        flow.run_keyword(
            "agent_event_count_should_be",
            ["101", "AgentEvent_Customer_Release", 1],
            {},
            _fails("Agent 101 received AgentEvent_Customer_Release 2 times, expected 1"),
        )
    flow.run_keyword("answer_call", ["101", Secret("hunter2")], {}, lambda *a: None)  # no row: not a wait
    rows = rows_of(flow.render("FAIL"))
    assert rows[0] == (
        "ccgw-wait",
        "\u2713 Wait For Agent Events In Order 101 AgentEvent_Ringing AgentEvent_Talking "
        "timeout=2 s \u2192 matched 2 events: AgentEvent_Ringing (callid 1-2), AgentEvent_Talking "
        "(callid 1-2); took 0 ms",
    )
    assert rows[1][0] == "ccgw-wait ccgw-failed"
    assert re.fullmatch(
        r"\u2717 Agent Event Count Should Be 101 AgentEvent_Customer_Release 1 \u2192 failed after "
        r"\d+ ms: Agent 101 received AgentEvent_Customer_Release 2 times, expected 1",
        rows[1][1],
    )
    assert len(rows) == 2 and "hunter2" not in flow.render()


def _fails(message):
    def run(name, args, kwargs):
        raise AssertionError(message)

    return run


def test_long_text_wraps_within_the_diagram_and_the_tooltip_has_all_of_it():
    long_reason = "the agent " + "is very busy indeed and " * 40 + "THE END"
    notes = [
        Note(T0, "\u2717 Wait For Agent Event failed: " + long_reason, "101", failed=True),
        Note(T0 + 0.1, "x" * 500, "101"),
        Note(T0 + 0.2, "\u5ea7\u5e2d" * 200, "101"),
    ]
    html = render([record("101", "Sign In Agent", "PUT", "/agentgateway/resource/onlineagent/101")], {}, notes)
    svg = svg_of(html)
    width = int(svg.get("width"))
    assert width < 1400  # about 115 characters of text beside two lanes
    for group in list(svg.iter("{http://www.w3.org/2000/svg}g")):
        lines = list(group.iter("{http://www.w3.org/2000/svg}tspan"))
        text = " ".join(texts(group)[1:])
        if len(text) > 200:
            assert 2 <= len(lines) + 1 <= 4 and text.endswith("\u2026"), text  # wrapped, then shortened
    tooltips = [el.text for el in svg.iter("{http://www.w3.org/2000/svg}title")]
    assert any(long_reason in tip for tip in tooltips)
    assert any("x" * 500 in tip for tip in tooltips) and any("\u5ea7\u5e2d" * 200 in tip for tip in tooltips)
