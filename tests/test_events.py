"""The event buffer and its wait semantics, without a gateway: a fake fetch feeds the poller."""

import queue
import threading
import time

import pytest

from CCGatewayLibrary.client import GatewayConnectionError, GatewayError
from CCGatewayLibrary.client.events import EventStream, matcher


def event(event_type, content=None, agent="101"):
    return {"eventType": event_type, "workNo": agent, "content": content}


class FakeGateway:
    """Hands out queued events one per poll, like the gateway's long poll (with a short wait)."""

    def __init__(self):
        self.events = queue.Queue()
        self.polls = 0

    def fetch(self):
        self.polls += 1
        item = self.events.get(timeout=5)
        if isinstance(item, Exception):
            raise item
        return item


@pytest.fixture
def gateway():
    return FakeGateway()


@pytest.fixture
def stream(gateway):
    s = EventStream("101", gateway.fetch)
    s.start()
    yield s
    s.stop()
    gateway.events.put(None)


def test_event_received_before_the_wait_began_is_returned(stream, gateway):
    gateway.events.put(event("AgentState_Ready"))
    time.sleep(0.05)  # the event is in the buffer before the wait starts
    found = stream.wait_for(matcher("AgentState_Ready"), 1)
    assert found.event["eventType"] == "AgentState_Ready"


def test_event_is_consumed_once(stream, gateway):
    gateway.events.put(event("AgentState_Ready"))
    assert stream.wait_for(matcher("AgentState_Ready"), 1) is not None
    assert stream.wait_for(matcher("AgentState_Ready"), 0.1) is None


def test_wait_returns_as_soon_as_the_event_arrives(stream, gateway):
    threading.Timer(0.1, gateway.events.put, [event("AgentEvent_Talking", {"callid": "1-1"})]).start()
    started = time.monotonic()
    found = stream.wait_for(matcher("AgentEvent_Talking"), 5)
    assert found is not None
    assert time.monotonic() - started < 1


def test_non_matching_events_stay_buffered_in_order(stream, gateway):
    for e in (event("A"), event("B"), event("A", "2")):
        gateway.events.put(e)
    assert stream.wait_for(matcher("B"), 1).event["eventType"] == "B"
    assert stream.wait_for(matcher("A"), 1).event["content"] is None  # the oldest A first
    assert stream.wait_for(matcher("A"), 1).event["content"] == "2"


def test_content_filters_match_object_fields_and_plain_string_content():
    talking = event("AgentEvent_Talking", {"callid": "1-1", "feature": 7})
    assert matcher("AgentEvent_Talking", fields={"callid": "1-1"})(talking)
    assert matcher("AgentEvent_Talking", fields={"feature": "7"})(talking)  # compared as text
    assert not matcher("AgentEvent_Talking", fields={"callid": "1-2"})(talking)
    assert not matcher("AgentEvent_Talking", fields={"missing": "x"})(talking)
    assert not matcher("AgentEvent_Talking", content="1-1")(talking)
    release = event("AgentEvent_Call_Release", "1-1")
    assert matcher("AgentEvent_Call_Release", content="1-1")(release)
    assert not matcher("AgentEvent_Call_Release", content="1-2")(release)
    assert not matcher("AgentEvent_Call_Release", fields={"callid": "1-1"})(release)


def test_timeout_returns_none_after_the_timeout(stream):
    started = time.monotonic()
    assert stream.wait_for(matcher("Never"), 0.2) is None
    assert 0.15 <= time.monotonic() - started < 1


def test_history_keeps_every_event_of_the_test_consumed_or_not(stream, gateway):
    gateway.events.put(event("A"))
    gateway.events.put(event("B"))
    stream.wait_for(matcher("A"), 1)
    stream.wait_for(matcher("B"), 1)
    assert [r.event_type for r in stream.history()] == ["A", "B"]
    stream.start_test()
    assert stream.history() == []


def test_unconsumed_events_survive_into_the_next_test(stream, gateway):
    gateway.events.put(event("A"))
    assert stream.wait_for(matcher("Never"), 0.1) is None
    stream.start_test()
    assert [r.event_type for r in stream.history()] == ["A"]
    assert stream.wait_for(matcher("A"), 0.1) is not None


def test_unlogged_events_are_handed_out_once(stream, gateway):
    gateway.events.put(event("A"))
    stream.wait_for(matcher("A"), 1)
    assert [r.event_type for r in stream.take_unlogged()] == ["A"]
    assert stream.take_unlogged() == []


def test_transient_faults_are_retried_and_no_event_is_lost(stream, gateway):
    gateway.events.put(GatewayConnectionError("connection reset"))
    gateway.events.put(GatewayError("000-004", "failover", "Wait For Agent Event", "GET /x"))
    gateway.events.put(event("A"))
    assert stream.wait_for(matcher("A"), 2) is not None
    assert "failover" in str(stream.last_fault)
    assert stream.running


def test_signed_out_agent_ends_the_stream_and_the_wait_returns_at_once(stream, gateway):
    gateway.events.put(GatewayError("100-006", "not signed in", "Wait For Agent Event", "GET /x"))
    started = time.monotonic()
    assert stream.wait_for(matcher("A"), 5) is None
    assert time.monotonic() - started < 1
    assert stream.ended.retcode == "100-006"


def test_find_does_not_consume(stream, gateway):
    gateway.events.put(event("A"))
    assert stream.find(matcher("A"), 1) is not None
    assert stream.wait_for(matcher("A"), 0.1) is not None


def test_a_bug_in_fetch_ends_the_stream_visibly():
    def broken():
        raise KeyError("boom")

    s = EventStream("101", broken)
    s.start()
    assert s.wait_for(matcher("A"), 1) is None
    assert "boom" in str(s.ended)


class _CountingCondition:
    """The stream's condition, counting how often a wait was woken (or timed out)."""

    def __init__(self, cond: threading.Condition):
        self._cond = cond
        self.wakes = 0

    def __getattr__(self, name):
        return getattr(self._cond, name)

    def __enter__(self):
        return self._cond.__enter__()

    def __exit__(self, *exc):
        return self._cond.__exit__(*exc)

    def wait(self, timeout=None):
        woken = self._cond.wait(timeout)
        self.wakes += 1
        return woken


def _events_during_a_wait(stream, gateway, predicate) -> tuple:
    """Five AgentState_Busy events, then AgentEvent_Ringing, while a wait for ``predicate`` runs: what it
    returned and how often it was woken."""
    stream._cond = counting = _CountingCondition(stream._cond)

    def feed():
        time.sleep(0.1)  # the wait is waiting
        for _ in range(5):
            gateway.events.put(event("AgentState_Busy"))
        time.sleep(0.1)
        gateway.events.put(event("AgentEvent_Ringing", {"callid": "1-1"}))

    threading.Thread(target=feed, daemon=True).start()
    found = stream.wait_for(predicate, 3)
    return found, counting.wakes


def test_a_wait_for_an_event_type_is_woken_only_by_events_of_that_type(stream, gateway):
    found, wakes = _events_during_a_wait(stream, gateway, matcher("AgentEvent_Ringing"))
    assert found is not None and found.event_type == "AgentEvent_Ringing"
    assert wakes == 1  # not once per AgentState_Busy before it
    assert stream._waiting == {}  # nothing left registered after the wait
    assert [r.event_type for r in stream.pending()] == ["AgentState_Busy"] * 5


def test_a_wait_for_any_predicate_is_woken_by_every_event(stream, gateway):
    def ringing(received_event) -> bool:  # not a matcher: says no event type
        return received_event.get("eventType") == "AgentEvent_Ringing"

    found, wakes = _events_during_a_wait(stream, gateway, ringing)
    assert found is not None and found.event_type == "AgentEvent_Ringing"
    assert 2 <= wakes <= 6  # woken by the Busy events (one wake may cover several) and by Ringing
    assert stream._waiting == {}
