"""Behaviours of the client (gateway client and event stream) pinned for mutation testing (docs/mutation.md):
each test asserts what the module docstrings, the README or the interface pages promise, without a gateway
or with the shared simulator, and runs in well under a second."""

from __future__ import annotations

import queue
import re
import threading
import time

import pytest

from CCGatewayLibrary.client import GatewayConnectionError, GatewayError
from CCGatewayLibrary.client import events as ev
from CCGatewayLibrary.client.events import EventStream, ReceivedEvent, Sequence, Step, describe, matcher

EVERY = Step("every event", 0.0, 0)  # a boundary before everything: `after=EVERY` looks back to the start


def event(event_type, content=None, generated=None):
    e = {"eventType": event_type, "workNo": "101", "content": content}
    if generated is not None:
        e["eventGenTime"] = generated
    return e


def refused(retcode):
    return GatewayError(retcode, "meaning", "Wait For Agent Event", "GET /agentgateway/resource/agentevent/101")


class Feed:
    """A fake long poll: hands out queued items one per poll (an exception is raised), then blocks."""

    def __init__(self, *items):
        self.items = queue.Queue()
        for item in items:
            self.items.put(item)
        self.polls = 0

    def __call__(self):
        self.polls += 1
        item = self.items.get(timeout=5)
        if isinstance(item, BaseException):
            raise item
        return item


def wait_until(condition, timeout=3.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the condition did not come true in time"
        time.sleep(0.01)


@pytest.fixture
def polled():
    """A started stream over a Feed; stopped (and its poll released) after the test."""
    started = []

    def make(*items, pause=0.0, on_exit=None):
        feed = Feed(*items)
        stream = EventStream("101", feed, pause, on_exit=on_exit)
        stream.start()
        started.append((stream, feed))
        return stream, feed

    yield make
    for stream, feed in started:
        stream.stop()
        feed.items.put(None)


# -- what a received event says about itself -----------------------------------------------------------
def test_a_received_event_is_summarised_by_its_type_and_call_id_or_content():
    assert ReceivedEvent(event("AgentEvent_Talking", {"callid": "1-2"}), 1).summary() == "AgentEvent_Talking (1-2)"
    assert ReceivedEvent(event("T", {"callId": "3-4"}), 1).summary() == "T (3-4)"
    assert ReceivedEvent(event("T", {"confId": "c9"}), 1).summary() == "T (c9)"
    assert ReceivedEvent(event("T", {"other": 1}), 1).summary() == "T"
    assert ReceivedEvent(event("AgentEvent_Call_Release", "1-1"), 1).summary() == "AgentEvent_Call_Release (1-1)"
    assert ReceivedEvent(event("AgentState_Ready", ""), 1).summary() == "AgentState_Ready"
    assert ReceivedEvent(event("AgentState_Ready", None), 1).summary() == "AgentState_Ready"
    assert ReceivedEvent({"content": None}, 1).event_type == ""
    fresh = ReceivedEvent(event("B"), 1)
    first = ReceivedEvent(event("A", "x"), 1)
    assert describe([first, fresh], fresh=lambda r: r is fresh) == "A (x) (earlier), B"
    assert describe([first, fresh]) == "A (x), B"
    assert describe([]) == "none"


def test_a_received_event_records_its_arrival_and_is_neither_consumed_nor_discarded():
    before = time.time()
    received = ReceivedEvent(event("A"), 7)
    assert before <= received.received <= time.time()
    assert (received.seq, received.consumed, received.discarded, received.generated) == (7, False, False, None)


def test_clock_shows_wall_clock_time_with_milliseconds():
    epoch = 1_700_000_000.120_4
    text = ev.clock(epoch)
    assert re.fullmatch(r"\d\d:\d\d:\d\d\.120", text)
    assert text.startswith(time.strftime("%H:%M:%S", time.localtime(epoch)))


def test_event_gen_time_in_milliseconds_is_read_as_seconds_only_when_usable():
    assert ev._generated({"eventGenTime": 1_700_000_000_123}) == pytest.approx(1_700_000_000.123)
    assert ev._generated({"eventGenTime": "1700000000123"}) == pytest.approx(1_700_000_000.123)
    assert ev._generated({"eventGenTime": 2500.0}) == pytest.approx(2.5)
    assert ev._generated({"eventGenTime": 1}) == pytest.approx(0.001)
    for unusable in (None, "", "soon", "-5", 0, -1, True, [1]):
        assert ev._generated({"eventGenTime": unusable}) is None, unusable
    assert ev._generated({}) is None


def test_a_sequence_is_complete_only_with_every_event_and_in_order():
    a, b = ReceivedEvent(event("A"), 1), ReceivedEvent(event("B"), 2)
    assert Sequence([a, b]).complete and Sequence([a, b]).events == [a, b]
    assert not Sequence([a, None]).complete and Sequence([a, None]).events == [a]
    assert not Sequence([a, b], out_of_order=1).complete
    assert not Sequence([a, b], out_of_order=0).complete


# -- matcher ---------------------------------------------------------------------------------------------
def test_a_content_filter_never_matches_object_content_by_its_text():
    assert not matcher("T", content="{'callid': '1'}")(event("T", {"callid": "1"}))
    assert not matcher("T", content="['1']")(event("T", ["1"]))
    assert matcher("T", content=5)(event("T", "5"))  # compared as text
    assert not matcher("T", fields={"callid": "1"})(event("T", [{"callid": "1"}]))
    assert matcher("T", fields={})(event("T", "anything"))
    assert not matcher("T")(event("U"))
    assert matcher("T").event_type == "T"
    both = matcher("T", fields={"a": 1, "b": 2})
    assert both(event("T", {"a": 1, "b": 2})) and not both(event("T", {"a": 1, "b": 3}))
    assert not both(event("T", {"a": 1}))


# -- the buffer, without a poller ------------------------------------------------------------------------
def test_wait_for_takes_the_oldest_match_of_its_type_among_many_and_leaves_the_rest():
    stream = EventStream("101", Feed())
    for item in (event("A", "1"), event("B"), event("A", "2")):
        stream.add(item)
    assert stream.wait_for(lambda e: e["eventType"] == "A", 0).event["content"] == "1"  # a plain predicate
    assert [r.event_type for r in stream.pending()] == ["B", "A"]
    assert stream.wait_for(matcher("A"), 0).event["content"] == "2"
    assert stream.wait_for(matcher("A"), 0) is None
    assert stream.wait_for(matcher("B"), 0).consumed
    assert stream.pending() == []


def test_steps_hide_earlier_events_from_waits_but_after_looks_back():
    stream = EventStream("101", Feed())
    old = stream.add(event("A", "old"))
    assert stream.position() == 1
    step = stream.mark_step("Answer Call")
    assert (step.name, step.after_seq) == ("Answer Call", 1) and stream.step is step
    assert abs(step.started - time.time()) < 1
    assert not stream.is_fresh(old) and stream.is_fresh(old, after=EVERY)
    new = stream.add(event("A", "new"))
    assert stream.is_fresh(new)
    assert stream.find(matcher("A"), 0) is new
    assert stream.earlier(matcher("A")) is old
    assert stream.earlier(matcher("A"), after=Step("", 0.0, 1)) is old  # at or before seq 1
    assert stream.earlier(matcher("A"), after=EVERY) is None
    assert stream.earlier(matcher("B")) is None
    assert stream.wait_for(matcher("A"), 0) is new
    assert stream.wait_for(matcher("A"), 0) is None
    assert stream.wait_for(matcher("A"), 0, after=EVERY) is old


def test_a_back_dated_step_keeps_its_given_start_and_boundary():
    stream = EventStream("101", Feed())
    stream.add(event("A"))
    step = stream.mark_step("Sign In Agent", started=123.0, after_seq=0)
    assert (step.started, step.after_seq) == (123.0, 0)
    assert stream.find(matcher("A"), 0) is not None


def test_an_event_the_gateway_generated_before_the_step_began_is_earlier_even_if_it_arrives_after():
    stream = EventStream("101", Feed())
    stream.add(event("A", "first", int(time.time() * 1000)))  # sets the clock offset (skew + least delay, about 0)
    stream.mark_step("Step")
    in_flight = stream.add(event("A", "in flight", int(time.time() * 1000) - 2000))  # generated 2 s before
    time.sleep(0.01)
    caused = stream.add(event("A", "caused", int(time.time() * 1000)))
    untimed = stream.add(event("A", "untimed"))
    assert not stream.is_fresh(in_flight)
    assert stream.is_fresh(caused) and stream.is_fresh(untimed)
    assert stream.earlier(matcher("A")) is in_flight
    assert stream.wait_for(matcher("A"), 0) is caused


def test_the_clock_offset_is_the_smallest_delay_seen():
    stream = EventStream("101", Feed())
    now = time.time()
    ahead = 100.0  # the gateway's clock is 100 s ahead; its events take 0.5 s or more to arrive
    for delay in (3.0, 0.5, 2.0):
        stream.add(event("A", None, int((now + ahead - delay) * 1000)))
    stream.mark_step("Step", started=now - 0.2)
    late = stream.add(event("A", "late", int((now + ahead - 1.0) * 1000)))  # generated 0.3 s before the step
    assert not stream.is_fresh(late)  # the offset stays the smallest delay, not the latest
    on_time = stream.add(event("A", "caused", int((time.time() + ahead - 0.6) * 1000)))
    assert not stream.is_fresh(late)
    assert stream.is_fresh(on_time)


def test_discard_drops_every_buffered_event_but_keeps_the_history():
    stream = EventStream("101", Feed())
    a, b = stream.add(event("A")), stream.add(event("B"))
    assert stream.discard() == [a, b]
    assert a.discarded and b.discarded and not a.consumed
    assert stream.pending() == [] and stream.history() == [a, b]
    assert stream.wait_for(matcher("A"), 0, after=EVERY) is None
    assert stream.find(matcher("B"), 0, after=EVERY) is None
    c = stream.add(event("A"))
    assert stream.wait_for(matcher("A"), 0, after=EVERY) is c


def test_an_event_nobody_waited_for_stays_waitable_for_one_more_test_only():
    stream = EventStream("101", Feed())
    a = stream.add(event("A"))
    consumed = stream.add(event("C"))
    stream.wait_for(matcher("C"), 0)
    stream.start_test()
    assert stream.test_from == 2
    assert stream.history() == [a] and stream.pending() == [a]
    b = stream.add(event("B"))
    assert stream.take_unlogged() == [a, consumed, b]
    stream.start_test()  # a was left over from two tests ago: released; b stays one more test
    assert stream.test_from == 3
    assert stream.history() == [b] and stream.pending() == [b]
    assert stream.wait_for(matcher("A"), 0, after=EVERY) is None
    assert stream.find(matcher("B"), 0, after=EVERY) is b
    assert stream.wait_for(matcher("B"), 0, after=EVERY) is b


def test_events_not_logged_before_a_test_are_released_with_it():
    stream = EventStream("101", Feed())
    stream.add(event("A"))
    stream.start_test()
    b = stream.add(event("B"))
    stream.start_test()
    assert stream.take_unlogged() == [b]


def test_find_waits_up_to_within_for_an_event_and_consumes_nothing():
    stream = EventStream("101", Feed())
    threading.Timer(0.1, stream.add, [event("A")]).start()
    started = time.monotonic()
    found = stream.find(matcher("A"), 2)
    assert found is not None and time.monotonic() - started < 1.5
    assert not found.consumed and stream.pending() == [found]
    started = time.monotonic()
    assert stream.find(matcher("B"), 0.2) is None
    assert 0.15 <= time.monotonic() - started < 1.5


def test_waits_end_at_once_once_the_stream_ended_or_stopped():
    stream = EventStream("101", Feed())
    stream._end(refused("100-006"))
    assert stream.ended.retcode == "100-006" and stream.ended_at is not None
    for wait in (
        lambda: stream.find(matcher("A"), 5),
        lambda: stream.wait_for(matcher("A"), 5),
        lambda: stream.matching(matcher("A"), within=5),
        lambda: stream.wait_for_all([matcher("A")], 5),
    ):
        started = time.monotonic()
        wait()
        assert time.monotonic() - started < 1
    stopped = EventStream("102", Feed())
    stopped.stop()
    assert stopped.ended is None  # stopped by the library, not ended by the gateway
    stopped._end(refused("100-006"))
    assert stopped.ended is None
    for wait in (
        lambda: stopped.find(matcher("A"), 5),
        lambda: stopped.wait_for(matcher("A"), 5),
        lambda: stopped.matching(matcher("A"), within=5),
        lambda: stopped.wait_for_all([matcher("A")], 5),
    ):
        started = time.monotonic()
        wait()
        assert time.monotonic() - started < 1


def test_an_event_buffered_before_the_stream_ended_is_still_returned():
    stream = EventStream("101", Feed())
    a = stream.add(event("A"))
    stream._end(refused("100-006"))
    assert stream.wait_for(matcher("A"), 5) is a


def test_matching_returns_every_event_of_the_history_consumed_or_not_after_the_step():
    stream = EventStream("101", Feed())
    stream.add(event("A", "before"))
    stream.mark_step("Step")
    a1, a2 = stream.add(event("A", "1")), stream.add(event("A", "2"))
    stream.add(event("B"))
    stream.wait_for(matcher("A"), 0)
    assert stream.matching(matcher("A")) == [a1, a2]
    assert len(stream.matching(matcher("A"), after=EVERY)) == 3
    started = time.monotonic()
    assert stream.matching(matcher("A"), within=0.2) == [a1, a2]
    assert time.monotonic() - started >= 0.15
    started = time.monotonic()
    assert stream.matching(matcher("A"), within=5, more_than=1) == [a1, a2]  # more than one: at once
    assert time.monotonic() - started < 1
    threading.Timer(0.1, stream.add, [event("A", "3")]).start()
    started = time.monotonic()
    assert len(stream.matching(matcher("A"), within=5, more_than=2)) == 3
    assert time.monotonic() - started < 2


def test_wait_for_all_needs_a_distinct_event_per_predicate_and_consumes_them_together():
    stream = EventStream("101", Feed())
    a = stream.add(event("A"))
    result = stream.wait_for_all([matcher("A"), matcher("A")], 0.1)
    assert result.matched == [a, None] and not result.complete and not a.consumed
    second = stream.add(event("A"))
    result = stream.wait_for_all([matcher("A"), matcher("A")], 0.1)
    assert result.complete and result.matched == [a, second] and a.consumed and second.consumed
    assert stream.pending() == []


def test_ordered_wait_for_all_reports_the_first_event_out_of_order_at_once_and_consumes_nothing():
    stream = EventStream("101", Feed())
    b, a = stream.add(event("B")), stream.add(event("A"))
    started = time.monotonic()
    result = stream.wait_for_all([matcher("A"), matcher("B")], 5, ordered=True)
    assert time.monotonic() - started < 1
    assert result.out_of_order == 1 and result.matched == [a, None]
    assert not a.consumed and not b.consumed
    unordered = stream.wait_for_all([matcher("A"), matcher("B")], 5)
    assert unordered.complete and unordered.matched == [a, b]


def test_ordered_wait_for_all_waits_for_an_event_not_yet_arrived_and_then_completes():
    stream = EventStream("101", Feed())
    a = stream.add(event("A"))
    threading.Timer(0.1, stream.add, [event("B")]).start()
    result = stream.wait_for_all([matcher("A"), matcher("B")], 3, ordered=True)
    assert result.complete and result.out_of_order is None and result.matched[0] is a
    timed_out = stream.wait_for_all([matcher("A"), matcher("C")], 0.1, ordered=True)
    assert timed_out.out_of_order is None and timed_out.matched == [None, None]


def test_ordered_matching_uses_each_event_once_in_arrival_order():
    a1, b, a2 = (ReceivedEvent(event(t), i) for i, t in enumerate(("A", "B", "A"), 1))
    result = ev._in_order([a1, b, a2], [matcher("A"), matcher("B"), matcher("A")])
    assert result.complete and result.matched == [a1, b, a2]
    result = ev._in_order([a1, b], [matcher("A"), matcher("B"), matcher("A")])
    assert result.out_of_order == 2 and result.matched == [a1, b, None]
    result = ev._in_order([b, a1], [matcher("A"), matcher("C"), matcher("B")])
    assert result.out_of_order is None and result.matched == [a1, None, None]


# -- the poller --------------------------------------------------------------------------------------------
def test_the_poller_buffers_each_event_and_ignores_an_identical_repeat_noting_it(polled):
    first = event("AgentState_Ready", None, 1_700_000_000_000)
    stream, feed = polled(first, dict(first), event("AgentState_Ready", None, 1_700_000_000_001))
    wait_until(lambda: feed.polls >= 4)
    assert len(stream.history()) == 2 and stream.duplicates == 1
    notes = stream.take_notes()
    assert len(notes) == 1 and "AgentState_Ready" in notes[0] and "1700000000000" in notes[0]
    assert "again" in notes[0] and "ignored" in notes[0] and "101" in notes[0]
    assert stream.take_notes() == []


def test_equal_events_without_event_gen_time_are_two_events(polled):
    stream, feed = polled(event("A", "1"), event("A", "1"))
    wait_until(lambda: feed.polls >= 3)
    assert len(stream.history()) == 2 and stream.duplicates == 0


def test_a_repeat_is_looked_for_in_the_last_64_events_only():
    stream = EventStream("101", Feed())
    first = event("A", None, 1)
    assert not stream._repeated(first)
    assert stream._repeated(dict(first))
    for n in range(63):
        assert not stream._repeated(event("B", str(n), 2))
    assert stream._repeated(dict(first))  # 64 events back: still seen
    assert not stream._repeated(event("B", "64", 2))
    assert not stream._repeated(dict(first))  # 65 back: a new event


def test_a_repeat_is_looked_for_within_30_seconds_only(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(ev.time, "monotonic", lambda: clock[0])
    stream = EventStream("101", Feed())
    first = event("A", None, 1)
    assert not stream._repeated(first)
    clock[0] += 29.5  # received 29.5 s ago
    assert stream._repeated(dict(first))
    clock[0] += 1.0  # 30.5 s ago: a new event
    assert not stream._repeated(dict(first))
    assert stream._repeated(dict(first))  # which a repeat at once is a repeat of


def test_an_event_that_cannot_be_compared_is_never_a_repeat():
    stream = EventStream("101", Feed())
    odd = {"eventType": "A", "eventGenTime": 1, 1: "x", "b": 2}  # keys json cannot sort
    assert not stream._repeated(odd) and not stream._repeated(dict(odd))


def test_a_failed_poll_is_retried_noted_once_per_failure_and_the_recovery_is_noted(polled):
    reset = GatewayConnectionError("connection reset")
    stream, feed = polled(reset, reset, refused("000-004"), event("A"))
    wait_until(lambda: len(stream.history()) == 1)
    assert stream.faults == 3 and stream.running and stream.ended is None
    assert stream.last_fault.retcode == "000-004"
    notes = stream.take_notes()
    assert len(notes) == 3, notes
    assert "event poll failed (connection reset)" in notes[0] and "101" in notes[0] and "2 s" in notes[0]
    assert "000-004" in notes[1]
    assert "works again after 3 failed poll(s)" in notes[2] and "000-004" in notes[2]
    feed.items.put(GatewayConnectionError("connection reset"))
    feed.items.put(event("B"))
    wait_until(lambda: len(stream.history()) == 2)
    notes = stream.take_notes()
    assert "connection reset" in notes[0] and "works again after 1 failed poll(s)" in notes[1]


def test_the_back_off_doubles_from_50_ms_up_to_2_s():
    stream = EventStream("101", Feed())
    stream.stop()  # no waiting in _fault
    fault = GatewayConnectionError("down")
    delays = [ev._BACKOFF_FIRST]
    for _ in range(7):
        delays.append(stream._fault(fault, delays[-1]))
    assert delays == [0.05, 0.1, 0.2, 0.4, 0.8, 1.6, 2.0, 2.0]
    assert stream.faults == 7 and stream.last_fault is fault
    started = time.monotonic()
    live = EventStream("102", Feed())
    assert live._fault(fault, 0.2) == 0.4
    assert 0.15 <= time.monotonic() - started < 1  # it waited the delay, with jitter


def test_after_a_success_the_back_off_starts_again_at_50_ms(polled):
    down = GatewayConnectionError("down")
    stream, feed = polled(down, down, down, down, event("A"), down)  # 0.05 + 0.1 + 0.2 + 0.4 s, then 0.05
    wait_until(lambda: len(stream.history()) == 1)
    recovered = time.monotonic()
    wait_until(lambda: feed.polls >= 7)
    assert time.monotonic() - recovered < 0.3


@pytest.mark.parametrize("retcode", ["100-006", "000-003"])
def test_a_poll_refused_as_signed_out_ends_the_stream(polled, retcode):
    stream, feed = polled(refused(retcode))
    wait_until(lambda: stream.ended is not None)
    assert stream.ended.retcode == retcode and feed.polls == 1 and stream.faults == 0
    wait_until(lambda: not stream._thread.is_alive())


def test_a_bug_in_the_library_ends_the_stream_naming_the_agent_and_the_error(polled):
    stream, _ = polled(KeyError("boom"))
    wait_until(lambda: stream.ended is not None)
    assert "event poller for agent 101 failed" in str(stream.ended) and "boom" in str(stream.ended)
    assert "an error in the library" in str(stream.ended)


def test_the_poller_counts_its_polls_stops_when_told_and_runs_its_exit_hook():
    exited = threading.Event()
    feed = Feed(event("A"))
    stream = EventStream("101", feed, on_exit=exited.set)
    assert not stream.running
    stream.start()
    assert stream.running and stream._thread.name == "ccgw-events-101" and stream._thread.daemon
    wait_until(lambda: stream.polls == 2)
    stream.stop()
    assert not stream.running
    feed.items.put(None)
    assert exited.wait(2)
    stream._thread.join(2)
    assert not stream._thread.is_alive()


def test_stop_with_a_wait_joins_the_poller():
    release = threading.Event()

    def slow_poll():
        release.wait(5)
        return None

    stream = EventStream("101", slow_poll)
    stream.start()
    threading.Timer(0.2, release.set).start()
    started = time.monotonic()
    stream.stop(wait=3)
    assert 0.1 <= time.monotonic() - started < 2 and not stream._thread.is_alive()
    unjoined = EventStream("102", lambda: (release.wait(5), None)[1])
    release.clear()
    unjoined.start()
    started = time.monotonic()
    unjoined.stop()
    assert time.monotonic() - started < 0.1 and unjoined._thread.is_alive()
    release.set()


def test_stop_wakes_a_waiting_wait():
    stream = EventStream("101", Feed())
    threading.Timer(0.1, stream.stop).start()
    started = time.monotonic()
    assert stream.wait_for(matcher("A"), 5) is None
    assert time.monotonic() - started < 2


def test_an_empty_poll_answered_at_once_pauses_the_poller(polled):
    stream, feed = polled(*[None] * 50)
    time.sleep(0.5)
    assert 2 <= feed.polls <= 4, feed.polls  # about one poll per 0.2 s, not a spin
    paused, pfeed = polled(*[None] * 50, pause=0.1)
    time.sleep(0.5)
    assert 3 <= pfeed.polls <= 7, pfeed.polls


def test_notes_beyond_the_last_20_are_counted_not_kept():
    stream = EventStream("101", Feed())
    for n in range(25):
        stream._note(f"note {n}")
    notes = stream.take_notes()
    assert notes[0] == "Agent 101: 5 earlier event-poller note(s) not kept"
    assert notes[1:] == [f"note {n}" for n in range(5, 25)]
    stream._note("again")
    assert stream.take_notes() == ["again"]


def test_clock_milliseconds_are_the_fraction_of_the_second():
    assert ev.clock(1_700_000_001.120_4).endswith(".120")  # an odd second
    assert ev.clock(1_700_000_001.999_5).endswith(".999")  # never rounded up to 1000


def test_a_wait_for_one_event_type_never_looks_at_the_buffered_events_of_other_types():
    stream = EventStream("101", Feed())
    for n in range(200):
        stream.add(event("B", str(n)))
    looked = []

    def wanted(e):
        looked.append(e)
        return e["eventType"] == "A"

    wanted.event_type = "A"  # as matcher() names it
    assert stream.wait_for(wanted, 0) is None and stream.find(wanted, 0) is None
    assert looked == []  # a wait costs the same however many other events are buffered
    a = stream.add(event("A"))
    assert stream.find(wanted, 0) is a and stream.wait_for(wanted, 0) is a
    assert len(looked) == 2


def test_find_and_wait_for_all_look_back_with_after():
    stream = EventStream("101", Feed())
    old = stream.add(event("A"))
    stream.mark_step("Step")
    assert stream.find(matcher("A"), 0) is None
    assert stream.find(matcher("A"), 0, after=EVERY) is old
    assert stream.wait_for_all([matcher("A")], 0).matched == [None]
    assert stream.wait_for_all([matcher("A")], 0, after=EVERY).matched == [old]


def test_wait_for_all_waits_for_a_late_event_even_with_a_timeout_under_a_second():
    stream = EventStream("101", Feed())
    threading.Timer(0.1, stream.add, [event("A")]).start()
    assert stream.wait_for_all([matcher("A")], 0.8).complete


def test_matching_without_within_returns_at_once():
    stream = EventStream("101", Feed())
    started = time.monotonic()
    assert stream.matching(matcher("A")) == []
    assert time.monotonic() - started < 0.5


def test_the_last_unconsumed_event_before_the_previous_test_is_released_too():
    stream = EventStream("101", Feed())
    stream.add(event("A"))
    stream.start_test()
    stream.start_test()
    assert stream.pending() == [] and stream.history() == []


def test_notes_lost_are_counted_again_after_each_take():
    stream = EventStream("101", Feed())
    for n in range(25):
        stream._note(f"note {n}")
    stream.take_notes()
    for n in range(22):
        stream._note(f"later {n}")
    assert stream.take_notes()[0] == "Agent 101: 2 earlier event-poller note(s) not kept"


def test_the_back_off_waits_vary_within_20_percent_of_the_doubling_delay():
    stream = EventStream("101", Feed())
    waited = []
    stream._stop.wait = waited.append  # record instead of waiting
    for _ in range(60):
        stream._fault(GatewayConnectionError("down"), 1.0)
    assert all(0.8 <= w <= 1.2 for w in waited), (min(waited), max(waited))
    assert min(waited) < 0.95 and max(waited) > 1.05  # jitter, so many agents do not retry in step


def _returns_within(seconds, call):
    """Run ``call`` in a thread; fail (instead of hanging the test run) if it has not returned in time."""
    done = threading.Event()
    threading.Thread(target=lambda: (call(), done.set()), daemon=True).start()
    assert done.wait(seconds), f"did not return within {seconds} s"


def test_every_wait_returns_after_its_timeout_without_an_event():
    stream = EventStream("101", Feed())
    for wait in (
        lambda: stream.wait_for(matcher("A"), 0.2),
        lambda: stream.find(matcher("A"), 0.2),
        lambda: stream.matching(matcher("A"), within=0.2, more_than=0),
        lambda: stream.wait_for_all([matcher("A")], 0.2),
        lambda: stream.wait_for_all([matcher("A"), matcher("B")], 0.2, ordered=True),
    ):
        _returns_within(2, wait)


# -- the gateway client, with a fake HTTP session (no network) ---------------------------------------------
import io  # noqa: E402
import json  # noqa: E402
from urllib.parse import parse_qsl  # noqa: E402

import requests  # noqa: E402
from requests.structures import CaseInsensitiveDict  # noqa: E402

from CCGatewayLibrary import interfaces as api  # noqa: E402
from CCGatewayLibrary.client import AgentSession, GatewayClient, GatewayResponseError  # noqa: E402
from CCGatewayLibrary.client import gateway as gw  # noqa: E402
from CCGatewayLibrary.client.errors import (  # noqa: E402
    AgentSignedOutError,
    GatewayRedirectError,
    MalformedGuidError,
    ResponseTooLargeError,
    SimulatorOnlyError,
)
from CCGatewayLibrary.control import RESET  # noqa: E402

GUID = "279fe21d-2caa-4c25-8a12-a8b2e0b1f5f0.AgentGateway0"
URL = "https://127.0.0.1:8043"


def answer(body=None, status=200, headers=None, raw=None, reason="OK"):
    response = requests.Response()
    response.status_code, response.reason = status, reason
    response.headers = CaseInsensitiveDict(headers or {})
    data = raw if raw is not None else json.dumps({"retcode": "0", "message": "success"} if body is None else body)
    response.raw = io.BytesIO(data.encode() if isinstance(data, str) else data)
    return response


class FakeHttp:
    """Stands for the client's requests.Session: keeps each request, hands out the queued answers. The client
    sends gateway requests through the session's transport adapter (``get_adapter(url).send``) and control
    requests through ``request``; both are kept as (method, URL without query, what was sent)."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.sent = []
        self.headers = {}
        self.cookies = requests.cookies.RequestsCookieJar()
        self.proxies = {}

    def request(self, method, url, **kwargs):
        self.sent.append((method, url, kwargs))
        return self._answer()

    def get_adapter(self, url):
        return self

    def send(self, prepared, **kwargs):
        """The adapter's send: the prepared request, as Session.request's arguments would have said it."""
        url, _, query = prepared.url.partition("?")
        body = json.loads(prepared.body) if prepared.body else None
        sent = {
            "headers": dict(prepared.headers),
            "json": body,
            "params": dict(parse_qsl(query)) or None,
            "allow_redirects": False,
            **kwargs,
        }  # an adapter never follows a redirect
        self.sent.append((prepared.method, url, sent))
        return self._answer()

    def _answer(self):
        item = self.answers.pop(0)
        if isinstance(item, BaseException):
            raise item
        return item

    def close(self):
        pass


def offline(*answers, **options):
    client = GatewayClient(URL, verify=False, warn_insecure=False, **options)
    client._http = FakeHttp(*answers)
    return client


def test_a_request_sends_the_documented_method_uri_body_and_the_agents_guid():
    client = offline(
        answer({"retcode": "0", "message": "ok", "result": {"x": 1}}, headers={"Set-GUID": "JSESSIONID=g2"})
    )
    records = []
    client.listeners.append(records.append)
    session = AgentSession("101", GUID)
    result = client.call(api.RELEASE, "101", body={"a": 1}, params={"p": "q"}, session=session)
    assert result["result"] == {"x": 1}
    method, url, sent = client._http.sent[0]
    assert (method, url) == ("DELETE", URL + "/agentgateway/resource/voicecall/101/release")
    assert sent["headers"]["Guid"] == GUID and sent["headers"]["Content-Type"].startswith("application/json")
    assert sent["json"] == {"a": 1} and sent["params"] == {"p": "q"}
    assert sent["allow_redirects"] is False and sent["timeout"] == 10.0
    assert session.guid == "g2" and session.guid_rotations == 1  # Set-GUID replaces the Guid at once
    record = records[0]
    assert (record.agent_id, record.label, record.method, record.retcode, record.error) == (
        "101",
        "Drop Call",
        "DELETE",
        "0",
        "",
    )
    assert record.path == "/agentgateway/resource/voicecall/101/release" and not record.control
    assert record.elapsed_ms >= 0 and abs(record.started - time.time()) < 5


def test_a_request_without_a_session_or_for_sign_in_sends_no_guid():
    client = offline(answer(), answer())
    client.call(api.RELEASE, "101")
    client.call(api.SIGN_IN, "101", session=AgentSession("101", GUID))  # sign-in sends no Guid
    for _, _, sent in client._http.sent:
        assert "Guid" not in sent["headers"]


def test_a_retcode_other_than_0_fails_naming_retcode_meaning_keyword_and_interface():
    client = offline(answer({"retcode": "200-017", "message": "no call", "simulatorDetail": "x" * 300}))
    records = []
    client.listeners.append(records.append)
    with pytest.raises(GatewayError) as failure:
        client.call(api.RELEASE, "101", timeout=3)
    error = failure.value
    assert str(error).startswith("200-017: ")
    assert "(Drop Call: DELETE /agentgateway/resource/voicecall/101/release)" in str(error)
    assert error.retcode == "200-017" and error.gateway_message == "no call"
    assert error.simulator_detail == "x" * 200
    assert records[0].retcode == "200-017"
    assert client._http.sent[0][2]["timeout"] == 3


def test_an_answer_without_a_string_retcode_is_not_success():
    for body in ({"message": "success"}, {"retcode": 0}, ["0"]):
        client = offline(answer(body))
        with pytest.raises(GatewayResponseError, match="without a string 'retcode'"):
            client.call(api.RELEASE, "101")


def test_an_answer_that_is_not_http_200_json_is_named():
    client = offline(answer(status=503, reason="Service Unavailable"))
    with pytest.raises(GatewayResponseError, match="answered HTTP 503 Service Unavailable"):
        client.call(api.RELEASE, "101")
    client = offline(answer(raw=b"<html>busy</html>"))
    with pytest.raises(GatewayResponseError, match="not JSON: '<html>busy</html>'"):
        client.call(api.RELEASE, "101")
    client = offline(answer(status=302, headers={"Location": "https://u:pw@evil/x"}, reason="Found"))
    with pytest.raises(GatewayRedirectError) as failure:
        client.call(api.RELEASE, "101")
    assert "HTTP 302 Found" in str(failure.value) and "https://***@evil/x" in str(failure.value)
    assert "pw" not in str(failure.value)
    client = offline(answer(status=304, reason="Not Modified"))
    with pytest.raises(GatewayRedirectError, match="'nowhere'"):
        client.call(api.RELEASE, "101")


def test_json_nested_deeper_than_32_levels_is_refused_and_32_accepted():
    def nested(depth):
        value = "x"
        for _ in range(depth - 1):
            value = [value]
        return {"retcode": "0", "deep": value}

    client = offline(answer(nested(32)), answer(nested(33)), answer(raw="[" * 100_000 + "]" * 100_000))
    assert client.call(api.RELEASE, "101")["retcode"] == "0"
    with pytest.raises(GatewayResponseError, match="nested more than 32 levels"):
        client.call(api.RELEASE, "101")
    with pytest.raises(GatewayResponseError, match="nested more than 32 levels"):
        client.call(api.RELEASE, "101")
    assert not gw._too_deep({"a": {"b": [1, 2, {"c": None}]}})
    assert gw._too_deep({"a": nested(32)})


def test_an_answer_larger_than_max_response_size_is_cut_and_named():
    body = json.dumps({"retcode": "0", "pad": "x" * 2000})
    client = offline(
        answer(raw=body),
        answer(raw=body, headers={"Content-Length": str(len(body))}),
        answer(raw=body, headers={"Content-Length": "many"}),
        max_response_size=len(body) - 1,
    )
    for _ in range(2):
        with pytest.raises(ResponseTooLargeError) as failure:
            client.call(api.RELEASE, "101")
        assert "answered more than 1.9" in str(failure.value)  # the cap, about 1.9 kB
        assert "max_response_size" in str(failure.value)
    with pytest.raises(ResponseTooLargeError):
        client.call(api.RELEASE, "101")  # an unreadable Content-Length: the body is still cut
    exact = offline(answer(raw=body, headers={"Content-Length": str(len(body))}), max_response_size=len(body))
    assert exact.call(api.RELEASE, "101")["pad"] == "x" * 2000


def test_sizes_are_shown_in_bytes_kb_or_mb():
    assert gw._size(1023) == "1023 bytes"
    assert gw._size(1024) == "1 kB"
    assert gw._size(1536) == "1.5 kB"
    assert gw._size(1048576) == "1 MB"
    assert gw._size(3 * 1048576) == "3 MB"


def test_no_answer_within_the_timeout_or_a_connection_failure_is_named():
    client = offline(requests.exceptions.ConnectionError("Connection refused by peer"))
    records = []
    client.listeners.append(records.append)
    with pytest.raises(GatewayConnectionError) as failure:
        client.call(api.RELEASE, "101", timeout=2)
    assert "Drop Call: DELETE https://127.0.0.1:8043/agentgateway/resource/voicecall/101/release" in str(failure.value)
    assert "got no answer: connection refused (timeout 2 s)" in str(failure.value)
    assert records[0].error == "connection refused" and records[0].retcode == ""
    quiet = offline(requests.exceptions.ConnectionError("reset"))
    quiet.listeners.append(records.append)
    with pytest.raises(GatewayConnectionError):
        quiet.call(api.RELEASE, "101", notify=False)
    assert len(records) == 1


def test_failures_are_explained_in_the_testers_terms():
    exc = requests.exceptions
    assert gw._explain(exc.ProxyError("boom"), "http://u:pw@proxy:3128").startswith(
        "the proxy http://***@proxy:3128 failed (proxies come from HTTPS_PROXY/HTTP_PROXY): boom"
    )
    assert gw._explain(exc.ProxyError("boom")).startswith("the proxy (unknown) failed")
    assert (
        gw._explain(exc.SSLError("hostname 'x' doesn't match"))
        == "TLS failed: the certificate does not match the host name"
    )
    assert gw._explain(exc.SSLError("[SSL: CERTIFICATE_VERIFY_FAILED] nope")).startswith(
        "TLS failed: certificate verification failed"
    )
    assert gw._explain(exc.SSLError("handshake")) == "TLS failed: handshake"
    assert (
        gw._explain(exc.SSLError("certificate is not valid for hostname 'gw'"))
        == "TLS failed: the certificate does not match the host name"
    )
    assert gw._explain(exc.ConnectTimeout("slow")) == "timed out"
    assert gw._explain(exc.ConnectionError("Connection REFUSED")) == "connection refused"
    assert gw._explain(exc.ConnectionError("Connection reset by peer")) == "connection reset"
    assert gw._explain(exc.ConnectionError("Connection aborted.")) == "connection reset"
    assert (
        gw._explain(exc.ConnectionError("Name or service not known")) == "connection failed: Name or service not known"
    )
    assert gw._explain(exc.InvalidHeader("bad header")) == "the request could not be sent: bad header"
    assert gw._explain(OSError("x" * 300)) == "the request failed: " + "x" * 160


def test_set_guid_is_parsed_and_a_malformed_one_refused_saying_why_without_quoting_it():
    assert gw.parse_set_guid("JSESSIONID=abc; Path=/") == "abc"
    assert gw.parse_set_guid("abc") == "abc"
    assert gw.parse_set_guid(" JSESSIONID= abc ") == "abc"
    assert gw.parse_set_guid(None) is None and gw.parse_set_guid("") is None
    assert gw.parse_set_guid("JSESSIONID=") is None and gw.parse_set_guid("JSESSIONID=;x") is None
    assert gw.parse_set_guid("JSESSIONID=" + "a" * 256) == "a" * 256
    for value, why in (
        ("a" * 257, "257 characters, more than 256"),
        ("abc,def", "two values merged with a comma"),
        ("ab\x01cd", "control characters"),
        ("ab\x7fcd", "control characters"),
        ("ab cd", "a space inside"),
        ("ab\tcd", "control characters"),
        ('ab"cd', "characters a Guid does not have"),
        ("ab\\cd", "characters a Guid does not have"),
    ):
        with pytest.raises(ValueError) as failure:
            gw.parse_set_guid("JSESSIONID=" + value)
        assert str(failure.value).startswith(why), (value, str(failure.value))
        if len(value) > 8:
            assert value not in str(failure.value)


def test_a_malformed_set_guid_fails_the_request_and_the_guid_stays():
    client = offline(answer(headers={"Set-GUID": "JSESSIONID=a,b"}))
    session = AgentSession("101", GUID)
    with pytest.raises(MalformedGuidError, match="malformed Set-GUID header: two values merged"):
        client.call(api.RELEASE, "101", session=session)
    assert session.guid == GUID and session.guid_rotations == 0


def test_a_guid_rotation_is_counted_only_when_the_guid_changes():
    session = AgentSession("101", "")
    session.update_guid("JSESSIONID=g1")
    assert session.guid == "g1" and session.guid_rotations == 0  # the first Guid is no rotation
    session.update_guid("JSESSIONID=g1")
    session.update_guid(None)
    assert session.guid_rotations == 0
    session.update_guid("JSESSIONID=g2")
    assert session.guid == "g2" and session.guid_rotations == 1
    assert repr(AgentSession("101", GUID)) == "AgentSession(agent_id='101', guid=279f…(50 chars))"


def test_a_sign_in_without_set_guid_fails_saying_later_requests_cannot_authenticate():
    client = offline(answer({"retcode": "0", "result": {}}))
    with pytest.raises(GatewayResponseError) as failure:
        client.sign_in("101", {"phonenum": "70001"})
    assert "Sign In Agent: PUT https://127.0.0.1:8043/agentgateway/resource/onlineagent/101" in str(failure.value)
    assert str(failure.value).endswith(
        "accepted the sign-in but sent no Set-GUID header, so later requests cannot authenticate"
    )
    assert client.session("101") is None


def test_a_sign_in_keeps_the_guid_the_phone_and_starts_the_event_stream_with_its_first_step():
    client = offline()
    client._http = SlowHttp(
        0.1,
        answer({"retcode": "0", "result": {"a": 1}}, headers={"Set-GUID": "JSESSIONID=" + GUID}),
        answer({"retcode": "0"}, headers={"Set-GUID": "JSESSIONID=g2"}),
    )
    client._stream = lambda session: EventStream(session.agent_id, Feed())
    before = time.time()
    session, result = client.sign_in("101", {"phonenum": "70001"}, force=True)
    assert session.stream.step.started < before + 0.05  # the step began before the request was sent
    assert result == {"a": 1} and session.guid == GUID and session.phone_number == "70001"
    assert client._http.sent[0][1].endswith("/onlineagent/101/forcelogin")
    assert client.session("101") is session and session.stream.running
    assert session.stream.step.name == "Sign In Agent" and before <= session.stream.step.started <= time.time()
    again, _ = client.sign_in("101", {})
    assert client._http.sent[1][1].endswith("/onlineagent/101") and again.phone_number == ""
    assert not session.stream.running and again.stream.running  # the previous stream was stopped
    client.close()
    assert not again.stream.running and client.agents == {}


def test_requests_of_an_agent_whose_poll_was_refused_are_not_sent():
    client = offline()
    session = AgentSession("101", GUID)
    session.stream = EventStream("101", Feed())
    session.stream._end(refused("100-006"))
    with pytest.raises(AgentSignedOutError) as failure:
        client.call(api.RELEASE, "101", session=session)
    assert str(failure.value).startswith("100-006: agent 101 is no longer signed in")
    assert "(Drop Call: DELETE /agentgateway/resource/voicecall/101/release, not sent)" in str(failure.value)
    assert re.search(r"its event poll was refused at \d\d:\d\d:\d\d", str(failure.value))
    assert client._http.sent == []
    session.stream.ended = GatewayConnectionError("not a refusal")
    client._http.answers.append(answer())
    client.call(api.RELEASE, "101", session=session)  # only a refusal by the gateway stops requests
    assert gw._clock(None) == "an unknown time"
    assert gw._clock(1.0e9) == time.strftime("%H:%M:%S", time.localtime(1.0e9))  # local wall-clock time


def test_sign_out_calls_the_documented_interface_and_forgets_the_agent():
    client = offline(answer(), answer())
    for agent in ("101", "102"):
        client.agents[agent] = AgentSession(agent, GUID)
        client.agents[agent].stream = EventStream(agent, Feed())
        client.agents[agent].stream.start()
    stream = client.agents["101"].stream
    client.sign_out("101")
    client.sign_out("102", force=True)
    assert [s[1].rsplit("/", 1)[1] for s in client._http.sent] == ["logout", "forcelogout"]
    assert client._http.sent[0][2]["headers"]["Guid"] == GUID
    assert client.agents == {} and not stream.running


def test_the_clean_up_reports_what_the_force_sign_out_did():
    client = offline(
        answer(),
        answer({"retcode": "100-006"}),
        answer({"retcode": "100-008"}),
        answer({"retcode": "100-007"}),
        requests.exceptions.ConnectionError("reset"),
    )
    assert client.release_agent("101") == gw.FORCED
    assert client._http.sent[0][1].endswith("/onlineagent/101/forcelogout")
    assert client.release_agent("101") is None  # already signed out
    assert client.release_agent("101") is None
    outcome = client.release_agent("101")
    assert outcome.startswith("sign-out failed: 100-007")
    assert client.release_agent("101").startswith("sign-out failed: Sign Out Agent: DELETE")
    ended = AgentSession("102", GUID)
    ended.stream = EventStream("102", Feed())
    ended.stream._end(refused("100-006"))
    client.agents["102"] = ended
    assert client.release_agent("102") is None and "102" not in client.agents
    assert len(client._http.sent) == 5  # nothing sent for the agent the gateway had signed out


def test_a_clean_up_past_its_budget_sends_nothing_and_says_so():
    client = offline(timeout=1.5)
    outcome = client.release_agent("101", until=time.monotonic() - 1)
    assert outcome == "sign-out not sent: the clean-up took 3 s (twice the timeout) without reaching it"
    assert client._http.sent == []


def test_a_clean_up_of_several_agents_reports_each_in_the_order_given(monkeypatch):
    client = offline()
    seen = []

    def release(agent_id, until=None):
        seen.append((agent_id, until))
        return {"101": None, "102": gw.FORCED, "103": "sign-out failed: x"}[agent_id]

    monkeypatch.setattr(client, "release_agent", release)
    before = time.monotonic()
    assert list(client.release_agents(["103", "101", "102"]).items()) == [
        ("103", "sign-out failed: x"),
        ("101", None),
        ("102", gw.FORCED),
    ]
    assert all(before + 19 <= until <= time.monotonic() + 20 for _, until in seen)  # twice the 10 s timeout
    seen.clear()
    assert client.release_agents(["101"]) == {"101": None} and seen == [("101", None)]
    assert client.release_agents([]) == {}


def test_the_client_refuses_a_url_that_is_not_http_and_sets_its_defaults():
    for url in ("ftp://host", "10.0.0.5:8043", "https://", None):
        with pytest.raises(ValueError, match="is not an http:// or https:// URL"):
            GatewayClient(url)
    client = GatewayClient("https://10.0.0.5:8043/", timeout=4)
    assert client.url == "https://10.0.0.5:8043" and client.timeout == 4.0 and client.poll_timeout == 19.0
    assert client.poll_pause == 0.0 and client.max_response_size == 1024 * 1024 and client.verify is True
    assert GatewayClient(URL, poll_timeout=3, poll_pause="0.5").poll_timeout == 3.0
    assert GatewayClient("https://u:pw@10.0.0.5").shown_url == "https://***@10.0.0.5"
    http = client.new_http()
    assert http.trust_env is False


def test_loopback_gateways_never_use_the_environments_proxy_or_ca_bundle(monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/lab-ca.pem")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    remote = GatewayClient("https://10.0.0.5:8043")
    assert remote.proxy == "http://proxy.example:3128" and remote._tls == "/etc/lab-ca.pem"
    assert remote.new_http().proxies == remote.proxies
    monkeypatch.delenv("REQUESTS_CA_BUNDLE")
    monkeypatch.setenv("CURL_CA_BUNDLE", "/etc/curl-ca.pem")
    assert GatewayClient("https://10.0.0.5:8043")._tls == "/etc/curl-ca.pem"
    for host in ("127.0.0.1", "localhost", "LOCALHOST", "sim.localhost", "[::1]", "127.1.2.3", "localhost.localdomain"):
        local = GatewayClient(f"https://{host}:8043")
        assert local.proxies == {} and local.proxy is None and local._tls is True, host
    assert not gw._is_loopback("10.0.0.5") and not gw._is_loopback("gateway.example")


def test_simulator_detail_is_taken_only_from_the_simulators_own_field():
    assert gw.simulator_detail({"simulatorDetail": "why"}) == "why"
    assert gw.simulator_detail({"simulatorDetail": "y" * 250}) == "y" * 200
    assert gw.simulator_detail({"simulatorDetail": 5, "message": "m"}) == ""
    assert gw.simulator_detail({"message": "m"}) == ""


def test_a_control_request_returns_its_result_and_reports_it_as_control():
    client = offline(
        answer({"retcode": "0", "result": {"done": 1}}),
        answer({"retcode": "000-002", "message": "bad"}),
        answer({"retcode": "000-002"}),
        answer(status=404),
        answer(raw="<html/>"),
        answer({"x": 1}),
        requests.exceptions.ConnectionError("refused"),
    )
    records = []
    client.listeners.append(records.append)
    assert client.control(RESET, "Reset Simulator", body={"a": 1}) == {"done": 1}
    method, url, sent = client._http.sent[0]
    assert (method, url, sent["json"], sent["allow_redirects"]) == ("POST", URL + RESET.path(), {"a": 1}, False)
    assert records[0].control and records[0].retcode == "0" and records[0].label == "Reset Simulator"
    with pytest.raises(GatewayError, match=r"^000-002: bad \(Reset Simulator: POST https://127\.0\.0\.1:8043"):
        client.control(RESET, "Reset Simulator")
    with pytest.raises(GatewayError, match=r"^000-002: .+\(Reset Simulator"):
        client.control(RESET, "Reset Simulator")
    for _ in range(3):
        with pytest.raises(
            SimulatorOnlyError, match="Reset Simulator works only with the bundled CC-Gateway simulator"
        ):
            client.control(RESET, "Reset Simulator")
        assert records[-1].error == "not the simulator"
    with pytest.raises(GatewayConnectionError, match="got no answer: connection refused"):
        client.control(RESET, "Reset Simulator")
    assert len(records) == 7


def test_the_event_poll_hands_out_the_event_or_none_and_refuses_what_is_not_an_event():
    client = offline()
    session = AgentSession("101", GUID)
    http = FakeHttp(
        answer({"retcode": "0", "event": {"eventType": "A"}}),
        answer({"retcode": "0", "event": None}),
        answer({"retcode": "0", "event": ""}),
        answer({"retcode": "0", "event": {}}),
        answer({"retcode": "0"}),
        answer({"retcode": "0", "event": ["A"]}),
    )
    client.new_http = lambda: http  # the poller's own connection
    records = []
    client.listeners.append(records.append)
    stream = client._stream(session)
    assert stream._fetch() == {"eventType": "A"}
    assert [stream._fetch() for _ in range(4)] == [None] * 4
    with pytest.raises(GatewayResponseError, match="'event' is not a JSON object but list"):
        stream._fetch()
    method, url, sent = http.sent[0]
    assert (method, url) == ("GET", URL + "/agentgateway/resource/agentevent/101")
    assert sent["timeout"] == client.poll_timeout and sent["headers"]["Guid"] == GUID
    assert stream.agent_id == "101"
    assert records == []  # event polls are not reported as requests (the keywords log the events)


def test_the_poller_pauses_as_configured_and_closes_its_connection_when_it_ends():
    client = offline(poll_pause=0.4)
    closed = threading.Event()
    http = FakeHttp(*[answer({"retcode": "0", "event": None}) for _ in range(3)], answer({"retcode": "100-006"}))
    http.close = closed.set
    client.new_http = lambda: http
    stream = client._stream(AgentSession("101", GUID))
    started = time.monotonic()
    stream.start()
    assert closed.wait(3), "the poller's connection was not closed"
    assert time.monotonic() - started >= 1.1  # three empty polls, 0.4 s pause after each
    assert stream.ended.retcode == "100-006"


class SlowHttp(FakeHttp):
    """Answers only after ``delay`` seconds."""

    def __init__(self, delay, *answers):
        super().__init__(*answers)
        self.delay = delay

    def _answer(self):
        time.sleep(self.delay)
        return super()._answer()


def test_a_control_request_is_recorded_like_a_gateway_request_but_without_an_agent():
    client = offline(timeout=3)
    client._http = SlowHttp(0.05, answer({"retcode": "0", "result": None}))
    records = []
    client.listeners.append(records.append)
    client.control(RESET, "Reset Simulator")
    record = records[0]
    assert (record.agent_id, record.method, record.path, record.retcode, record.error, record.control) == (
        "",
        "POST",
        RESET.path(),
        "0",
        "",
        True,
    )
    assert 40 <= record.elapsed_ms < 1000 and abs(record.started - time.time()) < 5
    sent = client._http.sent[0][2]
    assert sent["timeout"] == 3.0 and sent["stream"] is True and sent["verify"] is False  # read in chunks


def test_a_control_request_fails_naming_the_keyword_the_url_and_why():
    where = "Reset Simulator: POST https://127.0.0.1:8043" + RESET.path()
    client = offline(
        requests.exceptions.ProxyError("tunnel failed"),
        answer(status=404),
        answer(raw=b"x" * 100),
        answer({"retcode": "000-002"}),
        max_response_size=50,
    )
    client.proxy = "http://proxy.example:3128"
    records = []
    client.listeners.append(records.append)
    with pytest.raises(GatewayConnectionError) as failure:
        client.control(RESET, "Reset Simulator")
    assert str(failure.value).startswith(where + " got no answer: the proxy http://proxy.example:3128 failed")
    assert records[-1].retcode == "" and records[-1].error.startswith("the proxy")
    with pytest.raises(SimulatorOnlyError) as failure:
        client.control(RESET, "Reset Simulator")
    assert f"(POST {URL}{RESET.path()}: HTTP 404)" in str(failure.value)
    with pytest.raises(ResponseTooLargeError) as failure:
        client.control(RESET, "Reset Simulator")
    assert str(failure.value).startswith(where + " answered more than 50 bytes")
    with pytest.raises(GatewayError) as failure:
        client.control(RESET, "Reset Simulator")
    assert "parameter" in str(failure.value)  # the retcode's documented meaning (reference: 000-002)


def test_no_whole_answer_within_the_timeout_is_reported_as_timed_out():
    for send in ("call", "control"):
        client = offline(timeout=0.3)
        client._http = SlowHttp(0.6, answer())
        records = []
        client.listeners.append(records.append)
        with pytest.raises(GatewayConnectionError) as failure:
            if send == "call":
                client.call(api.RELEASE, "101")
            else:
                client.control(RESET, "Reset Simulator")
        assert str(failure.value).endswith("got no answer: timed out (timeout 0.3 s)"), str(failure.value)
        assert records[0].error == "timed out"


def test_a_clean_up_with_little_time_left_still_sends_the_sign_out_bounded_by_it():
    client = offline(answer())
    client.new_http = lambda: client._http  # a clean-up with a budget uses a connection of its own
    assert client.release_agent("101", until=time.monotonic() + 0.5) == gw.FORCED
    assert 0.3 <= client._http.sent[0][2]["timeout"] <= 0.5


def test_the_clean_up_of_two_agents_already_shares_one_time_budget(monkeypatch):
    client = offline()
    seen = []
    monkeypatch.setattr(client, "release_agent", lambda agent_id, until=None: seen.append(until))
    client.release_agents(["101", "102"])
    assert len(seen) == 2 and None not in seen


def test_the_clean_up_of_many_agents_runs_in_parallel():
    client = offline(timeout=5)
    client.new_http = lambda: SlowHttp(0.4, answer())  # each agent's sign-out takes 0.4 s
    agents = [str(101 + n) for n in range(16)]
    started = time.monotonic()
    outcomes = client.release_agents(agents)
    assert list(outcomes) == agents and set(outcomes.values()) == {gw.FORCED}
    assert time.monotonic() - started < 0.9  # all at once: not 16 x 0.4 s, nor in batches


def test_an_event_generated_within_the_millisecond_before_the_step_still_counts():
    """eventGenTime has millisecond resolution: an event the step caused may carry a time up to 1 ms
    before the step began (on the gateway's clock mapped onto ours); one 2 ms before is earlier."""
    stream = EventStream("101", Feed())
    first = stream.add(event("A", "sets the offset", int(time.time() * 1000)))
    offset = first.received - first.generated
    same_ms = stream.add(event("A", "same ms", int(first.generated * 1000)))
    mapped = same_ms.generated + offset
    stream.mark_step("Step", started=mapped + 0.001, after_seq=first.seq)
    assert stream.is_fresh(same_ms)
    stream.mark_step("Step", started=mapped + 0.002, after_seq=first.seq)
    assert not stream.is_fresh(same_ms)


def test_stop_with_a_wait_waits_no_longer_than_asked_and_needs_no_started_poller():
    EventStream("101", Feed()).stop(wait=1)  # never started: nothing to wait for
    release = threading.Event()
    stream = EventStream("102", lambda: (release.wait(5), None)[1])
    stream.start()
    started = time.monotonic()
    stream.stop(wait=0.2)  # the poller is inside a long poll for 5 s
    assert time.monotonic() - started < 1
    release.set()


def test_every_3xx_answer_is_a_refused_redirect_and_4xx_is_not():
    client = offline(
        answer(status=300, reason="Multiple Choices"),
        answer(status=399, reason="?"),
        answer(status=400, reason="Bad Request"),
    )
    for _ in range(2):
        with pytest.raises(GatewayRedirectError):
            client.call(api.RELEASE, "101")
    with pytest.raises(GatewayResponseError) as failure:
        client.call(api.RELEASE, "101")
    assert not isinstance(failure.value, GatewayRedirectError)
    assert "answered HTTP 400 Bad Request; the gateway answers HTTP 200 with a retcode" in str(failure.value)


def test_every_repeated_delivery_is_counted():
    first = event("AgentState_Ready", None, 1_700_000_000_000)
    stream = EventStream("101", Feed())
    feed = Feed(first, dict(first), dict(first))
    stream._fetch = feed
    stream.start()
    try:
        wait_until(lambda: feed.polls >= 4)
        assert stream.duplicates == 2 and len(stream.history()) == 1
    finally:
        stream.stop()
        feed.items.put(None)


def test_a_poll_held_by_the_gateway_and_answered_empty_is_followed_by_the_next_at_once():
    """Only an empty poll answered at once pauses the poller (0.2 s, the docs' cadence); after a poll the
    gateway held, the next poll follows at once, so no event waits for a pause."""

    def held_poll():
        time.sleep(0.15)
        return None

    stream = EventStream("101", held_poll)
    counted = []
    stream._fetch = lambda: counted.append(1) or held_poll()
    stream.start()
    time.sleep(1.0)
    stream.stop()
    assert len(counted) >= 4, len(counted)  # about 6 (1 / 0.15 s), not 3 (1 / 0.35 s)


def test_before_any_step_every_event_counts_timed_or_not():
    stream = EventStream("101", Feed())
    assert stream.step.name == "" and stream.step.after_seq == 0  # no step yet
    timed = stream.add(event("A", None, int(time.time() * 1000) - 60_000))
    assert stream.wait_for(matcher("A"), 0) is timed


def test_set_guid_attributes_and_padding_are_dropped_and_every_oddity_named():
    assert gw.parse_set_guid("JSESSIONID=abc; Path=/; Secure; HttpOnly") == "abc"
    assert gw.parse_set_guid("JSESSIONID=XabcX") == "XabcX"
    with pytest.raises(ValueError, match="^control characters"):
        gw.parse_set_guid("JSESSIONID=\tabc")  # only spaces around it are padding
    with pytest.raises(ValueError, match="^two values merged with a comma"):
        gw.parse_set_guid("JSESSIONID=" + "a" * 250 + ",bcde")  # 255 characters, not too long
    with pytest.raises(ValueError) as failure:
        gw.parse_set_guid("JSESSIONID=abcdefgh,ijkl")
    assert str(failure.value) == "two values merged with a comma (abcd…(13 chars))"


def test_every_guid_rotation_is_counted_and_a_malformed_one_is_never_taken():
    session = AgentSession("101", "g0")
    for n in range(1, 4):
        session.update_guid(f"JSESSIONID=g{n}")
    assert session.guid_rotations == 3
    client = offline(answer(headers={"Set-GUID": "JSESSIONID=a b"}))
    with pytest.raises(MalformedGuidError) as failure:
        client.call(api.RELEASE, "101", session=session)
    assert str(failure.value).endswith("a space inside (***); it was not taken and is never sent back")


class Unreadable(io.RawIOBase):
    def read(self, *args):
        raise AssertionError("the body was read")


def test_failed_answers_name_what_was_wrong_in_full():
    client = offline(
        answer(status=301, headers={"Location": "https://elsewhere/x"}, reason="Moved"),
        answer(raw=b"\xff\xfe<html>"),
        answer({"message": "success"}),
        answer(raw="[" * 40 + "]" * 40),
    )
    with pytest.raises(GatewayRedirectError) as failure:
        client.call(api.RELEASE, "101")
    assert str(failure.value).endswith(
        "the library follows no redirect, since it would send the password or the Guid there"
    )
    with pytest.raises(GatewayResponseError, match="body that is not JSON: '\ufffd\ufffd<html>'"):
        client.call(api.RELEASE, "101")  # not UTF-8 either: shown, not a decoding crash
    with pytest.raises(GatewayResponseError) as failure:
        client.call(api.RELEASE, "101")
    assert str(failure.value).endswith("answered JSON without a string 'retcode': {'message': 'success'}")
    with pytest.raises(GatewayResponseError) as failure:
        client.call(api.RELEASE, "101")
    assert str(failure.value).endswith("which no gateway answer is; it was not used")


def test_a_declared_oversized_answer_is_refused_without_reading_it():
    huge = answer(headers={"Content-Length": str(10 * 1048576)})
    huge.raw = Unreadable()
    client = offline(huge)
    with pytest.raises(ResponseTooLargeError) as failure:
        client.call(api.RELEASE, "101")
    assert "answered more than 1 MB (10 MB or more)" in str(failure.value)


def test_a_wait_takes_an_old_event_as_surely_as_a_recent_one():
    """Consumed events leave the buffer whether they are among the newest (looked at first) or older."""
    stream = EventStream("101", Feed())
    old = stream.add(event("A", "old"))
    for n in range(12):
        stream.add(event("B", str(n)))
    recent = stream.add(event("C", "recent"))
    assert stream.wait_for(matcher("C"), 0) is recent
    assert stream.wait_for(matcher("A"), 0) is old
    assert stream.wait_for(matcher("A"), 0) is None and stream.wait_for(matcher("C"), 0) is None
    assert [r.event["content"] for r in stream.pending()] == [str(n) for n in range(12)]
    assert old.consumed and recent.consumed


def test_a_poller_started_after_set_poller_backoff_paces_itself_as_set():
    """set_poller_backoff: "every event poller of this client, running or started later"."""
    client = offline()
    client.set_poller_backoff(0.2, 3.0, 0.7)
    stream = client._stream(AgentSession("101", GUID))
    assert (stream.backoff, stream.empty_pause) == ((0.2, 3.0), 0.7)


def test_the_record_of_a_request_answered_wrongly_names_what_was_wrong():
    client = offline(answer(raw="<html>busy</html>"))
    records = []
    client.listeners.append(records.append)
    with pytest.raises(GatewayResponseError) as failure:
        client.call(api.RELEASE, "101", session=AgentSession("101", GUID))
    assert records[0].retcode == ""  # "" when no answer came (RequestRecord)
    assert records[0].error == str(failure.value) and "not JSON" in records[0].error


def test_history_after_returns_only_the_events_that_arrived_after_the_given_one_in_order():
    """history_after: "the events of the history that arrived after seq ``seq``, in order of arrival"."""
    stream = EventStream("101", Feed())
    first, second, third = (stream.add(event(name)) for name in ("A", "B", "C"))
    assert [e.event["eventType"] for e in stream.history_after(first.seq)] == ["B", "C"]
    assert stream.history_after(third.seq) == []
    assert [e.event["eventType"] for e in stream.history_after(first.seq - 1)] == ["A", "B", "C"]
    assert second.seq < third.seq
