"""The client prepares its requests itself and hands them to requests' transport adapter (issue 13, speed):
what goes on the wire must still be what ``requests.Session.request`` sends, so these tests compare the two
on a loopback server: method, path and query (quoted the same way), headers, JSON body, an empty body on
DELETE, and a cookie the gateway sets (a load balancer's affinity cookie, say) sent back on later requests."""

from __future__ import annotations

import json

import hostile
import requests
from hostile import GUID, HostileGateway

from CCGatewayLibrary import interfaces as api
from CCGatewayLibrary.client import AgentSession, GatewayClient


def _cookie_once(handler) -> None:
    first = not any("Cookie" in headers for _, _, headers, _ in handler.server.owner.requests[:-1])
    hostile.answer(handler, headers={"Set-Cookie": "AFFINITY=node-7; Path=/"} if first else None)


def _wire(request: tuple) -> tuple:
    method, path, headers, body = request
    kept = {k.lower(): v for k, v in headers.items() if k.lower() not in ("host", "user-agent")}
    return method, path, kept, body


def test_requests_on_the_wire_are_those_session_request_sends():
    with HostileGateway(hostile.answer) as server:
        client = GatewayClient(server.url, timeout=5)
        session = AgentSession("101", GUID)
        client.call(api.ANSWER, "101", session=session, params={"callid": "1456401416-3 x/y"})
        client.call(api.RELEASE, "101", session=session)
        client.call(api.CALL_OUT, "101", session=session, body={"called": "13800000001", "caller": "é"})
        client.close()
        reference = requests.Session()
        reference.trust_env = False
        headers = {"Content-Type": "application/json; charset=UTF-8", "Guid": GUID}
        base = server.url + api.BASE_PATH
        reference.put(base + "/voicecall/101/answer", params={"callid": "1456401416-3 x/y"}, headers=headers)
        reference.delete(base + "/voicecall/101/release", headers=headers)
        reference.put(base + "/voicecall/101/callout", json={"called": "13800000001", "caller": "é"}, headers=headers)
        reference.close()
    ours, theirs = server.requests[:3], server.requests[3:]
    assert [_wire(r) for r in ours] == [_wire(r) for r in theirs]
    assert json.loads(ours[2][3]) == {"called": "13800000001", "caller": "é"}


def test_a_cookie_the_gateway_sets_is_sent_back():
    with HostileGateway(_cookie_once) as server:
        client = GatewayClient(server.url, timeout=5)
        session = AgentSession("101", GUID)
        client.call(api.AGENT_STATUS, "101", session=session)
        client.call(api.AGENT_STATUS, "101", session=session)
        client.close()
    first, second = (headers for _, _, headers, _ in server.requests)
    assert "Cookie" not in first
    assert second.get("Cookie") == "AFFINITY=node-7"
