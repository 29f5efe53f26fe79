"""Tests written against mutants that survived the rest of the fast subset (docs/mutation.md): each pins a
promise of the documentation or a docstring that no other test held. Public APIs only (the simulator's
model and its ``status()``, the gateway client against a hostile loopback server), so they outlive
refactors of the code they pin."""

from __future__ import annotations

import time

import hostile
import pytest
from hostile import HostileGateway

from CCGatewayLibrary.client import GatewayClient, GatewayConnectionError
from CCGatewayLibrary.control import STATUS
from CCGatewayLibrary.simulator import GatewayModel


def _events(model: GatewayModel, agent_id: str) -> list[tuple[str, object]]:
    agent, events = model.session(agent_id), []
    while (event := model.next_event(agent)) is not None:
        events.append((event["eventType"], event["content"]))
    return events


def _phone_state(model: GatewayModel, agent_id: str) -> object:
    return next(a["phone_state"] for a in model.status()["agents"] if a["agent_id"] == agent_id)


@pytest.fixture
def model() -> GatewayModel:
    return GatewayModel()


# -- simulator model ---------------------------------------------------------------------------------------
def test_rejecting_a_ringing_call_leaves_the_hard_phone_idle_as_before_it_rang(model):
    """Reject Ringing Call ends in AgentOther_PhoneRelease: the linked hard phone is on hook again, so the
    simulator's status shows the same phone state as before the call rang (not still alerting)."""
    model.sign_in("101", phonelinkage=True)
    idle = _phone_state(model, "101")
    model.inbound_call("101")
    assert _phone_state(model, "101") != idle  # ringing
    model.phone_hangup("101")
    assert ("AgentOther_PhoneRelease", {"phoneState": 2}) in _events(model, "101")
    assert _phone_state(model, "101") == idle


def test_releasing_a_helper_by_agent_id_reports_the_number_the_agent_named(model):
    """Seed 000: the requesting agent releases an internal-help helper by its employee ID; the simulator
    (module docstring) reports it in AgentEvent_Customer_Release as the request named it, not by the
    helper's phone number, so a test can wait for the number it released."""
    model.sign_in("101", phonenum="70101")
    model.sign_in("102", phonenum="70102")
    model.inbound_call("101", "13800000001")
    help_call = model.inner_help("101", "102")
    model.answer("102")
    _events(model, "101")
    model.disconnect("101", "102")
    assert ("AgentEvent_Customer_Release", {"callid": help_call, "number": "102"}) in _events(model, "101")


# -- gateway client: the control API -----------------------------------------------------------------------
def test_a_control_request_cut_at_its_timeout_says_it_timed_out():
    """The client's docstring: every request has a total deadline. A simulator control request whose answer
    trickles past it fails naming the timeout, not the closed connection the deadline left behind."""
    with HostileGateway(hostile.trickle_body) as server:
        client = GatewayClient(server.url, timeout=1)
        started = time.monotonic()
        with pytest.raises(GatewayConnectionError) as error:
            client.control(STATUS, "Get Simulator Status")
        elapsed = time.monotonic() - started
        client.close()
    assert elapsed < 2.5, f"took {elapsed:.1f} s with a 1 s timeout"
    assert "Get Simulator Status: GET" in str(error.value)
    assert "got no answer: timed out (timeout 1 s)" in str(error.value)
