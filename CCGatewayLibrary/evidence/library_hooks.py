"""The library's side of the evidence: ``library.py`` calls these hooks; they feed the collector, write
this process's coverage part and the merged report at the end of every suite, link the report from the
top suite's metadata (so log.html and report.html show it), and hand finished tests to ``Record``.

Coverage is on by default; ``--variable CCGW_COVERAGE:off`` turns it off."""

from __future__ import annotations

import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from . import coverage
from .collector import Collector, TestRun
from .listener import RECORDERS

if TYPE_CHECKING:
    from ..library import CCGatewayLibrary

METADATA = "CC-Gateway spec coverage"


class LibraryEvidence:
    def __init__(self, library: CCGatewayLibrary):
        self.library = library
        self.collector = Collector()
        self.collector.on_test_end.append(self._recorded)
        self._streams: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # EventStream -> agent ID
        self._last_seq: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # EventStream -> last seq taken
        self.enabled: bool | None = None  # read from ${CCGW_COVERAGE} at the first suite
        self._actions: dict[str, bool] = {}  # keyword name -> a simulator action (see _is_simulator_action)

    # -- hooks called by library.py and keywords/base.py -----------------------------------------
    def request(self, record: Any) -> None:
        self.collector.request(record)

    def sync_events(self) -> None:
        """Take the events the agents' streams received since the last look (their history keeps every event
        of the test); the streams are remembered, since `Sign Out All Agents` drops the sessions."""
        client = self.library.client
        if client is not None:
            for agent_id, session in list(client.agents.items()):
                if session.stream is not None and self._streams.get(session.stream) != agent_id:
                    self._streams[session.stream] = agent_id
        for stream, agent_id in list(self._streams.items()):
            last = self._last_seq.get(stream, 0)
            new = stream.history_after(last)
            if new:  # (a weak reference is made per assignment: none when nothing came)
                for received in new:
                    self.collector.event(agent_id, received)
                self._last_seq[stream] = new[-1].seq

    def run_keyword(self, name: str, args: Any, kwargs: Any, run: Callable[[str, Any, Any], Any]) -> Any:
        return self.collector.run_keyword(
            name,
            args,
            lambda: run(name, args, kwargs),
            self._is_simulator_action(name),
            _failure_is_handled,
            self.sync_events,
        )

    def start_test(self, data, result) -> None:
        self.sync_events()  # events that arrived between tests belong to none
        self.collector.start_test(data.longname)
        self._streams = weakref.WeakKeyDictionary({s: a for s, a in self._streams.items() if s.running})

    def end_test(self, data, result) -> None:
        self.sync_events()
        self.collector.end_test(result.status)

    def end_suite(self, data, result) -> None:
        self.sync_events()
        self.collector.end_suite()
        if self.enabled is None:
            self.enabled = _variable("${CCGW_COVERAGE}", "on").strip().lower() not in ("off", "false", "no", "0")
        if not self.enabled:
            return
        output_dir = Path(_variable("${OUTPUT DIR}", "."))
        coverage.write_part(self.collector.facts, output_dir)
        root = coverage.report_root(output_dir)
        report = coverage.write_report(root)
        top = result
        while top.parent is not None:
            top = top.parent
        # The link is relative to log.html: the report sits beside it, and beside pabot's merged log.html.
        figures = report["figures"]
        top.metadata[METADATA] = f"[{coverage.REPORT_HTML}|{coverage.REPORT_HTML}]: " + ", ".join(
            f"{figures[n]['what']} {figures[n]['covered']} of {figures[n]['documented']}"
            for n in ("retcodes_provoked", "events_received", "sequences_seen", "situations_reached")
        )

    # -- helpers ----------------------------------------------------------------------------
    def _is_simulator_action(self, name: str) -> bool:
        """Worked out once per keyword name (its tags do not change): this runs around every keyword call."""
        action = self._actions.get(name)
        if action is None:
            action = self._actions[name] = self._tagged_simulator_action(name)
        return action

    def _tagged_simulator_action(self, name: str) -> bool:
        try:
            tags = set(self.library.get_keyword_tags(name))
        except Exception:  # a name DynamicCore does not know: not an action of ours
            return False
        return "Simulator" in tags and "Gateway" not in tags

    def _recorded(self, run: TestRun) -> None:
        target = "simulator" if self.library.simulator is not None else "gateway"
        for recorder in list(RECORDERS):
            recorder.add(run, target)


def _failure_is_handled() -> bool:
    """See ``flowlog._failure_is_handled``; imported when a keyword fails, not on every keyword call."""
    from ..flowlog import _failure_is_handled as handled

    return handled()


def _variable(name: str, default: str) -> str:
    try:
        from robot.libraries.BuiltIn import BuiltIn

        value = BuiltIn().get_variable_value(name, default)
    except Exception:  # no Robot execution context (the library used from Python)
        return default
    return str(value)
