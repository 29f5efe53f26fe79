"""Keyword overhead: an action keyword (argument validation, request, Guid handling, retcode mapping,
request and event logging) against a bare ``requests.Session`` call to the same simulator endpoint, in the
same run, interleaved. The simulator runs in its own process over HTTPS on 127.0.0.1, so the figures are
the client's own costs plus one loopback round trip.

    python bench/keyword_overhead.py               # 1,000 rounds (4,000 timed requests per side)
    python bench/keyword_overhead.py --rounds 5000
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import SimulatorProcess, fmt, header, run_robot_probe, summary, verdict  # noqa: E402

RATIO_LIMIT = 1.15


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Keyword overhead benchmark (loopback only).")
    parser.add_argument("--rounds", type=int, default=1000, help="rounds of hold + retrieve per side (default 1000)")
    parser.add_argument("--http", action="store_true", help="plain HTTP instead of HTTPS (the default)")
    args = parser.parse_args(argv)

    header("Keyword overhead: action keyword vs bare requests.Session call, interleaved")
    with SimulatorProcess(tls=not args.http) as sim:
        times = run_robot_probe(
            "overhead_probe",
            "Measure Keyword Overhead",
            {"url": sim.url, "ca_bundle": sim.ca_bundle or "False", "rounds": args.rounds},
        )
    stats = {name: summary(values) for name, values in times.items()}
    print(
        f"endpoints: POST .../voicecall/101/hold and .../gethold?callid= "
        f"({'HTTP' if args.http else 'HTTPS'}, simulator in its own process)"
    )
    print(f"  bare requests.Session call          {fmt(stats['bare'], digits=3)}")
    print(f"  keyword (library run_keyword)       {fmt(stats['keyword'], digits=3)}")
    print(f"  keyword via BuiltIn.Run Keyword     {fmt(stats['robot'], digits=3)}")
    ratio = stats["keyword"]["median"] / stats["bare"]["median"]
    robot_ratio = stats["robot"]["median"] / stats["bare"]["median"]
    extra_us = (stats["keyword"]["median"] - stats["bare"]["median"]) * 1000
    print(
        f"ratio keyword / bare at the median: {ratio:.3f} (+{extra_us:.0f} us); target <= {RATIO_LIMIT}: "
        f"{verdict(ratio, RATIO_LIMIT)}"
    )
    print(f"with Robot Framework's own keyword machinery (BuiltIn.Run Keyword): {robot_ratio:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
