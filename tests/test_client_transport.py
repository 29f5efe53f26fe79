"""The client prepares its requests itself and hands them to requests' transport adapter (issue 13, speed):
what goes on the wire must still be what ``requests.Session.request`` sends, so these tests compare the two
on a loopback server: method, path and query (quoted the same way), headers, JSON body, an empty body on
DELETE, and a cookie the gateway sets (a load balancer's affinity cookie, say) sent back on later requests."""

from __future__ import annotations

import gzip
import json
import time

import hostile
import pytest
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


# -- actions on the client's own kept-alive connection (urllib3 directly, as the pollers' polls) -----------------
def _answer_noting_port(handler, headers: dict | None = None) -> None:
    handler.server.owner.ports.append(handler.client_address[1])  # one port per connection
    hostile.answer(handler, headers=headers)


def _actions(behaviour, count: int, hold_connection: bool = False, pause: float = 0.0) -> tuple[HostileGateway, list]:
    """``count`` Drop Call requests of one client, ``pause`` seconds apart; with ``hold_connection`` another
    thread is using the client's own connection meanwhile. Returns the server and the requests' ports."""
    server = HostileGateway(behaviour)
    server.ports = []
    with server:
        client = GatewayClient(server.url, timeout=5)
        session = AgentSession("101", GUID)
        if hold_connection:
            client._direct_lock.acquire()
        try:
            for _ in range(count):
                client.call(api.RELEASE, "101", session=session)
                time.sleep(pause)
        finally:
            if hold_connection:
                client._direct_lock.release()
            client.close()
    return server, server.ports


def test_actions_go_directly_on_one_kept_alive_connection(adapter_sends):
    adapter = adapter_sends
    _, ports = _actions(_answer_noting_port, 3)
    assert adapter == []  # not through requests' adapter
    assert len(ports) == 3 and len(set(ports)) == 1


def test_an_action_while_another_thread_uses_the_connection_goes_through_requests(adapter_sends):
    adapter = adapter_sends
    server, ports = _actions(_answer_noting_port, 2, hold_connection=True)
    assert len(adapter) == 2 and len(ports) == 2
    assert all(method == "DELETE" for method, *_ in server.requests)


def test_a_connection_the_gateway_closes_after_an_answer_is_replaced_for_the_next_action():
    def closing(handler) -> None:
        _answer_noting_port(handler, {"Connection": "close"})
        handler.close_connection = True

    _, ports = _actions(closing, 3)
    assert len(set(ports)) == 3


def test_a_connection_the_gateway_closed_unannounced_is_replaced_before_the_next_action():
    """The gateway drops the kept-alive connection after its answer without saying so ("Connection: close"):
    the next action is checked against the closed connection before it is sent, as requests' pool does, and
    goes on a new one instead of failing."""

    def dropping(handler) -> None:
        _answer_noting_port(handler)
        handler.close_connection = True

    _, ports = _actions(dropping, 3, pause=0.05)  # the close reaches the client before its next action
    assert len(set(ports)) == 3


def _cut_short(handler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", "100")
    handler.end_headers()
    handler.wfile.write(b'{"retcode"')
    handler.close_connection = True


def _no_reason(handler) -> None:
    handler.send_response(503, "")
    handler.send_header("Content-Length", "0")
    handler.end_headers()


def _hang_up(handler) -> None:
    handler.close_connection = True  # no status line at all


def _gzipped(handler) -> None:
    body = gzip.compress(json.dumps({"retcode": "0", "message": "success", "result": {"x": 1}}).encode())
    handler.send_response(200)
    for name, value in (("Content-Type", "application/json"), ("Content-Encoding", "gzip")):
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def _outcome(behaviour, through_requests: bool) -> str:
    """What one Drop Call against ``behaviour`` returns or raises, the server's port left out."""
    with HostileGateway(behaviour) as server:
        client = GatewayClient(server.url, timeout=0.5)
        if through_requests:  # another adapter mounted: the action goes through requests, as before
            client._http.mount("http://", requests.adapters.HTTPAdapter(max_retries=0))
        try:
            return f"answer {client.call(api.RELEASE, '101', session=AgentSession('101', GUID))}"
        except Exception as error:  # noqa: BLE001 - the failure's type and text are what is compared
            return f"{type(error).__name__}: {error}".replace(server.url, "URL")
        finally:
            client.close()


@pytest.mark.parametrize(
    "behaviour",
    [
        _cut_short,
        _no_reason,
        _hang_up,
        _gzipped,
        hostile.trickle_body,
        hostile.trickle_headers,
        hostile.huge,
        hostile.endless_chunked,
        hostile.redirect_to("http://elsewhere.invalid/x"),
        lambda handler: hostile.answer(handler, headers={"Set-GUID": "JSESSIONID=a b"}),
    ],
    ids=[
        "cut short",
        "no reason",
        "hang up",
        "gzip",
        "trickle body",
        "trickle headers",
        "huge",
        "endless",
        "redirect",
        "bad Set-GUID",
    ],
)
def test_an_action_sent_directly_ends_as_through_requests(behaviour):
    """The direct action's outcome against a hostile gateway (its failure's type and text, or its answer)
    is the same action's outcome through requests' transport adapter."""
    direct = _outcome(behaviour, through_requests=False)
    assert direct == _outcome(behaviour, through_requests=True)
    assert "URL" in direct or direct.startswith("answer {")


def test_a_control_call_with_a_body_says_it_is_json_and_one_without_sends_no_content_type():
    """A JSON body goes with ``Content-Type: application/json`` (the seed pages' header, and what requests'
    ``json=`` sends), on the direct connection as through requests; a request without a body claims none."""
    from CCGatewayLibrary import control

    with HostileGateway(lambda handler: hostile.answer(handler, {"result": {}})) as server:
        client = GatewayClient(server.url, timeout=2)
        try:
            client.control(control.NUMBER_BEHAVIOUR, "Set Remote Party Behaviour", {"behaviour": "busy"}, number="1")
            client.control(control.STATUS, "Get Simulator Status")
        finally:
            client.close()
    (_, _, with_body, body), (_, _, without_body, _) = server.requests
    assert json.loads(body) == {"behaviour": "busy"}
    assert {k.lower(): v for k, v in with_body.items()}.get("content-type", "").startswith("application/json")
    assert "content-type" not in {k.lower() for k in without_body}
