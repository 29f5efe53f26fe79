"""What a person sees, in headless Chromium (Debian's chromium package, which .ci/run installs; skipped
when it is missing): the call-flow diagram in the log.html of a failing scenario, and the simulator's live
status page while agents are signed in. Screenshots are kept in results/artifacts/ for a look."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import time
from collections import Counter
from pathlib import Path

import png
import pytest
from robot import run
from robot.api import ExecutionResult

from CCGatewayLibrary.client import GatewayClient
from CCGatewayLibrary.flow import Note, render
from CCGatewayLibrary.simulator import SimulatorServer, pages

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "results" / "artifacts"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
]
BLUE, GREEN, RED = (0x1F, 0x5F, 0xBF), (0x1A, 0x7F, 0x37), (0xCF, 0x22, 0x2E)  # flow.py's request/event/failure


@pytest.fixture(scope="module")
def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:  # CI installs it (.ci/run) and fails without it; tests never install system packages
        pytest.skip("Chromium is not installed (Debian's 'chromium' package; .ci/run installs it)")
    return found


def browse(chromium: str, tmp_path: Path, url: str, *args: str) -> str:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    done = subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={profile}", *args, url], capture_output=True, text=True, timeout=90
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def colour_counts(screenshot: Path, colours) -> dict:
    """How many pixels of the screenshot have exactly each colour."""
    _, _, rows, _ = png.Reader(filename=str(screenshot)).asRGBA8()
    counts = Counter()
    for row in rows:
        counts.update(zip(row[0::4], row[1::4], row[2::4], strict=True))
    return {colour: counts[colour] for colour in colours}


FAILING_SCENARIO = """*** Settings ***
Library             CCGatewayLibrary
Suite Setup         Start Gateway Simulator    poll_wait=1 s
Suite Teardown      Stop Gateway Simulator
Test Teardown       Sign Out All Agents

*** Test Cases ***
Helper Is Asked For Help But Never Rings
    Sign In Agent    101
    Sign In Agent    102
    Wait For Agent Event    101    AgentState_Ready
    ${call} =    Simulate Inbound Call    101    caller=13800000001
    Wait For Agent Event    101    AgentEvent_Ringing    callid=${call}
    Answer Call    101
    Wait For Agent Event    101    AgentEvent_Talking    callid=${call}
    Run Keyword And Expect Error    200-017*    Drop Call    102
    Drop Call    101
    Wait For Agent Event    102    AgentEvent_Ringing    timeout=500 ms
"""


def test_log_of_a_failing_scenario_shows_its_call_flow_diagram(chromium, tmp_path):
    suite = tmp_path / "failing_scenario.robot"
    suite.write_text(FAILING_SCENARIO, encoding="utf-8")
    assert run(str(suite), outputdir=str(tmp_path), console="none", report="NONE") == 1
    log = (tmp_path / "log.html").as_uri()

    dom = browse(chromium, tmp_path, log, "--virtual-time-budget=5000", "--dump-dom")
    assert dom.count('class="ccgw-flow-svg"') == 2  # drawn at the failure and at the end of the test
    for lane in ("Agent 101", "Agent 102", "CC-Gateway"):
        assert f'class="ccgw-lane">{lane}</text>' in dom
    assert "Answer Call: PUT /agentgateway/resource/voicecall/101/answer \u2192 retcode 0 in" in dom
    assert "AgentEvent_Talking  callid " in dom
    assert "\u2717 Wait For Agent Event 102 AgentEvent_Ringing timeout=500 ms \u2192 failed after " in dom
    assert "\u2713 Wait For Agent Event 101 AgentEvent_Talking callid=" in dom  # each wait is drawn
    assert "\u2717 Drop Call failed as expected: 200-017" in dom

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    screenshot = ARTIFACTS / "call-flow-log.png"
    screenshot.unlink(missing_ok=True)
    browse(
        chromium, tmp_path, log, "--window-size=1400,1800", "--virtual-time-budget=5000", f"--screenshot={screenshot}"
    )
    counts = colour_counts(screenshot, (BLUE, GREEN, RED))
    print(f"screenshot: {screenshot} (pixels of the diagram's colours: {counts})")
    assert counts[BLUE] > 200 and counts[GREEN] > 200, counts  # request and event arrows are painted
    assert counts[RED] > 50, counts  # the failure is marked


MEASURE = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="width:900px">%s
<script>
const found = [];
document.querySelectorAll("svg.ccgw-flow-svg").forEach((svg, i) => {
  const width = svg.viewBox.baseVal.width;
  const shown = svg.getBoundingClientRect(), column = svg.parentElement.getBoundingClientRect();
  found.push([i, Math.round(shown.right), Math.round(column.right) + 1, "the diagram in its column"]);
  svg.querySelectorAll("text").forEach(text => {
    const box = text.getBBox();
    found.push([i, Math.round(box.x + box.width), width, text.textContent]);
  });
});
const out = document.createElement("pre");
out.id = "measured";
out.textContent = JSON.stringify(found);
document.body.appendChild(out);
</script></body></html>"""


def test_no_text_of_the_diagram_runs_off_its_right_edge(chromium, tmp_path):
    """Chromium measures every text of the diagrams of a run (a long failure message among them) and of a
    diagram of long, wide and unbroken text: each ends inside its SVG, and each SVG inside a 900 px column
    (it scales down to fit)."""
    suite = tmp_path / "failing_scenario.robot"
    suite.write_text(FAILING_SCENARIO, encoding="utf-8")
    run(str(suite), outputdir=str(tmp_path), console="none", log="NONE", report="NONE")
    result = ExecutionResult(str(tmp_path / "output.xml"))
    diagrams = [m.message for m in result.suite.tests[0].body.filter(messages=True) if "ccgw-flow-svg" in m.message]
    t0 = time.time()
    notes = [
        Note(t0, "\u2717 Agent Event Count Should Be failed: " + "WWWWMMMM @@@@ %%%% " * 30, "101", failed=True),
        Note(t0 + 0.1, "https://gateway.example/" + "x" * 400, "102"),
        Note(t0 + 0.2, "\u5ea7\u5e2d\u4fe1\u606f" * 80, "101"),
    ]
    diagrams.append(render([], {}, notes, title="long text"))
    page = tmp_path / "measure.html"
    page.write_text(MEASURE % "".join(diagrams), encoding="utf-8")
    dom = browse(chromium, tmp_path, page.as_uri(), "--virtual-time-budget=3000", "--dump-dom")
    measured = json.loads(html.unescape(re.search(r'<pre id="measured">(.*?)</pre>', dom, re.S).group(1)))
    assert {i for i, *_ in measured} == set(range(len(diagrams))) and len(diagrams) >= 2
    over = [row for row in measured if row[1] > row[2]]
    assert not over, over
    wrapped = [text for *_, text in measured if "did not receive" in text]  # tspans joined without a space
    assert wrapped and len(wrapped[0]) > 150, "\n".join(
        t for *_, t in measured
    )  # the long failure message is there, wrapped


def test_status_page_shows_signed_in_agents_and_refreshes_while_the_simulator_runs(chromium, tmp_path, monkeypatch):
    server = SimulatorServer(tls=False, poll_wait=0.5)
    url = server.start()
    client = GatewayClient(url, timeout=5)
    renders = []
    original = pages._status_body

    def status_body(sim):  # the second render is the page's own refresh: a customer calls in between
        renders.append(1)
        if len(renders) == 2:
            sim.model.inbound_call("101", "13800000001")
        return original(sim)

    monkeypatch.setattr(pages, "_status_body", status_body)
    try:
        client.sign_in("101", {"password": "", "phonenum": "", "status": 4})
        client.sign_in("102", {"password": "", "phonenum": "", "status": 4})
        dom = browse(chromium, tmp_path, url + "/simulator/", "--virtual-time-budget=3000", "--dump-dom")
        assert len(renders) >= 2, "the page did not refresh itself"
        assert "<td>101</td>" in dom and "<td>102</td>" in dom
        assert '<span class="state talking">talking</span>' in dom  # only the refresh can show this
        assert '<span class="state idle">idle</span>' in dom and "AgentEvent_Talking" in dom

        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        screenshot = ARTIFACTS / "simulator-status.png"
        screenshot.unlink(missing_ok=True)
        browse(
            chromium,
            tmp_path,
            url + "/simulator/",
            "--window-size=1200,900",
            "--virtual-time-budget=3000",
            f"--screenshot={screenshot}",
        )
        assert screenshot.stat().st_size > 10_000
        print(f"screenshot: {screenshot}")

        docs = browse(chromium, tmp_path, url + "/simulator/docs", "--dump-dom")
        assert "connectHold" in docs and "Simulator control" in docs
    finally:
        client.close()
        server.stop()
