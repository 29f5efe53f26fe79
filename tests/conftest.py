import os
from pathlib import Path

import pytest
import requests

from CCGatewayLibrary.client import GatewayClient

ROOT = Path(__file__).resolve().parent.parent
# Tests test the working tree: pytest's pythonpath covers this process, PYTHONPATH the robot and pabot
# processes that tests start.
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))


@pytest.fixture(scope="session")
def simulator():
    """One HTTPS simulator for the whole test session, with a short long-poll wait."""
    from CCGatewayLibrary.simulator import SimulatorServer

    server = SimulatorServer(poll_wait=0.5)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def sim(simulator):
    """The shared simulator, reset before each test."""
    requests.post(f"{simulator.url}/simulator/reset", verify=simulator.ca_bundle, timeout=5).raise_for_status()
    requests.delete(f"{simulator.url}/simulator/requests", verify=simulator.ca_bundle, timeout=5)
    return simulator


@pytest.fixture
def client(sim):
    c = GatewayClient(sim.url, verify=sim.ca_bundle, timeout=5)
    yield c
    c.close()


def control(sim, method, path, body=None):
    response = requests.request(method, f"{sim.url}/simulator{path}", json=body, verify=sim.ca_bundle, timeout=5)
    answer = response.json()
    assert answer["retcode"] == "0", answer
    return answer["result"]
