"""The simulator's pages for people: OpenAPI document, its HTML page and the live status page, over HTTP."""

from __future__ import annotations

import re

import requests

from CCGatewayLibrary import interfaces
from CCGatewayLibrary.retcodes import meaning_of


def get(sim, path):
    response = requests.get(sim.url + path, verify=sim.ca_bundle, timeout=5)
    assert response.status_code == 200, (path, response.status_code)
    return response


def test_openapi_document_describes_every_interface_with_its_retcodes_and_the_control_api(sim):
    document = get(sim, "/simulator/openapi.json").json()
    assert document["openapi"].startswith("3.") and document["info"]["title"] == "CC-Gateway simulator"
    for iface in interfaces.ALL:
        operation = document["paths"][interfaces.BASE_PATH + iface.template][iface.method.lower()]
        assert operation["operationId"] == iface.log_name and operation["summary"] == iface.label
        assert operation["x-retcodes"] == [{"retcode": c, "meaning": meaning_of(c)} for c in iface.retcodes]
        names = {p["name"] for p in operation["parameters"]}
        assert set(re.findall(r"{(\w+)}", iface.template)) <= names
        assert ("Guid" in names) == (iface.log_name not in ("login", "forceLogin"))
    for path, method in [
        ("/simulator/inbound-calls", "post"),
        ("/simulator/calls/{callid}/hang-up", "post"),
        ("/simulator/status", "get"),
        ("/simulator/", "get"),
        ("/simulator/docs", "get"),
    ]:
        assert method in document["paths"][path], path
    assert "/{path}" not in document["paths"]


def test_docs_page_is_plain_self_contained_html(sim):
    page = get(sim, "/simulator/docs").text
    assert "<script" not in page and not re.search(r'(src|href)="https?://', page)
    assert "connectHold" in page and "/agentgateway/resource/voicecall/{agentid}/release" in page
    assert meaning_of("200-017") in page
    assert "/simulator/inbound-calls" in page


def test_status_page_lists_agents_calls_events_and_refreshes_itself(sim, client):
    page = get(sim, "/simulator/").text
    assert "no agent is signed in" in page
    assert len(re.findall(r"<script", page)) == 1 and not re.search(r'(src|href)="https?://', page)
    assert "fetch('/simulator/live'" in page and 'http-equiv="refresh"' in page  # script, or reload without
    client.sign_in("101", {"password": "", "phonenum": "", "status": 4})
    callid = requests.post(
        f"{sim.url}/simulator/inbound-calls", json={"agent_id": "101"}, verify=sim.ca_bundle, timeout=5
    ).json()["result"]["callid"]
    live = get(sim, "/simulator/live").text
    assert '<span class="state talking">talking</span>' in live
    assert f"<td>{callid}</td>" in live and "AgentEvent_Talking" in live
    assert "/agentgateway/resource/onlineagent/101" in live  # the sign-in request
    assert get(sim, "/simulator").text.count('id="agents"') == 1
