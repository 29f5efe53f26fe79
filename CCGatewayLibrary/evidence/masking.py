"""What a shared recording may hold: no Guid, password, phone number or call ID, only the shape of things.

Event content is reduced to its shape (field names and JSON types, no values); free text such as a test
name keeps no run of 5 or more digits (a phone number) and no Guid-like token."""

from __future__ import annotations

import re
from typing import Any

_DIGITS = re.compile(r"\d{5,}")
_GUIDLIKE = re.compile(r"[0-9A-Za-z]{8}-[0-9A-Za-z-]{8,}|[0-9a-fA-F]{16,}")


def shape(content: Any) -> Any:
    """``{"callid": "1-2", "number": "138..."}`` -> ``{"callid": "string", "number": "string"}``."""
    if content is None:
        return "null"
    if isinstance(content, bool):
        return "boolean"
    if isinstance(content, (int, float)):
        return "number"
    if isinstance(content, str):
        return "string"
    if isinstance(content, dict):
        return {str(key): shape(value) for key, value in sorted(content.items(), key=lambda kv: str(kv[0]))}
    if isinstance(content, (list, tuple)):
        return [shape(item) for item in content[:1]]
    return type(content).__name__


def text(value: str) -> str:
    """Free text (a test or keyword name) with phone numbers and Guid-like tokens masked."""
    return _DIGITS.sub("<number>", _GUIDLIKE.sub("<masked>", str(value)))


def retcode_of(error: BaseException) -> str:
    """The retcode a failure names (``200-017``), else the kind of failure; never its message."""
    retcode = getattr(error, "retcode", None)
    if retcode:
        return str(retcode)
    found = re.match(r"\s*(\d{3}-\d{3})\b", str(error))
    return found.group(1) if found else type(error).__name__
