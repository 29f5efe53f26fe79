"""The keyword documentation is the testers' manual: every keyword documents itself fully, libdoc builds,
and the committed docs/ (HTML for people, JSON spec for editors) are fresh."""

import importlib.util
import json
import re
from pathlib import Path

import pytest
from robot.libdoc import libdoc

from CCGatewayLibrary import CCGatewayLibrary
from CCGatewayLibrary import interfaces as api
from CCGatewayLibrary.retcodes import CATALOGUE

ROOT = Path(__file__).resolve().parent.parent
INTRO_SECTIONS = (
    "Agents and sessions",
    "Calls and the five interfaces",
    "Waiting for events",
    "Timeouts and time format",
    "Errors and retcodes",
    "Logging and secrets",
    "The simulator",
    "Running in parallel",
    "Running against a real gateway",
)


@pytest.fixture(scope="module")
def spec(tmp_path_factory):
    out = tmp_path_factory.mktemp("libdoc") / "CCGatewayLibrary.json"
    libdoc("CCGatewayLibrary", str(out), format="JSON", specdocformat="RAW", quiet=True)
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def docs_builder():
    loader = importlib.util.spec_from_file_location("docs_build", ROOT / "docs" / "build.py")
    module = importlib.util.module_from_spec(loader)
    loader.loader.exec_module(module)
    return module


def keyword_doc(spec, name):
    return next(kw for kw in spec["keywords"] if kw["name"] == name)


def test_libdoc_builds_html(tmp_path):
    out = tmp_path / "CCGatewayLibrary.html"
    libdoc("CCGatewayLibrary", str(out), quiet=True)
    assert "Wait For Agent Event" in out.read_text(encoding="utf-8")


def test_every_keyword_is_in_the_spec(spec):
    assert sorted(kw["name"] for kw in spec["keywords"]) == sorted(kw["name"] for kw in spec["keywords"] if kw["name"])
    assert len(spec["keywords"]) == len(CCGatewayLibrary().get_keyword_names())


def test_every_keyword_has_a_one_line_summary(spec):
    for kw in spec["keywords"]:
        first_line = kw["doc"].split("\n", 1)[0].strip()
        assert kw["shortdoc"] == first_line, f"{kw['name']}: the summary must be the first line, alone"
        assert first_line.endswith(".") and len(first_line) >= 20, f"{kw['name']}: summary {first_line!r}"


def test_every_keyword_documents_each_argument_in_its_table(spec):
    for kw in spec["keywords"]:
        doc = kw["doc"]
        assert "| =Argument= | =Description= |" in doc or not kw["args"], f"{kw['name']}: argument table"
        for arg in (a for a in kw["args"] if a["name"]):  # the '*' before keyword-only arguments has none
            prefix = {"VAR_POSITIONAL": "*", "VAR_NAMED": "**"}.get(arg["kind"], "")
            rows = [f"| ``{arg['name']}`` |", f"| ``{prefix}{arg['name']}`` |"]
            assert any(row in doc for row in rows), f"{kw['name']}: argument {arg['name']} has no table row"


def test_every_keyword_has_an_example_in_robot_syntax(spec):
    for kw in spec["keywords"]:
        example = kw["doc"].split("Example:", 1)
        assert len(example) == 2, f"{kw['name']}: no Example:"
        rows = [line for line in example[1].splitlines() if line.startswith("| ")]
        assert rows and any(f"`{kw['name']}`" in row for row in rows), f"{kw['name']}: the example must use it"


def test_every_keyword_says_when_it_fails_and_what_it_calls(spec):
    for kw in spec["keywords"]:
        doc = kw["doc"]
        assert re.search(r"\b[Ff]ail", doc), f"{kw['name']}: when it fails"
        assert re.search(r"\bCalls\b", doc), f"{kw['name']}: which interface it calls, or that it calls none"


INTERFACES_BY_KEYWORD = {}
for _interface in api.ALL:
    INTERFACES_BY_KEYWORD.setdefault(_interface.label, []).append(_interface)


@pytest.mark.parametrize("name", sorted(INTERFACES_BY_KEYWORD))
def test_keywords_document_their_interface_and_every_retcode_it_can_answer(spec, name):
    doc = keyword_doc(spec, name)["doc"]
    for interface in INTERFACES_BY_KEYWORD[name]:
        assert f"{interface.method} " in doc, f"{name}: method of {interface.log_name}"
        assert interface.template in doc, f"{name}: URI {interface.template}"
        assert f"``{interface.log_name}``" in doc, f"{name}: method name in logs {interface.log_name}"
        for code in interface.retcodes:
            assert code in doc, f"{name}: retcode {code} of {interface.log_name} is not documented"


def test_every_interface_belongs_to_a_keyword(spec):
    names = {kw["name"] for kw in spec["keywords"]}
    assert set(INTERFACES_BY_KEYWORD) <= names


def test_library_intro_has_the_sections_a_tester_needs(spec):
    for section in INTRO_SECTIONS:
        assert f"\n= {section} =\n" in spec["doc"], section


def test_library_intro_lists_every_retcode_of_the_catalogue_with_its_meaning(spec):
    rows = {
        line.split("|")[1].strip(): line
        for line in spec["doc"].splitlines()
        if re.match(r"\| [0-9]{3}-[0-9]{3} \|", line)
    }
    assert set(rows) == set(CATALOGUE) - {"0"}
    for code, entry in CATALOGUE.items():
        if code != "0":
            assert f"| {entry.meaning} |" in rows[code]
    assert "`Drop Call`" in rows["200-017"] and "simulator's choice" in rows["200-023"]


def test_committed_docs_are_fresh(docs_builder, tmp_path):
    built = docs_builder.build(tmp_path)
    for path in built:
        committed = ROOT / "docs" / path.name
        assert committed.is_file(), f"docs/{path.name} is missing: run 'python docs/build.py'"
        fresh = docs_builder.without_timestamp(path.read_text(encoding="utf-8"))
        if docs_builder.without_timestamp(committed.read_text(encoding="utf-8")) != fresh:  # no slow diff
            pytest.fail(f"docs/{path.name} is stale: run 'python docs/build.py' and commit the result")


def test_json_spec_is_what_editors_read(docs_builder, tmp_path):
    spec = json.loads((ROOT / "docs" / "CCGatewayLibrary.json").read_text(encoding="utf-8"))
    assert spec["specversion"] >= 3 and spec["name"] == "CCGatewayLibrary" and spec["scope"] == "GLOBAL"
    assert spec["docFormat"] == "HTML"
    assert all(not kw["source"].startswith("/") for kw in spec["keywords"])  # no machine's paths
    get_state = next(kw for kw in spec["keywords"] if kw["name"] == "Get Agent State")
    assert [a["name"] for a in get_state["args"]][:3] == ["agent_id", "assertion_operator", "assertion_expected"]
    assert any(t["name"] == "AssertionOperator" for t in spec["typedocs"])
