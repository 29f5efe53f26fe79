"""The gateway client against the simulator: Guid capture and rotation, retcode mapping, transport faults."""

import socket
import time

import pytest

from CCGatewayLibrary import interfaces as api
from CCGatewayLibrary.client import (
    AgentSession,
    GatewayClient,
    GatewayConnectionError,
    GatewayError,
    GatewayResponseError,
    matcher,
    parse_set_guid,
)
from CCGatewayLibrary.client.redact import mask

from conftest import control

SIGN_IN = {"password": "", "phonenum": "", "status": 4, "phonelinkage": False, "autoanswer": False}


def test_parse_set_guid_takes_the_part_after_jsessionid():
    assert parse_set_guid("JSESSIONID=279fe21d-2caa.AgentGateway0") == "279fe21d-2caa.AgentGateway0"
    assert parse_set_guid("JSESSIONID=abc; Path=/") == "abc"
    assert parse_set_guid("") is None
    assert parse_set_guid(None) is None


def test_mask_never_shows_a_guid_in_full():
    guid = "279fe21d-2caa-4437-84c3-ab9e9dae20f5.AgentGateway0"
    masked = mask(guid)
    assert guid not in masked and masked.startswith("279f") and str(len(guid)) in masked


def test_sign_in_keeps_the_guid_and_sends_it_on_later_requests(client):
    session, result = client.sign_in("101", SIGN_IN)
    assert result["workno"] == "101"
    assert session.guid.endswith(".AgentGateway0") and len(session.guid) > 30
    assert repr(session).count(session.guid) == 0
    client.call(api.AGENT_STATUS, "101", session=session)  # authenticated with the kept Guid


def test_request_without_the_agents_guid_fails_with_100_006(client):
    client.sign_in("101", SIGN_IN)
    with pytest.raises(GatewayError) as error:
        client.call(api.RELEASE, "101", session=None)
    assert error.value.retcode == "100-006"
    assert str(error.value) == (
        "100-006: the agent is not signed in, or the Guid is not this agent's "
        "(Drop Call: DELETE /agentgateway/resource/voicecall/101/release)"
    )


def test_one_agents_guid_cannot_act_for_another(client):
    first, _ = client.sign_in("101", SIGN_IN)
    client.sign_in("102", SIGN_IN)
    with pytest.raises(GatewayError, match="^100-006"):
        client.call(api.RELEASE, "102", session=first)


def test_retcode_maps_to_its_meaning_and_interface(client):
    session, _ = client.sign_in("101", SIGN_IN)
    with pytest.raises(GatewayError) as error:
        client.call(api.RELEASE, "101", session=session)
    assert (error.value.retcode, error.value.label) == ("200-017", "Drop Call")
    assert "the agent has no call to release" in str(error.value)


def test_events_arrive_through_the_background_poller(client):
    session, _ = client.sign_in("101", SIGN_IN)
    assert session.stream.wait_for(matcher("AgentOther_InService"), 3) is not None
    assert session.stream.wait_for(matcher("AgentState_Ready"), 3) is not None


def test_rotated_guid_is_taken_from_the_poll_response_and_used(client, sim):
    control(sim, "PUT", "/authentication", {"auth_mode": 1})  # static: only the rotation asked for below
    session, _ = client.sign_in("101", SIGN_IN)
    before = session.guid
    control(sim, "POST", "/agents/101/rotate-guid")
    control(sim, "POST", "/inbound-calls", {"agent_id": "101"})  # an event makes the next poll answer
    deadline = time.monotonic() + 3
    while session.guid == before and time.monotonic() < deadline:
        session.stream.wait_for(matcher("Never"), 0.05)
    assert session.guid != before
    assert session.guid_rotations == 1
    client.call(api.ANSWER, "101", session=session)  # the new Guid works


def test_inbound_call_answered_and_dropped_gives_the_documented_events(client, sim):
    session, _ = client.sign_in("101", SIGN_IN)
    call = control(sim, "POST", "/inbound-calls", {"agent_id": "101", "caller": "13800000001"})["callid"]
    stream = session.stream
    assert stream.wait_for(matcher("AgentEvent_Ringing", fields={"callid": call}), 3)
    client.call(api.ANSWER, "101", session=session)
    assert stream.wait_for(matcher("AgentEvent_Talking", fields={"callid": call}), 3)
    client.call(api.RELEASE, "101", session=session)
    assert stream.wait_for(matcher("AgentEvent_Call_Release", content=call), 3)
    released = stream.wait_for(matcher("AgentEvent_Customer_Release", fields={"callid": call}), 3)
    assert released.event["content"]["number"] == "13800000001"


def test_sign_out_ends_the_event_stream(client):
    session, _ = client.sign_in("101", SIGN_IN)
    client.sign_out("101")
    assert "101" not in client.agents
    assert session.stream.wait_for(matcher("Never"), 0.2) is None
    assert not session.stream.running


def test_connection_refused_fails_within_the_timeout_naming_the_url():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client = GatewayClient(f"https://127.0.0.1:{port}", timeout=2)
    started = time.monotonic()
    with pytest.raises(GatewayConnectionError) as error:
        client.call(api.RELEASE, "101")
    assert time.monotonic() - started < 3
    assert f"https://127.0.0.1:{port}/agentgateway/resource/voicecall/101/release" in str(error.value)
    assert "connection refused" in str(error.value)


def test_server_that_never_answers_fails_within_the_timeout():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        client = GatewayClient(f"http://127.0.0.1:{server.getsockname()[1]}", timeout=0.5)
        started = time.monotonic()
        with pytest.raises(GatewayConnectionError, match="timed out"):
            client.call(api.RELEASE, "101")
        assert time.monotonic() - started < 2


def test_wrong_ca_fails_saying_certificate_verification_failed(sim):
    client = GatewayClient(sim.url, verify=True, timeout=3)  # system CAs do not know the simulator's CA
    with pytest.raises(GatewayConnectionError, match="certificate verification failed"):
        client.call(api.SIGN_IN, "101", body=SIGN_IN)


def test_answer_that_is_not_gateway_json_is_named(sim):
    client = GatewayClient(sim.url, verify=sim.ca_bundle, timeout=3)
    with pytest.raises(GatewayResponseError, match="HTTP 404"):
        client.call(api.Interface("X", "GET", "/no/such/{agentid}", "x", (101, 999999), (), (), ""), "101")


def test_simulator_control_against_something_else_fails_saying_simulator_only(sim):
    from CCGatewayLibrary.client import SimulatorOnlyError
    from CCGatewayLibrary.control import HEALTH

    client = GatewayClient(sim.url + "/agentgateway", verify=sim.ca_bundle, timeout=3)
    with pytest.raises(SimulatorOnlyError, match="works only with the bundled CC-Gateway simulator"):
        client.control(HEALTH, "Simulate Inbound Call")


def test_a_session_wakes_a_waiter_when_its_guid_rotates_and_times_out_when_it_does_not():
    import threading

    session = AgentSession("101", "first-guid")
    started = time.monotonic()
    assert session.wait_for_rotation(0, 0.05) is False  # no rotation: waits its timeout, no longer
    assert 0.04 <= time.monotonic() - started < 1
    threading.Timer(0.05, session.update_guid, ["JSESSIONID=second-guid"]).start()
    assert session.wait_for_rotation(0, 5) is True
    assert session.guid == "second-guid" and session.guid_rotations == 1
    assert session.wait_for_rotation(0, 0) is True  # already rotated since 0: at once
