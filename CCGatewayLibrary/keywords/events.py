"""Event keywords: wait for an agent event, assert one does not occur, list what a test received."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from robot.api.deco import keyword
from robot.utils import secs_to_timestr

from .. import interfaces as api
from ..client import EventTimeout, UnexpectedEvent, matcher
from ..client.events import describe
from .base import LibraryComponent, log_event, to_robot

_WAIT = "Wait For Agent Event"


class EventKeywords(LibraryComponent):
    @keyword(tags=("Event", "Wait"))
    def wait_for_agent_event(self, agent_id: str, event_type: str, timeout: timedelta | None = None,
                             **content: Any):
        """Waits until the agent has received an event of ``event_type`` and returns it, consuming it.

        Looks first at the events already received and not yet consumed, oldest first, so an event
        that arrived before this keyword started counts: there is no race between an action and the wait
        for its event. Otherwise it waits for the next matching event. Each event is consumed once.

        | =Argument= | =Description= |
        | ``agent_id`` | Agent ID (work number) of an agent signed in by `Sign In Agent`. |
        | ``event_type`` | The event type, e.g. ``AgentEvent_Talking``, ``AgentState_Ready``. |
        | ``timeout`` | How long to wait, a Robot time such as ``5 s``. Default: the library's ``timeout`` (``10 s``). |
        | ``**content`` | Filters on the event's content: ``callid=${call}`` matches a field of an object content (compared as text); ``content=${call}`` matches a content that is a plain string, such as the call ID of ``AgentEvent_Call_Release``. |

        Returns the event as a dictionary: ``eventType``, ``workNo``, ``content`` (``None``, a string or a
        dictionary), and ``eventGenTime`` where the gateway sends it; e.g. ``${event.content.callid}``.

        Fails when no matching event arrives within ``timeout``, listing the events the agent did receive
        in this test; at once if the gateway has signed the agent out or its session expired (100-006
        or 000-003 on the event poll). The poller retries other faults, such as 000-001 (wrong method
        of obtaining events), and a timeout's message names the last one.
        Calls no interface itself: the agent's background poller calls
        ``GET /agentgateway/resource/agentevent/{agentid}`` (method ``getAgentEvent``).

        Example:
        | ${event} =    `Wait For Agent Event`    101    AgentEvent_Ringing    timeout=5 s
        | `Answer Call`    101
        | `Wait For Agent Event`    101    AgentEvent_Talking    callid=${event.content.callid}
        | `Wait For Agent Event`    101    AgentEvent_Call_Release    content=${event.content.callid}
        """
        agent_id = self.agent(agent_id, api.AGENT_EVENT)
        seconds = self.seconds(timeout, "timeout", _WAIT)
        stream = self.stream_session(agent_id, _WAIT).stream
        wanted_content = content.pop("content", None)
        predicate = matcher(event_type, wanted_content, content)
        try:
            received = stream.wait_for(predicate, seconds)
        finally:
            self.log_events(agent_id)
        if received is None:
            what = _describe_wanted(event_type, wanted_content, content)
            if stream.ended is not None:
                raise EventTimeout(f"Agent {agent_id} did not receive {what}: its event stream ended "
                                   f"({stream.ended}). Events received in this test: {describe(stream.history())}.")
            fault = f" Last polling fault: {stream.last_fault}." if stream.last_fault else ""
            raise EventTimeout(f"Agent {agent_id} did not receive {what} within {secs_to_timestr(seconds)}. "
                               f"Events received in this test: {describe(stream.history())}.{fault}")
        return to_robot(received.event)

    @keyword(tags=("Event", "Wait", "Assertion"))
    def agent_event_should_not_occur(self, agent_id: str, event_type: str,
                                     within: timedelta = timedelta(seconds=1), **content: Any) -> None:
        """Fails if the agent receives an event of ``event_type`` within ``within``; consumes nothing.

        Events already received and not yet consumed count too. Passes after ``within`` without such
        an event (so it takes that long when it passes).

        | =Argument= | =Description= |
        | ``agent_id`` | Agent ID (work number) of an agent signed in by `Sign In Agent`. |
        | ``event_type`` | The event type that must not occur. |
        | ``within`` | How long to watch, a Robot time. Default ``1 s``. |
        | ``**content`` | Content filters as in `Wait For Agent Event`. |

        Fails naming the event and its content when it occurs. Calls no interface itself (see
        `Wait For Agent Event`).

        Example:
        | `Agent Event Should Not Occur`    101    AgentEvent_Talking    within=500 ms
        """
        keyword_name = "Agent Event Should Not Occur"
        agent_id = self.agent(agent_id, api.AGENT_EVENT)
        seconds = self.seconds(within, "within", keyword_name)
        stream = self.stream_session(agent_id, keyword_name).stream
        wanted_content = content.pop("content", None)
        try:
            found = stream.find(matcher(event_type, wanted_content, content), seconds)
        finally:
            self.log_events(agent_id)
        if found is not None:
            raise UnexpectedEvent(f"Agent {agent_id} received {found.summary()}, which should not occur: "
                                  f"{found.event.get('content')!r}")

    @keyword(tags=("Event", "Getter"))
    def get_agent_events(self, agent_id: str) -> list:
        """Returns every event the agent received in the current test, oldest first, consumed or not.

        | =Argument= | =Description= |
        | ``agent_id`` | Agent ID (work number) of an agent signed in by `Sign In Agent`. |

        Returns a list of dictionaries like the one `Wait For Agent Event` returns. Events received in
        earlier tests and already consumed are not included. Fails if the agent is not signed in by
        this library. Calls no interface itself (see `Wait For Agent Event`).

        Example:
        | ${events} =    `Get Agent Events`    101
        | Length Should Be    ${events}    2
        | Should Be Equal    ${events}[0][eventType]    AgentOther_InService
        """
        agent_id = self.agent(agent_id, api.AGENT_EVENT)
        stream = self.stream_session(agent_id, "Get Agent Events").stream
        self.log_events(agent_id)
        return [to_robot(received.event) for received in stream.history()]


def _describe_wanted(event_type: str, content: Any, fields: dict[str, Any]) -> str:
    filters = [f"content={content}"] if content is not None else []
    filters += [f"{key}={value}" for key, value in fields.items()]
    return event_type + (f" with {', '.join(filters)}" if filters else "")


__all__ = ["EventKeywords", "log_event"]
