"""Getters with built-in assertions (AssertionEngine, as in Browser): the agent's state, its current call
and its held calls. Each returns the value; given an operator and an expected value it also asserts."""

from __future__ import annotations

from typing import Any

from assertionengine import (
    AssertionOperator,
    bool_verify_assertion,
    int_str_verify_assertion,
    list_verify_assertion,
    verify_assertion,
)
from robot.api import logger
from robot.api.deco import keyword

from .. import agentstates, validation
from .. import interfaces as api
from ..client import GatewayError
from .base import LibraryComponent, to_robot

_STATE_WORDS = sorted(set(agentstates.WORDS.values()))
_EQUALITY = (AssertionOperator["=="], AssertionOperator["!="])
_NOT_CONTAINS = AssertionOperator["not contains"]
_NO_HELD_CALL = "400-003"


class GetterKeywords(LibraryComponent):
    @keyword(tags=("Agent", "Getter", "Assertion"))
    def get_agent_state(
        self,
        agent_id: str,
        assertion_operator: AssertionOperator | str | None = None,
        assertion_expected: str | None = None,
        message: str | None = None,
    ) -> str:
        """Returns the agent's state as a word (``idle``, ``busy``, ``talking``, ...); optionally asserts it.

        Asks the gateway once and answers at once: to wait for a state change, wait for its event
        (``AgentState_Ready``, ``AgentState_Busy``, ...) with `Wait For Agent Event`.

        | =Argument= | =Description= |
        | ``agent_id`` | Agent ID (work number) of an agent signed in by `Sign In Agent`, 101 to 999999. |
        | ``assertion_operator`` | Optional: how to compare, e.g. ``==`` (or ``should be``), ``!=`` (``should not be``), ``contains``. See `Getters and assertions`. |
        | ``assertion_expected`` | The expected state, one of ``idle``, ``busy``, ``talking``, ``wrap-up``, ``rest``, ``pre-rest``, ``signed out``, ``signed in``, ``unknown`` (any letter case). |
        | ``message`` | Optional: replaces the failure message of the assertion. |

        The gateway's ``agentState`` numbers map to the words: 0 unknown, 1 signed in, 2 signed out,
        3 busy, 4 idle, 5 wrap-up, 6 idle, 7 talking (also with a held call or in a conference), 8 rest,
        9 pre-rest.

        Returns the state word. Fails before any request for an invalid ``agent_id``, an
        ``assertion_operator`` that is not an operator or, with ``==`` or ``!=``, an expected state that
        is not one of the words above. Fails when the assertion does
        not hold, naming the agent, the state and the expected state; with the gateway's retcode
        otherwise: 000-002 (bad parameter), 100-006 (not signed in).

        Calls ``GET /agentgateway/resource/onlineagent/{agentid}/agentstatus`` (method ``getAgentStatus``).

        Example:
        | `Get Agent State`    101    ==    idle
        | `Get Agent State`    101    should be    talking
        | ${state} =    `Get Agent State`    101
        """
        agent_id = self.agent(agent_id, api.AGENT_STATUS)
        assertion_operator = _operator(assertion_operator, api.AGENT_STATUS.label)
        expected = assertion_expected
        if assertion_operator in _EQUALITY and expected is not None:
            expected = validation.choice(
                expected, {word: word for word in _STATE_WORDS}, api.AGENT_STATUS.label, "assertion_expected"
            )
        result = self.call(api.AGENT_STATUS, agent_id).get("result") or {}
        code = result.get("agentState")
        state = agentstates.word(code)
        logger.info(f"Agent {agent_id} is {state} (agentState {code}, isWorking {result.get('isWorking')})")
        return verify_assertion(state, assertion_operator, expected, f"Agent {agent_id} state", message)

    @keyword(tags=("Call", "Getter", "Assertion"))
    def get_call_info(
        self,
        agent_id: str,
        field: str = "",
        assertion_operator: AssertionOperator | str | None = None,
        assertion_expected: Any = None,
        message: str | None = None,
        *,
        last_call: bool = True,
    ) -> Any:
        """Returns the agent's current call as the gateway describes it, or one ``field`` of it; optionally asserts it.

        The current call is the agent's last call that is still going on. When the agent has none, the
        gateway describes the call it left last (with ``endtime``), unless ``last_call=False``; without
        any, the result is an empty dictionary.

        | =Argument= | =Description= |
        | ``agent_id`` | Agent ID (work number) of an agent signed in by `Sign In Agent`, 101 to 999999. |
        | ``field`` | Optional: return only this field, e.g. ``callid``, ``caller``, ``called``, ``begintime``, ``endtime``, ``callfeature``. Default: the whole dictionary. |
        | ``assertion_operator`` | Optional: how to compare the field, e.g. ``==`` (``should be``), ``!=``, ``contains``, ``>``. See `Getters and assertions`. |
        | ``assertion_expected`` | The expected value. Numbers (``begintime``, ``callfeature``) are compared as numbers. |
        | ``message`` | Optional: replaces the failure message of the assertion. |
        | ``last_call`` | ``True`` (default): without a current call, describe the call the agent left last. ``False``: only a current call (query ``isNoContainLastCall=true``). |

        Returns a dictionary such as ``{callfeature: 0, callid: 1456401416-3, caller: 13800000001,
        called: 70101, begintime: 1456401416000, endtime: None, ...}`` (so ``${info.callid}`` works),
        or the value of ``field``. ``callfeature`` is 0 for an inbound call and 7 for an outbound one.

        Fails before any request for an invalid ``agent_id``, a ``field`` that is an operator (give
        the field first: ``Get Call Info    101    ==    13800000000`` fails saying so) or an
        ``assertion_operator`` that is not an operator. Fails if the call info has no ``field`` (naming the fields it has, or saying
        the agent has no call), when the assertion does not hold, and with the gateway's retcode:
        000-002 (bad parameter), 100-006 (not signed in), 100-007 (operation exception).

        Calls ``GET /agentgateway/resource/calldata/{agentid}/callinfo`` (method ``queryCallInfo``).

        Example:
        | `Get Call Info`    101    callid    ==    ${call}
        | `Get Call Info`    101    caller    should be    13800000001
        | ${info} =    `Get Call Info`    101
        | Log    ${info.called}
        """
        label = api.CALL_INFO.label
        agent_id = self.agent(agent_id, api.CALL_INFO)
        field = "" if field is None else str(field).strip()
        if field and _is_operator(field):
            raise validation.ArgumentError(
                f"{label}: argument 'field' is {field!r}; allowed: the name of a call-info field such as "
                f"callid, caller or called, given before the operator (e.g. '{label}    101    callid    ==    "
                "${call}')."
            )
        assertion_operator = _operator(assertion_operator, label)
        params = None if last_call else {"isNoContainLastCall": "true"}
        info = self.call(api.CALL_INFO, agent_id, params=params).get("result")
        info = info if isinstance(info, dict) else {}
        if not field:
            return to_robot(
                verify_assertion(info, assertion_operator, assertion_expected, f"Agent {agent_id} call info", message)
            )
        if field not in info:
            has = f"it has {', '.join(sorted(info))}" if info else f"agent {agent_id} has no call"
            raise AssertionError(f"{label}: the call info of agent {agent_id} has no field {field!r}; {has}.")
        return to_robot(
            _verify_value(
                info[field], assertion_operator, assertion_expected, f"Agent {agent_id} call {field}", message
            )
        )

    @keyword(tags=("Call", "Getter", "Assertion"))
    def get_held_calls(
        self,
        agent_id: str,
        assertion_operator: AssertionOperator | str | None = None,
        *assertion_expected: str,
        message: str | None = None,
    ) -> list:
        """Returns the IDs of the agent's held calls, oldest first; optionally asserts them.

        | =Argument= | =Description= |
        | ``agent_id`` | Agent ID (work number) of an agent signed in by `Sign In Agent`, 101 to 999999. |
        | ``assertion_operator`` | Optional: ``contains`` (every expected call is held), ``not contains`` (none is), ``==`` (exactly these, in any order), ``!=``, ``validate``. See `Getters and assertions`. |
        | ``*assertion_expected`` | The expected call IDs; none with ``==`` means no held call. |
        | ``message`` | Optional: replaces the failure message of the assertion. |

        Each held call's details (caller, called, begin time) are logged. The gateway answers 400-003
        when the agent holds no call: this keyword then returns an empty list.

        Returns a list of call IDs. Fails before any request for an invalid ``agent_id`` or an
        ``assertion_operator`` that is not an operator. Fails when the
        assertion does not hold, listing the held calls; with the gateway's retcode otherwise: 100-006
        (not signed in), 300-001 (no right to query).

        Calls ``GET /agentgateway/resource/calldata/{agentid}/holdlist`` (method ``queryHoldListInfo``).

        Example:
        | `Put Call On Hold`    101
        | `Wait For Agent Event`    101    AgentEvent_Hold    content=${call}
        | `Get Held Calls`    101    contains    ${call}
        | `Retrieve Held Call`    101    ${call}
        | `Get Held Calls`    101    ==
        | ${held} =    `Get Held Calls`    101
        """
        agent_id = self.agent(agent_id, api.HOLD_LIST)
        assertion_operator = _operator(assertion_operator, api.HOLD_LIST.label)
        try:
            held = self.call(api.HOLD_LIST, agent_id).get("result")
        except GatewayError as error:
            if error.retcode != _NO_HELD_CALL:
                raise
            held = []
        held = [item for item in held if isinstance(item, dict)] if isinstance(held, list) else []
        for item in held:
            logger.info(
                f"Agent {agent_id} holds call {item.get('callid')}: caller {item.get('caller')}, "
                f"called {item.get('called')}, begin time {item.get('begintime')}"
            )
        if not held:
            logger.info(f"Agent {agent_id} holds no call")
        ids = [str(item.get("callid")) for item in held]
        return _verify_list(ids, assertion_operator, list(assertion_expected), f"Agent {agent_id} held calls", message)


def _operator(value: AssertionOperator | str | None, label: str) -> AssertionOperator | None:
    """The operator Robot Framework converted, or the text it could not convert as a named failure (the
    argument is typed ``AssertionOperator | str`` so the keyword, not Robot's conversion, says what is wrong)."""
    if value is None or isinstance(value, AssertionOperator):
        return value
    text = str(value).strip()
    for name, member in AssertionOperator.__members__.items():
        if name.lower() == text.lower():
            return member
    raise validation.ArgumentError(
        f"{label}: argument 'assertion_operator' is {text!r}; allowed: an operator such as ==, !=, contains, "
        "should be, <, >, matches or validate (see 'Getters and assertions')."
    )


def _is_operator(text: str) -> bool:
    try:
        AssertionOperator[text]
    except KeyError:
        return text.lower() in {name.lower() for name in AssertionOperator.__members__}
    return True


def _verify_value(
    value: Any, operator: AssertionOperator | None, expected: Any, prefix: str, message: str | None
) -> Any:
    """Assert one JSON value; numbers and booleans compare as such, whatever text Robot passes."""
    if operator is None or expected is None:
        return verify_assertion(value, operator, expected, prefix, message)
    if isinstance(value, bool):
        return bool_verify_assertion(value, operator, expected, prefix, message)
    if (
        isinstance(value, int)
        and isinstance(expected, str)
        and operator not in (AssertionOperator["validate"], AssertionOperator["then"])
    ):
        return int_str_verify_assertion(value, operator, expected, prefix, message)
    return verify_assertion(value, operator, expected, prefix, message)


def _verify_list(
    value: list, operator: AssertionOperator | None, expected: list, prefix: str, message: str | None
) -> list:
    if operator is _NOT_CONTAINS:  # AssertionEngine's list check has no "not contains"
        found = [item for item in expected if item in value]
        if found:
            raise AssertionError(message or f"{prefix} '{value}' (list) should not contain '{found}' (list)")
        return value
    if operator is None and expected:
        raise validation.ArgumentError(f"{prefix}: expected values were given without an assertion operator.")
    checked = list_verify_assertion(list(value), operator, list(expected), prefix, message)
    return checked if operator is AssertionOperator["then"] else value
