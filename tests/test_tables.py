"""The interface table and the control table drive everything: every interface of the table is routed and
served by the simulator, has a keyword and a model method; the five seed interfaces are in the table as their
pages write them; the control API's paths are written only in its table."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import pytest
import requests

from CCGatewayLibrary import CCGatewayLibrary, control
from CCGatewayLibrary import interfaces as api
from CCGatewayLibrary.simulator import GatewayModel

from conftest import ROOT
from conftest import control as control_request

# The five seed pages (shared/seeds/), as they write them: "Interface Method", "URI" (below
# https://ip:port) and "Method Name in Logs". Written out here, not built from interfaces.py.
SEED_INTERFACES = [
    ("POST", "/agentgateway/resource/voicecall/{agentid}/disconnect/{number}", "disconnect"),  # 000
    ("DELETE", "/agentgateway/resource/voicecall/{agentid}/release", "release"),  # 001, URI 1
    ("DELETE", "/agentgateway/resource/voicecall/{agentid}", "releaseEx"),  # 001, URI 2 (legacy)
    ("POST", "/agentgateway/resource/voicecall/{agentid}/phonehangup", "phonehangup"),  # 002
    ("POST", "/agentgateway/resource/agentconf/{agentid}/releaseagentconf", "releaseAgentConf"),  # 003
    ("POST", "/agentgateway/resource/voicecall/{agentid}/connecthold/{callid}", "connectHold"),  # 004
]
EXAMPLE = {
    "agentid": "101",
    "callid": "1456401416-3",
    "number": "13800000001",
    "time": "600",
    "restcause": "0",
    "isautoanswer": "true",
    "flag": "true",
    "autoflag": "true",
}


def fill(template: str) -> str:
    return re.sub(r"{(\w+)}", lambda m: EXAMPLE[m.group(1)], template)


@pytest.mark.parametrize("method, uri, log_name", SEED_INTERFACES, ids=[s[2] for s in SEED_INTERFACES])
def test_the_seed_interfaces_are_in_the_table_as_their_pages_write_them(sim, method, uri, log_name):
    assert (method, uri, log_name) in [(i.method, i.route, i.log_name) for i in api.ALL]
    response = requests.request(method, sim.url + fill(uri), verify=sim.ca_bundle, timeout=5)
    assert response.status_code == 200 and response.json()["retcode"] == "100-006"  # routed; no Guid sent
    assert [r["interface"] for r in control_request(sim, "GET", "/requests")] == [log_name]


@pytest.mark.parametrize("iface", api.ALL, ids=[i.log_name for i in api.ALL])
def test_every_interface_is_routed_and_served_by_the_simulator(sim, iface):
    response = requests.request(iface.method, sim.url + fill(iface.route), json={}, verify=sim.ca_bundle, timeout=5)
    answer = response.json()
    assert response.status_code == 200, answer
    # Without a Guid every interface is refused 100-006, but sign-in, which has no Guid to send.
    assert answer["retcode"] == ("100-006" if iface.guid else "0"), answer
    assert [r["interface"] for r in control_request(sim, "GET", "/requests")] == [iface.log_name]


def test_every_interface_has_a_keyword_that_names_it():
    library = CCGatewayLibrary()
    names = set(library.get_keyword_names())
    for iface in api.ALL:
        keyword = iface.label.lower().replace(" ", "_")
        assert keyword in names, iface.label
        assert iface.log_name in library.get_keyword_documentation(keyword), (iface.label, iface.log_name)


def test_every_interface_has_a_model_method_taking_its_fields():
    for iface in api.ALL:
        method = getattr(GatewayModel, iface.model, None)
        assert callable(method), (iface.log_name, iface.model)
        fields = [f for f in iface.placeholders + iface.query + iface.body if f.argument is not None]
        if iface.result != api.EVENT:  # the poll hands out queued events; it reads no field
            inspect.signature(method).bind(None, "101", **{f.argument: f.example for f in fields})


def test_the_simulator_documents_every_interface_and_control_request(sim):
    paths = requests.get(sim.url + control.OPENAPI.path(), verify=sim.ca_bundle, timeout=5).json()["paths"]
    for iface in api.ALL:
        operation = paths[iface.route][iface.method.lower()]
        assert [p["name"] for p in operation["parameters"] if p["in"] == "query"] == [f.name for f in iface.query]
        body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("example", {})
        assert list(body) == [f.name for f in iface.body]
    for entry in control.ALL:
        assert entry.method.lower() in paths[entry.route]


def _code_strings(path: Path) -> list[tuple[int, str]]:
    """The string constants of a Python file that are code, not docstrings (f-string parts included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def test_control_paths_are_written_only_in_the_control_table():
    pieces = {control.BASE_PATH} | {
        piece for entry in control.ALL for piece in re.split(r"{\w+}", entry.template) if len(piece) > 1
    }
    files = [p for p in (ROOT / "CCGatewayLibrary").rglob("*.py") if p.name != "control.py"]
    files.append(ROOT / "tests" / "conftest.py")
    spelled = [
        f"{path.relative_to(ROOT)}:{line}: {text!r}"
        for path in files
        for line, text in _code_strings(path)
        if any(re.search(re.escape(piece) + r"(?![\w-])", text) for piece in pieces)
    ]  # /reset, not /resetskill
    assert spelled == []
    assert len(pieces) > 10  # the check looks for every control path, not for nothing
