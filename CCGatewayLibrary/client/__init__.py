"""The Robot-free CC-Gateway client: HTTP and Guid handling, retcode errors, and per-agent event streams."""

from .errors import (
    AgentNotSignedInError,
    CCGatewayError,
    EventTimeout,
    GatewayConnectionError,
    GatewayError,
    GatewayResponseError,
    SimulatorOnlyError,
    UnexpectedEvent,
)
from .events import EventStream, ReceivedEvent, matcher
from .gateway import AgentSession, GatewayClient, RequestRecord, parse_set_guid
from .redact import mask

__all__ = [
    "AgentNotSignedInError",
    "AgentSession",
    "CCGatewayError",
    "EventStream",
    "EventTimeout",
    "GatewayClient",
    "GatewayConnectionError",
    "GatewayError",
    "GatewayResponseError",
    "ReceivedEvent",
    "RequestRecord",
    "SimulatorOnlyError",
    "UnexpectedEvent",
    "mask",
    "matcher",
    "parse_set_guid",
]
