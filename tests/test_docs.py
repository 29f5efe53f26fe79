"""The keyword documentation is the testers' manual: every keyword documents itself fully, and libdoc builds."""

import json

import pytest
from robot.libdoc import libdoc

from CCGatewayLibrary import CCGatewayLibrary


@pytest.fixture(scope="module")
def spec(tmp_path_factory):
    out = tmp_path_factory.mktemp("libdoc") / "CCGatewayLibrary.json"
    libdoc("CCGatewayLibrary", str(out), format="JSON", specdocformat="RAW")
    return json.loads(out.read_text(encoding="utf-8"))


def test_libdoc_builds_html(tmp_path):
    out = tmp_path / "CCGatewayLibrary.html"
    libdoc("CCGatewayLibrary", str(out))
    assert "Wait For Agent Event" in out.read_text(encoding="utf-8")


def test_every_keyword_is_documented(spec):
    names = {kw["name"] for kw in spec["keywords"]}
    assert len(names) == len(CCGatewayLibrary().get_keyword_names())
    for kw in spec["keywords"]:
        doc = kw["doc"]
        assert kw["shortdoc"].endswith("."), f"{kw['name']}: summary line"
        assert "Example:" in doc, f"{kw['name']}: example"
        for arg in kw["args"]:
            if arg["name"]:
                assert arg["name"] in doc, f"{kw['name']}: argument {arg['name']} undocumented"
        assert "Fail" in doc or "fail" in doc, f"{kw['name']}: when it fails"


SEED_KEYWORDS = {
    "Hold Call": ("POST", "/voicecall/{agentid}/connecthold/{callid}", "connectHold", ["200-013", "200-014"]),
    "Drop Call": ("DELETE", "/voicecall/{agentid}/release", "release", ["200-017"]),
    "Release Number": ("POST", "/voicecall/{agentid}/disconnect/{number}", "disconnect", ["200-023", "200-024"]),
    "Reject Ringing Call": ("POST", "/voicecall/{agentid}/phonehangup", "phonehangup", ["100-007"]),
    "Release Agent Conference": ("POST", "/agentconf/{agentid}/releaseagentconf", "releaseAgentConf",
                                 ["101-001", "101-002"]),
}


@pytest.mark.parametrize("name", sorted(SEED_KEYWORDS))
def test_seed_keywords_document_their_interface_and_retcodes(spec, name):
    method, template, log_name, retcodes = SEED_KEYWORDS[name]
    doc = next(kw["doc"] for kw in spec["keywords"] if kw["name"] == name)
    assert method in doc and template in doc and log_name in doc
    for code in ["100-006", *retcodes]:
        assert code in doc


def test_library_intro_has_the_sections_a_tester_needs(spec):
    for section in ("Agents and sessions", "Waiting for events", "Timeouts and time format",
                    "Errors and retcodes", "Logging and secrets", "The simulator", "Running against a real gateway"):
        assert f"= {section} =" in spec["doc"]
