"""suites/ in parallel with pabot gives the same results as a serial robot run, each pabot process takes
its own agents from the PabotLib value sets in resources/agents.dat (or, with --no-pabotlib, the set at its
position in the run from the same file), and several pabot runs sharing one
lock server (``--pabotlibhost``/``--pabotlibport``, as several machines would) never hand the same agents
to two processes running at the same time."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from robot.api import ExecutionResult

ROOT = Path(__file__).resolve().parent.parent
SUITES = str(ROOT / "suites")
VALUE_SETS = str(ROOT / "resources" / "agents.dat")
ROBOT = ["--command", sys.executable, "-m", "robot", "--end-command"]
TAKEN = re.compile(r"Agents of this run: (\d+), (\d+), (\d+)")


def _statuses(output: Path) -> dict[str, str]:
    """Each test's full name and status."""
    return {test.longname: test.status for test in _tests(ExecutionResult(str(output)).suite)}


def _tests(suite):
    yield from suite.tests
    for child in suite.suites:
        yield from _tests(child)


def _pabot(outdir: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """pabot with ``args`` (options, then the suites) writing into ``outdir``."""
    outdir.mkdir(parents=True, exist_ok=True)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pabot.pabot",
            *ROBOT,
            "--outputdir",
            str(outdir),
            "--log",
            "NONE",
            "--report",
            "NONE",
            *args,
        ],
        cwd=str(outdir),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _processes(outdir: Path) -> list[tuple[str, float, float, tuple[str, ...]]]:
    """Per pabot process: its suite, start and end (epoch seconds), and the agents it took."""
    found = []
    for output in sorted(outdir.glob("pabot_results/*/output.xml")):
        result = ExecutionResult(str(output))
        top = result.suite
        taken = [TAKEN.search(m) for m in _messages(top.setup)]
        agents = next((m.groups() for m in taken if m), ())
        found.append(
            (
                top.suites[0].name if top.suites else top.name,
                top.start_time.timestamp(),
                top.end_time.timestamp(),
                agents,
            )
        )
    return found


def _messages(item):
    """Every log message under a result item (keywords nest)."""
    for child in getattr(item, "body", ()):
        if getattr(child, "type", "") == "MESSAGE":
            yield child.message
        else:
            yield from _messages(child)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    outdir = tmp_path_factory.mktemp("serial")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "robot",
            "--outputdir",
            str(outdir),
            "--log",
            "NONE",
            "--report",
            "NONE",
            "--console",
            "none",
            SUITES,
        ],
        cwd=str(outdir),
        timeout=120,
    )
    return _statuses(outdir / "output.xml")


def test_pabot_gives_the_same_results_as_a_serial_run(serial, tmp_path):
    run = _pabot(tmp_path, "--processes", "2", "--pabotlibport", "0", "--resourcefile", VALUE_SETS, SUITES)
    parallel = _statuses(tmp_path / "output.xml")
    assert parallel == serial, run.stdout[-2000:]
    assert len(serial) >= 40
    assert all(status == "PASS" for status in serial.values()), serial
    processes = _processes(tmp_path)
    suites = {test.parent.longname for test in _tests(ExecutionResult(str(tmp_path / "output.xml")).suite)}
    assert len(processes) == len(suites)  # one process per suite
    assert all(agents for _, _, _, agents in processes), processes  # each took a value set


def test_pabot_without_pabotlib_gives_each_process_its_own_agent_set(serial, tmp_path):
    """``pabot --no-pabotlib --variable AGENT_SETS:resources/agents.dat``: no lock server, yet each process
    of the run holds a set of agents no other process holds, and the results are the serial run's."""
    run = _pabot(
        tmp_path, "--processes", "2", "--no-pabotlib", "--variable", f"AGENT_SETS:{VALUE_SETS}", "--chunk", SUITES
    )
    assert _statuses(tmp_path / "output.xml") == serial, run.stdout[-2000:]
    processes = _processes(tmp_path)
    assert len(processes) == 2 and all(agents for *_, agents in processes), processes
    assert set(processes[0][3]).isdisjoint(processes[1][3]), processes


def test_pabot_runs_sharing_one_lock_server_never_share_agents(tmp_path):
    """Two pabot runs (as on two machines) with one PabotLib server: processes that overlap in time
    hold different agents."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "pabot.pabotlib", VALUE_SETS, "127.0.0.1", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while socket.socket().connect_ex(("127.0.0.1", port)) != 0:
            assert time.monotonic() < deadline, "the PabotLib server did not start"
            time.sleep(0.1)
        shared = [
            "--processes",
            "2",
            "--pabotlibhost",
            "127.0.0.1",
            "--pabotlibport",
            str(port),
            "--variable",
            f"PABOTLIB_SERVER:127.0.0.1:{port}",
        ]  # see resources/agents.resource
        halves = [
            ["--suite", "Suites.Call Cycles", "--suite", "Suites.Drop Call"],
            ["--suite", "Suites.Release Number", "--suite", "Suites.Release Agent Conference"],
        ]
        runs = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "pabot.pabot",
                    *ROBOT,
                    *shared,
                    *half,
                    "--outputdir",
                    str(tmp_path / f"machine{i}"),
                    "--log",
                    "NONE",
                    "--report",
                    "NONE",
                    SUITES,
                ],
                cwd=str(tmp_path),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for i, half in enumerate(halves)
        ]
        for run in runs:
            assert run.wait(120) == 0
    finally:
        server.terminate()
        server.wait(10)
    processes = _processes(tmp_path / "machine0") + _processes(tmp_path / "machine1")
    assert len(processes) == 4 and all(agents for *_, agents in processes), processes
    for i, (name, start, end, agents) in enumerate(processes):
        for other, other_start, other_end, other_agents in processes[i + 1 :]:
            if start < other_end and other_start < end:  # ran at the same time
                assert set(agents).isdisjoint(other_agents), (name, agents, other, other_agents)
