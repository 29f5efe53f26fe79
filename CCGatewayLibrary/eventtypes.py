"""The event catalogue: every agent event type the library and the simulator know, with the shape of its
``content`` and where that is documented. One table, beside ``interfaces.py`` and ``retcodes.py``.

A gateway event is ``{"eventType": ..., "workNo": ..., "content": ..., "eventGenTime": ...}`` (reference
§4; ``eventGenTime`` only in the newer documentation series). Its ``content`` has one of three shapes:

* ``NULL``: no content (``null``);
* ``TEXT``: a plain string, such as the call ID of ``AgentEvent_Call_Release`` (``text`` says what it is);
* ``OBJECT``: an object with the documented field names (``fields``).

Sources: ``doc`` = Huawei's event page (page ID in ``source``); ``code`` = only public client code names
the event (its content is then UNCONFIRMED, and the shape given is our reading); the seed pages are cited
by file name. The reference is the project's CC-Gateway API reference, §5 and §9.

The library checks every wait against this table (an unknown event type or a content filter naming a
field the type does not have fails before waiting), and the simulator emits only these event types with
exactly these fields.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

NULL, TEXT, OBJECT = "null", "text", "object"


@dataclass(frozen=True)
class EventType:
    name: str
    meaning: str
    shape: str  # NULL, TEXT or OBJECT
    fields: tuple[str, ...] = ()  # OBJECT: the documented field names of the content
    text: str = ""  # TEXT: what the string is, e.g. "call ID"
    source: str = ""
    confirmed: bool = True  # False: only client code names it; the content shape is our reading

    def describe_shape(self) -> str:
        """``null``, ``a call ID (plain string)`` or ``object {callid, number}``, for messages and docs."""
        if self.shape == OBJECT:
            return "object {" + ", ".join(self.fields) + "}"
        if self.shape == TEXT:
            return f"{self.text} (plain string)"
        return "null"


def _null(name: str, meaning: str, source: str, confirmed: bool = True) -> EventType:
    return EventType(name, meaning, NULL, source=source, confirmed=confirmed)


def _text(name: str, meaning: str, text: str, source: str) -> EventType:
    return EventType(name, meaning, TEXT, text=text, source=source)


def _object(name: str, meaning: str, fields: str, source: str, confirmed: bool = True) -> EventType:
    return EventType(name, meaning, OBJECT, tuple(fields.split()), source=source, confirmed=confirmed)


_CALL = "caller called callid type feature mediaAbility"  # AgentEvent_Talking (cec_07_1355)
_RINGING = _CALL + " transfer transfrom mediaType"  # AgentEvent_Ringing (cec_07_1366 / 0513)
_CONF = "confId"

_ROWS: tuple[EventType, ...] = (
    # Agent state events (reference §5.1, §8).
    _null("AgentState_Ready", "the agent went idle", "doc cec_05_1317, cec_07_1202; seed 003_4dff9bc1abf1d863.txt"),
    _null("AgentState_Busy", "the agent is occupied by call processing", "doc cec_07_1343"),
    _null("AgentState_Work", "the agent entered wrap-up (work) state", "doc cec_07_1344"),
    _object("AgentState_SetNotReady_Success", "set busy succeeded; reason = busy reason", "reason", "doc cec_07_1346"),
    _null("AgentState_CancelNotReady_Success", "cancel busy succeeded", "doc topic aggregator (reference §5.1)"),
    _null("AgentState_SetRest_Success", "set rest succeeded", "doc topic aggregator (reference §5.1)"),
    _null("AgentState_CancelRest_Success", "cancel rest succeeded", "doc topic aggregator (reference §5.1)"),
    _null("AgentState_Rest_Timeout", "the agent's rest time ran out", "doc topic aggregator (reference §5.1)"),
    _null("AgentState_SetWork_Success", "set wrap-up succeeded", "doc topic aggregator (reference §5.1)"),
    _null("AgentState_CancelWork_Success", "cancel wrap-up succeeded", "doc topic aggregator (reference §5.1)"),
    _null("AgentState_Force_SetNotReady", "the agent was forced busy", "doc topic aggregator (reference §5.1)"),
    _null("AgentState_Force_Ready", "the agent was forced idle", "doc topic aggregator (reference §5.1)"),
    # Voice call events (reference §5.2).
    _object("AgentEvent_Ringing", "an incoming call waits for a manual answer", _RINGING, "doc cec_07_1366 / 0513"),
    _object("AgentEvent_Auto_Answer", "the agent answered a call automatically", _RINGING, "doc cec_07_1365 / 0512"),
    _object(
        "AgentEvent_Customer_Alerting",
        "the other party is ringing",
        "callid otherPhone otherPhoneWorkno type",
        "doc cec_07_1356 / 0503",
    ),
    _object("AgentEvent_Talking", "the agent entered talking", _CALL, "doc cec_07_1355"),
    _text("AgentEvent_Hold", "the call was held", "call ID", "doc cec_07_1357"),
    _object("AgentEvent_Conference", "a three-party call was established", "callid partner", "doc cec_07_1358 / 0505"),
    _text("AgentEvent_Call_Out_Fail", "an outbound call failed", "call ID", "doc cec_07_1359"),
    _null(
        "AgentEvent_Inside_Call_Fail",
        "an internal call failed",
        "code: Huawei demo JS, Zackeus AgentConfig",
        confirmed=False,
    ),
    _null("AgentEvent_Consult_Fail", "internal help failed", "code: Huawei demo JS", confirmed=False),
    _text(
        "AgentEvent_No_Answer",
        "a call was abandoned or rejected before the agent answered",
        "call ID",
        "doc cec_07_1362 / 0509; seed 002_699bd41dfde9fa63.txt",
    ),
    _text("AgentEvent_Call_Release", "the agent left the call", "call ID", "doc cec_07_1363; seeds 000, 001, 004"),
    _object(
        "AgentEvent_Customer_Release",
        "the customer (another party) left the call",
        "callid number",
        "doc cec_07_1364; seeds 000, 001, 004",
    ),
    _text("AgentEvent_Connect_Fail", "the connection failed", "call ID", "doc audio/video call events aggregator"),
    _object(
        "AgentEvent_Incoming_CallInfo",
        "a call was routed to the agent",
        "callId skillName skillId caller called lastReleaseAgentId mediaType releaseAndReQueueCount "
        "releaseAndReQueueCallFlag",
        "doc cec_07_0520",
    ),
    _object(
        "AgentEvent_Preview_CallOut", "a preview outbound task", "controlid dialeddigits callData", "doc cec_07_1378"
    ),
    # Physical phone events (reference §5.3).
    _null(
        "AgentOther_PhoneAlerting",
        "the agent's phone is ringing",
        "doc cec_07_1398 (null; some deployments send {callid, caller} for inbound calls); seed 002_699bd41dfde9fa63.txt",
    ),
    _object("AgentOther_PhoneOffhook", "the agent's phone was picked up", "type", "doc cec_07_1397 / 0547"),
    _object(
        "AgentOther_PhoneRelease",
        "the agent's phone was hung up (phoneState 2 agent, 3 platform)",
        "phoneState",
        "doc cec_07_1396 / 0546; seeds 002, 003, 004",
    ),
    _null("AgentOther_PhoneUnknow", "the phone's state is unknown", "doc cec_07_1395"),
    _null("AgentOther_PhoneBusy", "the phone cannot answer", "doc cec_07_1399"),
    _null("AgentOther_InService", "sign-in started", "doc cec_07_1401"),
    _object("AgentOther_ShutdownService", "the agent was signed out by someone else", "loginTime", "doc cec_07_1402"),
    _null("AgentOther_All_Agent_Busy", "all agents are busy", "code: Huawei demo JS", confirmed=False),
    # Hard-phone linkage events (reference §5.3: "AgentEvent_linkagePhoneCallOut, ..Hold, ..UnHold, ..Mute,
    # ..TransferOut_Result", content "e.g. {callId}"): the full names expand that list; the content is the
    # reference's example, so UNCONFIRMED for each.
    _object(
        "AgentEvent_linkagePhoneCallOut",
        "a linked hard phone placed a call",
        "callId",
        "doc cec_07_1427",
        confirmed=False,
    ),
    _object(
        "AgentEvent_linkagePhoneHold", "a linked hard phone held the call", "callId", "doc cec_07_0577", confirmed=False
    ),
    _object(
        "AgentEvent_linkagePhoneUnHold",
        "a linked hard phone retrieved the call",
        "callId",
        "doc cec_07_0578",
        confirmed=False,
    ),
    _object(
        "AgentEvent_linkagePhoneMute",
        "a linked hard phone muted the call",
        "callId",
        "doc cec_07_0579",
        confirmed=False,
    ),
    _object(
        "AgentEvent_linkagePhoneTransferOut_Result",
        "a linked hard phone's transfer ended",
        "callId",
        "doc cec_07_0576",
        confirmed=False,
    ),
    # Recording and playback (reference §5.4).
    _object(
        "AgentMediaEvent_Record",
        "recording started",
        "recordID locationId fileName",
        "code: wang19baby, Zackeus AgentRecord",
        confirmed=False,
    ),
    _object(
        "AgentMediaEvent_StopRecordDone",
        "recording stopped",
        "beginTime endTime taskId fileMediaType recordFormat callId",
        "doc cec_07_1383 / 0531; seeds 003, 004",
    ),
    _null("AgentMediaEvent_Record_Fail", "recording failed to start", "code: Huawei demo JS", confirmed=False),
    _object("AgentMediaEvent_StopPlayDone", "playback stopped", "cause", "doc cec_07_1388"),
    _null("AgentMediaEvent_PausePlayDone", "playback paused", "doc cec_07_1389"),
    # Agent conference (reference §5.5).
    _object(
        "AgentConf_RequestSuccess",
        "the agent conference was created and the chairperson joined",
        _CONF,
        "doc cec_07_1409",
    ),
    _object("AgentConf_RequestFailed", "the agent conference could not be created", "cause", "doc aggregator"),
    _object("AgentConf_SelfJoinResult", "this agent joined the agent conference", _CONF, "doc cec_07_1411 / 0561"),
    _object(
        "AgentConf_SelfLeaveResult",
        "this agent left the agent conference",
        _CONF,
        "doc cec_07_1415 / 0565; seed 003_4dff9bc1abf1d863.txt",
    ),
    _object(
        "AgentConf_Ringing", "this agent is invited to an agent conference and rung", _CONF, "doc cec_07_1413 / 0563"
    ),
    _object(
        "AgentConf_ParticipantChanged",
        "a participant of the agent conference changed",
        "result changeType changeReason confId participant participantType deviceCallType deviceType",
        "doc aggregator (category-8789f230)",
    ),
    _object("AgentConf_PresidentChanged", "the chairperson changed", _CONF, "doc cec_07_1416"),
    _object("AgentConf_Timeout", "the agent conference timed out", _CONF, "doc aggregator"),
    # Quality control (reference §5.5, the example after the table).
    _object(
        "QC_AgentState_Notify",
        "quality control: the state of a monitored agent",
        "subtype monitoredagent agentname mediaserver",
        "doc cec_07_0541",
    ),
)

CATALOGUE: dict[str, EventType] = {row.name: row for row in _ROWS}


def lookup(name: str) -> EventType | None:
    return CATALOGUE.get(name)


def closest(name: str, count: int = 3) -> list[str]:
    """The catalogue's event types closest to ``name`` (case-insensitive), best first."""
    by_lower = {known.lower(): known for known in CATALOGUE}
    matches = difflib.get_close_matches(str(name).lower(), by_lower, n=count, cutoff=0.5)
    return [by_lower[m] for m in matches]
