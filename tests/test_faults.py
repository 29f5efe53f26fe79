"""Fault injection in the simulator and the library under each fault: every request fails within its timeout
naming the fault and the interface; the event poller retries with back-off, loses no event and hands none
out twice; an agent the gateway signed out is reported by its next request, which is not sent."""

from __future__ import annotations

import time

import pytest
import requests

from CCGatewayLibrary import CCGatewayLibrary
from CCGatewayLibrary import interfaces as api
from CCGatewayLibrary.client import GatewayConnectionError, GatewayError, GatewayResponseError, matcher
from CCGatewayLibrary.client.errors import AgentSignedOutError
from CCGatewayLibrary.simulator import GatewayModel, SimulatorServer
from CCGatewayLibrary.simulator.cli import _parser
from CCGatewayLibrary.simulator.faults import KINDS, identify

from conftest import control

SIGN_IN = {"password": "", "phonenum": "", "status": 4, "phonelinkage": False, "autoanswer": False}
INBOUND = ["AgentState_Busy", "AgentOther_PhoneAlerting", "AgentOther_PhoneOffhook", "AgentEvent_Ringing"]


def inject(sim, **spec):
    return control(sim, "POST", "/faults", spec)


def control_answer(sim, method, path, body=None):
    return requests.request(method, f"{sim.url}/simulator{path}", json=body, verify=sim.ca_bundle, timeout=5).json()


def applied(sim) -> list[str]:
    return [item["what"] for item in control(sim, "GET", "/faults")["applied"]]


def requests_of(sim, interface: str) -> list[dict]:
    return [r for r in control(sim, "GET", "/requests") if r["interface"] == interface]


def ready_agent(client, agent_id="101"):
    session, _ = client.sign_in(agent_id, SIGN_IN)
    assert session.stream.wait_for(matcher("AgentState_Ready"), 3)
    return session


def received(session) -> list[str]:
    return [r.event_type for r in session.stream.history()]


def wait_until(condition, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the condition did not come true in time"
        time.sleep(0.02)


# ---------------------------------------------------------------------------------------- control API


def test_faults_are_injected_listed_and_cleared(sim):
    fault = inject(sim, kind="HTTP-error", interface="Drop Call", agent="101", count=2, status=502)
    assert fault["kind"] == "http error" and fault["remaining"] == 2 and fault["status"] == 502
    assert fault["interface"] == ["release", "releaseEx"] and fault["agent"] == "101"
    assert [f["id"] for f in control(sim, "GET", "/faults")["active"]] == [fault["id"]]
    assert control(sim, "DELETE", "/faults") == {"cleared": 1}
    assert control(sim, "GET", "/faults")["active"] == []


@pytest.mark.parametrize(
    "spec, field",
    [
        ({}, "'kind'"),
        ({"kind": "earthquake"}, "'kind'"),
        ({"kind": "latency", "count": 0}, "'count'"),
        ({"kind": "latency", "count": "2"}, "'count'"),
        ({"kind": "latency", "seconds": -1}, "'seconds'"),
        ({"kind": "latency", "duration": 10_000}, "'duration'"),
        ({"kind": "http error", "status": 404}, "'status'"),
        ({"kind": "latency", "agent": "99"}, "'agent'"),
        ({"kind": "latency", "interface": "teleport"}, "'interface'"),
        ({"kind": "drop event", "interface": "release"}, "event poll only"),
        ({"kind": "missed guid rotation"}, "'agent'"),
        ({"kind": "missed guid rotation", "agent": "101"}, "not signed in"),
        ({"kind": "latency", "colour": "red"}, "'colour'"),
    ],
)
def test_a_bad_fault_spec_is_refused_with_000_002_naming_the_field(sim, spec, field):
    answer = control_answer(sim, "POST", "/faults", spec)
    assert answer["retcode"] == "000-002" and field in answer["message"]
    assert control(sim, "GET", "/faults")["active"] == []


def test_every_kind_has_a_name_and_requests_are_identified_by_interface():
    assert len(KINDS) == 12
    assert identify("DELETE", "/agentgateway/resource/voicecall/101/release") == (api.RELEASE, "101")
    assert identify("GET", "/agentgateway/resource/agentevent/2001") == (api.AGENT_EVENT, "2001")
    assert identify("POST", "/agentgateway/resource/voicecall/101/release") == (None, None)
    assert identify("GET", "/simulator/status") == (None, None)


def test_simulator_reset_clears_faults_and_the_idle_timeout(sim):
    inject(sim, kind="latency")
    control(sim, "PUT", "/idle-timeout", {"seconds": 3})
    control(sim, "POST", "/reset")
    assert control(sim, "GET", "/faults")["active"] == []
    assert control(sim, "GET", "/idle-timeout") == {"seconds": 120.0}


# ---------------------------------------------------------------------------------------- one request


def test_latency_within_the_timeout_only_delays(client, sim):
    session = ready_agent(client)
    inject(sim, kind="latency", seconds=0.3, interface="getAgentStatus")
    started = time.monotonic()
    assert client.call(api.AGENT_STATUS, "101", session=session)["retcode"] == "0"
    assert time.monotonic() - started >= 0.3
    assert applied(sim) == ["delayed 0.3 s"]


def test_latency_on_a_request_with_a_json_body_delays_and_then_serves_it(client, sim):
    inject(sim, kind="latency", seconds=0.3, interface="login")
    started = time.monotonic()
    session, result = client.sign_in("101", SIGN_IN)  # the delayed request's body still reaches the app
    assert time.monotonic() - started >= 0.3
    assert result["workno"] == "101" and session.guid


def test_latency_beyond_the_timeout_fails_within_it_and_the_request_is_not_served(sim):
    client = _client(sim, timeout=0.5)
    session = ready_agent(client)
    inject(sim, kind="latency", seconds=3, interface="Drop Call")
    started = time.monotonic()
    with pytest.raises(GatewayConnectionError) as error:
        client.call(api.RELEASE, "101", session=session)
    assert time.monotonic() - started < 2.5  # bounded by the 0.5 s timeout, not by the 3 s delay
    assert "Drop Call: DELETE" in str(error.value) and "/voicecall/101/release" in str(error.value)
    assert "got no answer: timed out (timeout 0.5 s)" in str(error.value)
    wait_until(lambda: [r["retcode"] for r in requests_of(sim, "release")] == ["fault: latency (the client left)"])
    client.close()


@pytest.mark.parametrize(
    "kind, error_type, text",
    [
        ("http error", GatewayResponseError, "answered HTTP 503 Service Unavailable"),
        ("not json", GatewayResponseError, "answered with a body that is not JSON: '<html>"),
        ("connection reset", GatewayConnectionError, "got no answer: connection reset"),
    ],
)
def test_a_transport_fault_fails_the_request_at_once_naming_fault_keyword_and_url(client, sim, kind, error_type, text):
    session = ready_agent(client)
    inject(sim, kind=kind, interface="release")
    started = time.monotonic()
    with pytest.raises(error_type) as error:
        client.call(api.RELEASE, "101", session=session)
    assert time.monotonic() - started < 3
    assert str(error.value).startswith(f"Drop Call: DELETE {sim.url}/agentgateway/resource/voicecall/101/release")
    assert text in str(error.value)
    assert client.call(api.AGENT_STATUS, "101", session=session)["retcode"] == "0"  # the next one works


def test_a_failover_fails_with_000_004_naming_the_interface(client, sim):
    session = ready_agent(client)
    inject(sim, kind="failover", agent="101", interface="Drop Call")
    with pytest.raises(GatewayError) as error:
        client.call(api.RELEASE, "101", session=session)
    assert str(error.value) == (
        "000-004: the agent is being switched over (failover) "
        "(Drop Call: DELETE /agentgateway/resource/voicecall/101/release)"
    )


def test_a_fault_for_one_agent_leaves_the_other_alone(client, sim):
    ready_agent(client, "101")
    other = ready_agent(client, "102")
    inject(sim, kind="http error", agent="101", interface="getAgentStatus")
    assert client.call(api.AGENT_STATUS, "102", session=other)["retcode"] == "0"
    assert control(sim, "GET", "/faults")["active"][0]["remaining"] == 1


def test_the_library_keyword_fails_within_its_timeout_under_latency(sim):
    library = CCGatewayLibrary(timeout="1 s")
    library.connect(sim.url, sim.ca_bundle)
    try:
        library.run_keyword("sign_in_agent", ["101"], {})
        inject(sim, kind="latency", seconds=5, interface="Drop Call")
        started = time.monotonic()
        with pytest.raises(GatewayConnectionError, match="Drop Call: DELETE .* timed out"):
            library.run_keyword("drop_call", ["101"], {})
        assert time.monotonic() - started < 3
    finally:
        library.close()


# ---------------------------------------------------------------------------------------- the event poller


@pytest.mark.parametrize(
    "kind, named",
    [
        ("http error", "HTTP 503"),
        ("not json", "not JSON"),
        ("connection reset", "connection reset"),
        ("failover", "000-004"),
    ],
)
def test_the_poller_retries_a_failed_poll_and_loses_no_event(client, sim, kind, named):
    session = ready_agent(client)
    inject(sim, kind=kind, agent="101", interface="getAgentEvent", count=3)
    call = control(sim, "POST", "/inbound-calls", {"agent_id": "101"})["callid"]
    assert session.stream.wait_for(matcher("AgentEvent_Ringing", fields={"callid": call}), 10)
    assert received(session)[2:] == INBOUND  # every event, once, in order
    assert session.stream.faults >= 3 and session.stream.running
    assert named in str(session.stream.last_fault) and "agentevent/101" in str(session.stream.last_fault)
    notes = session.stream.take_notes()
    assert any("event poll failed" in note for note in notes)
    assert any("works again after" in note for note in notes)


def test_the_poller_backs_off_to_at_most_one_poll_every_two_seconds(client, sim):
    session = ready_agent(client)
    control(sim, "DELETE", "/requests")
    inject(sim, kind="http error", agent="101", interface="getAgentEvent", duration=3)
    time.sleep(3.2)  # let the fault run its course; the count of polls meanwhile is the point
    failed = [r for r in requests_of(sim, "getAgentEvent") if r["retcode"].startswith("fault")]
    assert 3 <= len(failed) <= 12  # back-off 0.05 s doubling to 2 s; without it, hundreds
    call = control(sim, "POST", "/inbound-calls", {"agent_id": "101"})["callid"]
    assert session.stream.wait_for(matcher("AgentEvent_Ringing", fields={"callid": call}), 5)


def test_empty_polls_answered_at_once_do_not_make_the_poller_spin_and_lose_nothing(client, sim):
    session = ready_agent(client)
    control(sim, "DELETE", "/requests")
    inject(sim, kind="empty poll", agent="101", duration=1)
    time.sleep(1.1)
    empties = [r for r in requests_of(sim, "getAgentEvent") if r["retcode"] == "fault: empty poll"]
    assert 2 <= len(empties) <= 8  # one per 0.2 s pause
    control(sim, "POST", "/inbound-calls", {"agent_id": "101"})
    assert session.stream.wait_for(matcher("AgentEvent_Ringing"), 5)
    assert received(session)[2:] == INBOUND


def test_a_duplicated_event_is_kept_once(client, sim):
    session = ready_agent(client)
    inject(sim, kind="duplicate event", agent="101")
    control(sim, "POST", "/inbound-calls", {"agent_id": "101"})
    assert session.stream.wait_for(matcher("AgentEvent_Ringing"), 5)
    assert applied(sim) == ["duplicated AgentState_Busy"]
    assert received(session)[2:] == INBOUND
    assert session.stream.duplicates == 1
    assert session.stream.wait_for(matcher("AgentState_Busy"), 1)
    assert session.stream.wait_for(matcher("AgentState_Busy"), 0.2) is None  # handed out once
    assert any("AgentState_Busy" in note and "again" in note for note in session.stream.take_notes())


def test_equal_events_without_event_time_are_not_taken_for_repeats():
    from CCGatewayLibrary.client import EventStream

    stream = EventStream("101", lambda: None)
    event = {"eventType": "AgentState_Ready", "workNo": "101", "content": None}
    assert not stream._repeated(event) and not stream._repeated(dict(event))
    timed = {**event, "eventGenTime": 1700000000000}
    assert not stream._repeated(timed) and stream._repeated(dict(timed))


def test_swapped_events_are_all_kept_in_arrival_order(client, sim):
    session = ready_agent(client)
    inject(sim, kind="reorder events", agent="101")
    control(sim, "POST", "/inbound-calls", {"agent_id": "101"})
    for event_type in reversed(INBOUND):
        assert session.stream.wait_for(matcher(event_type), 5), event_type
    assert received(session)[2:] == [INBOUND[1], INBOUND[0], *INBOUND[2:]]
    assert applied(sim) == ["handed out AgentOther_PhoneAlerting before AgentState_Busy"]


def test_an_event_the_gateway_drops_is_missing_and_the_others_arrive(client, sim):
    session = ready_agent(client)
    inject(sim, kind="drop event", agent="101", count=2)
    control(sim, "POST", "/inbound-calls", {"agent_id": "101"})
    assert session.stream.wait_for(matcher("AgentEvent_Ringing"), 5)
    assert applied(sim) == ["dropped AgentState_Busy", "dropped AgentOther_PhoneAlerting"]
    assert received(session)[2:] == INBOUND[2:]


# ---------------------------------------------------------------------------------------- sessions lost


def test_a_missed_guid_rotation_ends_the_stream_and_the_next_request_is_not_sent(client, sim):
    session = ready_agent(client)
    old_guid = session.guid
    inject(sim, kind="missed guid rotation", agent="101")
    call = control(sim, "POST", "/inbound-calls", {"agent_id": "101"})["callid"]
    assert session.stream.wait_for(matcher("AgentEvent_Ringing"), 5) is None
    assert session.stream.ended.retcode == "100-006"
    assert session.guid == old_guid  # the library never saw the new Guid
    assert "rotated the Guid; the client did not get it" in applied(sim)
    sent = len(control(sim, "GET", "/requests"))
    with pytest.raises(AgentSignedOutError) as error:
        client.call(api.ANSWER, "101", session=session)
    assert str(error.value).startswith("100-006: agent 101 is no longer signed in: its event poll was refused at ")
    assert "(Answer Call: PUT /agentgateway/resource/voicecall/101/answer, not sent)" in str(error.value)
    assert error.value.retcode == "100-006" and isinstance(error.value, GatewayError)
    assert len(control(sim, "GET", "/requests")) == sent
    session, _ = client.sign_in("101", SIGN_IN, force=True)  # signing in again recovers
    assert session.stream.wait_for(matcher("AgentState_Ready"), 3)
    assert call not in [c["callid"] for c in control(sim, "GET", "/status")["calls"]]


def test_a_restart_loses_every_session_and_each_agent_is_told(client, sim):
    first, second = ready_agent(client, "101"), ready_agent(client, "102")
    control(sim, "PUT", "/numbers/13800000009", {"behaviour": "busy"})
    inject(sim, kind="restart")
    for session in (first, second):
        assert session.stream.wait_for(matcher("Never"), 5) is None
        assert session.stream.ended.retcode == "100-006"
        with pytest.raises(AgentSignedOutError):
            client.call(api.CALL_OUT, session.agent_id, session=session, body={"called": "13800000002"})
    status = control(sim, "GET", "/status")
    assert status["agents"] == [] and status["numbers"] == {"13800000009": "busy"}
    ready_agent(client, "101")


def test_a_gateway_down_after_a_restart_resets_connections_until_it_is_back(client, sim):
    inject(sim, kind="restart", duration=0.5)
    with pytest.raises(GatewayConnectionError, match="connection reset"):
        client.sign_in("101", SIGN_IN)
    wait_until(lambda: control(sim, "GET", "/faults")["down_for"] == 0)
    ready_agent(client, "101")


def test_an_agent_whose_polls_fail_past_the_idle_timeout_is_signed_out_and_told(client, sim):
    control(sim, "PUT", "/idle-timeout", {"seconds": 0.5})
    session = ready_agent(client)
    keeps_polling = ready_agent(client, "102")
    inject(sim, kind="connection reset", agent="101", interface="getAgentEvent", duration=1.5)
    assert session.stream.wait_for(matcher("Never"), 15) is None
    assert session.stream.ended.retcode == "100-006"
    assert "signed out after 0.5 s without an event poll" in applied(sim)
    assert [a["agent_id"] for a in control(sim, "GET", "/status")["agents"]] == ["102"]
    assert keeps_polling.stream.running and keeps_polling.stream.ended is None
    with pytest.raises(AgentSignedOutError):
        client.call(api.RELEASE, "101", session=session)


def test_idle_timeout_is_set_through_the_control_api_server_and_cli(sim):
    assert control(sim, "GET", "/idle-timeout") == {"seconds": 120.0}
    assert control(sim, "PUT", "/idle-timeout", {"seconds": 2.5}) == {"seconds": 2.5}
    assert control(sim, "PUT", "/idle-timeout", {"seconds": None}) == {"seconds": None}
    for bad in ({}, {"seconds": 0}, {"seconds": "5"}, {"seconds": True}):
        assert control_answer(sim, "PUT", "/idle-timeout", bad)["retcode"] == "000-002"
    assert SimulatorServer(idle_timeout=7).model.idle_timeout == 7
    assert SimulatorServer(idle_timeout=0).model.idle_timeout is None
    assert SimulatorServer().model.idle_timeout == 120
    assert _parser().parse_args(["--idle-timeout", "30"]).idle_timeout == 30
    assert _parser().parse_args([]).idle_timeout == 120


def test_idle_sign_out_follows_the_models_clock_and_spares_open_polls():
    now = [1000.0]
    model = GatewayModel(clock=lambda: now[0])
    for agent_id in ("101", "102", "103"):
        model.sign_in(agent_id)  # the sign-in counts as the last poll
    model.poll_opened(model.session("102"))  # 102 has a poll open
    model.poll_opened(model.session("101"), lambda: False)  # 101's poll lost its connection: not polling
    now[0] += 100
    model.poll_closed(model.session("103"), model.poll_opened(model.session("103")))  # 103 polled just now
    now[0] += 21
    notes = model.tick(force=True)
    assert sorted(model.agents) == ["102", "103"]
    assert notes == [{"kind": "idle sign-out", "agent": "101", "what": "signed out after 120 s without an event poll"}]
    now[0] += 200
    model.set_idle_timeout(None)
    model.tick(force=True)
    assert sorted(model.agents) == ["102", "103"]  # no idle timeout, no sign-out


def _client(sim, timeout):
    from CCGatewayLibrary.client import GatewayClient

    return GatewayClient(sim.url, verify=sim.ca_bundle, timeout=timeout)
