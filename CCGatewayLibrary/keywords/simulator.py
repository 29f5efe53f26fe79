"""Simulator-only keywords: they play the customer's side through the simulator's control API and fail,
saying so, against a real gateway."""

from __future__ import annotations

from robot.api.deco import keyword

from .. import control, validation
from .. import interfaces as api
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
        or an agent releases the call.

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
        result = self.client.control(control.INBOUND_CALL, label, {"agent_id": agent_id, "caller": caller})
        self.log_events(agent_id)
        return str(result["callid"])

    @keyword(tags=("Simulator", "Action"))
    def simulate_customer_hang_up(self, call_id: CallId) -> None:
        """Makes the customer (every external party) of call ``call_id`` hang up (simulator only).

        A talking agent then receives ``AgentEvent_Customer_Release``, ``AgentEvent_Call_Release``,
        ``AgentOther_PhoneRelease`` and ``AgentState_Ready``; an agent whose phone was still ringing
        receives ``AgentEvent_No_Answer`` instead.

        | =Argument= | =Description= |
        | ``call_id`` | The call's ID, as returned by `Simulate Inbound Call` or `Make Call`. |

        Fails before any request for a malformed ``call_id``; with 000-002 for a call the simulator does
        not know; and against a real gateway. Calls the simulator's ``POST /simulator/calls/{callid}/hang-up``.

        Example:
        | `Simulate Customer Hang Up`    ${call}
        | `Wait For Agent Event`    101    AgentEvent_Customer_Release    callid=${call}
        """
        label = "Simulate Customer Hang Up"
        call_id = validation.call_id(call_id, label)
        self.client.control(control.HANG_UP, label, callid=call_id)

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
