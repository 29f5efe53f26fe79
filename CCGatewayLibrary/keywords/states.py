"""Agent state keywords (ready, busy, rest, wrap-up and their cancels, the auto-answer and auto-enter-idle
switches) and signing in to skill queues: the ``/onlineagent/{agentid}/...`` interfaces of reference §8."""

from __future__ import annotations

from datetime import timedelta

from robot.api.deco import keyword

from .. import interfaces as api
from .. import validation
from .base import LibraryComponent, to_seconds


class AgentStateKeywords(LibraryComponent):
    @keyword(tags=("Agent", "State"))
    def set_agent_ready(self, agent_id: str) -> None:
        """Makes the agent idle (ready for calls), from busy, rest or wrap-up.

        | =Argument= | =Description= |
        | ``agent_id`` | Agent ID (work number), 101 to 999999. |

        Expect ``AgentState_Ready``; `Get Agent State` then says ``idle``. Fails before any request for an
        invalid ``agent_id``; with the gateway's retcode otherwise: 000-002, 100-006 (not signed in),
        100-007, 100-009 (setting the state failed; the simulator answers it while the agent is in a call).

        Calls ``POST /agentgateway/resource/onlineagent/{agentid}/sayfree`` (method ``sayFree``; that
        interface's page was not retrieved, so the method name and retcodes are assumed from its
        siblings').

        Example:
        | `Set Agent Ready`    101
        | `Wait For Agent Event`    101    AgentState_Ready
        """
        self.call(api.SAY_FREE, self.agent(agent_id, api.SAY_FREE))

    @keyword(tags=("Agent", "State"))
    def set_agent_busy(self, agent_id: str, reason: int | str = 0, prolong: bool = False) -> None:
        """Makes the agent busy (not ready: no calls are routed to it), with an optional busy reason.

        | =Argument= | =Description= |
        | ``agent_id`` | Agent ID (work number), 101 to 999999. |
        | ``reason`` | Busy reason code: ``0`` (default, none) or 200 to 250, as configured on the platform. |
        | ``prolong`` | ``True`` when the agent is busy already: sets the new reason. The documentation makes ``reason`` and ``prolong`` mandatory for busy again; the simulator refuses busy again without it (100-009). |

        Expect ``AgentState_SetNotReady_Success`` with ``reason``. Asked during a call, the agent goes busy
        when the call is over: the event comes then, instead of ``AgentState_Ready``.

        Fails before any request for an invalid argument; with the gateway's retcode otherwise: 000-002,
        100-006 (not signed in), 100-007, 100-009 (setting the state failed).

        Calls ``POST /agentgateway/resource/onlineagent/{agentid}/saybusy?reason=&prolong=`` (method
        ``sayBusy``).

        Example:
        | `Set Agent Busy`    101    reason=201
        | `Wait For Agent Event`    101    AgentState_SetNotReady_Success    reason=201
        | `Get Agent State`    101    ==    busy
        """
        agent_id = self.agent(agent_id, api.SAY_BUSY)
        code = validation.integer(reason, 0, 250, api.SAY_BUSY.label, "reason", "0 (none) or 200 to 250")
        if 0 < code < 200:
            raise validation.ArgumentError(
                f"{api.SAY_BUSY.label}: argument 'reason' is {reason!r}; allowed: 0 (none) or 200 to 250."
            )
        self.call(api.SAY_BUSY, agent_id, params={"reason": code, "prolong": str(bool(prolong)).lower()})

    @keyword(tags=("Agent", "State"))
    def cancel_agent_busy(self, agent_id: str) -> None:
        """Ends the agent's busy state: it goes idle.

        | =Argument= | =Description= |
        | ``agent_id`` | Agent ID (work number), 101 to 999999. |

        Expect ``AgentState_CancelNotReady_Success``. During a call it withdraws a busy state asked for
        in that call. Fails before any request for an invalid ``agent_id``; with the gateway's retcode
        otherwise: 100-006 (not signed in), 100-007, 100-009 (the agent is not busy).

        Calls ``POST /agentgateway/resource/onlineagent/{agentid}/cancelbusy`` (method ``cancelBusy``).

        Example:
        | `Cancel Agent Busy`    101
        | `Wait For Agent Event`    101    AgentState_CancelNotReady_Success
        """
        self.call(api.CANCEL_BUSY, self.agent(agent_id, api.CANCEL_BUSY))

    @keyword(tags=("Agent", "State"))
    def set_agent_rest(
        self, agent_id: str, duration: timedelta | str = "10 min", cause: int | str = 0, prolong: bool = False
    ) -> None:
        """Puts the agent in rest (a break) for ``duration``, with a rest cause.

        | =Argument= | =Description= |
        | ``agent_id`` | Agent ID (work number), 101 to 999999. |
        | ``duration`` | How long, as a Robot time (``15 min``, ``90 s``): whole seconds, 1 s to 86399 s. Default ``10 min``. |
        | ``cause`` | Rest cause code configured on the platform, 0 (default, none) to 255. |
        | ``prolong`` | ``True`` when the agent rests already: starts the rest anew. |

        Expect ``AgentState_SetRest_Success``; `Get Agent State` then says ``rest``. When the time is up
        the gateway sends ``AgentState_Rest_Timeout`` and the agent stays in rest until `Cancel Agent
        Rest` or `Set Agent Ready`. Asked during a call, the agent is in pre-rest (`Get Agent State`:
        ``pre-rest``) and rests when the call is over.

        Fails before any request for an invalid argument; with the gateway's retcode otherwise: 000-002,
        100-006 (not signed in), 100-007, 100-009 (setting the state failed).

        Calls ``POST /agentgateway/resource/onlineagent/{agentid}/rest/{time}/{restcause}?prolong=``
        (method ``rest``).

        Example:
        | `Set Agent Rest`    101    15 min    cause=3
        | `Wait For Agent Event`    101    AgentState_SetRest_Success
        """
        agent_id = self.agent(agent_id, api.REST)
        label = api.REST.label
        secs = to_seconds(duration, "duration", label)
        if secs is None or secs != int(secs) or not 1 <= secs <= 86399:
            raise validation.ArgumentError(
                f"{label}: argument 'duration' is {duration!r}; allowed: whole "
                "seconds from 1 s to 86399 s, such as '15 min' or '90 s'."
            )
        code = validation.integer(cause, 0, 255, label, "cause")
        self.call(
            api.REST,
            agent_id,
            path={"time": str(int(secs)), "restcause": str(code)},
            params={"prolong": str(bool(prolong)).lower()},
        )

    @keyword(tags=("Agent", "State"))
    def cancel_agent_rest(self, agent_id: str) -> None:
        """Ends the agent's rest: it goes idle.

        | =Argument= | =Description= |
        | ``agent_id`` | Agent ID (work number), 101 to 999999. |

        Expect ``AgentState_CancelRest_Success``. During a call it withdraws a rest asked for in that call.
        Fails before any request for an invalid ``agent_id``; with the gateway's retcode otherwise:
        100-006 (not signed in), 100-007, 100-009 (the agent is not resting).

        Calls ``POST /agentgateway/resource/onlineagent/{agentid}/cancelrest`` (method ``cancelRest``;
        page not retrieved: method name and retcodes assumed).

        Example:
        | `Cancel Agent Rest`    101
        | `Wait For Agent Event`    101    AgentState_CancelRest_Success
        """
        self.call(api.CANCEL_REST, self.agent(agent_id, api.CANCEL_REST))

    @keyword(tags=("Agent", "State"))
    def set_agent_wrap_up(self, agent_id: str) -> None:
        """Puts the agent in wrap-up (after-call work): no calls are routed to it.

        | =Argument= | =Description= |
        | ``agent_id`` | Agent ID (work number), 101 to 999999. |

        Expect ``AgentState_SetWork_Success``; `Get Agent State` then says ``wrap-up``. Fails before any
        request for an invalid ``agent_id``; with the gateway's retcode otherwise: 000-002, 100-006,
        100-007, 100-009 (setting the state failed; the simulator answers it during a call).

        Calls ``POST /agentgateway/resource/onlineagent/{agentid}/work`` (method ``work``; page not
        retrieved: method name and retcodes assumed).

        Example:
        | `Set Agent Wrap Up`    101
        | `Wait For Agent Event`    101    AgentState_SetWork_Success
        """
        self.call(api.WORK, self.agent(agent_id, api.WORK))

    @keyword(tags=("Agent", "State"))
    def cancel_agent_wrap_up(self, agent_id: str) -> None:
        """Ends the agent's wrap-up: it goes idle.

        | =Argument= | =Description= |
        | ``agent_id`` | Agent ID (work number), 101 to 999999. |

        Expect ``AgentState_CancelWork_Success``. Fails before any request for an invalid ``agent_id``;
        with the gateway's retcode otherwise: 100-006 (not signed in), 100-007, 100-009 (the agent is not
        in wrap-up).

        Calls ``POST /agentgateway/resource/onlineagent/{agentid}/cancelwork`` (method ``cancelWork``).

        Example:
        | `Cancel Agent Wrap Up`    101
        | `Wait For Agent Event`    101    AgentState_CancelWork_Success
        """
        self.call(api.CANCEL_WORK, self.agent(agent_id, api.CANCEL_WORK))

    @keyword(tags=("Agent", "Config"))
    def set_agent_auto_answer(self, agent_id: str, enabled: bool) -> None:
        """Switches whether the gateway answers the agent's customer calls by itself.

        | =Argument= | =Description= |
        | ``agent_id`` | Agent ID (work number), 101 to 999999. |
        | ``enabled`` | ``True``: customer calls are answered at once (``AgentEvent_Auto_Answer``, ``AgentEvent_Talking``); ``False``: they ring (``AgentEvent_Ringing``) until `Answer Call`. |

        No event reports the switch. Fails before any request for an invalid ``agent_id``; with the
        gateway's retcode otherwise: 000-002, 100-006 (not signed in), 100-007.

        Calls ``POST /agentgateway/resource/onlineagent/{agentid}/autoanswer/{isautoanswer}`` (method
        ``setAgentAutoAnswer``; page not retrieved: method name and retcodes assumed).

        Example:
        | `Set Agent Auto Answer`    101    True
        """
        agent_id = self.agent(agent_id, api.AUTO_ANSWER)
        self.call(api.AUTO_ANSWER, agent_id, path={"isautoanswer": str(bool(enabled)).lower()})

    @keyword(tags=("Agent", "Config"))
    def set_agent_auto_enter_idle(self, agent_id: str, enabled: bool) -> None:
        """Switches whether the agent goes idle after a call (``True``) or to wrap-up (``False``).

        | =Argument= | =Description= |
        | ``agent_id`` | Agent ID (work number), 101 to 999999. |
        | ``enabled`` | ``True``: ``AgentState_Ready`` after each call; ``False``: ``AgentState_Work`` (wrap-up) until `Cancel Agent Wrap Up` or `Set Agent Ready`. |

        No event reports the switch. Fails before any request for an invalid ``agent_id``; with the
        gateway's retcode otherwise: 000-002, 100-006 (not signed in), 100-007.

        Calls ``POST /agentgateway/resource/onlineagent/{agentid}/autoenteridle/{flag}`` (method
        ``setAgentAutoEnterIdle``).

        Example:
        | `Set Agent Auto Enter Idle`    101    False
        """
        agent_id = self.agent(agent_id, api.AUTO_ENTER_IDLE)
        self.call(api.AUTO_ENTER_IDLE, agent_id, path={"flag": str(bool(enabled)).lower()})

    # Config, not Action: resetskill documents no event, so a suite proves it by the skill call it enables.
    @keyword(tags=("Agent", "Config"))
    def sign_in_to_skills(self, agent_id: str, *skill_ids: str, phone_linkage: bool | None = None) -> None:
        """Signs the agent in to skill queues, so calls to those skills are routed to it.

        After `Sign In Agent` an agent is in no skill queue; clients sign in to the skills next.

        | =Argument= | =Description= |
        | ``agent_id`` | Agent ID (work number), 101 to 999999. |
        | ``skill_ids`` | Skill IDs (digits). None given: every skill configured for the agent. Given: those of them that are configured for the agent (the gateway signs in to the intersection). |
        | ``phone_linkage`` | Optional: switch phone linkage on (``True``) or off (``False``) with the same request. |

        No event reports it. The simulator's agents are configured for skill ``1`` unless `Set Agent
        Skills` says otherwise; `Simulate Inbound Call To Skill` then rings one of them. Fails before any
        request for an invalid argument; with the gateway's retcode otherwise: 000-002, 100-006 (not
        signed in), 100-007 (retcodes assumed: the page's were not retrieved).

        Calls ``POST /agentgateway/resource/onlineagent/{agentid}/resetskill/{autoflag}?skillid=&phonelinkage=``
        (method ``resetSkill``), with ``autoflag`` true when no skill is given.

        Example:
        | `Sign In To Skills`    101            # every configured skill
        | `Sign In To Skills`    102    1    2
        """
        agent_id = self.agent(agent_id, api.RESET_SKILL)
        skills = [
            str(validation.integer(s, 0, 999_999_999, api.RESET_SKILL.label, "skill_ids", "skill IDs (digits)"))
            for s in skill_ids
        ]
        # The query is written out so the ';' between skills stays as the documentation writes it (1;2;3).
        query = [f"skillid={';'.join(skills)}"] if skills else []
        if phone_linkage is not None:
            query.append(f"phonelinkage={1 if phone_linkage else 0}")
        self.call(
            api.RESET_SKILL, agent_id, path={"autoflag": "false" if skills else "true"}, params="&".join(query) or None
        )
