"""Argument checks made before any request is sent. Each failure names the keyword, the argument, the
value and what is allowed, so a tester can fix the suite without reading code."""

from __future__ import annotations

import re

from .errors import ArgumentError

_AGENT_ID = re.compile(r"[1-9][0-9]{2,5}")
_NUMBER = re.compile(r"[0-9]{1,24}")
_DIALLED = re.compile(r"[0-9*#]{1,24}")
_CALLER = re.compile(r"[0-9]{0,24}")
# Call IDs look like "1456401416-3"; letters, digits, "-" and "_" keep any gateway's IDs while
# leaving no way to leave the URI template ("/", "?", "#", "..", spaces, non-ASCII).
_CALL_ID = re.compile(r"[0-9A-Za-z][0-9A-Za-z_-]{0,63}")


__all__ = ["ArgumentError", "agent_id", "call_id", "caller_number", "choice", "dialled_number", "integer", "number"]


def _fail(keyword: str, name: str, value: object, allowed: str) -> ArgumentError:
    return ArgumentError(f"{keyword}: argument '{name}' is {value!r}; allowed: {allowed}.")


def _text(value: object) -> str:
    return value if isinstance(value, str) else str(value) if isinstance(value, int) else repr(value)


def agent_id(value: object, agent_range: tuple[int, int], keyword: str, name: str = "agent_id") -> str:
    low, high = agent_range
    text = _text(value)
    if not (isinstance(value, (str, int)) and not isinstance(value, bool) and _AGENT_ID.fullmatch(text)
            and low <= int(text) <= high):
        raise _fail(keyword, name, value, f"an agent ID (work number) from {low} to {high}")
    return text


def number(value: object, keyword: str, name: str = "number") -> str:
    text = _text(value)
    if not (isinstance(value, (str, int)) and not isinstance(value, bool) and _NUMBER.fullmatch(text)):
        raise _fail(keyword, name, value, "a phone number of 1 to 24 digits")
    return text


def dialled_number(value: object, keyword: str, name: str = "called") -> str:
    text = _text(value)
    if not (isinstance(value, (str, int)) and not isinstance(value, bool) and _DIALLED.fullmatch(text)):
        raise _fail(keyword, name, value, "1 to 24 characters, each a digit, '*' or '#'")
    return text


def caller_number(value: object, keyword: str, name: str = "caller") -> str:
    text = "" if value is None else _text(value)
    if not (isinstance(value, (str, int, type(None))) and not isinstance(value, bool) and _CALLER.fullmatch(text)):
        raise _fail(keyword, name, value, "0 to 24 digits (empty means the platform's default)")
    return text


def call_id(value: object, keyword: str, name: str = "call_id") -> str:
    text = _text(value)
    if not (isinstance(value, (str, int)) and not isinstance(value, bool) and _CALL_ID.fullmatch(text)):
        raise _fail(keyword, name, value,
                    "a call ID such as '1456401416-3': 1 to 64 letters, digits, '-' or '_'")
    return text


def choice(value: object, allowed: dict[str, object], keyword: str, name: str) -> object:
    key = str(value).strip().lower().replace("_", " ").replace("-", " ")
    for option, result in allowed.items():
        if option.replace("-", " ") == key:
            return result
    raise _fail(keyword, name, value, "one of " + ", ".join(repr(o) for o in allowed))


def integer(value: object, low: int, high: int, keyword: str, name: str, allowed: str = "") -> int:
    """A whole number from ``low`` to ``high`` (an int or its digits as text)."""
    text = _text(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    if text is None or not (text.isascii() and text.isdigit()) or not low <= int(text) <= high:
        raise _fail(keyword, name, value, allowed or f"a whole number from {low} to {high}")
    return int(text)
