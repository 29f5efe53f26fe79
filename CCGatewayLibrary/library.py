"""The Robot Framework facade: one DynamicCore class over thin keyword classes (as Browser and
SeleniumLibrary are built). It owns the shared context: the gateway client, the embedded simulator,
the default timeout and the request log."""

from __future__ import annotations

from collections import deque
from datetime import timedelta

from robot.api import logger
from robotlibcore import DynamicCore

from .client import GatewayClient, RequestRecord
from .keywords.agents import AgentKeywords
from .keywords.base import to_seconds
from .keywords.calls import CallKeywords
from .keywords.conference import ConferenceKeywords
from .keywords.events import EventKeywords
from .keywords.gateway import GatewayKeywords
from .keywords.simulator import SimulatorKeywords
from .version import __version__


class CCGatewayLibrary(DynamicCore):
    """CCGatewayLibrary drives the agent REST API of Huawei's contact-center CC-Gateway (AgentGateway,
    ``https://host:8043/agentgateway/resource/...``) from Robot Framework, and waits for the agent
    events the gateway reports.

    %TOC%

    = Agents and sessions =

    Every keyword takes the agent ID (work number) as its first argument, so one test can drive several
    agents. `Sign In Agent` signs an agent in, keeps the Guid that the gateway returns in the
    ``Set-GUID`` response header and sends it as header ``Guid`` on every later request of that agent.
    Any response may carry a newer Guid (dynamic authentication rotates it on event polls); the library
    takes it at once. `Sign Out Agent` and `Sign Out All Agents` end the sessions; use the latter in a
    test teardown.

    = Calls and the five interfaces =

    Set-up steps build real call situations: `Make Call`, `Answer Call`, `Put Call On Hold`,
    `Retrieve Held Call`, `Join Held Call To Conference` (three-party call), `Request Internal Help` and
    `Request Agent Conference`. The five call-control interfaces of the CC-Gateway documentation are
    `Hold Call` (connectHold), `Drop Call` (release), `Release Number` (disconnect),
    `Reject Ringing Call` (phonehangup) and `Release Agent Conference` (releaseAgentConf).

    Arguments are checked before any request is sent: an agent ID outside the interface's documented
    range, a number that is not 1 to 24 digits or a malformed call ID fails at once, naming the
    argument, the value and what is allowed.

    = Waiting for events =

    When an agent signs in, a background poller long-polls ``GET /agentevent/{agentid}`` for it and
    keeps every event received in a buffer. `Wait For Agent Event` takes the oldest buffered event that
    matches and returns it, waiting for one to arrive if none has. Events that arrived before the wait
    began count, so there is no race between an action and the wait for its event, and no need for
    ``Sleep``. Each event is consumed once: two waits for the same event type need two events.

    Content filters narrow the match: ``callid=${call}`` matches a field of an object content; a content
    that is a plain string (the call ID of ``AgentEvent_Call_Release``) is matched with ``content=``.

    Each event received is logged by the keyword that first sees it (Robot Framework drops messages
    logged from other threads). `Get Agent Events` returns every event of the current test.

    = Timeouts and time format =

    The ``timeout`` import argument (default ``10 s``) bounds every HTTP request and is the default of
    every wait. Times are Robot Framework time strings such as ``10 s``, ``1.5 s`` or ``1 min 30 s``, or
    plain numbers of seconds. A request that gets no answer in time fails, naming the URL.

    = Errors and retcodes =

    The gateway answers HTTP 200 with a ``retcode``; any retcode other than ``0`` fails the keyword with
    a message that starts with the retcode, then its meaning, the keyword and the interface:

    | 200-017: the agent has no call to release (Drop Call: DELETE /agentgateway/resource/voicecall/101/release)

    so ``Run Keyword And Expect Error    200-017*    Drop Call    101`` works.
    Meanings come from one catalogue shared with the simulator (``CCGatewayLibrary/retcodes.py``); codes
    whose meaning the documentation leaves open are marked there as the simulator's choice.

    = Logging and secrets =

    Each request is logged at INFO as one line: keyword, method, URI, retcode and milliseconds. A Guid
    is never written in full to any log, at any level, and neither is a password: give passwords as
    Robot Framework ``Secret`` values so that even argument logging at TRACE cannot show them.

    = The simulator =

    `Start Gateway Simulator` starts the bundled CC-Gateway simulator inside the Robot process on a free
    ``127.0.0.1`` port, over HTTPS with a generated CA, and connects to it with certificate verification
    on. It models agents, phones, calls, three-party calls, internal help and agent conferences, and
    answers with the documented retcodes. `Simulate Inbound Call`, `Simulate Customer Hang Up` and
    `Set Remote Party Behaviour` play the customer's side; they work only with the simulator. The
    simulator also runs alone: ``ccgateway-simulator --port 8043``.

    = Running against a real gateway =

    Import the library with ``url=https://gateway:8043`` and ``verify=/path/to/ca.pem``, or call
    `Connect To Gateway`. The suites in ``suites/`` do this when given ``--variable GATEWAY_URL:...`` and
    ``--variable CA_BUNDLE:...``.
    """

    ROBOT_LIBRARY_SCOPE = "GLOBAL"
    ROBOT_LIBRARY_VERSION = __version__
    ROBOT_LIBRARY_DOC_FORMAT = "ROBOT"
    ROBOT_LISTENER_API_VERSION = 3

    def __init__(self, url: str | None = None, verify: bool | str = True,
                 timeout: timedelta = timedelta(seconds=10)):
        """| =Argument= | =Description= |
        | ``url`` | The gateway's base address, e.g. ``https://10.0.0.5:8043``; the library adds ``/agentgateway/resource``. Optional: `Connect To Gateway` or `Start Gateway Simulator` set it later. |
        | ``verify`` | TLS certificate verification: ``True`` (default, the system's CAs), ``False`` (off, with a warning), or the path of a CA bundle. |
        | ``timeout`` | Bounds every HTTP request and is the default timeout of every wait. Default ``10 s``. |

        Example:
        | ***** Settings *****
        | Library    CCGatewayLibrary    url=https://10.0.0.5:8043    verify=${CURDIR}/ca.pem    timeout=15 s
        """
        secs = to_seconds(timeout, "timeout", "Library CCGatewayLibrary")
        self.timeout = 10.0 if secs is None else secs
        self.verify = verify
        self.client: GatewayClient | None = None
        self.simulator = None  # CCGatewayLibrary.simulator.SimulatorServer when embedded
        self.requests: deque[RequestRecord] = deque(maxlen=10_000)
        self._unlogged: list[RequestRecord] = []
        self.ROBOT_LIBRARY_LISTENER = self
        super().__init__([
            GatewayKeywords(self), AgentKeywords(self), CallKeywords(self), ConferenceKeywords(self),
            EventKeywords(self), SimulatorKeywords(self),
        ])
        if url:
            self.connect(url, verify)

    # -- shared context ---------------------------------------------------------------------
    def connect(self, url: str, verify: bool | str) -> GatewayClient:
        """Replace the current client (its agents' pollers stop) with one for ``url``."""
        if self.client is not None:
            self.client.close()
        if verify is False:
            logger.warn(f"TLS certificate verification is off for {url} (verify=False): "
                        "the gateway's identity is not checked.")
        self.client = GatewayClient(url, verify=verify, timeout=self.timeout)
        self.client.listeners.append(self._record)
        return self.client

    def _record(self, record: RequestRecord) -> None:
        self.requests.append(record)
        self._unlogged.append(record)

    def log_requests(self) -> None:
        taken, self._unlogged = self._unlogged, []
        for r in taken:
            outcome = f"retcode {r.retcode}" if r.retcode else f"no answer ({r.error})"
            logger.info(f"{r.label}: {r.method} {r.path} -> {outcome} in {r.elapsed_ms:.0f} ms")

    # -- listener (API v3) ------------------------------------------------------------------
    def start_test(self, data, result) -> None:
        if self.client:
            for session in self.client.agents.values():
                if session.stream:
                    session.stream.start_test()

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
        if self.simulator is not None:
            self.simulator.stop()
            self.simulator = None
