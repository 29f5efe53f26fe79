"""A raw RequestsLibrary client written from the documentation alone (tests/robot/raw_client.robot)
passes against the simulator with its documented defaults and a short Guid interval."""

from pathlib import Path

from robot import run
from robot.api import ExecutionResult

from CCGatewayLibrary.simulator import SimulatorServer
from tests.fidelity_marks import fidelity

SUITE = Path(__file__).resolve().parent / "robot" / "raw_client.robot"


@fidelity("auth-set-guid-on-poll", "poll-one-event", "seed001-events", "seed-methods-only")
def test_the_raw_client_suite_passes_against_the_simulator(tmp_path):
    with SimulatorServer(poll_wait=0.2, guid_interval=0.3, guid_timeout=0.8) as server:
        rc = run(
            str(SUITE),
            outputdir=str(tmp_path),
            console="none",
            loglevel="DEBUG",
            variable=[f"GATEWAY_URL:{server.url}", f"CA_BUNDLE:{server.ca_bundle}"],
        )
    result = ExecutionResult(str(tmp_path / "output.xml"))
    failed = [f"{t.name}: {t.message}" for t in result.suite.tests if t.status != "PASS"]
    assert failed == [] and rc == 0
    assert result.statistics.total.passed == 6
