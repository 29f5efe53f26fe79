"""No Guid and no password in any log, at any level: every suite in suites/ (the resilience suite's faults
included: Guid rotations, restarts, force sign-ins) runs at --loglevel TRACE with Secret passwords against a
simulator that checks them, and output.xml and log.html (whose texts are stored compressed) are searched for
every Guid the simulator issued and for every password."""

from __future__ import annotations

import base64
import json
import re
import warnings
import zlib
from pathlib import Path

from robot import run
from robot.api import ExecutionResult

from CCGatewayLibrary.simulator import GatewayModel, SimulatorServer

ROOT = Path(__file__).resolve().parent.parent
PASSWORDS = {"2001": "Pw-a93f0c71-secret", "2002": "Pw-5be81d2e-secret", "2003": "Pw-c4d27a90-secret"}


def _recording(issued: set[str], method):
    """Wrap a model method that hands out Guids (sign-in, rotation on a poll) so every Guid is recorded."""

    def wrapper(*args, **kwargs):
        result = method(*args, **kwargs)
        guid = result[0] if isinstance(result, tuple) else result
        if guid:
            issued.add(guid)
        return result

    return wrapper


def log_html_texts(path: Path) -> list[str]:
    """Every string of log.html's data model, decompressed (Robot Framework stores long ones zlib+base64)."""
    html = path.read_text(encoding="utf-8")
    texts = []
    for chunk in re.findall(r'window\.output\["strings"\] = window\.output\["strings"\]\.concat\((\[.*?\])\);', html):
        chunk = re.sub(r"(?<!\\)((?:\\\\)*)\\x([0-9a-fA-F]{2})", r"\1\\u00\2", chunk)  # JS \xNN -> JSON
        for item in json.loads(chunk):
            texts.append(item[1:] if item.startswith("*") else zlib.decompress(base64.b64decode(item)).decode("utf-8"))
    return texts


def test_no_guid_and_no_password_reach_output_xml_or_log_html_at_trace_level(monkeypatch, tmp_path):
    model = GatewayModel(passwords=PASSWORDS)  # a wrong or missing password fails the sign-in with 100-004
    issued: set[str] = set()
    model.sign_in = _recording(issued, model.sign_in)
    model.poll_guid = _recording(issued, model.poll_guid)
    server = SimulatorServer(poll_wait=0.5, model=model)
    url = server.start()
    for name in ("CCGW_PASSWORD", "CCGW_CONSULTED_PARTY", "CCGW_THIRD_PARTY", "CCGW_CUSTOMER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CCGW_URL", url)
    monkeypatch.setenv("CCGW_CA_BUNDLE", server.ca_bundle)
    monkeypatch.setenv("CCGW_AGENTS", ",".join(PASSWORDS))
    monkeypatch.setenv("CCGW_NOT_SIGNED_IN", "2999")
    for agent, password in PASSWORDS.items():
        monkeypatch.setenv(f"CCGW_PASSWORD_{agent}", password)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            rc = run(
                str(ROOT / "suites"),
                variablefile=[str(ROOT / "resources" / "environments" / "lab_gateway.py")],
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
    assert result.statistics.total.passed >= 25  # every suite ran, the simulator-only tests and faults too

    # The run did hand out many Guids, rotations and force sign-ins included.
    assert len(issued) >= 30
    secrets = sorted(issued) + list(PASSWORDS.values())
    secrets += [guid.split(".", 1)[0] for guid in issued]  # the UUID part alone is a secret too
    output_xml = (tmp_path / "output.xml").read_text(encoding="utf-8")
    log_html = "\n".join(log_html_texts(tmp_path / "log.html"))
    assert "Sign In Agent" in log_html and "2001" in log_html  # the decoded log is the real one
    assert "Secret(value=&lt;secret&gt;)" in output_xml  # arguments were logged (TRACE), masked
    for name, text in (("output.xml", output_xml), ("log.html", log_html)):
        leaked = [secret for secret in secrets if secret in text]
        assert leaked == [], f"{name} shows {len(leaked)} secret(s), e.g. {leaked[0][:4]}..."
        assert "JSESSIONID=" not in text, f"{name} shows a Set-GUID header"


def _tests(suite):
    yield from suite.tests
    for child in suite.suites:
        yield from _tests(child)
