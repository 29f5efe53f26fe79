"""Unit tests that kill mutants mutation testing found alive (docs/mutation.md): the exact failure messages of
the argument checks, and the lookups of the interface, retcode and event catalogues. Expected texts come
from the documentation (the interface pages' URIs, the developers' guide's "name the argument, the value
and what is allowed"), not from the code's tables."""

from __future__ import annotations

import pytest

from CCGatewayLibrary import eventtypes, validation
from CCGatewayLibrary import interfaces as api
from CCGatewayLibrary.retcodes import meaning_of
from CCGatewayLibrary.validation import ArgumentError


@pytest.mark.parametrize(
    ("check", "value", "message"),
    [
        (
            validation.number,
            "12a",
            "Release Number: argument 'number' is '12a'; allowed: a phone number of 1 to 24 digits.",
        ),
        (
            validation.dialled_number,
            "1-2",
            "Release Number: argument 'called' is '1-2'; allowed: 1 to 24 characters, each a digit, '*' or '#'.",
        ),
        (
            validation.caller_number,
            "*1",
            "Release Number: argument 'caller' is '*1'; allowed: 0 to 24 digits (empty means the platform's default).",
        ),
        (
            validation.call_id,
            "a/b",
            "Release Number: argument 'call_id' is 'a/b'; allowed: a call ID such as "
            "'1456401416-3': 1 to 64 letters, digits, '-' or '_'.",
        ),
    ],
)
def test_argument_failures_name_keyword_argument_value_and_what_is_allowed(check, value, message):
    with pytest.raises(ArgumentError) as error:
        check(value, "Release Number")
    assert str(error.value) == message


def test_choice_failure_names_the_keyword_and_every_option():
    with pytest.raises(ArgumentError) as error:
        validation.choice("four", {"two-party": 1, "three-party": 2}, "Request Internal Help", "mode")
    assert str(error.value) == (
        "Request Internal Help: argument 'mode' is 'four'; allowed: one of 'two-party', 'three-party'."
    )


def test_choice_takes_the_option_as_written_with_its_hyphen():
    assert validation.choice(" Three-Party ", {"two-party": 1, "three-party": 2}, "K", "mode") == 2
    assert validation.choice("wrap-up", {"idle": 4, "wrap-up": 5}, "K", "status") == 5


def test_no_caller_means_the_platforms_default():
    assert validation.caller_number(None, "Make Call") == ""
    assert validation.caller_number("", "Make Call") == ""
    assert validation.caller_number(13800000001, "Make Call") == "13800000001"


def test_numbers_given_as_integers_are_taken_as_text():
    assert validation.number(13800000001, "Release Number") == "13800000001"
    assert validation.dialled_number(70001, "Make Call") == "70001"
    assert validation.call_id(7, "Hold Call") == "7"


def test_interface_paths_follow_the_documented_uris():
    # "Dropping a Call": DELETE /agentgateway/resource/voicecall/{agentid}/release
    assert api.RELEASE.path(agentid="101") == "/agentgateway/resource/voicecall/101/release"
    assert api.RELEASE.describe(agentid="101") == "DELETE /agentgateway/resource/voicecall/101/release"
    # "Holding a Call": POST /agentgateway/resource/voicecall/{agentid}/connecthold/{callid}
    assert api.CONNECT_HOLD.describe(agentid="102", callid="1456401416-3") == (
        "POST /agentgateway/resource/voicecall/102/connecthold/1456401416-3"
    )


def test_retcode_meanings_and_unknown_retcodes():
    assert meaning_of("200-017") == "the agent has no call to release"
    assert meaning_of("0") == "success"
    assert meaning_of("999-999") == "unknown retcode (not in the CCGatewayLibrary catalogue)"


def test_event_catalogue_lookups_and_shapes():
    # reference §5.2: AgentEvent_Call_Release carries the call ID as plain string, AgentState_Ready nothing
    assert eventtypes.lookup("AgentEvent_Call_Release").describe_shape() == "call ID (plain string)"
    assert eventtypes.lookup("AgentState_Ready").describe_shape() == "null"
    shape = eventtypes.lookup("AgentEvent_Talking").describe_shape()
    assert shape.startswith("object {caller, called, callid, ") and shape.endswith("}")
    assert eventtypes.lookup("AgentEvent_Nonexistent") is None
    assert eventtypes.closest("agentevent_ringin")[0] == "AgentEvent_Ringing"
    assert len(eventtypes.closest("AgentEvent_Ringin", count=2)) == 2
    assert eventtypes.closest("xyz") == []
