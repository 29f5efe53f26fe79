"""Keywords for a call in progress beyond the set-up steps: transfer and cancel it, mute and unmute, and
calling another agent by its agent ID (reference §6)."""

from __future__ import annotations

from robot.api.deco import keyword

from .. import interfaces as api
from .. import validation
from .base import LibraryComponent

# Transfer targets (the body's devicetype) and, per target, the modes the documentation allows for it
# (cec_07_1242 as reference §6 reads it): mode word -> the body's mode.
_TARGETS = {"skill": 1, "agent": 2, "ivr": 3, "access code": 4, "external": 5}
_MODES = {
    1: {"blind": 0, "success": 2},
    2: {"blind": 0, "success": 2},
    3: {"blind": 0, "suspend": 1},
    4: {"blind": 0, "success": 2},
    5: {"blind": 1, "success": 2, "talk": 3, "three-party": 4},
}


class TransferKeywords(LibraryComponent):
    @keyword(tags=("Call", "Action"))
    def transfer_call(
        self, agent_id: str, target: str, to: str = "agent", mode: str = "blind", caller: str = ""
    ) -> None:
        """Transfers the agent's talking call to an agent, a skill, an IVR, an access code or a number.

        | =Argument= | =Description= |
        | ``agent_id`` | Agent ID (work number), 101 to 999999. |
        | ``target`` | The agent ID, skill ID, IVR or access code, or phone number to transfer to (at most 24 characters). |
        | ``to`` | What ``target`` is: ``agent`` (default), ``skill``, ``ivr``, ``access code`` or ``external`` (a phone number). |
        | ``mode`` | How: ``blind`` (default; the agent is released at once, whether or not the target answers), ``success`` (the agent is released once the target answers; if the target cannot be reached the agent keeps the call), and for ``external`` also ``talk`` (the agent talks with the target first, then drops out) and ``three-party`` (all three talk, then the agent drops out); for ``ivr`` ``blind`` or ``suspend``. |
        | ``caller`` | For ``external``: the calling number shown; empty: the platform's default. |

        The body's ``devicetype`` is 1 skill, 2 agent, 3 IVR, 4 access code, 5 external; its ``mode`` is 0
        (blind) or 2 (success) for skill, agent and access code, 0 or 1 (suspend) for IVR, and 1 (blind),
        2, 3 (talk) or 4 (three-party) for external numbers.

        Events at the agent: ``AgentEvent_Customer_Alerting`` (the target rings; ``otherPhoneWorkno`` is a
        target agent's ID), then for ``blind`` ``AgentEvent_Call_Release`` at once, for ``success``
        ``AgentEvent_Call_Release`` when the target answers or ``AgentEvent_Connect_Fail`` when it cannot
        be reached, for ``talk`` ``AgentEvent_Talking`` and for ``three-party`` ``AgentEvent_Conference``
        when it answers (the agent then leaves with `Drop Call`). A target agent gets
        ``AgentEvent_Ringing`` with ``transfer`` ``yes`` and ``transfrom`` the transferring agent's ID.
        Only ``AgentEvent_Customer_Alerting`` is documented for this interface; the rest is the
        simulator's reading of the transfer modes (see the simulator's notes).

        Fails before any request for an invalid argument or a mode the target does not allow; with the
        gateway's retcode otherwise: 000-002, 100-006 (not signed in), 100-007, 200-012 (no talking call).

        Calls ``POST /agentgateway/resource/voicecall/{agentid}/transfer`` with body ``{"devicetype",
        "address", "mode"}`` (method ``transfer``).

        Example:
        | `Transfer Call`    101    102
        | `Wait For Agent Event`    101    AgentEvent_Call_Release    content=${call}
        | `Wait For Agent Event`    102    AgentEvent_Ringing    callid=${call}    transfrom=101
        | `Transfer Call`    101    13800000009    to=external    mode=three-party
        """
        label = api.TRANSFER.label
        agent_id = self.agent(agent_id, api.TRANSFER)
        devicetype = validation.choice(to, _TARGETS, label, "to")
        mode_code = validation.choice(mode, _MODES[devicetype], label, "mode")
        if devicetype == 2:
            address = self.agent(target, api.TRANSFER, "target")
        elif devicetype == 1:
            address = str(validation.integer(target, 0, 999_999_999, label, "target", "a skill ID (digits)"))
        else:
            address = validation.dialled_number(target, label, "target")
        body = {"devicetype": devicetype, "address": address, "mode": mode_code}
        caller = validation.caller_number(caller, label)
        if caller:
            body["caller"] = caller
        self.call(api.TRANSFER, agent_id, body=body)

    @keyword(tags=("Call", "Action"))
    def cancel_transfer(self, agent_id: str) -> None:
        """Takes back a call whose transfer target has not answered yet.

        The agent talks to the customer again.

        | =Argument= | =Description= |
        | ``agent_id`` | Agent ID (work number), 101 to 999999. |

        For transfers that wait for their target (``success``, ``talk``, ``three-party``). In the simulator
        the agent then gets ``AgentEvent_Talking`` for the call and a target agent that was ringing gets
        ``AgentEvent_No_Answer``; the documentation names no event or retcode for this interface (the
        simulator answers 100-007 when no transfer is waiting).

        Fails before any request for an invalid ``agent_id``; with the gateway's retcode otherwise:
        100-006 (not signed in), 100-007.

        Calls ``POST /agentgateway/resource/voicecall/{agentid}/canceltransfer`` (method
        ``cancelTransfer``, assumed).

        Example:
        | `Transfer Call`    101    102    mode=success
        | `Wait For Agent Event`    102    AgentEvent_Ringing    callid=${call}
        | `Cancel Transfer`    101
        | `Wait For Agent Event`    101    AgentEvent_Talking    callid=${call}
        """
        self.call(api.CANCEL_TRANSFER, self.agent(agent_id, api.CANCEL_TRANSFER))

    @keyword(tags=("Call", "Action"))
    def mute_call(self, agent_id: str) -> None:
        """Mutes the agent's talking call: the other parties no longer hear the agent.

        | =Argument= | =Description= |
        | ``agent_id`` | Agent ID (work number), 101 to 999999. |

        No event reports it (none is needed, reference §6). Fails before any request for an invalid
        ``agent_id``; with the gateway's retcode otherwise: 100-006 (not signed in), 100-007, 200-003 (no
        call), 200-004 (the call's state does not allow it; the simulator answers it for a call that is
        not talking or is muted already).

        Calls ``POST /agentgateway/resource/voicecall/{agentid}/beginmute`` (method ``beginMute``, assumed).

        Example:
        | `Mute Call`    101
        | `Unmute Call`    101
        """
        self.call(api.BEGIN_MUTE, self.agent(agent_id, api.BEGIN_MUTE))

    @keyword(tags=("Call", "Action"))
    def unmute_call(self, agent_id: str) -> None:
        """Ends the mute of the agent's call: the other parties hear the agent again.

        | =Argument= | =Description= |
        | ``agent_id`` | Agent ID (work number), 101 to 999999. |

        No event reports it. Fails before any request for an invalid ``agent_id``; with the gateway's
        retcode otherwise: 100-006 (not signed in), 100-007, 200-007 (no call), 200-008 (the call's state
        does not allow it; the simulator answers it when the call is not muted).

        Calls ``POST /agentgateway/resource/voicecall/{agentid}/endmute`` (method ``endMute``, assumed).

        Example:
        | `Run Keyword And Expect Error`    200-008*    `Unmute Call`    101
        """
        self.call(api.END_MUTE, self.agent(agent_id, api.END_MUTE))

    @keyword(tags=("Call", "Action", "Setup"))
    def call_agent(self, agent_id: str, called_agent_id: str, caller: str = "") -> str:
        """Calls another agent by its agent ID (an internal call); returns the call ID.

        The way to reach another agent without knowing its phone: the gateway rings the phone that agent
        signed in with. (To call an agent's phone by number, `Make Call` with that number works too: a
        number bound at sign-in rings its agent; the simulator binds the agent ID as the number when
        sign-in gives none.)

        | =Argument= | =Description= |
        | ``agent_id`` | The calling agent's ID (work number), 101 to 999999. |
        | ``called_agent_id`` | The agent to call, 101 to 999999; it must be signed in. |
        | ``caller`` | The calling number shown, 0 to 24 digits; empty: the agent's own. |

        Expect at the caller ``AgentOther_PhoneAlerting``, ``AgentOther_PhoneOffhook``, ``AgentState_Busy``
        and ``AgentEvent_Customer_Alerting`` (``otherPhoneWorkno`` the called agent); at the called agent
        ``AgentEvent_Ringing`` until it answers with `Answer Call`, then ``AgentEvent_Talking`` at both.

        Fails before any request for an invalid argument; with the gateway's retcode otherwise: 100-006,
        100-007, 200-001 (the simulator answers it when the called agent is not signed in); events and
        retcodes are assumed as for callout (the page's were not retrieved).

        Calls ``PUT /agentgateway/resource/voicecall/{agentid}/callinner`` with body ``{"called", "caller"}``
        (method ``callInner``, assumed).

        Example:
        | ${call} =    `Call Agent`    101    102
        | `Wait For Agent Event`    102    AgentEvent_Ringing    callid=${call}
        | `Answer Call`    102
        """
        agent_id = self.agent(agent_id, api.CALL_INNER)
        body = {"called": self.agent(called_agent_id, api.CALL_INNER, "called_agent_id")}
        caller = validation.caller_number(caller, api.CALL_INNER.label)
        if caller:
            body["caller"] = caller
        return str(self.call(api.CALL_INNER, agent_id, body=body).get("result"))
