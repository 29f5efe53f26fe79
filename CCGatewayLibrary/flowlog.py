"""Puts call-flow diagrams (``flow.py``) in log.html: at once when a library keyword fails, and at the end of
each test. Robot-side glue for the library's ``run_keyword`` and listener hooks.

What a test did: the requests the client made since the test started (polls excluded), every event received
by the event streams the test used (kept here, since `Sign Out All Agents` drops the sessions), the
simulator actions and the failures of library keywords.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, Callable

from robot.api import logger
from robot.utils import printable_name

from .flow import Note, render

if TYPE_CHECKING:
    from .client import EventStream
    from .library import CCGatewayLibrary

# Keywords (and control structures) under which a failure is expected or handled: no diagram then.
_TOLERANT = {"run keyword and expect error", "run keyword and ignore error", "run keyword and return status",
             "run keyword and warn on failure", "wait until keyword succeeds"}


class CallFlowLog:
    def __init__(self, library: CCGatewayLibrary):
        self.library = library
        self.test_start = time.time()
        self.test_name = ""
        self.notes: list[Note] = []
        self.streams: dict[int, tuple[str, EventStream]] = {}  # id -> (agent ID, stream)
        self.expected: set[int] = set()  # id() of requests whose failure the test expected
        self._depth = 0

    # -- hooks ------------------------------------------------------------------------------
    def start_test(self, name: str) -> None:
        self.test_start, self.test_name, self.notes, self.streams = time.time(), name, [], {}
        self.expected = set()
        self._collect_streams()

    def end_test(self, status: str) -> None:
        self._collect_streams()
        self.log(status)

    def run_keyword(self, name: str, args: Any, kwargs: Any, run: Callable[..., Any]) -> Any:
        """Run a library keyword; only the outermost one is watched."""
        if self._depth:
            return run(name, args, kwargs)
        self._depth += 1
        started = time.time()
        try:
            result = run(name, args, kwargs)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as error:  # Robot's timeouts are BaseExceptions since RF 7.5
            self._collect_streams()
            shown = printable_name(name, code_style=True)
            handled = _failure_is_handled()
            if handled:
                self.expected.update(id(r) for r in list(self.library.requests) if r.started >= started)
            verdict = "failed as expected" if handled else "failed"
            self.notes.append(Note(time.time(), _one_line(f"\u2717 {shown} {verdict}: {error}"), _agent(args),
                                   failed=True, detail=f"{shown} {verdict}: {error}", expected=handled))
            if not handled:
                self.log("FAIL", f"{self.test_name} (up to the failure of {shown})")
            raise
        else:
            self._collect_streams()
            if self._is_simulator_action(name):
                self.notes.append(Note(time.time(), _action(name, args, kwargs, result)))
            return result
        finally:
            self._depth -= 1

    # -- the diagram ------------------------------------------------------------------------
    def log(self, status: str = "", title: str | None = None) -> None:
        html = self.render(status, title)
        if html:
            logger.info(html, html=True)

    def render(self, status: str = "", title: str | None = None) -> str:
        start = self.test_start
        requests = [r for r in list(self.library.requests) if r.started >= start]
        events: dict[str, list] = {}
        for agent_id, stream in self.streams.values():
            events.setdefault(agent_id, []).extend(stream.history())
        return render(requests, events, self.notes, self.test_name if title is None else title, status,
                      self.expected)

    def _collect_streams(self) -> None:
        client = self.library.client
        if client is None:
            return
        for agent_id, session in list(client.agents.items()):
            if session.stream is not None:
                self.streams.setdefault(id(session.stream), (agent_id, session.stream))

    def _is_simulator_action(self, name: str) -> bool:
        try:
            tags = set(self.library.get_keyword_tags(name))
        except Exception:  # a keyword name DynamicCore does not know: not ours to describe
            return False
        return "Simulator" in tags and "Gateway" not in tags


def _agent(args: Any) -> str | None:
    first = str(args[0]) if args else ""
    return first if first.isdigit() else None


def _action(name: str, args: Any, kwargs: Any, result: Any) -> str:
    shown = [str(a) for a in args] + [f"{k}={v}" for k, v in (kwargs or {}).items()]
    text = f"Simulator: {printable_name(name, code_style=True)} {' '.join(shown)}".rstrip()
    return text + (f" \u2192 {result}" if isinstance(result, str) and result else "")


def _one_line(text: str) -> str:
    return " ".join(text.split())


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
