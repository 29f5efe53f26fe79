"""Failures a tester met, now named: an operator where a getter's field (or its operator) belongs fails naming
the argument before any request; a refusal of the bundled simulator carries its explanation, marked as the
simulator's, after the retcode and the interface; a real gateway's message is never presented so."""

from __future__ import annotations

import requests
from requests.adapters import BaseAdapter
from robot import run
from robot.api import ExecutionResult

from CCGatewayLibrary import interfaces as api
from CCGatewayLibrary.client import GatewayClient, GatewayError
from CCGatewayLibrary.client.gateway import AgentSession

from conftest import control

SUITE = """*** Settings ***
Library           CCGatewayLibrary    url=${URL}    verify=${CA}
Suite Setup       Run Keywords    Sign In Agent    101    AND    Wait For Agent Event    101    AgentState_Ready
Suite Teardown    Sign Out All Agents

*** Test Cases ***
Operator Where The Field Belongs
    Get Call Info    101    ==    13800000000

Operator Where The Field Belongs, In Words
    Get Call Info    101    should be    13800000000

Not An Operator For The State
    Get Agent State    101    idle

Not An Operator For The Held Calls
    Get Held Calls    101    1456401416-3

Operators Still Work In Any Case
    Get Agent State    101    SHOULD BE    idle
    Get Call Info    101    assertion_operator=Should Be    assertion_expected=${{{}}}
    Get Held Calls    101    ==

Rejecting Without Phone Linkage
    ${call} =    Simulate Inbound Call    101
    Wait For Agent Event    101    AgentEvent_Ringing    callid=${call}
    Reject Ringing Call    101
"""


def test_misplaced_operators_fail_named_before_any_request_and_the_simulator_explains(tmp_path, sim):
    suite = tmp_path / "named.robot"
    suite.write_text(SUITE, encoding="utf-8")
    run(
        str(suite),
        outputdir=str(tmp_path),
        console="none",
        report="NONE",
        log="NONE",
        variable=[f"URL:{sim.url}", f"CA:{sim.ca_bundle}"],
    )
    tests = {t.name: (t.status, t.message) for t in ExecutionResult(str(tmp_path / "output.xml")).suite.tests}
    field = (
        "FAIL",
        "Get Call Info: argument 'field' is {!r}; allowed: the name of a call-info field such as "
        "callid, caller or called, given before the operator (e.g. 'Get Call Info    101    callid    "
        "==    ${{call}}').",
    )
    assert tests["Operator Where The Field Belongs"] == (field[0], field[1].format("=="))
    assert tests["Operator Where The Field Belongs, In Words"] == (field[0], field[1].format("should be"))
    allowed = (
        "allowed: an operator such as ==, !=, contains, should be, <, >, matches or validate "
        "(see 'Getters and assertions')."
    )
    assert tests["Not An Operator For The State"] == (
        "FAIL",
        f"Get Agent State: argument 'assertion_operator' is 'idle'; {allowed}",
    )
    assert tests["Not An Operator For The Held Calls"] == (
        "FAIL",
        f"Get Held Calls: argument 'assertion_operator' is '1456401416-3'; {allowed}",
    )
    assert tests["Operators Still Work In Any Case"] == ("PASS", "")
    assert tests["Rejecting Without Phone Linkage"] == (
        "FAIL",
        "100-007: exception during the agent operation (Reject Ringing Call: POST "
        "/agentgateway/resource/voicecall/101/phonehangup); the simulator explains: agent 101 has no phone "
        "linkage (signed in without phonelinkage), so there is no hard phone to hang up",
    )
    # The named failures sent nothing: the only call-info and hold-list requests are those of the passing test
    # (the leak check asks for the agent status after each test, so that interface is not counted).
    log = control(sim, "GET", "/requests")
    assert [r["interface"] for r in log if r["interface"] in ("queryCallInfo", "queryHoldListInfo")] == [
        "queryCallInfo",
        "queryHoldListInfo",
    ]


def test_the_simulator_says_when_no_call_rings(client, sim):
    client.sign_in("101", {"status": 4, "phonenum": "", "password": "", "phonelinkage": True})
    try:
        client.call(api.PHONE_HANGUP, "101", session=client.session("101"))
    except GatewayError as error:
        assert str(error).endswith("; the simulator explains: no call is ringing on agent 101's phone")
        assert error.simulator_detail == "no call is ringing on agent 101's phone"
    else:
        raise AssertionError("phonehangup without a ringing call was accepted")


class _RealGateway(BaseAdapter):
    """A gateway whose refusal carries a message of its own (as a real one may)."""

    def send(self, request, **kwargs):
        response = requests.Response()
        response.status_code, response.url, response.request = 200, request.url, request
        response.headers["Content-Type"] = "application/json"
        response._content = b'{"message": "ICD agent phone not linked", "retcode": "100-007", "result": {}}'
        response._content_consumed = True  # the body is all there (the client reads answers in chunks)
        return response

    def close(self):
        pass


def test_a_real_gateways_message_is_not_presented_as_the_simulators_explanation():
    client = GatewayClient("https://gateway.test:8043", timeout=5)
    client._http.mount("https://", _RealGateway())
    try:
        client.call(api.PHONE_HANGUP, "101", session=AgentSession("101", "guid-of-101-0000000000"))
    except GatewayError as error:
        assert str(error) == (
            "100-007: exception during the agent operation (Reject Ringing Call: "
            "POST /agentgateway/resource/voicecall/101/phonehangup)"
        )
        assert error.simulator_detail == "" and error.gateway_message == "ICD agent phone not linked"
    else:
        raise AssertionError("the refusal was accepted")
    finally:
        client.close()
