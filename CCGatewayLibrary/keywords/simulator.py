"""Simulator-only keywords: they play the customer's side through the simulator's control API and fail,
saying so, against a real gateway."""

from __future__ import annotations

import time
from datetime import timedelta

from robot.api import logger
from robot.api.deco import keyword

from .. import control, validation
from .. import interfaces as api
from ..client import mask
from ..validation import CallId
from .base import LibraryComponent

_BEHAVIOURS = {"answer": "answer", "no answer": "no answer", "busy": "busy"}


class SimulatorKeywords(LibraryComponent):
    @keyword(tags=("Simulator", "Setup"))
    def simulate_inbound_call(self, agent_id: str, caller: str = "13800000000") -> str:
        """Makes a customer call the agent (simulator only); returns the call ID.

        The agent must be signed in and idle. Expect ``AgentState_Busy``, ``AgentOther_PhoneAlerting``
        and ``AgentEvent_Ringing`` (with ``callid`` and ``caller``); without phone linkage also
        ``AgentOther_PhoneOffhook``. The customer stays on the line until `Simulate Customer Hang Up`
        or an agent releases the call. Begins a new step for the agent (see `Waiting for events`): later
        waits match only events that arrive from now on.

        | =Argument= | =Description= |
        | ``agent_id`` | Agent ID (work number), 101 to 999999. |
        | ``caller`` | The customer's number, 1 to 24 digits. Default ``13800000000``. |

        Returns the call ID. Fails before any request for an invalid argument; with retcode 100-006 (not
        signed in) or 100-007 (the agent is not idle); and against a real gateway, saying this keyword
        needs the bundled simulator. Calls the simulator's ``POST /simulator/inbound-calls``.

        Example:
        | ${call} =    `Simulate Inbound Call`    101    caller=13800000001
        | `Wait For Agent Event`    101    AgentEvent_Ringing    callid=${call}
        """
        label = "Simulate Inbound Call"
        agent_id = validation.agent_id(agent_id, api.NEW_RANGE, label)
        caller = validation.number(caller, label, "caller")
        self.start_step(agent_id, label)
        result = self.client.control(control.INBOUND_CALL, label, {"agent_id": agent_id, "caller": caller})
        self.log_events(agent_id)
        return str(result["callid"])

    @keyword(tags=("Simulator", "Action"))
    def simulate_customer_hang_up(self, call_id: CallId) -> None:
        """Makes the customer (every external party) of call ``call_id`` hang up (simulator only).

        A talking agent then receives ``AgentEvent_Customer_Release``, ``AgentEvent_Call_Release``,
        ``AgentOther_PhoneRelease`` and ``AgentState_Ready``; an agent whose phone was still ringing
        receives ``AgentEvent_No_Answer`` instead. Begins a new step for every agent of this library in the
        call (see `Waiting for events`), also for a call carried over from an earlier test, so a wait
        after it needs an event the hang-up caused: the ``AgentState_Ready`` of an earlier step does not
        count.

        | =Argument= | =Description= |
        | ``call_id`` | The call's ID, as returned by `Simulate Inbound Call` or `Make Call`. |

        Fails before any request for a malformed ``call_id``; with 000-002 for a call the simulator does
        not know; and against a real gateway. Calls the simulator's ``POST /simulator/calls/{callid}/hang-up``.

        Example:
        | `Simulate Customer Hang Up`    ${call}
        | `Wait For Agent Events`    101    AgentEvent_Customer_Release    AgentEvent_Call_Release    callid=${call}
        | `Wait For Agent Event`    101    AgentState_Ready
        """
        label = "Simulate Customer Hang Up"
        callid = validation.call_id(call_id, label)
        # The simulator's answer names the agents in the call, also of a call carried over from an earlier test.
        self._control_stepping(
            label, control.HANG_UP, lambda result: [str(a) for a in result.get("agents", ())], callid=callid
        )

    def _control_stepping(self, label: str, entry: control.Control, agents_in, body=None, **params) -> dict:
        """A control call that acts for agents known only from its answer (``agents_in(result)``): each
        one's step is back-dated to before the request (``EventStream.mark_step``), so every event the call
        causes counts and none from before it, and their events are logged. Returns the answer's result."""
        positions = {a: s.stream.position() for a, s in self.client.agents.items() if s.stream}
        started = time.time()
        result = self.client.control(entry, label, body, **params)
        for agent_id in agents_in(result) if isinstance(result, dict) else ():
            session = self.client.session(agent_id)
            if session and session.stream and agent_id in positions:
                session.stream.mark_step(label, started, positions[agent_id])
            self.log_events(agent_id)
        return result

    @keyword(tags=("Simulator", "Config"))
    def set_remote_party_behaviour(self, number: str, behaviour: str) -> None:
        """Sets how an external number behaves when an agent calls it (simulator only).

        | =Argument= | =Description= |
        | ``number`` | The external phone number, 1 to 24 digits. |
        | ``behaviour`` | ``answer`` (default for every number: answers at once), ``no answer`` (rings until the agent drops the call or the simulator's ring timeout ends it with ``AgentEvent_Call_Out_Fail``, ``AgentEvent_Connect_Fail``; given an agent's own phone number, that agent's phone is not picked up on `Make Call`: ``AgentEvent_Connect_Fail``, ``AgentOther_PhoneRelease``) or ``busy`` (the call fails: ``AgentEvent_Call_Out_Fail``, ``AgentEvent_Connect_Fail``). |

        Fails before any request for an invalid argument, and against a real gateway. Calls the
        simulator's ``PUT /simulator/numbers/{number}``.

        Example:
        | `Set Remote Party Behaviour`    13800000009    busy
        | ${call} =    `Make Call`    101    13800000009
        | `Wait For Agent Event`    101    AgentEvent_Call_Out_Fail    content=${call}
        """
        label = "Set Remote Party Behaviour"
        number = validation.number(number, label)
        value = validation.choice(behaviour, _BEHAVIOURS, label, "behaviour")
        self.client.control(control.NUMBER_BEHAVIOUR, label, {"behaviour": value}, number=number)

    @keyword(tags=("Simulator", "Guid"))  # proves itself: it returns once the library holds the new Guid
    def simulate_guid_rotation(self, agent_id: str, timeout: timedelta | None = None) -> None:
        """Makes the simulator give the agent a new Guid (dynamic authentication) and waits until the library has it (simulator only).

        The agent's pending event poll answers at once, with the new Guid in its ``Set-GUID`` header;
        the library takes it, and every later request of the agent (keywords, the event poller and
        the agent's RequestsLibrary session ``agent_<agent ID>``) sends it. The simulator still accepts
        the previous Guid (one rotation back); after two rotations the Guid of the sign-in is refused
        (100-006). No event is queued. The Guid is never logged in full.

        | =Argument= | =Description= |
        | ``agent_id`` | Agent ID (work number) of an agent signed in by `Sign In Agent`, 101 to 999999. |
        | ``timeout`` | How long to wait for the library to receive the new Guid. Default: the library's timeout. |

        Fails before any request for an invalid ``agent_id`` or an agent this library has not signed in;
        when the new Guid does not arrive within ``timeout``; with 100-006 when the simulator does not
        know the agent; and against a real gateway. Calls the simulator's
        ``POST /simulator/agents/{agentid}/rotate-guid``.

        Example:
        | `Simulate Guid Rotation`    101
        | `Get Agent State`    101    ==    idle
        """
        label = "Simulate Guid Rotation"
        agent_id = validation.agent_id(agent_id, api.NEW_RANGE, label)
        session = self.stream_session(agent_id, label)
        limit = self.seconds(timeout, "timeout", label)
        rotations = session.guid_rotations
        self.client.control(control.ROTATE_GUID, label, agentid=agent_id)
        if not session.wait_for_rotation(rotations, limit):
            raise AssertionError(f"{label}: agent {agent_id}'s event poll brought no new Guid within {limit:g} s.")
        self.log_events(agent_id)
        logger.info(f"Agent {agent_id} has a new Guid {mask(session.guid)} (rotation {session.guid_rotations})")

    @keyword(tags=("Simulator", "Setup"))
    def simulate_inbound_call_to_skill(self, skill_id: str, caller: str = "13800000000") -> str:
        """Makes a customer call a skill queue (simulator only); returns the call ID.

        The call rings the free (idle, in no call) agent signed in to the skill with `Sign In To Skills`
        that signed in to the gateway first; the log names that agent. Its events are those of
        `Simulate Inbound Call`; `Get Call Info` shows the skill as ``callskillid``. Agents are configured
        for skill ``1`` unless `Set Agent Skills` says otherwise.

        | =Argument= | =Description= |
        | ``skill_id`` | The skill queue's ID (digits). |
        | ``caller`` | The customer's number, 1 to 24 digits. Default ``13800000000``. |

        Returns the call ID. Fails before any request for an invalid argument; with 100-007 when no free
        agent is signed in to the skill (the simulator does not queue calls); and against a real gateway.
        Calls the simulator's ``POST /simulator/skill-calls``.

        Example:
        | `Sign In To Skills`    102
        | ${call} =    `Simulate Inbound Call To Skill`    1
        | `Wait For Agent Event`    102    AgentEvent_Ringing    callid=${call}
        """
        label = "Simulate Inbound Call To Skill"
        skill = str(validation.integer(skill_id, 0, 999_999_999, label, "skill_id", "a skill ID (digits)"))
        caller = validation.number(caller, label, "caller")
        # The agent the call rings is known only from the answer.
        result = self._control_stepping(
            label, control.SKILL_CALL, lambda result: [str(result["agent_id"])], {"skill_id": skill, "caller": caller}
        )
        logger.info(f"The call {result['callid']} to skill {skill} rings agent {result['agent_id']}")
        return str(result["callid"])

    @keyword(tags=("Simulator", "Config"))
    def set_agent_skills(self, agent_id: str, *skill_ids: str) -> None:
        """Configures the skills of an agent in the simulator (simulator only).

        These are the skills `Sign In To Skills` can sign the agent in to; without this keyword every
        agent is configured for skill ``1``. Takes effect at the agent's next `Sign In To Skills`.

        | =Argument= | =Description= |
        | ``agent_id`` | Agent ID (work number), 101 to 999999; it need not be signed in. |
        | ``skill_ids`` | Skill IDs (digits); none: the agent has no skill. |

        Fails before any request for an invalid argument, and against a real gateway (whose skills are
        configured on the platform). Calls the simulator's ``PUT /simulator/agents/{agentid}/skills``.

        Example:
        | `Set Agent Skills`    103    2    3
        """
        label = "Set Agent Skills"
        agent_id = validation.agent_id(agent_id, api.NEW_RANGE, label)
        skills = [
            str(validation.integer(s, 0, 999_999_999, label, "skill_ids", "skill IDs (digits)")) for s in skill_ids
        ]
        self.client.control(control.AGENT_SKILLS, label, {"skills": skills}, agentid=agent_id)
