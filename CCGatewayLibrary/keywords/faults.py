"""Simulator-only keywords that make the gateway misbehave on purpose (``simulator/faults.py``), so a suite
can prove what the library does when a shared gateway is slow, fails over, restarts or loses events."""

from __future__ import annotations

from datetime import timedelta

from robot.api import logger
from robot.api.deco import keyword

from .. import control, validation
from .. import interfaces as api
from .base import LibraryComponent, to_robot, to_seconds

_INTERFACE_NAMES = {name.lower() for iface in api.ALL for name in (iface.log_name, iface.label)}


class FaultKeywords(LibraryComponent):
    @keyword(tags=("Simulator", "Fault"))
    def inject_gateway_fault(
        self,
        kind: str,
        agent_id: str | None = None,
        interface: str | None = None,
        count: int | None = None,
        duration: timedelta | None = None,
        latency: timedelta = timedelta(seconds=1),
        status: int = 503,
    ):
        """Makes the simulated gateway fail in one of the ways real gateways do (simulator only).

        The fault applies to the next ``count`` matching requests (default 1), or to every matching
        request for ``duration``. `Clear Gateway Faults` ends every fault; use it in the teardown.

        | =Kind= | =What the gateway does= | =What the library does= |
        | ``latency`` | Answers ``latency`` later. | Waits up to its ``timeout``; a later answer fails the keyword: "got no answer: timed out (timeout 10 s)". |
        | ``http error`` | Answers HTTP ``status`` (a 5xx) instead of HTTP 200 JSON. | The keyword fails: "answered HTTP 503 Service Unavailable". |
        | ``connection reset`` | Drops the connection without answering. | The keyword fails: "got no answer: connection reset". |
        | ``not json`` | Answers HTTP 200 with an HTML page. | The keyword fails: "answered with a body that is not JSON". |
        | ``failover`` | Answers retcode 000-004 (the agent is being switched over). | The keyword fails with 000-004. |
        | ``empty poll`` | Answers an event poll at once with no event. | Polls again after 0.2 s; no event is lost. |
        | ``drop event`` | Loses the next event it hands the agent. | Cannot see it: a wait for it fails, listing what did arrive. |
        | ``duplicate event`` | Hands the next event out twice. | Keeps it once: a wait consumes it once. |
        | ``reorder events`` | Swaps the next two events. | Keeps both, in arrival order; a wait for either finds it. |
        | ``missed guid rotation`` | Gives the agent a new Guid on a poll answer that loses its ``Set-GUID`` header; the old Guid stops working. | The poll gets 100-006; the agent's next keyword fails at once with 100-006, saying the agent is no longer signed in. Needs ``agent_id``. |
        | ``restart`` | Restarts now: every session, call and conference is lost; with ``duration``, it is down that long (connections reset). | Each agent's next keyword fails with 100-006 as above; `Sign In Agent` works again. |

        With any fault on the event poll (``interface=getAgentEvent``), the agent's background poller
        retries with back-off (0.05 s doubling up to 2 s) and logs what happened at its next keyword.

        | =Argument= | =Description= |
        | ``kind`` | One of the kinds above; case, spaces and hyphens do not matter (``connection-reset``). |
        | ``agent_id`` | Only requests of this agent (101 to 999999). Default: every agent. |
        | ``interface`` | Only this interface, by keyword (``Drop Call``) or method name in logs (``release``, ``getAgentEvent`` for the event poll). Default: every interface; for ``empty poll`` and the event kinds, the event poll. |
        | ``count`` | How many requests (or events) the fault applies to. Default 1, or every one within ``duration``. |
        | ``duration`` | How long the fault stays, a Robot time such as ``5 s``; for ``restart`` how long the gateway is down. Default: until used ``count`` times. |
        | ``latency`` | The added delay of ``latency``. Default ``1 s``. |
        | ``status`` | The HTTP status of ``http error``, 500 to 599. Default 503. |

        Returns the fault as the simulator keeps it: a dictionary with ``id``, ``kind``, ``remaining``,
        ``agent``, ``interface`` and ``expires_in``.

        Fails before any request for an invalid argument; with 000-002 when the simulator refuses the
        fault (e.g. ``missed guid rotation`` for an agent that is not signed in); and against a real
        gateway, saying this keyword needs the bundled simulator. Calls the simulator's
        ``POST /simulator/faults``; no gateway interface.

        Example:
        | `Inject Gateway Fault`    http error    interface=Drop Call    status=503
        | Run Keyword And Expect Error    *answered HTTP 503*    `Drop Call`    101
        | `Inject Gateway Fault`    connection reset    agent_id=101    interface=getAgentEvent    duration=3 s
        | [Teardown]    `Clear Gateway Faults`
        """
        label = "Inject Gateway Fault"
        from ..simulator.faults import KINDS, canonical_kind  # the simulator's stack loads only when used

        name = canonical_kind(kind)
        if name is None:
            raise validation.ArgumentError(
                f"{label}: argument 'kind' is {kind!r}; allowed: one of " + ", ".join(repr(k) for k in KINDS) + "."
            )
        spec: dict = {"kind": name}
        if agent_id not in (None, ""):
            spec["agent"] = validation.agent_id(agent_id, api.NEW_RANGE, label)
        if interface not in (None, ""):
            if str(interface).strip().lower() not in _INTERFACE_NAMES:
                raise validation.ArgumentError(
                    f"{label}: argument 'interface' is {interface!r}; allowed: a keyword that calls the "
                    "gateway (e.g. 'Drop Call') or an interface's method name in logs (e.g. 'release', "
                    "'getAgentEvent')."
                )
            spec["interface"] = str(interface).strip()
        if count not in (None, ""):
            if isinstance(count, bool) or not isinstance(count, int) or count < 1:
                raise validation.ArgumentError(
                    f"{label}: argument 'count' is {count!r}; allowed: a whole number of 1 or more."
                )
            spec["count"] = count
        seconds = to_seconds(duration, "duration", label)
        if seconds:
            spec["duration"] = seconds
        if name == "latency":
            spec["seconds"] = to_seconds(latency, "latency", label) or 0.0
        if name == "http error":
            if isinstance(status, bool) or not isinstance(status, int) or not 500 <= status <= 599:
                raise validation.ArgumentError(
                    f"{label}: argument 'status' is {status!r}; allowed: an HTTP status from 500 to 599."
                )
            spec["status"] = status
        result = self.client.control(control.INJECT_FAULT, label, spec)
        logger.info(f"{label}: {name} " + ", ".join(f"{k}={v}" for k, v in spec.items() if k != "kind"))
        return to_robot(result)

    @keyword(tags=("Simulator", "Fault", "Getter"))
    def get_gateway_faults(self):
        """Returns the injected faults and what they did (simulator only).

        Returns a dictionary: ``active`` lists the faults still in force (as `Inject Gateway Fault`
        returns them); ``applied`` lists what the faults did, oldest first, each with ``kind``,
        ``agent``, ``interface`` and ``what`` (e.g. ``dropped AgentState_Busy``, ``duplicated
        AgentEvent_Ringing``, or ``signed out after 120 s without an event poll`` for an idle
        sign-out); ``idle_timeout`` is the idle timeout in seconds. Use it to prove that a fault did
        happen, so a test that passes did meet it.

        Fails against a real gateway, saying this keyword needs the bundled simulator. Calls the
        simulator's ``GET /simulator/faults``; no gateway interface.

        Example:
        | ${faults} =    `Get Gateway Faults`
        | Should Be Equal    ${faults.applied}[-1][what]    duplicated AgentState_Busy
        """
        return to_robot(self.client.control(control.FAULTS, "Get Gateway Faults"))

    @keyword(tags=("Simulator", "Fault", "Cleanup"))
    def clear_gateway_faults(self) -> None:
        """Ends every injected fault and restores the idle timeout (simulator only); for teardowns.

        Ends the faults of `Inject Gateway Fault` and undoes `Set Gateway Idle Timeout`. A gateway that is down after ``restart`` with a ``duration`` is up again at once. Sessions lost
        to a fault stay lost: sign those agents in again.

        Fails against a real gateway, saying this keyword needs the bundled simulator. Calls the
        simulator's ``DELETE /simulator/faults``; no gateway interface.

        Example:
        | [Teardown]    Run Keywords    `Clear Gateway Faults`    AND    `Sign Out All Agents`
        """
        result = self.client.control(control.CLEAR_FAULTS, "Clear Gateway Faults")
        logger.info(f"Clear Gateway Faults: {result.get('cleared', 0)} fault(s) ended")

    @keyword(tags=("Simulator", "Fault", "Config"))
    def set_gateway_idle_timeout(self, timeout: timedelta) -> None:
        """Sets how long the simulated gateway lets an agent go without an event poll (simulator only).

        After that long the gateway signs the agent out. The documentation says a gateway signs out an agent that has not polled for events for 2
        minutes; the simulator does the same, with 120 s by default. A short timeout lets a test show
        what happens when an agent's polls cannot get through (e.g. a ``connection reset`` fault on
        ``getAgentEvent`` that lasts longer than the timeout): its next keyword fails with 100-006,
        saying the agent is no longer signed in. `Clear Gateway Faults` restores the default.

        | =Argument= | =Description= |
        | ``timeout`` | The idle timeout, a Robot time such as ``2 s`` or ``2 min``; more than 0. |

        Fails before any request for a time that is not more than 0, and against a real gateway.
        Calls the simulator's ``PUT /simulator/idle-timeout``; no gateway interface.

        Example:
        | `Set Gateway Idle Timeout`    1 s
        | `Inject Gateway Fault`    connection reset    agent_id=101    interface=getAgentEvent    duration=3 s
        """
        label = "Set Gateway Idle Timeout"
        seconds = to_seconds(timeout, "timeout", label)
        if not seconds:
            raise validation.ArgumentError(
                f"{label}: argument 'timeout' is {timeout!r}; allowed: a time of more than 0, such as '2 s' or '2 min'."
            )
        self.client.control(control.SET_IDLE_TIMEOUT, label, {"seconds": seconds})

    @keyword(tags=("Event", "Fault", "Config"))
    def set_event_poller_backoff(
        self,
        first: timedelta = timedelta(milliseconds=50),
        maximum: timedelta = timedelta(seconds=2),
        empty_poll_pause: timedelta = timedelta(milliseconds=200),
    ) -> None:
        """Sets how the library's background event pollers pace themselves after a failed or empty poll.

        A failed event poll (no answer, an HTTP error, an answer that is not JSON, a failover) is retried
        after ``first``, then after twice as long each time, up to ``maximum`` (each wait varied by
        ±20 % so many agents do not retry in step). An empty poll the gateway answered at once is
        followed by ``empty_poll_pause`` before the next, so such a gateway does not make the poller spin.
        The defaults suit a shared lab gateway; a suite that injects faults on purpose can make them short,
        so its tests do not wait out back-offs meant for a real outage. Applies at once to every signed-in
        agent and to agents signed in later, until the next `Connect To Gateway` or `Start Gateway
        Simulator`; calling it without arguments restores the defaults.

        | =Argument= | =Description= |
        | ``first`` | The wait before the first retry, a Robot time such as ``50 ms`` (default). More than 0, at most ``1 min``. |
        | ``maximum`` | The longest wait between retries, e.g. ``2 s`` (default). At least ``first``, at most ``1 min``. |
        | ``empty_poll_pause`` | The wait after an empty poll answered at once, e.g. ``200 ms`` (default). At most ``1 min``. |

        Returns nothing. Fails before any change for a time outside those bounds. Calls no gateway
        interface; works with a real gateway and with the simulator.

        Example:
        | `Set Event Poller Backoff`    first=10 ms    maximum=100 ms    empty_poll_pause=20 ms
        """
        label = "Set Event Poller Backoff"
        given = {"first": first, "maximum": maximum, "empty_poll_pause": empty_poll_pause}
        values: dict[str, float] = {}
        for name, value in given.items():
            seconds = to_seconds(value, name, label)
            low_ok = seconds is not None and (seconds > 0 if name == "first" else seconds >= 0)
            if seconds is None or not low_ok or seconds > 60:
                raise validation.ArgumentError(
                    f"{label}: argument '{name}' is {value!r}; allowed: a time "
                    f"{'of more than 0' if name == 'first' else 'of 0 or more'} and at most 1 min, such as '50 ms'."
                )
            values[name] = seconds
        if values["maximum"] < values["first"]:
            raise validation.ArgumentError(
                f"{label}: argument 'maximum' is {maximum!r}, less than 'first' "
                f"({first!r}); allowed: a time of at least 'first'."
            )
        self.client.set_poller_backoff(values["first"], values["maximum"], values["empty_poll_pause"])
        logger.info(
            f"Event pollers retry a failed poll after {values['first']:g} s, doubling up to "
            f"{values['maximum']:g} s, and pause {values['empty_poll_pause']:g} s after an empty poll "
            "answered at once"
        )
