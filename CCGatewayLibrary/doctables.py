"""Tables for the library's introduction, generated from the interface table and the retcode catalogue so the
keyword documentation cannot drift from what the library and the simulator do. No Robot Framework here."""

from __future__ import annotations

from . import interfaces
from .retcodes import CATALOGUE

_SOURCES = {"doc": "documented", "demo": "Huawei's web demo", "simulator": "simulator's choice"}


def retcode_table() -> list[str]:
    """Rows in Robot Framework's documentation syntax: retcode, meaning, where the meaning comes from, and
    the keywords whose interface documents that retcode."""
    rows = ["| =Retcode= | =Meaning= | =Source of the meaning= | =Keywords that can fail with it= |"]
    for code, entry in CATALOGUE.items():
        if code == "0":
            continue
        labels = sorted({iface.label for iface in interfaces.ALL if code in iface.retcodes})
        keywords = ", ".join(f"`{label}`" for label in labels) or "-"
        rows.append(f"| {code} | {entry.meaning} | {_SOURCES.get(entry.source, entry.source)} | {keywords} |")
    return rows


def fill(doc: str, placeholder: str, rows: list[str]) -> str:
    """Replace the line holding ``placeholder`` with ``rows``, indented like that line (docstrings keep
    their indentation before Python 3.13 and lose it after; both work)."""
    lines = doc.split("\n")
    for i, line in enumerate(lines):
        if line.strip() == placeholder:
            indent = line[: len(line) - len(line.lstrip())]
            lines[i : i + 1] = [indent + row for row in rows]
            return "\n".join(lines)
    raise ValueError(f"{placeholder} is not in the documentation")


def event_table() -> list[str]:
    """Rows in Robot Framework's documentation syntax: every event type of the event catalogue, what it
    means, its content (the fields a content filter may name) and where that is documented."""
    from .eventtypes import CATALOGUE as EVENTS

    rows = ["| =Event type= | =Meaning= | =Content (filters)= | =Source= |"]
    for row in EVENTS.values():
        if row.shape == "object":
            content = "object: " + ", ".join(f"``{f}``" for f in row.fields)
        elif row.shape == "text":
            content = f"plain string, the {row.text}: ``content=``"
        else:
            content = "null (no filter)"
        source = row.source + ("" if row.confirmed else " (content UNCONFIRMED)")
        rows.append(f"| ``{row.name}`` | {row.meaning} | {content} | {source} |")
    return rows
