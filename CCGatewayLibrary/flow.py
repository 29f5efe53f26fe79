"""Call-flow diagrams: what one test did with the gateway, as a self-contained HTML/SVG sequence diagram for
log.html. No Robot Framework, no scripts, no external resources: one inline ``<svg>``.

One lane per agent (in order of first appearance) and one for the gateway, on the right. Rows are in time
order: a request is an arrow from its agent to the gateway (keyword, method, URI, retcode, milliseconds),
an event an arrow from the gateway to the agent that received it (type and key content such as the call
ID), a wait a circle on the agent's lane (what it waited for, the event it matched or its failure, how long
it took), a note a mark on a lane (a simulator action, or a failure in red). A failure the test expected
(inside ``Run Keyword And Expect Error``, or in a test that passed) is drawn in amber, not red; a refusal
the keyword took as its answer (a getter's "no held call") is drawn as an answer, not as a failure. Long
text wraps; each row's tooltip (``<title>``) has the full text and details.

The diagram is drawn from plain :class:`Row` records, so whoever keeps them (``flowlog.py``) holds no
sessions, streams or events.
"""

from __future__ import annotations

import functools
import json
import textwrap
import unicodedata
from dataclasses import dataclass, replace
from html import escape
from typing import Any, Container, Iterable, Mapping

from .client.events import ReceivedEvent, event_identity, hms
from .retcodes import meaning_of

GATEWAY = "CC-Gateway"

_LEFT = 78  # the time column
_LANE = 124  # lane spacing
_HEADER = 44
_ROW = 21
_LINE = 15  # each further line of a wrapped row
_WRAP_PX = 620  # a row's text wraps at this width (estimated wide, see _width): about 90 characters
_MAX_LINES = 4  # then it is shortened with an ellipsis; the tooltip has it all
_MAX_DETAIL = 4000  # characters kept for a tooltip
MAX_ROWS = 400  # a long test (a load suite) shows its last rows: the ones that lead to its end or failure
_BLUE, _GREEN, _RED, _GREY, _INK, _PURPLE = "#1f5fbf", "#1a7f37", "#cf222e", "#8c959f", "#24292f", "#6639ba"
_AMBER, _TEAL = "#9a6700", "#0a6c74"
# json.dumps(value, ensure_ascii=False, default=str), its encoder made once: json.dumps builds a new one for
# each call that gives it options (a third of its cost on an event).
_as_json = json.JSONEncoder(ensure_ascii=False, default=str).encode
_CONTENT_KEYS = (
    "callid",
    "callId",
    "confId",
    "caller",
    "called",
    "number",
    "partner",
    "otherPhone",
    "otherPhoneWorkno",
    "phoneState",
    "participant",
    "changeType",
    "reason",
)


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


@dataclass(slots=True)
class Row:
    """One row of the diagram, plain text only: what the call-flow log keeps of a request, an event, a
    wait or a note."""

    time: float
    kind: str  # "request", "event", "wait", "note"
    agent: str | None
    text: str
    failed: bool = False
    detail: str = ""  # tooltip
    expected: bool = False  # a failure the test expected
    answered: bool = False  # a refusal the keyword took as its answer (a request)
    key: int = 0  # an event's identity (hash of its JSON), so a wait can name the event it matched
    claimed: bool = False  # an event a wait already matched

    @property
    def colour(self) -> str | None:
        return (_AMBER if self.expected else _RED) if self.failed else None


@dataclass
class Counts:
    """What a test did, for the heading: also counts rows not drawn."""

    requests: int = 0
    failed: int = 0  # requests that failed
    expected: int = 0  # of which the test expected
    events: int = 0
    waits: int = 0
    rows: int = 0  # rows of any kind

    def add(self, row: Row, passed: bool = False) -> None:
        self.rows += 1
        if row.kind == "request":
            self.requests += 1
            self.failed += row.failed
            self.expected += row.failed and (row.expected or passed)
        self.events += row.kind == "event"
        self.waits += row.kind == "wait"

    @classmethod
    def of(cls, rows: Iterable[Row], passed: bool = False) -> Counts:
        counts = cls()
        for row in rows:
            counts.add(row, passed)
        return counts

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.requests + other.requests,
            self.failed + other.failed,
            self.expected + other.expected,
            self.events + other.events,
            self.waits + other.waits,
            self.rows + other.rows,
        )


def content_summary(content: Any) -> str:
    """The key content of an event: ``callid 1456401416-3, caller 13800000001``, or a plain content."""
    if content is None or content == "":
        return ""
    if isinstance(content, dict):
        parts = [f"{key} {content[key]}" for key in _CONTENT_KEYS if content.get(key) not in (None, "")]
        return ", ".join(parts[:4])
    if isinstance(content, list):
        return _as_json(content)[:80]
    return str(content)


def event_key(event: Any) -> int:
    """The identity of an event for matching a wait's returned event to its row (0 if it has none): the
    hash of its sorted JSON, as ``ReceivedEvent.identity``."""
    identity = event_identity(event)
    return 0 if identity is None else hash(identity)


def request_row(record: Any, expected: bool = False, answered: bool = False, keyword: str = "") -> Row:
    """The row of a ``RequestRecord``-like object (agent_id, label, method, path, retcode, elapsed_ms,
    started, error). ``keyword`` names the keyword that made it when that is not the interface's label
    (the teardown's `Sign Out All Agents`, not `Sign Out Agent`); ``answered``: the keyword passed, so a
    refusal was its answer."""
    if record.retcode == "0":
        outcome = "retcode 0"
    elif record.retcode:
        outcome = f"retcode {record.retcode} ({meaning_of(record.retcode)})"
    else:
        outcome = f"no answer ({record.error})" if record.error else "no answer"
    failed = record.retcode != "0" and not answered
    label = keyword or record.label
    text = f"{label}: {record.method} {record.path} \u2192 {outcome} in {record.elapsed_ms:.0f} ms"
    if answered and record.retcode != "0":
        text += f", taken as its answer by {label}"
    detail = f"{_clock(record.started)} agent {record.agent_id}: {text}"
    if keyword and keyword != record.label:
        detail += f"\n(interface {record.label}, called by {keyword})"
    if record.error and record.retcode:
        detail += f"\n{record.error}"
    return Row(
        record.started,
        "request",
        str(record.agent_id),
        text,
        failed,
        detail[:_MAX_DETAIL],
        failed and expected,
        answered and record.retcode != "0",
    )


def event_row(agent: str, received: ReceivedEvent) -> Row:
    """The row of a received event, with the identity its poller worked out (or worked out here)."""
    event = received.event
    event_type = str(event.get("eventType", ""))
    summary = content_summary(event.get("content"))
    text = f"{event_type}  {summary}" if summary else event_type
    detail = f"{_clock(received.received)} agent {agent} received {event_type}: {_as_json(event.get('content'))}"
    key = event_key(event) if received.identity is None else received.identity
    return Row(received.received, "event", str(agent), text, False, detail[:_MAX_DETAIL], key=key)


def note_row(note: Note) -> Row:
    return Row(
        note.time,
        "note",
        note.agent,
        note.text,
        note.failed,
        (note.detail or f"{_clock(note.time)} {note.text}")[:_MAX_DETAIL],
        note.failed and note.expected,
    )


def clock(when: float) -> str:
    """``10:42:07.120``: a wall-clock time as rows and messages show it."""
    return hms(when) + f".{int(when * 1000) % 1000:03d}"


_clock = clock


def _lanes(rows: list[Row]) -> list[str]:
    lanes: list[str] = []
    for row in rows:
        if row.kind in ("request", "event") and row.agent is not None and row.agent not in lanes:
            lanes.append(row.agent)
    for row in rows:  # a wait or note for an agent with no request or event of its own still gets a lane
        if row.kind in ("wait", "note") and row.agent is not None and row.agent not in lanes:
            lanes.append(row.agent)
    return lanes


def render(
    requests: Iterable[Any],
    events: Mapping[str, Iterable[Any]],
    notes: Iterable[Note] = (),
    title: str = "",
    status: str = "",
    expected: Container[int] = (),
) -> str:
    """The diagram as HTML: a heading line and one inline SVG. ``requests`` are ``RequestRecord``-like
    objects (agent_id, label, method, path, retcode, elapsed_ms, started, error); ``events`` maps an agent
    ID to its ``ReceivedEvent`` objects; ``expected`` holds the ``id()`` of requests
    whose failure the test expected. Returns "" when there is nothing to draw."""
    rows = [request_row(r, id(r) in expected) for r in requests]
    rows += [event_row(agent, received) for agent, received_list in events.items() for received in received_list]
    rows += [note_row(n) for n in notes]
    return draw(rows, title, status)


def draw(rows: Iterable[Row], title: str = "", status: str = "", left_out: Counts | None = None) -> str:
    """The diagram of ``rows`` (any order; drawn in time order, the last ``MAX_ROWS - 1`` when there are
    more). ``left_out`` counts rows already dropped by whoever kept them, for the heading and the
    "not drawn" line. In a test that passed (``status`` PASS) every failure is drawn as expected."""
    rows = sorted(rows, key=lambda row: row.time)  # stable: same-time rows keep their order
    if not rows:
        return ""
    passed = status == "PASS"
    if passed:
        rows = [replace(row, expected=True) if row.failed and not row.expected else row for row in rows]
    counts = Counts.of(rows, passed) + (left_out or Counts())
    keep = min(len(rows), MAX_ROWS - 1) if len(rows) > MAX_ROWS or (left_out and left_out.rows) else len(rows)
    dropped = len(rows) - keep + (left_out.rows if left_out else 0)
    if dropped:
        rows = rows[len(rows) - keep :]
        rows.insert(
            0,
            Row(
                rows[0].time,
                "note",
                None,
                f"\u2026 {dropped:,} earlier rows not drawn (the diagram shows the last {keep})",
                detail="rows not drawn",
            ),
        )
    return _svg(rows, title, status, counts)


# -- text measure and wrapping: the SVG is as wide as its longest line, so no text runs off its edge -------
_NARROW = set("iljtf.,:;'|!()[]{} I/\\-\u2019")


@functools.cache  # every label of every diagram is measured character by character
def _char_width(char: str) -> float:
    """Width of a character in 12 px Helvetica/Arial, rounded up (so an estimate errs wide)."""
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 12.5
    if char in _NARROW:
        return 4.0
    if char in "mwMW@%":
        return 11.0
    if char.isupper() or char in "\u2192\u2026\u2717\u2713#&+=<>~_":
        return 8.8
    return 7.0


def _width(text: str) -> float:
    return sum(_char_width(c) for c in text)


def _wrap(text: str) -> list[str]:
    """The lines of a row's text: wrapped at spaces to ``_WRAP_PX`` (a long word is cut), at most
    ``_MAX_LINES`` lines, the last one ending with an ellipsis when text was left out."""
    if _width(text) <= _WRAP_PX:
        return [text]
    columns = max(20, int(_WRAP_PX / 7.0))
    lines: list[str] = []
    for line in textwrap.wrap(text, columns, break_long_words=True, break_on_hyphens=False):
        while _width(line) > _WRAP_PX:  # wide characters: cut again by measure
            cut = len(line) - 1
            while cut > 1 and _width(line[:cut]) > _WRAP_PX:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    if len(lines) > _MAX_LINES:
        last = lines[_MAX_LINES - 1]
        while last and _width(last + " \u2026") > _WRAP_PX:
            last = last[:-1]
        lines = lines[: _MAX_LINES - 1] + [last.rstrip() + " \u2026"]
    return lines


# -- SVG ---------------------------------------------------------------------------------------------------
def _svg(rows: list[Row], title: str, status: str, counts: Counts) -> str:
    lanes = _lanes(rows)
    gateway_index = len(lanes)
    lane_x = {agent: _LEFT + _LANE // 2 + i * _LANE for i, agent in enumerate(lanes)}
    gateway_x = _LEFT + _LANE // 2 + gateway_index * _LANE
    text_x = _LEFT + (gateway_index + 1) * _LANE + 6
    wrapped = [_wrap(row.text) for row in rows]
    longest = max(_width(line) for lines in wrapped for line in lines)
    width = int(text_x + longest + 24)
    heights = [_ROW + (len(lines) - 1) * _LINE for lines in wrapped]
    height = _HEADER + sum(heights) + 14
    origin = rows[0].time

    # max-width: in a log column narrower than the diagram, the whole diagram scales down (nothing is cut off)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ccgw-flow-svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" style="max-width:100%;height:auto" role="img" '
        f'aria-label="{escape(_aria(title, counts, lanes))}" font-family="Helvetica, Arial, sans-serif" '
        'font-size="12">'
    ]
    out.append(f'<rect width="{width}" height="{height}" fill="#ffffff"/>')
    top = _HEADER
    for i, row_height in enumerate(heights):  # zebra stripes guide the eye from the arrow to its text
        if i % 2:
            out.append(f'<rect x="0" y="{top}" width="{width}" height="{row_height}" fill="#f6f8fa"/>')
        top += row_height
    for name, x in [*((f"Agent {a}", lane_x[a]) for a in lanes), (GATEWAY, gateway_x)]:
        out.append(
            f'<line x1="{x}" y1="{_HEADER - 10}" x2="{x}" y2="{height - 6}" stroke="{_GREY}" stroke-dasharray="4 3"/>'
        )
        out.append(
            f'<rect x="{x - _LANE // 2 + 8}" y="6" width="{_LANE - 16}" height="24" rx="5" '
            f'fill="{"#ddf4ff" if name != GATEWAY else "#fff8c5"}" stroke="{_GREY}"/>'
        )
        out.append(
            f'<text x="{x}" y="22" text-anchor="middle" font-weight="bold" fill="{_INK}" '
            f'class="ccgw-lane">{escape(name)}</text>'
        )
    out.append(f'<text x="8" y="22" fill="{_GREY}" font-size="11">time</text>')
    top = _HEADER
    for row, lines, row_height in zip(rows, wrapped, heights):
        y = top + _ROW // 2
        top += row_height
        state = (" ccgw-expected" if row.expected else " ccgw-failed") if row.failed else ""
        state += " ccgw-answered" if row.answered else ""
        out.append(f'<g class="ccgw-{row.kind}{state}">')
        tooltip = row.detail if row.text in row.detail else f"{row.text}\n{row.detail}"  # the full text
        out.append(f"<title>{escape(tooltip)}</title>")
        out.append(
            f'<text x="8" y="{y + 4}" fill="{_GREY}" font-size="11" font-family="monospace">'
            f"+{row.time - origin:.3f} s</text>"
        )
        out.extend(_mark(row, lane_x, gateway_x, y))
        colour = row.colour or (_PURPLE if row.kind == "note" else _TEAL if row.kind == "wait" else _INK)
        weight = ' font-weight="bold"' if row.failed else ""
        style = ' font-style="italic"' if row.kind == "note" and not row.failed else ""
        first, *more = lines
        spans = "".join(f'<tspan x="{text_x}" dy="{_LINE}">{escape(line)}</tspan>' for line in more)
        out.append(f'<text x="{text_x}" y="{y + 4}" fill="{colour}"{weight}{style}>{escape(first)}{spans}</text>')
        out.append("</g>")
    out.append("</svg>")
    return _heading(title, status, counts, lanes) + "".join(out) + "</div>"


def _mark(row: Row, lane_x: dict[str, int], gateway_x: int, y: int) -> list[str]:
    if row.kind == "request" and row.agent is not None:  # requests and events always name their agent
        return _arrow(lane_x[row.agent], gateway_x, y, row.colour or _BLUE)
    if row.kind == "event" and row.agent is not None:
        return _arrow(gateway_x, lane_x[row.agent], y, _GREEN, dashed=True)
    x = lane_x.get(row.agent, gateway_x) if row.agent is not None else gateway_x
    if row.failed:  # a cross on the lane of the agent the failing keyword named
        return [
            f'<path d="M{x - 6},{y - 6} L{x + 6},{y + 6} M{x + 6},{y - 6} L{x - 6},{y + 6}" '
            f'stroke="{row.colour}" stroke-width="3"/>'
        ]
    if row.kind == "wait":  # a ring: the agent waited here, and what it waited for came
        return [f'<circle cx="{x}" cy="{y}" r="6" fill="#ffffff" stroke="{_TEAL}" stroke-width="3"/>']
    return [f'<path d="M{x},{y - 7} L{x + 7},{y} L{x},{y + 7} L{x - 7},{y} Z" fill="{_PURPLE}"/>']


def _arrow(x1: int, x2: int, y: int, colour: str, dashed: bool = False) -> list[str]:
    direction = 1 if x2 > x1 else -1
    tip = x2 - direction * 3
    dash = ' stroke-dasharray="5 3"' if dashed else ""
    return [
        f'<line x1="{x1}" y1="{y}" x2="{tip - direction * 6}" y2="{y}" stroke="{colour}" stroke-width="2"{dash}/>',
        f'<path d="M{tip},{y} L{tip - direction * 9},{y - 5} L{tip - direction * 9},{y + 5} Z" fill="{colour}"/>',
    ]


def _aria(title: str, counts: Counts, lanes: list[str]) -> str:
    return (
        f"Call flow of {title or 'the test'}: {counts.requests} requests ({counts.failed} failed), "
        f"{counts.events} events, {counts.waits} waits, agents {', '.join(lanes) or 'none'}"
    )


def _heading(title: str, status: str, counts: Counts, lanes: list[str]) -> str:
    """The line above the diagram: red only when the test (or the keyword being logged) failed, or, with no
    status given, when a failure was not expected; a test that passed never gets a red title."""
    unexpected = counts.failed - counts.expected
    red = status == "FAIL" or (not status and unexpected > 0)
    failures = f"{counts.failed} failed" + (f", {counts.expected} of them as expected" if counts.expected else "")
    parts = [
        f"{counts.requests} request{'s' * (counts.requests != 1)}" + (f" ({failures})" if counts.failed else ""),
        f"{counts.events} event{'s' * (counts.events != 1)}",
    ]
    if counts.waits:
        parts.append(f"{counts.waits} wait{'s' * (counts.waits != 1)}")
    parts.append(f"agents {', '.join(lanes) or 'none'}")
    if status:
        parts.insert(0, status)
    name = f"Call flow of {escape(title)}" if title else "Call flow"
    summary = escape(" \u00b7 ".join(parts))
    return (
        f'<div class="ccgw-flow" style="overflow-x:auto;max-width:100%;margin:4px 0">'
        f'<div style="font:bold 13px Helvetica,Arial,sans-serif;color:{_RED if red else _INK};'
        f'margin:2px 0 4px">{name}: {summary}</div>'
    )
