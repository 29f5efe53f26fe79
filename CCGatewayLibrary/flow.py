"""Call-flow diagrams: what one test did with the gateway, as a self-contained HTML/SVG sequence diagram for
log.html. No Robot Framework, no scripts, no external resources: one inline ``<svg>``.

One lane per agent (in order of first appearance) and one for the gateway, on the right. Rows are in time
order: a request is an arrow from its agent to the gateway (keyword, method, URI, retcode, milliseconds),
an event an arrow from the gateway to the agent that received it (type and key content such as the call
ID), a note a mark on a lane (a simulator action, or a failure in red). A failure the test expected (inside
``Run Keyword And Expect Error``) is drawn in amber, not red. Each row's tooltip has the details.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from html import escape
from typing import Any, Container, Iterable, Mapping

from .retcodes import meaning_of

GATEWAY = "CC-Gateway"

_LEFT = 78  # the time column
_LANE = 124  # lane spacing
_HEADER = 44
_ROW = 21
_CHAR = 6.9  # average width of a 12 px sans-serif character, for the SVG's width
_MAX_TEXT = 180  # characters shown per row; the tooltip has the rest
MAX_ROWS = 400  # a long test (a load suite) shows its last rows: the ones that lead to its end or failure
_BLUE, _GREEN, _RED, _GREY, _INK, _PURPLE = "#1f5fbf", "#1a7f37", "#cf222e", "#8c959f", "#24292f", "#6639ba"
_AMBER = "#9a6700"
_CONTENT_KEYS = ("callid", "callId", "confId", "caller", "called", "number", "partner", "otherPhone",
                 "otherPhoneWorkno", "phoneState", "participant", "changeType", "reason")


@dataclass(frozen=True)
class Note:
    """A mark on a lane: ``agent`` (None = the gateway lane); ``failed`` draws a cross, red unless the
    failure was ``expected``."""

    time: float  # wall clock, seconds since the epoch
    text: str
    agent: str | None = None
    failed: bool = False
    detail: str = ""  # tooltip
    expected: bool = False


@dataclass
class _Row:
    time: float
    kind: str  # "request", "event", "note"
    agent: str | None
    text: str
    failed: bool = False
    detail: str = ""
    expected: bool = False  # a failure the test expected

    @property
    def colour(self) -> str | None:
        return (_AMBER if self.expected else _RED) if self.failed else None


def content_summary(content: Any) -> str:
    """The key content of an event: ``callid 1456401416-3, caller 13800000001``, or a plain content."""
    if content is None or content == "":
        return ""
    if isinstance(content, dict):
        parts = [f"{key} {content[key]}" for key in _CONTENT_KEYS if content.get(key) not in (None, "")]
        return ", ".join(parts[:4])
    if isinstance(content, list):
        return json.dumps(content, ensure_ascii=False)[:80]
    return str(content)


def _request_row(record: Any, expected: bool) -> _Row:
    failed = record.retcode != "0"
    if record.retcode == "0":
        outcome = "retcode 0"
    elif record.retcode:
        outcome = f"retcode {record.retcode} ({meaning_of(record.retcode)})"
    else:
        outcome = f"no answer ({record.error})" if record.error else "no answer"
    text = f"{record.label}: {record.method} {record.path} \u2192 {outcome} in {record.elapsed_ms:.0f} ms"
    detail = f"{_clock(record.started)} agent {record.agent_id}: {text}"
    if record.error and record.retcode:
        detail += f"\n{record.error}"
    return _Row(record.started, "request", str(record.agent_id), text, failed, detail, failed and expected)


def _event_row(agent: str, received: Any) -> _Row:
    event = received.event
    event_type = str(event.get("eventType", ""))
    summary = content_summary(event.get("content"))
    text = f"{event_type}  {summary}" if summary else event_type
    shown = json.dumps(event.get("content"), ensure_ascii=False)
    return _Row(received.received, "event", str(agent), text, False,
                f"{_clock(received.received)} agent {agent} received {event_type}: {shown}")


def _clock(when: float) -> str:
    return time.strftime("%H:%M:%S", time.localtime(when)) + f".{int(when * 1000) % 1000:03d}"


def _rows(requests: Iterable[Any], events: Mapping[str, Iterable[Any]], notes: Iterable[Note],
          expected: Container[int]) -> list[_Row]:
    rows = [_request_row(r, id(r) in expected) for r in requests]
    rows += [_event_row(agent, received) for agent, received_list in events.items() for received in received_list]
    rows += [_Row(n.time, "note", n.agent, n.text, n.failed, n.detail or f"{_clock(n.time)} {n.text}",
                  n.failed and n.expected) for n in notes]
    rows.sort(key=lambda row: row.time)  # stable: same-time rows keep requests, events, notes order
    return rows


def _lanes(rows: list[_Row]) -> list[str]:
    lanes: list[str] = []
    for row in rows:
        if row.kind != "note" and row.agent is not None and row.agent not in lanes:
            lanes.append(row.agent)
    return lanes


def render(requests: Iterable[Any], events: Mapping[str, Iterable[Any]], notes: Iterable[Note] = (),
           title: str = "", status: str = "", expected: Container[int] = ()) -> str:
    """The diagram as HTML: a heading line and one inline SVG. ``requests`` are ``RequestRecord``-like
    objects (agent_id, label, method, path, retcode, elapsed_ms, started, error); ``events`` maps an agent
    ID to its ``ReceivedEvent``-like objects (event, received); ``expected`` holds the ``id()`` of requests
    whose failure the test expected. Returns "" when there is nothing to draw."""
    rows = _rows(requests, events, notes, expected)
    if not rows:
        return ""
    if len(rows) > MAX_ROWS:
        left_out = len(rows) - MAX_ROWS + 1
        rows = [_Row(rows[0].time, "note", None, f"\u2026 {left_out} earlier rows are not shown "
                     f"(the diagram keeps the last {MAX_ROWS - 1})", detail="rows left out")] + rows[-(MAX_ROWS - 1):]
    lanes = _lanes(rows)
    gateway_index = len(lanes)
    lane_x = {agent: _LEFT + _LANE // 2 + i * _LANE for i, agent in enumerate(lanes)}
    gateway_x = _LEFT + _LANE // 2 + gateway_index * _LANE
    text_x = _LEFT + (gateway_index + 1) * _LANE + 6
    longest = max(len(row.text[:_MAX_TEXT]) for row in rows)
    width = int(text_x + longest * _CHAR + 24)
    height = _HEADER + len(rows) * _ROW + 14
    origin = rows[0].time

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="ccgw-flow-svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(_aria(title, rows, lanes))}" '
           'font-family="Helvetica, Arial, sans-serif" font-size="12">']
    out.append(f'<rect width="{width}" height="{height}" fill="#ffffff"/>')
    for i in range(len(rows)):  # zebra stripes guide the eye from the arrow to its text
        if i % 2:
            out.append(f'<rect x="0" y="{_HEADER + i * _ROW}" width="{width}" height="{_ROW}" fill="#f6f8fa"/>')
    for name, x in [*((f"Agent {a}", lane_x[a]) for a in lanes), (GATEWAY, gateway_x)]:
        out.append(f'<line x1="{x}" y1="{_HEADER - 10}" x2="{x}" y2="{height - 6}" stroke="{_GREY}" '
                   'stroke-dasharray="4 3"/>')
        out.append(f'<rect x="{x - _LANE // 2 + 8}" y="6" width="{_LANE - 16}" height="24" rx="5" '
                   f'fill="{"#ddf4ff" if name != GATEWAY else "#fff8c5"}" stroke="{_GREY}"/>')
        out.append(f'<text x="{x}" y="22" text-anchor="middle" font-weight="bold" fill="{_INK}" '
                   f'class="ccgw-lane">{escape(name)}</text>')
    out.append(f'<text x="8" y="22" fill="{_GREY}" font-size="11">time</text>')
    for i, row in enumerate(rows):
        y = _HEADER + i * _ROW + _ROW // 2
        state = (" ccgw-expected" if row.expected else " ccgw-failed") if row.failed else ""
        out.append(f'<g class="ccgw-{row.kind}{state}">')
        out.append(f"<title>{escape(row.detail)}</title>")
        out.append(f'<text x="8" y="{y + 4}" fill="{_GREY}" font-size="11" font-family="monospace">'
                   f"+{row.time - origin:.3f} s</text>")
        out.extend(_mark(row, lane_x, gateway_x, y))
        shown = row.text if len(row.text) <= _MAX_TEXT else row.text[:_MAX_TEXT - 1] + "\u2026"
        colour = row.colour or (_PURPLE if row.kind == "note" else _INK)
        weight = ' font-weight="bold"' if row.failed else ""
        style = ' font-style="italic"' if row.kind == "note" and not row.failed else ""
        out.append(f'<text x="{text_x}" y="{y + 4}" fill="{colour}"{weight}{style}>{escape(shown)}</text>')
        out.append("</g>")
    out.append("</svg>")
    return _heading(title, status, rows, lanes) + "".join(out) + "</div>"


def _mark(row: _Row, lane_x: dict[str, int], gateway_x: int, y: int) -> list[str]:
    if row.kind == "request":
        return _arrow(lane_x[row.agent], gateway_x, y, row.colour or _BLUE)
    if row.kind == "event":
        return _arrow(gateway_x, lane_x[row.agent], y, _GREEN, dashed=True)
    x = lane_x.get(row.agent, gateway_x) if row.agent is not None else gateway_x
    if row.failed:  # a cross on the lane of the agent the failing keyword named
        return [f'<path d="M{x - 6},{y - 6} L{x + 6},{y + 6} M{x + 6},{y - 6} L{x - 6},{y + 6}" '
                f'stroke="{row.colour}" stroke-width="3"/>']
    return [f'<path d="M{x},{y - 7} L{x + 7},{y} L{x},{y + 7} L{x - 7},{y} Z" fill="{_PURPLE}"/>']


def _arrow(x1: int, x2: int, y: int, colour: str, dashed: bool = False) -> list[str]:
    direction = 1 if x2 > x1 else -1
    tip = x2 - direction * 3
    dash = ' stroke-dasharray="5 3"' if dashed else ""
    return [f'<line x1="{x1}" y1="{y}" x2="{tip - direction * 6}" y2="{y}" stroke="{colour}" '
            f'stroke-width="2"{dash}/>',
            f'<path d="M{tip},{y} L{tip - direction * 9},{y - 5} L{tip - direction * 9},{y + 5} Z" '
            f'fill="{colour}"/>']


def _counts(rows: list[_Row]) -> tuple[int, int, int, int]:
    """Requests, failed requests, of which expected, events."""
    requests = [r for r in rows if r.kind == "request"]
    return (len(requests), sum(r.failed for r in requests), sum(r.expected for r in requests),
            sum(r.kind == "event" for r in rows))


def _unexpected(rows: list[_Row]) -> int:
    return sum(r.failed and not r.expected for r in rows)


def _aria(title: str, rows: list[_Row], lanes: list[str]) -> str:
    requests, failed, _, events = _counts(rows)
    return (f"Call flow of {title or 'the test'}: {requests} requests ({failed} failed), {events} events, "
            f"agents {', '.join(lanes) or 'none'}")


def _heading(title: str, status: str, rows: list[_Row], lanes: list[str]) -> str:
    requests, failed, expected, events = _counts(rows)
    colour = _RED if status == "FAIL" or _unexpected(rows) else _INK
    failures = f"{failed} failed" + (f", {expected} of them as expected" if expected else "")
    parts = [f"{requests} request{'s' * (requests != 1)}" + (f" ({failures})" if failed else ""),
             f"{events} event{'s' * (events != 1)}", f"agents {', '.join(lanes) or 'none'}"]
    if status:
        parts.insert(0, status)
    name = f"Call flow of {escape(title)}" if title else "Call flow"
    summary = escape(" \u00b7 ".join(parts))
    return (f'<div class="ccgw-flow" style="overflow-x:auto;max-width:100%;margin:4px 0">'
            f'<div style="font:bold 13px Helvetica,Arial,sans-serif;color:{colour};margin:2px 0 4px">'
            f"{name}: {summary}</div>")
