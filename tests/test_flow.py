"""Call-flow diagrams: the Robot-free renderer, and the library logging them into log.html at the end of each
test and at once when a keyword fails (but not for failures the test expects)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

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


def texts(svg):
    """Each text of the diagram; a wrapped row's lines (its tspans) joined with a space."""
    return [" ".join(part for part in el.itertext()) for el in svg.iter("{http://www.w3.org/2000/svg}text")]


def test_lanes_rows_and_their_order():
    requests = [record("101", "Answer Call", "PUT", "/agentgateway/resource/voicecall/101/answer", at=0.3),
                record("102", "Sign In Agent", "PUT", "/agentgateway/resource/onlineagent/102", at=0.1)]
    events = {"101": [event("101", "AgentEvent_Talking", {"callid": "1-2", "caller": "138", "type": "main"}, 0.4)],
              "102": [event("102", "AgentState_Ready", None, at=0.2)]}
    html = render(requests, events, [Note(T0 + 0.35, "Simulator: Simulate Inbound Call 101")], title="T")
    svg = svg_of(html)  # well-formed XML: a browser draws it
    shown = texts(svg)
    assert shown[:4] == ["Agent 102", "Agent 101", "CC-Gateway", "time"]  # lanes by first appearance
    rows = [t for t in shown if not t.startswith("+") and t not in ("Agent 101", "Agent 102", "CC-Gateway", "time")]
    assert rows == ["Sign In Agent: PUT /agentgateway/resource/onlineagent/102 \u2192 retcode 0 in 12 ms",
                    "AgentState_Ready",
                    "Answer Call: PUT /agentgateway/resource/voicecall/101/answer \u2192 retcode 0 in 12 ms",
                    "Simulator: Simulate Inbound Call 101",
                    "AgentEvent_Talking  callid 1-2, caller 138"]
    assert [t for t in shown if t.startswith("+")] == ["+0.000 s", "+0.100 s", "+0.200 s", "+0.250 s", "+0.300 s"]
    assert "2 requests \u00b7 2 events \u00b7 agents 102, 101" in html
    assert "<script" not in html and "http://" not in html.replace("http://www.w3.org/2000/svg", "")


def test_failures_are_red_expected_failures_amber_and_explained():
    failed = record("101", "Drop Call", "DELETE", "/agentgateway/resource/voicecall/101/release", "200-017", 0.1)
    expected = record("102", "Drop Call", "DELETE", "/agentgateway/resource/voicecall/102/release", "100-006", 0.2)
    lost = record("101", "Answer Call", "PUT", "/agentgateway/resource/voicecall/101/answer", "", 0.3, 10000,
                  "timed out")
    notes = [Note(T0 + 0.4, "\u2717 Wait For Agent Event failed: no event", "101", failed=True),
             Note(T0 + 0.25, "\u2717 Drop Call failed as expected", "102", failed=True, expected=True)]
    html = render([failed, expected, lost], {}, notes, title="T", status="FAIL", expected={id(expected)})
    svg = svg_of(html)
    groups = {g.get("class"): g for g in svg.iter("{http://www.w3.org/2000/svg}g")}
    assert set(groups) == {"ccgw-request ccgw-failed", "ccgw-request ccgw-expected", "ccgw-note ccgw-failed",
                           "ccgw-note ccgw-expected"}
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
        assert "\u2717 Wait For Agent Event failed: Agent 102 did not receive AgentEvent_Ringing" in html
    assert "(up to the failure of Wait For Agent Event)" in at_failure
    assert "/forcelogout" not in at_failure and "/onlineagent/101/forcelogout" in at_end  # the teardown


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
    assert "\u2026 601 earlier rows are not shown (the diagram keeps the last 399)" in shown
    assert "AgentEvent_999" in shown and "AgentEvent_601" in shown and "AgentEvent_600" not in shown
    assert "+0.000 s" in shown  # times stay relative to the test's first row
