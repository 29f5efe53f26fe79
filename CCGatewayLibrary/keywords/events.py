"""Event keywords: wait for an agent event, for several in order or in any order, assert one does not
occur or how often it occurred, drop what is buffered, list what a test received.

Every argument is checked against the event catalogue before anything waits (``waitargs.py``), and every
wait matches only events that arrived after the agent's latest step began unless ``since=`` says
otherwise (steps: ``EventStream.mark_step``, begun by every keyword that acts for the agent)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from robot.api import logger
from robot.api.deco import keyword
from robot.utils import secs_to_timestr

from .. import eventtypes
from .. import interfaces as api
from ..client import EventStream, EventTimeout, ReceivedEvent, UnexpectedEvent, matcher
from ..client.events import Step, clock, describe
from ..validation import ArgumentError
from . import waitargs
from .base import LibraryComponent, log_event, to_robot
from .waitargs import Wanted

_WAIT = "Wait For Agent Event"
_IN_ORDER = "Wait For Agent Events In Order"
_ALL_OF = "Wait For Agent Events"
_NOT = "Agent Event Should Not Occur"
_COUNT = "Agent Event Count Should Be"
_WAIT_OPTIONS = ("timeout", "since", "message", "undocumented")


class EventKeywords(LibraryComponent):
    @keyword(tags=("Event", "Wait"))
    def wait_for_agent_event(
        self,
        agent_id: str,
        event_type: str,
        timeout: timedelta | None = None,
        *,
        since: str = "last step",
        message: str | None = None,
        undocumented: bool = False,
        **content: Any,
    ):
        """Waits until the agent receives an event of ``event_type`` after its latest step, and returns it.

        A step begins whenever a keyword acts for the agent: any keyword that sends a request for it
        (`Answer Call`, `Drop Call`, `Sign In Agent`...; the getters, which change nothing, do not) and
        the simulator keywords aimed at it or at its calls (`Simulate Inbound Call`, `Simulate Customer
        Hang Up`). The step begins before the request is sent, so every event the action causes counts,
        even one that arrived before this keyword started: there is no race between an action and the
        wait for its event. An event left over from an earlier step does not count (it would prove
        nothing about the latest one); ``since=test start`` accepts it. Each event is taken by one wait
        only: two waits for the same event type need two events. Logs the event it matched, when it
        arrived and after which step.

        | =Argument= | =Description= |
        | ``agent_id`` | Agent ID (work number) of an agent signed in by `Sign In Agent`. |
        | ``event_type`` | The event type, exactly as the `Event catalogue` names it, e.g. ``AgentEvent_Talking``. A name that is not in it fails at once, naming the closest ones. |
        | ``timeout`` | How long to wait, a Robot time such as ``5 s``. Default: the library's ``timeout`` (``10 s``). |
        | ``since`` | ``last step`` (default): only events the gateway generated after the agent's latest step began. ``test start``: any event generated since the current test began, also before the latest step; one generated before the test (in a suite setup, say) does not count even if it arrives during the test. An event's generation time is its ``eventGenTime`` mapped onto the library's clock by the shortest delivery seen (the clocks need not agree); an event without it counts by its arrival. |
        | ``message`` | Replaces the failure text when no event arrives (argument errors keep theirs). |
        | ``undocumented`` | ``True`` to wait for an event type that is not in the catalogue (a real gateway may send others); its content filters are then not checked. Default ``False``. |
        | ``**content`` | Content filters, checked against the event type's documented content: ``callid=${call}`` matches a field of an object content (compared as text); ``content=${call}`` matches a content that is a plain string, such as the call ID of ``AgentEvent_Call_Release``. A field the type does not have, or a misspelled option (``timout=``), fails at once. |

        Returns the event as a dictionary: ``eventType``, ``workNo``, ``content`` (``None``, a string or a
        dictionary), and ``eventGenTime`` where the gateway sends it; e.g. ``${event.content.callid}``.

        Fails when no matching event arrives within ``timeout``, listing the events the agent received
        in this test (those from before the step marked ``(earlier)``) and saying when a matching event
        arrived before the step: ``AgentState_Ready arrived at 10:42:07.120, before Simulate Customer
        Hang Up (10:42:07.300)``. Fails at once if the gateway has signed the agent out (100-006 or
        000-003 on the event poll). The poller retries other faults, such as 000-001 (wrong method of
        obtaining events), and a timeout's message names the last one. Calls no interface itself: the
        agent's background poller calls ``GET /agentgateway/resource/agentevent/{agentid}``
        (method ``getAgentEvent``).

        The event types this keyword accepts, with the content filters each takes and the Huawei
        documentation page it follows, are listed in `Event catalogue`.

        Example:
        | ${call} =    `Simulate Inbound Call`    101
        | ${event} =    `Wait For Agent Event`    101    AgentEvent_Ringing    callid=${call}    timeout=5 s
        | `Answer Call`    101
        | `Wait For Agent Event`    101    AgentEvent_Talking    callid=${event.content.callid}
        | `Drop Call`    101
        | `Wait For Agent Event`    101    AgentEvent_Call_Release    content=${call}
        | `Wait For Agent Event`    101    AgentEvent_linkagePhoneHold    undocumented=True
        """
        agent_id = self.agent(agent_id, api.AGENT_EVENT)
        wanted = _check(event_type, content, _WAIT, _WAIT_OPTIONS, undocumented)
        seconds = self.seconds(timeout, "timeout", _WAIT)
        stream = self.event_stream(agent_id, _WAIT)
        after = _after(stream, since, _WAIT)
        try:
            received = stream.wait_for(wanted.predicate, seconds, after)
        finally:
            self.log_events(agent_id)
        if received is None:
            raise EventTimeout(message or _not_received(agent_id, stream, [wanted], seconds, after))
        _log_match(agent_id, received, stream, after)
        return to_robot(received.event)

    @keyword(tags=("Event", "Wait"))
    def wait_for_agent_events_in_order(
        self,
        agent_id: str,
        *event_types: str,
        timeout: timedelta | None = None,
        since: str = "last step",
        message: str | None = None,
        undocumented: bool = False,
        **content: Any,
    ) -> list:
        """Waits until the agent has received each of ``event_types``, in this order, after its latest step.

        Use it where the documentation fixes an order, such as sign-in (``AgentOther_InService`` then
        ``AgentState_Ready``). Where it does not (the events a seed page lists as "triggered", and a
        group in the documented sequences, whose order inside is not guaranteed), use
        `Wait For Agent Events`, which accepts any order. Events of other types in between do not matter.
        Steps, ``since``, ``message``, ``undocumented`` and ``timeout`` work as in `Wait For Agent Event`;
        the events are consumed together once all have arrived.

        | =Argument= | =Description= |
        | ``agent_id`` | Agent ID (work number) of an agent signed in by `Sign In Agent`. |
        | ``*event_types`` | Two or more event types of the catalogue, in the order they must arrive; a type may repeat. |
        | ``timeout`` | How long to wait, a Robot time such as ``5 s``. Default: the library's ``timeout`` (``10 s``). |
        | ``since`` | ``last step`` (default) or ``test start``, as in `Wait For Agent Event`. |
        | ``message`` | Replaces the failure text when the events do not arrive as expected. |
        | ``undocumented`` | ``True`` to allow event types that are not in the catalogue. Default ``False``. |
        | ``**content`` | Content filters applied to every listed type that has the field: ``callid=${call}`` also matches the plain-string call ID of ``AgentEvent_Call_Release``, ``AgentEvent_Hold``, ``AgentEvent_No_Answer`` and the like; a filter no listed type has fails at once. |

        Returns the events matched, as dictionaries, in the order of ``event_types``.

        Fails at once when every type has arrived but not in this order, naming the first one out of
        order and the order received; after ``timeout`` when one is missing, naming it. Calls no interface.

        Example:
        | `Sign In Agent`    101
        | `Wait For Agent Events In Order`    101    AgentOther_InService    AgentState_Ready
        """
        agent_id = self.agent(agent_id, api.AGENT_EVENT)
        return self._wait_for_all(
            agent_id, event_types, timeout, since, message, undocumented, content, _IN_ORDER, ordered=True
        )

    @keyword(tags=("Event", "Wait"))
    def wait_for_agent_events(
        self,
        agent_id: str,
        *event_types: str,
        timeout: timedelta | None = None,
        since: str = "last step",
        message: str | None = None,
        undocumented: bool = False,
        **content: Any,
    ) -> list:
        """Waits until the agent has received every one of ``event_types``, in any order, after its latest step.

        The form for the events an interface's documentation lists as triggered, whose order it does not
        fix: `Drop Call` triggers ``AgentEvent_Call_Release`` and ``AgentEvent_Customer_Release``.
        Arguments, returned value and failures as in `Wait For Agent Events In Order`, without the order:
        fails after ``timeout`` naming the event types that did not arrive after the step (and, for an
        event that came before it, when). Calls no interface.

        | =Argument= | =Description= |
        | ``agent_id`` | Agent ID (work number) of an agent signed in by `Sign In Agent`. |
        | ``*event_types`` | Two or more event types of the catalogue, in any order; a type listed twice needs two events. |
        | ``timeout`` | How long to wait, a Robot time such as ``5 s``. Default: the library's ``timeout`` (``10 s``). |
        | ``since`` | ``last step`` (default) or ``test start``, as in `Wait For Agent Event`. |
        | ``message`` | Replaces the failure text when the events do not arrive as expected. |
        | ``undocumented`` | ``True`` to allow event types that are not in the catalogue. Default ``False``. |
        | ``**content`` | Content filters applied to every listed type that has the field, as in `Wait For Agent Events In Order`. |

        Returns the events matched, as dictionaries, in the order of ``event_types``.

        Example:
        | `Drop Call`    101
        | `Wait For Agent Events`    101    AgentEvent_Call_Release    AgentEvent_Customer_Release    callid=${call}
        | `Wait For Agent Event`    101    AgentState_Ready
        """
        agent_id = self.agent(agent_id, api.AGENT_EVENT)
        return self._wait_for_all(
            agent_id, event_types, timeout, since, message, undocumented, content, _ALL_OF, ordered=False
        )

    def _wait_for_all(
        self, agent_id, event_types, timeout, since, message, undocumented, content, name, ordered
    ) -> list:
        wanted = _check_all(event_types, content, name, undocumented)
        seconds = self.seconds(timeout, "timeout", name)
        stream = self.event_stream(agent_id, name)
        after = _after(stream, since, name)
        try:
            result = stream.wait_for_all([w.predicate for w in wanted], seconds, ordered, after)
        finally:
            self.log_events(agent_id)
        if result.out_of_order is not None:
            index = result.out_of_order
            got = [
                r for r in stream.history() if stream.is_fresh(r, after) and any(w.predicate(r.event) for w in wanted)
            ]
            raise EventTimeout(
                message
                or (
                    f"Agent {agent_id}: {wanted[index].describe()} came out of order: it should arrive after "
                    f"{wanted[index - 1].event_type}, but arrived before it. Expected order: "
                    f"{', '.join(w.event_type for w in wanted)}. Order received{_since_text(stream, after)}: "
                    f"{describe(got)}."
                )
            )
        if not result.complete:
            missing = [w for w, m in zip(wanted, result.matched) if m is None]
            raise EventTimeout(message or _not_received(agent_id, stream, missing, seconds, after, wanted))
        for received in result.events:
            _log_match(agent_id, received, stream, after)
        return [to_robot(received.event) for received in result.events]

    @keyword(tags=("Event", "Wait", "Assertion"))
    def agent_event_should_not_occur(
        self,
        agent_id: str,
        event_type: str,
        within: timedelta = timedelta(seconds=1),
        *,
        since: str = "last step",
        message: str | None = None,
        undocumented: bool = False,
        **content: Any,
    ) -> None:
        """Fails if the agent receives an event of ``event_type`` after its latest step within ``within``.

        Events already received since the latest step began count too, taken by a wait or not (to prove
        there was no second one after waiting for one, use `Agent Event Count Should Be` with ``1``); an
        event from an earlier step does not, unless ``since=test start``. Passes after ``within`` without such
        an event (so it takes that long when it passes). Consumes nothing. Its arguments are checked
        like those of `Wait For Agent Event`, so a misspelled option (``witin=``) or field (``callId=``)
        fails at once instead of making the check vacuous.

        | =Argument= | =Description= |
        | ``agent_id`` | Agent ID (work number) of an agent signed in by `Sign In Agent`. |
        | ``event_type`` | The event type that must not occur, as the catalogue names it. |
        | ``within`` | How long to watch, a Robot time. Default ``1 s``. |
        | ``since`` | ``last step`` (default) or ``test start``, as in `Wait For Agent Event`. |
        | ``message`` | Replaces the failure text when the event occurs. |
        | ``undocumented`` | ``True`` for an event type that is not in the catalogue. Default ``False``. |
        | ``**content`` | Content filters, checked as in `Wait For Agent Event`. |

        Fails naming the event, its content and when it arrived. With ``undocumented=True`` and content
        filters, also fails when an event of the type arrived whose content lacks a filtered field: the
        filters of an undocumented type are not checked against the catalogue, and a misspelled field must
        not make the check pass. Calls no interface itself.

        Example:
        | `Agent Event Should Not Occur`    101    AgentEvent_Talking    within=500 ms
        """
        agent_id = self.agent(agent_id, api.AGENT_EVENT)
        wanted = _check(event_type, content, _NOT, ("within", "since", "message", "undocumented"), undocumented)
        seconds = self.seconds(within, "within", _NOT)
        stream = self.event_stream(agent_id, _NOT)
        after = _after(stream, since, _NOT)
        try:
            found = stream.matching(wanted.predicate, after, seconds, more_than=0)
        finally:
            self.log_events(agent_id)
        if not found and undocumented:
            _filters_can_judge(agent_id, stream, wanted, after, _NOT)
        if found:
            first = found[0]
            raise UnexpectedEvent(
                message
                or (
                    f"Agent {agent_id} received {first.summary()} at {clock(first.received)}"
                    f"{_since_text(stream, after)}, which should not occur: {first.event.get('content')!r}"
                )
            )
        logger.info(
            f"Agent {agent_id}: no {wanted.describe()}{_since_text(stream, after)} within {secs_to_timestr(seconds)}"
        )

    @keyword(tags=("Event", "Assertion"))
    def agent_event_count_should_be(
        self,
        agent_id: str,
        event_type: str,
        count: int,
        within: timedelta = timedelta(0),
        *,
        since: str = "last step",
        message: str | None = None,
        undocumented: bool = False,
        **content: Any,
    ) -> None:
        """Fails unless the agent received exactly ``count`` events of ``event_type`` after its latest step.

        Counts every matching event generated since the latest step began (or since the test began,
        with ``since=test start``; see `Wait For Agent Event`), taken by a wait or not. Waits ``within`` first, so late events are
        counted too (with the default ``0 s``, wait for the events first); fails at once, without
        waiting, when there are already more than ``count``. Consumes nothing.

        | =Argument= | =Description= |
        | ``agent_id`` | Agent ID (work number) of an agent signed in by `Sign In Agent`. |
        | ``event_type`` | The event type to count, as the catalogue names it. |
        | ``count`` | The exact number expected, 0 or more. |
        | ``within`` | How long to let events arrive before counting, a Robot time. Default ``0 s``. |
        | ``since`` | ``last step`` (default) or ``test start``, as in `Wait For Agent Event`. |
        | ``message`` | Replaces the failure text when the count differs. |
        | ``undocumented`` | ``True`` for an event type that is not in the catalogue. Default ``False``. |
        | ``**content`` | Content filters, checked as in `Wait For Agent Event`. |

        Fails naming the count found and the matching events with their arrival times; with
        ``undocumented=True``, also when the count is right but an event of the type lacks a filtered field
        (as in `Agent Event Should Not Occur`). Calls no interface.

        Example:
        | `Simulate Customer Hang Up`    ${call}
        | `Wait For Agent Event`    101    AgentState_Ready
        | `Agent Event Count Should Be`    101    AgentEvent_Customer_Release    1    callid=${call}
        """
        agent_id = self.agent(agent_id, api.AGENT_EVENT)
        wanted = _check(event_type, content, _COUNT, ("within", "since", "message", "undocumented"), undocumented)
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ArgumentError(f"{_COUNT}: argument 'count' is {count!r}; allowed: a whole number, 0 or more.")
        seconds = self.seconds(within, "within", _COUNT)
        stream = self.event_stream(agent_id, _COUNT)
        after = _after(stream, since, _COUNT)
        try:
            found = stream.matching(wanted.predicate, after, seconds, more_than=count)
        finally:
            self.log_events(agent_id)
        if undocumented and len(found) == count:
            _filters_can_judge(agent_id, stream, wanted, after, _COUNT)
        shown = ", ".join(f"{r.summary()} at {clock(r.received)}" for r in found) or "none"
        if len(found) != count:
            raise AssertionError(
                message
                or (
                    f"Agent {agent_id} received {len(found)} {wanted.describe()}{_since_text(stream, after)}, "
                    f"expected {count}: {shown}."
                )
            )
        logger.info(f"Agent {agent_id} received {count} {wanted.describe()}{_since_text(stream, after)}: {shown}")

    @keyword(tags=("Event",))
    def discard_agent_events(self, agent_id: str) -> int:
        """Drops every event the agent received and no wait took, and begins a new step; returns how many.

        After it, waits match only events that arrive later. The dropped events still show in
        `Get Agent Events` and in failure messages. Rarely needed, since waits already ignore events
        from before the agent's latest step; use it after a part of the test whose events you do not
        want to prove, such as a long set-up. Fails if the agent is not signed in by this library.
        Calls no interface.

        | =Argument= | =Description= |
        | ``agent_id`` | Agent ID (work number) of an agent signed in by `Sign In Agent`. |

        Example:
        | `Discard Agent Events`    101
        | `Agent Event Should Not Occur`    101    AgentState_Ready    within=200 ms
        """
        agent_id = self.agent(agent_id, api.AGENT_EVENT)
        stream = self.event_stream(agent_id, "Discard Agent Events")
        self.log_events(agent_id)
        dropped = stream.discard()
        stream.mark_step("Discard Agent Events")
        logger.info(f"Agent {agent_id}: discarded {len(dropped)} buffered event(s): {describe(dropped)}")
        return len(dropped)

    @keyword(tags=("Event", "Getter"))
    def get_agent_events(self, agent_id: str, since: str = "test start") -> list:
        """Returns every event the agent received in the current test, oldest first, consumed or not.

        | =Argument= | =Description= |
        | ``agent_id`` | Agent ID (work number) of an agent signed in by `Sign In Agent`. |
        | ``since`` | ``test start`` (default): every event of the test; ``last step``: only those that arrived after the agent's latest step began. |

        Returns a list of dictionaries like the one `Wait For Agent Event` returns. Events received in
        earlier tests and already consumed are not included (one left unconsumed is, once). The log
        lists them with their arrival times, marking those from before the agent's latest step
        ``(earlier)`` and those a wait took or `Discard Agent Events` dropped. Fails if the agent is not
        signed in by this library. Calls no interface itself (see `Wait For Agent Event`).

        Example:
        | ${events} =    `Get Agent Events`    101
        | Length Should Be    ${events}    2
        | Should Be Equal    ${events}[0][eventType]    AgentOther_InService
        """
        agent_id = self.agent(agent_id, api.AGENT_EVENT)
        stream = self.event_stream(agent_id, "Get Agent Events")
        self.log_events(agent_id)
        events = stream.history()
        if waitargs.since(since, "Get Agent Events") == "last step":
            events = [r for r in events if stream.is_fresh(r)]
        lines = [
            f"{clock(r.received)}  {r.summary()}"
            + ("" if stream.is_fresh(r) else " (earlier)")
            + (" [taken by a wait]" if r.consumed else " [discarded]" if r.discarded else "")
            for r in events
        ]
        logger.info(f"Agent {agent_id}: {len(events)} event(s); latest step: {_step_text(stream)}\n" + "\n".join(lines))
        return [to_robot(received.event) for received in events]


def _check(event_type: str, content: dict, name: str, options: tuple[str, ...], undocumented: bool) -> Wanted:
    row = waitargs.event_type(event_type, name, bool(undocumented))
    return waitargs.filters(row, str(event_type).strip(), content, name, options)


def _check_all(event_types: tuple[str, ...], content: dict, name: str, undocumented: bool) -> list[Wanted]:
    """Each listed type with the filters that apply to it (a filter no listed type has fails)."""
    if len(event_types) < 2:
        raise ArgumentError(
            f"{name}: give two or more event types (got {len(event_types)}); for one, use 'Wait For Agent Event'."
        )
    rows = [waitargs.event_type(t, name, bool(undocumented) and eventtypes.lookup(str(t)) is None) for t in event_types]
    wanted = [Wanted(str(t).strip()) for t in event_types]
    for key, value in content.items():
        waitargs.not_an_option(key, name, _WAIT_OPTIONS)
        used = False
        for row, item in zip(rows, wanted):
            if row is None or key in row.fields:
                item.fields[key], used = value, True
            elif key == "callid" and row.shape == eventtypes.TEXT and row.text == "call ID":
                item.content, used = value, True
        if not used:
            raise ArgumentError(
                f"{name}: no listed event type has a content field {key!r} "
                f"({'; '.join(f'{r.name}: {waitargs.shape(r)}' for r in rows if r)})."
            )
    return wanted


def _after(stream: EventStream, since: str, name: str) -> Step | None:
    """The boundary of a wait: ``None`` for the agent's latest step (taken when the wait starts)."""
    return stream.test_start if waitargs.since(since, name) == "test start" else None


def _filters_can_judge(agent_id: str, stream: EventStream, wanted: Wanted, after: Step | None, name: str) -> None:
    """An undocumented type's filters are not checked against a catalogue, so a misspelled field would make
    a negative check vacuous: fail when an event of the type arrived whose content lacks what a filter
    names (no such field, or not a plain-string content for ``content=``), since it may be the very event
    the check is about."""
    if not wanted.fields and wanted.content is None:
        return
    for received in stream.matching(matcher(wanted.event_type), after):
        body = received.event.get("content")
        if wanted.content is not None and isinstance(body, (dict, list)):
            lacks = "content= compares a plain-string content, but its content is an object"
        elif wanted.fields and not isinstance(body, dict):
            lacks = f"its content is not an object, so it has no field {', '.join(map(repr, wanted.fields))}"
        else:
            have = body if isinstance(body, dict) else {}
            missing = [key for key in wanted.fields if key not in have]
            if not missing:
                continue
            lacks = f"its content has no field {', '.join(map(repr, missing))} (it has: {', '.join(map(repr, have)) or 'none'})"
        raise AssertionError(
            f"{name}: agent {agent_id} received {received.summary()} at {clock(received.received)}, and {lacks}: "
            f"the filter cannot tell whether it is the event this checks for (with undocumented=True the filters "
            "are not checked against the catalogue; check the field's name)."
        )


def _step_text(stream: EventStream) -> str:
    step = stream.step
    return f"{step.name} ({clock(step.started)})" if step.name else "none"


def _since_text(stream: EventStream, after: Step | None) -> str:
    if after is not None:
        return " since the test began"
    step = stream.step
    return f" after {step.name} ({clock(step.started)})" if step.name else ""


def _log_match(agent_id: str, received: ReceivedEvent, stream: EventStream, after: Step | None) -> None:
    step = stream.step
    when = f"arrived at {clock(received.received)}"
    if step.name:
        relation = "after" if stream.is_fresh(received) else "before"
        when += f", {relation} the step {step.name} ({clock(step.started)})"
    logger.info(
        f"Agent {agent_id}: matched {received.summary()}, {when}" + (" (since=test start)" if after is not None else "")
    )


def _not_received(
    agent_id: str,
    stream: EventStream,
    missing: list[Wanted],
    seconds: float,
    after: Step | None,
    wanted: list[Wanted] | None = None,
) -> str:
    what = " and ".join(w.describe() for w in missing)
    step = stream.step
    if stream.ended is not None:
        head = f"Agent {agent_id} did not receive {what}: its event stream ended ({stream.ended})."
    else:
        head = f"Agent {agent_id} did not receive {what}{_since_text(stream, after)} within {secs_to_timestr(seconds)}."
        if wanted:
            head += f" Waited for: {', '.join(w.describe() for w in wanted)}."
    stale = ""
    for item in missing:
        earlier = stream.earlier(item.predicate, after)
        if earlier is not None:
            boundary, since_what, began = (
                (step, f"{step.name} ({clock(step.started)})", "the step began")
                if after is None
                else (after, "the test began", "the test began")
            )
            taken = " and a wait already took it" if earlier.consumed else ""
            if earlier.received >= boundary.started:  # in flight when the step or test began
                when = f"was generated before {since_what} and arrived at {clock(earlier.received)}, in flight when {began}"
            else:
                when = f"arrived at {clock(earlier.received)}, before {since_what}"
            proves = (
                "an earlier event does not prove this step (wait for it before the next step, or use since=test start)"
                if after is None
                else "an event from before the test does not prove it"
            )
            stale += f" {earlier.summary()} {when}{taken}: {proves}."
            break
    fault = f" Last polling fault: {stream.last_fault}." if stream.last_fault and stream.ended is None else ""
    return f"{head}{stale} Events received in this test: {describe(stream.history(), lambda r: stream.is_fresh(r, after))}.{fault}"


__all__ = ["EventKeywords", "log_event"]
