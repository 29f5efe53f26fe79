"""The simulator's face for people: a live status page, its OpenAPI document and that document as an HTML
page. Self-contained HTML (inline CSS, one small inline script), no external resources: the pages work on a
machine with no network, from a browser, while a suite runs.

* ``GET /simulator/``: status page: agents, their states, calls, conferences, the latest events and
  requests. Rendered here; an inline script replaces it every second with ``/simulator/live`` (the same
  rendering), and without scripts a meta refresh reloads it.
* ``GET /simulator/openapi.json``: OpenAPI 3 document of every route: the gateway interfaces (from
  ``interfaces.ALL``, with their retcodes) and the control API.
* ``GET /simulator/docs``: that document as HTML.

The handlers are ``async``, so they read the model on the event-loop thread, where it lives.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Sequence
from html import escape

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse

from .. import agentstates, control
from .. import interfaces as api
from ..flow import content_summary
from ..retcodes import meaning_of
from ..version import __version__

LATEST_EVENTS = 40  # rows of the status page's event table
LATEST_REQUESTS = 20


def page_handlers() -> dict:
    """The pages' handlers, by their ``control`` row."""

    async def status_page(request: Request) -> HTMLResponse:
        return HTMLResponse(_status_page(request))

    async def live(request: Request) -> HTMLResponse:
        return HTMLResponse(_status_body(request.app.state.simulator))

    async def openapi(request: Request) -> JSONResponse:
        return JSONResponse(openapi_document())

    async def docs(request: Request) -> HTMLResponse:
        return HTMLResponse(docs_page(openapi_document()))

    return {control.STATUS_PAGE: status_page, control.LIVE: live, control.OPENAPI: openapi, control.DOCS: docs}


# ------------------------------------------------------------------------------------------ status page

_STYLE = """
body{font:14px Helvetica,Arial,sans-serif;margin:0;color:#24292f;background:#f6f8fa}
header{background:#24292f;color:#fff;padding:10px 18px;display:flex;gap:18px;align-items:baseline}
header h1{font-size:18px;margin:0} header a{color:#9ecbff} main{padding:8px 18px 24px}
h2{font-size:15px;margin:18px 0 6px} table{border-collapse:collapse;background:#fff;min-width:50%}
th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#eaeef2} td.empty{color:#8c959f;font-style:italic} code{font-size:12px}
.state{padding:1px 8px;border-radius:10px;font-weight:bold;color:#fff;background:#8c959f}
.fail{color:#cf222e;font-weight:bold} .muted{color:#8c959f}
""" + "".join(
    f".{agentstates.WORDS[code]}{{background:{colour}}}"
    for code, colour in {
        agentstates.IDLE: "#1a7f37",
        agentstates.BUSY: "#9a6700",
        agentstates.TALKING: "#1f5fbf",
        agentstates.WRAP_UP: "#6639ba",
    }.items()
)

_REFRESH = """
setInterval(function () {
  fetch('LIVE_PATH', {cache: 'no-store'}).then(function (r) { return r.ok ? r.text() : null; })
    .then(function (html) { if (html !== null) { document.getElementById('live').innerHTML = html; } })
    .catch(function () { document.getElementById('updated').textContent = 'simulator not reachable'; });
}, 1000);
""".replace("LIVE_PATH", control.LIVE.path())


def _status_page(request: Request) -> str:
    body = _status_body(request.app.state.simulator)
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>CC-Gateway simulator</title>'
        f'<noscript><meta http-equiv="refresh" content="2"></noscript><style>{_STYLE}</style></head><body>'
        f"<header><h1>CC-Gateway simulator</h1><span>version {escape(__version__)}</span>"
        f'<a href="{control.DOCS.path()}">API documentation</a><a href="{control.OPENAPI.path()}">openapi.json</a>'
        f"</header>"
        f'<main id="live">{body}</main><script>{_REFRESH}</script></body></html>'
    )


def _status_body(sim) -> str:
    status = sim.model.status()
    queued = [(agent.agent_id, event) for agent in sim.model.agents.values() for event in agent.recent]
    order = sorted(range(len(queued)), key=lambda i: (queued[i][1].get("eventGenTime", 0), i), reverse=True)
    recent = [queued[i] for i in order[:LATEST_EVENTS]]  # newest first; same millisecond: last queued first
    requests = [r for r in list(sim.requests) if not r.get("poll")][-LATEST_REQUESTS:][::-1]
    parts = [
        f'<p class="muted">Updated <span id="updated">{time.strftime("%H:%M:%S")}</span> \u00b7 '
        f"{len(status['agents'])} agents signed in \u00b7 {len(status['calls'])} calls \u00b7 "
        f"{len(status['conferences'])} agent conferences</p>",
        f'<p class="muted">Sign-in {escape(status["settings"]["sign_in_check"])}</p>',
    ]
    parts.append(
        "<h2>Agents</h2>"
        + _table(
            ["Agent", "State", "Phone", "Phone state", "Calls", "Conference", "Queued events", "Options"],
            [
                [
                    escape(a["agent_id"]),
                    f'<span class="state {escape(a["state"])}">{escape(a["state"])}</span>',
                    escape(a["phone"]),
                    escape(a["phone_state"]),
                    escape(", ".join(a["calls"])) or "-",
                    escape(a["conference"] or "-"),
                    str(a["queued_events"]),
                    escape(_options(a)),
                ]
                for a in status["agents"]
            ],
            "no agent is signed in",
            "agents",
        )
    )
    parts.append(
        "<h2>Calls</h2>"
        + _table(
            ["Call ID", "State", "Caller", "Called", "Parties"],
            [
                [
                    escape(c["callid"]),
                    escape(c["state"]),
                    escape(c["caller"]),
                    escape(c["called"]),
                    "<br>".join(escape(_party(p)) for p in c["parties"]),
                ]
                for c in status["calls"]
            ],
            "no call",
            "calls",
        )
    )
    if status["conferences"]:
        parts.append(
            "<h2>Agent conferences</h2>"
            + _table(
                ["Conference ID", "Chairperson", "Participants"],
                [
                    [
                        escape(c["confId"]),
                        escape(c["chair"]),
                        escape(", ".join(p["participant"] for p in c["participants"])),
                    ]
                    for c in status["conferences"]
                ],
                "",
                "conferences",
            )
        )
    parts.append(
        "<h2>Latest events</h2>"
        + _table(
            ["Time", "Agent", "Event", "Content"],
            [
                [
                    _clock(event.get("eventGenTime")),
                    escape(agent_id),
                    escape(str(event.get("eventType"))),
                    escape(content_summary(event.get("content"))),
                ]
                for agent_id, event in recent
            ],
            "no event yet",
            "events",
        )
    )
    parts.append(
        "<h2>Latest requests</h2>"
        + _table(
            ["Method", "Path", "Interface", "Retcode"],
            [
                [
                    escape(r["method"]),
                    f"<code>{escape(r['path'])}</code>",
                    escape(str(r.get("interface") or "-")),
                    escape(r["retcode"])
                    if r["retcode"] == "0"
                    else f'<span class="fail">{escape(r["retcode"])}</span>',
                ]
                for r in requests
            ],
            "no request yet (event polls are not listed)",
            "requests",
        )
    )
    return "".join(parts)


def _table(headings: list[str], rows: list[list[str]], empty: str, name: str) -> str:
    head = "".join(f"<th>{h}</th>" for h in headings)
    if not rows:
        body = f'<tr><td class="empty" colspan="{len(headings)}">{escape(empty)}</td></tr>'
    else:
        body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f'<table id="{name}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _options(agent: dict) -> str:
    options = [name for name, on in (("phone linkage", agent["linkage"]), ("auto-answer", agent["autoanswer"])) if on]
    return ", ".join(options) or "-"


def _party(party: dict) -> str:
    who = f"agent {party['agent_id']} ({party['number']})" if party["agent_id"] else party["number"]
    return f"{who}: {party['state']}"


def _clock(ms) -> str:
    if not isinstance(ms, int):
        return "-"
    return time.strftime("%H:%M:%S", time.localtime(ms / 1000)) + f".{ms % 1000:03d}"


# ------------------------------------------------------------------------------------------ OpenAPI

_ENVELOPE = {
    "type": "object",
    "required": ["message", "retcode"],
    "properties": {
        "message": {"type": "string", "example": "success"},
        "retcode": {"type": "string", "description": '"0" for success, else a retcode such as "100-006"'},
        "result": {"description": "the interface's result: an object, a string, a list or {}"},
    },
}
_EVENT_ENVELOPE = {
    "type": "object",
    "required": ["message", "retcode"],
    "properties": {
        "message": {"type": "string"},
        "retcode": {"type": "string"},
        "event": {
            "type": "object",
            "nullable": True,
            "description": "one event, or null after an empty long poll",
            "properties": {
                "eventType": {"type": "string"},
                "workNo": {"type": "string"},
                "content": {"description": "null, a string (often a call ID) or an object"},
                "eventGenTime": {"type": "integer", "description": "milliseconds since the epoch"},
            },
        },
    },
}


def openapi_document() -> dict:
    """OpenAPI 3.0 document of the simulator, from the tables: the gateway interfaces, then the control API."""
    paths: dict[str, dict] = {}
    for iface in api.ALL:
        paths.setdefault(iface.route, {})[iface.method.lower()] = _operation(iface)
    for entry in control.ALL:
        operation = {
            "tags": ["Simulator control"],
            "summary": entry.summary,
            "parameters": _path_parameters(entry.template, {}),
            "responses": _responses("Envelope"),
        }
        if entry.example is not None:
            operation["requestBody"] = {"content": {"application/json": {"example": entry.example}}}
        paths.setdefault(entry.route, {})[entry.method.lower()] = operation
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "CC-Gateway simulator",
            "version": __version__,
            "description": "The agent REST API of Huawei's CC-Gateway (AgentGateway) as the bundled simulator "
            "answers it, and the simulator's control API. Every gateway answer is HTTP 200 "
            "with a retcode; an unknown route answers HTTP 404 with retcode 000-002.",
        },
        "servers": [{"url": "/"}],
        "tags": [
            {"name": "Agent gateway", "description": "the CC-Gateway's agent interfaces"},
            {"name": "Simulator control", "description": "plays the customer and inspects the simulator"},
        ],
        "paths": paths,
        "components": {"schemas": {"Envelope": _ENVELOPE, "EventEnvelope": _EVENT_ENVELOPE}},
    }


def _public_source(source: str) -> str:
    """A seed page by its title: its file name is the project's own, no reader of this page knows it."""
    return re.sub(r"seed \w+\.txt \(([^)]*)\)", r"Huawei's interface page (\1)", source)


def _operation(iface: api.Interface) -> dict:
    retcodes = [{"retcode": code, "meaning": meaning_of(code)} for code in iface.retcodes]
    lines = [
        f"Keyword: {iface.label}. Method name in the gateway's logs: {iface.log_name}. "
        f"Agent IDs {iface.agent_range[0]} to {iface.agent_range[1]}. Source: {_public_source(iface.source)}."
    ]
    if iface.events:
        lines.append("Triggered events: " + ", ".join(iface.events) + ".")
    parameters = _path_parameters(iface.template, {field.name: field for field in iface.placeholders})
    if iface.guid:
        parameters.append(
            {
                "name": "Guid",
                "in": "header",
                "required": True,
                "schema": {"type": "string"},
                "description": "the agent's Guid from the Set-GUID header of the sign-in answer",
            }
        )
    parameters += [
        {
            "name": field.name,
            "in": "query",
            "required": field.required,
            "schema": {"type": "string"},
            "description": field.description,
        }
        for field in iface.query
    ]
    operation = {
        "tags": ["Agent gateway"],
        "summary": iface.label,
        "operationId": iface.log_name,
        "description": " ".join(lines),
        "parameters": parameters,
        "responses": _responses("EventEnvelope" if iface.result == api.EVENT else "Envelope", retcodes),
        "x-retcodes": retcodes,
    }
    if iface.body:
        operation["requestBody"] = {
            "required": any(field.required for field in iface.body),
            "content": {"application/json": {"example": {field.name: field.example for field in iface.body}}},
        }
    return operation


def _path_parameters(template: str, fields: dict) -> list[dict]:
    names = [part[1:-1] for part in template.split("/") if part.startswith("{") and part.endswith("}")]
    described = {
        "agentid": "agent ID (work number)",
        **{name: field.description for name, field in {**api.PATH_FIELDS, **fields}.items()},
    }
    return [
        {
            "name": name,
            "in": "path",
            "required": True,
            "schema": {"type": "string"},
            "description": described.get(name, name),
        }
        for name in names
    ]


def _responses(schema: str, retcodes: Sequence[dict] = ()) -> dict:
    failures = "; ".join(f"{r['retcode']} {r['meaning']}" for r in retcodes)
    description = "the gateway's JSON envelope" + (f"; failure retcodes: {failures}" if failures else "")
    return {
        "200": {
            "description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
        }
    }


# ------------------------------------------------------------------------------------------ API page

_DOCS_STYLE = """
body{font:14px Helvetica,Arial,sans-serif;margin:0 auto;max-width:1100px;padding:0 18px 40px;color:#24292f}
h1{font-size:22px} h2{font-size:17px;border-bottom:1px solid #d0d7de;padding-bottom:4px;margin-top:28px}
.op{border:1px solid #d0d7de;border-radius:6px;margin:10px 0;padding:8px 12px}
.method{display:inline-block;min-width:58px;text-align:center;font-weight:bold;color:#fff;border-radius:4px;
padding:2px 6px;margin-right:8px;background:#8c959f}
.GET{background:#1f5fbf}.POST{background:#1a7f37}.PUT{background:#9a6700}.DELETE{background:#cf222e}
code,pre{font-size:12px} pre{background:#f6f8fa;padding:6px 8px;border-radius:4px;overflow-x:auto}
table{border-collapse:collapse;margin:4px 0} td,th{border:1px solid #d0d7de;padding:3px 8px;text-align:left}
th{background:#eaeef2} .summary{font-weight:bold} .muted{color:#57606a}
"""


def docs_page(document: dict) -> str:
    """The OpenAPI document as one plain HTML page: no scripts, no external files."""
    info = document["info"]
    sections: dict[str, list[str]] = {}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            sections.setdefault(operation["tags"][0], []).append(_docs_operation(path, method.upper(), operation))
    body = "".join(
        f'<h2 id="{escape(tag.lower().replace(" ", "-"))}">{escape(tag)}</h2>' + "".join(items)
        for tag, items in sections.items()
    )
    toc = " \u00b7 ".join(f'<a href="#{escape(t.lower().replace(" ", "-"))}">{escape(t)}</a>' for t in sections)
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(info["title"])} API</title>'
        f"<style>{_DOCS_STYLE}</style></head><body><h1>{escape(info['title'])} API "
        f'<span class="muted">{escape(info["version"])}</span></h1><p>{escape(info["description"])}</p>'
        f'<p>{toc} \u00b7 <a href="{control.OPENAPI.path()}">openapi.json</a> \u00b7 '
        f'<a href="{control.STATUS_PAGE.path()}">status page</a></p>'
        f"{body}</body></html>"
    )


def _docs_operation(path: str, method: str, operation: dict) -> str:
    parts = [
        f'<div class="op" id="{escape(operation.get("operationId", method + path))}">'
        f'<span class="method {method}">{method}</span><code>{escape(path)}</code> '
        f'<span class="summary">{escape(operation["summary"])}</span>'
    ]
    if operation.get("description"):
        parts.append(f'<p class="muted">{escape(operation["description"])}</p>')
    if operation.get("parameters"):
        rows = "".join(
            f"<tr><td><code>{escape(p['name'])}</code></td><td>{escape(p['in'])}</td>"
            f"<td>{'yes' if p.get('required') else 'no'}</td><td>{escape(p.get('description', ''))}</td></tr>"
            for p in operation["parameters"]
        )
        parts.append(
            f"<table><tr><th>Parameter</th><th>In</th><th>Required</th><th>Description</th></tr>{rows}</table>"
        )
    body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("example")
    if body is not None:
        parts.append(f"<p>Body, for example:</p><pre>{escape(json.dumps(body, indent=2))}</pre>")
    if operation.get("x-retcodes"):
        rows = "".join(
            f"<tr><td><code>{escape(r['retcode'])}</code></td><td>{escape(r['meaning'])}</td></tr>"
            for r in operation["x-retcodes"]
        )
        parts.append(f"<table><tr><th>Retcode</th><th>Meaning</th></tr>{rows}</table>")
    parts.append("</div>")
    return "".join(parts)
