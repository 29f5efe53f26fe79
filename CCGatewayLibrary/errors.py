"""One error hierarchy for the library and the simulator alike, named as the field names the failures:

* :class:`ArgumentError`: a bad argument, refused before any request is sent.
* :class:`RetcodeRefusal`: a request refused with a retcode other than ``"0"`` (by the gateway, or by the
  simulator's model, which raises it for the simulator to answer).
* :class:`TransportFailure`: no answer, or an answer that is not the gateway's protocol (HTTP 200 JSON
  with a retcode).

"Fault" means only a failure injected on purpose into the simulator (``simulator/faults.py``).
Every message reads well in a Robot Framework log without a traceback (``ROBOT_SUPPRESS_NAME``).
"""

from __future__ import annotations

from .retcodes import meaning_of


class CCGatewayError(Exception):
    """Base of every failure raised by the library, its client or its simulator."""

    ROBOT_SUPPRESS_NAME = True


class ArgumentError(CCGatewayError, ValueError):
    """An argument the interface does not allow; raised before any request is sent."""


class RetcodeRefusal(CCGatewayError):
    """A request refused with ``retcode``; ``meaning`` comes from the retcode catalogue and ``detail``
    says why, where known."""

    def __init__(self, retcode: str, detail: str = "", *, meaning: str | None = None, message: str | None = None):
        self.retcode = retcode
        self.meaning = meaning_of(retcode) if meaning is None else meaning
        self.detail = detail
        super().__init__(message or f"{retcode}: {self.meaning}" + (f" ({detail})" if detail else ""))


class TransportFailure(CCGatewayError):
    """The request got no answer, or an answer that is not the gateway's protocol."""
