"""Argument checks made before any request is sent. Each failure names the keyword, the argument, the
value and what is allowed, so a tester can fix the suite without reading code."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

from .errors import ArgumentError

_T = TypeVar("_T")
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
    if not (
        isinstance(value, (str, int))
        and not isinstance(value, bool)
        and _AGENT_ID.fullmatch(text)
        and low <= int(text) <= high
    ):
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
        raise _fail(keyword, name, value, "a call ID such as '1456401416-3': 1 to 64 letters, digits, '-' or '_'")
    return text


def choice(value: object, allowed: Mapping[str, _T], keyword: str, name: str) -> _T:
    key = str(value).strip().lower().replace("_", " ").replace("-", " ")
    for option, result in allowed.items():
        if option.replace("-", " ") == key:
            return result
    raise _fail(keyword, name, value, "one of " + ", ".join(repr(o) for o in allowed))


class CallId(str):
    """A call ID as the gateway gives it, such as ``1456401416-3``: 1 to 64 letters, digits, ``-`` or ``_``.

    Given as text. ``${None}``, ``${True}`` and other values that are not text or a number fail, naming
    the argument, before any request is sent (they are never turned into the call IDs ``None`` or
    ``True``)."""


def as_time(value: object) -> object:
    """A Robot Framework time such as ``10 s``, ``1.5 s``, ``500 ms`` or ``1 min 30 s``, or a number of
    seconds, with ASCII digits, from 0 to 1 day. ``inf``, ``${True}`` or ``１ s`` fail naming the argument.

    Robot Framework's own conversion is left out: the keyword checks the value as given, so ``${True}``
    never becomes 1 s."""
    return value


def as_call_id(value: object) -> object:
    """A call ID as the gateway gives it, such as ``1456401416-3``: 1 to 64 letters, digits, ``-`` or
    ``_``. ``${None}`` or ``${True}`` fail naming the argument (they never become the call IDs ``None`` or
    ``True``); the keyword checks the value as given, before any request."""
    return value


# -- import arguments (also used by Connect To Gateway) -----------------------------------------------
_URL = re.compile(r"https?://[^\s/?#]+(/[^\s?#]*)?", re.IGNORECASE)


def gateway_url(value: object, keyword: str, name: str = "url") -> str:
    from .client.redact import safe_url

    if not (isinstance(value, str) and _URL.fullmatch(value.strip()) and urlsplit(value.strip()).hostname):
        shown = safe_url(value) if isinstance(value, str) else value
        raise _fail(keyword, name, shown, "an http:// or https:// URL such as 'https://10.0.0.5:8043'")
    return value.strip()


def verify(value: object, keyword: str, name: str = "verify") -> bool | str:
    """TLS verification is off only for an explicit ``False``: an empty value (``%{CCGW_CA_BUNDLE=}`` when
    the variable is unset) or ``${None}`` means on, with the system's CAs."""
    allowed = (
        "True (the system's CAs; an empty value or ${None} means the same), False (verification off, "
        "with a warning) or the path of an existing CA bundle file"
    )
    if isinstance(value, bool):
        return value
    if value is None:
        return True
    if not isinstance(value, str):
        raise _fail(keyword, name, value, allowed)
    text = value.strip()
    if text == "" or text.lower() == "true":
        return True
    if text.lower() == "false":
        return False
    if not (Path(text).is_file() or Path(text).is_dir()):
        raise _fail(keyword, name, value, allowed + f" (no file {text!r} exists)")
    return text


_SIZE = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*(b|bytes?|kb|kib|mb|mib|gb|gib)?", re.IGNORECASE)
_UNITS = {
    "": 1,
    "b": 1,
    "byte": 1,
    "bytes": 1,
    "kb": 1000,
    "kib": 1024,
    "mb": 1000**2,
    "mib": 1024**2,
    "gb": 1000**3,
    "gib": 1024**3,
}


def byte_size(value: object, keyword: str, name: str, low: int = 1024, high: int = 1024**3) -> int:
    """``'1 MB'``, ``'512 kB'``, ``'2 MiB'`` or a number of bytes, from ``low`` to ``high``."""
    size = None
    if isinstance(value, int) and not isinstance(value, bool):
        size = value
    elif isinstance(value, str) and value.isascii() and (match := _SIZE.fullmatch(value.strip())):
        size = int(float(match.group(1)) * _UNITS[(match.group(2) or "").lower()])
    if size is None or not low <= size <= high:
        raise _fail(
            keyword,
            name,
            value,
            f"a size from {low // 1024} kB to {high // 1024**3} GB, such as '1 MB', '512 kB' or a number of bytes",
        )
    return size


MAX_SECONDS = 86400.0  # a day: longer is a mistake in a suite, and beyond what waits can take


def seconds(value: object, keyword: str, name: str, positive: bool = False) -> float | None:
    """A Robot Framework time (``10 s``, ``1.5 s``, ``1 min 30 s``, ``500 ms``), a number of seconds or a
    ``timedelta``, in seconds, from 0 (above 0 when ``positive``) to a day; ``None`` for ``None`` or
    empty. Fails naming the argument for anything else: ``${True}``, ``inf``, ``nan``, ``99999999 days``,
    digits that are not ASCII (``１ s``)."""
    if value is None or value == "":
        return None
    secs = None
    try:
        if isinstance(value, timedelta):
            secs = value.total_seconds()
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            secs = float(value)
        elif isinstance(value, str) and value.isascii():
            secs = _time_string(value)
    except (ValueError, TypeError, OverflowError):
        secs = None
    if secs is None or not math.isfinite(secs) or secs < 0 or secs > MAX_SECONDS or (positive and secs <= 0):
        span = "above 0 and at most 1 day" if positive else "from 0 to 1 day"
        raise _fail(keyword, name, value, f"a time {span}, such as '10 s', '1.5 s' or '1 min 30 s' (ASCII digits)")
    return secs


@functools.lru_cache(maxsize=256)
def _time_string(value: str) -> float:
    """Robot Framework's reading of a time string, kept per string: a suite passes the same few (``5 s``)
    to thousands of keyword calls. A string it cannot read raises each time (exceptions are not cached)."""
    from robot.utils import timestr_to_secs  # here, not at the top: the simulator uses this module without Robot

    return timestr_to_secs(value, round_to=None)


def integer(value: object, low: int, high: int, keyword: str, name: str, allowed: str = "") -> int:
    """A whole number from ``low`` to ``high`` (an int or its digits as text)."""
    text = _text(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    if text is None or not (text.isascii() and text.isdigit()) or not low <= int(text) <= high:
        raise _fail(keyword, name, value, allowed or f"a whole number from {low} to {high}")
    return int(text)
