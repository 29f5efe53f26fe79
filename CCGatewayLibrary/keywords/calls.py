"""Voice call keywords: the set-up steps (call out, answer, hold, retrieve, three-party call, internal
help) and four of the five seed interfaces (Hold Call, Drop Call, Release Number, Reject Ringing Call)."""

from __future__ import annotations

from robot.api.deco import keyword

from .. import interfaces as api
from .. import validation
from ..validation import CallId
from .base import LibraryComponent

_RINGING_CALL = CallId("")  # Answer Call's default: no call ID, the ringing call
_HELP_MODES = {"two-party": 1, "three-party": 2}


class CallKeywords(LibraryComponent):
    # -- set-up steps -----------------------------------------------------------------------
    @keyword(tags=("Call", "Action", "Setup"))
    def make_call(self, agent_id: str, called: str, caller: str = "") -> str:
        """Makes an outbound call from the agent to ``called``; returns the call ID.

        The agent's phone rings first, then the called party: expect ``AgentOther_PhoneAlerting``,
        ``AgentOther_PhoneOffhook``, ``AgentState_Busy``, ``AgentEvent_Customer_Alerting`` and, once the
        called party answers, ``AgentEvent_Talking``.

        | =Argument= | =Description= |
        | ``agent_id`` | Agent ID (work number), 101 to 999999. |
        | ``called`` | The number to call: 1 to 24 characters, each a digit, ``*`` or ``#``. The phone number an agent signed in with (`Sign In Agent` ``phone_number``) rings that agent; the simulator binds the agent ID as the number when sign-in gives none. To call an agent by its agent ID whatever its phone, use `Call Agent`. |
        | ``caller`` | The calling number shown to the called party: 0 to 24 digits. Empty: the platform's default. |

        Returns the call ID (e.g. ``1456401416-3``) from the gateway's ``result``.

        Fails before any request for an invalid argument; with the gateway's retcode otherwise, e.g.
        100-006 (not signed in), 100-007, 200-001 (the agent's state or the number does not allow it).

        Calls ``PUT /agentgateway/resource/voicecall/{agentid}/callout`` (method ``callout``).

        Example:
        | ${call} =    `Make Call`    101    13800000001
        | `Wait For Agent Event`    101    AgentEvent_Talking    callid=${call}
        | `Sign In Agent`    102    phone_number=70102
        | ${call} =    `Make Call`    101    70102    # rings agent 102
        | `Wait For Agent Event`    102    AgentEvent_Ringing    callid=${call}
        """
        agent_id = self.agent(agent_id, api.CALL_OUT)
        body = {"called": validation.dialled_number(called, api.CALL_OUT.label)}
        caller = validation.caller_number(caller, api.CALL_OUT.label)
        if caller:
            body["caller"] = caller
        return str(self.call(api.CALL_OUT, agent_id, body=body).get("result"))

    @keyword(tags=("Call", "Action", "Setup"))
    def answer_call(self, agent_id: str, call_id: CallId = _RINGING_CALL) -> None:
        """Answers the call ringing at the agent (after ``AgentEvent_Ringing``).

        | =Argument= | =Description= |
        | ``agent_id`` | Agent ID (work number), 101 to 999999. |
        | ``call_id`` | Optional: the call to answer, when the gateway needs it. Default: the ringing call. |

        Expect ``AgentEvent_Customer_Alerting`` and ``AgentEvent_Talking`` afterwards (the documented
        inbound manual-answer scenario lists both). Fails before any request for an invalid argument; with
        the gateway's retcode otherwise: 100-006 (not signed in), 100-007, 200-002 (no ringing call).

        Calls ``PUT /agentgateway/resource/voicecall/{agentid}/answer`` (method ``answer``).

        Example:
        | `Wait For Agent Event`    101    AgentEvent_Ringing    callid=${call}
        | `Answer Call`    101
        """
        agent_id = self.agent(agent_id, api.ANSWER)
        params = (
            {"callid": validation.call_id(call_id, api.ANSWER.label)} if call_id not in ("", None) else None
        )  # ${False} is no call ID: refused, not dropped
        self.call(api.ANSWER, agent_id, params=params)

    @keyword(tags=("Call", "Action", "Setup"))
    def put_call_on_hold(self, agent_id: str) -> None:
        """Puts the agent's current call on hold (the set-up step; the seed interface is `Hold Call`).

        | =Argument= | =Description= |
        | ``agent_id`` | Agent ID (work number), 101 to 999999. |

        Expect ``AgentEvent_Hold`` whose content is the held call's ID. Fails before any request for an
        invalid ``agent_id``; with the gateway's retcode otherwise: 100-006, 100-007, 200-013 (no
        established call), 200-014 (the call's state does not allow it).

        Calls ``POST /agentgateway/resource/voicecall/{agentid}/hold`` (method ``hold``).

        Example:
        | `Put Call On Hold`    101
        | `Wait For Agent Event`    101    AgentEvent_Hold    content=${call}
        """
        self.call(api.HOLD, self.agent(agent_id, api.HOLD))

    @keyword(tags=("Call", "Action", "Setup"))
    def retrieve_held_call(self, agent_id: str, call_id: CallId) -> None:
        """Takes the held call ``call_id`` off hold; the agent talks to that party again.

        | =Argument= | =Description= |
        | ``agent_id`` | Agent ID (work number), 101 to 999999. |
        | ``call_id`` | The held call's ID. |

        Expect ``AgentEvent_Talking``. Fails before any request for an invalid argument; with the
        gateway's retcode otherwise: 100-006, 100-007, 200-015 (no held call with that ID),
        200-016 (not possible in the agent's current state, e.g. another call is active).

        Calls ``POST /agentgateway/resource/voicecall/{agentid}/gethold?callid={callid}`` (method ``getHold``).

        Example:
        | `Retrieve Held Call`    101    ${customer_call}
        """
        agent_id = self.agent(agent_id, api.GET_HOLD)
        self.call(api.GET_HOLD, agent_id, params={"callid": validation.call_id(call_id, api.GET_HOLD.label)})

    @keyword(tags=("Call", "Action", "Setup"))
    def join_held_call_to_conference(self, agent_id: str, call_id: CallId) -> None:
        """Joins the held call ``call_id`` with the agent's current call into a three-party call.

        The usual sequence: the agent holds customer B, calls C, then joins: A, B and C talk together.

        | =Argument= | =Description= |
        | ``agent_id`` | Agent ID (work number), 101 to 999999. |
        | ``call_id`` | The held call's ID. |

        Expect ``AgentEvent_Conference`` with ``callid`` and ``partner`` (the other parties' numbers).
        Fails before any request for an invalid argument; with the gateway's retcode otherwise: 100-006,
        100-007, 200-010 (no established call), 200-011 (no held call with that ID).

        Calls ``POST /agentgateway/resource/voicecall/{agentid}/confjoin`` with body ``{"callid": ...}``
        (method ``confJoin``).

        Example:
        | `Join Held Call To Conference`    101    ${customer_call}
        | `Wait For Agent Event`    101    AgentEvent_Conference    callid=${customer_call}
        """
        agent_id = self.agent(agent_id, api.CONF_JOIN)
        body = {"callid": validation.call_id(call_id, api.CONF_JOIN.label)}
        self.call(api.CONF_JOIN, agent_id, body=body)

    @keyword(tags=("Call", "Action", "Setup"))
    def request_internal_help(self, agent_id: str, helper_agent_id: str, mode: str = "two-party") -> str:
        """Asks another agent for internal help during a call; returns the help call's ID.

        | =Argument= | =Description= |
        | ``agent_id`` | The requesting agent's ID (work number), 101 to 999999. |
        | ``helper_agent_id`` | The helper's agent ID, 101 to 999999. |
        | ``mode`` | ``two-party`` (default): the customer is held while the agents talk. ``three-party``: the helper joins the customer and the agent. |

        In two-party mode expect ``AgentEvent_Hold`` (the customer's call) and
        ``AgentEvent_Customer_Alerting`` at the requester, and ``AgentEvent_Ringing`` at the helper,
        who answers with `Answer Call`. `Release Number` with the helper's ID ends the help.

        Returns the help call's ID. Fails before any request for an invalid argument; with the
        gateway's retcode otherwise: 100-006, 100-007, 200-018 (no call, or the helper cannot be reached).

        Calls ``POST /agentgateway/resource/voicecall/{agentid}/innerhelp`` with body
        ``{"dstaddress", "devicetype": 2, "mode"}`` (method ``innerHelp``).

        Example:
        | ${help} =    `Request Internal Help`    101    102
        | `Wait For Agent Event`    102    AgentEvent_Ringing    callid=${help}
        | `Answer Call`    102
        """
        agent_id = self.agent(agent_id, api.INNER_HELP)
        helper = self.agent(helper_agent_id, api.INNER_HELP, "helper_agent_id")
        mode_code = validation.choice(mode, _HELP_MODES, api.INNER_HELP.label, "mode")
        body = {"dstaddress": helper, "devicetype": 2, "mode": mode_code}
        return str(self.call(api.INNER_HELP, agent_id, body=body).get("result"))

    # -- the seed interfaces ----------------------------------------------------------------
    @keyword(tags=("Call", "Action"))
    def hold_call(self, agent_id: str, call_id: CallId) -> None:
        """Connects the agent's established call with its held call ``call_id`` and drops the agent out.

        The CC-Gateway interface "Holding a Call" (connectHold): the agent has an established call and
        the held call ``call_id``; the gateway connects the two other parties to each other, for example
        a held customer with a consulted party, and releases the agent.

        | =Argument= | =Description= |
        | ``agent_id`` | Agent ID (work number), 101 to 59999. |
        | ``call_id`` | The ID of the agent's held call. |

        Triggered events: ``AgentEvent_Call_Release``, ``AgentEvent_Customer_Release``,
        ``AgentOther_PhoneRelease``, ``AgentMediaEvent_StopRecordDone``.

        Fails before any request for an ``agent_id`` outside 101-59999 or a malformed ``call_id``. Fails
        with the gateway's retcode: 100-006 (not signed in), 100-007 (operation exception), 200-013 (no
        established call), 200-014 (no held call ``call_id``: wrong call state).

        Calls ``POST /agentgateway/resource/voicecall/{agentid}/connecthold/{callid}`` (method ``connectHold``).

        Example:
        | `Put Call On Hold`    101
        | ${consult} =    `Make Call`    101    13800000002
        | `Wait For Agent Event`    101    AgentEvent_Talking    callid=${consult}
        | `Hold Call`    101    ${customer_call}
        | `Wait For Agent Event`    101    AgentEvent_Call_Release
        """
        agent_id = self.agent(agent_id, api.CONNECT_HOLD)
        callid = validation.call_id(call_id, api.CONNECT_HOLD.label)
        self.call(api.CONNECT_HOLD, agent_id, path={"callid": callid})

    @keyword(tags=("Call", "Action"))
    def drop_call(self, agent_id: str, legacy_uri: bool = False) -> None:
        """Hangs up the agent's current call.

        The CC-Gateway interface "Dropping a Call" (release). Only the current call is released; held
        calls stay held.

        | =Argument= | =Description= |
        | ``agent_id`` | Agent ID (work number), 101 to 59999. |
        | ``legacy_uri`` | Use the older URI ``DELETE .../voicecall/{agentid}`` (method ``releaseEx``), kept by the gateway for compatibility. Default ``False``. |

        Triggered events: ``AgentEvent_Call_Release``, ``AgentEvent_Customer_Release`` (the gateway then
        also reports ``AgentOther_PhoneRelease`` and ``AgentState_Ready``).

        Fails before any request for an ``agent_id`` outside 101-59999. Fails with the gateway's
        retcode: 100-006 (not signed in), 100-007 (operation exception), 200-017 (no call to release).

        Calls ``DELETE /agentgateway/resource/voicecall/{agentid}/release`` (method ``release``).

        Example:
        | `Drop Call`    101
        | `Wait For Agent Event`    101    AgentEvent_Call_Release    content=${call}
        | `Run Keyword And Expect Error`    200-017*    `Drop Call`    101
        """
        interface = api.RELEASE_LEGACY if legacy_uri else api.RELEASE
        self.call(interface, self.agent(agent_id, interface))

    @keyword(tags=("Call", "Action"))
    def release_number(self, agent_id: str, number: str) -> None:
        """Releases one party, by phone number, from the agent's last call.

        The CC-Gateway interface "Releasing a Connection of a Specified Number" (disconnect), used in
        three-party calls and internal help. Only numbers in the agent's last call can be released: in a
        two-party internal help call the held customer is not in the last call. During internal help the
        requester may release the helper (its agent ID) or itself (its softphone number); the helper may
        release only itself.

        | =Argument= | =Description= |
        | ``agent_id`` | Agent ID (work number), 101 to 999999. |
        | ``number`` | The phone number, or the helper's agent ID, to release: 1 to 24 digits. |

        Triggered events: ``AgentEvent_Call_Release``, ``AgentEvent_Customer_Release``.

        Fails before any request for an invalid ``agent_id`` or ``number``. Fails with the gateway's
        retcode: 100-006 (not signed in), 100-007 (operation exception), 200-023 and 200-024 (their
        meanings are not documented; the simulator uses 200-023 for a number not in the last call and
        200-024 for a helper releasing anyone but itself).

        Calls ``POST /agentgateway/resource/voicecall/{agentid}/disconnect/{number}`` (method ``disconnect``).

        Example:
        | `Release Number`    101    13800000002
        | `Wait For Agent Event`    101    AgentEvent_Customer_Release    number=13800000002
        """
        agent_id = self.agent(agent_id, api.DISCONNECT)
        number = validation.number(number, api.DISCONNECT.label)
        self.call(api.DISCONNECT, agent_id, path={"number": number})

    @keyword(tags=("Call", "Action"))
    def reject_ringing_call(self, agent_id: str) -> None:
        """Rejects the call ringing on the agent's phone in phone-linkage mode.

        The CC-Gateway interface "Rejecting a Call" (phonehangup). Prerequisites: the agent signed in
        with phone linkage (`Sign In Agent` ``phone_linkage=True``; eSpace 7910 IP phones only) and has
        received ``AgentOther_PhoneAlerting``.

        | =Argument= | =Description= |
        | ``agent_id`` | Agent ID (work number), 101 to 59999. |

        Triggered events: ``AgentOther_PhoneRelease``, ``AgentEvent_No_Answer``.

        Fails before any request for an ``agent_id`` outside 101-59999. Fails with the gateway's retcode:
        100-006 (not signed in), 100-007 (operation exception; the simulator also answers it when phone
        linkage is off or the phone is not ringing, and says which after the interface:
        ``100-007: exception during the agent operation (Reject Ringing Call: POST ...); the simulator
        explains: agent 101 has no phone linkage ...``).

        Calls ``POST /agentgateway/resource/voicecall/{agentid}/phonehangup`` (method ``phonehangup``).

        Example:
        | `Wait For Agent Event`    101    AgentOther_PhoneAlerting
        | `Reject Ringing Call`    101
        | `Wait For Agent Event`    101    AgentEvent_No_Answer    content=${call}
        """
        self.call(api.PHONE_HANGUP, self.agent(agent_id, api.PHONE_HANGUP))
