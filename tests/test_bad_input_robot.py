"""Bad input through Robot Framework itself: a generated suite calls the keywords with more than 200
invalid values, so Robot's own argument conversion runs first (``${None}`` and ``${True}`` included).
Every one must fail naming the argument and what is allowed, with no Python exception name in the message,
and the simulator's request log must stay empty: nothing went on the wire. Import arguments are checked
the same way, each in a suite of its own, and must fail the import naming the argument (the run goes on)."""

from __future__ import annotations

import re

import pytest
from robot import run
from robot.api import ExecutionResult

from conftest import control

TOO_LONG = "1" * 25
# Values written as Robot syntax (used as they are) or as text (given through a variable file, so no
# escaping can change them). A string is text; a Robot cell is marked with R(...).


class R(str):
    """A value written as Robot Framework syntax, e.g. ${None}."""


SPECIAL = [R("${None}"), R("${True}"), R("${False}"), R("${1.5}"), R("${EMPTY}")]
AGENT_IDS = [
    "100",
    "1000000",
    "abc",
    " 101",
    "101 ",
    "1 01",
    "0101",
    "-101",
    "+101",
    "101.0",
    "1e3",
    "\u0661\u0660\u0661",
    "\uff11\uff10\uff11",
    "101/../102",
    "101?x=1",
    "101#",
    "99",
    "0",
    *SPECIAL,
]
CALL_IDS = [
    "a/b",
    "a?b",
    "a#b",
    "..",
    "../x",
    "a b",
    "\u547c\u53eb-1",
    "a" * 65,
    "-1",
    "a.b",
    "%2e%2e",
    "1456401416-3\n",
    "x/../y",
    "a&b=c",
    "_x",
    R("${None}"),
    R("${True}"),
    R("${False}"),
    R("${1.5}"),
]
NUMBERS = [
    TOO_LONG,
    "12a",
    "+8613800000001",
    "-1",
    "138 0000",
    "\uff11\uff12\uff13",
    "1.5",
    "12/34",
    "%31",
    "\u0661\u0662",
    R("${None}"),
    R("${True}"),
    R("${EMPTY}"),
]
TIMES = [
    "inf",
    "-inf",
    "nan",
    "99999999 days",
    "\uff11 s",
    "\u0661 s",
    "-1 s",
    "abc",
    "1 fortnight",
    "1e400",
    "25 h",
    R("${True}"),
    R("${False}"),
]
VERIFY = ["/missing/ca.pem", "no", "off", "0", "None", "yes", "/nonexistent/dir/", R("${1}"), R("${1.5}")]
URLS = [
    "ftp://gateway:8043",
    "not a url",
    "https://",
    "https://admin:pw-secret@",
    "//gateway:8043",
    "https://gate way:8043",
    R("${EMPTY}"),
    R("${None}"),
    R("${True}"),
]

# (keyword, arguments before the bad value, the bad value's argument name (None: positional), after, name)
CASES: list[tuple[str, list, str | None, list, str]] = []
for value in AGENT_IDS:
    for keyword in (
        "Drop Call",
        "Reject Ringing Call",
        "Put Call On Hold",
        "Sign Out Agent",
        "Release Agent Conference",
    ):
        CASES.append((keyword, [], None, [value], "agent_id"))
for value in ["60000", "59999x"]:
    CASES.append(("Drop Call", [], None, [value], "agent_id"))  # the older interfaces stop at 59999
for value in CALL_IDS:
    for keyword in ("Hold Call", "Retrieve Held Call", "Join Held Call To Conference", "Answer Call"):
        if not (keyword == "Answer Call" and value == "${None}"):  # its call ID is optional: None = none
            CASES.append((keyword, ["101"], None, [value], "call_id"))
    CASES.append(("Simulate Customer Hang Up", [], None, [value], "call_id"))
for value in NUMBERS:
    CASES.append(("Release Number", ["101"], None, [value], "number"))
    CASES.append(("Make Call", ["101"], None, [value], "called"))
for value in TIMES:
    CASES.append(("Wait For Agent Event", ["101", "AgentState_Ready"], "timeout", [value], "timeout"))
    CASES.append(("Agent Event Should Not Occur", ["101", "AgentState_Ready"], "within", [value], "within"))
    CASES.append(("Set Gateway Idle Timeout", [], None, [value], "timeout"))
    CASES.append(("Set Event Poller Backoff", [], "first", [value], "first"))
    CASES.append(("Set Event Poller Backoff", [], "maximum", [value], "maximum"))
for value in VERIFY:
    CASES.append(("Connect To Gateway", ["https://10.0.0.5:8043"], "verify", [value], "verify"))
for value in URLS:
    CASES.append(("Connect To Gateway", [], None, [value], "url"))
CASES += [
    ("Sign In Agent", ["101"], "status", ["sleeping"], "status"),
    (
        "Sign In Agent",
        [
            "101",
            "",
        ],
        None,
        ["7010a"],
        "phone_number",
    ),
    ("Request Internal Help", ["101"], None, ["abc"], "helper_agent_id"),
    ("Request Internal Help", ["101", "102"], "mode", ["four-party"], "mode"),
    ("Set Remote Party Behaviour", ["13800000001"], None, ["maybe"], "behaviour"),
    ("Inject Gateway Fault", [], None, ["earthquake"], "kind"),
    ("Set Event Poller Backoff", ["1 s"], None, ["10 ms"], "maximum"),
    ("Set Event Poller Backoff", [], "first", ["0 s"], "first"),
    ("Set Event Poller Backoff", [], "empty_poll_pause", ["2 min"], "empty_poll_pause"),
    ("Inject Gateway Fault", ["latency"], "latency", ["inf"], "latency"),
    ("Inject Gateway Fault", ["latency"], "duration", ["\uff13 s"], "duration"),
]
RAW_EXCEPTION = re.compile(r"\b[A-Z]\w*(Error|Exception)\b")


def _cell(value: str, variables: dict[str, str]) -> str:
    if isinstance(value, R):
        return str(value)
    name = f"V{len(variables)}"
    variables[name] = value
    return "${" + name + "}"


def _suite(tmp_path, settings: str, cases) -> tuple:
    variables: dict[str, str] = {}
    lines = ["*** Settings ***", settings, "Variables    values.py", "", "*** Test Cases ***"]
    for number, (keyword, before, named, values, argument) in enumerate(cases):
        cells = [_cell(v, variables) if not isinstance(v, R) else str(v) for v in before]
        bad = [_cell(v, variables) for v in values]
        cells += [f"{named}={bad[0]}"] if named else bad
        lines += [
            f"Case {number:03d} {keyword} {argument}",
            "    [Tags]    " + argument,
            "    " + "    ".join([keyword, *cells]),
        ]
    (tmp_path / "values.py").write_text("".join(f"{k} = {v!r}\n" for k, v in variables.items()), encoding="utf-8")
    (tmp_path / "bad_input.robot").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path / "bad_input.robot"


def test_there_are_at_least_200_bad_inputs():
    assert len(CASES) >= 200


def test_every_bad_input_through_robot_fails_naming_the_argument_with_nothing_on_the_wire(sim, tmp_path):
    settings = f"Library    CCGatewayLibrary    url={sim.url}    verify={sim.ca_bundle}    timeout=3 s"
    suite = _suite(tmp_path, settings, CASES)
    run(str(suite), outputdir=str(tmp_path), console="none", report="NONE", log="NONE")
    result = ExecutionResult(str(tmp_path / "output.xml"))
    tests = list(result.suite.all_tests)
    assert len(tests) == len(CASES)
    wrong = []
    for test, (_keyword, _, _, values, argument) in zip(tests, CASES, strict=True):
        message = test.message
        if (
            test.status != "FAIL"
            or f"argument '{argument}' " not in message
            or "allowed:" not in message
            or RAW_EXCEPTION.search(message)
            or "pw-secret" in message
        ):
            wrong.append(f"{test.name} {values!r}: {test.status} {message[:200]}")
    assert wrong == []
    assert control(sim, "GET", "/requests") == []  # the simulator saw nothing


IMPORTS = [
    ("timeout", "0"),
    ("timeout", "abc"),
    ("timeout", "inf"),
    ("timeout", "${True}"),
    ("timeout", "\uff11\uff10 s"),
    ("timeout", "99999999 days"),
    ("verify", "/missing/ca.pem"),
    ("verify", "off"),
    ("url", "ftp://gateway"),
    ("url", "https://admin:pw-secret@"),
    ("max_response_size", "lots"),
    ("max_response_size", "0"),
    ("max_response_size", "${True}"),
]


@pytest.mark.parametrize("argument, value", IMPORTS)
def test_a_bad_import_argument_fails_the_import_naming_it_and_the_run_goes_on(tmp_path, argument, value):
    suite = tmp_path / "import.robot"
    suite.write_text(
        f"*** Settings ***\nLibrary    CCGatewayLibrary    {argument}={value}\n\n"
        "*** Test Cases ***\nRuns\n    Log    the run went on\n",
        encoding="utf-8",
    )
    rc = run(str(suite), outputdir=str(tmp_path), console="none", report="NONE", log="NONE")
    result = ExecutionResult(str(tmp_path / "output.xml"))
    errors = [m.message for m in result.errors.messages if m.level == "ERROR"]
    assert rc == 0 and result.suite.statistics.passed == 1  # the suite ran
    assert len(errors) == 1 and f"Library CCGatewayLibrary: argument '{argument}' is " in errors[0]
    assert "pw-secret" not in errors[0].partition(" failed: ")[2]  # Robot itself echoes the import's arguments


@pytest.mark.parametrize("value", ["${EMPTY}", "${None}"])
def test_an_empty_or_none_verify_means_on_at_import_and_on_connect(tmp_path, value):
    suite = tmp_path / "verify.robot"
    suite.write_text(
        f"""*** Settings ***
Library    CCGatewayLibrary    url=https://10.0.0.5:8043    verify={value}

*** Test Cases ***
Import
    ${{lib}} =    Get Library Instance    CCGatewayLibrary
    Should Be True    $lib.verify is True and $lib.client.verify is True
Connect
    Connect To Gateway    https://10.0.0.5:8043    verify={value}
    ${{lib}} =    Get Library Instance    CCGatewayLibrary
    Should Be True    $lib.client.verify is True
""",
        encoding="utf-8",
    )
    rc = run(str(suite), outputdir=str(tmp_path), console="none", report="NONE", log="NONE")
    result = ExecutionResult(str(tmp_path / "output.xml"))
    assert rc == 0, [t.message for t in result.suite.all_tests]
    assert not [m.message for m in result.errors.messages if m.level == "WARN"]  # no "verification is off"
