"""The event stream of one signed-in agent: a background poller that long-polls the gateway and a buffer
that keeps every event received until a wait consumes it.

Why a background poller: the gateway hands out events one per ``GET /agentevent/{agentid}`` long poll
and signs out an agent that stops polling. Polling from the test's own thread would race the action
and the wait for its event; polling in the background and buffering means an event that arrives before
the wait starts is still there when the wait looks (no race, no ``Sleep``).

Robot Framework drops log messages written from other threads, so this module never logs: the poller
only buffers and notes, and the keywords log what they see (``take_unlogged``, ``take_notes``).

Under faults: a failed poll (no answer, HTTP error, a body that is not JSON, any retcode but the two
below) is retried with back-off doubling from 0.05 s to 2 s, noted for the next keyword's log, and kept
as ``last_fault``; 100-006 or 000-003 on a poll means the session is gone (signed out for not polling,
a gateway restart, a force sign-in elsewhere, or a Guid rotation whose answer never arrived), so the
stream ends and records why (``ended``). "No event lost, none twice": every event a poll answer brings
is buffered until a wait consumes it; an identical repeat (``eventGenTime`` included) within the last
64 events and 30 s is a repeated delivery and is ignored, so a gateway that repeats an event cannot make
one wait pass twice (events without ``eventGenTime`` are never merged). Events keep their arrival
order, the gateway's delivery order; a wait takes the oldest matching event, so two events the gateway
swapped still satisfy a wait for each. An event the gateway never delivers cannot be recovered: the
wait for it fails, listing what did arrive.

Steps (no stale matches): whoever acts for the agent calls ``mark_step(name)`` BEFORE sending its
request; it records the newest event's sequence number as the step's boundary. By default a wait
matches only events that arrived after the agent's latest step began, so an event left over from an
earlier step cannot satisfy it, while every event the action caused (it can only arrive after the
request was sent, hence after the boundary) still counts, even if it arrived before the wait started.
A wait may look further back, to the start of the test (``after=stream.test_start``): the test's
boundary is a step too, so an event the gateway generated before the test began (in a suite setup, say)
does not count for it even when it arrives later. Earlier events stay in the history either way.
"""

from __future__ import annotations

import itertools
import json
import math
import random
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from .errors import CCGatewayError, GatewayError

Event = dict[str, Any]  # {"eventType": str, "workNo": str, "content": None | str | dict, ...}
Predicate = Callable[[Event], bool]

_BACKOFF_FIRST, _BACKOFF_MAX = 0.05, 2.0  # seconds between retries of a failed poll, doubling up to the cap
_QUICK_EMPTY, _EMPTY_PAUSE = 0.1, 0.2  # an empty poll answered faster than this: pause (the docs' cadence)
_DUPLICATE_WINDOW, _DUPLICATES_KEPT = 30.0, 64  # seconds, events: where a repeated delivery is looked for
_NOTES_KEPT = 20
_GENERATED_TOLERANCE = 0.0015  # seconds: eventGenTime has ms resolution; never call an event the step caused earlier
_EVENT_JSON = json.JSONEncoder(sort_keys=True, default=str).encode  # json.dumps(event, sort_keys=True, default=str)
SIGNED_OUT = ("100-006", "000-003")  # on the event poll: the session is gone for good


@dataclass(slots=True, eq=False)  # slots: thousands are kept per test; eq=False: compared by identity
class ReceivedEvent:
    """An event as the library received it: the gateway's event plus when it arrived."""

    event: Event
    seq: int  # order of arrival for this agent, from 1
    received: float = field(default_factory=time.time)  # wall clock, seconds since the epoch
    consumed: bool = False  # taken by a wait
    discarded: bool = False  # dropped from the buffer by discard()
    generated: float | None = None  # the gateway's eventGenTime in seconds (its clock), if it sent one
    identity: int | None = None  # hash of its event_identity, worked out once by the poller (None: not yet)

    @property
    def event_type(self) -> str:
        return str(self.event.get("eventType", ""))

    def summary(self) -> str:
        content = self.event.get("content")
        if isinstance(content, dict):
            key = content.get("callid") or content.get("callId") or content.get("confId")
            return f"{self.event_type} ({key})" if key else self.event_type
        return f"{self.event_type} ({content})" if content not in (None, "") else self.event_type


@dataclass(frozen=True, slots=True)
class Step:
    """What the test last did for the agent: a keyword name, when it began, and the boundary: events
    with a higher ``seq`` arrived after the step began."""

    name: str
    started: float  # wall clock, seconds since the epoch
    after_seq: int


@dataclass(slots=True)
class Sequence:
    """The outcome of :meth:`EventStream.wait_for_all`: ``matched[i]`` is the event matched for
    predicate ``i`` (``None``: none yet); ``out_of_order`` is the index of the first predicate whose
    event arrived, but only before the event matched for the one before it (ordered waits)."""

    matched: list[ReceivedEvent | None]
    out_of_order: int | None = None

    @property
    def complete(self) -> bool:
        return self.out_of_order is None and all(m is not None for m in self.matched)

    @property
    def events(self) -> list[ReceivedEvent]:
        """The matched events (all of them once ``complete``)."""
        return [m for m in self.matched if m is not None]


class EventStream:
    """Buffers the events of one agent, filled by a poller thread, emptied by waits.

    ``fetch(timeout)`` performs one long poll and returns the event or ``None`` for an empty poll; it
    raises :class:`GatewayError` (e.g. ``100-006`` once the agent is signed out) or another
    :class:`CCGatewayError` for transient faults, which are retried with back-off.
    ``pause`` is the time in seconds to wait after an empty poll before polling again (0 = at once).
    """

    def __init__(
        self,
        agent_id: str,
        fetch: Callable[[], Event | None],
        pause: float = 0.0,
        on_exit: Callable[[], None] | None = None,
        backoff: tuple[float, float] = (_BACKOFF_FIRST, _BACKOFF_MAX),
        empty_pause: float = _EMPTY_PAUSE,
    ):
        self.agent_id = agent_id
        self.backoff = backoff  # (first, maximum) seconds between retries of a failed poll
        self.empty_pause = empty_pause  # after an empty poll answered at once (seconds)
        self._fetch = fetch
        self._on_exit = on_exit  # e.g. close the poller's own HTTP connection
        self._pause = pause
        self._cond = threading.Condition()
        self._pending: deque[ReceivedEvent] = deque()  # received, not yet consumed by a wait
        self._by_type: dict[str, deque[ReceivedEvent]] = {}  # the same, by event type: a wait looks at one
        self._history: list[ReceivedEvent] = []  # received during the current test (Get Agent Events)
        self._unlogged: list[ReceivedEvent] = []
        self._seq = itertools.count(1)
        self._last_seq = 0  # seq of the newest event received
        # The current test's boundary; until start_test, every event counts (the stream began in the test).
        self._test = Step("test start", 0.0, 0)
        self._step = Step("", time.time(), 0)  # the latest step (mark_step); none yet: every event counts
        self._offset: float | None = None  # min(arrival - eventGenTime): the gateway's clock skew + least latency
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.ended: CCGatewayError | None = None  # why polling stopped for good (e.g. signed out)
        self.ended_at: float | None = None  # wall clock
        self.last_fault: CCGatewayError | None = None  # last transient fault, kept for messages
        self.polls = 0
        self.faults = 0  # failed polls (each retried)
        self.duplicates = 0  # repeated deliveries of an event already received (ignored)
        self._recent: deque[tuple[str, float]] = deque(maxlen=_DUPLICATES_KEPT)
        self._recent_at: dict[str, float] = {}  # the same, by key: when each key last entered
        self._recent_count: dict[str, int] = {}  # and how many entries of each key the deque holds
        self._notes: deque[str] = deque(maxlen=_NOTES_KEPT)  # for the next keyword to log
        self._notes_lost = 0
        self._streak = 0  # failed polls in a row
        self._noted_fault: str | None = None
        # What the waits in progress look for: event type -> number of waits (None: any event). A new event
        # wakes the waits only when one may take it; waking a wait for AgentEvent_Ringing at each of the
        # three events before it cost a thread switch each (bench/call_cycle.py).
        self._waiting: dict[str | None, int] = {}

    # -- the poller -------------------------------------------------------------------------
    def start(self) -> None:
        self._thread = threading.Thread(target=self._poll_until_done, name=f"ccgw-events-{self.agent_id}", daemon=True)
        self._thread.start()

    def stop(self, wait: float = 0.0) -> None:
        """Stop polling. The thread may still be inside one long poll; it exits when that returns."""
        self._stop.set()
        with self._cond:
            self._cond.notify_all()
        if wait and self._thread:
            self._thread.join(wait)

    @property
    def running(self) -> bool:
        return bool(self._thread and self._thread.is_alive() and not self._stop.is_set())

    def _poll_until_done(self) -> None:
        try:
            self._run()
        finally:
            if self._on_exit:  # a kept-alive idle connection would delay a server's shutdown
                self._on_exit()

    def _run(self) -> None:
        """Poll until stopped or signed out. Every gateway or network failure is retried with capped
        back-off and noted for the next keyword's log; 100-006 / 000-003 (the session is gone) end the
        stream, and so does a bug here (an exception that is not a CCGatewayError), visibly. Every answer
        the client cannot use (not JSON, nested too deep, too large, a malformed Set-GUID, an ``event``
        that is not an object) is a CCGatewayError, so the poller never dies of an answer."""
        backoff = self.backoff[0]
        while not self._stop.is_set():
            started = time.monotonic()
            try:
                self.polls += 1
                event = self._fetch()
            except GatewayError as error:
                if error.retcode in SIGNED_OUT:
                    self._end(error)
                    return
                backoff = self._fault(error, backoff)
                continue
            except CCGatewayError as error:
                backoff = self._fault(error, backoff)
                continue
            except Exception as error:  # a bug, not a fault of the gateway: end visibly for the next wait
                self._end(
                    CCGatewayError(
                        f"event poller for agent {self.agent_id} failed: an error in the "
                        f"library, not an answer it could not use ({str(error)[:160]})"
                    )
                )
                return
            if self._streak:
                self._note(
                    f"Agent {self.agent_id}: event polling works again after {self._streak} failed "
                    f"poll(s); the last failure: {self.last_fault}"
                )
                self._streak, self._noted_fault = 0, None
            backoff = self.backoff[0]
            if event is None:
                pause = self._pause or (self.empty_pause if time.monotonic() - started < _QUICK_EMPTY else 0)
                if pause:  # a gateway answering empty at once must not make the poller spin
                    self._stop.wait(pause)
            elif self._repeated(event, key := event_identity(event)):
                self.duplicates += 1
                self._note(
                    f"Agent {self.agent_id}: the gateway delivered {event.get('eventType')} "
                    f"(eventGenTime {event.get('eventGenTime')}) again; the repeat was ignored"
                )
            else:
                self.add(event, None if key is None else hash(key))

    def _fault(self, error: CCGatewayError, delay: float) -> float:
        """Note a failed poll, wait ``delay`` (with jitter, so many agents do not retry in step) and
        return the next delay."""
        self.last_fault = error
        self.faults += 1
        self._streak += 1
        if str(error) != self._noted_fault:  # the same failure again is not noted again
            self._noted_fault = str(error)
            self._note(
                f"Agent {self.agent_id}: event poll failed ({error}); retrying with back-off "
                f"(up to {self.backoff[1]:g} s between polls)"
            )
        self._stop.wait(delay * random.uniform(0.8, 1.2))
        return min(delay * 2, self.backoff[1])

    def _end(self, error: CCGatewayError) -> None:
        with self._cond:
            if not self._stop.is_set():
                self.ended, self.ended_at = error, time.time()
            self._cond.notify_all()

    def _repeated(self, event: Event, key: str | None = None) -> bool:
        """A second delivery of an event already received: the identical object (``key``, its
        ``event_identity``, worked out here if not given), ``eventGenTime`` included, within the last 64
        events and 30 s. Events without ``eventGenTime`` are never taken for repeats (two equal ones may be
        two real events)."""
        if event.get("eventGenTime") is None:
            return False
        if key is None:
            key = event_identity(event)
            if key is None:
                return False
        now = time.monotonic()
        latest = self._recent_at.get(key)  # its newest entry among the last 64: the one that may be recent
        if latest is not None and now - latest <= _DUPLICATE_WINDOW:
            return True
        if len(self._recent) == self._recent.maxlen:  # the oldest entry leaves
            oldest = self._recent[0][0]
            left = self._recent_count[oldest] - 1
            if left:
                self._recent_count[oldest] = left
            else:
                del self._recent_count[oldest], self._recent_at[oldest]
        self._recent.append((key, now))
        self._recent_count[key] = self._recent_count.get(key, 0) + 1
        self._recent_at[key] = now
        return False

    def _note(self, text: str) -> None:
        with self._cond:
            if len(self._notes) == self._notes.maxlen:
                self._notes_lost += 1
            self._notes.append(text)

    def take_notes(self) -> list[str]:
        """What the poller met since the last call (failed polls, recovery, repeated deliveries), for the
        calling keyword to log; Robot Framework drops messages logged from other threads."""
        with self._cond:
            notes, lost = list(self._notes), self._notes_lost
            self._notes.clear()
            self._notes_lost = 0
        if lost:
            notes.insert(0, f"Agent {self.agent_id}: {lost} earlier event-poller note(s) not kept")
        return notes

    # -- the buffer -------------------------------------------------------------------------
    def add(self, event: Event, identity: int | None = None) -> ReceivedEvent:
        """Buffer an event; ``identity``: the hash of its ``event_identity``, when the caller has it."""
        received = ReceivedEvent(event, next(self._seq), generated=_generated(event), identity=identity)
        with self._cond:
            if received.generated is not None:
                lag = received.received - received.generated
                self._offset = lag if self._offset is None else min(self._offset, lag)
            self._last_seq = max(self._last_seq, received.seq)
            self._pending.append(received)
            self._by_type.setdefault(received.event_type, deque()).append(received)
            self._history.append(received)
            self._unlogged.append(received)
            waiting = self._waiting
            if waiting and (None in waiting or received.event_type in waiting):
                self._cond.notify_all()
        return received

    def learn_clock(self, gateway_ms: object, received: float) -> None:
        """Teach the clock offset a gateway time stamp (ms since the epoch, e.g. the sign-in's
        ``loginTime``) from an answer received at ``received`` (our clock), as an event would: the sign-in's
        own events are then judged by their generation time too, even when they arrive late. A value that
        is not a time stamp is ignored."""
        generated = _generated({"eventGenTime": gateway_ms})
        if generated is not None:
            with self._cond:
                lag = received - generated
                self._offset = lag if self._offset is None else min(self._offset, lag)

    def take_unlogged(self) -> list[ReceivedEvent]:
        """Events received since the last call, for the calling keyword to log."""
        with self._cond:
            taken, self._unlogged = self._unlogged, []
        return taken

    def history(self) -> list[ReceivedEvent]:
        with self._cond:
            return list(self._history)

    def history_after(self, seq: int) -> list[ReceivedEvent]:
        """The events of the history that arrived after seq ``seq``, in order of arrival; looks at the new
        end only (a long test holds thousands, and the keywords ask after every step)."""
        with self._cond:
            history = self._history
            start = len(history)
            while start and history[start - 1].seq > seq:
                start -= 1
            return history[start:]

    def pending(self) -> list[ReceivedEvent]:
        with self._cond:
            return list(self._pending)

    # -- steps ------------------------------------------------------------------------------
    def mark_step(self, name: str, started: float | None = None, after_seq: int | None = None) -> Step:
        """Begin a new step for the agent (call it BEFORE sending the step's request): from now on a
        wait matches only events that arrive after this point, unless it asks for more (``after=``).
        A step whose agent is known only from its answer is begun afterwards, back-dated to ``started``
        and to ``after_seq`` (the :meth:`position` taken before its request was sent)."""
        with self._cond:
            self._step = Step(
                name, time.time() if started is None else started, self._last_seq if after_seq is None else after_seq
            )
            return self._step

    def position(self) -> int:
        """The seq of the newest event received (0: none yet), for a back-dated :meth:`mark_step`."""
        with self._cond:
            return self._last_seq

    def _fresh(self, after: Step | None) -> Callable[[ReceivedEvent], bool]:
        """Whether an event counts for a wait that looks back to ``after`` (default: the agent's latest
        step; ``test_start`` for ``since=test start``): it arrived after the boundary and, when it
        carries ``eventGenTime``, the gateway did not generate it before the boundary (an event in
        flight when the step or test began is earlier too). The gateway's clock is mapped onto ours by
        the smallest delay seen (``_offset``: clock skew plus the least delivery time), so an event the
        step caused can never look earlier than the step."""
        boundary = self._step if after is None else after

        def fresh(received: ReceivedEvent) -> bool:
            if received.seq <= boundary.after_seq:
                return False
            offset = self._offset
            return (
                received.generated is None
                or offset is None
                or received.generated + offset >= boundary.started - _GENERATED_TOLERANCE
            )

        return fresh

    def is_fresh(self, received: ReceivedEvent, after: Step | None = None) -> bool:
        """Whether ``received`` counts for a wait begun now (see ``_fresh``); not: an earlier event."""
        with self._cond:
            return self._fresh(after)(received)

    @property
    def step(self) -> Step:
        with self._cond:
            return self._step

    @property
    def test_start(self) -> Step:
        """The boundary of the current test, for a wait that looks back to it (``after=``)."""
        with self._cond:
            return self._test

    @property
    def test_from(self) -> int:
        """The seq boundary of the current test: events with a higher seq arrived after it began."""
        with self._cond:
            return self._test.after_seq

    def discard(self) -> list[ReceivedEvent]:
        """Drop every buffered (unconsumed) event, so no wait can take it; they stay in the history.
        Returns what was dropped."""
        with self._cond:
            dropped = list(self._pending)
            for received in dropped:
                received.discarded = True
            self._pending.clear()
            self._by_type = {}
            return dropped

    def start_test(self) -> None:
        """Begin a new test: the history restarts with the events not yet consumed, which stay waitable.

        Memory stays bounded however long the agent stays signed in: events are released when the next
        test starts (they were logged by the keywords that saw them and in the test's call-flow log), and
        an event nobody waited for stays waitable for one more test only (e.g. an event that arrived in a
        suite setup, or just after the previous test's last step), then it is released too."""
        with self._cond:
            older = self._test.after_seq  # events up to this seq arrived before the previous test began
            self._pending = deque(r for r in self._pending if r.seq > older)
            self._by_type = {}
            for received in self._pending:
                self._by_type.setdefault(received.event_type, deque()).append(received)
            self._unlogged = [r for r in self._unlogged if r.seq > older]
            self._history = list(self._pending)
            self._test = Step("test start", time.time(), self._last_seq)

    def wait_for(self, predicate: Predicate, timeout: float, after: Step | None = None) -> ReceivedEvent | None:
        """Consume and return the oldest buffered event that matches and arrived after the latest step
        began (or after the boundary ``after``), waiting up to ``timeout`` seconds for one to arrive. Returns
        ``None`` on timeout. Events that do not match stay buffered."""
        deadline = time.monotonic() + timeout
        with self._cond:
            fresh = self._fresh(after)
            while True:
                found = self._take(predicate, fresh)
                if found or self.ended:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self._stop.is_set():
                    return None
                self._wait(remaining, predicate)

    def find(self, predicate: Predicate, within: float, after: Step | None = None) -> ReceivedEvent | None:
        """Like :meth:`wait_for` but consumes nothing: the first matching event (unconsumed, after the
        latest step or the boundary ``after``) seen within ``within`` seconds, or ``None``."""
        deadline = time.monotonic() + within
        with self._cond:
            fresh = self._fresh(after)
            while True:
                for received in self._candidates(predicate):
                    if fresh(received) and predicate(received.event):
                        return received
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self.ended or self._stop.is_set():
                    return None
                self._wait(remaining, predicate)

    def _wait(self, remaining: float, predicate: Predicate | None = None) -> None:
        """``self._cond.wait(remaining)`` (the lock held), woken by a new event only when it is of the type
        ``predicate`` looks for (a ``matcher``'s); without one, by any event. Ending, stopping and the
        timeout wake every wait."""
        event_type = getattr(predicate, "event_type", None)
        waiting = self._waiting
        waiting[event_type] = waiting.get(event_type, 0) + 1
        try:
            self._cond.wait(remaining)
        finally:
            left = waiting[event_type] - 1
            if left:
                waiting[event_type] = left
            else:
                del waiting[event_type]

    def _candidates(self, predicate: Predicate) -> Iterable[ReceivedEvent]:
        """The unconsumed events ``predicate`` may match, oldest first: only those of its event type when
        it names one (a ``matcher``), so a wait costs the same however many other events are buffered."""
        event_type = getattr(predicate, "event_type", None)
        return self._pending if event_type is None else self._by_type.get(event_type, ())

    def _take(self, predicate: Predicate, fresh: Callable[[ReceivedEvent], bool]) -> ReceivedEvent | None:
        for received in self._candidates(predicate):
            if fresh(received) and predicate(received.event):
                self._consume(received)
                return received
        return None

    def _consume(self, received: ReceivedEvent) -> None:
        _remove(self._pending, received)
        _remove(self._by_type[received.event_type], received)
        received.consumed = True

    def wait_for_all(
        self, predicates: list[Predicate], timeout: float, ordered: bool = False, after: Step | None = None
    ) -> Sequence:
        """Wait until a distinct buffered event (after the latest step, or the boundary ``after``) matches each
        predicate, and consume them all; with ``ordered`` their arrival order must follow the
        predicates'. Returns at once, unconsumed, when every predicate has an event but not in order
        (``out_of_order``), and after ``timeout`` with what was found so far."""
        deadline = time.monotonic() + timeout
        with self._cond:
            fresh = self._fresh(after)
            while True:
                events = [r for r in self._pending if fresh(r)]
                result = _in_order(events, predicates) if ordered else _all_of(events, predicates)
                if result.complete:
                    for received in result.events:
                        self._consume(received)
                    return result
                if result.out_of_order is not None or self.ended:
                    return result
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self._stop.is_set():
                    return result
                self._wait(remaining)

    def matching(
        self, predicate: Predicate, after: Step | None = None, within: float = 0.0, more_than: int | None = None
    ) -> list[ReceivedEvent]:
        """Every event of the history (consumed or not) that matches and arrived after the latest step
        (or the boundary ``after``), once ``within`` seconds have passed or, earlier, once there are more than
        ``more_than``. Consumes nothing."""
        deadline = time.monotonic() + within
        with self._cond:
            fresh = self._fresh(after)
            while True:
                found = [r for r in self._history if fresh(r) and predicate(r.event)]
                remaining = deadline - time.monotonic()
                if (
                    (more_than is not None and len(found) > more_than)
                    or remaining <= 0
                    or self.ended
                    or self._stop.is_set()
                ):
                    return found
                self._wait(remaining)

    def earlier(self, predicate: Predicate, after: Step | None = None) -> ReceivedEvent | None:
        """The newest event of this test that matches but does not count after the latest step (or the
        boundary ``after``): the stale event a failing wait should mention."""
        with self._cond:
            fresh = self._fresh(after)
            for received in reversed(self._history):
                if not fresh(received) and predicate(received.event):
                    return received
        return None


def event_identity(event: Any) -> str | None:
    """An event as sorted JSON: equal for equal events (``eventGenTime`` included), whether a ``dict`` or
    the dictionary a keyword returned; ``None`` for one that is not JSON."""
    try:
        return _EVENT_JSON(event)
    except (TypeError, ValueError, RecursionError):
        return None


def _remove(items: deque[ReceivedEvent], received: ReceivedEvent) -> None:
    """Remove ``received`` (by identity), looking at the newest few first: a wait takes a recent event,
    while the events nobody waits for collect at the old end during a long test, where ``deque.remove``
    would start."""
    for back in range(1, min(len(items), 8) + 1):
        if items[-back] is received:
            del items[-back]
            return
    items.remove(received)  # identity comparison (eq=False): fast


def _all_of(fresh: list[ReceivedEvent], predicates: list[Predicate]) -> Sequence:
    taken: set[int] = set()
    matched: list[ReceivedEvent | None] = []
    for predicate in predicates:
        hit = next((r for r in fresh if id(r) not in taken and predicate(r.event)), None)
        if hit is not None:
            taken.add(id(hit))
        matched.append(hit)
    return Sequence(matched)


def _in_order(fresh: list[ReceivedEvent], predicates: list[Predicate]) -> Sequence:
    """Greedy: each predicate takes the first matching event after the previous one's. If one finds
    none there but every predicate has some matching event, the first such one came out of order."""
    matched: list[ReceivedEvent | None] = [None] * len(predicates)
    position = 0
    for index, predicate in enumerate(predicates):
        hit = next((i for i in range(position, len(fresh)) if predicate(fresh[i].event)), None)
        if hit is None:
            arrived_all = all(any(p(r.event) for r in fresh) for p in predicates[index:])
            return Sequence(matched, index if arrived_all else None)
        matched[index], position = fresh[hit], hit + 1
    return Sequence(matched)


def matcher(event_type: str, content: Any = None, fields: dict[str, Any] | None = None) -> Predicate:
    """A predicate for an event of ``event_type`` whose content matches.

    ``content`` matches a plain-string content exactly (e.g. the call ID of ``AgentEvent_Call_Release``).
    ``fields`` match keys of an object content, compared as strings (``callid=1456401416-3``).
    """
    wanted = {key: str(value) for key, value in (fields or {}).items()}
    wanted_content = None if content is None else str(content)

    def match(event: Event) -> bool:
        if event.get("eventType") != event_type:
            return False
        body = event.get("content")
        if wanted_content is not None and (isinstance(body, (dict, list)) or str(body) != wanted_content):
            return False
        if wanted:
            if not isinstance(body, dict):
                return False
            return all(key in body and str(body[key]) == value for key, value in wanted.items())
        return True

    match.__dict__["event_type"] = event_type  # lets the buffer look only at events of this type (getattr)
    return match


def describe(received: Iterable[ReceivedEvent], fresh: Callable[[ReceivedEvent], bool] | None = None) -> str:
    """``AgentOther_InService (earlier), AgentEvent_Talking (1-2)``: with ``fresh``, the events it says
    do not count for the current wait (from before the step) are marked as earlier."""
    items = [r.summary() + (" (earlier)" if fresh is not None and not fresh(r) else "") for r in received]
    return ", ".join(items) if items else "none"


def clock(epoch: float) -> str:
    """A wall-clock time as ``10:42:07.120`` (local time), for messages and logs."""
    return hms(epoch) + f".{int(epoch % 1 * 1000):03d}"


_last_second: tuple[int, str] = (-1, "")  # the second hms() last formatted: logs name the same one many times


def hms(epoch: float) -> str:
    """``10:42:07``: the local time of ``epoch``, whole seconds (``time.localtime`` rounds down), as
    ``time.strftime("%H:%M:%S", time.localtime(epoch))``; the last second formatted is kept, since each
    keyword names the same few seconds several times (strftime and localtime cost 2-4 us a call)."""
    global _last_second
    second = math.floor(epoch)
    cached_second, text = _last_second  # one tuple, read and replaced whole: safe across threads
    if second != cached_second:
        text = time.strftime("%H:%M:%S", time.localtime(second))
        _last_second = (second, text)
    return text


def _generated(event: Event) -> float | None:
    """The event's ``eventGenTime`` (ms since the epoch, gateway clock) in seconds, if it has a usable one."""
    value = event.get("eventGenTime")
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
        return value / 1000
    return None
