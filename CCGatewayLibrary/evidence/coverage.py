"""The spec coverage of a run, computed from the coverage facts (``collector.Facts``) against the tables
the library is built from: the interface table (``interfaces.ALL``: each interface's documented retcodes
and triggered events), the retcode catalogue, the event catalogue and the documented sequences
(``sequences.py``). There is no second list here.

Files: each Robot process writes ``ccgateway-coverage.part.json`` (its facts) into its output directory;
the report, ``ccgateway-coverage.json`` and ``ccgateway-coverage.html``, merges every part under the run's
output directory (pabot's processes write theirs under ``pabot_results/``, which pabot empties first)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from .. import eventtypes, retcodes
from .. import interfaces as api
from .collector import Facts
from .sequences import SEQUENCES, SITUATIONS

PART = "ccgateway-coverage.part.json"
REPORT_JSON = "ccgateway-coverage.json"
REPORT_HTML = "ccgateway-coverage.html"

METRICS = {  # name in JSON and in --fail-under: what it counts
    "retcodes_provoked": "documented retcodes provoked",
    "retcodes_asserted": "documented retcodes asserted",
    "events_received": "documented triggered events received",
    "events_waited": "documented triggered events waited for",
    "sequences_seen": "documented event sequences seen",
    "situations_reached": "agent states and call situations reached",
}


def _seed(interface: api.Interface) -> bool:
    return interface.source.startswith("seed")


def compute(facts: Facts) -> dict:
    """The coverage report as a JSON-ready dict: one row per interface (seed interfaces first), the
    sequences, situations, totals per metric and an overall percentage."""
    rows = []
    totals = {name: [0, 0] for name in METRICS}
    for interface in sorted(api.ALL, key=lambda i: not _seed(i)):  # stable: table order within each group
        called = facts.retcodes.get(f"{interface.log_name} 0", {}).get("provoked", 0)
        retcode_rows = []
        for code in interface.retcodes:
            counts = facts.retcodes.get(f"{interface.log_name} {code}", {})
            entry = retcodes.CATALOGUE.get(code)
            retcode_rows.append(
                {
                    "retcode": code,
                    "meaning": retcodes.meaning_of(code),
                    "source": entry.source if entry else "",
                    "provoked": counts.get("provoked", 0),
                    "asserted": counts.get("asserted", 0),
                }
            )
        event_rows = []
        for name in interface.events:
            counts = facts.events.get(f"{interface.log_name} {name}", {})
            known = eventtypes.lookup(name)
            event_rows.append(
                {
                    "event": name,
                    "meaning": known.meaning if known else "not in the event catalogue",
                    "received": counts.get("received", 0),
                    "waited": counts.get("waited", 0),
                }
            )
        undocumented = sorted(  # retcodes the gateway answered that the interface's page does not list
            key.split(" ", 1)[1]
            for key in facts.retcodes
            if key.split(" ", 1)[0] == interface.log_name and key.split(" ", 1)[1] not in interface.retcodes + ("0",)
        )
        for name, count_key, items in (
            ("retcodes_provoked", "provoked", retcode_rows),
            ("retcodes_asserted", "asserted", retcode_rows),
            ("events_received", "received", event_rows),
            ("events_waited", "waited", event_rows),
        ):
            totals[name][0] += sum(1 for item in items if item[count_key])
            totals[name][1] += len(items)
        rows.append(
            {
                "interface": interface.log_name,
                "keyword": interface.label,
                "method": interface.method,
                "uri": api.BASE_PATH + interface.template,
                "seed": _seed(interface),
                "source": interface.source,
                "called_successfully": called,
                "retcodes": retcode_rows,
                "events": event_rows,
                "undocumented_retcodes": undocumented,
            }
        )
    sequence_rows = [
        {"sequence": s.name, "events": s.describe(), "source": s.source, "seen": facts.sequences.get(s.name, 0)}
        for s in SEQUENCES
    ]
    totals["sequences_seen"] = [sum(1 for r in sequence_rows if r["seen"]), len(sequence_rows)]
    situation_rows = [
        {
            "kind": s.kind,
            "situation": s.name,
            "source": s.source,
            "reached": facts.situations.get(f"{s.kind}: {s.name}", 0),
        }
        for s in SITUATIONS
    ]
    totals["situations_reached"] = [sum(1 for r in situation_rows if r["reached"]), len(situation_rows)]
    counted = ("retcodes_provoked", "events_received", "sequences_seen", "situations_reached")
    done, of = sum(totals[n][0] for n in counted), sum(totals[n][1] for n in counted)
    figures = {
        name: {"covered": c, "documented": d, "percent": _percent(c, d), "what": METRICS[name]}
        for name, (c, d) in totals.items()
    }
    figures["overall"] = {
        "covered": done,
        "documented": of,
        "percent": _percent(done, of),
        "what": "documented retcodes provoked, events received, sequences seen and situations reached, together",
    }
    return {
        "format": "ccgateway-coverage/1",
        "tests": facts.tests,
        "passed": facts.passed,
        "figures": figures,
        "interfaces": rows,
        "sequences": sequence_rows,
        "situations": situation_rows,
        "unexercised": _unexercised(rows, sequence_rows, situation_rows),
    }


def _percent(covered: int, documented: int) -> float:
    return round(100.0 * covered / documented, 1) if documented else 100.0


def _unexercised(rows, sequence_rows, situation_rows) -> dict:
    return {
        "retcodes": [f"{r['interface']} {x['retcode']}" for r in rows for x in r["retcodes"] if not x["provoked"]],
        "events": [f"{r['interface']} {x['event']}" for r in rows for x in r["events"] if not x["received"]],
        "sequences": [r["sequence"] for r in sequence_rows if not r["seen"]],
        "situations": [f"{r['kind']}: {r['situation']}" for r in situation_rows if not r["reached"]],
    }


def summary_lines(report: dict) -> list[str]:
    """``documented retcodes provoked: 21 of 60 (35.0 %)``, one line per figure."""
    return [f"{f['what']}: {f['covered']} of {f['documented']} ({f['percent']} %)" for f in report["figures"].values()]


# -- files ------------------------------------------------------------------------------------
def write_part(facts: Facts, output_dir: Path) -> Path:
    path = Path(output_dir) / PART
    _atomic_write(path, json.dumps(facts.to_json(), indent=1))
    return path


def report_root(output_dir: Path) -> Path:
    """Where the report goes: the run's output directory (pabot: the one above ``pabot_results``)."""
    output_dir = Path(output_dir).resolve()
    for parent in [output_dir, *output_dir.parents]:
        if parent.name == "pabot_results":
            return parent.parent
    return output_dir


def merge_parts(root: Path) -> Facts:
    facts = Facts()
    for part in sorted(Path(root).rglob(PART)):
        try:
            facts.merge(Facts(json.loads(part.read_text(encoding="utf-8"))))
        except (OSError, ValueError):  # a part being written by another process: it writes the report again
            continue
    return facts


def write_report(root: Path, facts: Facts | None = None) -> dict:
    """Merge the parts under ``root`` (or take ``facts``) and write the JSON and HTML reports there."""
    from .report_html import coverage_page

    root = Path(root)
    report = compute(facts if facts is not None else merge_parts(root))
    _atomic_write(root / REPORT_JSON, json.dumps(report, indent=1))
    _atomic_write(root / REPORT_HTML, coverage_page(report))
    return report


def below(report: dict, thresholds: dict[str, float]) -> list[str]:
    """The figures under their threshold, as sentences; empty when all are met."""
    failures = []
    for name, minimum in thresholds.items():
        figure = report["figures"].get(name)
        if figure is None:
            raise ValueError(f"unknown coverage figure {name!r}; known: {', '.join(report['figures'])}")
        if figure["percent"] < minimum:
            failures.append(f"{figure['what']}: {figure['percent']} % is below the threshold of {minimum:g} %")
    return failures


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
