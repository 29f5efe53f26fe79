import os
from pathlib import Path

import pytest
import requests

from CCGatewayLibrary import control as sim_control
from CCGatewayLibrary.client import GatewayClient
from CCGatewayLibrary.client.deadline import DeadlineAdapter

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
        requests.request(
            entry.method, simulator.url + entry.path(), verify=simulator.ca_bundle, timeout=5
        ).raise_for_status()
    return simulator


@pytest.fixture
def adapter_sends(monkeypatch) -> list:
    """The URLs requests' transport adapter (the library's DeadlineAdapter) sent: the path a request takes
    when it does not go directly on a kept-alive connection (client/poll_connection.py)."""
    sent: list = []
    original = DeadlineAdapter.send

    def send(self, request, **kwargs):
        sent.append(request.url)
        return original(self, request, **kwargs)

    monkeypatch.setattr(DeadlineAdapter, "send", send)
    return sent


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


# Test tiers, assigned here in one place (README and CONTRIBUTING.md): `pytest -m "not acceptance and not slow"`
# is the fast unit subset. A module named with None is marked whole, else only the tests named.
ACCEPTANCE = {  # run suites/ through robot or pabot, or drive headless Chromium
    "test_suites.py": None,
    "test_pabot.py": None,
    "test_browser.py": None,
    "test_evidence_browser.py": None,
    "test_evidence_drift.py": {"test_a_recording_of_every_suite_holds_no_guid_password_or_phone_number"},
    "test_evidence_coverage.py": {"test_coverage_merges_the_parts_of_pabot_processes"},
    "test_secrets.py": {"test_no_guid_and_no_password_reach_output_xml_or_log_html_at_trace_level"},
    "test_environments.py": {"test_suites_run_against_a_gateway_from_the_lab_variable_file_and_log_no_password"},
    "test_project.py": {
        "test_suites_pass_a_dry_run_without_pabot",
        "test_a_robot_process_started_by_a_test_imports_the_tree",
    },
}
SLOW = {  # lint tools, and tests that wait out a back-off, an idle timeout or a process on purpose
    "test_lint.py": None,
    "test_flowlog_memory.py": None,
    "test_hardening.py": {
        "test_a_trickling_answer_is_cut_at_the_timeout",
        "test_clean_up_against_a_dead_gateway_is_bounded_not_agents_times_timeout",
    },
    "test_faults.py": {
        "test_the_poller_backs_off_to_at_most_one_poll_every_two_seconds",
        "test_an_agent_whose_polls_fail_past_the_idle_timeout_is_signed_out_and_told",
        "test_empty_polls_answered_at_once_do_not_make_the_poller_spin_and_lose_nothing",
        "test_the_library_keyword_fails_within_its_timeout_under_latency",
    },
    "test_simulator.py": {
        "test_command_line_runs_until_interrupted",
        "test_http_waiting_poll_is_woken_by_events_and_sign_out",
    },
    "test_project.py": {"test_ruff_check_passes", "test_ruff_format_leaves_the_tree_as_it_is", "test_mypy_passes"},
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        for marker, table in (("acceptance", ACCEPTANCE), ("slow", SLOW)):
            if item.path.name in table and (
                table[item.path.name] is None or item.originalname in table[item.path.name]
            ):
                item.add_marker(marker)
        if getattr(getattr(item, "obj", None), "is_hypothesis_test", False):  # many examples each
            item.add_marker("slow")
