"""Argument checks: each bad value fails naming the keyword, the argument, the value and what is allowed."""

import pytest

from CCGatewayLibrary import interfaces as api
from CCGatewayLibrary import validation
from CCGatewayLibrary.validation import ArgumentError


@pytest.mark.parametrize("value", ["101", 101, "59999", "3000"])
def test_agent_id_in_old_range_is_accepted_as_text(value):
    assert validation.agent_id(value, api.OLD_RANGE, "Drop Call") == str(value)


@pytest.mark.parametrize(
    "value",
    ["100", "60000", "1000000", "abc", "", " 101", "101 ", "0101", "1e3", None, True, "10 1", "-101", "+101", 1.5],
)
def test_agent_id_outside_old_range_fails_naming_argument_value_and_range(value):
    with pytest.raises(ArgumentError) as error:
        validation.agent_id(value, api.OLD_RANGE, "Drop Call")
    message = str(error.value)
    assert message.startswith("Drop Call: argument 'agent_id' is ")
    assert repr(value) in message
    assert "from 101 to 59999" in message


def test_new_range_reaches_999999_but_not_further():
    assert validation.agent_id("999999", api.NEW_RANGE, "Release Number") == "999999"
    with pytest.raises(ArgumentError, match="from 101 to 999999"):
        validation.agent_id("1000000", api.NEW_RANGE, "Release Number")


@pytest.mark.parametrize("value", ["1", "0", "13800000000", "1" * 24])
def test_number_of_1_to_24_digits_is_accepted(value):
    assert validation.number(value, "Release Number") == value


@pytest.mark.parametrize("value", ["", "1" * 25, "12a", "+8613800000000", "-1", "1 2", "１２３", "12#", None])
def test_number_that_is_not_1_to_24_digits_fails(value):
    with pytest.raises(ArgumentError, match=r"Release Number: argument 'number' is .*1 to 24 digits"):
        validation.number(value, "Release Number")


@pytest.mark.parametrize("value", ["1456401416-3", "abc_DEF-1", "7"])
def test_call_id_accepts_gateway_call_ids(value):
    assert validation.call_id(value, "Hold Call") == value


@pytest.mark.parametrize("value", ["", "a/b", "a?b", "a#b", "..", "a b", "呼叫", "-1", "x" * 65, None, "a.b", "%2e"])
def test_malformed_call_id_fails_before_any_request(value):
    with pytest.raises(ArgumentError, match=r"Hold Call: argument 'call_id' is .*allowed: a call ID"):
        validation.call_id(value, "Hold Call")


def test_dialled_number_allows_star_and_hash_but_caller_does_not():
    assert validation.dialled_number("*123#", "Make Call") == "*123#"
    with pytest.raises(ArgumentError, match="argument 'caller'"):
        validation.caller_number("*1", "Make Call")
    assert validation.caller_number("", "Make Call") == ""


def test_choice_matches_case_space_and_hyphen_insensitively():
    options = {"two-party": 1, "three-party": 2}
    assert validation.choice("Three Party", options, "Request Internal Help", "mode") == 2
    assert validation.choice("two_party", options, "Request Internal Help", "mode") == 1
    with pytest.raises(ArgumentError, match=r"argument 'mode' is 'four'; allowed: one of 'two-party', 'three-party'"):
        validation.choice("four", options, "Request Internal Help", "mode")
