"""``ccgateway-evidence``: the coverage report of a run and the drift report between two recordings.

ccgateway-evidence coverage results                      # (re)build results/ccgateway-coverage.{html,json}
ccgateway-evidence coverage results --fail-under 60      # exit 1 when the overall figure is below 60 %
ccgateway-evidence coverage results --fail-under retcodes_asserted=30 --fail-under sequences_seen=50
ccgateway-evidence drift lab.recording.json sim.recording.json --html drift.html --json drift.json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import coverage, drift, recording
from .report_html import drift_page


def _threshold(text: str) -> tuple[str, float]:
    name, _, value = text.rpartition("=")
    try:
        return (name or "overall"), float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r}: give a percentage (60) or figure=percentage "
            f"(retcodes_provoked=50); figures: overall, {', '.join(coverage.METRICS)}"
        ) from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ccgateway-evidence", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    cov = commands.add_parser("coverage", help="merge the coverage parts of a run and write its report")
    cov.add_argument("output_dir", type=Path, help="the run's output directory (robot/pabot --outputdir)")
    cov.add_argument(
        "--fail-under",
        type=_threshold,
        action="append",
        default=[],
        metavar="[FIGURE=]PERCENT",
        help="exit 1 when a figure (default: overall) is below PERCENT; repeatable",
    )
    dr = commands.add_parser("drift", help="compare two recordings (files, or directories of *.recording.json)")
    dr.add_argument("a", type=Path, help="recording A, typically the lab gateway")
    dr.add_argument("b", type=Path, help="recording B, typically the simulator")
    dr.add_argument("--html", type=Path, help="write the drift report as HTML")
    dr.add_argument("--json", type=Path, help="write the drift report as JSON")
    dr.add_argument("--slower-factor", type=float, default=3.0, help="'much slower': at least this many times (3)")
    dr.add_argument("--slower-ms", type=float, default=250.0, help="... and at least this many ms more (250)")
    dr.add_argument("--fail-on-drift", action="store_true", help="exit 1 when the recordings differ")
    args = parser.parse_args(argv)

    if args.command == "coverage":
        if not any(args.output_dir.rglob(coverage.PART)):
            parser.error(f"no {coverage.PART} under {args.output_dir}: run the suites with CCGatewayLibrary first")
        report = coverage.write_report(args.output_dir)
        print("\n".join(coverage.summary_lines(report)))
        print(f"Report:  {args.output_dir / coverage.REPORT_HTML}\nJSON:    {args.output_dir / coverage.REPORT_JSON}")
        try:
            failures = coverage.below(report, dict(args.fail_under))
        except ValueError as error:
            parser.error(str(error))
        for failure in failures:
            print(f"FAIL: {failure}", file=sys.stderr)
        return 1 if failures else 0

    a, b = recording.load(args.a), recording.load(args.b)
    differences = drift.compare(a, b, args.slower_factor, args.slower_ms)
    result = drift.as_json(differences, a, b)
    print(drift.as_text(differences))
    if args.html:
        args.html.write_text(drift_page(result), encoding="utf-8")
        print(f"Report:  {args.html}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    return 1 if differences and args.fail_on_drift else 0


if __name__ == "__main__":
    sys.exit(main())
