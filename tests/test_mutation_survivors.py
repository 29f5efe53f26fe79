"""Tests written against mutants that survived the rest of the fast subset (docs/mutation.md): each pins a
promise of the documentation or a docstring that no other test held. Public APIs only (the simulator's
model and its ``status()``, the gateway client against a hostile loopback server), so they outlive
refactors of the code they pin."""

from __future__ import annotations

import time

import hostile
import pytest
from hostile import HostileGateway
from robot import run
from robot.api import ExecutionResult

from CCGatewayLibrary import eventtypes
from CCGatewayLibrary.client import GatewayClient, GatewayConnectionError
from CCGatewayLibrary.control import STATUS
from CCGatewayLibrary.errors import RetcodeRefusal
from CCGatewayLibrary.interfaces import AGENT_STATUS, CALL_ID, PATH_FIELDS, Field, Interface
from CCGatewayLibrary.simulator import GatewayModel
from CCGatewayLibrary.simulator.model import normalize_directory


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


def test_a_cookie_an_answer_sets_is_sent_back_with_the_next_request():
    """The client's ``_send`` docstring: it keeps cookies the answer sets, as ``requests.Session`` does (a
    gateway behind a load balancer may pin the agent to one node with a cookie)."""

    def cookie_then_answer(handler) -> None:
        first = len(handler.server.owner.requests) == 1
        hostile.answer(handler, {"result": {}}, {"Set-Cookie": "AFFINITY=node-3; Path=/"} if first else None)

    with HostileGateway(cookie_then_answer) as server:
        client = GatewayClient(server.url, timeout=5)
        client.call(AGENT_STATUS, "101")
        client.call(AGENT_STATUS, "101")
        client.close()
    first, second = (headers for _, _, headers, _ in server.requests)
    assert "Cookie" not in first
    assert second.get("Cookie") == "AFFINITY=node-3"


def test_a_refusal_without_a_message_carries_an_empty_gateway_message():
    """GatewayError.gateway_message is the answer's ``message`` (reference: the body is ``{message, retcode,
    ...}``); an answer without one is the same as an empty one, nothing made up in its place."""

    errors = []
    for body in (b'{"retcode": "100-006"}', b'{"message": "", "retcode": "100-006"}'):
        with HostileGateway(hostile.raw(body)) as server:
            client = GatewayClient(server.url, timeout=5)
            with pytest.raises(RetcodeRefusal) as caught:
                client.call(AGENT_STATUS, "101")
            client.close()
        errors.append(caught.value)
    without, empty = errors
    assert without.gateway_message == empty.gateway_message == ""
    assert str(without) == str(empty)


# -- the interface table and the event catalogue ------------------------------------------------------------
def _interface(template: str, **shape) -> Interface:
    return Interface("Some Keyword", "POST", template, "someMethod", (101, 999999), (), (), "test", **shape)


def test_an_interfaces_placeholders_are_its_uri_placeholders_in_order_its_own_fields_first():
    """Interface.placeholders: the URI placeholders but {agentid}, in the template's order; a row's own
    Field wins, the others come from PATH_FIELDS."""
    own = Field("callid", CALL_ID, "the call to pick up", "1-1")
    interface = _interface("/voicecall/{agentid}/x/{number}/{callid}", placeholders=(own,))
    assert interface.placeholders == (PATH_FIELDS["number"], own)
    assert interface.placeholders[1] is own
    assert _interface("/voicecall/{agentid}/x").placeholders == ()


@pytest.mark.parametrize(
    ("template", "shape"),
    [
        ("/voicecall/{agentid}/x/{unknown}", {}),  # a placeholder without a Field
        ("/voicecall/{agentid}/x", {"result": "a value"}),  # not one of the result kinds
    ],
    ids=["placeholder-without-field", "unknown-result-kind"],
)
def test_a_table_row_that_the_client_could_not_fill_in_is_refused_when_written(template, shape):
    with pytest.raises(ValueError, match="someMethod"):
        _interface(template, **shape)


def test_a_row_may_name_a_placeholder_of_its_own():
    own = Field("confid", CALL_ID, "the conference", "1")
    assert _interface("/conf/{agentid}/{confid}", placeholders=(own,)).placeholders == (own,)


def test_an_event_type_written_without_its_prefix_is_still_suggested():
    """eventtypes.closest: the catalogue's event types closest to a misspelt name. "Talking" for
    AgentEvent_Talking is the commonest slip (the suffix alone); it must be suggested."""
    assert eventtypes.closest("Talking") == ["AgentEvent_Talking"]
    assert "AgentEvent_Ringing" in eventtypes.closest("ringing")
    assert eventtypes.closest("zzzz") == []


# -- simulator model: more behaviours no other test held -------------------------------------------------
class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_helper_of_a_three_party_internal_help_talks_in_the_customers_call(model):
    """Reference §9, three-party internal help: once the helper answers, it talks in the customer's call
    (AgentEvent_Talking with the customer's call ID), and the requesting agent gets the conference."""
    model.sign_in("101")
    model.sign_in("102")
    customer = model.inbound_call("101", "13800000001")
    model.inner_help("101", "102", mode=2)
    _events(model, "102")
    model.answer("102")
    talking = [content for kind, content in _events(model, "102") if kind == "AgentEvent_Talking"]
    assert [content["callid"] for content in talking] == [customer]


def test_stop_record_done_carries_every_documented_field(model):
    """Reference, AgentMediaEvent_StopRecordDone: {beginTime, endTime, taskId, fileMediaType, recordFormat,
    callId}."""
    model.sign_in("101")
    customer = model.inbound_call("101", "13800000001")
    model.hold("101")
    model.call_out("101", "5550001")
    _events(model, "101")
    model.connect_hold("101", customer)
    [record] = [content for kind, content in _events(model, "101") if kind == "AgentMediaEvent_StopRecordDone"]
    assert set(record) == {"beginTime", "endTime", "taskId", "fileMediaType", "recordFormat", "callId"}
    assert record["taskId"] not in ("", None)


def test_the_status_gives_each_partys_leg_state(model):
    """Control API status: the calls with their parties; a party's ``state`` is its leg's (talking,
    ringing), which is how a tester sees who has answered."""
    model.sign_in("101")
    model.sign_in("102", autoanswer=False)
    callid = model.call_out("101", "102")
    [call] = [c for c in model.status()["calls"] if c["callid"] == callid]
    states = {p["agent_id"]: p["state"] for p in call["parties"]}
    model.answer("102")
    [call] = [c for c in model.status()["calls"] if c["callid"] == callid]
    answered = {p["agent_id"]: p["state"] for p in call["parties"]}
    assert states["102"] != answered["102"] and answered["101"] == answered["102"]


def test_the_agent_left_alone_when_a_transfer_target_never_answers_is_released(model):
    """A talk transfer to a number that does not answer, and the other agent of the call hangs up: when
    the target's ring times out the agent is alone, so the call ends for it (AgentEvent_Call_Release and
    AgentOther_PhoneRelease with phoneState 3: the other side ended it), and it is ready again."""
    clock = _Clock()
    model = GatewayModel(clock=clock, ring_timeout=30)
    model.sign_in("101")
    model.sign_in("102")
    model.set_number_behaviour("5550002", "no answer")
    callid = model.call_out("101", "102")
    model.answer("102")
    model.transfer("101", 5, "5550002", 3)  # talk transfer: 101 stays until the target answers
    model.release("102")
    _events(model, "101")
    clock.now += 31
    model.tick(force=True)
    assert _events(model, "101") == [
        ("AgentEvent_Call_Release", callid),
        ("AgentOther_PhoneRelease", {"phoneState": 3}),
        ("AgentState_Ready", None),
    ]
    assert model.calls == {}


def test_a_refused_conference_leave_says_why():
    """A refusal carries the simulator's explanation (simulatorDetail): leaving a conference the agent is
    not in names the agent."""
    model = GatewayModel()
    model.sign_in("101")
    with pytest.raises(RetcodeRefusal) as refusal:
        model.leave_agent_conf("101")
    assert refusal.value.retcode == "101-001" and "101" in refusal.value.detail


@pytest.mark.parametrize(
    "directory",
    ["101", {"101": {"password": "pw", "skills": {"1": "x"}}}],
    ids=["not-an-object", "skills-not-a-list"],
)
def test_an_agent_directory_of_the_wrong_shape_is_refused_with_000_002(directory):
    """normalize_directory: 000-002, naming the entry, for a directory that is not an object of entries."""
    with pytest.raises(RetcodeRefusal) as refusal:
        normalize_directory(directory)
    assert refusal.value.retcode == "000-002"


def _state(model: GatewayModel, agent_id: str) -> int:
    return model.agent_status(agent_id)["agentState"]


def test_rest_asked_for_in_a_call_begins_when_the_call_is_over_for_the_time_asked(model):
    """Model docstring (reference §8): rest asked for during a call takes effect when the call ends, as
    rest asked for while idle: the same state, and its time (not the rest cause) runs from then
    (``schedule`` is the hook the app runs the rest timer with)."""
    timers: list[float] = []
    model.schedule = lambda seconds, callback: timers.append(seconds)
    model.sign_in("101")
    model.sign_in("102")
    model.rest("102", 60, 5)
    model.inbound_call("101")
    model.rest("101", 60, 5)
    assert timers == [60]  # not before the call is over
    model.release("101")
    assert timers == [60, 60]
    assert _state(model, "101") == _state(model, "102")


@pytest.mark.parametrize(("ask", "cancel"), [("say_busy", "cancel_busy"), ("rest", "cancel_rest")])
def test_a_state_asked_for_in_a_call_and_cancelled_leaves_the_agent_ready_after_it(model, ask, cancel):
    """Cancel Busy / Cancel Rest during the call (AgentState_CancelNotReady_Success /
    AgentState_CancelRest_Success, as the reference names them): after the call the agent is ready."""
    model.sign_in("101")
    model.inbound_call("101")
    getattr(model, ask)("101", *((60, 1) if ask == "rest" else ()))
    _events(model, "101")
    getattr(model, cancel)("101")
    expected = "AgentState_CancelRest_Success" if cancel == "cancel_rest" else "AgentState_CancelNotReady_Success"
    assert [kind for kind, _ in _events(model, "101")] == [expected]
    model.release("101")
    assert _events(model, "101")[-1] == ("AgentState_Ready", None)


def test_a_switch_longer_than_five_characters_is_refused(model):
    """cec_07_0351: the auto-answer / auto-enter-idle flag is 1 to 5 characters ("true" is on)."""
    model.sign_in("101")
    with pytest.raises(RetcodeRefusal) as refusal:
        model.set_auto_answer("101", "truest")
    assert refusal.value.retcode == "000-002"


def test_the_agent_directorys_skills_are_the_agents_configured_skills():
    """configured_skills: set by the control API, else the agent directory's, else the default."""
    model = GatewayModel(directory={"101": {"password": "pw", "skills": ["7", "8"]}})
    assert model.configured_skills("101") == ("7", "8")


def test_a_skill_queue_call_is_answered_at_once_by_an_auto_answer_agent_as_a_direct_one_is(model):
    """Control API: a customer calls a skill queue and it rings an idle agent signed in to it; with
    autoanswer (the default) the gateway answers for the agent, as for a call to the agent itself."""
    model.sign_in("101")
    model.reset_skill("101", "true")
    _events(model, "101")
    _, agent_id = model.skill_call("1")
    assert agent_id == "101"
    assert "AgentEvent_Talking" in [kind for kind, _ in _events(model, "101")]


def test_a_transfer_to_an_agents_phone_number_rings_that_agent(model):
    """Transfer with devicetype 5 (a phone number): an agent's phone is reached by its number, so the
    agent signed in with it is offered the call (and, with autoanswer, talks)."""
    model.sign_in("101")
    model.sign_in("102", phonenum="70102")
    model.inbound_call("101")
    _events(model, "102")
    model.transfer("101", 5, "70102", 2)
    assert "AgentEvent_Talking" in [kind for kind, _ in _events(model, "102")]


def _shown_as_never_muted(model: GatewayModel, agent_id: str, like: str) -> None:
    """The status shows ``agent_id`` muted as it shows ``like``, an agent never muted."""
    muted = {a["agent_id"]: a["muted"] for a in model.status()["agents"]}
    assert muted[agent_id] == muted[like]


def test_unmuting_leaves_the_agent_as_never_muted(model):
    """End Mute: the agent is no longer muted; the status shows it as for an agent never muted, and a
    second unmute is refused (200-008)."""
    model.sign_in("101")
    model.sign_in("102")
    model.inbound_call("101")
    model.inbound_call("102")
    model.begin_mute("101")
    model.end_mute("101")
    _shown_as_never_muted(model, "101", like="102")
    with pytest.raises(RetcodeRefusal) as refusal:
        model.end_mute("101")
    assert refusal.value.retcode == "200-008"


def test_an_outbound_call_cannot_be_blind_transferred_to_an_external_number(model):
    """cec_07_1242: an outbound call cannot be blind-transferred to an external number (100-007); a
    second transfer while one waits for its target is refused with 100-007 too."""
    model.sign_in("101")
    model.call_out("101", "5550001")
    with pytest.raises(RetcodeRefusal) as refusal:
        model.transfer("101", 5, "5550002", 1)
    assert refusal.value.retcode == "100-007"
    model.set_number_behaviour("5550003", "no answer")
    model.transfer("101", 5, "5550003", 3)  # talk transfer: waits for the target
    with pytest.raises(RetcodeRefusal) as refusal:
        model.transfer("101", 5, "5550004", 3)
    assert refusal.value.retcode == "100-007"


@pytest.mark.parametrize(("ask", "args"), [("say_busy", ()), ("rest", (60, 1))])
def test_busy_or_rest_again_needs_prolong(model, ask, args):
    """Model docstring (pages cec_07_1212/1213): busy again and rest again need prolong=true, else 100-009."""
    model.sign_in("101")
    getattr(model, ask)("101", *args)
    with pytest.raises(RetcodeRefusal) as refusal:
        getattr(model, ask)("101", *args)
    assert refusal.value.retcode == "100-009"
    getattr(model, ask)("101", *args, prolong=True)


def test_a_directory_password_given_as_a_robot_secret_is_the_password():
    """README: passwords can be given as Robot Framework Secret values; the simulator's agent directory
    takes one as the password itself (a wrong one is still refused with 100-004)."""
    from robot.api.types import Secret

    model = GatewayModel(directory={"101": {"password": Secret("pw-101")}})
    with pytest.raises(RetcodeRefusal) as refusal:
        model.sign_in("101", password="wrong")
    assert refusal.value.retcode == "100-004"
    model.sign_in("101", password="pw-101")


def test_the_status_names_a_calls_called_number_and_a_conferences_chairperson(model):
    """Control API status ("agents, calls, conferences"): a call gives the number called, a conference
    its chairperson's agent ID."""
    model.conf_setup = 0
    model.sign_in("101")
    model.sign_in("102")
    callid = model.call_out("101", "5550001")
    [call] = [c for c in model.status()["calls"] if c["callid"] == callid]
    assert call["called"] == "5550001"
    model.request_agent_conf("102", [("6", "5550002")])
    [conference] = model.status()["conferences"]
    assert conference["chair"] == "102"


def _refusal(action) -> RetcodeRefusal:
    with pytest.raises(RetcodeRefusal) as refusal:
        action()
    return refusal.value


@pytest.mark.parametrize(
    ("action", "words"),
    [
        (lambda m: m.call_out("101", "12a"), ("call out", "'called'", "'12a'", "allowed")),
        (lambda m: m.call_out("101", "5550001", caller="x"), ("call out", "'caller'", "'x'", "allowed")),
        (lambda m: m.call_inner("101", "1"), ("internal call", "'called'", "'1'", "allowed")),
        (lambda m: m.disconnect("101", "12a"), ("release number", "'number'", "'12a'", "allowed")),
        (lambda m: m.set_auto_answer("101", "toolong"), ("isautoanswer", "toolong", "1 to 5")),
        (lambda m: m.hang_up("9-9"), ("no call", "9-9")),
    ],
    ids=["call-out-called", "call-out-caller", "internal-call", "release-number", "switch", "hang-up"],
)
def test_a_refusal_of_bad_input_says_which_argument_which_value_and_what_is_allowed(model, action, words):
    """House rule, kept by the simulator's explanation of a refusal (simulatorDetail): bad input fails
    naming first the interface (or the argument), then the argument, its value and what is allowed."""
    model.sign_in("101")
    detail = _refusal(lambda: action(model)).detail
    assert detail.startswith(words[0]) and all(word in detail for word in words), detail


def test_refusals_in_a_call_say_why(model):
    """A refused call-out while talking names the agent; unmute without a muted call and mute without a
    talking call (the call held) say so."""
    model.sign_in("101")
    model.inbound_call("101")
    assert "101" in _refusal(lambda: model.call_out("101", "5550001")).detail
    assert "muted" in _refusal(lambda: model.end_mute("101")).detail
    model.hold("101")
    assert "talking" in _refusal(lambda: model.begin_mute("101")).detail


def test_hanging_up_a_call_without_a_customer_says_so(model):
    """Control API hang-up: every external party of the call hangs up; a call between two agents has none,
    and the refusal says so."""
    model.sign_in("101")
    model.sign_in("102")
    callid = model.call_out("101", "102")
    assert "external" in _refusal(lambda: model.hang_up(callid)).detail


def test_a_call_that_ends_muted_leaves_the_agent_as_never_muted(model):
    """Mute lasts for its call: when the muted call is over, the status shows the agent as one never
    muted."""
    model.sign_in("101")
    model.sign_in("102")
    model.inbound_call("101")
    model.begin_mute("101")
    model.release("101")
    _shown_as_never_muted(model, "101", like="102")


def test_a_successful_transfer_releases_the_agent_by_the_platform(model):
    """Success transfer: once the target answers, the platform takes the agent out of the call
    (AgentOther_PhoneRelease phoneState 3, "the platform or the other side", not 2, "the agent itself")."""
    model.sign_in("101")
    callid = model.inbound_call("101")
    _events(model, "101")
    model.transfer("101", 5, "5550001", 2)  # the number answers at once
    events = _events(model, "101")
    assert ("AgentEvent_Call_Release", callid) in events
    assert ("AgentOther_PhoneRelease", {"phoneState": 3}) in events


@pytest.mark.parametrize(
    "settings",
    [{"auth_mode": 3}, {"guid_interval": 0}, {"guid_timeout": 90000}, {"guid_interval": 60, "guid_timeout": 30}],
    ids=["auth-mode", "interval-zero", "timeout-over-a-day", "interval-not-below-timeout"],
)
def test_authentication_settings_out_of_range_are_refused_with_000_002(model, settings):
    """set_authentication: AUTHMODE 1 or 2, GUIDINTERVAL < GUIDTIMEOUT, each 0 (exclusive) to 86400 s."""
    assert _refusal(lambda: model.set_authentication(**settings)).retcode == "000-002"


def test_a_refused_sign_in_says_why():
    """Sign-in refusals explain themselves: a status that is not 3, 4 or 5 (100-011) names it, and with an
    agent directory a wrong password (100-004) names the agent and the directory."""
    assert "status" in _refusal(lambda: GatewayModel().sign_in("101", status=7)).detail
    model = GatewayModel(directory={"101": {"password": "pw-101"}})
    detail = _refusal(lambda: model.sign_in("101", password="wrong")).detail
    assert "101" in detail and "directory" in detail


def test_the_sign_in_result_has_every_documented_field(model):
    """Reference, sign-in result: vdnid, workno, mediatype, loginTime, isForceChange, serverName,
    timeRemaining (password days left, 0-180 or "")."""
    _, result = model.sign_in("101")
    assert set(result) == {
        "vdnid", "workno", "mediatype", "loginTime", "isForceChange", "serverName", "timeRemaining"
    }  # fmt: skip
    assert result["timeRemaining"] == "" or 0 <= int(result["timeRemaining"]) <= 180


def test_a_ring_timeout_is_noted_saying_who_did_not_answer():
    """tick() returns what time did (the simulator's log of faults and timeouts): a ring timeout names who
    did not answer, the call and the timeout."""
    clock = _Clock()
    model = GatewayModel(clock=clock, ring_timeout=30)
    model.sign_in("101")
    model.set_number_behaviour("5550002", "no answer")
    callid = model.call_out("101", "5550002")
    clock.now += 31
    [note] = [n for n in model.tick(force=True) if n["kind"] == "ring timeout"]
    assert "5550002" in note["what"] and callid in note["what"] and "30 s" in note["what"]


# -- keywords, through Robot Framework ----------------------------------------------------------------------
IN_ORDER_SUITE = r"""*** Settings ***
Library             CCGatewayLibrary
Suite Setup         Start Gateway Simulator    poll_wait=500 ms
Suite Teardown      Stop Gateway Simulator

*** Test Cases ***
In Order Means In Order
    Sign In Agent    101
    Run Keyword And Expect Error    Agent 101: AgentOther_InService came out of order*
    ...    Wait For Agent Events In Order    101    AgentState_Ready    AgentOther_InService    timeout=1 s
    Wait For Agent Events In Order    101    AgentOther_InService    AgentState_Ready
    [Teardown]    Sign Out All Agents
"""


def test_wait_for_agent_events_in_order_fails_on_events_out_of_order(tmp_path):
    """Wait For Agent Events In Order: the events must arrive in the order given (sign-in sends
    AgentOther_InService, then AgentState_Ready); the same events listed the other way round fail it,
    saying which came out of order."""
    suite = tmp_path / "in_order.robot"
    suite.write_text(IN_ORDER_SUITE, encoding="utf-8")
    run(str(suite), outputdir=str(tmp_path), console="none", report="NONE", log="NONE")
    (test,) = ExecutionResult(str(tmp_path / "output.xml")).suite.tests
    assert test.status == "PASS", test.message


# -- validation (the sample of docs/mutation.md): "each failure names the keyword, the argument, the value
# and what is allowed" (validation.py), and the ranges of the import arguments' table in library.py.


def _argument_refusal(check, *args, **kwargs) -> str:
    from CCGatewayLibrary.validation import ArgumentError

    with pytest.raises(ArgumentError) as failure:
        check(*args, **kwargs)
    return str(failure.value)


def test_max_response_size_takes_a_number_of_bytes_and_names_its_range_from_1_kb_to_1_gb() -> None:
    from CCGatewayLibrary.validation import byte_size

    assert byte_size(2048, "Import", "max_response_size") == 2048  # "or a number of bytes"
    assert byte_size(1024**3, "Import", "max_response_size") == 1024**3
    message = _argument_refusal(byte_size, "huge", "Import", "max_response_size")
    assert "argument 'max_response_size' is 'huge'" in message
    assert "from 1 kB to 1 GB" in message


def test_a_refused_gateway_url_is_named_in_the_failure() -> None:
    from CCGatewayLibrary.validation import gateway_url

    message = _argument_refusal(gateway_url, "ftp://10.0.0.5", "Connect To Gateway")
    assert "argument 'url' is 'ftp://10.0.0.5'" in message
    assert "http:// or https:// URL" in message


def test_a_whole_number_may_be_its_upper_bound() -> None:
    from CCGatewayLibrary.validation import integer

    assert integer(5, 1, 5, "Keyword", "count") == 5  # "from low to high"
    assert integer("1", 1, 5, "Keyword", "count") == 1
    assert "a whole number from 1 to 5" in _argument_refusal(integer, 6, 1, 5, "Keyword", "count")


def test_a_positive_time_may_be_under_a_second_and_zero_is_refused_saying_above_0() -> None:
    from CCGatewayLibrary.validation import seconds

    assert seconds("0.5 s", "Import", "timeout", positive=True) == 0.5  # "above 0 when positive"
    assert seconds(1, "Import", "timeout", positive=True) == 1.0
    message = _argument_refusal(seconds, "0 s", "Import", "timeout", positive=True)
    assert "argument 'timeout' is '0 s'; allowed: a time above 0 and at most 1 day," in message


def test_a_verify_value_that_is_neither_text_nor_true_or_false_is_named_with_what_is_allowed() -> None:
    from CCGatewayLibrary.validation import verify

    message = _argument_refusal(verify, 5, "Import")
    assert "argument 'verify' is 5; allowed: True" in message
    assert "False" in message and "path of an existing CA bundle file" in message


# -- keywords: failure and log wording, through Robot Framework (the keyword sample of docs/mutation.md) -----
WORDING_SUITE = r"""*** Settings ***
Library             CCGatewayLibrary
Suite Setup         Start Gateway Simulator    poll_wait=500 ms
Suite Teardown      Stop Gateway Simulator

*** Test Cases ***
Bad Names Fail Naming The Value
    Sign In Agent    101
    ${unknown}=    Run Keyword And Expect Error    *
    ...    Wait For Agent Event    101    Qqqqzzzzwwww    timeout=1 s
    ${option}=    Run Keyword And Expect Error    *
    ...    Wait For Agent Event    101    AgentState_Ready    timout=1 s
    ${far}=    Run Keyword And Expect Error    *
    ...    Wait For Agent Event    101    AgentEvent_Ringing    qqqzzzxxx=1    timeout=1 s
    ${close}=    Run Keyword And Expect Error    *
    ...    Wait For Agent Event    101    AgentEvent_Ringing    calld=1    timeout=1 s
    ${two}=    Run Keyword And Expect Error    *
    ...    Wait For Agent Event    101    Ringing    timeout=1 s
    Set Test Message    ${unknown}|${option}|${far}|${close}|${two}
    [Teardown]    Sign Out All Agents

Several Events: Bad Names And Missing Events Named
    Sign In Agent    101
    ${unknown}=    Run Keyword And Expect Error    *
    ...    Wait For Agent Events    101    AgentState_Ready    Qqqqzzzzwwww    timeout=1 s
    Wait For Agent Events    101    AgentOther_InService    AgentState_Ready    undocumented=True
    ${missing}=    Run Keyword And Expect Error    *
    ...    Wait For Agent Events    101    AgentState_Ready    AgentEvent_Talking    since=test start    timeout=1 s
    Set Test Message    ${unknown}|${missing}
    [Teardown]    Sign Out All Agents

A Wait Fails Saying What Arrived And What A Wait Took
    Sign In Agent    101
    Wait For Agent Event    101    AgentState_Ready
    Wait For Agent Event    101    AgentOther_InService    since=test start
    Simulate Inbound Call    101
    ${taken}=    Run Keyword And Expect Error    *
    ...    Wait For Agent Event    101    AgentState_Ready    timeout=1 s
    Set Test Message    ${taken}
    [Teardown]    Sign Out All Agents

The Log Names The Agent And The Content
    Sign In Agent    101
    ${call}=    Simulate Inbound Call    101
    Wait For Agent Event    101    AgentEvent_Ringing    callid=${call}
    Set Test Message    ${call}
    [Teardown]    Sign Out All Agents

A Customer Hang Up Is A Step Of The Agent In The Call
    Sign In Agent    101
    Sign In Agent    102
    ${other}=    Simulate Inbound Call    102
    Wait For Agent Event    102    AgentEvent_Ringing    callid=${other}
    ${call}=    Simulate Inbound Call    101
    Answer Call    101
    Wait For Agent Event    101    AgentEvent_Talking    callid=${call}
    Simulate Customer Hang Up    ${call}
    ${stale}=    Run Keyword And Expect Error    *
    ...    Wait For Agent Event    101    AgentEvent_Talking    callid=${call}    timeout=1 s
    ${not_in_call}=    Run Keyword And Expect Error    *
    ...    Wait For Agent Event    102    AgentEvent_Ringing    callid=${other}    timeout=1 s
    Set Test Message    ${stale}|${not_in_call}
    [Teardown]    Sign Out All Agents
"""


def _messages(item) -> list[str]:
    found = []
    for child in getattr(item, "body", ()):
        if getattr(child, "type", "") == "MESSAGE":
            found.append(child.message)
        else:
            found.extend(_messages(child))
    return found


def test_keyword_failures_and_the_event_log_say_what_the_docstrings_promise(tmp_path):
    """Bad input names the argument and the value and, only when there is one, the close name meant (house
    rules); a wait's failure lists the events of the test and says when a wait already took the one asked
    for; the log names the agent of each event and shows its content, and a match says when it was found
    only because of ``since=test start`` (Wait For Agent Event's docstring). Simulate Customer Hang Up is a
    step of each agent in the call (its docstring): an event from before it does not prove it, and the
    failure names it."""
    suite = tmp_path / "wording.robot"
    suite.write_text(WORDING_SUITE, encoding="utf-8")
    run(str(suite), outputdir=str(tmp_path), console="none", report="NONE", log="NONE")
    bad, several, taken, logged, hang_up = ExecutionResult(str(tmp_path / "output.xml")).suite.tests
    assert bad.status == "PASS", bad.message
    unknown, option, far, close, two = bad.message.split("|")
    # 'Ringing' is close to both the agent's and a conference's ringing: the failure offers both
    assert "'Ringing' is not an event type" in two and "AgentEvent_Ringing" in two and "AgentConf_Ringing" in two
    assert unknown.startswith(
        "Wait For Agent Event: 'Qqqqzzzzwwww' is not an event type of the event catalogue: Event types are case-sensitive"
    )
    assert "did you mean" not in unknown.lower()
    assert "'timout=' is not an option" in option and "did you mean timeout=?" in option
    assert "qqqzzzxxx" in far and "did you mean" not in far.lower()
    assert "calld" in close and "Did you mean callid=?" in close

    # the plural waits: a bad name fails naming the keyword; undocumented=True allows types outside the
    # catalogue next to catalogued ones; a missing event is named with everything the wait waited for
    assert several.status == "PASS", several.message
    unknown, missing = several.message.split("|")
    assert unknown.startswith("Wait For Agent Events: 'Qqqqzzzzwwww' is not an event type")
    assert "did not receive AgentState_Ready and AgentEvent_Talking" in missing  # the Ready was taken
    assert "Waited for: AgentState_Ready, AgentEvent_Talking." in missing

    assert taken.status == "PASS", taken.message
    assert "Agent 101 did not receive AgentState_Ready" in taken.message
    assert "AgentState_Ready arrived at" in taken.message and "before Simulate Inbound Call" in taken.message
    assert "and a wait already took it" in taken.message
    assert "AgentOther_InService" in taken.message.split("Events received in this test:")[1]

    assert logged.status == "PASS", logged.message
    call = logged.message
    messages = _messages(logged)
    [ringing] = [m for m in messages if m.startswith("Agent 101 received AgentEvent_Ringing: ")]
    assert f'"callid": "{call}"' in ringing
    matches = [m for m in messages if m.startswith("Agent 101: matched")]
    assert matches and not any("since=test start" in m for m in matches)
    assert any(
        m.startswith("Agent 101: matched AgentOther_InService") and "(since=test start)" in m for m in _messages(taken)
    )

    assert hang_up.status == "PASS", hang_up.message
    stale, not_in_call = hang_up.message.split("|")
    assert "AgentEvent_Talking" in stale and "before Simulate Customer Hang Up" in stale
    assert "AgentEvent_Ringing" in not_in_call and "after Simulate Inbound Call" in not_in_call
    assert "Simulate Customer Hang Up" not in not_in_call  # agent 102 is not in the call hung up
