"""Keywords that choose the gateway: a real CC-Gateway by URL, or the embedded simulator."""

from __future__ import annotations

from datetime import timedelta

from robot.api import logger
from robot.api.deco import keyword

from .. import validation
from ..client.redact import safe_url
from .base import LibraryComponent, to_seconds


class GatewayKeywords(LibraryComponent):
    @keyword(tags=("Gateway", "Config"))
    def connect_to_gateway(self, url: str, verify: bool | str = True) -> None:
        """Connects the library to the CC-Gateway at ``url``; later keywords send their requests there.

        | =Argument= | =Description= |
        | ``url`` | The gateway's base address, ``https://host:port`` (port 8043 by default on a real gateway); the library adds ``/agentgateway/resource``. |
        | ``verify`` | TLS certificate verification: ``True`` (default, the system's CAs), ``False`` (off, with a warning), or the path of a CA bundle (PEM). Only an explicit ``False`` turns it off: an empty value or ``${None}`` means ``True``, as at import. |

        Agents signed in through an earlier connection are forgotten: their event pollers stop.
        No request is sent: a wrong host or CA shows at the first keyword that calls the gateway, whose
        failure names the URL (without any user name or password in it) and says whether TLS
        verification failed.

        Fails, naming the argument, if ``url`` is not an ``http://`` or ``https://`` URL, or if
        ``verify`` is neither ``True``, ``False``, empty nor the path of an existing file. Calls no
        gateway interface.

        Example:
        | `Connect To Gateway`    https://10.0.0.5:8043    verify=${CURDIR}/lab-ca.pem
        """
        url = validation.gateway_url(url, "Connect To Gateway")
        verify = validation.verify(verify, "Connect To Gateway")
        self.library.connect(url, verify)
        logger.info(f"Connected to CC-Gateway {safe_url(url)} (verify={verify})")

    @keyword(tags=("Gateway", "Simulator", "Config"))
    def start_gateway_simulator(self, poll_wait: timedelta = timedelta(seconds=10),
                                guid_rotation: timedelta | None = None) -> str:
        """Starts the bundled CC-Gateway simulator and connects the library to it; returns its URL.

        The simulator runs inside the Robot process on a free ``127.0.0.1`` port, over HTTPS with a CA
        generated for this run, and the library connects to it with certificate verification on.
        It answers every interface of this library as the documentation says, with the documented
        events and retcodes (see `The simulator`).

        | =Argument= | =Description= |
        | ``poll_wait`` | How long an event poll waits when the agent has no event, as on the real gateway (about ``10 s``). The poll answers at once when an event arrives. |
        | ``guid_rotation`` | Dynamic authentication: give each agent a new Guid on an event poll this often (e.g. ``30 s``). Default: the Guid stays the same. |

        Returns the URL, e.g. ``https://127.0.0.1:43121``. If a simulator is already running, it is
        stopped first. Calls no gateway interface. Fails if the server cannot start.

        Example:
        | ${url} =    `Start Gateway Simulator`
        | Log    Simulator at ${url}
        """
        from ..simulator import SimulatorServer  # the simulator's web stack loads only when used

        self.stop_gateway_simulator()
        rotation = to_seconds(guid_rotation, "guid_rotation", "Start Gateway Simulator")
        server = SimulatorServer(poll_wait=self.seconds(poll_wait, "poll_wait", "Start Gateway Simulator"),
                                 guid_rotation=rotation)
        url = server.start()
        self.library.simulator = server
        self.library.connect(url, server.ca_bundle)
        return url

    @keyword(tags=("Gateway", "Simulator", "Config"))
    def stop_gateway_simulator(self) -> None:
        """Stops the embedded simulator started by `Start Gateway Simulator`, if one runs.

        Agents signed in there are forgotten and their event pollers stop. Does nothing when no
        simulator runs. Calls no gateway interface and does not fail.

        Example:
        | [Teardown]    `Stop Gateway Simulator`
        """
        server, self.library.simulator = self.library.simulator, None
        if server is None:
            return
        if self.library.client is not None and self.library.client.url == server.url:
            self.library.client.close()
            self.library.client = None
        server.stop()
        logger.info("Stopped the CC-Gateway simulator")

