"""The Robot Framework facade: one DynamicCore class over thin keyword classes (as Browser and
SeleniumLibrary are built). It owns the shared context: the gateway client, the embedded simulator,
the default timeout and the request log."""

from __future__ import annotations

import atexit
import gc
import inspect
import threading
import typing
from collections import deque
from datetime import timedelta
from typing import TYPE_CHECKING

from robot.api import TypeInfo, logger
from robotlibcore import DynamicCore

from . import validation
from .client import GatewayClient, RequestRecord
from .client.redact import safe_url
from .doctables import event_table, fill, retcode_table
from .evidence import LibraryEvidence
from .flowlog import CallFlowLog
from .keywords.agents import AgentKeywords
from .keywords.calls import CallKeywords
from .keywords.cleanup import CleanupKeywords, CleanupLevel, LeakCheck
from .keywords.conference import ConferenceKeywords
from .keywords.events import EventKeywords
from .keywords.faults import FaultKeywords
from .keywords.gateway import GatewayKeywords
from .keywords.getters import GetterKeywords
from .keywords.requests_session import RequestsSessionKeywords
from .keywords.simulator import SimulatorKeywords
from .keywords.states import AgentStateKeywords
from .keywords.transfer import TransferKeywords
from .version import __version__

if TYPE_CHECKING:
    from .simulator import SimulatorServer

# When the process exits, what is still alive goes with it: frozen first, the interpreter's final garbage
# collections do not walk and free it one object at a time (0.3-0.7 s of every robot and pabot process
# after its last test; 0.05 s frozen). Runs only at exit, so a process that runs Robot many times (pytest)
# keeps collecting as usual until then.
atexit.register(gc.freeze)


def _resolved(converter):
    """The converter with its annotations evaluated, its signature kept and its argument types given as
    ``robot_types``: Robot Framework reads a converter's signature and types for every keyword call of
    the library. Evaluating string annotations each time cost about 0.1 ms per call; working out the
    signature (``inspect``) and the type hints (``typing``) 0.1-0.2 ms more of the 0.2-0.3 ms left; the
    types given as Robot's own ``TypeInfo`` rather than hints halve the rest (84 -> 39 us for the two
    converters, per keyword call)."""
    hints = typing.get_type_hints(converter)
    converter.__annotations__ = hints
    converter.__signature__ = inspect.signature(converter)
    converter.robot_types = {name: TypeInfo.from_type_hint(hint) for name, hint in hints.items() if name != "return"}
    return converter


class CCGatewayLibrary(DynamicCore):
    """CCGatewayLibrary drives the agent REST API of Huawei's contact-center CC-Gateway (AgentGateway,
    ``https://host:8043/agentgateway/resource/...``) from Robot Framework, and waits for the agent
    events the gateway reports. A bundled CC-Gateway simulator lets every suite run on any machine.

    A whole scenario, as a tester writes it:

    | ***** Settings *****
    | Library           CCGatewayLibrary
    | Suite Setup       `Start Gateway Simulator`
    | Test Teardown     `Sign Out All Agents`
    |
    | ***** Test Cases *****
    | Inbound Call Answered Then Dropped
    |     `Sign In Agent`           101
    |     `Wait For Agent Event`    101    AgentState_Ready
    |     ${call} =               `Simulate Inbound Call`    101    caller=13800000001
    |     `Wait For Agent Event`    101    AgentEvent_Ringing    callid=${call}
    |     `Answer Call`             101
    |     `Wait For Agent Event`    101    AgentEvent_Talking    callid=${call}
    |     `Get Agent State`         101    ==    talking
    |     `Drop Call`               101
    |     `Wait For Agent Event`    101    AgentEvent_Call_Release    content=${call}

    %TOC%

    = Agents and sessions =

    Every keyword that acts for an agent takes the agent ID (work number) as its first argument, so one
    test can drive several agents, each with its own session. `Sign In Agent` signs an agent in, keeps
    the Guid that the gateway returns in the ``Set-GUID`` response header and sends it as header ``Guid``
    on every later request of that agent. Any response may carry a newer Guid (dynamic authentication
    rotates it on event polls); the library takes it at once. `Sign Out Agent` ends one session and
    `Sign Out All Agents` every session this library opened: use the latter as the test teardown, so a
    failing test leaves no agent signed in.

    Agent IDs are checked against each interface's documented range before any request: 101 to 59999
    for the interfaces of the older documentation series (four of the five call-control interfaces and
    the agent-conference keywords), 101 to 999999 for the others. What a suite should expect for agent
    IDs 60000 to 999999: sign-in, the other agent interfaces and `Release Number` (its page says
    101-999999) accept them; `Hold Call`, `Drop Call`, `Reject Ringing Call` and the agent-conference
    keywords refuse them before any request, as their pages say 101-59999 (the simulator answers
    000-002 to such a request sent by other means). Use agent IDs up to 59999 where a test needs both.

    = Calls and the five interfaces =

    The five call-control interfaces of the CC-Gateway documentation each have a keyword:

    | =Keyword= | =Interface (method name in the gateway's logs)= | =What it does= |
    | `Hold Call` | ``POST .../voicecall/{agentid}/connecthold/{callid}`` (connectHold) | Connects the agent's established call with its held call and drops the agent out. |
    | `Drop Call` | ``DELETE .../voicecall/{agentid}/release`` (release) | Hangs up the agent's current call; held calls stay held. |
    | `Release Number` | ``POST .../voicecall/{agentid}/disconnect/{number}`` (disconnect) | Releases one party, by number, from the agent's last call. |
    | `Reject Ringing Call` | ``POST .../voicecall/{agentid}/phonehangup`` (phonehangup) | Rejects a call ringing on a linked hard phone. |
    | `Release Agent Conference` | ``POST .../agentconf/{agentid}/releaseagentconf`` (releaseAgentConf) | The chairperson ends the agent conference. |

    Set-up keywords build the call situations these need, each a real interface of the gateway:
    `Make Call`, `Answer Call`, `Put Call On Hold`, `Retrieve Held Call`, `Join Held Call To Conference`
    (three-party call), `Request Internal Help` and `Request Agent Conference`; participants join an
    agent conference with `Answer Agent Conference` and leave it with `Leave Agent Conference`.

    = Agent states, skills, transfer and mute =

    Agents change state mid-test, each change proven by its event and by `Get Agent State`:

    | =Keyword= | =Interface (method name)= | =Event= | =State after= |
    | `Set Agent Ready` | ``POST .../onlineagent/{agentid}/sayfree`` (sayFree) | ``AgentState_Ready`` | idle |
    | `Set Agent Busy` | ``POST .../onlineagent/{agentid}/saybusy`` (sayBusy) | ``AgentState_SetNotReady_Success`` | busy |
    | `Cancel Agent Busy` | ``POST .../onlineagent/{agentid}/cancelbusy`` (cancelBusy) | ``AgentState_CancelNotReady_Success`` | idle |
    | `Set Agent Rest` | ``POST .../onlineagent/{agentid}/rest/{time}/{restcause}`` (rest) | ``AgentState_SetRest_Success``, later ``AgentState_Rest_Timeout`` | rest (pre-rest during a call) |
    | `Cancel Agent Rest` | ``POST .../onlineagent/{agentid}/cancelrest`` (cancelRest) | ``AgentState_CancelRest_Success`` | idle |
    | `Set Agent Wrap Up` | ``POST .../onlineagent/{agentid}/work`` (work) | ``AgentState_SetWork_Success`` | wrap-up |
    | `Cancel Agent Wrap Up` | ``POST .../onlineagent/{agentid}/cancelwork`` (cancelWork) | ``AgentState_CancelWork_Success`` | idle |

    `Set Agent Auto Answer` and `Set Agent Auto Enter Idle` switch how the agent takes calls and what
    follows a call. A state change the gateway does not allow fails with 100-009.

    `Sign In To Skills` signs an agent in to skill queues (resetskill); `Simulate Inbound Call To Skill`
    then lets "a customer calls skill 1" ring an idle agent of that skill. `Transfer Call` transfers a
    talking call to an agent, a skill, an IVR, an access code or a number, blind or waiting for the target
    (`Cancel Transfer` takes it back); `Mute Call` and `Unmute Call` mute the agent.

    *Reaching another agent.* An agent's phone number is the ``phone_number`` it signed in with; the
    simulator uses the agent ID when none is given. `Make Call` to that number rings the agent; `Call
    Agent` calls an agent by its agent ID (the gateway's internal call), whatever its phone number.

    Arguments are checked before any request is sent: an agent ID outside the interface's documented
    range, a number that is not 1 to 24 digits or a malformed call ID fails at once, naming the
    argument, the value and what is allowed.

    = Waiting for events =

    When an agent signs in, a background poller long-polls ``GET /agentevent/{agentid}`` for it and
    keeps every event received. `Wait For Agent Event` returns the oldest matching event, waiting for
    one to arrive if none has; each event is taken by one wait only, so two waits for the same event
    type need two events. A step is proven by the event that reports it, with no ``Sleep``.

    *Steps: no stale matches.* Every keyword that acts for an agent begins a new step for it: each
    keyword that sends a request for the agent (not the getters, which change nothing), and the
    simulator keywords aimed at the agent or at a call it is in (`Simulate Inbound Call`, `Simulate
    Customer Hang Up`). A wait matches only events that arrived after the agent's latest step began,
    so an event left over from an earlier step (the ``AgentState_Ready`` of the sign-in, say) cannot
    make a later wait pass. The step begins before its request is sent, so every event the action
    causes counts, even one that arrived before the wait started: there is no race between an action
    and the wait for its event. An event the gateway generated before the step (its ``eventGenTime``)
    but delivered after it is earlier too. ``since=test start`` accepts earlier events of the test,
    but not one generated before the test began (in a suite setup, say), however late it arrives;
    `Discard Agent Events` drops what is buffered. Earlier events still show in `Get Agent Events` and
    in failure messages, marked ``(earlier)``; a wait that fails because its event came before the step
    says so: ``AgentState_Ready arrived at 10:42:07.120, before Simulate Customer Hang Up
    (10:42:07.300)``. Every wait logs the event it matched, when it arrived and after which step.
    Write each action followed by the waits that prove it:

    | `Drop Call`    101
    | `Wait For Agent Events`    101    AgentEvent_Call_Release    AgentEvent_Customer_Release    callid=${call}
    | `Wait For Agent Event`    101    AgentState_Ready

    *The event catalogue.* Event types are checked before anything waits, against the catalogue listed
    in `Event catalogue` (every event type of Huawei's documentation, its content and its source).
    A name that is not in it (``AgentState_Redy``, ``agentstate_ready``) fails at once: ``did you mean
    AgentState_Ready?``. A real gateway may send event types no page documents: wait for one with
    ``undocumented=True``.

    *Content filters* narrow the match and are checked too: ``callid=${call}`` matches a field of an
    object content (``AgentEvent_Talking``), ``content=${call}`` a content that is a plain string (the
    call ID of ``AgentEvent_Call_Release``). A field the event type does not have (``callId=`` for
    ``callid``) fails at once, listing its fields, and a misspelled option (``timout=``, ``witin=``,
    ``mesage=``) fails naming the option meant: neither can become a filter that quietly matches
    nothing.

    *Sequences and counts.* `Wait For Agent Events In Order` proves an order the documentation fixes
    (sign-in: ``AgentOther_InService`` then ``AgentState_Ready``) and fails at once, naming the first
    event out of order and the order received. `Wait For Agent Events` takes several events in any
    order: the form for the events an interface page lists as triggered, whose order it does not fix.
    `Agent Event Count Should Be` asserts how many arrived (exactly one ``AgentEvent_Customer_Release``),
    and `Agent Event Should Not Occur` that none does.

    | `Sign In Agent`    101
    | `Wait For Agent Events In Order`    101    AgentOther_InService    AgentState_Ready
    | `Simulate Customer Hang Up`    ${call}
    | `Wait For Agent Events`    101    AgentEvent_Customer_Release    AgentEvent_Call_Release    callid=${call}
    | `Agent Event Count Should Be`    101    AgentEvent_Customer_Release    1

    A wait that times out fails listing the events the agent received in the test, so the log shows at
    once whether an event came late, came before the step, came with other content, or never came.
    ``message=`` on the wait and assertion keywords replaces that text.

    = Event catalogue =

    The event types the wait and assertion keywords accept, with the content filters each takes and the
    Huawei documentation page (or, where only client code names an event, that code) it follows. The
    table is generated from the catalogue the simulator uses too (``CCGatewayLibrary/eventtypes.py``).

    %EVENT_TABLE%

    = Getters and assertions =

    `Get Agent State`, `Get Call Info` and `Get Held Calls` ask the gateway once and return what it
    says. Like the getters of the Browser library they can also assert it, with an operator and an
    expected value; the operators have words that read well:

    | `Get Agent State`    101    ==            idle
    | `Get Agent State`    101    should be     talking
    | `Get Call Info`      101    caller        should be    13800000001
    | `Get Held Calls`     101    contains      ${customer_call}

    The operators are those of AssertionEngine (see `AssertionOperator`): ``==`` (``should be``),
    ``!=`` (``should not be``), ``contains``, ``not contains``, ``should start with``,
    ``should end with``, ``matches`` (a regular expression), ``<``, ``>``, ``<=``, ``>=``,
    ``validate`` (a Python expression on ``value``) and ``then``. A failing assertion names the agent,
    the value and the expected value; ``message=`` replaces that text.

    A getter does not wait. To wait until something happens, wait for the event that reports it.

    = Timeouts and time format =

    The ``timeout`` import argument (default ``10 s``) bounds every HTTP request in total (connect,
    headers and body together, so a server that trickles its answer is cut at the timeout) and is the
    default of every wait. Times are Robot Framework time strings such as ``10 s``, ``1.5 s``, ``500 ms``
    or ``1 min 30 s``, or plain numbers of seconds, with ASCII digits, from 0 to 1 day. ``inf``,
    ``${True}`` or ``１ s`` fail naming the argument. A wait's own ``timeout=`` applies to that wait only.
    A request that gets no answer in time fails, naming the URL and the timeout.

    An answer larger than the ``max_response_size`` import argument (default ``1 MiB``) fails without
    being read further. The library follows no HTTP redirect (it would send the password or the Guid
    elsewhere) and refuses a malformed ``Set-GUID`` header; both fail naming what came back.

    = Errors and retcodes =

    The gateway answers HTTP 200 with a ``retcode``; any retcode other than ``0`` fails the keyword with
    a message that starts with the retcode, then its meaning, the keyword and the interface:

    | 200-017: the agent has no call to release (Drop Call: DELETE /agentgateway/resource/voicecall/101/release)

    so ``Run Keyword And Expect Error    200-017*    Drop Call    101`` works. The bundled simulator
    also says why it refused, in a field of its own that a real gateway does not send; the library adds
    it at the end, marked as the simulator's:

    | 100-007: exception during the agent operation (Reject Ringing Call: POST /agentgateway/resource/voicecall/101/phonehangup); the simulator explains: agent 101 has no phone linkage (signed in without phonelinkage), so there is no hard phone to hang up

    A real gateway's ``message`` is never shown as an explanation. Each keyword's
    documentation lists the retcodes its interface can answer. The meanings come from one catalogue
    shared with the simulator (``CCGatewayLibrary/retcodes.py``):

    %RETCODE_TABLE%

    "Documented" meanings come from Huawei's error-code table or the interface's page; "Huawei's web
    demo" from the constants of Huawei's AgentGateway demo; "simulator's choice" marks codes whose
    meaning the documentation leaves open: the simulator uses them with that meaning, and a real gateway
    may mean something else. A retcode not in the table fails with "unknown retcode".

    Other failures: no answer in time, a refused connection or a failed TLS check fail naming the URL;
    an answer that is not HTTP 200 JSON with a ``retcode`` fails quoting what came back.

    = Interfaces without a keyword =

    Every other CC-Gateway interface can be called with RequestsLibrary, as the agent. When the suite
    imports RequestsLibrary, `Sign In Agent` registers the agent's HTTP session there under the alias
    ``agent_<agent ID>`` (`Get Agent Session Alias` does it on demand). It sends the agent's current Guid
    and follows Guid rotation, uses the library's TLS setting, cookies and timeout, and its base URL is
    the gateway's address, so the documented URI is the path:

    | ***** Settings *****
    | Library    CCGatewayLibrary
    | Library    RequestsLibrary
    |
    | ***** Test Cases *****
    | Hold Through RequestsLibrary
    |     `Sign In Agent`    101
    |     ...
    |     ${answer} =    POST On Session    agent_101    /agentgateway/resource/voicecall/101/hold
    |     Should Be Equal    ${answer.json()}[retcode]    0
    |     `Wait For Agent Event`    101    AgentEvent_Hold

    Check the retcode in the answer: RequestsLibrary checks only the HTTP status.

    = Logging and secrets =

    Each request is logged at INFO as one line: keyword, method, URI, retcode and milliseconds. Each
    event received is logged by the keyword that first sees it (Robot Framework drops messages logged
    from other threads).

    *Call-flow diagram.* At the end of each test, and at once when a library keyword fails, the log
    shows a sequence diagram of the test: one lane per agent and one for the gateway, in time order,
    every request (keyword, method, URI, retcode, milliseconds) as an arrow to the gateway and every
    event received (type and key content such as the call ID) as an arrow back to the agent. Each wait
    and assertion is a ring on its agent's lane with the proof: what it waited for (event type and
    filters), the event it matched and when that arrived (into the wait, or before the wait began), or
    why it failed, and how long it took. Simulator actions are marked in purple, failures in red, and
    failures the test expected (inside ``Run Keyword And Expect Error``, or in a test that passed) in
    amber; a refusal a keyword takes as its answer (`Get Held Calls` and "no held call") is drawn as an
    answer. Long rows wrap; hovering over a row shows all of it. A long test shows its last 399 rows
    and counts the others. The diagram is plain HTML and SVG, with no scripts.

    *Secrets.* A Guid is never written in full to any log, at any level, and neither is a password.
    Give passwords as Robot Framework ``Secret`` values (Robot Framework 7.4 and later), which no log
    shows, not even arguments logged at TRACE level:

    | ***** Variables *****
    | ${PASSWORD: Secret}    %{AGENT_PASSWORD}
    |
    | ***** Test Cases *****
    | Sign In
    |     `Sign In Agent`    101    ${PASSWORD}

    A plain string still works, with a warning, because Robot Framework logs plain arguments at TRACE.
    A variable file can create secrets too: ``Secret(os.environ["AGENT_PASSWORD"])`` with ``Secret``
    from ``robot.api.types`` (see ``resources/environments/lab_gateway.py``).

    = The simulator =

    `Start Gateway Simulator` starts the bundled CC-Gateway simulator inside the Robot process on a free
    ``127.0.0.1`` port, over HTTPS with a CA generated for the run, and connects to it with certificate
    verification on. It models agents, phones, calls, three-party calls, internal help and agent
    conferences, queues the documented events and answers with the documented retcodes. Its defaults
    are the gateway's documented ones: dynamic authentication (a new Guid in ``Set-GUID`` on event polls
    every 60 s; a replaced one is refused after the next rotation or 120 s after its issue), sign-out
    after 120 s without an event poll.
    Given an agent directory (``agent_directory`` of `Start Gateway Simulator`) it checks passwords and
    phone numbers at sign-in; without one it accepts any, and says so in the log. A phone that rings
    unanswered times out (``ring_timeout``, 30 s by default) with the documented events. Where the
    documentation is silent it makes a choice, listed with each documented behaviour in the fidelity
    ledger (``docs/fidelity.md``).
    `Simulate Inbound Call`, `Simulate Inbound Call To Skill`, `Simulate Customer Hang Up` and `Set Remote
    Party Behaviour` play the customer's side, and `Set Agent Skills` configures an agent's skills (every
    agent has skill 1 by default); they work only with the simulator. Tag tests that use them ``simulator`` so they
    can be left out against a real gateway.

    The simulator also runs alone: ``ccgateway-simulator --port 8043`` (or
    ``python -m CCGatewayLibrary.simulator``). In a browser, ``/simulator/`` is a live status page
    (agents, their states, calls and the latest events, refreshed every second while a suite runs) and
    ``/simulator/docs`` describes its HTTP API (OpenAPI document at ``/simulator/openapi.json``).

    = Faults and clean-up =

    What the library promises when a shared gateway misbehaves:

    - A keyword that meets a fault fails within its timeout, naming the fault and the interface: no
      answer in time, a reset connection, a failed TLS check, an HTTP error, a body that is not JSON, or
      a retcode such as 000-004 (failover). Keywords never retry an action, since it may have happened.
    - The background event poller retries failed polls with back-off (0.05 s doubling up to 2 s) and
      never stops silently; the agent's next keyword logs what it met. No event a poll delivered is lost,
      and an event the gateway delivers twice is handed out once.
    - When the gateway no longer knows an agent (restart, 2 minutes without a poll, a Guid rotation the
      library never received), that agent's next keyword fails at once with 100-006, saying so, without
      sending its request. `Sign In Agent` starts over.
    - After each test the library force-signs-out the agents the test signed in and left signed in
      (which releases their calls and conferences), and releases calls and conferences a test left to
      agents signed in by the suite; those are signed out when the suite ends. A warning lists every
      leftover, so a missing teardown shows. That is the default cleanup level, ``TEST``; with
      ``SUITE`` agents and their calls are carried into the next test and released when the suite ends,
      with ``MANUAL`` the tester signs out (import argument ``cleanup_level``, `Set Cleanup Level`,
      `CleanupLevel`).

    `Inject Gateway Fault` makes the simulator misbehave in each of these ways, so a suite can show
    them (see ``suites/resilience.robot``).

    = Running in parallel =

    Suites run in parallel with pabot:

    | pabot --processes 2 --no-pabotlib --chunk --outputdir results suites
    | pabot --processes 2 --no-pabotlib --chunk --variable AGENT_SETS:resources/agents.dat --outputdir results suites
    | pabot --processes 2 --resourcefile resources/agents.dat --outputdir results suites

    Each pabot process imports its own library instance, and `Start Gateway Simulator` gives each its
    own simulator on a free port, so processes never share calls or events, and with the simulator the
    first line is enough. Against a real gateway they do share the gateway's agents, and two processes
    must not sign in the same agent: the suites take a set of agents and numbers per process from
    ``resources/agents.dat``, either the set at the process's position in the run (``AGENT_SETS``, no
    lock server: ``--no-pabotlib``) or a PabotLib value set (``Acquire Value Set``, given back at the
    end); list your lab's agents there. Each process writes its own call-flow diagrams; pabot merges
    the logs.

    = Running against a real gateway =

    Import the library with ``url=https://gateway:8043`` and ``verify=/path/to/ca.pem``, or call
    `Connect To Gateway`. The suites in ``suites/`` do this when given a variable file such as
    ``resources/environments/lab_gateway.py``, which reads the URL, the CA bundle, the agent IDs and
    their passwords (as ``Secret`` values) from environment variables:

    | robot --variablefile resources/environments/lab_gateway.py --exclude simulator suites

    Tests tagged ``simulator`` need the simulator to play the customer and are left out. A CA bundle
    path that does not exist fails the import (or `Connect To Gateway`) at once, naming it; an empty
    ``verify`` (an unset ``%{CCGW_CA_BUNDLE=}``) or ``${None}`` means the system's CAs, and only
    ``verify=False`` turns verification off. `Connect To Gateway` sends no request: a wrong host or CA
    shows at the first keyword that calls the gateway, whose failure names the URL and says whether TLS
    verification failed. Proxies come from ``HTTPS_PROXY``/``NO_PROXY``, read once when connecting and
    never used for a loopback address such as the embedded simulator; a failing proxy is named.
    """

    ROBOT_LIBRARY_SCOPE = "GLOBAL"
    ROBOT_LIBRARY_VERSION = __version__
    ROBOT_LIBRARY_DOC_FORMAT = "ROBOT"
    ROBOT_LISTENER_API_VERSION = 3
    # Time values and call IDs reach the keywords as given and are checked there, so ``${True}`` never
    # becomes 1 s or the call ID 'True', and a bad value fails naming the argument (validation.py).
    ROBOT_LIBRARY_CONVERTERS = {
        timedelta: _resolved(validation.as_time),
        validation.CallId: _resolved(validation.as_call_id),
    }

    def __init__(
        self,
        url: str | None = None,
        verify: bool | str = True,
        timeout: str | timedelta = "10 s",
        max_response_size: str | int = "1 MiB",
        cleanup_level: CleanupLevel = CleanupLevel.TEST,
    ):
        """| =Argument= | =Description= |
        | ``url`` | The gateway's base address, e.g. ``https://10.0.0.5:8043``; the library adds ``/agentgateway/resource``. Optional: `Connect To Gateway` or `Start Gateway Simulator` set it later. |
        | ``verify`` | TLS certificate verification: ``True`` (default, the system's CAs), ``False`` (off, with a warning), or the path of a CA bundle. Only an explicit ``False`` turns it off: an empty value (``%{CCGW_CA_BUNDLE=}`` when the variable is unset) or ``${None}`` means ``True``. A path that does not exist fails the import. |
        | ``timeout`` | Bounds every HTTP request in total (connect, headers and body together) and is the default timeout of every wait. Above 0, at most a day. Default ``10 s``. |
        | ``cleanup_level`` | When the library releases what tests leave on the gateway: ``TEST`` (default), ``SUITE`` or ``MANUAL``. See `CleanupLevel` and `Set Cleanup Level`. |
        | ``max_response_size`` | The largest answer the library reads, e.g. ``1 MiB`` (default), ``512 kB`` or a number of bytes; a larger answer fails naming this limit. From 1 kB to 1 GB. |

        Every argument is checked at import; a bad one fails the import naming the argument.

        Example:
        | ***** Settings *****
        | Library    CCGatewayLibrary    url=https://10.0.0.5:8043    verify=${CURDIR}/ca.pem    timeout=15 s
        """
        where = "Library CCGatewayLibrary"
        self.timeout = validation.seconds(timeout, where, "timeout", positive=True) or 10.0
        self.verify = validation.verify(verify, where)
        self.max_response_size = validation.byte_size(max_response_size, where, "max_response_size")
        url = None if url in (None, "") else validation.gateway_url(url, where)
        self.client: GatewayClient | None = None
        self.simulator: SimulatorServer | None = None  # when embedded
        self.requests: deque[RequestRecord] = deque(maxlen=10_000)  # gateway requests, for the call flow
        self._unlogged: deque[RequestRecord] = deque()  # made outside the main thread: logged at keyword end
        self.call_flow = CallFlowLog(self)  # call-flow diagrams in log.html
        self.leak_check = LeakCheck(self, cleanup_level)  # releases what a test or suite left (keywords/cleanup.py)
        self.requests_sessions = RequestsSessionKeywords(self)  # agents' sessions for RequestsLibrary
        self.evidence = LibraryEvidence(self)  # spec coverage and recordings (evidence/)
        self.ROBOT_LIBRARY_LISTENER = self
        super().__init__(
            [
                GatewayKeywords(self),
                AgentKeywords(self),
                CallKeywords(self),
                ConferenceKeywords(self),
                EventKeywords(self),
                SimulatorKeywords(self),
                GetterKeywords(self),
                FaultKeywords(self),
                CleanupKeywords(self),
                self.requests_sessions,
                AgentStateKeywords(self),
                TransferKeywords(self),
            ]
        )
        if url:
            self.connect(url, self.verify)

    # -- shared context ---------------------------------------------------------------------
    def connect(self, url: str, verify: bool | str) -> GatewayClient:
        """Replace the current client (its agents' pollers stop) with one for ``url``."""
        if self.client is not None:
            self.client.close()
        if verify is False:
            logger.warn(
                f"TLS certificate verification is off for {safe_url(url)} (verify=False): "
                "the gateway's identity is not checked."
            )
        self.client = GatewayClient(
            url,
            verify=verify,
            timeout=self.timeout,
            warn_insecure=False,  # warned above
            max_response_size=self.max_response_size,
        )
        self.client.listeners.append(self._record)
        return self.client

    def _record(self, record: RequestRecord) -> None:
        """The client's request listener: the one place requests are logged, gateway and control calls
        alike (event polls are not reported). Robot drops log messages of other threads, so a request made
        outside the main thread is logged when the keyword ends (``run_keyword``)."""
        if not record.control:  # simulator control calls are drawn and counted as simulator actions
            self.requests.append(record)
            self.evidence.request(record)
        self._unlogged.append(record)
        if threading.current_thread() is threading.main_thread():
            self._log_requests()

    def _log_requests(self) -> None:
        while self._unlogged:
            r = self._unlogged.popleft()
            outcome = f"retcode {r.retcode}" if r.retcode else f"no answer ({r.error})"
            logger.info(f"{r.label}: {r.method} {r.path} -> {outcome} in {r.elapsed_ms:.0f} ms")

    # -- listener (API v3) ------------------------------------------------------------------
    def start_test(self, data, result) -> None:
        self.evidence.start_test(data, result)
        if self.client:
            for session in self.client.agents.values():
                if session.stream:
                    session.stream.start_test()
        self.call_flow.start_test(data.name)
        self.leak_check.start_test()

    def end_test(self, data, result) -> None:
        self.call_flow.before_cleanup()  # the diagram keeps the events of agents the clean-up signs out
        self.leak_check.end_test(data.name)
        self.call_flow.end_test(result.status)
        self.evidence.end_test(data, result)

    def start_suite(self, data, result) -> None:
        self.leak_check.start_suite()

    def end_suite(self, data, result) -> None:
        self.leak_check.end_suite(data.name)
        self.evidence.end_suite(data, result)

    def run_keyword(self, name, args, kwargs=None):
        run = super().run_keyword
        try:
            return self.evidence.run_keyword(name, args, kwargs, lambda *call: self.call_flow.run_keyword(*call, run))
        finally:
            self._log_requests()

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
        if self.simulator is not None:
            self.simulator.stop()
            self.simulator = None


# The introduction's retcode table is generated from the catalogue, so it cannot drift from it.
CCGatewayLibrary.__doc__ = fill(
    fill(CCGatewayLibrary.__doc__ or "", "%RETCODE_TABLE%", retcode_table()), "%EVENT_TABLE%", event_table()
)
