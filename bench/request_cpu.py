"""CPU per HTTPS request of the simulator (its own process, CPU time from /proc) and of the capacity
benchmark's load generator (``bench/loadclient.py``), with K agents each sending the same gateway query
(``GET .../agentstatus``) in a loop: the per-request cost that bounds ``bench/capacity.py``, measured in
CPU time, so a loaded machine moves it less than it moves latencies. With ``--base-tree`` the simulator of
an earlier source tree is measured in turn with this one, in pairs.

    python bench/request_cpu.py                                  # this tree: 50 agents x 200 requests
    python bench/request_cpu.py --base-tree /tmp/base --pairs 3  # before/after, interleaved
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from capacity import _cpu_seconds, _raise_file_limit  # noqa: E402

from common import SimulatorProcess, header  # noqa: E402
from loadclient import BASE, Figures, HttpError, LoadAgent, tls_context  # noqa: E402


async def _measure(sim: SimulatorProcess, agents: int, requests: int) -> dict:
    figures = Figures()
    team = [LoadAgent(str(10001 + i), sim.url, sim.ca_bundle, figures, 10) for i in range(agents)]
    context = tls_context(sim.ca_bundle)
    for agent in team:
        await agent.sign_in(context)

    async def query(agent: LoadAgent) -> None:
        path = f"{BASE}/onlineagent/{agent.agent_id}/agentstatus"
        for _ in range(requests):
            answer, _ = await agent.actions.request("GET", path, guid=agent.guid)
            if answer["retcode"] != "0":
                raise HttpError(f"agent {agent.agent_id}: agentstatus: retcode {answer['retcode']}")

    simulator, client, wall = _cpu_seconds(sim.pid), time.process_time(), time.perf_counter()
    await asyncio.gather(*(query(a) for a in team))
    simulator, client = _cpu_seconds(sim.pid) - simulator, time.process_time() - client
    wall = time.perf_counter() - wall
    await asyncio.gather(*(a.sign_out() for a in team))
    n = agents * requests
    return {"simulator_us": 1e6 * simulator / n, "client_us": 1e6 * client / n, "wall": wall, "errors": figures.errors}


def run(agents: int, requests: int, tree: str | None, floor: bool = False) -> dict:
    _raise_file_limit(2 * agents + 100)
    with SimulatorProcess(tls=True, tree=tree, extra=["--floor-query"] if floor else None) as sim:
        return asyncio.run(_measure(sim, agents, requests))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=50, help="agents querying at once (default 50)")
    parser.add_argument("--requests", type=int, default=200, help="requests per agent (default 200)")
    parser.add_argument("--base-tree", metavar="DIR", help="also the simulator of this source tree, in turn")
    parser.add_argument("--pairs", type=int, default=3, help="runs of each (default 3)")
    parser.add_argument(
        "--floor",
        action="store_true",
        help="also the floor: the same server with the query answered by a bare ASGI app in one write "
        "(uvicorn, asyncio and TLS alone; what no simulator on them can go below), in turn",
    )
    args = parser.parse_args(argv)
    header("CPU per HTTPS request: simulator and load generator")
    trees: list[tuple[str | None, bool]] = [(args.base_tree, False)] if args.base_tree else []
    trees.append((None, False))
    if args.floor:
        trees.append((None, True))
    for _ in range(args.pairs):
        for tree, floor in trees:
            out = run(args.agents, args.requests, tree, floor)
            name = "floor (bare ASGI answer)" if floor else tree or "this tree"
            print(
                f"  {name}: simulator {out['simulator_us']:.0f} us per request, load generator "
                f"{out['client_us']:.0f} us; {args.agents} x {args.requests} requests in {out['wall']:.2f} s"
                + (f"; errors: {out['errors'][:3]}" if out["errors"] else "")
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
