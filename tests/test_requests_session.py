"""RequestsLibrary on an agent's HTTP session (client/agent_http.py, keywords/requests_session.py): the session
sends the agent's current Guid, follows rotation both ways, keeps the Guid to the gateway's origin and out of
the headers RequestsLibrary logs."""

from __future__ import annotations

import time

import requests
from requests.adapters import BaseAdapter
from robot import run
from robot.api import ExecutionResult

from CCGatewayLibrary.client import GatewayClient
from CCGatewayLibrary.client.agent_http import AgentHttpSession
from CCGatewayLibrary.client.gateway import AgentSession

from conftest import control

STATUS = "/agentgateway/resource/onlineagent/101/agentstatus"


def _wait_for_rotations(session: AgentSession, count: int) -> None:
    deadline = time.monotonic() + 5
    while session.guid_rotations < count:
        assert time.monotonic() < deadline, "no Guid rotation reached the client"
        time.sleep(0.01)


def test_the_session_follows_guid_rotations_that_retire_the_sign_in_guid(sim):
    client = GatewayClient(sim.url, verify=sim.ca_bundle, timeout=5)
    try:
        agent, _ = client.sign_in("101", {"status": 4, "phonenum": "", "password": ""})
        first = agent.guid
        for count in (1, 2):
            control(sim, "POST", "/agents/101/rotate-guid")
            _wait_for_rotations(agent, count)
        http = AgentHttpSession("101", lambda: client)
        # The Guid of the sign-in is refused now (negative control) ...
        stale = requests.get(sim.url + STATUS, headers={"Guid": first}, verify=sim.ca_bundle, timeout=5)
        assert stale.json()["retcode"] == "100-006"
        # ... and the agent's session, which sends the current one, is answered.
        answer = http.get(sim.url + STATUS)
        assert answer.json()["retcode"] == "0" and answer.json()["result"]["agentState"] == 4
        assert first not in str(answer.request.headers) and agent.guid not in str(answer.request.headers)
    finally:
        client.close()


class _Gateway(BaseAdapter):
    """Answers every request like a gateway that rotates the Guid on it; remembers what was sent."""

    def __init__(self, new_guid: str):
        super().__init__()
        self.new_guid, self.sent = new_guid, []

    def send(self, request, **kwargs):
        self.sent.append((request.url, request.headers.get("Guid")))
        response = requests.Response()
        response.status_code, response.url, response.request = 200, request.url, request
        response.headers["Content-Type"] = "application/json"
        response.headers["Set-GUID"] = f"JSESSIONID={self.new_guid}"
        response._content = b'{"message": "success", "retcode": "0", "result": {}}'
        return response

    def close(self):
        pass


def test_a_guid_rotated_on_a_requestslibrary_answer_reaches_the_agent_session_and_is_masked():
    client = GatewayClient("https://gateway.test:8043", timeout=5)
    old, new = "11111111-aaaa-bbbb-cccc-000000000001.AgentGateway0", "22222222-aaaa-bbbb-cccc-000000000002.AGW0"
    agent = client.agents["101"] = AgentSession("101", old)
    records = []
    client.listeners.append(records.append)
    http = AgentHttpSession("101", lambda: client)
    gateway = _Gateway(new)
    http.mount("https://", gateway)
    answer = http.post("https://gateway.test:8043/agentgateway/resource/voicecall/101/hold")
    assert gateway.sent == [("https://gateway.test:8043/agentgateway/resource/voicecall/101/hold", old)]
    assert agent.guid == new  # the keywords and the poller send the new Guid from now on
    assert old not in str(answer.request.headers) and new not in str(answer.headers)  # what RequestsLibrary logs
    assert answer.request.headers["Guid"].startswith("1111…") and "2222…" in answer.headers["Set-GUID"]
    http.post("https://gateway.test:8043/agentgateway/resource/voicecall/101/gethold")
    assert gateway.sent[-1][1] == new
    # Another origin (e.g. a redirect target) never gets the Guid, and its Set-GUID is not taken.
    http.get("https://elsewhere.test:8043/agentgateway/resource/voicecall/101/hold")
    http.get("https://gateway.test:9999/")
    assert [guid for _, guid in gateway.sent[2:]] == [None, None] and agent.guid == new
    assert [(r.label, r.method, r.path, r.retcode) for r in records] == [
        ("RequestsLibrary", "POST", "/agentgateway/resource/voicecall/101/hold", "0"),
        ("RequestsLibrary", "POST", "/agentgateway/resource/voicecall/101/gethold", "0"),
    ]
    client.close()


def test_alias_keyword_and_sign_in_registration_through_robot(tmp_path, sim):
    suite = tmp_path / "alias.robot"
    suite.write_text(
        """*** Settings ***
Library           CCGatewayLibrary    url=${URL}    verify=${CA}
Library           RequestsLibrary
Test Teardown     Sign Out All Agents

*** Test Cases ***
Registered At Sign In
    Sign In Agent    101
    Session Exists    agent_101
    ${alias} =    Get Agent Session Alias    101
    Should Be Equal    ${alias}    agent_101
    ${answer} =    GET On Session    agent_101    /agentgateway/resource/onlineagent/101/agentstatus
    Should Be Equal    ${answer.json()}[retcode]    0

Not For An Agent This Library Did Not Sign In
    Run Keyword And Expect Error    Get Agent Session Alias: agent 102 is not signed in by this library*
    ...    Get Agent Session Alias    102
    Run Keyword And Expect Error    *'agent_id' is '100'*    Get Agent Session Alias    100

After Sign Out The Gateway Answers 100-006
    Sign In Agent    103
    Sign Out Agent    103
    ${answer} =    GET On Session    agent_103    /agentgateway/resource/onlineagent/103/agentstatus
    Should Be Equal    ${answer.json()}[retcode]    100-006
""",
        encoding="utf-8",
    )
    other = tmp_path / "without.robot"
    other.write_text(
        """*** Settings ***
Library           CCGatewayLibrary    url=${URL}    verify=${CA}
Test Teardown     Sign Out All Agents

*** Test Cases ***
Without RequestsLibrary Imported
    Sign In Agent    104
    Run Keyword And Expect Error    Get Agent Session Alias: RequestsLibrary is not imported in this suite*
    ...    Get Agent Session Alias    104
""",
        encoding="utf-8",
    )
    run(
        str(suite),
        str(other),
        outputdir=str(tmp_path),
        console="none",
        report="NONE",
        log="NONE",
        variable=[f"URL:{sim.url}", f"CA:{sim.ca_bundle}"],
    )
    result = ExecutionResult(str(tmp_path / "output.xml"))
    outcome = {t.name: (t.status, t.message) for t in result.suite.all_tests}
    assert all(status == "PASS" for status, _ in outcome.values()), outcome
    assert len(outcome) == 4
