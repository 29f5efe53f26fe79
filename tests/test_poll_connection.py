"""The event poller sends its polls on its own connection through urllib3 directly (issue 13, speed;
client/poll_connection.py). On the wire a poll must still be what ``requests.Session.request`` sends, on
one kept-alive connection; a cookie the gateway sets on a poll is sent back on the next poll, as requests
does; a server that closes the connection gets a new one; and a poller whose session has another
transport mounted goes through it."""

from __future__ import annotations

import hostile
import pytest
import requests
from hostile import GUID, HostileGateway

from CCGatewayLibrary import interfaces as api
from CCGatewayLibrary.client import AgentSession, GatewayClient
from CCGatewayLibrary.client.errors import CCGatewayError, GatewayConnectionError

EVENT = {"eventType": "AgentState_Ready", "workNo": "101", "content": None}


def _event(handler, headers: dict | None = None) -> None:
    handler.server.owner.ports.append(handler.client_address[1])  # one port per connection
    hostile.answer(handler, {"event": EVENT}, headers)


def _gateway(behaviour) -> HostileGateway:
    server = HostileGateway(behaviour)
    server.ports = []
    return server


def _polls(server: HostileGateway, count: int) -> list:
    client = GatewayClient(server.url, timeout=5)
    stream = client._stream(AgentSession("101", GUID))
    try:
        return [stream._fetch() for _ in range(count)]
    finally:
        stream._on_exit()
        client.close()


def _wire(request: tuple) -> tuple:
    method, path, headers, body = request
    return method, path, {k.lower(): v for k, v in headers.items() if k.lower() != "host"}, body


def test_polls_go_directly_on_one_kept_alive_connection_with_the_wire_of_session_request(adapter_sends):
    with _gateway(_event) as server:
        assert _polls(server, 3) == [EVENT] * 3
        reference = requests.Session()
        reference.trust_env = False
        reference.get(
            server.url + api.BASE_PATH + "/agentevent/101",
            headers={"Content-Type": "application/json; charset=UTF-8", "Guid": GUID},
        )
        reference.close()
    assert adapter_sends == []  # not through requests' adapter
    assert len(set(server.ports[:3])) == 1  # one connection for the three polls
    ours, theirs = server.requests[:3], server.requests[3]
    assert all(_wire(poll) == _wire(theirs) for poll in ours)


def test_a_cookie_set_on_a_poll_is_sent_back_on_the_next_poll(adapter_sends):
    def cookie_once(handler) -> None:
        _event(handler, {"Set-Cookie": "AFFINITY=node-7; Path=/"} if len(handler.server.owner.ports) == 0 else None)

    with _gateway(cookie_once) as server:
        assert _polls(server, 2) == [EVENT] * 2
    first, second = (headers for _, _, headers, _ in server.requests)
    assert "Cookie" not in first
    assert second.get("Cookie") == "AFFINITY=node-7"
    assert len(adapter_sends) == 1  # with a cookie to send, the poll goes through requests, as before


def test_a_connection_the_gateway_closes_is_replaced_without_a_failed_poll():
    def closing(handler) -> None:
        _event(handler, {"Connection": "close"})
        handler.close_connection = True

    with _gateway(closing) as server:
        assert _polls(server, 3) == [EVENT] * 3
    assert len(set(server.ports)) == 3


def test_a_refused_connection_is_named_as_through_requests():
    with _gateway(_event) as server:
        url = server.url
    client = GatewayClient(url, timeout=2)
    stream = client._stream(AgentSession("101", GUID))
    with pytest.raises(GatewayConnectionError, match="agentevent/101 got no answer: connection refused"):
        stream._fetch()
    client.close()


def _mounted(client: GatewayClient, adapter: requests.adapters.HTTPAdapter) -> None:
    """Make the client's pollers mount ``adapter``: their polls then go through requests, not directly."""
    made = client.new_http

    def new_http() -> requests.Session:
        http = made()
        http.mount("http://", adapter)
        return http

    client.new_http = new_http


def _poll_failure(server: HostileGateway, through_requests: bool, expected: type[Exception]) -> str:
    """The text of the failure one poll of agent 101 raises, directly or through requests."""
    client = GatewayClient(server.url, timeout=5)
    if through_requests:
        _mounted(client, requests.adapters.HTTPAdapter(max_retries=0))
    stream = client._stream(AgentSession("101", GUID))
    try:
        with pytest.raises(expected) as caught:
            stream._fetch()
        return str(caught.value)
    finally:
        stream._on_exit()
        client.close()


def test_a_session_with_another_transport_mounted_polls_through_it(adapter_sends):
    class Counting(requests.adapters.HTTPAdapter):
        sent = 0

        def send(self, request, **kwargs):
            Counting.sent += 1
            return super().send(request, **kwargs)

    with _gateway(_event) as server:
        client = GatewayClient(server.url, timeout=5)
        _mounted(client, Counting())
        stream = client._stream(AgentSession("101", GUID))
        assert [stream._fetch() for _ in range(2)] == [EVENT] * 2
        stream._on_exit()
        client.close()
    assert Counting.sent == 2


def test_an_answer_without_a_reason_phrase_is_named_as_through_requests():
    """A status line with no reason phrase ("HTTP/1.1 503 "): the direct poll's failure reads exactly as
    the same poll's failure through requests (the module's promise), with nothing put in for the reason."""

    def no_reason(handler) -> None:
        handler.send_response(503, "")
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    with _gateway(no_reason) as server:
        direct = _poll_failure(server, False, CCGatewayError)
        through = _poll_failure(server, True, CCGatewayError)
    assert "HTTP 503" in direct
    assert direct == through


def test_a_connection_closed_without_an_answer_is_named_as_through_requests():
    """The gateway reads the poll and closes the connection without a word: the direct poll's failure
    reads exactly as the same failure through requests ("Connection aborted.", as urllib3's pool says it)."""

    def hang_up(handler) -> None:
        handler.close_connection = True  # no status line at all

    with _gateway(hang_up) as server:
        direct = _poll_failure(server, False, GatewayConnectionError)
        through = _poll_failure(server, True, GatewayConnectionError)
    assert "got no answer" in direct
    assert direct == through
