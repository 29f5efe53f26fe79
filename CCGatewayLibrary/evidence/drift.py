"""The drift report: where two recordings of the same suites differ (typically the user's lab gateway, A,
against the bundled simulator, B), per test and step: another retcode, an event missing or extra, another
order of an agent's events, another content shape, much slower, a step or request missing or extra.

Steps are matched by keyword in order (``difflib``), requests within a step by method and URI template,
events per agent (events of different agents have no documented order between them)."""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import asdict, dataclass

KINDS = (
    "status",
    "missing test",
    "extra test",
    "missing step",
    "extra step",
    "missing request",
    "extra request",
    "retcode",
    "missing event",
    "extra event",
    "order",
    "shape",
    "slower",
)


@dataclass(frozen=True)
class Difference:
    test: str
    step: str  # "3 Drop Call" (numbered as in A), or "" for the whole test
    kind: str
    detail: str


def compare(a: dict, b: dict, slower_factor: float = 3.0, slower_ms: float = 250.0) -> list[Difference]:
    """Every difference between recordings ``a`` and ``b``. A time is "much slower" when it is at least
    ``slower_factor`` times the other and at least ``slower_ms`` more."""
    differences: list[Difference] = []
    tests_b = {t["test"]: t for t in b["tests"]}
    names_a = {t["test"] for t in a["tests"]}
    for test_a in a["tests"]:
        test_b = tests_b.get(test_a["test"])
        if test_b is None:
            differences.append(Difference(test_a["test"], "", "missing test", "recorded in A only"))
            continue
        differences.extend(_compare_test(test_a, test_b, slower_factor, slower_ms))
    for test_b in b["tests"]:
        if test_b["test"] not in names_a:
            differences.append(Difference(test_b["test"], "", "extra test", "recorded in B only"))
    return differences


def _compare_test(a: dict, b: dict, factor: float, margin: float) -> list[Difference]:
    name, found = a["test"], []
    if a["status"] != b["status"]:
        found.append(Difference(name, "", "status", f"A {a['status']}, B {b['status']}"))
    keys_a = [s["keyword"] for s in a["steps"]]
    keys_b = [s["keyword"] for s in b["steps"]]
    matcher = difflib.SequenceMatcher(a=keys_a, b=keys_b, autojunk=False)
    moved: list[tuple[str, str, str, str]] = []  # (kind, agent, event type, step label)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for step_a, step_b in zip(a["steps"][i1:i2], b["steps"][j1:j2]):
                found.extend(_compare_step(name, step_a, step_b, factor, margin, moved))
            continue
        for step in a["steps"][i1:i2]:
            found.append(Difference(name, _label(step), "missing step", "in A only"))
        for step in b["steps"][j1:j2]:
            found.append(Difference(name, _label(step, "B"), "extra step", "in B only"))
    return found + _events_moved(name, moved)


def _events_moved(test: str, moved: list[tuple[str, str, str, str]]) -> list[Difference]:
    """An event missing after one step and extra after another (same agent and type) came in another order:
    one "order" difference, not two. The rest stay missing or extra."""
    extra = [m for m in moved if m[0] == "extra"]
    found = []
    for kind, agent, event_type, step in moved:
        if kind != "missing":
            continue
        match = next((m for m in extra if m[1:3] == (agent, event_type)), None)
        if match is None:
            found.append(Difference(test, step, "missing event", f"{agent}: {event_type} in A only"))
            continue
        extra.remove(match)
        found.append(
            Difference(
                test, step, "order", f"{agent}: {event_type} came after step {step} in A, after step {match[3]} in B"
            )
        )
    found += [
        Difference(test, step, "extra event", f"{agent}: {event_type} in B only")
        for _, agent, event_type, step in extra
    ]
    return found


def _label(step: dict, side: str = "") -> str:
    return f"{side}{step['step']} {step['keyword']}"


def _compare_step(
    test: str, a: dict, b: dict, factor: float, margin: float, moved: list[tuple[str, str, str, str]]
) -> list[Difference]:
    where, found = _label(a), []

    def add(kind: str, detail: str) -> None:
        found.append(Difference(test, where, kind, detail))

    if a.get("failed") != b.get("failed"):
        add(
            "status",
            f"the step {'failed' if a.get('failed') else 'passed'} in A "
            f"({a.get('failure') or 'no failure'}), {'failed' if b.get('failed') else 'passed'} in B "
            f"({b.get('failure') or 'no failure'})",
        )
    keys_a = [(r["method"], r["uri"]) for r in a["requests"]]
    keys_b = [(r["method"], r["uri"]) for r in b["requests"]]
    matcher = difflib.SequenceMatcher(a=keys_a, b=keys_b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for ra, rb in zip(a["requests"][i1:i2], b["requests"][j1:j2]):
                request = f"{ra['method']} {ra['uri']}"
                if ra["retcode"] != rb["retcode"]:
                    add("retcode", f"{request}: A {ra['retcode']}, B {rb['retcode']}")
                slow = _slower(ra["elapsed_ms"], rb["elapsed_ms"], factor, margin)
                if slow:
                    add("slower", f"{request}: {slow}")
            continue
        for r in a["requests"][i1:i2]:
            add("missing request", f"{r['method']} {r['uri']} (retcode {r['retcode']}) in A only")
        for r in b["requests"][j1:j2]:
            add("extra request", f"{r['method']} {r['uri']} (retcode {r['retcode']}) in B only")
    agents = sorted({e["agent"] for e in a["events"]} | {e["agent"] for e in b["events"]})
    for agent in agents:
        events_a = [e for e in a["events"] if e["agent"] == agent]
        events_b = [e for e in b["events"] if e["agent"] == agent]
        types_a, types_b = Counter(e["type"] for e in events_a), Counter(e["type"] for e in events_b)
        for kind, extra in (("missing", types_a - types_b), ("extra", types_b - types_a)):
            for event_type, count in sorted(extra.items()):
                moved.extend([(kind, agent, event_type, where)] * count)  # reported by _events_moved
        common = types_a & types_b
        seq_a = _keep(events_a, common)
        seq_b = _keep(events_b, common)
        if [e["type"] for e in seq_a] != [e["type"] for e in seq_b]:
            add("order", f"{agent}: A {' → '.join(e['type'] for e in seq_a)}; B {' → '.join(e['type'] for e in seq_b)}")
        pairs_b: dict[str, list[dict]] = {}
        for event in seq_b:
            pairs_b.setdefault(event["type"], []).append(event)
        for event in seq_a:
            other = pairs_b[event["type"]].pop(0)
            if event["shape"] != other["shape"]:
                add("shape", f"{agent}: {event['type']} content A {_show(event['shape'])}, B {_show(other['shape'])}")
            slow = _slower(event["after_ms"], other["after_ms"], factor, margin)
            if slow:
                add("slower", f"{agent}: {event['type']} after {event['after']}: {slow}")
    return found


def _keep(events: list[dict], common: Counter) -> list[dict]:
    budget, kept = Counter(common), []
    for event in events:
        if budget[event["type"]] > 0:
            budget[event["type"]] -= 1
            kept.append(event)
    return kept


def _slower(ms_a: float, ms_b: float, factor: float, margin: float) -> str:
    low, high = sorted((ms_a, ms_b))
    if high - low >= margin and high >= factor * max(low, 0.1):
        return f"A {ms_a:.0f} ms, B {ms_b:.0f} ms ({'B' if ms_b > ms_a else 'A'} much slower)"
    return ""


def _show(shape) -> str:
    if isinstance(shape, dict):
        return "{" + ", ".join(f"{k}: {_show(v)}" for k, v in shape.items()) + "}"
    return str(shape)


def as_json(differences: list[Difference], a: dict, b: dict) -> dict:
    tests = sorted({d.test for d in differences})
    return {
        "format": "ccgateway-drift/1",
        "a": a.get("files", []),
        "b": b.get("files", []),
        "tests_compared": len({t["test"] for t in a["tests"]} & {t["test"] for t in b["tests"]}),
        "tests_differing": len(tests),
        "counts": dict(Counter(d.kind for d in differences)),
        "differences": [asdict(d) for d in differences],
    }


def as_text(differences: list[Difference]) -> str:
    if not differences:
        return "No drift: the two recordings agree on every test, step, retcode, event, order and shape."
    lines, test = [], None
    for d in differences:
        if d.test != test:
            test = d.test
            lines.append(test)
        lines.append(f"  {d.step or '(test)'}: {d.kind}: {d.detail}")
    return "\n".join(lines)
