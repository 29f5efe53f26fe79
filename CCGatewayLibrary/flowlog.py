"""Puts call-flow diagrams (``flow.py``) in log.html: at once when a library keyword fails, and at the end of
each test. Robot-side glue for the library's ``run_keyword`` and listener hooks.

What a test did: the requests the client made since the test started (polls excluded), every event the
agents received, each wait and assertion (what it waited for, what it matched or why it failed, how long it
took), the simulator actions and the failures of library keywords. Everything is turned into plain rows
(``flow.Row``: agent, time, kind, text) at the end of each library keyword, while the event streams are
still there (`Sign Out All Agents` drops them); no stream, session or event is kept, and at most
``2 * MAX_ROWS`` rows per test (the diagram draws the last ``MAX_ROWS``; the rest are counted), so memory
stays flat however many agents sign in and out within one test.
"""

from __future__ import annotations

import time
import weakref
from collections import deque
from datetime import timedelta
from enum import Enum
from typing import TYPE_CHECKING, Any, Callable, Iterable

from robot.api import logger
from robot.utils import printable_name

from .flow import (
    MAX_ROWS,
    Counts,
    Note,
    Row,
    clock,
    content_summary,
    draw,
    event_key,
    event_row,
    note_row,
    request_row,
)

if TYPE_CHECKING:
    from .client import EventStream
    from .library import CCGatewayLibrary

# Keywords (and control structures) under which a failure is expected or handled: no diagram then.
_TOLERANT = {
    "run keyword and expect error",
    "run keyword and ignore error",
    "run keyword and return status",
    "run keyword and warn on failure",
    "wait until keyword succeeds",
}
_KEPT_ROWS = 2 * MAX_ROWS  # rows kept per test; older ones are only counted
_MAX_TEXT = 400  # characters of a wait's row (arguments, returned value, failure message); the tooltip has more
_PROOF_TAGS = {"wait", "assertion"}
_CLEANUP = "Clean-up after the test"


class CallFlowLog:
    def __init__(self, library: CCGatewayLibrary):
        self.library = library
        self.test_start = time.time()
        self.test_name = ""
        self._rows: deque[Row] = deque()
        self._unclaimed: dict[tuple[str | None, int], deque[Row]] = {}  # event rows by agent and key, oldest first
        self._dropped = Counts()  # rows of this test no longer kept
        self._streams: dict[str, tuple[weakref.ref, int]] = {}  # agent ID -> (its stream, last seq drawn)
        self._last_request: Any = None  # the newest request already drawn (library.requests is in order)
        self._held: list[tuple[str, EventStream]] = []  # streams held across the clean-up after a test
        self._depth = 0
        self._kinds: dict[str, tuple[str, bool, bool]] = {}  # keyword name -> shown name, proof, simulator action

    # -- hooks ------------------------------------------------------------------------------
    def start_test(self, name: str) -> None:
        self.test_start, self.test_name = time.time(), name
        self._rows, self._dropped, self._streams, self._unclaimed = deque(), Counts(), {}, {}
        self._skip_requests()  # requests before the test (a suite setup) are not the test's

    def before_cleanup(self) -> None:
        """Called before the library's clean-up after a test, which may sign agents out: their streams are
        held until `end_test` draws their last events, with the clean-up's requests."""
        self.collect()
        self._held = self._current_streams()

    def end_test(self, status: str) -> None:
        self._collect_requests(_CLEANUP, passed=True)  # a refusal there means "nothing left to release"
        held, self._held = self._held, []
        self._collect_events([*held, *self._current_streams()])
        self.log(status)

    def collect(self, streams: Iterable[tuple[str, EventStream]] = ()) -> None:
        """Draw (as rows) what happened since the last call: new requests, and new events of the agents
        signed in now and of ``streams``. The library calls this before its clean-up drops sessions."""
        self._collect_requests()
        self._collect_events([*streams, *self._current_streams()])

    def run_keyword(self, name: str, args: Any, kwargs: Any, run: Callable[..., Any]) -> Any:
        """Run a library keyword; only the outermost one is watched."""
        if self._depth:
            return run(name, args, kwargs)
        self._depth += 1
        streams = self._current_streams()  # held for this keyword only: a sign-out drops them
        self._collect_requests()  # what happened between keywords belongs to no keyword
        self._collect_events(streams)
        started = time.time()
        shown, proof, simulator_action = self._kind(name)
        try:
            result = run(name, args, kwargs)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as error:  # Robot's timeouts are BaseExceptions since RF 7.5
            handled = _failure_is_handled()
            self._collect_requests(shown, passed=False, handled=handled)
            self._collect_events([*streams, *self._current_streams()])
            verdict = "failed as expected" if handled else "failed"
            if proof:
                self._add(self._proof_row(shown, args, kwargs, started, error=error, handled=handled))
            else:
                self._add(
                    note_row(
                        Note(
                            time.time(),
                            _shorten(_one_line(f"\u2717 {shown} {verdict}: {error}")),
                            _agent(args),
                            failed=True,
                            detail=f"{shown} {verdict}: {error}",
                            expected=handled,
                        )
                    )
                )
            if not handled:
                self.log("FAIL", f"{self.test_name} (up to the failure of {shown})")
            raise
        else:
            self._collect_requests(shown, passed=True)
            self._collect_events([*streams, *self._current_streams()])
            if proof:
                self._add(self._proof_row(shown, args, kwargs, started, result=result))
            elif simulator_action:
                self._add(note_row(Note(time.time(), _shorten(_action(name, args, kwargs, result)))))
            return result
        finally:
            self._depth -= 1

    # -- the diagram ------------------------------------------------------------------------
    def log(self, status: str = "", title: str | None = None) -> None:
        html = self.render(status, title)
        if html:
            logger.info(html, html=True)

    def render(self, status: str = "", title: str | None = None) -> str:
        return draw(list(self._rows), self.test_name if title is None else title, status, self._dropped)

    def kept_rows(self) -> int:
        """Rows held for the current test (bounded by ``2 * MAX_ROWS``)."""
        return len(self._rows)

    # -- rows -------------------------------------------------------------------------------
    def _add(self, row: Row) -> None:
        self._rows.append(row)
        if row.kind == "event":
            self._unclaimed.setdefault((row.agent, row.key), deque()).append(row)
        while len(self._rows) > _KEPT_ROWS:
            dropped = self._rows.popleft()
            self._dropped.add(dropped)
            if dropped.kind == "event" and not dropped.claimed:  # the oldest row: first of its own deque
                self._unclaim(dropped)

    def _unclaim(self, row: Row) -> None:
        """Take ``row`` out of the index of event rows no wait has matched yet."""
        rows = self._unclaimed.get((row.agent, row.key))
        if rows:
            if rows[0] is row:  # always so: the oldest unclaimed row is matched, or dropped, first
                rows.popleft()
            else:
                for index, other in enumerate(rows):
                    if other is row:
                        del rows[index]
                        break
            if not rows:
                del self._unclaimed[(row.agent, row.key)]

    def _skip_requests(self) -> None:
        requests = self.library.requests
        self._last_request = requests[-1] if requests else None

    def _collect_requests(self, keyword: str = "", passed: bool = True, handled: bool = False) -> None:
        """Rows for the requests made since the last call. Inside a keyword: a refusal of a keyword that
        passed was its answer (Get Held Calls' "no held call"), a failure of a keyword that failed was
        expected when the test handles it; each row names the keyword that ran."""
        new = []
        for record in reversed(self.library.requests):
            if record is self._last_request:
                break
            new.append(record)
        if not new:
            return
        self._last_request = new[0]
        for record in reversed(new):
            label = keyword if keyword and keyword != record.label else ""
            self._add(request_row(record, expected=handled, answered=bool(keyword) and passed, keyword=label))

    def _current_streams(self) -> list[tuple[str, EventStream]]:
        client = self.library.client
        if client is None:
            return []
        return [
            (agent_id, session.stream)
            for agent_id, session in list(client.agents.items())
            if session.stream is not None
        ]

    def _collect_events(self, streams: Iterable[tuple[str, EventStream]]) -> None:
        done: set[int] = set()
        for agent_id, stream in streams:
            if id(stream) in done:
                continue
            done.add(id(stream))
            known = self._streams.get(agent_id)
            last = known[1] if known and known[0]() is stream else 0  # a new sign-in: a new stream
            new = stream.history_after(last)  # in order of arrival
            for received in new:
                self._add(event_row(agent_id, received))
            newest = new[-1].seq if new else last
            if not known or known[0]() is not stream or newest != last:
                self._streams[agent_id] = (weakref.ref(stream), newest)

    # -- waits and assertions ---------------------------------------------------------------
    def _kind(self, name: str) -> tuple[str, bool, bool]:
        """The keyword's name as shown, whether it is a proof and whether a simulator action: worked out once
        per keyword (its name and tags do not change), as this runs around every keyword call."""
        kind = self._kinds.get(name)
        if kind is None:
            kind = self._kinds[name] = (
                printable_name(name, code_style=True),
                self._is_proof(name),
                self._is_simulator_action(name),
            )
        return kind

    def _is_proof(self, name: str) -> bool:
        """A wait or an assertion: a keyword tagged ``Wait`` or ``Assertion``, or named like one."""
        plain = printable_name(name, code_style=True).lower()
        if plain.startswith("wait for") or plain.endswith(("should not occur", "should be")):
            return True
        return bool(_PROOF_TAGS & {tag.lower() for tag in self._tags(name)})

    def _proof_row(
        self,
        shown: str,
        args: Any,
        kwargs: Any,
        started: float,
        result: Any = None,
        error: BaseException | None = None,
        handled: bool = False,
    ) -> Row:
        """The row of a wait or assertion: what it waited for (its arguments), what it matched or returned
        or why it failed, and how long it took; on the lane of the agent it names."""
        ended = time.time()
        agent = _agent(args)
        took = _duration(ended - started)
        asked = _one_line(
            " ".join([shown, *(_arg(a) for a in args), *(f"{k}={_arg(v)}" for k, v in (kwargs or {}).items())])
        )
        if error is not None:
            verdict = "failed as expected" if handled else "failed"
            text = f"\u2717 {asked} \u2192 {verdict} after {took}: {_one_line(str(error))}"
            detail = f"{clock(started)} {asked}\n{verdict} after {took}:\n{error}"
            return Row(ended, "wait", agent, _shorten(text), True, detail[:4000], handled)
        outcome = self._outcome(shown, agent, result, started)
        text = f"\u2713 {asked} \u2192 {outcome}; took {took}"
        return Row(ended, "wait", agent, _shorten(text), detail=f"{clock(started)} {text}"[:4000])

    def _outcome(self, shown: str, agent: str | None, result: Any, started: float) -> str:
        if _is_event(result):
            return "matched " + self._matched(agent, result, started)
        if isinstance(result, (list, tuple)) and result and all(_is_event(item) for item in result):
            shown = ", ".join(self._matched(agent, item, started) for item in result)
            return f"matched {len(result)} events: {shown}"
        if result is None:
            return "did not occur" if shown.lower().endswith("should not occur") else "passed"
        return f"passed, returned {_shorten(_one_line(repr(result) if isinstance(result, str) else str(result)), 120)}"

    def _matched(self, agent: str | None, event: Any, started: float) -> str:
        """The event a wait returned, with when it arrived: found among the rows by its identity (the
        oldest row of it not yet matched by an earlier wait, as waits take the oldest match)."""
        event_type = str(event.get("eventType", ""))
        summary = content_summary(event.get("content"))
        text = f"{event_type} ({summary})" if summary else event_type
        rows = self._unclaimed.get((agent, event_key(event)))  # kept rows only, oldest first
        if rows:
            row = rows[0]
            self._unclaim(row)
            row.claimed = True
            when = row.time - started
            relation = f"{_duration(when)} into the wait" if when >= 0 else f"{_duration(-when)} before the wait began"
            return f"{text} that arrived at {clock(row.time)}, {relation}"
        return text

    # -- helpers ----------------------------------------------------------------------------
    def _tags(self, name: str) -> list[str]:
        try:
            return list(self.library.get_keyword_tags(name))
        except Exception:  # a keyword name DynamicCore does not know: not ours to describe
            return []

    def _is_simulator_action(self, name: str) -> bool:
        tags = set(self._tags(name))
        return "Simulator" in tags and "Gateway" not in tags


def _is_event(value: Any) -> bool:
    return isinstance(value, dict) and "eventType" in value


def _arg(value: Any) -> str:
    """An argument as a test would write it: a time as ``300 ms``, an operator as ``==``; never a secret."""
    if type(value).__name__ == "Secret":
        return "<secret>"
    if isinstance(value, timedelta):
        seconds = value.total_seconds()
        return f"{seconds * 1000:g} ms" if seconds < 1 else f"{seconds:g} s"
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


def _duration(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def _agent(args: Any) -> str | None:
    first = str(args[0]) if args else ""
    return first if first.isdigit() else None


def _action(name: str, args: Any, kwargs: Any, result: Any) -> str:
    shown = [_arg(a) for a in args] + [f"{k}={_arg(v)}" for k, v in (kwargs or {}).items()]
    text = f"Simulator: {printable_name(name, code_style=True)} {' '.join(shown)}".rstrip()
    return text + (f" \u2192 {result}" if isinstance(result, str) and result else "")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _shorten(text: str, limit: int = _MAX_TEXT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _failure_is_handled() -> bool:
    """True inside Run Keyword And Expect Error and its kin, or in a TRY branch: the failure is part of the
    test, and a diagram for each would flood the log. Reads Robot's execution stack (not a public API):
    any surprise there means 'not handled', so the diagram is logged."""
    try:
        from robot.running.context import EXECUTION_CONTEXTS

        context = EXECUTION_CONTEXTS.current
        for data, result, implementation in list(getattr(context, "steps", ()) or ()):
            if getattr(result, "type", "") == "TRY":
                return True
            name = getattr(implementation, "name", None) or getattr(data, "name", "") or ""
            if str(name).split(".")[-1].strip().lower() in _TOLERANT:
                return True
    except Exception:
        return False
    return False
