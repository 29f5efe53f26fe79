"""The event buffer stays bounded however long an agent stays signed in: a test's events are released
when later tests start, and a wait looks only at events of its type. No poller here: events are added
as the poller would add them."""

from CCGatewayLibrary.client.events import EventStream, matcher


def event(event_type, content=None):
    return {"eventType": event_type, "workNo": "101", "content": content}


def new_stream():
    return EventStream("101", lambda: None)  # never started


def test_an_unconsumed_event_stays_waitable_in_the_next_test_only():
    stream = new_stream()
    stream.start_test()  # test 1
    stream.add(event("AgentOther_PhoneOffhook"))
    stream.start_test()  # test 2: still there
    assert [r.event_type for r in stream.history()] == ["AgentOther_PhoneOffhook"]
    stream.start_test()  # test 3: released
    assert stream.history() == [] and stream.pending() == []
    assert stream.wait_for(matcher("AgentOther_PhoneOffhook"), 0) is None


def test_events_from_before_the_first_test_are_waitable_in_it():
    stream = new_stream()
    stream.add(event("AgentState_Ready"))  # e.g. signed in by a suite setup
    stream.start_test()
    assert stream.wait_for(matcher("AgentState_Ready"), 0) is not None


def test_a_long_signed_in_agent_holds_at_most_two_tests_of_unconsumed_events():
    stream = new_stream()
    for _test in range(50):
        stream.start_test()
        for n in range(100):
            stream.add(event("AgentOther_PhoneOffhook", str(n)))
        stream.add(event("AgentState_Ready"))
        assert stream.wait_for(matcher("AgentState_Ready"), 0) is not None
        assert len(stream.pending()) <= 200
        assert len(stream.history()) <= 201


def test_unlogged_events_of_earlier_tests_are_released_too():
    stream = new_stream()
    for _test in range(5):
        stream.start_test()
        for n in range(10):
            stream.add(event("AgentOther_PhoneOffhook", str(n)))
    assert len(stream.take_unlogged()) == 20  # this test's and the previous test's


def test_a_wait_takes_the_oldest_match_of_its_type_among_many_other_events():
    stream = new_stream()
    for n in range(1000):
        stream.add(event("AgentOther_PhoneOffhook", str(n)))
    stream.add(event("AgentEvent_Talking", {"callid": "1-1"}))
    stream.add(event("AgentEvent_Talking", {"callid": "1-2"}))
    found = stream.wait_for(matcher("AgentEvent_Talking", fields={"callid": "1-2"}), 0)
    assert found.event["content"] == {"callid": "1-2"}
    assert stream.wait_for(matcher("AgentEvent_Talking"), 0).event["content"] == {"callid": "1-1"}
    assert stream.wait_for(matcher("AgentEvent_Talking"), 0) is None
    assert len(stream.pending()) == 1000
    assert stream.wait_for(matcher("AgentOther_PhoneOffhook", content="0"), 0) is not None
    assert [r.event["content"] for r in stream.pending()][:2] == ["1", "2"]


def test_a_wait_with_any_predicate_still_sees_every_event():
    stream = new_stream()
    stream.add(event("A"))
    stream.add(event("B", "x"))
    found = stream.wait_for(lambda e: e.get("content") == "x", 0)  # no event type to narrow by
    assert found.event_type == "B"
    assert [r.event_type for r in stream.pending()] == ["A"]
    assert stream.find(matcher("A"), 0) is not None
