"""Simulator capacity: N agents signed in and long-polling at once, each playing a call cycle (inbound
call, answer, drop, each waiting for exactly the events it must queue) every PERIOD seconds for DURATION
seconds. The simulator runs in its own process (its memory is read from /proc); the load comes from one
asyncio event loop in this process, over loopback only. Stops by itself.

    python bench/capacity.py                       # N = 1,000 for 60 s: errors, exactly-once, p99, memory
    python bench/capacity.py --find-max            # then raise N until p99 action latency passes 50 ms

Prints the action latency (inbound call, answer, drop) percentiles, the event delivery delay, the
cycles run, whether every event the simulator queued was delivered exactly once, the simulator's
resident memory, and the CPU time of the simulator and of the load generator.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import SimulatorProcess, fmt, header, summary  # noqa: E402
from loadclient import CYCLE_EVENTS, SIGN_IN_EVENTS, Figures, LoadAgent, tls_context  # noqa: E402

P99_LIMIT_MS = 50.0
DELIVERY_P99_LIMIT_MS = 100.0
CONFIGS = {
    False: "simulator as configured now (httptools, gc.freeze)",
    True: "simulator as before issue 13 (h11, no gc.freeze)",
}
FIRST_AGENT = 10001


def _raise_file_limit(needed: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < needed:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(needed, hard), hard))


def _loadavg() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def _machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return (sum(values[:8]) - idle) / 100, sum(values[:8]) / 100


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100  # utime + stime, in clock ticks of 1/100 s


async def _load(
    sim: SimulatorProcess, agents: int, duration: float, period: float, poll_wait: float, warm_up: float
) -> dict:
    figures = Figures()
    context = tls_context(sim.ca_bundle)
    team = [LoadAgent(str(FIRST_AGENT + i), sim.url, sim.ca_bundle, figures, poll_wait) for i in range(agents)]
    gate = asyncio.Semaphore(50)  # sign-in ramp: at most 50 TLS handshakes at once

    async def sign_in(agent: LoadAgent) -> None:
        async with gate:
            await agent.sign_in(context)

    started = time.perf_counter()
    outcomes = await asyncio.gather(*(sign_in(a) for a in team), return_exceptions=True)
    ramp = time.perf_counter() - started
    for agent, outcome in zip(team, outcomes, strict=True):
        if isinstance(outcome, BaseException):
            figures.errors.append(f"agent {agent.agent_id}: sign-in failed: {outcome!r}")
    signed_in = [a for a, o in zip(team, outcomes, strict=True) if not isinstance(o, BaseException)]

    loop = asyncio.get_running_loop()
    start = loop.time() + 0.5
    begin = start + warm_up
    wall_begin = time.time() + 0.5 + warm_up
    deadline = begin + duration
    rss_peak, cpu_before = 0, (0.0, 0.0, 0.0)
    figures.recording = not warm_up

    async def start_recording() -> None:
        # The warm-up's cycles run (and their events count) but are not measured: the agents signed in
        # first have been idle for the whole sign-in ramp, longer than the keep-alive timeout, so their
        # first action reconnects (a TLS handshake each), which no agent cycling every PERIOD s does later.
        nonlocal cpu_before
        await asyncio.sleep(max(0.0, begin - loop.time()))
        figures.recording = True
        cpu_before = (_cpu_seconds(sim.pid), time.process_time(), _machine_busy()[0])

    recorder = asyncio.create_task(start_recording())

    async def watch_memory() -> None:
        nonlocal rss_peak
        while True:
            rss_peak = max(rss_peak, sim.rss().get("VmRSS", 0))
            await asyncio.sleep(1)

    watcher = asyncio.create_task(watch_memory())
    rng = random.Random(1)
    await asyncio.gather(*(a.run_cycles(start + rng.random() * period, period, deadline) for a in signed_in))
    await recorder
    measured = loop.time() - begin
    wall_end = time.time()
    cpu = (
        _cpu_seconds(sim.pid) - cpu_before[0],
        time.process_time() - cpu_before[1],
        _machine_busy()[0] - cpu_before[2],
    )
    watcher.cancel()
    rss = sim.rss()
    for agent in signed_in:
        if agent.events:
            figures.errors.append(f"agent {agent.agent_id}: {len(agent.events)} event(s) nobody expected")
    await asyncio.gather(*(a.sign_out() for a in signed_in))
    return {
        "figures": figures,
        "ramp": ramp,
        "window": (wall_begin, wall_end),
        "measured": measured,
        "rss_peak": max(rss_peak, rss["VmRSS"]),
        "rss_hwm": rss["VmHWM"],
        "cpu": cpu,
        "signed_in": len(signed_in),
        "warm_up": warm_up,
    }


def run(
    agents: int,
    duration: float,
    period: float,
    tls: bool,
    poll_wait: float,
    baseline: bool = False,
    profile: str = "",
    loop: str = "",
    warm_up: float = 0.0,
    tree: str | None = None,
) -> dict:
    """One capacity run against a fresh simulator process; returns its figures and checks. ``baseline``:
    the simulator as configured before issue 13 (h11 parser, no gc.freeze()); with ``tree``, instead the
    package of that source tree, configured as the benchmark configures it now."""
    _raise_file_limit(2 * agents + 100)
    extra = ["--file-limit", str(2 * agents + 100)] + (["--baseline"] if baseline and not tree else [])
    extra += ["--profile", profile] if profile else []
    extra += ["--loop", loop] if loop and not baseline else []
    with SimulatorProcess(tls=tls, poll_wait=poll_wait, extra=extra, tree=tree if baseline else None) as sim:
        print(f"  simulator: {sim.serving}")
        out = asyncio.run(_load(sim, agents, duration, period, poll_wait, warm_up))
        report = sim.stop()
    figures: Figures = out["figures"]
    # Exactly once: per agent, events received == events the simulator queued, and every step got
    # exactly its events in order (checked while running; a stray or missing event is an error there).
    mismatched = [a for a, n in report["queued"].items() if figures.received.get(a) != n]
    expected_total = len(SIGN_IN_EVENTS) * len(figures.received) + figures.cycles * CYCLE_EVENTS
    all_actions = [v for values in figures.actions.values() for v in values]
    start, end = out["window"]
    pauses: dict[int, list[float]] = {0: [], 1: [], 2: []}
    for at, generation, ms in report["gc"]:
        if start <= at <= end:
            pauses[generation].append(ms)
    return {
        **out,
        "gc": pauses,
        "queued_total": sum(report["queued"].values()),
        "received_total": sum(figures.received.values()),
        "expected_total": expected_total,
        "mismatched": mismatched,
        "actions": summary(all_actions),
        "by_action": {k: summary(v) for k, v in figures.actions.items()},
        "delivery": summary([float(d) for d in figures.delivery_ms]),
    }


def show(agents: int, result: dict, period: float) -> None:
    f: Figures = result["figures"]
    sim_cpu, gen_cpu, machine_cpu = result["cpu"]
    others = max(0.0, machine_cpu - sim_cpu - gen_cpu)
    print(
        f"\nN = {agents} agents ({result['signed_in']} signed in, ramp-up {result['ramp']:.1f} s), "
        f"one call cycle per agent every {period:g} s, measured {result['measured']:.1f} s after a warm-up of "
        f"{result['warm_up']:g} s"
    )
    print(
        f"  cycles completed: {f.cycles}, {f.measured_cycles} while measuring ({f.measured_cycles / result['measured']:.0f}/s), "
        f"cycles started late: {f.late_cycles}, "
        f"connections reopened after the simulator's keep-alive timeout: {f.reconnects}"
    )
    print(f"  action latency, all actions: {fmt(result['actions'])}")
    for name, stats in result["by_action"].items():
        print(f"    {name:8s} {fmt(stats)}")
    print(f"  event delivery (poll answer - eventGenTime, ms clock): {fmt(result['delivery'], digits=0)}")
    print(
        f"  events: simulator queued {result['queued_total']}, agents received {result['received_total']}, "
        f"expected {result['expected_total']}; agents whose counts differ: {len(result['mismatched'])}"
    )
    print(f"  errors: {len(f.errors)}" + "".join(f"\n    {e}" for e in f.errors[:10]))
    print(
        f"  simulator memory: VmRSS peak {result['rss_peak'] / 1024:.0f} MiB, VmHWM {result['rss_hwm'] / 1024:.0f} MiB"
    )
    print(
        f"  CPU during the measured period: simulator {sim_cpu:.1f} s ({100 * sim_cpu / result['measured']:.0f}% "
        f"of a core), load generator {gen_cpu:.1f} s ({100 * gen_cpu / result['measured']:.0f}%), "
        f"other processes {others:.1f} s ({100 * others / result['measured']:.0f}%); simulator "
        f"{1000 * sim_cpu / max(1, f.measured_cycles):.2f} ms per call cycle"
    )
    print(
        "  simulator garbage collections while measuring (each pauses its event loop): "
        + ", ".join(f"generation {g}: {len(p)} (longest {max(p, default=0):.0f} ms)" for g, p in result["gc"].items())
    )


def ok(result: dict) -> bool:
    f: Figures = result["figures"]
    return (
        not f.errors
        and not result["mismatched"]
        and result["queued_total"] == result["received_total"] == result["expected_total"]
        and result["actions"]["p99"] <= P99_LIMIT_MS
        and result["delivery"]["p99"] <= DELIVERY_P99_LIMIT_MS
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Simulator capacity benchmark (loopback only).")
    parser.add_argument("--agents", type=int, default=1000, help="agents signed in at once (default 1000)")
    parser.add_argument("--duration", type=float, default=60, help="seconds of call cycles (default 60)")
    parser.add_argument(
        "--period", type=float, default=10, help="seconds between the starts of one agent's call cycles (default 10)"
    )
    parser.add_argument(
        "--warm-up",
        type=float,
        help="seconds of call cycles before measuring (default: one period; 0 measures from the first cycle, "
        "with the reconnections of the agents left idle by the sign-in ramp)",
    )
    parser.add_argument("--http", action="store_true", help="plain HTTP instead of HTTPS (the default)")
    parser.add_argument("--poll-wait", type=float, default=10, help="simulator long-poll wait (default 10 s)")
    parser.add_argument(
        "--find-max",
        action="store_true",
        help="afterwards raise N in steps of --step until p99 exceeds 50 ms or errors appear",
    )
    parser.add_argument("--step", type=int, default=250, help="N step for --find-max (default 250)")
    parser.add_argument("--max-duration", type=float, default=30, help="seconds per --find-max run (default 30)")
    parser.add_argument("--max-agents", type=int, default=4000, help="upper bound for --find-max (default 4000)")
    parser.add_argument(
        "--compare",
        action="store_true",
        help="run the same load first against the simulator as configured before issue 13 "
        "(h11 parser, no gc.freeze()), then as now",
    )
    parser.add_argument(
        "--base-tree",
        metavar="DIR",
        help="with --compare: the earlier configuration is the package in DIR (a source tree of an earlier "
        "commit: git archive COMMIT | tar -x -C DIR), run as the benchmark runs the simulator now",
    )
    parser.add_argument("--profile", metavar="FILE", help="cProfile the simulator (as now) into FILE")
    parser.add_argument(
        "--loop", choices=["uvloop", "asyncio"], help="the simulator's event loop (default: uvloop where installed)"
    )
    args = parser.parse_args(argv)

    header("Simulator capacity")
    print(
        f"transport: {'HTTP' if args.http else 'HTTPS'} on 127.0.0.1; simulator in its own process; "
        f"load from one asyncio loop in this process; load average {_loadavg()}"
    )
    warm_up = args.period if args.warm_up is None else args.warm_up
    if args.base_tree:
        CONFIGS[True] = f"the simulator of {args.base_tree} (httptools, gc.freeze)"
    configs = [True, False] if args.compare else [False]
    found: dict[bool, dict] = {}
    for baseline in configs:  # the old configuration first: the machine's load drifts the same way for both
        print(f"\n--- {CONFIGS[baseline]} ---")
        found[baseline] = result = run(
            args.agents,
            args.duration,
            args.period,
            not args.http,
            args.poll_wait,
            baseline,
            "" if baseline else args.profile,
            args.loop or "",
            warm_up,
            args.base_tree,
        )
        show(args.agents, result, args.period)
        passed = ok(result)
        print(
            f"  target at N = {args.agents}: no errors, exactly once, action p99 <= {P99_LIMIT_MS:g} ms, event "
            f"delivery p99 <= {DELIVERY_P99_LIMIT_MS:g} ms: {'met' if passed else 'NOT met'} (action p99 "
            f"{result['actions']['p99']:.1f} ms, delivery p99 {result['delivery']['p99']:.0f} ms); "
            f"load average {_loadavg()}"
        )
    if args.compare:
        old, new = found[True], found[False]
        print(
            f"\nnow vs before, same N, same run: action p99 {new['actions']['p99']:.1f} vs "
            f"{old['actions']['p99']:.1f} ms; delivery p99 {new['delivery']['p99']:.0f} vs "
            f"{old['delivery']['p99']:.0f} ms; simulator CPU {new['cpu'][0]:.1f} vs {old['cpu'][0]:.1f} s; longest "
            f"full collection {max(new['gc'][2], default=0):.0f} vs {max(old['gc'][2], default=0):.0f} ms"
        )
    if args.find_max:
        for baseline in configs:
            best = args.agents if ok(found[baseline]) else 0
            n = args.agents + args.step
            while n <= args.max_agents:
                trial = run(
                    n,
                    args.max_duration,
                    args.period,
                    not args.http,
                    args.poll_wait,
                    baseline,
                    loop=args.loop or "",
                    warm_up=warm_up,
                    tree=args.base_tree,
                )
                show(n, trial, args.period)
                if not ok(trial):
                    break
                best = n
                n += args.step
            print(
                f"\n{CONFIGS[baseline]}: largest N with action p99 <= {P99_LIMIT_MS:g} ms, delivery p99 <= "
                f"{DELIVERY_P99_LIMIT_MS:g} ms and no errors (steps of {args.step}, {args.max_duration:g} s "
                f"each): {best or 'none'}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
