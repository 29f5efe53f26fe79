"""Both evidence reports as a reviewer sees them, in headless Chromium: the coverage report of suites/
(linked from log.html) and a drift report. Screenshots are kept in results/artifacts/ for a look."""

from __future__ import annotations

from robot import run
from test_browser import ARTIFACTS, ROOT, browse, chromium, colour_counts  # noqa: F401 (chromium: a fixture)

from CCGatewayLibrary.evidence import drift, recording
from CCGatewayLibrary.evidence.report_html import drift_page

GREEN_BAR, RED_CELL = (0x1A, 0x7F, 0x37), (0xFF, 0xEB, 0xE9)


def test_coverage_report_of_the_suites_reads_in_a_browser_and_is_linked_from_log_html(chromium, tmp_path):
    out = tmp_path / "results"
    assert (
        run(str(ROOT / "suites"), outputdir=str(out), console="none", listener=["CCGatewayLibrary.evidence.Record"])
        == 0
    )
    log_dom = browse(chromium, tmp_path, (out / "log.html").as_uri(), "--virtual-time-budget=5000", "--dump-dom")
    assert '<a href="ccgateway-coverage.html">ccgateway-coverage.html</a>: documented retcodes provoked' in log_dom

    page = out / "ccgateway-coverage.html"
    dom = browse(chromium, tmp_path, page.as_uri(), "--dump-dom")
    assert "<h1>CC-Gateway spec coverage of this run</h1>" in dom
    assert "Hold Call: <code>POST /agentgateway/resource/voicecall/{agentid}/connecthold/{callid}</code>" in dom
    assert "<h2>Not exercised by this run</h2>" in dom
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    screenshot = ARTIFACTS / "coverage-report.png"
    screenshot.unlink(missing_ok=True)
    browse(chromium, tmp_path, page.as_uri(), "--window-size=1200,1600", f"--screenshot={screenshot}")
    counts = colour_counts(screenshot, (GREEN_BAR, RED_CELL))
    print(f"screenshot: {screenshot} ({counts})")
    assert counts[GREEN_BAR] > 500 and counts[RED_CELL] > 500, counts  # bars and unexercised rows are painted

    # A drift report between this recording and one with a test's steps changed, as a reviewer reads it.
    lab = recording.load(out / "ccgateway.recording.json")
    simulator = recording.load(out / "ccgateway.recording.json")
    changed = simulator["tests"][0]["steps"]
    step = next(s for s in changed if s["requests"])
    step["requests"][0]["retcode"] = "000-004"
    if any(s["events"] for s in changed):
        next(s for s in changed if s["events"])["events"].pop(0)
    differences = drift.compare(lab, simulator)
    assert {d.kind for d in differences} >= {"retcode"}
    report = tmp_path / "drift.html"
    report.write_text(drift_page(drift.as_json(differences, lab, simulator)), encoding="utf-8")
    dom = browse(chromium, tmp_path, report.as_uri(), "--dump-dom")
    assert "<h1>Drift between two recordings</h1>" in dom and "000-004" in dom
    screenshot = ARTIFACTS / "drift-report.png"
    screenshot.unlink(missing_ok=True)
    browse(chromium, tmp_path, report.as_uri(), "--window-size=1200,700", f"--screenshot={screenshot}")
    assert screenshot.stat().st_size > 10_000
    print(f"screenshot: {screenshot}")
