"""The checks a wait's arguments pass before it waits, against the event catalogue (``eventtypes.py``):
a typo in an event type, an option or a content filter fails at once, saying what to write instead,
instead of waiting out the timeout or, worse, passing (a misspelled option taken for a filter makes
``Agent Event Should Not Occur`` vacuous)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from .. import eventtypes
from ..client import matcher
from ..client.events import Predicate
from ..validation import ArgumentError

# Every option of the event keywords: a filter name close to one of these is a typo, never a filter.
OPTIONS = ("timeout", "within", "message", "since", "undocumented")
SINCE = {"last step": "last step", "test start": "test start"}


@dataclass
class Wanted:
    """One event a keyword looks for: its type, its filters and the predicate built from them."""

    event_type: str
    content: Any = None  # a plain-string content, e.g. a call ID
    fields: dict[str, Any] = field(default_factory=dict)

    @property
    def predicate(self) -> Predicate:
        return matcher(self.event_type, self.content, self.fields)

    def describe(self) -> str:
        filters = [f"content={self.content}"] if self.content is not None else []
        filters += [f"{key}={value}" for key, value in self.fields.items()]
        return self.event_type + (f" with {', '.join(filters)}" if filters else "")


def event_type(value: Any, keyword: str, undocumented: bool = False) -> eventtypes.EventType | None:
    """The catalogue row of ``value``; ``None`` for an undocumented type the test asked for explicitly."""
    name = str(value).strip() if value is not None else ""
    row = eventtypes.lookup(name)
    if undocumented:
        if row is not None:
            raise ArgumentError(
                f"{keyword}: event type {name} is in the event catalogue, so "
                "'undocumented=True' is not needed: remove it, and its content filters are checked."
            )
        if not name or any(ch.isspace() for ch in name):
            raise ArgumentError(
                f"{keyword}: event type {value!r} is not an event type name "
                "(a name such as 'AgentEvent_linkagePhoneHold', without spaces)."
            )
        return None
    if row is None:
        close = eventtypes.closest(name)
        hint = f"did you mean {close[0]}? " if close else ""
        hint += f"(Close too: {', '.join(close[1:])}.) " if len(close) > 1 else ""
        raise ArgumentError(
            f"{keyword}: {name!r} is not an event type of the event catalogue: {hint}Event types are "
            "case-sensitive. To wait for an event type the documentation does not list, add "
            "'undocumented=True'."
        )
    return row


def filters(
    row: eventtypes.EventType | None, name: str, given: dict[str, Any], keyword: str, options: tuple[str, ...]
) -> Wanted:
    """Split ``given`` (the keyword's free named arguments) into the content filters of ``name`` and
    fail on anything that is not one: a misspelled option, ``content=`` on a type whose content is not
    a plain string, a field the type does not have."""
    wanted = Wanted(name)
    for key, value in given.items():
        not_an_option(key, keyword, options, row)
        if key == "content":
            if row is not None and row.shape != eventtypes.TEXT:
                raise ArgumentError(
                    f"{keyword}: 'content=' matches a content that is a plain string, but "
                    f"{name} has {shape(row)}.{_use_fields(row)}"
                )
            wanted.content = value
        elif row is None or key in row.fields:
            wanted.fields[key] = value
        else:
            raise ArgumentError(
                f"{keyword}: {name} has no content field {key!r}: {shape(row)}."
                f"{_did_you_mean(key, row)}{_use_fields(row) if row.shape != eventtypes.OBJECT else ''}"
            )
    return wanted


def since(value: Any, keyword: str) -> str:
    key = " ".join(str(value).strip().lower().replace("_", " ").split())
    if key not in SINCE:
        raise ArgumentError(
            f"{keyword}: argument 'since' is {value!r}; allowed: 'last step' (default: events "
            "that arrived after the agent's latest step began) or 'test start'."
        )
    return SINCE[key]


def not_an_option(key: str, keyword: str, options: tuple[str, ...], row=None) -> None:
    """Fail when ``key`` is (close to) an option name rather than a field of ``row``."""
    if key == "content" or (row is not None and key in row.fields):
        return
    if key in OPTIONS:  # an option of another event keyword
        raise ArgumentError(f"{keyword} has no option '{key}='; its options: {', '.join(o + '=' for o in options)}.")
    close = difflib.get_close_matches(key.lower(), OPTIONS, n=1, cutoff=0.6)
    if close:
        allowed = close[0] if close[0] in options else None
        hint = f"did you mean {allowed}=?" if allowed else f"its options: {', '.join(o + '=' for o in options)}."
        raise ArgumentError(
            f"{keyword}: '{key}=' is not an option, and it is not taken as a content filter either: {hint}"
        )


def shape(row: eventtypes.EventType | None) -> str:
    if row is None:
        return "a content the event catalogue does not describe"
    if row.shape == eventtypes.OBJECT:
        return f"an object content with the fields {', '.join(row.fields)}"
    if row.shape == eventtypes.TEXT:
        return f"a plain-string content, the {row.text}"
    return "no content (null), so it takes no content filter"


def _use_fields(row: eventtypes.EventType) -> str:
    if row.shape == eventtypes.OBJECT:
        key = next((f for f in ("callid", "callId", "confId") if f in row.fields), row.fields[0])
        return f" Filter on a field instead, e.g. {key}=..."
    if row.shape == eventtypes.TEXT:
        return f" Filter it with content=... (the {row.text})."
    return ""


def _did_you_mean(key: str, row: eventtypes.EventType) -> str:
    by_lower = {f.lower(): f for f in row.fields}
    close = difflib.get_close_matches(key.lower(), by_lower, n=1, cutoff=0.6)
    return f" Did you mean {by_lower[close[0]]}=?" if close else ""
