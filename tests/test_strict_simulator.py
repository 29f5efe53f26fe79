"""The simulator as strict as the documentation: sessions and Guids, the agent directory, agent
conferences set up as documented, ring timeouts, Release Number's number forms and every seed retcode.
Expectations come from ../shared/seeds/ and ../shared/reference/ccgateway-api.md; each test names the
rows of the fidelity ledger (CCGatewayLibrary/simulator/fidelity.py) it proves."""

from __future__ import annotations

import time

import pytest
import requests

from CCGatewayLibrary import interfaces
from CCGatewayLibrary.errors import RetcodeRefusal
from CCGatewayLibrary.simulator import GatewayModel, SimulatorServer
from tests.conftest import control
from tests.fidelity_marks import fidelity

BASE = interfaces.BASE_PATH


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def drain(model, agent_id):
    agent = model.session(agent_id)
    out = []
    while agent.events:
        event = agent.events.popleft()
        out.append((event["eventType"], event["content"]))
    return out


def kinds(model, agent_id):
    return [k for k, _ in drain(model, agent_id)]


def refused(retcode, function, *args, **kwargs):
    with pytest.raises(RetcodeRefusal) as caught:
        function(*args, **kwargs)
    assert caught.value.retcode == retcode, caught.value
    return caught.value


def snapshot(model):
    status = model.status()
    status.pop("settings")
    return status, {a.agent_id: len(a.events) for a in model.agents.values()}


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def model(clock):
    return GatewayModel(clock=clock, conf_setup=0.5, ring_timeout=30)


def ready(model, *agent_ids, **options):
    for agent_id in agent_ids:
        model.sign_in(agent_id, **options)
        drain(model, agent_id)


# ------------------------------------------------------------------------------------ directory

DIRECTORY = {
    "101": {"password": "pw-101", "phones": ["70101", "70111"], "skills": ["1"]},
    "102": {"password": "pw-102", "phone": "70102"},
}


@fidelity(
    "signin-100-004-password",
    "signin-100-004-unknown-agent",
    "signin-100-014",
    "signin-empty-phone",
    "signin-refusal-changes-nothing",
)
def test_a_directory_makes_sign_in_check_password_and_phone(clock):
    model = GatewayModel(clock=clock, directory=DIRECTORY)
    before = snapshot(model)
    refused("100-004", model.sign_in, "101", password="wrong", phonenum="70101")
    refused("100-004", model.sign_in, "101", password="", phonenum="70101")
    refused("100-004", model.sign_in, "103", password="pw-101", phonenum="70101")  # not in the directory
    refused("100-014", model.sign_in, "101", password="pw-101", phonenum="70102")  # 102's phone
    refused("100-014", model.sign_in, "101", password="pw-101", phonenum="5550001")
    refused("100-013", model.sign_in, "101", password="pw-101", phonenum="70x01")
    assert snapshot(model) == before  # refusals change nothing
    model.sign_in("101", password="pw-101")  # no phone number: the agent's first configured phone
    assert model.status()["agents"][0]["phone"] == "70101"
    model.sign_in("102", password="pw-102", phonenum="70102")
    assert model.settings()["directory_agents"] == 2


@fidelity("signin-lenient", "directory-status")
def test_without_a_directory_sign_in_is_lenient_and_the_status_says_so(sim):
    status = control(sim, "GET", "/status")
    assert status["settings"]["directory_agents"] is None
    assert status["settings"]["sign_in_check"].startswith("lenient")
    page = requests.get(f"{sim.url}/simulator/", verify=sim.ca_bundle, timeout=5).text
    assert "lenient" in page
    answer = requests.put(
        f"{sim.url}{BASE}/onlineagent/101", json={"password": "anything"}, verify=sim.ca_bundle, timeout=5
    ).json()
    assert answer["retcode"] == "0"


@fidelity("directory-control-api", "signin-100-004-password")
def test_the_directory_is_set_through_the_control_api_without_showing_passwords(sim):
    summary = control(sim, "PUT", "/directory", DIRECTORY)
    assert summary["agents"]["101"] == {"phones": ["70101", "70111"], "skills": ["1"]}
    assert "pw-101" not in str(control(sim, "GET", "/directory"))
    assert "strict" in control(sim, "GET", "/status")["settings"]["sign_in_check"]
    answer = requests.put(
        f"{sim.url}{BASE}/onlineagent/101",
        json={"password": "wrong", "phonenum": "70101"},
        verify=sim.ca_bundle,
        timeout=5,
    ).json()
    assert answer["retcode"] == "100-004"
    bad = requests.put(
        f"{sim.url}/simulator/directory", json={"101": {"phones": ["7a"]}}, verify=sim.ca_bundle, timeout=5
    ).json()
    assert bad["retcode"] == "000-002" and "phone" in bad["message"]
    assert control(sim, "DELETE", "/directory")["agents"] is None
    control(sim, "POST", "/reset")


@fidelity("directory-server-cli")
def test_server_and_command_line_take_a_directory_file(tmp_path):
    import json

    from CCGatewayLibrary.simulator.cli import _parser

    path = tmp_path / "agents.json"
    path.write_text(json.dumps({"_comment": "x", "agents": DIRECTORY}))
    server = SimulatorServer(directory=str(path), ring_timeout=5, auth_mode=1)
    assert sorted(server.model.directory) == ["101", "102"] and server.model.ring_timeout == 5
    assert "strict" in server.describe_settings() and "static" in server.describe_settings()
    args = _parser().parse_args(["--agent-directory", str(path), "--auth-mode", "1", "--ring-timeout", "2"])
    assert (args.agent_directory, args.auth_mode, args.ring_timeout) == (str(path), 1, 2)
    assert _parser().parse_args([]).auth_mode == 2


# ------------------------------------------------------------------------------------ sessions and Guids


def _poll(sim, agent_id, guid):
    return requests.get(
        f"{sim.url}{BASE}/agentevent/{agent_id}", headers={"Guid": guid}, verify=sim.ca_bundle, timeout=5
    )


@fidelity("auth-ignoring-client-fails", "auth-set-guid-on-poll", "auth-old-guid-100-006", "poll-000-003")
def test_a_raw_client_that_never_reads_set_guid_on_polls_fails_as_on_a_real_gateway():
    with SimulatorServer(poll_wait=0.05, guid_interval=0.3, guid_timeout=0.6) as server:
        url, verify = server.url, server.ca_bundle
        answer = requests.put(f"{url}{BASE}/onlineagent/101", json={}, verify=verify, timeout=5)
        guid = answer.headers["Set-GUID"].split("=", 1)[1]
        first = _poll(server, "101", guid)
        assert first.headers["Set-GUID"].startswith("JSESSIONID=")  # the poll gives the Guid to use
        status = f"{url}{BASE}/onlineagent/101/agentstatus"
        assert requests.get(status, headers={"Guid": guid}, verify=verify, timeout=5).json()["retcode"] == "0"
        deadline = time.monotonic() + 1.5
        while time.monotonic() < deadline:  # keeps polling, but never takes the new Guid
            _poll(server, "101", guid)
            time.sleep(0.05)
        assert requests.get(status, headers={"Guid": guid}, verify=verify, timeout=5).json()["retcode"] == "100-006"
        # a client that takes each Set-GUID goes on
        guid = (
            requests.put(f"{url}{BASE}/onlineagent/101/forcelogin", json={}, verify=verify, timeout=5)
            .headers["Set-GUID"]
            .split("=", 1)[1]
        )
        deadline = time.monotonic() + 1.5
        while time.monotonic() < deadline:
            answer = _poll(server, "101", guid)
            assert answer.json()["retcode"] == "0"
            guid = answer.headers.get("Set-GUID", f"={guid}").split("=", 1)[1]
            time.sleep(0.05)
        assert requests.get(status, headers={"Guid": guid}, verify=verify, timeout=5).json()["retcode"] == "0"


@fidelity("auth-control-api")
def test_authentication_mode_is_set_through_the_control_api(sim):
    assert control(sim, "GET", "/authentication") == {"auth_mode": 2, "guid_interval": 60.0, "guid_timeout": 120.0}
    assert control(sim, "PUT", "/authentication", {"auth_mode": 1})["auth_mode"] == 1
    answer = requests.put(
        f"{sim.url}/simulator/authentication", json={"guid_interval": 200}, verify=sim.ca_bundle, timeout=5
    ).json()
    assert answer["retcode"] == "000-002"
    control(sim, "POST", "/reset")  # back to the settings the simulator started with
    assert control(sim, "GET", "/authentication")["auth_mode"] == 2


@fidelity("poll-idle-signout", "poll-open-poll-counts", "signout-no-shutdown-event")
def test_idle_sign_out_by_the_model_clock_releases_calls_for_the_others(model, clock):
    ready(model, "101", "102")
    model.call_out("101", "102")
    model.answer("102")
    drain(model, "101"), drain(model, "102")
    model.poll_opened(model.session("102"))
    clock.now += 120
    assert model.tick(force=True)[0]["what"] == "signed out after 120 s without an event poll"
    assert list(model.agents) == ["102"]
    assert kinds(model, "102") == ["AgentEvent_Call_Release", "AgentOther_PhoneRelease", "AgentState_Ready"]
    model.sign_in("101")
    assert "AgentOther_ShutdownService" not in kinds(model, "101")  # a fresh session; none for the old one


# ------------------------------------------------------------------------------------ ring timeouts


@fidelity("seq-outbound-callee-no-answer", "ring-timeout-config")
def test_an_outbound_call_not_answered_fails_after_the_ring_timeout(model, clock):
    ready(model, "101")
    model.set_number_behaviour("5550001", "no answer")
    callid = model.call_out("101", "5550001")
    assert kinds(model, "101")[-1] == "AgentEvent_Customer_Alerting"
    clock.now += 29.9
    model.tick(force=True)
    assert kinds(model, "101") == []
    clock.now += 0.1
    model.tick(force=True)
    assert drain(model, "101") == [
        ("AgentEvent_Call_Out_Fail", callid),
        ("AgentEvent_Connect_Fail", callid),
        ("AgentOther_PhoneRelease", {"phoneState": 3}),
        ("AgentState_Ready", None),
    ]
    assert model.calls == {} and model.agent_status("101")["agentState"] == 4


@fidelity("seq-outbound-agent-no-pickup")
def test_the_agents_own_phone_not_picked_up_on_a_callout(model, clock):
    ready(model, "101", phonenum="70101")
    model.set_number_behaviour("70101", "no answer")  # the agent's own phone
    callid = model.call_out("101", "5550001")
    assert kinds(model, "101") == ["AgentOther_PhoneAlerting"]
    clock.now += 30
    model.tick(force=True)
    assert drain(model, "101") == [("AgentEvent_Connect_Fail", callid), ("AgentOther_PhoneRelease", {"phoneState": 3})]
    assert model.calls == {} and model.agent_status("101") == {"agentState": 4, "isWorking": False}


@fidelity("seq-inbound-ring-timeout")
def test_an_inbound_call_not_answered_times_out_with_no_answer(model, clock):
    ready(model, "101", autoanswer=False)
    callid = model.inbound_call("101")
    drain(model, "101")
    clock.now += 30
    model.tick(force=True)
    assert drain(model, "101") == [
        ("AgentEvent_No_Answer", callid),
        ("AgentOther_PhoneRelease", {"phoneState": 3}),
        ("AgentState_Ready", None),
    ]
    assert model.calls == {}


@fidelity("ring-timeout-config")
def test_ring_timeout_is_set_through_the_control_api(sim):
    assert control(sim, "GET", "/ring-timeout") == {"seconds": 30.0}
    assert control(sim, "PUT", "/ring-timeout", {"seconds": 0.2}) == {"seconds": 0.2}
    for bad in ({}, {"seconds": 0}, {"seconds": "1"}):
        answer = requests.put(f"{sim.url}/simulator/ring-timeout", json=bad, verify=sim.ca_bundle, timeout=5).json()
        assert answer["retcode"] == "000-002"
    control(sim, "POST", "/reset")
    assert control(sim, "GET", "/ring-timeout") == {"seconds": 30.0}


# ------------------------------------------------------------------------------------ agent conference


def _conference(model, clock, chair="101", *members):
    model.request_agent_conf(chair, [("9", m) for m in members])
    clock.now += 0.5
    model.tick()
    return model.session(chair).conf.conf_id


@fidelity("conf-chair-wait", "seed003-applied-for", "conf-request-events", "bad-input-no-state-change")
def test_chair_operations_are_refused_until_the_conference_is_set_up(model, clock):
    ready(model, "101", "102")
    model.request_agent_conf("101", [("9", "102")])
    assert kinds(model, "101") == [] and kinds(model, "102") == []  # nothing before the set-up
    before = snapshot(model)
    refused("101-001", model.release_agent_conf, "101")
    refused("101-001", model.answer_agent_conf, "102")
    assert snapshot(model) == before
    clock.now += 0.5
    model.tick()
    events = drain(model, "101")
    assert [k for k, _ in events] == ["AgentConf_SelfJoinResult", "AgentConf_RequestSuccess", "AgentState_Busy"]
    conf_id = events[0][1]["confId"]
    assert events[1][1] == {"confId": conf_id}
    assert drain(model, "102") == [("AgentState_Busy", None), ("AgentConf_Ringing", {"confId": conf_id})]
    model.release_agent_conf("101")


@fidelity("conf-answer", "conf-second-answer", "conf-answer-not-invited", "bad-input-no-state-change")
def test_participants_answer_once(model, clock):
    ready(model, "101", "102", "103", "104")
    conf_id = _conference(model, clock, "101", "102", "103")
    drain(model, "101"), drain(model, "102"), drain(model, "103")
    model.answer_agent_conf("102")
    assert drain(model, "102") == [("AgentConf_SelfJoinResult", {"confId": conf_id})]
    changed = drain(model, "101")
    assert changed == [
        (
            "AgentConf_ParticipantChanged",
            {
                "result": "0",
                "changeType": 0,
                "changeReason": 0,
                "confId": conf_id,
                "participant": "102",
                "participantType": 9,
                "deviceCallType": 0,
                "deviceType": 2,
            },
        )
    ]
    before = snapshot(model)
    refused("000-007", model.answer_agent_conf, "102")  # a second answer
    refused("000-007", model.answer_agent_conf, "101")  # the chair does not answer
    refused("101-001", model.answer_agent_conf, "104")  # not invited
    assert snapshot(model) == before
    model.answer_agent_conf("103")
    assert [c["participant"] for k, c in drain(model, "102")] == ["103"]  # the others are told too


@fidelity(
    "conf-leave-events",
    "conf-leave-others-told",
    "conf-leave-chair-101-007",
    "conf-leave-not-in-conf",
    "bad-input-no-state-change",
)
def test_a_participant_leaves_the_chair_cannot(model, clock):
    ready(model, "101", "102", "103", "104")
    conf_id = _conference(model, clock, "101", "102", "103")
    model.answer_agent_conf("102"), model.answer_agent_conf("103")
    for agent in ("101", "102", "103"):
        drain(model, agent)
    before = snapshot(model)
    refused("101-007", model.leave_agent_conf, "101")
    refused("101-001", model.leave_agent_conf, "104")
    assert snapshot(model) == before
    model.leave_agent_conf("102")
    events = drain(model, "102")
    assert [k for k, _ in events] == [
        "AgentMediaEvent_StopRecordDone",
        "AgentOther_PhoneRelease",
        "AgentConf_SelfLeaveResult",
        "AgentState_Ready",
    ]
    assert events[1][1] == {"phoneState": 2} and events[2][1] == {"confId": conf_id}
    for other in ("101", "103"):
        [(kind, content)] = drain(model, other)
        assert kind == "AgentConf_ParticipantChanged" and content["changeType"] == 1
        assert content["participant"] == "102"
    assert model.agent_status("102")["agentState"] == 4


@fidelity("conf-decline", "conf-participant-ring-timeout")
def test_a_ringing_participant_declines_or_times_out(model, clock):
    ready(model, "101", "102", "103")
    conf_id = _conference(model, clock, "101", "102", "103")
    for agent in ("101", "102", "103"):
        drain(model, agent)
    model.leave_agent_conf("102")  # still ringing: declines
    assert drain(model, "102") == [("AgentConf_SelfLeaveResult", {"confId": conf_id}), ("AgentState_Ready", None)]
    assert drain(model, "101") == []  # it never joined: no participant change
    clock.now += 30
    model.tick(force=True)
    assert kinds(model, "103") == ["AgentConf_SelfLeaveResult", "AgentState_Ready"]
    assert model.status()["conferences"][0]["participants"] == []


@fidelity("conf-phone-participant")
def test_phone_participants_join_ring_or_are_skipped(model, clock):
    ready(model, "101")
    model.set_number_behaviour("5550002", "no answer")
    model.set_number_behaviour("5550003", "busy")
    model.request_agent_conf("101", [("6", "5550001"), ("6", "5550002"), ("6", "5550003")])
    clock.now += 0.5
    model.tick()
    participants = model.status()["conferences"][0]["participants"]
    assert participants == [
        {"participant": "5550001", "participantType": 6, "state": "joined"},
        {"participant": "5550002", "participantType": 6, "state": "ringing"},
    ]


@fidelity("conf-chair-idle-or-talking", "conf-body-shape")
def test_the_chair_must_be_idle_or_talking(model, clock):
    ready(model, "101", "102")
    model.set_number_behaviour("5550001", "no answer")
    model.call_out("101", "5550001")  # dialling: neither idle nor talking
    refused("100-007", model.request_agent_conf, "101", [("9", "102")])
    refused("000-002", model.request_agent_conf, "102", [("9", "1a")])
    refused("000-002", model.request_agent_conf, "102", [])


# ------------------------------------------------------------------------------------ answer, Release Number


@fidelity("seq-inbound-manual", "answer-customer-alerting")
def test_manual_answer_gives_customer_alerting_then_talking(model):
    ready(model, "101", autoanswer=False)
    callid = model.inbound_call("101", "13800000001")
    assert kinds(model, "101") == [
        "AgentState_Busy",
        "AgentOther_PhoneAlerting",
        "AgentOther_PhoneOffhook",
        "AgentEvent_Ringing",
    ]
    model.answer("101")
    events = drain(model, "101")
    assert [k for k, _ in events] == ["AgentEvent_Customer_Alerting", "AgentEvent_Talking"]
    assert events[0][1] == {"callid": callid, "otherPhone": "13800000001", "otherPhoneWorkno": "", "type": "main"}
    refused("200-002", model.answer, "101")  # a second answer


@fidelity(
    "seed000-helper-by-employee-id",
    "seed000-self-by-softphone",
    "seed000-helper-only-self",
    "seed000-200-023",
    "seed000-200-024",
    "bad-input-no-state-change",
)
def test_release_number_takes_only_the_forms_the_page_names(model):
    ready(model, "101", phonenum="70101")
    ready(model, "102", phonenum="70102")
    model.inbound_call("101")
    drain(model, "101")
    model.inner_help("101", "102")
    model.answer("102")
    drain(model, "101"), drain(model, "102")
    before = snapshot(model)
    refused("200-023", model.disconnect, "101", "70102")  # the helper's phone: the page says employee ID
    refused("200-023", model.disconnect, "101", "101")  # itself by agent ID: the page says soft-phone number
    refused("200-024", model.disconnect, "102", "70101")  # the helper may release only itself
    refused("200-023", model.disconnect, "102", "70102")  # ... by its employee ID
    assert snapshot(model) == before
    model.disconnect("101", "102")  # the helper, by its employee ID
    assert kinds(model, "102")[0] == "AgentEvent_Call_Release"


@fidelity("seed000-self-by-softphone")
def test_the_requesting_agent_releases_itself_by_its_soft_phone_number(model):
    ready(model, "101", phonenum="70101")
    ready(model, "102", phonenum="70102")
    model.inbound_call("101")
    model.inner_help("101", "102")
    model.answer("102")
    drain(model, "101"), drain(model, "102")
    model.disconnect("101", "70101")
    assert kinds(model, "101")[0] == "AgentEvent_Call_Release"


@fidelity("seed000-outbound-hold-release")
def test_an_outbound_callee_on_hold_can_be_released(model):
    ready(model, "101")
    callid = model.call_out("101", "5550001")
    model.hold("101")
    drain(model, "101")
    model.disconnect("101", "5550001")  # the held callee is in the last call
    events = drain(model, "101")
    assert ("AgentEvent_Call_Release", callid) in events and model.calls == {}


# ------------------------------------------------------------------------------------ the five seed pages

SEEDS = {  # log name -> (method, template, documented retcodes), from ../shared/seeds/
    "disconnect": ("POST", "/voicecall/{agentid}/disconnect/5550001", ("100-006", "100-007", "200-023", "200-024")),
    "release": ("DELETE", "/voicecall/{agentid}/release", ("100-006", "100-007", "200-017")),
    "phonehangup": ("POST", "/voicecall/{agentid}/phonehangup", ("100-006", "100-007")),
    "releaseAgentConf": (
        "POST",
        "/agentconf/{agentid}/releaseagentconf",
        ("000-002", "100-006", "100-007", "101-001", "101-002"),
    ),
    "connectHold": ("POST", "/voicecall/{agentid}/connecthold/1-1", ("100-006", "100-007", "200-013", "200-014")),
}


def _sign_in(sim, agent_id="101", **body):
    answer = requests.put(f"{sim.url}{BASE}/onlineagent/{agent_id}", json=body, verify=sim.ca_bundle, timeout=5)
    return answer.headers["Set-GUID"].split("=", 1)[1]


def _call(sim, log_name, agent_id, guid, method=None):
    m, template, _ = SEEDS[log_name]
    return requests.request(
        method or m,
        f"{sim.url}{BASE}{template.format(agentid=agent_id)}",
        headers={"Guid": guid, "Content-Type": "application/json; charset=UTF-8"},
        verify=sim.ca_bundle,
        timeout=5,
    )


@fidelity(
    "fault-100-007-each-seed",
    "seed000-100-007",
    "seed001-100-007",
    "seed002-100-007",
    "seed003-100-007",
    "seed004-100-007",
)
@pytest.mark.parametrize("log_name", sorted(SEEDS))
def test_100_007_for_every_seed_interface_by_fault_injection(sim, log_name):
    guid = _sign_in(sim)
    control(sim, "POST", "/faults", {"kind": "operation exception", "interface": log_name})
    before = control(sim, "GET", "/status")
    answer = _call(sim, log_name, "101", guid).json()
    assert answer["retcode"] == "100-007" and answer["result"] == {}
    assert control(sim, "GET", "/status") == before  # nothing happened
    assert control(sim, "GET", "/faults")["active"] == []  # used up by that one request (count 1)


@fidelity(
    "seed000-100-006",
    "seed001-100-006",
    "seed002-100-006",
    "seed003-100-006",
    "seed004-100-006",
    "seed000-guid-header",
    "seed001-200-017",
    "seed003-101-001",
    "seed004-200-013",
    "seed002-prereq-linkage",
    "seed000-200-023",
)
@pytest.mark.parametrize("log_name", sorted(SEEDS))
def test_every_seed_interface_refuses_without_guid_and_without_the_situation(sim, log_name):
    guid = _sign_in(sim)
    assert _call(sim, log_name, "101", "").json()["retcode"] == "100-006"
    assert _call(sim, log_name, "101", guid + "x").json()["retcode"] == "100-006"
    situation = {
        "disconnect": "200-023",
        "release": "200-017",
        "phonehangup": "100-007",
        "releaseAgentConf": "101-001",
        "connectHold": "200-013",
    }[log_name]
    answer = _call(sim, log_name, "101", guid).json()
    assert answer["retcode"] == situation and answer["retcode"] in SEEDS[log_name][2]


@fidelity(
    "seed000-uri",
    "seed001-uri",
    "seed001-uri-legacy",
    "seed002-uri",
    "seed003-uri",
    "seed004-uri",
    "seed000-log-name",
    "seed001-log-names",
    "seed002-log-name",
    "seed003-log-name",
    "seed004-log-name",
    "seed000-response",
    "seed001-response",
    "seed002-response",
    "seed003-response",
    "seed004-response",
    "seed-methods-only",
    "common-http200-envelope",
    "common-unknown-route-404",
    "common-content-type",
)
def test_the_seed_uris_methods_log_names_and_envelopes(sim):
    guid = _sign_in(sim)
    other = _sign_in(sim, "102")
    log_names = {
        "disconnect": "disconnect",
        "release": "release",
        "releaseEx": "releaseEx",
        "phonehangup": "phonehangup",
        "releaseAgentConf": "releaseAgentConf",
        "connectHold": "connectHold",
    }
    for log_name in SEEDS:
        wrong = "GET" if SEEDS[log_name][0] != "GET" else "PUT"
        response = _call(sim, log_name, "101", guid, method=wrong)
        assert response.status_code == 404 and response.json()["retcode"] == "000-002"
    # success envelopes: {"result": {}, "message": "success", "retcode": "0"} with HTTP 200
    control(sim, "POST", "/inbound-calls", {"agent_id": "101"})
    ok = requests.delete(f"{sim.url}{BASE}/voicecall/101", headers={"Guid": guid}, verify=sim.ca_bundle, timeout=5)
    assert ok.status_code == 200 and ok.json() == {"result": {}, "message": "success", "retcode": "0"}
    control(sim, "POST", "/inbound-calls", {"agent_id": "102"})
    ok = _call(sim, "release", "102", other)
    assert ok.json() == {"result": {}, "message": "success", "retcode": "0"}
    failed = _call(sim, "release", "101", guid)
    assert failed.status_code == 200 and failed.json()["retcode"] == "200-017" and failed.json()["message"]
    logged = {r["interface"] for r in control(sim, "GET", "/requests")}
    assert {"release", "releaseEx"} <= logged
    for log_name in SEEDS:
        _call(sim, log_name, "101", guid)
    logged = {r["interface"] for r in control(sim, "GET", "/requests")}
    assert set(log_names) <= logged


@fidelity(
    "seed001-agent-range",
    "seed002-agent-range",
    "seed003-agent-range",
    "seed004-agent-range",
    "seed000-agent-range",
    "agentid-60000-consistency",
    "signin-agent-range",
)
def test_agent_ids_60000_to_999999_follow_each_page(sim):
    guid = _sign_in(sim, "60000")
    assert guid  # sign-in: 101-999999
    for log_name in SEEDS:
        answer = _call(sim, log_name, "60000", guid).json()
        if log_name == "disconnect":  # seed 000: 101-999999; the situation decides
            assert answer["retcode"] == "200-023"
        else:  # seeds 001-004: 101-59999
            assert answer["retcode"] == "000-002", log_name
    assert _call(sim, "release", "100", guid).json()["retcode"] == "000-002"


@fidelity("seed002-events", "seq-phonehangup", "seed002-prereq-alerting", "seed002-espace-only")
def test_reject_ringing_call_on_a_linked_phone(model):
    ready(model, "101", phonelinkage=True)
    refused("100-007", model.phone_hangup, "101")  # nothing alerting yet
    callid = model.inbound_call("101")
    assert kinds(model, "101") == ["AgentState_Busy", "AgentOther_PhoneAlerting", "AgentEvent_Ringing"]
    model.phone_hangup("101")
    assert drain(model, "101") == [
        ("AgentOther_PhoneRelease", {"phoneState": 2}),
        ("AgentEvent_No_Answer", callid),
        ("AgentState_Ready", None),
    ]


@fidelity("seed001-events", "seq-release", "seed001-current-call-only")
def test_drop_call_events(model):
    ready(model, "101")
    callid = model.inbound_call("101", "13800000001")
    drain(model, "101")
    model.release("101")
    assert drain(model, "101") == [
        ("AgentEvent_Call_Release", callid),
        ("AgentEvent_Customer_Release", {"callid": callid, "number": "13800000001"}),
        ("AgentOther_PhoneRelease", {"phoneState": 2}),
        ("AgentState_Ready", None),
    ]
    refused("200-017", model.release, "101")


@fidelity("seq-three-party-a-leaves", "seq-three-party-disconnect-c", "seed000-three-party", "seed000-events")
def test_three_party_call_parties_leave(model):
    ready(model, "101")
    customer = model.inbound_call("101", "13800000001")
    model.hold("101")
    model.call_out("101", "5550001")
    model.conf_join("101", customer)
    drain(model, "101")
    model.disconnect("101", "5550001")  # back to the customer alone
    assert drain(model, "101") == [("AgentEvent_Customer_Release", {"callid": customer, "number": "5550001"})]
    model.hold("101"), model.call_out("101", "5550002"), model.conf_join("101", customer)
    drain(model, "101")
    model.release("101")  # A leaves: the customer and C stay connected
    assert [p["number"] for p in model.status()["calls"][0]["parties"]] == ["13800000001", "5550002"]


@fidelity("callid-format", "signin-guid-format", "auth-set-guid-format")
def test_call_ids_and_guids_have_the_documented_forms(model):
    import re

    guid, _ = model.sign_in("101")
    assert re.fullmatch(r"[0-9a-f-]{36}\.AgentGateway[0-9]", guid)
    assert re.fullmatch(r"[0-9]{10}-[0-9]+", model.inbound_call("101"))


@fidelity("seq-three-party-b-leaves")
def test_a_three_party_call_goes_on_when_one_party_leaves(model):
    ready(model, "101")
    ready(model, "102", phonenum="70102")  # C is an agent, so only B is an external party
    customer = model.inbound_call("101", "13800000001")
    model.hold("101")
    model.call_out("101", "70102")
    model.answer("102")
    model.conf_join("101", customer)
    drain(model, "101"), drain(model, "102")
    model.hang_up(customer)  # B (the customer) leaves
    assert drain(model, "101") == [("AgentEvent_Customer_Release", {"callid": customer, "number": "13800000001"})]
    assert sorted(p["number"] for p in model.status()["calls"][0]["parties"]) == ["101", "70102"]


@fidelity("signin-other-retcodes")
def test_sign_in_errors_that_are_not_simulated(model):
    model.sign_in("101", password="any")  # no uPortal, CTI or agent-type checks: 100-001/003/012/015/016 never
    assert model.session("101") is not None


@fidelity("not-modelled")
def test_not_modelled_interfaces_are_unknown_routes(sim):
    for method, path in (
        ("PUT", "/onlineagent/101/updateGuid"),
        ("POST", "/onlineagent/101/handshake"),
        ("PUT", "/onlineagent/101/loginex"),
    ):
        answer = requests.request(method, f"{sim.url}{BASE}{path}", verify=sim.ca_bundle, timeout=5)
        assert answer.status_code == 404 and answer.json()["retcode"] == "000-002"
