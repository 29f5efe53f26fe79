"""Failures the client raises. Each message says what failed, why, and which interface was called, so a
Robot Framework log reads well without a traceback (``ROBOT_SUPPRESS_NAME`` hides the class name)."""

from __future__ import annotations

from ..errors import CCGatewayError, RetcodeRefusal, TransportFailure

__all__ = [
    "AgentNotSignedInError",
    "AgentSignedOutError",
    "CCGatewayError",
    "EventTimeout",
    "GatewayConnectionError",
    "GatewayError",
    "GatewayResponseError",
    "SimulatorOnlyError",
    "UnexpectedEvent",
]


class GatewayError(RetcodeRefusal, AssertionError):
    """The gateway answered with a retcode other than "0".

    The message starts with the retcode so ``Run Keyword And Expect Error    200-017*`` works:
    ``200-017: the agent has no call to release (Drop Call: DELETE /agentgateway/resource/voicecall/101/release)``.
    """

    def __init__(
        self,
        retcode: str,
        meaning: str,
        label: str,
        request: str,
        gateway_message: str = "",
        simulator_detail: str = "",
    ):
        self.label, self.request, self.gateway_message = label, request, gateway_message
        self.simulator_detail = simulator_detail  # the bundled simulator's explanation; a gateway sends none
        explained = f"; the simulator explains: {simulator_detail}" if simulator_detail else ""
        super().__init__(retcode, meaning=meaning, message=f"{retcode}: {meaning} ({label}: {request}){explained}")


class GatewayConnectionError(TransportFailure):
    """The request did not get an answer: connection refused or reset, TLS failure, or timeout."""


class GatewayResponseError(TransportFailure):
    """The gateway answered, but not with the documented HTTP 200 and JSON ``{message, retcode, ...}``."""


class AgentNotSignedInError(CCGatewayError, AssertionError):
    """A keyword named an agent that this library has not signed in."""


class EventTimeout(CCGatewayError, AssertionError):
    """A wait for an agent event ended without the event."""


class UnexpectedEvent(CCGatewayError, AssertionError):
    """An event arrived that the test said should not occur."""


class SimulatorOnlyError(CCGatewayError):
    """A simulator-only keyword was used against something that is not the bundled simulator."""


class AgentSignedOutError(GatewayError):
    """The agent's event poll was refused (100-006 / 000-003): the gateway no longer knows its session.
    Raised by the next request of that agent without sending it; the message starts with the retcode."""

    def __init__(self, agent_id: str, cause: GatewayError, at: str, label: str, request: str):
        super().__init__(cause.retcode, cause.meaning, label, request, cause.gateway_message)
        self.args = (
            f"{cause.retcode}: agent {agent_id} is no longer signed in: its event poll was refused at {at} "
            f"({cause.retcode}: {cause.meaning}). The gateway signs an agent out after 2 minutes without an "
            "event poll, when it restarts, or when the agent signs in elsewhere; a Guid rotation the library "
            f"did not receive looks the same. Sign the agent in again. ({label}: {request}, not sent)",
        )


class GatewayRedirectError(GatewayResponseError):
    """The gateway answered with an HTTP redirect. The library follows none: it would send the password
    or the Guid to another address."""


class ResponseTooLargeError(GatewayResponseError):
    """An answer was larger than the library's ``max_response_size``; reading stopped there."""


class MalformedGuidError(GatewayResponseError):
    """A ``Set-GUID`` header that is not one well-formed Guid; it is never sent back."""
