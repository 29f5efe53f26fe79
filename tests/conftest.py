import os
from pathlib import Path

import pytest
import requests

from CCGatewayLibrary import control as sim_control
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
    for entry in (sim_control.RESET, sim_control.CLEAR_REQUESTS):
        requests.request(entry.method, simulator.url + entry.path(), verify=simulator.ca_bundle,
                         timeout=5).raise_for_status()
    return simulator


@pytest.fixture
def client(sim):
    c = GatewayClient(sim.url, verify=sim.ca_bundle, timeout=5)
    yield c
    c.close()


def control(sim, method, path, body=None):
    """A control API request by method and path below the control API's base path; its result."""
    url = sim.url + sim_control.BASE_PATH + path
    response = requests.request(method, url, json=body, verify=sim.ca_bundle, timeout=5)
    answer = response.json()
    assert answer["retcode"] == "0", answer
    return answer["result"]
