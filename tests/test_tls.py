"""TLS and session security: verification is on by default; a wrong CA or host name fails saying so;
verify=False warns once; the simulator listens on 127.0.0.1 unless told otherwise; Guids are unguessable and
one agent's Guid cannot act for another."""

from __future__ import annotations

import os
import uuid
import warnings

import pytest
import trustme
from robot import run
from robot.api import ExecutionResult
from urllib3.exceptions import InsecureRequestWarning

from CCGatewayLibrary import CCGatewayLibrary
from CCGatewayLibrary import interfaces as api
from CCGatewayLibrary.client import GatewayClient, GatewayConnectionError, GatewayError
from CCGatewayLibrary.simulator import GatewayModel, SimulatorServer
from CCGatewayLibrary.simulator.cli import _parser

from conftest import control

SIGN_IN = {"password": "", "phonenum": "", "status": 4, "phonelinkage": False, "autoanswer": False}


class OtherHostSimulator(SimulatorServer):
    """A simulator whose certificate names only gateway.example, reached as 127.0.0.1: a wrong host name."""

    def _make_tls(self) -> dict:
        import tempfile

        self._tmpdir = tempfile.mkdtemp(prefix="ccgateway-wrong-host-")
        ca = trustme.CA()
        server_pem = os.path.join(self._tmpdir, "server.pem")
        ca.issue_cert("gateway.example").private_key_and_cert_chain_pem.write_to_path(server_pem)
        self.ca_bundle = os.path.join(self._tmpdir, "ca.pem")
        ca.cert_pem.write_to_path(self.ca_bundle)
        return {"ssl_certfile": server_pem, "ssl_keyfile": server_pem}


def test_verification_is_on_by_default():
    assert GatewayClient("https://10.0.0.5:8043").verify is True
    assert CCGatewayLibrary().verify is True


def test_the_default_verification_refuses_an_unknown_ca(sim):
    with pytest.raises(GatewayConnectionError) as error:
        GatewayClient(sim.url, timeout=3).call(api.SIGN_IN, "101", body=SIGN_IN)
    assert "certificate verification failed" in str(error.value) and sim.url in str(error.value)


def test_a_wrong_ca_bundle_fails_saying_verification_failed(sim, tmp_path):
    other_ca = tmp_path / "other-ca.pem"
    trustme.CA().cert_pem.write_to_path(str(other_ca))
    client = GatewayClient(sim.url, verify=str(other_ca), timeout=3)
    with pytest.raises(GatewayConnectionError) as error:
        client.call(api.SIGN_IN, "101", body=SIGN_IN)
    assert str(error.value).startswith(
        f"Sign In Agent: PUT {sim.url}/agentgateway/resource/onlineagent/101 got no "
        "answer: TLS failed: certificate verification failed (wrong or missing CA "
        "bundle? see verify=)"
    )
    assert control(sim, "GET", "/requests") == []  # nothing got through


def test_a_wrong_host_name_fails_saying_the_certificate_does_not_match():
    with OtherHostSimulator() as server:
        client = GatewayClient(server.url, verify=server.ca_bundle, timeout=3)
        with pytest.raises(GatewayConnectionError) as error:
            client.call(api.SIGN_IN, "101", body=SIGN_IN)
        assert "TLS failed: the certificate does not match the host name" in str(error.value)
        library = CCGatewayLibrary(timeout="3 s")
        library.connect(server.url, server.ca_bundle)
        with pytest.raises(GatewayConnectionError, match="does not match the host name"):
            library.run_keyword("sign_in_agent", ["101"], {})
        library.close()


def test_verify_false_warns_once_and_not_per_request(sim):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        client = GatewayClient(sim.url, verify=False, timeout=3)
        session, _ = client.sign_in("101", SIGN_IN)
        for _ in range(3):
            client.call(api.AGENT_STATUS, "101", session=session)
        session.stream.stop(wait=5)  # its polls warn (or not) inside this block too
        client.close()
    insecure = [str(w.message) for w in caught if issubclass(w.category, InsecureRequestWarning)]
    assert insecure == [
        f"TLS certificate verification is off for {sim.url} (verify=False): the gateway's identity is not checked."
    ]


def test_verify_false_logs_one_warning_in_a_robot_run(tmp_path):
    suite = tmp_path / "insecure.robot"
    suite.write_text(
        """*** Settings ***
Library    CCGatewayLibrary

*** Test Cases ***
Unverified Connection
    ${url} =    Start Gateway Simulator    poll_wait=0.5 s
    Connect To Gateway    ${url}    verify=False
    Sign In Agent    101
    Wait For Agent Event    101    AgentState_Ready
    Run Keyword And Expect Error    200-017*    Drop Call    101
    Run Keyword And Expect Error    200-017*    Drop Call    101
    [Teardown]    Run Keywords    Sign Out All Agents    AND    Stop Gateway Simulator
""",
        encoding="utf-8",
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rc = run(str(suite), outputdir=str(tmp_path), console="none", report="NONE", log="NONE")
    assert rc == 0
    result = ExecutionResult(str(tmp_path / "output.xml"))
    warned = [m.message for m in result.errors.messages if m.level == "WARN"]
    assert len(warned) == 1 and "TLS certificate verification is off" in warned[0]
    assert [str(w.message) for w in caught if issubclass(w.category, InsecureRequestWarning)] == []


def test_the_simulator_listens_on_loopback_unless_told_otherwise():
    assert _parser().parse_args([]).host == "127.0.0.1"
    with SimulatorServer() as server:
        assert server.url.startswith("https://127.0.0.1:")
        addresses = {sock.getsockname()[0] for s in server._server.servers for sock in s.sockets}
        assert addresses == {"127.0.0.1"}


def test_guids_are_random_uuid4s_never_repeated():
    model = GatewayModel()
    guids = []
    for i in range(400):
        agent_id = str(1000 + i)
        guid, _ = model.sign_in(agent_id)
        guids.append(guid)
        model.sign_out(agent_id)
    assert len(set(guids)) == len(guids)
    values = [uuid.UUID(g.split(".", 1)[0]) for g in guids]
    assert all(v.version == 4 for v in values)
    # 122 random bits each: every bit is set in about half of the Guids (7 standard deviations of margin)
    random_bits = [i for i in range(128) if not (48 <= i < 52 or 64 <= i < 66)]
    for bit in random_bits:
        share = sum((v.int >> (127 - bit)) & 1 for v in values) / len(values)
        assert 0.32 < share < 0.68, f"bit {bit} is set in {share:.0%} of the Guids"


def test_a_guid_acts_only_for_its_own_agent_even_after_a_rotation(client, sim):
    first, _ = client.sign_in("101", SIGN_IN)
    second, _ = client.sign_in("102", SIGN_IN)
    before = first.guid
    control(sim, "POST", "/agents/101/rotate-guid")
    control(sim, "POST", "/inbound-calls", {"agent_id": "101"})  # an event: the next poll brings the new Guid
    import time

    deadline = time.monotonic() + 5
    while first.guid == before and time.monotonic() < deadline:
        time.sleep(0.02)
    assert first.guid != before
    from CCGatewayLibrary.client import AgentSession

    for guid in (before, first.guid):  # the previous Guid (still valid for 101) and the current one
        with pytest.raises(GatewayError, match="^100-006"):
            client.call(api.AGENT_STATUS, "102", session=AgentSession("102", guid))
    assert client.call(api.AGENT_STATUS, "102", session=second)["retcode"] == "0"
