"""Recordings and the drift report (CCGatewayLibrary/evidence): the same suite recorded twice against the
simulator shows no drift; recorded against the simulator with documented behaviours switched (a lost
event, two events swapped, a slow answer: the faults of ``Inject Gateway Fault``, injected through the
simulator's control API so that the suite itself is unchanged), the drift report names exactly those
differences. And a recording of every suite in suites/ holds no Guid, password or phone number."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import requests
from robot import run

from CCGatewayLibrary.evidence import cli, drift, recording
from CCGatewayLibrary.simulator import GatewayModel, SimulatorServer

ROOT = Path(__file__).resolve().parent.parent
TEST = """{name}
    Sign In Agent    {agent}
    Wait For Agent Event    {agent}    AgentState_Ready
    ${{call}} =    Simulate Inbound Call    {agent}    caller=13800000001
    Wait For Agent Event    {agent}    AgentEvent_Ringing    callid=${{call}}
    Answer Call    {agent}
    Wait For Agent Event    {agent}    AgentEvent_Talking    callid=${{call}}
    Drop Call    {agent}
    Wait For Agent Event    {agent}    AgentEvent_Call_Release    content=${{call}}
    Wait For Agent Event    {agent}    AgentState_Ready

"""
SUITE = """*** Settings ***
Library             CCGatewayLibrary
Suite Setup         Connect To Gateway    ${URL}    verify=${CA}
Test Teardown       Sign Out All Agents

*** Test Cases ***
""" + "".join(TEST.format(name=f"Call Of Agent {agent}", agent=agent) for agent in (101, 102, 103))


@pytest.fixture(scope="module")
def server():
    server = SimulatorServer(poll_wait=0.5)
    server.start()
    yield server
    server.stop()


def record(server, tmp_path: Path, name: str, faults=()) -> Path:
    requests.post(f"{server.url}/simulator/reset", verify=server.ca_bundle, timeout=5).raise_for_status()
    for fault in faults:
        answer = requests.post(f"{server.url}/simulator/faults", json=fault, verify=server.ca_bundle, timeout=5)
        assert answer.json()["retcode"] == "0", answer.text
    suite = tmp_path / "drift.robot"
    suite.write_text(SUITE, encoding="utf-8")
    out = tmp_path / name
    rc = run(
        str(suite),
        outputdir=str(out),
        console="none",
        variable=[f"URL:{server.url}", f"CA:{server.ca_bundle}"],
        listener=[f"CCGatewayLibrary.evidence.Record:{name}.recording.json"],
    )
    assert rc == 0
    return out / f"{name}.recording.json"


def test_drift_report_names_exactly_the_behaviours_switched(server, tmp_path):
    lab = recording.load(record(server, tmp_path, "lab"))
    again = recording.load(record(server, tmp_path, "again"))
    assert [t["test"] for t in lab["tests"]] == [f"Drift.Call Of Agent {a}" for a in (101, 102, 103)]
    assert drift.compare(lab, again, slower_ms=400) == []  # the same gateway: no drift

    switched_path = record(
        server,
        tmp_path,
        "switched",
        faults=[
            {"kind": "drop event", "agent": "102", "count": 1},  # loses 102's first event, AgentOther_InService
            {"kind": "reorder events", "agent": "103", "count": 1},  # swaps 103's first two events
            {"kind": "latency", "agent": "101", "interface": "answer", "seconds": 1.0, "count": 1},
        ],
    )
    switched = recording.load(switched_path)
    found = sorted((d.test, d.step, d.kind, d.detail) for d in drift.compare(lab, switched, slower_ms=400))
    assert [f[:3] for f in found] == [
        (
            "Drift.Call Of Agent 101",
            "5 Answer Call",
            "slower",
        ),  # the answer came 1 s late ...
        (
            "Drift.Call Of Agent 101",
            "5 Answer Call",
            "slower",
        ),  # ... and so did AgentEvent_Customer_Alerting
        (
            "Drift.Call Of Agent 101",
            "5 Answer Call",
            "slower",
        ),  # ... and AgentEvent_Talking after it
        ("Drift.Call Of Agent 102", "1 Sign In Agent", "missing event"),
        ("Drift.Call Of Agent 103", "1 Sign In Agent", "order"),
    ], found
    details = [f[3] for f in found]
    assert details[0].startswith("PUT /agentgateway/resource/voicecall/{agentid}/answer: A ")
    assert details[0].endswith(" ms (B much slower)")
    assert details[1].startswith(
        "agent 1: AgentEvent_Customer_Alerting after PUT /agentgateway/resource/voicecall/{agentid}/answer: A "
    )
    assert details[2].startswith(
        "agent 1: AgentEvent_Talking after PUT /agentgateway/resource/voicecall/{agentid}/answer: A "
    )
    assert details[3] == "agent 1: AgentOther_InService in A only"
    # The swapped pair: AgentState_Ready came first, AgentOther_InService only with the next event (one per poll).
    assert details[4] == (
        "agent 1: AgentOther_InService came after step 1 Sign In Agent in A, after step 3 Simulate Inbound Call in B"
    )

    # The command: text on stdout, HTML and JSON reports, and an exit status for pipelines.
    html, as_json = tmp_path / "drift.html", tmp_path / "drift.json"
    assert (
        cli.main(
            [
                "drift",
                str(tmp_path / "lab"),
                str(switched_path),
                "--slower-ms",
                "400",
                "--html",
                str(html),
                "--json",
                str(as_json),
                "--fail-on-drift",
            ]
        )
        == 1
    )
    data = json.loads(as_json.read_text(encoding="utf-8"))
    assert data["tests_compared"] == 3 and data["tests_differing"] == 3
    assert data["counts"] == {"slower": 3, "missing event": 1, "order": 1}
    page = html.read_text(encoding="utf-8")
    assert "<h3>Drift.Call Of Agent 102</h3>" in page and "AgentOther_InService in A only" in page
    assert (
        cli.main(["drift", str(tmp_path / "lab"), str(tmp_path / "again"), "--slower-ms", "400", "--fail-on-drift"])
        == 0
    )


PASSWORDS = {"2001": "Pw-7e1c22b0-secret", "2002": "Pw-90aa4c1d-secret", "2003": "Pw-3f5d6e77-secret"}
NUMBERS = {"CCGW_CUSTOMER": "13912345678", "CCGW_CONSULTED_PARTY": "70001", "CCGW_THIRD_PARTY": "70002"}


def test_a_recording_of_every_suite_holds_no_guid_password_or_phone_number(monkeypatch, tmp_path):
    model = GatewayModel(passwords=PASSWORDS)
    issued: set[str] = set()
    for name in ("sign_in", "poll_guid"):
        method = getattr(model, name)

        def wrapper(*args, _method=method, **kwargs):
            result = _method(*args, **kwargs)
            guid = result[0] if isinstance(result, tuple) else result
            if guid:
                issued.add(guid)
            return result

        setattr(model, name, wrapper)
    server = SimulatorServer(poll_wait=0.5, model=model)
    url = server.start()
    monkeypatch.delenv("CCGW_PASSWORD", raising=False)
    monkeypatch.setenv("CCGW_URL", url)
    monkeypatch.setenv("CCGW_CA_BUNDLE", server.ca_bundle)
    monkeypatch.setenv("CCGW_AGENTS", ",".join(PASSWORDS))
    monkeypatch.setenv("CCGW_NOT_SIGNED_IN", "2999")
    for agent, password in PASSWORDS.items():
        monkeypatch.setenv(f"CCGW_PASSWORD_{agent}", password)
    for name, number in NUMBERS.items():
        monkeypatch.setenv(name, number)
    try:
        rc = run(
            str(ROOT / "suites"),
            variablefile=[str(ROOT / "resources" / "environments" / "lab_gateway.py")],
            outputdir=str(tmp_path),
            console="none",
            log="NONE",
            report="NONE",
            listener=["CCGatewayLibrary.evidence.Record"],
        )
    finally:
        server.stop()
    assert rc == 0
    path = tmp_path / "ccgateway.recording.json"
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    assert len(data["tests"]) >= 40 and len(issued) >= 30  # every suite ran, many Guids were handed out
    assert sum(len(s["requests"]) for t in data["tests"] for s in t["steps"]) > 200
    secrets = sorted(issued) + [g.split(".", 1)[0] for g in issued] + list(PASSWORDS.values())
    secrets += list(NUMBERS.values()) + list(PASSWORDS)  # agent IDs are replaced by "agent 1", "agent 2"...
    leaked = [s for s in secrets if s in text]
    assert leaked == [], f"the recording shows {len(leaked)} secret(s), e.g. {leaked[0][:4]}..."

    def strings(value):
        if isinstance(value, dict):
            for key, item in value.items():
                yield str(key)
                yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)
        elif isinstance(value, str):
            yield value

    assert [s for s in strings(data) if re.search(r"\d{5,}", s) and s != data["recorded"]] == []
