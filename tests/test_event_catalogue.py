"""The event catalogue (eventtypes.py) says what the documentation says. The expectations below are copied
from the documentation (the project's reference, section 5, which condenses Huawei's event pages, and the
"Triggered Event" lists of the seed pages), not from the catalogue."""

import pytest

from CCGatewayLibrary import interfaces as api
from CCGatewayLibrary.eventtypes import CATALOGUE, NULL, OBJECT, TEXT, closest

# Reference §5: event type -> content as documented (None: null; "callid": the call ID as a plain string;
# a set: the object's field names).
DOCUMENTED = {
    "AgentState_Ready": None,
    "AgentState_Busy": None,
    "AgentState_Work": None,
    "AgentState_SetNotReady_Success": {"reason"},
    "AgentEvent_Ringing": {
        "caller",
        "called",
        "callid",
        "type",
        "feature",
        "mediaAbility",
        "transfer",
        "transfrom",
        "mediaType",
    },
    "AgentEvent_Auto_Answer": {
        "caller",
        "called",
        "callid",
        "type",
        "feature",
        "mediaAbility",
        "transfer",
        "transfrom",
        "mediaType",
    },
    "AgentEvent_Customer_Alerting": {"callid", "otherPhone", "otherPhoneWorkno", "type"},
    "AgentEvent_Talking": {"caller", "called", "callid", "type", "feature", "mediaAbility"},
    "AgentEvent_Hold": "callid",
    "AgentEvent_Conference": {"callid", "partner"},
    "AgentEvent_Call_Out_Fail": "callid",
    "AgentEvent_No_Answer": "callid",
    "AgentEvent_Call_Release": "callid",
    "AgentEvent_Customer_Release": {"callid", "number"},
    "AgentEvent_Connect_Fail": "callid",
    "AgentEvent_Incoming_CallInfo": {
        "callId",
        "skillName",
        "skillId",
        "caller",
        "called",
        "lastReleaseAgentId",
        "mediaType",
        "releaseAndReQueueCount",
        "releaseAndReQueueCallFlag",
    },
    "AgentEvent_Preview_CallOut": {"controlid", "dialeddigits", "callData"},
    "AgentOther_PhoneAlerting": None,
    "AgentOther_PhoneOffhook": {"type"},
    "AgentOther_PhoneRelease": {"phoneState"},
    "AgentOther_PhoneUnknow": None,
    "AgentOther_PhoneBusy": None,
    "AgentOther_InService": None,
    "AgentOther_ShutdownService": {"loginTime"},
    "AgentMediaEvent_StopRecordDone": {"beginTime", "endTime", "taskId", "fileMediaType", "recordFormat", "callId"},
    "AgentMediaEvent_StopPlayDone": {"cause"},
    "AgentMediaEvent_PausePlayDone": None,
    "AgentConf_RequestSuccess": {"confId"},
    "AgentConf_RequestFailed": {"cause"},
    "AgentConf_SelfJoinResult": {"confId"},
    "AgentConf_SelfLeaveResult": {"confId"},
    "AgentConf_Ringing": {"confId"},
    "AgentConf_ParticipantChanged": {
        "result",
        "changeType",
        "changeReason",
        "confId",
        "participant",
        "participantType",
        "deviceCallType",
        "deviceType",
    },
    "AgentConf_PresidentChanged": {"confId"},
    "AgentConf_Timeout": {"confId"},
    "QC_AgentState_Notify": {"subtype", "monitoredagent", "agentname", "mediaserver"},
}
# Named in §5 "as named" or only by client code: in the catalogue, without a documented content to compare.
NAMED_ONLY = [
    "AgentState_CancelNotReady_Success",
    "AgentState_SetRest_Success",
    "AgentState_CancelRest_Success",
    "AgentState_Rest_Timeout",
    "AgentState_SetWork_Success",
    "AgentState_CancelWork_Success",
    "AgentState_Force_SetNotReady",
    "AgentState_Force_Ready",
    "AgentEvent_Inside_Call_Fail",
    "AgentEvent_Consult_Fail",
    "AgentOther_All_Agent_Busy",
    "AgentMediaEvent_Record",
    "AgentMediaEvent_Record_Fail",
    "AgentEvent_linkagePhoneCallOut",
]
# The seed pages' "Triggered Event" lists.
SEED_EVENTS = {
    "AgentEvent_Call_Release",
    "AgentEvent_Customer_Release",
    "AgentOther_PhoneRelease",
    "AgentEvent_No_Answer",
    "AgentMediaEvent_StopRecordDone",
    "AgentConf_SelfLeaveResult",
    "AgentState_Ready",
}


@pytest.mark.parametrize("name", sorted(DOCUMENTED))
def test_each_documented_event_has_its_documented_content(name):
    row = CATALOGUE[name]
    documented = DOCUMENTED[name]
    if documented is None:
        assert row.shape == NULL
    elif documented == "callid":
        assert row.shape == TEXT and row.text == "call ID"
    else:
        assert row.shape == OBJECT and set(row.fields) == documented
    assert row.source, name


def test_every_event_type_named_by_the_documentation_or_the_seeds_is_in_the_catalogue():
    assert set(NAMED_ONLY) | SEED_EVENTS <= set(CATALOGUE)
    for interface in api.ALL:  # the interface table's triggered events, from the seed pages and §6/§7
        assert set(interface.events) <= set(CATALOGUE), interface.log_name


def test_an_unconfirmed_content_says_so():
    for name in ("AgentMediaEvent_Record", "AgentEvent_Inside_Call_Fail", "AgentOther_All_Agent_Busy"):
        assert not CATALOGUE[name].confirmed


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("AgentState_Redy", "AgentState_Ready"),
        ("agentstate_ready", "AgentState_Ready"),
        ("AgentEvent_CallRelease", "AgentEvent_Call_Release"),
        ("AgentEvent_Talkng", "AgentEvent_Talking"),
    ],
)
def test_a_misspelled_event_type_finds_the_one_meant_first(typed, meant):
    assert closest(typed)[0] == meant
