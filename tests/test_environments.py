"""Secrets and environments: passwords given as Robot Framework Secrets reach the gateway and no log; the
variable files in resources/environments/ run the suites against a gateway given by environment variables."""

from __future__ import annotations

import os
import runpy
import warnings
from pathlib import Path

import pytest
from robot import run
from robot.api import ExecutionResult
from robot.api.types import Secret

from CCGatewayLibrary.keywords import agents
from CCGatewayLibrary.simulator import GatewayModel, SimulatorServer

ROOT = Path(__file__).resolve().parent.parent
ENVIRONMENTS = ROOT / "resources" / "environments"
PASSWORD = "Pw-7f3a91c2-not-for-logs"


def test_a_secret_password_is_unwrapped_without_warning(monkeypatch):
    warned = []
    monkeypatch.setattr(agents.logger, "warn", warned.append)
    assert agents._password(Secret(PASSWORD)) == PASSWORD
    assert agents._password("") == ""
    assert warned == []


def test_a_plain_password_still_works_with_a_warning(monkeypatch):
    warned = []
    monkeypatch.setattr(agents.logger, "warn", warned.append)
    assert agents._password(PASSWORD) == PASSWORD
    assert len(warned) == 1 and "Secret" in warned[0] and PASSWORD not in warned[0]


def lab_variables(monkeypatch, **env):
    for name in [n for n in os.environ if n.startswith("CCGW_")]:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ENVIRONMENTS / "lab_gateway.py"))["get_variables"]()


def test_lab_gateway_variables_come_from_the_environment(monkeypatch):
    variables = lab_variables(
        monkeypatch,
        CCGW_URL="https://10.0.0.5:8043",
        CCGW_AGENTS="2001, 2002,2003",
        CCGW_CA_BUNDLE="/etc/lab-ca.pem",
        CCGW_PASSWORD="shared",
        CCGW_PASSWORD_2002="own",
        CCGW_CONSULTED_PARTY="70001",
    )
    assert variables["GATEWAY_URL"] == "https://10.0.0.5:8043" and variables["CA_BUNDLE"] == "/etc/lab-ca.pem"
    assert [variables[f"AGENT_{x}"] for x in "ABC"] == ["2001", "2002", "2003"]
    passwords = variables["AGENT_PASSWORDS"]
    assert all(isinstance(p, Secret) for p in passwords.values())
    assert {agent: p.value for agent, p in passwords.items()} == {"2002": "own"}
    assert isinstance(variables["AGENT_PASSWORD"], Secret) and variables["AGENT_PASSWORD"].value == "shared"
    assert "shared" not in repr(variables) and "own" not in repr(variables)
    assert variables["CONSULTED_PARTY"] == "70001" and "THIRD_PARTY" not in variables


@pytest.mark.parametrize(
    "env, complaint",
    [
        ({"CCGW_AGENTS": "2001,2002,2003"}, "CCGW_URL is not set"),
        ({"CCGW_URL": "https://gw:8043"}, "CCGW_AGENTS is not set"),
        ({"CCGW_URL": "https://gw:8043", "CCGW_AGENTS": "2001,abc"}, "three agent IDs"),
    ],
)
def test_lab_gateway_variables_say_what_is_missing(monkeypatch, env, complaint):
    with pytest.raises(ValueError, match=complaint):
        lab_variables(monkeypatch, **env)


def test_simulator_variables_select_the_embedded_simulator():
    variables = runpy.run_path(str(ENVIRONMENTS / "simulator.py"))
    assert variables["GATEWAY_URL"] == "" and variables["AGENT_PASSWORDS"] == {}
    assert variables["AGENT_PASSWORD"] == ""


def test_suites_run_against_a_gateway_from_the_lab_variable_file_and_log_no_password(monkeypatch, tmp_path):
    """A standalone simulator that checks passwords stands in for the lab gateway: the suites reach it by URL
    and CA bundle, sign in with Secret passwords (a wrong one would fail with 100-004), and no log shows them,
    not even at TRACE level."""
    passwords = {"2001": PASSWORD, "2002": PASSWORD + "-b", "2003": PASSWORD}
    server = SimulatorServer(poll_wait=0.5, model=GatewayModel(passwords=passwords))
    url = server.start()
    try:
        lab_variables(
            monkeypatch,
            CCGW_URL=url,
            CCGW_CA_BUNDLE=server.ca_bundle,
            CCGW_AGENTS="2001,2002,2003",
            CCGW_PASSWORD=PASSWORD,
            CCGW_PASSWORD_2002=PASSWORD + "-b",
            CCGW_NOT_SIGNED_IN="2999",
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            rc = run(
                str(ROOT / "suites"),
                variablefile=[str(ENVIRONMENTS / "lab_gateway.py")],
                exclude=["simulator"],
                outputdir=str(tmp_path),
                loglevel="TRACE",
                console="none",
                log="log.html",
                report="NONE",
            )
    finally:
        server.stop()
    result = ExecutionResult(str(tmp_path / "output.xml"))
    failed = [f"{t.longname}: {t.message}" for t in _tests(result.suite) if t.status != "PASS"]
    assert failed == [] and rc == 0
    assert result.statistics.total.passed >= 8
    for name in ("output.xml", "log.html"):
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert PASSWORD not in text, f"the password is in {name}"
        assert "2001" in text  # the agents did run there
    assert "Secret(value=&lt;secret&gt;)" in (tmp_path / "output.xml").read_text(encoding="utf-8")  # TRACE args


def _tests(suite):
    yield from suite.tests
    for child in suite.suites:
        yield from _tests(child)
