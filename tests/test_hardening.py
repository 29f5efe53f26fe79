"""Hardening against broken or hostile gateways (issue 10): a total deadline per request, a cap on the
size of an answer, no redirects, strict Set-GUID, deep JSON, a refused sign-in that keeps the session,
no credentials in messages, a bounded clean-up and proxies never used for loopback. Each test failed
before its fix; the hostile servers are in tests/hostile.py (loopback, bounded)."""

from __future__ import annotations

import json
import time

import hostile
import pytest
from hostile import GUID, HostileGateway

from CCGatewayLibrary import CCGatewayLibrary
from CCGatewayLibrary import interfaces as api
from CCGatewayLibrary.client import AgentSession, GatewayClient, GatewayConnectionError, GatewayError
from CCGatewayLibrary.client.errors import (
    GatewayRedirectError,
    GatewayResponseError,
    MalformedGuidError,
    ResponseTooLargeError,
)
from CCGatewayLibrary.client.events import EventStream, matcher

SIGN_IN = {"password": "s3cret-pw", "phonenum": "", "status": 4, "phonelinkage": False, "autoanswer": False}


def _session(agent_id: str = "101") -> AgentSession:
    return AgentSession(agent_id, GUID)


# -- a total deadline per request ------------------------------------------------------------------------
@pytest.mark.parametrize("behaviour", [hostile.trickle_headers, hostile.trickle_body], ids=["headers", "body"])
def test_a_trickling_answer_is_cut_at_the_timeout(behaviour):
    with HostileGateway(behaviour) as server:
        client = GatewayClient(server.url, timeout=2)
        started = time.monotonic()
        with pytest.raises(GatewayConnectionError) as error:
            client.call(api.RELEASE, "101", session=_session())
        elapsed = time.monotonic() - started
        client.close()
    assert elapsed < 3.0, f"took {elapsed:.1f} s with a 2 s timeout"
    assert "Drop Call: DELETE" in str(error.value) and "timed out (timeout 2 s)" in str(error.value)


# -- a cap on the size of an answer ----------------------------------------------------------------------
@pytest.mark.parametrize("behaviour", [hostile.huge, hostile.endless_chunked], ids=["300MB", "endless-chunked"])
def test_an_oversized_answer_fails_named_without_being_read_whole(behaviour):
    with HostileGateway(behaviour) as server:
        client = GatewayClient(server.url, timeout=10, max_response_size=1024 * 1024)
        started = time.monotonic()
        with pytest.raises(ResponseTooLargeError) as error:
            client.call(api.RELEASE, "101", session=_session())
        elapsed = time.monotonic() - started
        client.close()
        time.sleep(0.2)
        sent = server.sent
    assert "answered more than 1 MB" in str(error.value) and "max_response_size" in str(error.value)
    assert str(error.value).startswith("Drop Call: DELETE")
    assert elapsed < 5 and sent < 64 * 1024 * 1024, (elapsed, sent)  # stopped reading: the server stalled


def test_the_size_cap_is_an_import_argument(tmp_path):
    assert CCGatewayLibrary(max_response_size="2 MiB").max_response_size == 2 * 1024 * 1024
    lib = CCGatewayLibrary(url="https://10.0.0.5:8043", max_response_size="64 kB")
    assert lib.client.max_response_size == 64_000
    lib.close()


# -- redirects -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_is_refused_and_nothing_reaches_its_target(status):
    with HostileGateway(hostile.signing_in(hostile.empty_poll)) as elsewhere:
        with HostileGateway(hostile.redirect_to(elsewhere.url, status)) as server:
            client = GatewayClient(server.url, timeout=3)
            with pytest.raises(GatewayRedirectError) as error:
                client.sign_in("101", SIGN_IN)
            with pytest.raises(GatewayRedirectError):
                client.call(api.RELEASE, "101", session=_session())
            client.close()
        assert elsewhere.requests == []  # neither the password nor the Guid went there
    assert f"answered HTTP {status}" in str(error.value) and "follows no redirect" in str(error.value)
    assert str(error.value).startswith("Sign In Agent: PUT")


# -- deep JSON -------------------------------------------------------------------------------------------
def test_deeply_nested_json_on_an_action_names_keyword_and_interface():
    with HostileGateway(hostile.raw(hostile.deep_json())) as server:
        client = GatewayClient(server.url, timeout=3)
        with pytest.raises(GatewayResponseError) as error:
            client.call(api.RELEASE, "101", session=_session())
        client.close()
    assert str(error.value).startswith("Drop Call: DELETE") and "nested more than" in str(error.value)
    assert "RecursionError" not in str(error.value)


def test_the_poller_survives_answers_it_cannot_use_and_notes_each():
    answers = [
        hostile.deep_json(),
        json.dumps({"retcode": "0", "event": "not an event"}).encode(),
        b'{"retcode":"0","event":' + b'{"a":' * 40 + b"1" + b"}" * 40 + b"}",
        json.dumps(
            {"retcode": "0", "event": {"eventType": "AgentState_Ready", "workNo": "101", "content": None}}
        ).encode(),
    ]

    def polls(handler):
        hostile.raw(answers.pop(0))(handler) if answers else hostile.empty_poll(handler)

    with HostileGateway(hostile.signing_in(polls)) as server:
        client = GatewayClient(server.url, timeout=3)
        session, _ = client.sign_in("101", SIGN_IN)
        stream: EventStream = session.stream
        received = stream.wait_for(lambda e: e.get("eventType") == "AgentState_Ready", 10)
        notes = stream.take_notes()
        running = stream.running
        client.close()
    assert received is not None and running and stream.ended is None
    assert stream.faults == 3
    text = "\n".join(notes)
    assert "nested more than" in text and "'event' is not a JSON object but str 'not an event'" in text


def test_nested_event_content_does_not_break_waits(tmp_path):
    """An event whose content nests 20 levels (within the cap) is waited for, logged and returned."""
    content = current = {}
    for _ in range(20):
        current["inner"] = {}
        current = current["inner"]
    content["callid"] = "1-1"
    events = [{"eventType": "AgentEvent_Talking", "workNo": "101", "content": content}]

    def polls(handler):
        hostile.answer(handler, {"event": events.pop(0)}) if events else hostile.empty_poll(handler)

    with HostileGateway(hostile.signing_in(polls)) as server:
        lib = CCGatewayLibrary(url=server.url, timeout="3 s")
        lib.run_keyword("sign_in_agent", ["101"], {})
        event = lib.run_keyword("wait_for_agent_event", ["101", "AgentEvent_Talking"], {"callid": "1-1"})
        lib.close()
    assert event["content"]["callid"] == "1-1"


# -- Set-GUID --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "headers",
    [
        [("Set-GUID", "JSESSIONID=abc\x01def")],
        [("Set-GUID", "JSESSIONID=" + "a" * 60_000)],
        [("Set-GUID", f"JSESSIONID={GUID}"), ("Set-GUID", "JSESSIONID=other")],  # merged with a comma
        [("Set-GUID", "JSESSIONID=abc, JSESSIONID=def")],
        [("Set-GUID", "JSESSIONID=abc def")],
    ],
    ids=["control", "60000", "two-headers", "comma", "space"],
)
def test_a_malformed_set_guid_is_refused_and_never_sent_back(headers):
    body = b'{"message":"success","retcode":"0","result":{}}'
    with HostileGateway(hostile.raw(body, headers)) as server:
        client = GatewayClient(server.url, timeout=3)
        with pytest.raises(MalformedGuidError) as error:
            client.sign_in("101", SIGN_IN)
        assert "101" not in client.agents
        session = _session()
        with pytest.raises(MalformedGuidError):
            client.call(api.RELEASE, "101", session=session)  # an action's answer rotates nothing either
        assert session.guid == GUID
        client.close()
        sent = [request[2].get("Guid") for request in server.requests]
    assert str(error.value).startswith("Sign In Agent: PUT") and "malformed Set-GUID" in str(error.value)
    assert sent == [None, GUID]  # the sign-in sent none, the action the old one
    assert len(str(error.value)) < 400


# -- a refused sign-in keeps the session -----------------------------------------------------------------
def test_a_refused_sign_in_keeps_the_agents_session(client, sim):
    session, _ = client.sign_in("101", SIGN_IN)
    # Dynamic authentication: the first poll answer carries a new Guid (reference §2); once the sign-in's
    # second event has arrived that rotation is behind us, and the next is 60 s away.
    assert session.stream.wait_for(matcher("AgentState_Ready"), 5) is not None
    guid = session.guid
    with pytest.raises(GatewayError, match="^100-002"):
        client.sign_in("101", SIGN_IN)  # already signed in
    assert client.session("101") is session and session.guid == guid
    assert session.stream.running
    assert client.call(api.AGENT_STATUS, "101", session=client.session("101"))["retcode"] == "0"
    assert client.release_agent("101") == "force-signed-out, which released its calls"
    again, _ = client.sign_in("101", SIGN_IN)  # the clean-up did sign it out on the gateway: no 100-002
    assert again is not session
    client.release_agent("101")


# -- credentials in the URL ------------------------------------------------------------------------------
def test_credentials_in_the_gateway_url_never_appear_in_messages():
    with HostileGateway(hostile.redirect_to("https://user:pw-in-location@elsewhere.example")) as server:
        url = server.url.replace("http://", "http://admin:pw-in-url@")
        client = GatewayClient(url, timeout=2)
        with pytest.raises(GatewayRedirectError) as redirected:
            client.call(api.RELEASE, "101", session=_session())
        client.close()
    refused = GatewayClient(url, timeout=2)  # the server is gone: connection refused
    with pytest.raises(GatewayConnectionError) as no_answer:
        refused.call(api.RELEASE, "101", session=_session())
    with pytest.raises(ValueError) as bad_url:
        GatewayClient("ftp://admin:pw-in-url@host")
    for error in (redirected.value, no_answer.value, bad_url.value):
        assert "pw-in" not in str(error) and "admin" not in str(error), str(error)
    assert "***@127.0.0.1" in str(no_answer.value)


# -- a bounded clean-up ----------------------------------------------------------------------------------
def test_clean_up_against_a_dead_gateway_is_bounded_not_agents_times_timeout():
    with HostileGateway(hostile.never_answers) as server:
        client = GatewayClient(server.url, timeout=1)
        agent_ids = [str(101 + i) for i in range(20)]
        for agent_id in agent_ids:
            client.agents[agent_id] = _session(agent_id)
        started = time.monotonic()
        outcomes = client.release_agents(agent_ids)
        elapsed = time.monotonic() - started
        client.close()
    assert elapsed < 3.5, f"20 agents took {elapsed:.1f} s with a 1 s timeout"
    assert list(outcomes) == agent_ids and client.agents == {}
    assert all(outcome.startswith("sign-out") for outcome in outcomes.values())


# -- proxies ---------------------------------------------------------------------------------------------
def test_a_proxy_in_the_environment_is_never_used_for_the_simulator(sim, monkeypatch):
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    lib = CCGatewayLibrary(url=sim.url, verify=sim.ca_bundle, timeout="3 s")
    lib.run_keyword("sign_in_agent", ["101"], {})
    lib.run_keyword("sign_out_agent", ["101"], {})
    lib.close()


def test_a_failing_proxy_is_named(monkeypatch):
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTPS_PROXY", "http://proxyuser:proxypw@127.0.0.1:9")
    client = GatewayClient("https://gateway.example:8043", timeout=2)
    monkeypatch.delenv("HTTPS_PROXY")  # resolved once, at construction
    with pytest.raises(GatewayConnectionError) as error:
        client.call(api.RELEASE, "101", session=_session())
    client.close()
    assert "the proxy http://***@127.0.0.1:9 failed" in str(error.value)
    assert "proxypw" not in str(error.value)
