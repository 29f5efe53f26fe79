"""Agent conference keywords: request one (the set-up step), answer or leave it as a participant, and
release it as the chairperson (the seed interface)."""

from __future__ import annotations

from robot.api.deco import keyword

from .. import interfaces as api
from .. import validation
from .base import LibraryComponent


class ConferenceKeywords(LibraryComponent):
    @keyword(tags=("Conference", "Action", "Setup"))
    def request_agent_conference(self, agent_id: str, *participants: str) -> None:
        """Applies for an agent conference with the agent as chairperson, inviting ``participants``.

        The request only starts the conference: the chairperson receives ``AgentConf_SelfJoinResult``
        and then ``AgentConf_RequestSuccess`` (content ``confId``); only after that do chairperson
        operations such as `Release Agent Conference` work (earlier they fail; the simulator answers
        101-001). Invited agents then ring (``AgentConf_Ringing``) and join with `Answer Agent Conference`
        (``AgentConf_SelfJoinResult``); the chairperson gets ``AgentConf_ParticipantChanged`` for each
        participant that joins.

        | =Argument= | =Description= |
        | ``agent_id`` | The chairperson's agent ID (work number), 101 to 59999. |
        | ``participants`` | Agent IDs or phone numbers to invite. ``agent:102`` or ``phone:13800000001`` say which; without a prefix a valid agent ID (101-999999) is an agent, any other 1-24 digit value a phone number. |

        The request body, ``{"addresses": [{"addressType": "9", "address": "102"}, ...]}`` (9 agent,
        6 phone number), follows the gateway's participant interfaces; the documentation of this
        interface's body could not be retrieved.

        Fails before any request for an invalid argument or no participant; with the gateway's retcode
        otherwise: 000-002 (bad parameters), 100-006 (not signed in), 100-007.

        Calls ``POST /agentgateway/resource/agentconf/{agentid}/requestagentconf`` (method ``requestAgentConf``).

        Example:
        | `Request Agent Conference`    101    102    phone:13800000001
        | ${success} =    `Wait For Agent Event`    101    AgentConf_RequestSuccess
        | `Wait For Agent Event`    102    AgentConf_Ringing    confId=${success.content.confId}
        | `Answer Agent Conference`    102
        """
        label = api.REQUEST_AGENT_CONF.label
        agent_id = self.agent(agent_id, api.REQUEST_AGENT_CONF)
        if not participants:
            raise validation.ArgumentError(
                f"{label}: argument 'participants' is empty; allowed: one or more agent IDs or phone numbers."
            )
        addresses = [_address(p, label) for p in participants]
        self.call(api.REQUEST_AGENT_CONF, agent_id, body={"addresses": addresses})

    @keyword(tags=("Conference", "Action"))
    def release_agent_conference(self, agent_id: str) -> None:
        """Releases the agent conference; only its chairperson may.

        The CC-Gateway interface "Releasing an Agent Conference" (releaseAgentConf): the chairperson and
        all participants are removed and the conference ends.

        | =Argument= | =Description= |
        | ``agent_id`` | The chairperson's agent ID (work number), 101 to 59999. |

        Triggered events at the chairperson: ``AgentMediaEvent_StopRecordDone``,
        ``AgentOther_PhoneRelease``, ``AgentConf_SelfLeaveResult``, ``AgentState_Ready``.

        Fails before any request for an ``agent_id`` outside 101-59999. Fails with the gateway's retcode:
        000-002 (bad parameters), 100-006 (not signed in), 100-007 (operation exception), 101-001 and
        101-002 (their meanings are not documented; the simulator uses 101-001 for an agent in no
        conference and 101-002 for a participant who is not the chairperson).

        Calls ``POST /agentgateway/resource/agentconf/{agentid}/releaseagentconf`` (method ``releaseAgentConf``).

        Example:
        | `Release Agent Conference`    101
        | `Wait For Agent Event`    101    AgentConf_SelfLeaveResult
        | `Run Keyword And Expect Error`    101-002*    `Release Agent Conference`    102
        """
        self.call(api.RELEASE_AGENT_CONF, self.agent(agent_id, api.RELEASE_AGENT_CONF))

    @keyword(tags=("Conference", "Action"))
    def answer_agent_conference(self, agent_id: str) -> None:
        """Answers the agent conference the agent is invited to: the participant joins it.

        Use it after the participant received ``AgentConf_Ringing``. The participant then receives
        ``AgentConf_SelfJoinResult`` (content ``confId``); the chairperson and the participants already
        in the conference receive ``AgentConf_ParticipantChanged`` (``changeType`` 0, ``participant`` the
        agent ID).

        | =Argument= | =Description= |
        | ``agent_id`` | The invited participant's agent ID (work number), 101 to 59999. |

        Returns nothing. Fails before any request for an ``agent_id`` outside 101-59999. Fails with the
        gateway's retcode otherwise: 100-006 (not signed in), 100-007 (operation exception). The page's
        error codes were not retrieved; the simulator answers 101-001 when the agent is invited to no
        conference that is set up, and 000-007 (interface invoked repeatedly) to a second answer.

        Calls ``POST /agentgateway/resource/agentconf/{agentid}/answeragentconf`` (method in logs
        ``answerAgentConf``, assumed: the page's name was not retrieved).

        Example:
        | `Wait For Agent Event`    102    AgentConf_Ringing
        | `Answer Agent Conference`    102
        | `Wait For Agent Event`    102    AgentConf_SelfJoinResult
        | `Wait For Agent Event`    101    AgentConf_ParticipantChanged    participant=102
        """
        self.call(api.ANSWER_AGENT_CONF, self.agent(agent_id, api.ANSWER_AGENT_CONF))

    @keyword(tags=("Conference", "Action"))
    def leave_agent_conference(self, agent_id: str) -> None:
        """Leaves the agent conference as a participant (a participant still ringing declines it).

        The chairperson cannot leave: it releases the conference with `Release Agent Conference`. The
        participant receives ``AgentMediaEvent_StopRecordDone``, ``AgentOther_PhoneRelease`` and
        ``AgentConf_SelfLeaveResult``; the others receive ``AgentConf_ParticipantChanged``
        (``changeType`` 1).

        | =Argument= | =Description= |
        | ``agent_id`` | The participant's agent ID (work number), 101 to 59999. |

        Returns nothing. Fails before any request for an ``agent_id`` outside 101-59999. Fails with the
        gateway's retcode otherwise: 000-002 (bad parameters), 100-006 (not signed in), 100-007
        (operation exception), 101-001 and 101-007 (meanings not documented; the simulator answers
        101-001 for an agent in no conference that is set up and 101-007 for the chairperson).

        Calls ``POST /agentgateway/resource/agentconf/{agentid}/requestleaveagentconf`` (method in logs
        ``requestLeaveAgentConf``, assumed).

        Example:
        | `Leave Agent Conference`    102
        | `Wait For Agent Event`    102    AgentConf_SelfLeaveResult
        | `Wait For Agent Event`    101    AgentConf_ParticipantChanged    participant=102    changeType=1
        | `Run Keyword And Expect Error`    101-007*    `Leave Agent Conference`    101
        """
        self.call(api.LEAVE_AGENT_CONF, self.agent(agent_id, api.LEAVE_AGENT_CONF))


def _address(participant: object, label: str) -> dict[str, str]:
    text = str(participant).strip()
    kind, sep, value = text.partition(":")
    if sep and kind.lower() == "agent":
        return {"addressType": "9", "address": validation.agent_id(value, api.NEW_RANGE, label, "participants")}
    if sep and kind.lower() == "phone":
        return {"addressType": "6", "address": validation.number(value, label, "participants")}
    try:
        return {"addressType": "9", "address": validation.agent_id(text, api.NEW_RANGE, label, "participants")}
    except validation.ArgumentError:
        pass
    try:
        return {"addressType": "6", "address": validation.number(text, label, "participants")}
    except validation.ArgumentError:
        raise validation.ArgumentError(
            f"{label}: argument 'participants' has {participant!r}; allowed: an agent ID (101-999999), a phone "
            "number of 1 to 24 digits, or either prefixed with 'agent:' or 'phone:'."
        ) from None
