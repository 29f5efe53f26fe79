"""The event stream of one signed-in agent: a background poller that long-polls the gateway and a buffer
that keeps every event received until a wait consumes it.

Why a background poller: the gateway hands out events one per ``GET /agentevent/{agentid}`` long poll
and signs out an agent that stops polling. Polling from the test's own thread would race the action
and the wait for its event; polling in the background and buffering means an event that arrives before
the wait starts is still there when the wait looks (no race, no ``Sleep``).

Robot Framework drops log messages written from other threads, so this module never logs: the poller
only buffers, and the keywords log what they see (``take_unlogged``).
"""

from __future__ import annotations

import itertools
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from .errors import CCGatewayError, GatewayError

Event = dict[str, Any]  # {"eventType": str, "workNo": str, "content": None | str | dict, ...}
Predicate = Callable[[Event], bool]

_BACKOFF_FIRST, _BACKOFF_MAX = 0.05, 2.0


@dataclass
class ReceivedEvent:
    """An event as the library received it: the gateway's event plus when it arrived."""

    event: Event
    seq: int  # order of arrival for this agent, from 1
    received: float = field(default_factory=time.time)  # wall clock, seconds since the epoch
    consumed: bool = False

    @property
    def event_type(self) -> str:
        return str(self.event.get("eventType", ""))

    def summary(self) -> str:
        content = self.event.get("content")
        if isinstance(content, dict):
            key = content.get("callid") or content.get("callId") or content.get("confId")
            return f"{self.event_type} ({key})" if key else self.event_type
        return f"{self.event_type} ({content})" if content not in (None, "") else self.event_type


class EventStream:
    """Buffers the events of one agent, filled by a poller thread, emptied by waits.

    ``fetch(timeout)`` performs one long poll and returns the event or ``None`` for an empty poll; it
    raises :class:`GatewayError` (e.g. ``100-006`` once the agent is signed out) or another
    :class:`CCGatewayError` for transient faults, which are retried with back-off.
    ``pause`` is the time in seconds to wait after an empty poll before polling again (0 = at once).
    """

    def __init__(self, agent_id: str, fetch: Callable[[], Event | None], pause: float = 0.0):
        self.agent_id = agent_id
        self._fetch = fetch
        self._pause = pause
        self._cond = threading.Condition()
        self._pending: deque[ReceivedEvent] = deque()  # received, not yet consumed by a wait
        self._history: list[ReceivedEvent] = []  # received during the current test (Get Agent Events)
        self._unlogged: list[ReceivedEvent] = []
        self._seq = itertools.count(1)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.ended: CCGatewayError | None = None  # why polling stopped for good (e.g. signed out)
        self.last_fault: CCGatewayError | None = None  # last transient fault, kept for messages
        self.polls = 0

    # -- the poller -------------------------------------------------------------------------
    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name=f"ccgw-events-{self.agent_id}", daemon=True)
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

    def _run(self) -> None:
        backoff = _BACKOFF_FIRST
        while not self._stop.is_set():
            try:
                self.polls += 1
                event = self._fetch()
            except GatewayError as error:
                if error.retcode in ("100-006", "000-003"):  # signed out or session expired: final
                    self._end(error)
                    return
                self._fault(error, backoff)
                backoff = min(backoff * 2, _BACKOFF_MAX)
                continue
            except CCGatewayError as error:
                self._fault(error, backoff)
                backoff = min(backoff * 2, _BACKOFF_MAX)
                continue
            except Exception as error:  # never die silently: a bug here must reach the next keyword
                self._end(CCGatewayError(f"event poller for agent {self.agent_id} failed: {error!r}"))
                return
            backoff = _BACKOFF_FIRST
            if event is not None:
                self.add(event)
            elif self._pause:
                self._stop.wait(self._pause)

    def _fault(self, error: CCGatewayError, delay: float) -> None:
        self.last_fault = error
        self._stop.wait(delay)

    def _end(self, error: CCGatewayError) -> None:
        with self._cond:
            if not self._stop.is_set():
                self.ended = error
            self._cond.notify_all()

    # -- the buffer -------------------------------------------------------------------------
    def add(self, event: Event) -> ReceivedEvent:
        received = ReceivedEvent(event, next(self._seq))
        with self._cond:
            self._pending.append(received)
            self._history.append(received)
            self._unlogged.append(received)
            self._cond.notify_all()
        return received

    def take_unlogged(self) -> list[ReceivedEvent]:
        """Events received since the last call, for the calling keyword to log."""
        with self._cond:
            taken, self._unlogged = self._unlogged, []
        return taken

    def history(self) -> list[ReceivedEvent]:
        with self._cond:
            return list(self._history)

    def pending(self) -> list[ReceivedEvent]:
        with self._cond:
            return list(self._pending)

    def start_test(self) -> None:
        """Begin a new test: the history restarts; events not yet consumed stay waitable."""
        with self._cond:
            self._history = [r for r in self._history if not r.consumed]

    def wait_for(self, predicate: Predicate, timeout: float) -> ReceivedEvent | None:
        """Consume and return the oldest buffered event that matches, waiting up to ``timeout`` seconds
        for one to arrive. Returns ``None`` on timeout. Events that do not match stay buffered."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = self._take(predicate)
                if found or self.ended:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self._stop.is_set():
                    return None
                self._cond.wait(remaining)

    def find(self, predicate: Predicate, within: float) -> ReceivedEvent | None:
        """Like :meth:`wait_for` but consumes nothing: the first matching event seen within ``within``
        seconds, or ``None``."""
        deadline = time.monotonic() + within
        with self._cond:
            while True:
                for received in self._pending:
                    if predicate(received.event):
                        return received
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self.ended or self._stop.is_set():
                    return None
                self._cond.wait(remaining)

    def _take(self, predicate: Predicate) -> ReceivedEvent | None:
        for received in self._pending:
            if predicate(received.event):
                self._pending.remove(received)
                received.consumed = True
                return received
        return None


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

    return match


def describe(received: Iterable[ReceivedEvent]) -> str:
    items = [r.summary() for r in received]
    return ", ".join(items) if items else "none"
