"""The suites keep proving what their names say (issue 14, item 3), checked over the suites' model.

Three rules, over suites/ with the user keywords of resources/ resolved:

1. Every ``Run Keyword And Expect Error`` expects a specific error: not ``*`` or another glob that matches
   nearly anything, any retcode it names is a documented one (the retcode catalogue), and a test whose
   name says ``Fails With 100-006`` expects an error that starts with that retcode.
2. Every action of CCGatewayLibrary (a keyword tagged ``Action`` or ``Setup`` in libdoc, but not
   ``Cleanup``) is followed, before the next action and before the test ends, by a wait or an assertion
   that proves it: ``Wait For ...``, any ``... Should ...`` keyword, a getter given an assertion operator,
   or ``Run Keyword And Expect Error`` (whose keyword is the step, and the expected error its proof).
3. A suite named after an interface keyword (``drop_call.robot`` tests ``Drop Call``) waits, after each
   successful call of that keyword, for every event the keyword's documentation lists under "Triggered
   events", unless the test is listed in ``TRIGGERED_EVENT_EXCEPTIONS`` with the reason.

``test_the_check_fails_on_weakened_suites`` proves the check catches the two edits the issue found no test
catching, on a modified copy of suites/.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from assertionengine import AssertionOperator
from robot import api as robot_api
from robot.libdocpkg import LibraryDocumentation
from robot.running.builder import ResourceFileBuilder
from robot.utils import normalize

from CCGatewayLibrary.retcodes import CATALOGUE as RETCODES

ROOT = Path(__file__).resolve().parent.parent
EXPECT_ERROR = "runkeywordandexpecterror"
_RETCODE = re.compile(r"\b\d{3}-\d{3}\b")
_NAMED_RETCODE = re.compile(r"\bFails With (\d{3}-\d{3})\b", re.IGNORECASE)
_MIN_LITERAL = 7  # characters of an expected error that are not glob characters: as long as '100-006'

# (suite file, test) -> (events not awaited, why). A test here proves less than the interface's full set
# of triggered events on purpose.
TRIGGERED_EVENT_EXCEPTIONS: dict[tuple[str, str], tuple[set[str], str]] = {
    ("release_number.robot", "Releasing The Third Party Of A Three-Party Call"): (
        {"AgentEvent_Call_Release"},
        "the agent stays in the call with the customer: only the released party "
        "leaves (AgentEvent_Customer_Release); the test then drops the call",
    ),
}


def _norm(name: str) -> str:
    return normalize(name, ignore="_")


@lru_cache(maxsize=1)
def _library():
    """Action keywords and the documented triggered events of each keyword, from libdoc."""
    doc = LibraryDocumentation("CCGatewayLibrary")
    actions = {_norm(kw.name) for kw in doc.keywords if {"Action", "Setup"} & set(kw.tags) and "Cleanup" not in kw.tags}
    triggered = {}
    for kw in doc.keywords:
        match = re.search(r"Triggered events:(.*?)(?:\(|\.\s|\.$)", kw.doc, re.DOTALL)
        if match:
            triggered[_norm(kw.name)] = set(re.findall(r"``(\w+)``", match.group(1)))
    getters = {_norm(kw.name) for kw in doc.keywords if {"Getter", "Assertion"} <= set(kw.tags)}
    return actions, triggered, getters, {kw.name for kw in doc.keywords}


_OPERATORS = {_norm(op) for op in AssertionOperator.__members__}


@dataclass
class Step:
    name: str  # as written
    args: tuple
    where: str  # "file:line" (inside user keywords: the keyword's line)
    expect: str | None = None  # the expected error of Run Keyword And Expect Error


def _user_keywords(suite) -> dict:
    """The suite's own keywords and those of the resource files it imports, recursively, by name."""
    found, seen = {}, set()

    def add(resource, base: Path):
        for kw in resource.keywords:
            found.setdefault(_norm(kw.name), kw)
        for imp in resource.imports:
            if imp.type == "RESOURCE":
                path = (base / imp.name).resolve()
                if path not in seen and path.exists():
                    seen.add(path)
                    add(ResourceFileBuilder().build(path), path.parent)

    add(suite.resource, Path(suite.source).parent if suite.source else ROOT)
    return found


def _steps(body, keywords, source, depth=0):
    """The library and BuiltIn calls a body makes, in order, user keywords and control structures
    expanded (a loop's body once, every branch of an IF or TRY in turn)."""
    for item in body:
        kind = getattr(item, "type", None)
        if kind == "KEYWORD":
            yield from _call(item.name, tuple(item.args), f"{source}:{item.lineno}", keywords, depth)
        elif kind in ("FOR", "WHILE", "ITERATION", "GROUP"):
            yield from _steps(item.body, keywords, source, depth)
        elif kind in ("IF/ELSE ROOT", "TRY/EXCEPT ROOT"):
            for branch in item.body:
                yield from _steps(branch.body, keywords, source, depth)


def _call(name, args, where, keywords, depth):
    key = _norm(name.split(".")[-1])
    if key == "runkeywords":
        group: list = []
        for arg in (*args, "AND"):
            if arg == "AND":
                if group:
                    yield from _call(group[0], tuple(group[1:]), where, keywords, depth)
                group = []
            else:
                group.append(arg)
    elif key == EXPECT_ERROR:
        yield Step(args[1] if len(args) > 1 else "", tuple(args[2:]), where, expect=args[0] if args else "")
    elif key in keywords and depth < 20:
        kw = keywords[key]
        yield from _steps(kw.body, keywords, f"{Path(kw.source).name if kw.source else '?'}", depth + 1)
    else:
        yield Step(name, args, where)


def _is_proof(step: Step) -> bool:
    _, _, getters, _ = _library()
    key = _norm(step.name)
    if step.expect is not None or key.startswith("waitfor") or "should" in key:
        return True
    return key in getters and any(_norm(str(arg)) in _OPERATORS for arg in step.args[1:])


def _tests(suite):
    yield from ((suite, test) for test in suite.tests)
    for child in suite.suites:
        yield from _tests(child)


def check_suites(suites_dir: Path) -> list[str]:
    """Every place the suites in ``suites_dir`` do not prove what they say, one message each."""
    actions, triggered, _, library_names = _library()
    interface_of = {_norm(name): name for name in library_names}
    problems = []
    root = robot_api.TestSuiteBuilder().build(str(suites_dir))
    for suite, test in _tests(root):
        keywords = _user_keywords(suite)
        source = Path(suite.source).name
        label = f"{source}: '{test.name}'"
        body = [*([test.setup] if test.setup and test.setup.name else []), *test.body]
        steps = list(_steps(body, keywords, source))
        # Rule 1: expected errors are specific and documented.
        named = _NAMED_RETCODE.search(test.name)
        expected = [s.expect for s in steps if s.expect is not None]
        for pattern in expected:
            literal = re.sub(r"[*?\s]|\[[^\]]*\]", "", pattern)
            if len(literal) < _MIN_LITERAL:
                problems.append(f"{label} expects the error {pattern!r}, which matches nearly any error")
            for code in _RETCODE.findall(pattern):
                if code not in RETCODES:
                    problems.append(f"{label} expects retcode {code}, which is not a documented retcode")
        if named and not any(p.startswith(named.group(1)) for p in expected):
            problems.append(
                f"{label} says it fails with {named.group(1)} but expects no error starting with it "
                f"(expected: {expected or 'none'})"
            )
        # Rule 2: every action is followed by its proof before the next action.
        pending: Step | None = None
        for step in steps:
            if _is_proof(step):
                pending = None
            elif _norm(step.name) in actions:
                if pending is not None:
                    problems.append(
                        f"{label}: '{pending.name}' ({pending.where}) is not followed by a wait or "
                        f"assertion before '{step.name}' ({step.where})"
                    )
                pending = step
        if pending is not None:
            problems.append(
                f"{label}: '{pending.name}' ({pending.where}) is the test's last step and nothing proves it"
            )
        # Rule 3: a suite named after an interface keyword waits for the events it documents.
        interface = _norm(Path(suite.source).stem) if suite.source else ""
        if interface in triggered and Path(suite.source).is_file():
            excused, _ = TRIGGERED_EVENT_EXCEPTIONS.get((source, test.name), (set(), ""))
            for index, step in enumerate(steps):
                if _norm(step.name) != interface or step.expect is not None:
                    continue
                awaited = set()
                for later in steps[index + 1 :]:
                    if _norm(later.name) in actions:
                        break
                    if _norm(later.name) == "waitforagentevent" and len(later.args) > 1:
                        awaited.add(str(later.args[1]))
                    elif _norm(later.name) in ("waitforagentevents", "waitforagenteventsinorder"):
                        awaited.update(str(arg) for arg in later.args[1:] if "=" not in str(arg))
                missing = triggered[interface] - awaited - excused
                if missing:
                    problems.append(
                        f"{label}: after '{interface_of[interface]}' ({step.where}) it does not wait "
                        f"for {', '.join(sorted(missing))}, which the keyword's documentation says "
                        "it triggers"
                    )
    return problems


def test_every_suite_proves_what_it_says():
    assert check_suites(ROOT / "suites") == []


def _copy_suites(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "suites", tmp_path / "suites")
    shutil.copytree(ROOT / "resources", tmp_path / "resources")
    return tmp_path / "suites"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path.name}: {old!r} occurs {text.count(old)} times"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_check_fails_on_weakened_suites(tmp_path):
    suites = _copy_suites(tmp_path)
    assert check_suites(suites) == []
    # The two edits that no test caught (issue 14).
    _edit(
        suites / "drop_call.robot",
        "Run Keyword And Expect Error    100-006*    Drop Call",
        "Run Keyword And Expect Error    *    Drop Call",
    )
    _edit(
        suites / "drop_call.robot",
        "    AgentEvent_Call_Release    AgentEvent_Customer_Release    callid=${call}\n"
        "    Wait For Agent Events In Order",
        "    AgentEvent_Call_Release\n    Wait For Agent Events In Order",
    )
    problems = check_suites(suites)
    assert any(
        "'Drop Call For An Agent That Is Not Signed In Fails With 100-006' expects the error '*'" in p for p in problems
    ), problems
    assert any(
        "'Inbound Call Answered Then Dropped': after 'Drop Call'" in p and "AgentEvent_Customer_Release" in p
        for p in problems
    ), problems
    assert len(problems) == 3, problems  # the weakened pattern also no longer names 100-006


def test_the_check_fails_on_an_unproven_action_and_a_vague_or_undocumented_error(tmp_path):
    suites = _copy_suites(tmp_path)
    # An action whose wait is gone, inside a resource keyword: the next action follows unproven.
    _edit(
        tmp_path / "resources" / "calls.resource",
        "    Put Call On Hold    ${agent}\n    Wait For Agent Event    ${agent}    AgentEvent_Hold    content=${call}\n",
        "    Put Call On Hold    ${agent}\n",
    )
    _edit(suites / "hold_call.robot", "Run Keyword And Expect Error    200-014*", "Run Keyword And Expect Error    2*")
    _edit(
        suites / "hold_call.robot",
        "Run Keyword And Expect Error    200-013*",
        "Run Keyword And Expect Error    200-999: the agent*",
    )
    problems = check_suites(suites)
    assert any(
        "'Put Call On Hold' (calls.resource" in p and "is not followed by a wait or assertion" in p for p in problems
    ), problems
    assert any("expects the error '2*', which matches nearly any error" in p for p in problems), problems
    assert any("expects retcode 200-999, which is not a documented retcode" in p for p in problems), problems
    assert any("says it fails with 200-013 but expects no error starting with it" in p for p in problems), problems


def test_actions_are_derived_from_the_library_tags():
    actions, triggered, getters, _ = _library()
    for name in (
        "Sign In Agent",
        "Make Call",
        "Answer Call",
        "Drop Call",
        "Hold Call",
        "Release Number",
        "Reject Ringing Call",
        "Release Agent Conference",
        "Put Call On Hold",
        "Retrieve Held Call",
        "Join Held Call To Conference",
        "Request Internal Help",
        "Request Agent Conference",
        "Simulate Inbound Call",
        "Simulate Customer Hang Up",
    ):
        assert _norm(name) in actions, name
    for name in ("Sign Out All Agents", "Wait For Agent Event", "Get Agent State", "Start Gateway Simulator"):
        assert _norm(name) not in actions, name
    assert {"AgentEvent_Call_Release", "AgentEvent_Customer_Release"} <= triggered["dropcall"]
    assert "getagentstate" in getters
