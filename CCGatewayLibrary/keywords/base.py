"""What every keyword class shares: the library's context, argument checks, and the request wrapper that
logs the events the agent received meanwhile (requests are logged by the library's request listener)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from robot.api import logger
from robot.utils import DotDict

from .. import interfaces as api
from .. import validation
from ..client import AgentSession, EventStream, GatewayClient, ReceivedEvent
from ..client.errors import AgentNotSignedInError, CCGatewayError

if TYPE_CHECKING:
    from ..library import CCGatewayLibrary


class NotConnectedError(CCGatewayError):
    """A keyword that needs a gateway ran before one was connected."""


class LibraryComponent:
    def __init__(self, library: CCGatewayLibrary):
        self.library = library

    @property
    def client(self) -> GatewayClient:
        if self.library.client is None:
            raise NotConnectedError(
                "No CC-Gateway is connected: use 'Connect To Gateway' or "
                "'Start Gateway Simulator' first, or import the library with url=."
            )
        return self.library.client

    # -- arguments --------------------------------------------------------------------------
    def seconds(self, value: timedelta | float | str | None, name: str, keyword: str) -> float:
        """``value`` in seconds; ``None`` or empty means the library's default timeout."""
        secs = to_seconds(value, name, keyword)
        return self.library.timeout if secs is None else secs

    @staticmethod
    def agent(value: object, interface: api.Interface, name: str = "agent_id") -> str:
        return validation.agent_id(value, interface.agent_range, interface.label, name)

    # -- requests ---------------------------------------------------------------------------
    def call(self, interface: api.Interface, agent_id: str, **kwargs: Any) -> dict:
        """Send one request for a validated agent ID, with its Guid, and log the agent's new events whether
        it succeeds or fails (the request itself is logged by the library's request listener)."""
        client = self.client
        if interface.method != "GET":  # an action (a query changes nothing, so it starts no step)
            self.start_step(agent_id, interface.label)
        try:
            return client.call(interface, agent_id, session=client.session(agent_id), **kwargs)
        finally:
            self.log_events(agent_id)

    def start_step(self, agent_id: str, name: str) -> None:
        """Begin a new step for the agent, BEFORE its request is sent: later waits match only events
        that arrive from now on (see ``EventStream.mark_step``). Agents without a stream have no events."""
        session = self.library.client.session(agent_id) if self.library.client else None
        if session and session.stream:
            self.log_events(agent_id)  # what arrived before the step is logged before it
            session.stream.mark_step(name)

    def log_events(self, agent_id: str) -> None:
        session = self.library.client.session(agent_id) if self.library.client else None
        if session and session.stream:
            for received in session.stream.take_unlogged():
                log_event(received)
            for note in session.stream.take_notes():  # poll failures, recovery, repeated deliveries
                logger.info(note)

    def stream_session(self, agent_id: str, keyword: str) -> AgentSession:
        session = self.client.session(agent_id)
        if session is None or session.stream is None:
            signed_in = ", ".join(sorted(self.client.agents)) or "none"
            raise AgentNotSignedInError(
                f"{keyword}: agent {agent_id} is not signed in by this library, so it has no events "
                f"(signed-in agents: {signed_in}). Use 'Sign In Agent' first."
            )
        return session

    def event_stream(self, agent_id: str, keyword: str) -> EventStream:
        """The event stream of an agent this library signed in (see :meth:`stream_session`)."""
        stream = self.stream_session(agent_id, keyword).stream
        assert stream is not None, "stream_session refuses a session without a stream"
        return stream


def to_seconds(value: timedelta | float | str | None, name: str, keyword: str) -> float | None:
    """A Robot time (``10 s``, ``1 min 30 s``), a number of seconds or a ``timedelta``, in seconds;
    ``None`` for ``None`` or empty. Fails naming the argument for anything else, a negative time, more
    than a day, ``inf``, ``${True}`` or digits that are not ASCII (see ``validation.seconds``)."""
    return validation.seconds(value, keyword, name)


_as_json = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(value, ensure_ascii=False), its encoder made once


def log_event(received: ReceivedEvent) -> None:
    event = received.event
    content = event.get("content")
    shown = _as_json(content) if isinstance(content, (dict, list)) else repr(content)
    logger.info(f"Agent {event.get('workNo', '?')} received {received.event_type}: {shown}")


def to_robot(value: Any) -> Any:
    """JSON values as Robot-friendly values: dicts become DotDicts so ``${event.content.callid}`` works.
    Filled item by item: ``DotDict(...)`` copies its argument twice and looks at every value again (twice
    as slow for every event a wait returns)."""
    if isinstance(value, dict):
        converted = DotDict()
        for key, item in value.items():
            converted[key] = to_robot(item)
        return converted
    if isinstance(value, list):
        return [to_robot(item) for item in value]
    return value
