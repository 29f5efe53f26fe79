"""Tests of the bundled CC-Gateway simulator: the call model directly, then the HTTPS app and server."""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import threading
import time

import pytest
import requests

from CCGatewayLibrary import interfaces
from CCGatewayLibrary.errors import RetcodeRefusal
from CCGatewayLibrary.retcodes import CATALOGUE, meaning_of
from CCGatewayLibrary.simulator import GatewayModel, SimulatorServer, create_app
from tests.fidelity_marks import fidelity

GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}\.AgentGateway0")
CALL_ID = re.compile(r"[0-9]{10}-[0-9]+")


# ---------------------------------------------------------------------------------------------- model


def drain(model: GatewayModel, agent_id: str) -> list[tuple[str, object]]:
    agent = model.session(agent_id)
    events = []
    while (event := model.next_event(agent)) is not None:
        assert event["workNo"] == agent_id and isinstance(event["eventGenTime"], int)
        events.append((event["eventType"], event["content"]))
    return events


def kinds(model: GatewayModel, agent_id: str) -> list[str]:
    return [kind for kind, _ in drain(model, agent_id)]


def fault(retcode: str, function, *args, **kwargs) -> RetcodeRefusal:
    with pytest.raises(RetcodeRefusal) as caught:
        function(*args, **kwargs)
    assert caught.value.retcode == retcode, caught.value
    return caught.value


@pytest.fixture
def model() -> GatewayModel:
    return GatewayModel()


def sign_in(model: GatewayModel, *agent_ids: str, **options) -> None:
    for agent_id in agent_ids:
        model.sign_in(agent_id, **options)
        drain(model, agent_id)


def state(model: GatewayModel, agent_id: str) -> int:
    return model.agent_status(agent_id)["agentState"]


def talking_inbound(model: GatewayModel, agent_id: str, caller: str = "13800000001") -> str:
    callid = model.inbound_call(agent_id, caller)  # autoanswer: talking at once
    drain(model, agent_id)
    return callid


@fidelity(
    "signin-result-fields",
    "signin-events-idle",
    "signin-events-busy",
    "signin-events-wrapup",
    "seq-signin-idle",
    "state-agentstatus",
    "poll-event-fields",
)
def test_sign_in_result_guid_and_events(model):
    guid, result = model.sign_in("101", phonenum="", status=4)
    assert GUID.fullmatch(guid)
    assert result["workno"] == "101" and result["vdnid"] == 1 and result["mediatype"] == "TTF"
    assert result["serverName"] == "AgentGateway" and result["loginTime"].isdigit()
    assert kinds(model, "101") == ["AgentOther_InService", "AgentState_Ready"]
    model.sign_in("102", status=3)
    assert drain(model, "102")[2] == ("AgentState_SetNotReady_Success", {"reason": 0})
    model.sign_in("103", status=5)
    assert kinds(model, "103") == ["AgentOther_InService", "AgentState_Ready", "AgentState_Work"]
    assert [state(model, a) for a in ("101", "102", "103")] == [4, 3, 5]
    assert model.status()["agents"][0]["phone"] == "101"  # empty phonenum: the agent ID


@fidelity("signin-100-002", "signin-100-013", "signin-100-011")
def test_sign_in_refusals(model):
    model.sign_in("101")
    fault("100-002", model.sign_in, "101")
    fault("100-011", model.sign_in, "102", status=7)
    fault("100-013", model.sign_in, "102", phonenum="12ab")
    fault("100-013", model.sign_in, "102", phonenum="101")  # agent 101's phone
    fault("000-002", model.sign_in, "99")
    secured = GatewayModel(passwords={"101": "secret"})
    fault("100-004", secured.sign_in, "101", password="wrong")
    fault("100-004", secured.sign_in, "102", password="secret")
    assert GUID.fullmatch(secured.sign_in("101", password="secret")[0])


@fidelity("signin-force")
def test_force_sign_in_replaces_the_session(model):
    old_guid, _ = model.sign_in("101")
    new_guid, _ = model.sign_in("101", force=True)
    assert new_guid != old_guid
    fault("100-006", model.authenticate, "101", old_guid)
    assert model.authenticate("101", new_guid).guid == new_guid
    assert kinds(model, "101") == ["AgentOther_InService", "AgentState_Ready"]  # old queue dropped


@fidelity("auth-guid-per-agent")
def test_guid_belongs_to_one_agent(model):
    guid_101, _ = model.sign_in("101")
    guid_102, _ = model.sign_in("102")
    fault("100-006", model.authenticate, "101", guid_102)
    fault("100-006", model.authenticate, "101", None)
    fault("100-006", model.authenticate, "103", guid_101)
    fault("100-006", model.authenticate, "101", guid_101 + "x")


@fidelity(
    "auth-dynamic-default", "auth-first-poll-guid", "auth-guid-interval", "auth-guid-timeout", "auth-old-guid-100-006"
)
def test_dynamic_authentication_by_default_rotates_on_polls_and_expires_replaced_guids():
    now = [1000.0]
    rotating = GatewayModel(clock=lambda: now[0])  # the documented default: AUTHMODE 2, 60 s / 120 s
    assert (rotating.auth_mode, rotating.guid_interval, rotating.guid_timeout) == (2, 60.0, 120.0)
    first, _ = rotating.sign_in("101")
    agent = rotating.session("101")
    second = rotating.poll_guid(agent)  # the Guid of dynamic mode comes from the event poll
    assert GUID.fullmatch(second) and second != first
    assert rotating.poll_guid(agent) is None
    now[0] += 59.9
    assert rotating.poll_guid(agent) is None
    now[0] += 0.1
    third = rotating.poll_guid(agent)
    assert third not in (None, first, second)
    rotating.authenticate("101", second)
    now[0] += 60.1  # first issued 120.1 s ago: expired; second (issued at +0) expires at +120
    fault("100-006", rotating.authenticate, "101", first)
    fault("100-006", rotating.authenticate, "101", second)
    rotating.authenticate("101", third)
    rotating.rotate_guid("101")  # forced: the next poll rotates even before the interval
    assert rotating.poll_guid(agent) not in (None, third)


@fidelity("auth-static")
def test_static_authentication_keeps_the_sign_in_guid():
    now = [1000.0]
    static = GatewayModel(clock=lambda: now[0], auth_mode=1)
    first, _ = static.sign_in("101")
    agent = static.session("101")
    for _ in range(5):
        now[0] += 100
        assert static.poll_guid(agent) is None
    assert static.authenticate("101", first) is agent
    fault("000-002", static.set_authentication, 3)
    fault("000-002", static.set_authentication, 2, 120, 60)  # interval must be below the timeout


def test_notify_hook_on_events_and_sign_out(model):
    seen = []
    model.notify = seen.append
    model.sign_in("101")
    assert seen == ["101", "101"]
    model.sign_out("101")
    assert seen[-1] == "101" and model.session("101") is None
    fault("100-006", model.agent_status, "101")


def test_inbound_manual_answer_then_drop(model):
    sign_in(model, "101", autoanswer=False)
    callid = model.inbound_call("101", "13800000001")
    assert CALL_ID.fullmatch(callid)
    events = drain(model, "101")
    assert [k for k, _ in events] == [
        "AgentState_Busy",
        "AgentOther_PhoneAlerting",
        "AgentOther_PhoneOffhook",
        "AgentEvent_Ringing",
    ]
    assert events[1][1] is None and events[2][1] == {"type": "main"}
    assert events[3][1] == {
        "caller": "13800000001",
        "called": "101",
        "callid": callid,
        "type": "main",
        "feature": "0",
        "mediaAbility": "1",
        "transfer": "no",
        "transfrom": "",
        "mediaType": "5",
    }
    assert state(model, "101") == 3
    model.answer("101")
    assert drain(model, "101") == [
        (
            "AgentEvent_Customer_Alerting",
            {"callid": callid, "otherPhone": "13800000001", "otherPhoneWorkno": "", "type": "main"},
        ),
        (
            "AgentEvent_Talking",
            {
                "caller": "13800000001",
                "called": "101",
                "callid": callid,
                "type": "main",
                "feature": "0",
                "mediaAbility": "1",
            },
        ),
    ]
    assert model.agent_status("101") == {"agentState": 7, "isWorking": True}
    fault("200-002", model.answer, "101")
    model.release("101")
    assert drain(model, "101") == [
        ("AgentEvent_Call_Release", callid),
        ("AgentEvent_Customer_Release", {"callid": callid, "number": "13800000001"}),
        ("AgentOther_PhoneRelease", {"phoneState": 2}),
        ("AgentState_Ready", None),
    ]
    assert model.agent_status("101") == {"agentState": 4, "isWorking": False}
    assert model.calls == {}
    fault("200-017", model.release, "101")


@fidelity("seq-auto-answer")
def test_inbound_auto_answer_and_refusals(model):
    sign_in(model, "101")
    callid = model.inbound_call("101")
    events = drain(model, "101")
    assert [k for k, _ in events] == [
        "AgentState_Busy",
        "AgentOther_PhoneAlerting",
        "AgentOther_PhoneOffhook",
        "AgentEvent_Auto_Answer",
        "AgentEvent_Talking",
    ]
    assert events[3][1]["caller"] == "13800000000" and events[3][1]["callid"] == callid
    assert fault("100-007", model.inbound_call, "101").detail == "agent 101 is not idle (state talking)"
    assert "not signed in" in fault("100-007", model.inbound_call, "102").detail
    sign_in(model, "102", status=3)
    fault("100-007", model.inbound_call, "102")


def test_phone_linkage_rings_until_answered_or_rejected(model):
    sign_in(model, "101", phonelinkage=True)
    sign_in(model, "102")
    fault("100-007", model.phone_hangup, "101")  # nothing alerting
    fault("100-007", model.phone_hangup, "102")  # no linkage
    first = model.inbound_call("101")
    assert kinds(model, "101") == ["AgentState_Busy", "AgentOther_PhoneAlerting", "AgentEvent_Ringing"]
    model.answer("101")
    assert kinds(model, "101") == ["AgentOther_PhoneOffhook", "AgentEvent_Customer_Alerting", "AgentEvent_Talking"]
    model.hang_up(first)
    drain(model, "101")
    second = model.inbound_call("101")
    drain(model, "101")
    assert model.status()["agents"][0]["phone_state"] == "alerting"
    model.phone_hangup("101")
    assert drain(model, "101") == [
        ("AgentOther_PhoneRelease", {"phoneState": 2}),
        ("AgentEvent_No_Answer", second),
        ("AgentState_Ready", None),
    ]
    assert model.calls == {}


@fidelity("seq-inbound-abandoned")
def test_customer_hangs_up_talking_or_before_answer(model):
    sign_in(model, "101")
    sign_in(model, "102", autoanswer=False)
    talking = talking_inbound(model, "101", "13800000001")
    ringing = model.inbound_call("102")
    drain(model, "102")
    model.hang_up(talking)
    assert drain(model, "101") == [
        ("AgentEvent_Customer_Release", {"callid": talking, "number": "13800000001"}),
        ("AgentEvent_Call_Release", talking),
        ("AgentOther_PhoneRelease", {"phoneState": 3}),
        ("AgentState_Ready", None),
    ]
    model.hang_up(ringing)
    assert drain(model, "102") == [
        ("AgentEvent_No_Answer", ringing),
        ("AgentOther_PhoneRelease", {"phoneState": 3}),
        ("AgentState_Ready", None),
    ]
    fault("000-002", model.hang_up, talking)


@fidelity("seq-release-wrapup")
def test_autoenteridle_false_ends_in_wrap_up(model):
    sign_in(model, "101", autoenteridle=False)
    model.hang_up(talking_inbound(model, "101"))
    assert kinds(model, "101")[-1] == "AgentState_Work"
    assert state(model, "101") == 5


@fidelity("seq-outbound", "seq-outbound-callee-busy")
def test_callout_by_number_behaviour(model):
    sign_in(model, "101")
    callid = model.call_out("101", "5550001", caller="")
    events = drain(model, "101")
    assert [k for k, _ in events] == [
        "AgentOther_PhoneAlerting",
        "AgentOther_PhoneOffhook",
        "AgentState_Busy",
        "AgentEvent_Customer_Alerting",
        "AgentEvent_Talking",
    ]
    assert events[3][1] == {"callid": callid, "otherPhone": "5550001", "otherPhoneWorkno": "", "type": "main"}
    assert events[4][1] == {
        "caller": "101",
        "called": "5550001",
        "callid": callid,
        "type": "main",
        "feature": "7",
        "mediaAbility": "1",
    }
    fault("200-001", model.call_out, "101", "5550002")
    model.release("101")
    drain(model, "101")

    model.set_number_behaviour("5550003", "busy")
    busy = model.call_out("101", "5550003")
    assert kinds(model, "101")[3:] == [
        "AgentEvent_Customer_Alerting",
        "AgentEvent_Call_Out_Fail",
        "AgentEvent_Connect_Fail",
        "AgentOther_PhoneRelease",
        "AgentState_Ready",
    ]
    assert busy not in model.calls and state(model, "101") == 4

    model.set_number_behaviour("5550004", "no-answer")
    ringing = model.call_out("101", "5550004")
    assert kinds(model, "101")[-1] == "AgentEvent_Customer_Alerting"
    fault("200-014", model.hold, "101")
    assert model.status()["calls"][0]["state"] == "alerting"
    model.release("101")
    assert drain(model, "101")[:2] == [
        ("AgentEvent_Call_Release", ringing),
        ("AgentEvent_Customer_Release", {"callid": ringing, "number": "5550004"}),
    ]
    fault("000-002", model.call_out, "101", "12a")
    fault("000-002", model.set_number_behaviour, "5550005", "maybe")


@fidelity("seq-hold-unhold")
def test_hold_retrieve_and_drop_leaves_held_calls(model):
    sign_in(model, "101")
    fault("200-013", model.hold, "101")
    first = talking_inbound(model, "101")
    model.hold("101")
    assert drain(model, "101") == [("AgentEvent_Hold", first)]
    assert state(model, "101") == 7
    fault("200-015", model.retrieve, "101", "1-1")
    second = model.call_out("101", "5550001")
    assert kinds(model, "101") == [
        "AgentOther_PhoneAlerting",
        "AgentOther_PhoneOffhook",
        "AgentEvent_Customer_Alerting",
        "AgentEvent_Talking",
    ]  # no Busy: not idle
    fault("200-016", model.retrieve, "101", first)
    model.release("101")
    assert kinds(model, "101") == [
        "AgentEvent_Call_Release",
        "AgentEvent_Customer_Release",
        "AgentOther_PhoneRelease",
    ]  # still has the held call: no Ready
    assert list(model.calls) == [first] and second not in model.calls
    model.retrieve("101", first)
    assert drain(model, "101")[0][0] == "AgentEvent_Talking"


@fidelity("seed004-prereq", "seed004-callid", "seed004-events", "seed004-200-014", "seed004-200-013")
def test_connect_hold_joins_the_other_parties(model):
    sign_in(model, "101")
    customer = talking_inbound(model, "101", "13800000001")
    fault("200-014", model.connect_hold, "101", customer)  # talking, not held
    model.hold("101")
    fault("200-013", model.connect_hold, "101", customer)  # no talking call
    consult = model.call_out("101", "5550001")
    drain(model, "101")
    fault("200-014", model.connect_hold, "101", "1-1")
    model.connect_hold("101", customer)
    events = drain(model, "101")
    assert [k for k, _ in events] == [
        "AgentMediaEvent_StopRecordDone",
        "AgentEvent_Call_Release",
        "AgentEvent_Customer_Release",
        "AgentOther_PhoneRelease",
        "AgentState_Ready",
    ]
    record = events[0][1]
    assert record["callId"] == consult and record["fileMediaType"] == "1" and record["recordFormat"] == "0"
    assert record["beginTime"] <= record["endTime"]
    assert events[1][1] == consult
    assert events[2][1] == {"callid": customer, "number": "13800000001"}
    assert events[3][1] == {"phoneState": 2}
    [call] = model.status()["calls"]
    assert call["callid"] == customer and call["state"] == "talking"
    assert [p["number"] for p in call["parties"]] == ["13800000001", "5550001"]


@fidelity("seq-three-party")
def test_three_party_call_and_release_number(model):
    sign_in(model, "101")
    fault("200-010", model.conf_join, "101", "1-1")
    customer = talking_inbound(model, "101", "13800000001")
    model.hold("101")
    fault("200-010", model.conf_join, "101", customer)
    model.call_out("101", "5550001")
    fault("200-011", model.conf_join, "101", "1-1")
    drain(model, "101")
    model.conf_join("101", customer)
    assert drain(model, "101") == [("AgentEvent_Conference", {"callid": customer, "partner": "13800000001,5550001"})]
    fault("200-023", model.disconnect, "101", "5559999")
    fault("000-002", model.disconnect, "101", "55a")
    model.disconnect("101", "5550001")
    assert drain(model, "101") == [("AgentEvent_Customer_Release", {"callid": customer, "number": "5550001"})]
    [call] = model.status()["calls"]
    assert [p["number"] for p in call["parties"]] == ["13800000001", "101"]
    assert state(model, "101") == 7
    model.disconnect("101", "13800000001")  # alone: the call ends for the agent
    assert drain(model, "101") == [
        ("AgentEvent_Customer_Release", {"callid": customer, "number": "13800000001"}),
        ("AgentEvent_Call_Release", customer),
        ("AgentOther_PhoneRelease", {"phoneState": 2}),
        ("AgentState_Ready", None),
    ]
    fault("200-023", model.disconnect, "101", "13800000001")


def test_call_between_agents_rings_and_releases_both(model):
    sign_in(model, "101")
    sign_in(model, "102", phonenum="8102")  # autoanswer applies to customer calls only
    callid = model.call_out("101", "8102")
    assert drain(model, "101")[3] == (
        "AgentEvent_Customer_Alerting",
        {"callid": callid, "otherPhone": "8102", "otherPhoneWorkno": "102", "type": "main"},
    )
    assert kinds(model, "102") == [
        "AgentState_Busy",
        "AgentOther_PhoneAlerting",
        "AgentOther_PhoneOffhook",
        "AgentEvent_Ringing",
    ]
    model.answer("102")
    assert kinds(model, "102") == ["AgentEvent_Customer_Alerting", "AgentEvent_Talking"]
    assert kinds(model, "101") == ["AgentEvent_Talking"]
    model.release("102")
    assert drain(model, "101") == [
        ("AgentEvent_Call_Release", callid),
        ("AgentOther_PhoneRelease", {"phoneState": 3}),
        ("AgentState_Ready", None),
    ]
    assert kinds(model, "102") == [
        "AgentEvent_Call_Release",
        "AgentEvent_Customer_Release",
        "AgentOther_PhoneRelease",
        "AgentState_Ready",
    ]
    model.sign_in("103", status=3)
    model.call_out("101", "103")  # a busy agent's phone: like a busy number
    assert "AgentEvent_Call_Out_Fail" in kinds(model, "101")


@fidelity("seq-innerhelp-two-party", "seq-innerhelp-drop-helper", "seed000-last-call-only")
def test_two_party_internal_help(model):
    sign_in(model, "101")
    sign_in(model, "102", "103")
    fault("200-018", model.inner_help, "101", "102")  # no talking call
    customer = talking_inbound(model, "101", "13800000001")
    fault("200-018", model.inner_help, "101", "104")  # helper not signed in
    fault("000-002", model.inner_help, "101", "102", mode=3)
    help_call = model.inner_help("101", "102", devicetype=2, mode=1)
    assert drain(model, "101") == [
        ("AgentEvent_Hold", customer),
        (
            "AgentEvent_Customer_Alerting",
            {"callid": help_call, "otherPhone": "102", "otherPhoneWorkno": "102", "type": "main"},
        ),
    ]
    events = drain(model, "102")
    assert [k for k, _ in events] == [
        "AgentState_Busy",
        "AgentOther_PhoneAlerting",
        "AgentOther_PhoneOffhook",
        "AgentEvent_Ringing",
    ]
    assert events[3][1]["caller"] == "101" and events[3][1]["feature"] == "6"
    assert events[3][1]["callid"] == help_call
    model.answer("102")
    assert kinds(model, "101") == ["AgentEvent_Talking"]
    assert kinds(model, "102") == ["AgentEvent_Customer_Alerting", "AgentEvent_Talking"]
    fault("200-023", model.disconnect, "101", "13800000001")  # the held customer is not in the last call
    fault("200-024", model.disconnect, "102", "101")  # the helper may release only itself
    model.disconnect("101", "102")
    assert drain(model, "101") == [
        ("AgentEvent_Customer_Release", {"callid": help_call, "number": "102"}),
        ("AgentEvent_Call_Release", help_call),
        ("AgentOther_PhoneRelease", {"phoneState": 2}),
    ]
    assert drain(model, "102") == [
        ("AgentEvent_Call_Release", help_call),
        ("AgentOther_PhoneRelease", {"phoneState": 3}),
        ("AgentState_Ready", None),
    ]
    model.retrieve("101", customer)
    assert kinds(model, "101") == ["AgentEvent_Talking"]


def test_three_party_internal_help(model):
    sign_in(model, "101", "102")
    customer = talking_inbound(model, "101", "13800000001")
    help_call = model.inner_help("101", "102", mode=2)
    assert kinds(model, "101") == ["AgentEvent_Customer_Alerting"]  # no hold
    drain(model, "102")
    model.answer("102")
    assert drain(model, "101") == [("AgentEvent_Conference", {"callid": customer, "partner": "13800000001,102"})]
    assert drain(model, "102")[0][1]["callid"] == customer
    assert help_call not in model.calls
    fault("200-024", model.disconnect, "102", "13800000001")
    model.disconnect("102", "102")  # the helper leaves; customer and agent stay
    assert drain(model, "102")[0] == ("AgentEvent_Call_Release", customer)
    assert [p["number"] for p in model.status()["calls"][0]["parties"]] == ["13800000001", "101"]


@fidelity(
    "conf-request-events",
    "conf-participant-ringing",
    "conf-answer",
    "conf-phone-participant",
    "conf-release-events",
    "conf-release-participants",
    "seed003-101-001",
    "seed003-101-002",
    "seed003-000-002",
    "seed003-chair-only",
    "seed003-removes-all",
    "seed003-events",
    "seq-conf-release",
)
def test_agent_conference_request_and_release(model):
    sign_in(model, "101", "102", "103")
    model.set_number_behaviour("5550009", "busy")
    model.conf_setup = 0
    model.request_agent_conf("101", [("9", "102"), ("9", "104"), ("6", "5550001"), ("6", "5550009")])
    events = drain(model, "101")
    conf_id = events[0][1]["confId"]
    assert [k for k, _ in events] == [
        "AgentConf_SelfJoinResult",
        "AgentConf_RequestSuccess",
        "AgentState_Busy",
        "AgentConf_ParticipantChanged",
    ]
    assert events[3][1] == {
        "result": "0",
        "changeType": 0,
        "changeReason": 0,
        "confId": conf_id,
        "participant": "5550001",
        "participantType": 6,
        "deviceCallType": 0,
        "deviceType": 5,
    }
    assert drain(model, "102") == [("AgentState_Busy", None), ("AgentConf_Ringing", {"confId": conf_id})]
    model.answer_agent_conf("102")
    assert drain(model, "102") == [("AgentConf_SelfJoinResult", {"confId": conf_id})]
    assert drain(model, "101")[0][1]["participant"] == "102"
    fault("100-010", model.sign_out, "102")
    fault("101-002", model.release_agent_conf, "102")
    fault("101-001", model.release_agent_conf, "103")
    fault("000-002", model.request_agent_conf, "103", [("7", "102")])
    model.release_agent_conf("101")
    events = drain(model, "101")
    assert [k for k, _ in events] == [
        "AgentMediaEvent_StopRecordDone",
        "AgentOther_PhoneRelease",
        "AgentConf_SelfLeaveResult",
        "AgentState_Ready",
    ]
    assert events[1][1] == {"phoneState": 2} and events[2][1] == {"confId": conf_id}
    assert drain(model, "102") == [
        ("AgentOther_PhoneRelease", {"phoneState": 3}),
        ("AgentConf_SelfLeaveResult", {"confId": conf_id}),
        ("AgentState_Ready", None),
    ]
    assert model.conferences == {}
    fault("101-001", model.release_agent_conf, "101")


@fidelity("signout-refused-in-call", "forcelogout-releases-calls")
def test_sign_out_refused_in_a_call_force_sign_out_releases(model):
    sign_in(model, "101")
    sign_in(model, "102", autoanswer=False)
    callid = model.call_out("101", "102")
    model.answer("102")
    drain(model, "101")
    drain(model, "102")
    fault("100-010", model.sign_out, "101")
    model.sign_out("101", force=True)
    assert drain(model, "102") == [
        ("AgentEvent_Call_Release", callid),
        ("AgentOther_PhoneRelease", {"phoneState": 3}),
        ("AgentState_Ready", None),
    ]
    assert model.session("101") is None and model.calls == {}
    fault("100-006", model.sign_out, "101")
    model.sign_in("101", phonenum="")  # its phone number is free again


def test_status_and_reset(model):
    sign_in(model, "101")
    callid = talking_inbound(model, "101")
    model.set_number_behaviour("5550001", "no answer")
    status = model.status()
    assert status["agents"][0] == {
        "agent_id": "101",
        "state": "talking",
        "phone": "101",
        "phone_state": "off hook",
        "linkage": False,
        "autoanswer": True,
        "autoenteridle": True,
        "calls": [callid],
        "skills": [],
        "muted": None,
        "conference": None,
        "queued_events": 0,
    }
    assert status["calls"][0]["callid"] == callid and len(status["calls"][0]["parties"]) == 2
    assert status["numbers"] == {"5550001": "no answer"}
    model.reset()
    assert model.status() == {"agents": [], "calls": [], "conferences": [], "numbers": {}, "settings": model.settings()}


def check_invariants(model: GatewayModel) -> None:
    for callid, call in model.calls.items():
        assert len(call.parties) >= 2, callid  # a call left with one party has ended
        agents = [p.agent for p in call.parties if p.agent]
        assert len(agents) == len({id(a) for a in agents})
        for agent in agents:
            assert model.session(agent.agent_id) is agent and call in agent.calls
    for agent in model.agents.values():
        assert model.phones[agent.phone] is agent
        assert all(model.calls.get(c.callid) is c for c in agent.calls)
        assert len(agent.calls) == len({id(c) for c in agent.calls})
        assert agent.conf is None or model.conferences.get(agent.conf.conf_id) is agent.conf
        assert model.agent_status(agent.agent_id)["agentState"] in (3, 4, 5, 7)
    for conf in model.conferences.values():
        assert conf.chair.conf is conf and model.session(conf.chair.agent_id) is conf.chair


@pytest.mark.parametrize("seed", range(3))
def test_random_operations_keep_the_model_consistent(seed):
    """Any sequence of operations either succeeds or raises RetcodeRefusal, and leaves a consistent model."""
    rng = random.Random(seed)
    ids, numbers = ["101", "102", "103", "104"], ["5550001", "5550002", "5550003", "101", "102", "103"]
    succeeded = set()
    for _ in range(250):
        model = GatewayModel()
        model.set_number_behaviour("5550002", "busy")
        model.set_number_behaviour("5550003", "no answer")
        for _ in range(40):
            a = rng.choice(list(model.agents) if model.agents and rng.random() < 0.9 else ids)
            own = [c.callid for c in model.agents[a].calls] if a in model.agents else []
            callid = rng.choice(own * 3 + list(model.calls) + ["1-1"])
            operations = {
                "sign_in": lambda: model.sign_in(
                    a,
                    phonelinkage=rng.random() < 0.3,
                    autoanswer=rng.random() < 0.5,
                    autoenteridle=rng.random() < 0.8,
                    force=rng.random() < 0.3,
                ),
                "sign_out": lambda: model.sign_out(a, force=rng.random() < 0.5),
                "inbound_call": lambda: model.inbound_call(a),
                "answer": lambda: model.answer(a),
                "call_out": lambda: model.call_out(a, rng.choice(numbers)),
                "hold": lambda: model.hold(a),
                "retrieve": lambda: model.retrieve(a, rng.choice([callid, None])),
                "release": lambda: model.release(a),
                "hang_up": lambda: model.hang_up(callid),
                "connect_hold": lambda: model.connect_hold(a, callid),
                "conf_join": lambda: model.conf_join(a, callid),
                "disconnect": lambda: model.disconnect(a, rng.choice(numbers + ["13800000000"])),
                "inner_help": lambda: model.inner_help(a, rng.choice(ids), mode=rng.choice([1, 2])),
                "phone_hangup": lambda: model.phone_hangup(a),
                "request_agent_conf": lambda: model.request_agent_conf(a, [(rng.choice("96"), rng.choice(numbers))]),
                "release_agent_conf": lambda: model.release_agent_conf(a),
            }
            name = rng.choice(list(operations))
            try:
                operations[name]()
                succeeded.add(name)
            except RetcodeRefusal:
                pass
            check_invariants(model)
            for agent in model.agents.values():
                agent.events.clear()
    assert len(succeeded) >= 12, succeeded  # the walk is not stuck at sign-in


def test_every_interface_has_an_operation_and_every_retcode_is_catalogued():
    assert all(callable(getattr(GatewayModel, iface.model, None)) for iface in interfaces.ALL)
    used = set(re.findall(r'"([0-9]{3}-[0-9]{3})"', open(sys.modules[GatewayModel.__module__].__file__).read()))
    assert used <= set(CATALOGUE), used - set(CATALOGUE)


# ---------------------------------------------------------------------------------------------- HTTPS


class Client:
    """Minimal client for the tests (verify= is passed per request: REQUESTS_CA_BUNDLE would override
    a Session's verify)."""

    def __init__(self, server: SimulatorServer):
        self.server, self.url = server, server.url
        self.http = requests.Session()
        self.guids: dict[str, str] = {}

    def request(self, method, path, agent_id=None, **kwargs):
        headers = kwargs.pop("headers", None)  # given: exactly these (a test may leave the Guid out)
        if headers is None:
            headers = {"Guid": self.guids[agent_id]} if agent_id in self.guids else {}
        return self.http.request(
            method, self.url + path, headers=headers, verify=self.server.ca_bundle, timeout=10, **kwargs
        )

    def agent(self, method, template, agent_id, **kwargs):
        return self.request(method, interfaces.BASE_PATH + template.format(agentid=agent_id), agent_id, **kwargs)

    def sign_in(self, agent_id, **body):
        response = self.agent("PUT", "/onlineagent/{agentid}", agent_id, json=body)
        self.guids[agent_id] = response.headers["Set-GUID"].split("=", 1)[1]
        return response

    def poll(self, agent_id, **kwargs):
        return self.agent("GET", "/agentevent/{agentid}", agent_id, **kwargs)

    def events(self, agent_id) -> list[str]:
        kinds = []
        while (event := self.poll(agent_id).json()["event"]) is not None:
            kinds.append(event["eventType"])
        return kinds

    def control(self, method, path, **kwargs):
        return self.request(method, "/simulator" + path, **kwargs)


@pytest.fixture(scope="module")
def server():
    with SimulatorServer(poll_wait=0.2) as running:
        yield running


@pytest.fixture
def client(server):
    c = Client(server)
    c.control("POST", "/reset")
    c.control("DELETE", "/requests")
    return c


@fidelity("signin-uri-put", "signin-no-guid", "signin-set-guid-header", "signin-string-values", "signin-100-002")
def test_http_health_sign_in_and_envelope(client, server):
    assert server.url.startswith("https://127.0.0.1:") and os.path.isfile(server.ca_bundle)
    health = client.control("GET", "/health").json()
    assert health["retcode"] == "0" and health["result"]["name"] == "ccgateway-simulator"
    response = client.sign_in("101", password="", phonenum="", status="4", releasephone="false", agenttype="4")
    assert response.status_code == 200
    assert re.fullmatch(r"JSESSIONID=" + GUID.pattern, response.headers["Set-GUID"])
    body = response.json()
    assert body["message"] == "success" and body["retcode"] == "0" and body["result"]["workno"] == "101"
    again = client.agent("PUT", "/onlineagent/{agentid}", "101", json={}).json()
    assert again == {"message": meaning_of("100-002"), "retcode": "100-002", "result": {}}
    assert client.agent("GET", "/onlineagent/{agentid}/agentstatus", "101").json()["result"] == {
        "agentState": 4,
        "isWorking": False,
    }


def test_http_guid_rules_and_bad_requests(client):
    client.sign_in("101")
    client.sign_in("102")
    status = "/onlineagent/{agentid}/agentstatus"
    assert client.agent("GET", status, "101", headers={"gUiD": client.guids["101"]}).json()["retcode"] == "0"
    for headers in ({"Guid": client.guids["102"]}, {"Guid": "nonsense"}, {"X-Other": "1"}):
        assert client.agent("GET", status, "101", headers=headers).json()["retcode"] == "100-006"
    assert client.agent("GET", status, "103", headers={"Guid": client.guids["101"]}).json()["retcode"] == "100-006"
    assert client.agent("DELETE", "/voicecall/{agentid}/release", "60000").json()["retcode"] == "000-002"
    assert client.agent("GET", status, "1x1").json()["retcode"] == "000-002"
    callout = "/voicecall/{agentid}/callout"
    for body in (b"{not json", b"[1, 2]", b'{"called": 5550001}', b'{"caller": "1"}', b"[" * 5000):
        answer = client.agent(
            "PUT", callout, "101", data=body, headers={"Content-Type": "application/json", "Guid": client.guids["101"]}
        )
        assert (answer.status_code, answer.json()["retcode"]) == (200, "000-002"), body[:20]
    missing = client.request("GET", interfaces.BASE_PATH + "/nothing/101")
    assert missing.status_code == 404
    assert missing.json() == {"message": "no such interface", "retcode": "000-002", "result": {}}
    assert client.agent("GET", callout, "101").status_code == 404  # known path, wrong method
    for method, path in (
        ("PATCH", "/agentevent/101"),
        ("POST", "/voicecall/101/disconnect/12%2F3"),
        ("PUT", "/onlineagent/101/forcelogin?x=%ff"),
        ("GET", "/../../etc/passwd"),
    ):
        assert client.request(method, interfaces.BASE_PATH + path).status_code in (200, 404)
    assert (
        client.request("PUT", interfaces.BASE_PATH + "/onlineagent/103", json={"status": True}).json()["retcode"]
        == "000-002"
    )


@fidelity("common-failure-message", "poll-uri", "poll-one-event")
def test_http_call_flow_and_request_log(client):
    client.sign_in("101", autoanswer=False)
    assert client.events("101") == ["AgentOther_InService", "AgentState_Ready"]
    callid = client.control("POST", "/inbound-calls", json={"agent_id": "101"}).json()["result"]["callid"]
    assert client.events("101")[-1] == "AgentEvent_Ringing"
    assert client.agent("PUT", "/voicecall/{agentid}/answer", "101").json() == {
        "message": "success",
        "retcode": "0",
        "result": {},
    }
    assert client.agent("POST", "/voicecall/{agentid}/hold", "101").json()["retcode"] == "0"
    assert (
        client.agent("POST", "/voicecall/{agentid}/gethold", "101", params={"callid": "1-1"}).json()["retcode"]
        == "200-015"
    )
    assert (
        client.agent("POST", "/voicecall/{agentid}/gethold", "101", params={"callid": callid}).json()["retcode"] == "0"
    )
    assert client.events("101") == [
        "AgentEvent_Customer_Alerting",
        "AgentEvent_Talking",
        "AgentEvent_Hold",
        "AgentEvent_Talking",
    ]
    out = client.agent("PUT", "/voicecall/{agentid}/callout", "101", json={"called": "5550001"}).json()
    assert out["retcode"] == "200-001" and out["message"] == meaning_of("200-001")
    assert client.agent("DELETE", "/voicecall/{agentid}", "101").json()["retcode"] == "0"
    assert client.events("101")[-1] == "AgentState_Ready"
    out = client.agent("PUT", "/voicecall/{agentid}/callout", "101", json={"called": "5550001", "caller": ""})
    assert CALL_ID.fullmatch(out.json()["result"])
    log = client.control("GET", "/requests").json()["result"]
    operations = [(r["method"], r["interface"], r["retcode"]) for r in log if not r["poll"]]
    assert operations == [
        ("PUT", "login", "0"),
        ("PUT", "answer", "0"),
        ("POST", "hold", "0"),
        ("POST", "getHold", "200-015"),
        ("POST", "getHold", "0"),
        ("PUT", "callout", "200-001"),
        ("DELETE", "releaseEx", "0"),
        ("PUT", "callout", "0"),
    ]
    assert all(r["path"] == "/agentgateway/resource/agentevent/101" for r in log if r["poll"])
    client.control("DELETE", "/requests")
    assert client.control("GET", "/requests").json()["result"] == []


def test_http_control_api(client):
    client.sign_in("101")
    assert client.control("PUT", "/numbers/5550001", json={"behaviour": "busy"}).json()["result"] == {
        "number": "5550001",
        "behaviour": "busy",
    }
    bad = client.control("PUT", "/numbers/5550001", json={"behaviour": "later"}).json()
    assert bad["retcode"] == "000-002" and "later" in bad["message"]
    refused = client.control("POST", "/inbound-calls", json={"agent_id": "102"}).json()
    assert refused["retcode"] == "100-007" and "not signed in" in refused["message"]
    assert client.control("POST", "/calls/1-1/hang-up").json()["retcode"] == "000-002"
    callid = client.control("POST", "/inbound-calls", json={"agent_id": 101, "caller": "555"}).json()["result"][
        "callid"
    ]
    status = client.control("GET", "/status").json()["result"]
    assert status["agents"][0]["state"] == "talking" and status["calls"][0]["callid"] == callid
    assert client.control("POST", f"/calls/{callid}/hang-up").json()["retcode"] == "0"
    assert client.events("101")[-1] == "AgentState_Ready"
    assert client.control("POST", "/reset").json()["retcode"] == "0"
    assert client.poll("101").json()["retcode"] == "100-006"


@fidelity("poll-answers-at-once", "poll-long-wait", "poll-empty-shape")
def test_http_long_poll_at_once_or_after_poll_wait(client):
    client.sign_in("101")
    started = time.monotonic()
    assert client.poll("101").json()["event"]["eventType"] == "AgentOther_InService"
    assert time.monotonic() - started < 0.15
    client.poll("101")
    started = time.monotonic()
    assert client.poll("101").json() == {"message": "", "retcode": "0", "event": None}
    assert time.monotonic() - started >= 0.2


def test_http_rotation_on_demand_and_by_interval(client):
    client.sign_in("101")
    first = client.guids["101"]
    polled = client.poll("101")  # dynamic authentication: the poll gives the Guid
    previous = polled.headers["Set-GUID"].split("=", 1)[1]
    assert "Set-GUID" not in client.poll("101").headers
    assert client.control("POST", "/agents/101/rotate-guid").json()["retcode"] == "0"
    rotated = client.poll("101")
    second = rotated.headers["Set-GUID"].split("=", 1)[1]
    assert GUID.fullmatch(second) and second not in (first, previous)
    status = "/onlineagent/{agentid}/agentstatus"
    for guid in (previous, second):  # the replaced Guid stays valid until the next rotation
        assert client.agent("GET", status, "101", headers={"Guid": guid}).json()["retcode"] == "0"
    assert client.agent("GET", status, "101", headers={"Guid": first}).json()["retcode"] == "100-006"
    assert client.control("POST", "/agents/102/rotate-guid").json()["retcode"] == "100-006"
    with SimulatorServer(tls=False, poll_wait=0.05, guid_rotation=0.2) as other:
        other_client = Client(other)
        assert other.url.startswith("http://") and other.ca_bundle is None
        other_client.sign_in("101")
        assert "Set-GUID" in other_client.poll("101").headers
        assert "Set-GUID" not in other_client.poll("101").headers
        time.sleep(0.25)
        assert "Set-GUID" in other_client.poll("101").headers


@fidelity("poll-100-006-after-signout")
def test_http_waiting_poll_is_woken_by_events_and_sign_out():
    with SimulatorServer(poll_wait=5) as server:
        client = Client(server)
        client.sign_in("101")
        client.poll("101"), client.poll("101")  # InService, Ready: the queue is empty now
        results = []

        def poll():
            started = time.monotonic()
            results.append((client.poll("101").json(), time.monotonic() - started))

        waiting = threading.Thread(target=poll)
        waiting.start()
        time.sleep(0.3)
        other = Client(server)
        other.control("POST", "/inbound-calls", json={"agent_id": "101"})
        waiting.join(5)
        event, elapsed = results.pop()
        assert event["event"]["eventType"] == "AgentState_Busy" and 0.25 < elapsed < 2
        # signing out answers a waiting poll with 100-006 at once (agent 101 is in a call: force)
        for _ in range(4):  # PhoneAlerting, PhoneOffhook, Auto_Answer, Talking
            assert client.poll("101").json()["event"] is not None
        waiting = threading.Thread(target=poll)
        waiting.start()
        time.sleep(0.3)
        other.guids = dict(client.guids)
        assert other.agent("DELETE", "/onlineagent/{agentid}/forcelogout", "101").json()["retcode"] == "0"
        waiting.join(5)
        answer, elapsed = results.pop()
        assert answer["retcode"] == "100-006" and elapsed < 2
        # stopping is bounded even with a poll waiting
        other.sign_in("102")
        other.poll("102"), other.poll("102")
        waiting = threading.Thread(target=lambda: results.append(other.poll("102").json()))
        waiting.start()
        time.sleep(0.3)
        started = time.monotonic()
        server.stop()
        assert time.monotonic() - started < 3
        waiting.join(5)
        assert results == [{"message": "", "retcode": "0", "event": None}]


def test_stop_is_at_once_with_an_idle_tls_keep_alive_connection_and_a_waiting_poll():
    """uvicorn's own shutdown takes at least 0.2 s (a 0.1 s clock, then 0.1 s for connections), which every
    pabot process and every test with a simulator of its own paid; the waiting poll still gets its answer."""
    server = SimulatorServer(poll_wait=5)
    server.start()
    client = Client(server)
    client.sign_in("101")
    client.poll("101"), client.poll("101")  # InService, Ready: the next poll waits
    results = []
    waiting = threading.Thread(target=lambda: results.append(client.poll("101").json()))
    waiting.start()
    assert Client(server).control("GET", "/health").json()["retcode"] == "0"  # an idle keep-alive connection
    time.sleep(0.2)
    started = time.monotonic()
    server.stop()
    stopped = time.monotonic() - started
    waiting.join(5)
    assert results == [{"message": "", "retcode": "0", "event": None}]
    assert stopped < 0.1, f"stopping took {stopped:.3f} s"


def test_servers_restart_and_run_side_by_side():
    first, second = SimulatorServer(poll_wait=0.1), SimulatorServer(poll_wait=0.1, tls=False)
    try:
        urls = {first.start(), second.start()}
        assert len(urls) == 2
        old_bundle = first.ca_bundle
        first.stop()
        assert not os.path.exists(old_bundle) and first.url is None and first.ca_bundle is None
        first.stop()  # idempotent
        first.start()
        for running in (first, second):
            assert Client(running).control("GET", "/health").json()["retcode"] == "0"
        with pytest.raises(RuntimeError):
            first.start()
        model = first.model
        assert first.call(lambda: model.status()["agents"]) == []
    finally:
        first.stop()
        second.stop()


def test_http_conference_is_set_up_conf_setup_after_the_request_not_at_the_next_sweep():
    """The model sets a conference up ``conf_setup`` (0.05 s) after requestagentconf; the server's timer
    must wake for it although it was armed, by the first request, for the idle sweep a second later."""
    with SimulatorServer(tls=False, poll_wait=3.0) as other:
        assert other.model.sweep_interval() == 1.0 and other.model.conf_setup == 0.05
        other_client = Client(other)
        for agent in ("101", "102"):
            other_client.sign_in(agent)  # the first request arms the timer for the sweep, 1 s on
        started = time.monotonic()
        body = {"addresses": [{"addressType": "9", "address": "102"}]}
        answer = other_client.agent("POST", "/agentconf/{agentid}/requestagentconf", "101", json=body).json()
        assert answer["retcode"] == "0", answer
        while (event := other_client.poll("101").json()["event"])["eventType"] != "AgentConf_SelfJoinResult":
            assert event["eventType"] in ("AgentOther_InService", "AgentState_Ready"), event
        waited = time.monotonic() - started
        assert waited < 0.5, f"set up {waited:.2f} s after the request (conf_setup 0.05 s)"


def test_create_app_builds_a_route_for_every_interface():
    app = create_app(GatewayModel(), poll_wait=0.1)
    paths = {(route.path, method) for route in app.routes for method in (route.methods or ())}
    for iface in interfaces.ALL:
        assert (interfaces.BASE_PATH + iface.template, iface.method) in paths


def test_command_line_runs_until_interrupted(tmp_path):
    ca_out = tmp_path / "ca.pem"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "CCGatewayLibrary.simulator",
            "--port",
            "0",
            "--poll-wait",
            "0.1",
            "--ca-out",
            str(ca_out),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    )
    try:
        url = re.search(r"https://127\.0\.0\.1:[0-9]+", process.stdout.readline()).group(0)
        assert process.stdout.readline().strip() == f"CA bundle: {ca_out}"
        health = requests.get(url + "/simulator/health", verify=str(ca_out), timeout=5).json()
        assert health["result"]["name"] == "ccgateway-simulator"
        process.send_signal(signal.SIGINT)
        assert process.wait(10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_release_number_of_the_agents_own_number_is_the_agent_hanging_up(model):
    """Seed 000: the releasing agent is named by its phone number; leaving its own call is the agent
    hanging up itself (AgentOther_PhoneRelease phoneState 2, as for Drop Call), then it is idle again."""
    sign_in(model, "101")
    customer = talking_inbound(model, "101", "13800000001")
    model.disconnect("101", "101")
    assert drain(model, "101") == [
        ("AgentEvent_Call_Release", customer),
        ("AgentOther_PhoneRelease", {"phoneState": 2}),
        ("AgentState_Ready", None),
    ]
