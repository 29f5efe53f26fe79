"""The bundled CC-Gateway simulator: a stateful model of agents, phones and calls (``model``), served
over HTTPS as the gateway's agent REST API plus a control API (``app``, ``server``).

No Robot Framework here: run it from tests (``SimulatorServer``) or from the command line
(``python -m CCGatewayLibrary.simulator`` / ``ccgateway-simulator``).
"""

from ..errors import RetcodeRefusal
from .app import create_app
from .model import GatewayModel
from .server import SimulatorServer

__all__ = ["RetcodeRefusal", "GatewayModel", "SimulatorServer", "create_app"]
