"""A recording of a run, to share: per test, its steps (the library keywords run), the requests of each
(method, URI template, retcode, time) and the events each caused (type, content shape, order per agent,
time after the request or simulator action that caused them).

Nothing identifying is kept: agents are ``agent 1``, ``agent 2``... in order of appearance in the test,
URIs are the documented templates (no agent ID, number or call ID), event content is reduced to its
shape, failures to their retcode, and free text is masked (``masking.py``). No Guid or password is ever
held by what the recording is made from."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from .. import interfaces as api
from . import masking
from .collector import TestRun

FORMAT = "ccgateway-recording/1"


def test_record(run: TestRun) -> dict:
    roles: dict[str, str] = {}

    def role(agent_id: str | None) -> str | None:
        if agent_id is None:
            return None
        return roles.setdefault(agent_id, f"agent {len(roles) + 1}")

    steps: dict[int, dict[str, Any]] = {
        0: {"step": 0, "keyword": "(before the first step)", "requests": [], "events": []}
    }
    for step in run.steps:
        steps[step.index] = {
            "step": step.index,
            "keyword": masking.text(step.keyword),
            "agent": role(step.agent_id),
            "failed": step.failed,
            "expected_failure": step.expected,
            "failure": step.failure,
            "requests": [],
            "events": [],
        }
    for request in run.requests:
        role(request.agent_id)
        interface = request.interface
        steps.setdefault(request.step, steps[0])["requests"].append(
            {
                "method": request.method,
                "uri": api.BASE_PATH + interface.template if interface else "(not a documented interface)",
                "interface": interface.log_name if interface else "",
                "agent": role(request.agent_id),
                "retcode": request.retcode or "(no answer)",
                "at_ms": round((request.started - run.started) * 1000, 1),
                "elapsed_ms": round(request.elapsed_ms, 1),
            }
        )
    order: dict[str | None, int] = {}
    for event in sorted(run.events, key=lambda e: (e.received, e.seq)):
        who = role(event.agent_id)
        order[who] = order.get(who, 0) + 1
        if event.cause is None:
            step_no, since, cause = 0, run.started, "the start of the test"
        elif event.cause[0] == "request":
            request = run.requests[event.cause[1]]
            step_no, since = request.step, request.started
            cause = f"{request.method} {api.BASE_PATH + request.interface.template if request.interface else '?'}"
        else:
            step_obj = run.steps[event.cause[1] - 1]
            step_no, since, cause = step_obj.index, step_obj.started, masking.text(step_obj.keyword)
        steps.setdefault(step_no, steps[0])["events"].append(
            {
                "agent": who,
                "type": event.type,
                "shape": masking.shape(event.content),
                "order": order[who],
                "after": cause,
                "after_ms": round((event.received - since) * 1000, 1),
                "waited": event.waited,
            }
        )
    return {
        "test": masking.text(run.name),
        "status": run.status,
        "steps": [steps[k] for k in sorted(steps) if k or steps[k]["requests"] or steps[k]["events"]],
    }


def build(runs: list[TestRun], target: str = "") -> dict:
    return {
        "format": FORMAT,
        "recorded": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "target": masking.text(target),
        "tests": [test_record(run) for run in runs],
    }


def write(recording: dict, path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(recording, indent=1, ensure_ascii=False), encoding="utf-8")
    return path


def load(*paths: Path) -> dict:
    """One recording from files or directories (a directory: every ``*.recording.json`` under it, as the
    processes of a pabot run write them); tests in later files are added after those of earlier ones."""
    files: list[Path] = []
    for path in map(Path, paths):
        files.extend(sorted(path.rglob("*.recording.json")) if path.is_dir() else [path])
    if not files:
        raise FileNotFoundError(f"no recording found in {', '.join(map(str, paths))}")
    merged: dict[str, Any] = {"format": FORMAT, "target": "", "tests": [], "files": [str(f) for f in files]}
    for file in files:
        data = json.loads(file.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError(f"{file} is not a CCGatewayLibrary recording ({FORMAT})")
        merged["target"] = merged["target"] or data.get("target", "")
        merged["tests"].extend(data["tests"])
    return merged
