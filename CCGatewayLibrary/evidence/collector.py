"""Collects what a run did, for the spec coverage and for recordings: the library's requests (mapped back
to their interface), the events the agents received, and the library keywords run, per test.

Fed by small hooks in ``library.py`` (request listener, ``run_keyword``, listener methods); events are
taken from the event streams' history after each keyword (``library_hooks.py``). Robot-free apart from reading the execution stack to
tell an expected failure (``flowlog._failure_is_handled``)."""

from __future__ import annotations

import functools
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from .. import interfaces as api
from . import masking
from .sequences import SEQUENCES, SITUATIONS

_ROUTES = [
    (i, re.compile("^" + re.escape(api.BASE_PATH) + re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(i.template)) + "$"))
    for i in api.ALL
]


def interface_of(method: str, path: str) -> api.Interface | None:
    """The interface of a concrete request (``DELETE /agentgateway/resource/voicecall/101/release``)."""
    path = path.split("?", 1)[0]
    for interface, pattern in _ROUTES:
        if interface.method == method and pattern.match(path):
            return interface
    return None


_LOOKBACK = 32  # requests searched past the first candidate cause (see TestRun.cause)


@dataclass
class Request:
    step: int
    agent_id: str
    method: str
    interface: api.Interface | None
    path: str  # concrete; kept in memory only, never written to a recording
    retcode: str
    started: float
    elapsed_ms: float
    error: bool

    @property
    def action(self) -> bool:  # a request that can cause events (queries cannot)
        return self.method != "GET"


@dataclass
class Event:
    agent_id: str
    type: str
    content: Any
    received: float
    seq: int
    cause: tuple[str, int] | None  # ("request", index) or ("step", index): the latest action before it
    waited: bool = False


@dataclass
class Step:
    index: int
    keyword: str
    agent_id: str | None
    started: float
    simulator_action: bool = False
    failed: bool = False
    expected: bool = False  # failed inside Run Keyword And Expect Error or a TRY
    failure: str = ""  # the retcode or kind of failure, never the message


@dataclass
class TestRun:
    name: str
    started: float
    in_test: bool = True  # False: suite setup or teardown
    status: str = ""
    steps: list[Step] = field(default_factory=list)
    simulator_steps: list[Step] = field(default_factory=list)  # the steps that are simulator actions, in order
    requests: list[Request] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    unwaited: dict[tuple[str, str], list[Event]] = field(default_factory=dict)  # by agent and type

    def cause(self, at: float) -> tuple[str, int] | None:
        """The latest action (a request that is not a query, or a simulator action) started before ``at``.

        Looked for from the newest entry back (a long test holds thousands): requests are listed as they
        end, so one started earlier may follow; the search goes on for _LOOKBACK entries past a match."""
        best: tuple[float, tuple[str, int]] | None = None
        past = 0
        for index in range(len(self.requests) - 1, -1, -1):
            request = self.requests[index]
            if best is not None:
                past += 1
                if past > _LOOKBACK:
                    break
            if request.action and request.started <= at and (best is None or request.started > best[0]):
                best = (request.started, ("request", index))
        # Listed as they start: the first match is the latest. Only the simulator actions are looked at: a test
        # without any (against a real gateway) would otherwise walk all its steps for each event it receives.
        for step in reversed(self.simulator_steps):
            if step.started <= at:
                if best is None or step.started > best[0]:
                    best = (step.started, ("step", step.index))
                break
        return best[1] if best else None

    def cause_interface(self, event: Event) -> str | None:
        if event.cause and event.cause[0] == "request":
            interface = self.requests[event.cause[1]].interface
            return interface.log_name if interface else None
        return None


class Facts:
    """The coverage facts of one process: counts that merge by addition across pabot processes."""

    def __init__(self, data: dict | None = None):
        data = data or {}
        self.tests = data.get("tests", 0)
        self.passed = data.get("passed", 0)
        self.retcodes: dict[str, dict[str, int]] = data.get("retcodes", {})
        self.events: dict[str, dict[str, int]] = data.get("events", {})
        self.sequences: dict[str, int] = data.get("sequences", {})
        self.situations: dict[str, int] = data.get("situations", {})

    def to_json(self) -> dict:
        return {
            "format": "ccgateway-coverage-facts/1",
            "tests": self.tests,
            "passed": self.passed,
            "retcodes": self.retcodes,
            "events": self.events,
            "sequences": self.sequences,
            "situations": self.situations,
        }

    def merge(self, other: Facts) -> Facts:
        self.tests += other.tests
        self.passed += other.passed
        for mine, theirs in ((self.retcodes, other.retcodes), (self.events, other.events)):
            for key, counts in theirs.items():
                row = mine.setdefault(key, {})
                for name, count in counts.items():
                    row[name] = row.get(name, 0) + count
        for tally, more in ((self.sequences, other.sequences), (self.situations, other.situations)):
            for key, count in more.items():
                tally[key] = tally.get(key, 0) + count
        return self

    def add(self, run: TestRun) -> None:
        passed = run.status == "PASS"
        if run.in_test:
            self.tests += 1
            self.passed += passed
        failed_steps = {s.index: s for s in run.steps if s.failed}
        for request in run.requests:
            if request.interface is None or not request.retcode:
                continue
            row = self.retcodes.setdefault(f"{request.interface.log_name} {request.retcode}", {})
            row["provoked"] = row.get("provoked", 0) + 1
            step = failed_steps.get(request.step)
            if request.retcode != "0" and passed and step is not None and step.expected:
                row["asserted"] = row.get("asserted", 0) + 1
        for event in run.events:
            cause = run.cause_interface(event)
            row = self.events.setdefault(f"{cause or '-'} {event.type}", {})
            row["received"] = row.get("received", 0) + 1
            if event.waited:
                row["waited"] = row.get("waited", 0) + 1
        for sequence in SEQUENCES:
            if _seen(sequence, run):
                self.sequences[sequence.name] = self.sequences.get(sequence.name, 0) + 1
        types = {e.type for e in run.events}
        succeeded = {r.interface.log_name for r in run.requests if r.interface and r.retcode == "0"}
        for situation in SITUATIONS:
            if types & set(situation.events) or succeeded & set(situation.interfaces):
                key = f"{situation.kind}: {situation.name}"
                self.situations[key] = self.situations.get(key, 0) + 1


def _seen(sequence, run: TestRun) -> bool:
    """One agent received the groups of ``sequence`` in order, each event caused as the group requires."""
    for agent in {e.agent_id for e in run.events}:
        events = [e for e in run.events if e.agent_id == agent]
        position = 0
        for group in sequence.groups:
            missing = set(group.events)
            while missing and position < len(events):
                event = events[position]
                position += 1
                if event.type in missing and (not group.caused_by or run.cause_interface(event) in group.caused_by):
                    missing.discard(event.type)
            if missing:
                break
        else:
            return True
    return False


class Collector:
    """One per library instance: the test now running, the facts of the finished tests, and the finished
    tests themselves for recordings (``keep_runs``)."""

    def __init__(self) -> None:
        self.facts = Facts()
        self.finished: list[TestRun] = []
        self.keep_runs = False
        self.on_test_end: list[Callable[[TestRun], None]] = []
        self.current = TestRun("(suite setup)", time.time(), in_test=False)
        self._lock = threading.Lock()
        self._step: Step | None = None
        self._depth = 0

    # -- hooks ------------------------------------------------------------------------------
    def start_test(self, name: str) -> None:
        self._fold()
        self.current = TestRun(name, time.time())

    def end_test(self, status: str) -> None:
        self.current.status = status
        self._fold()
        self.current = TestRun("(suite teardown)", time.time(), in_test=False)

    def end_suite(self) -> None:
        self._fold()
        self.current = TestRun("(suite setup)", time.time(), in_test=False)

    def _fold(self) -> None:
        run = self.current
        if not (run.requests or run.events or run.steps) and not run.in_test:
            return
        self.facts.add(run)
        if run.in_test:
            if self.keep_runs:
                self.finished.append(run)
            for callback in self.on_test_end:
                callback(run)
        self.current = TestRun(run.name, time.time(), in_test=False)

    def request(self, record: Any) -> None:
        run = self.current
        with self._lock:
            run.requests.append(
                Request(
                    self._step.index if self._step else 0,
                    record.agent_id,
                    record.method,
                    interface_of(record.method, record.path),
                    record.path,
                    record.retcode,
                    record.started,
                    record.elapsed_ms,
                    bool(record.error),
                )
            )

    def event(self, agent_id: str, received: Any) -> None:
        run = self.current
        with self._lock:
            event = Event(
                str(agent_id),
                received.event_type,
                received.event.get("content"),
                received.received,
                received.seq,
                run.cause(received.received),
            )
            run.events.append(event)
            run.unwaited.setdefault((event.agent_id, event.type), []).append(event)

    def run_keyword(
        self,
        name: str,
        args: Any,
        run: Callable[[], Any],
        simulator_action: bool,
        handled: Callable[[], bool],
        after: Callable[[], None] = lambda: None,
    ) -> Any:
        """Run a library keyword as a step (only the outermost one is a step)."""
        if self._depth:
            return run()
        test = self.current
        first = str(args[0]) if args else ""
        step = Step(
            len(test.steps) + 1, _keyword_name(name), first if first.isdigit() else None, time.time(), simulator_action
        )
        test.steps.append(step)
        if simulator_action:
            test.simulator_steps.append(step)
        self._step, self._depth = step, 1
        try:
            result = run()
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as error:
            step.failed, step.expected, step.failure = True, handled(), masking.retcode_of(error)
            raise
        finally:
            self._step, self._depth = None, 0
            after()  # take the events received meanwhile
        if step.agent_id and step.keyword in _WAITS:
            for event in result if isinstance(result, list) else [result]:
                if isinstance(event, dict):
                    self._mark_waited(test, step.agent_id, event)
        return result

    @staticmethod
    def _mark_waited(test: TestRun, agent_id: str, event: dict) -> None:
        candidates = test.unwaited.get((agent_id, str(event.get("eventType"))), [])
        for index, candidate in enumerate(candidates):  # oldest first, as the wait took it
            if candidate.content == event.get("content"):
                candidate.waited = True
                del candidates[index]
                return


# The waits that return the events they matched: one event, or a list of them.
_WAITS = ("Wait For Agent Event", "Wait For Agent Events", "Wait For Agent Events In Order")


@functools.lru_cache(maxsize=1024)
def _keyword_name(name: str) -> str:
    """``wait_for_agent_event`` -> ``Wait For Agent Event`` (cached: this runs for every keyword call)."""
    return " ".join(part.capitalize() for part in str(name).replace("_", " ").split())
