"""Keywords that choose the gateway: a real CC-Gateway by URL, or the embedded simulator."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from robot.api import logger
from robot.api.deco import keyword

from .. import validation
from ..client.redact import safe_url
from ..errors import RetcodeRefusal
from ..validation import ArgumentError
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
    def start_gateway_simulator(
        self,
        poll_wait: timedelta = timedelta(seconds=10),
        guid_rotation: timedelta | None = None,
        *,
        auth_mode: int = 2,
        guid_interval: timedelta = timedelta(seconds=60),
        guid_timeout: timedelta = timedelta(seconds=120),
        agent_directory: dict | str | None = None,
        ring_timeout: timedelta = timedelta(seconds=30),
        idle_timeout: timedelta = timedelta(seconds=120),
    ) -> str:
        """Starts the bundled CC-Gateway simulator and connects the library to it; returns its URL.

        The simulator runs inside the Robot process on a free ``127.0.0.1`` port, over HTTPS with a CA
        generated for this run, and the library connects to it with certificate verification on.
        It answers every interface of this library as the documentation says, with the documented
        events and retcodes (see `The simulator`).

        | =Argument= | =Description= |
        | ``poll_wait`` | How long an event poll waits when the agent has no event, as on the real gateway (about ``10 s``). The poll answers at once when an event arrives. |
        | ``guid_rotation`` | Older name of ``guid_interval``; when given it wins. |
        | ``auth_mode`` | AUTHMODE: ``2`` dynamic authentication (default, as on a real gateway: a new Guid in ``Set-GUID`` on an event poll, the first poll after sign-in and then every ``guid_interval``) or ``1`` static (the sign-in Guid stays). |
        | ``guid_interval`` | GUIDINTERVAL: how often the Guid changes in dynamic mode. Default ``60 s`` (documented). |
        | ``guid_timeout`` | GUIDTIMEOUT: a replaced Guid is refused (100-006) this long after it was issued, or at the next rotation if that comes first. Default ``120 s`` (documented); must exceed ``guid_interval``. |
        | ``agent_directory`` | The agents the simulated gateway knows: a dictionary (e.g. from a variable file) or the path of a JSON file, ``{"101": {"password": "...", "phones": ["70101"], "skills": ["1"]}}``. With it, sign-in fails with 100-004 for an unknown agent or a wrong password and 100-014 for a phone number not configured for the agent, and an empty phone number binds the agent's first phone. Default: none, any password and phone number are accepted (the log says so). |
        | ``ring_timeout`` | How long a phone rings unanswered before the call fails with the documented events. Default ``30 s`` (the documentation gives no value); ``0`` never. |
        | ``idle_timeout`` | Sign-out of an agent with no event poll for this long. Default ``120 s`` (documented); ``0`` never. |

        Returns the URL, e.g. ``https://127.0.0.1:43121``. If a simulator is already running, it is
        stopped first. Calls no gateway interface. Fails if the server cannot start, or for an invalid
        setting or directory (naming it).

        Example:
        | ${url} =    `Start Gateway Simulator`    agent_directory=${CURDIR}/simulator_agents.json
        | `Start Gateway Simulator`    guid_interval=1 s    guid_timeout=2 s    ring_timeout=2 s
        """
        from ..simulator import SimulatorServer  # the simulator's web stack loads only when used

        label = "Start Gateway Simulator"
        self.stop_gateway_simulator()
        rotation = to_seconds(guid_rotation, "guid_rotation", label)
        interval = rotation if rotation is not None else self.seconds(guid_interval, "guid_interval", label)
        try:
            server = SimulatorServer(
                poll_wait=self.seconds(poll_wait, "poll_wait", label),
                auth_mode=int(auth_mode),
                guid_interval=interval,
                guid_timeout=self.seconds(guid_timeout, "guid_timeout", label),
                directory=_directory_argument(agent_directory),
                ring_timeout=to_seconds(ring_timeout, "ring_timeout", label) or 0.0,
                idle_timeout=to_seconds(idle_timeout, "idle_timeout", label) or 0.0,
            )
        except RetcodeRefusal as refused:
            raise ArgumentError(f"{label}: {refused.detail}") from None
        url = server.start()
        self.library.simulator = server
        self.library.connect(url, server.ca_bundle or True)  # the CA bundle: set when it serves TLS (here)
        logger.info(f"Started the CC-Gateway simulator at {url}: {server.describe_settings()}")
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


def _directory_argument(directory):
    """A dict (variable file) is used as is; a path names a JSON file; empty means none."""
    if directory is None or (isinstance(directory, str) and not directory.strip()):
        return None
    if isinstance(directory, str) and not Path(directory).is_file():
        raise ArgumentError(
            f"Start Gateway Simulator: argument 'agent_directory' is {directory!r}; allowed: a "
            "dictionary or the path of an existing JSON file."
        )
    return directory if isinstance(directory, str) else dict(directory)
