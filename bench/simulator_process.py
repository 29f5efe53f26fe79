"""The CC-Gateway simulator for benchmarks, in a process of its own (so its memory can be read from /proc
and its CPU does not share the benchmark's interpreter).

Prints one JSON line when serving: ``{"url": ..., "ca_bundle": ...}``. Serves until its stdin closes,
then prints one JSON line with what it counted: the events it queued per agent, the events still
queued (not yet handed out by a poll) per agent, and its garbage-collection pauses.

    python bench/simulator_process.py [--http] [--poll-wait SECONDS] [--stamp-events]
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import sys
import threading
import time
from collections import Counter

from CCGatewayLibrary.simulator import GatewayModel, SimulatorServer

from common import event_key


class GcPauses:
    """Times the interpreter's garbage collections (each stops the event loop): (wall clock, generation,
    milliseconds) for each."""

    def __init__(self):
        self.pauses: list[tuple[float, int, float]] = []
        self._started = 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase, info):
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.pauses.append((time.time(), info["generation"], (time.perf_counter() - self._started) * 1000))


class CountingModel(GatewayModel):
    """The simulator's model, counting every event it queues per agent; with ``stamps`` (a dict), also
    noting when it queued each one (``time.perf_counter``, the system's monotonic clock, which another
    process on this machine reads alike), keyed by ``common.event_key``."""

    def __init__(self, stamps: dict | None = None, **kwargs):
        super().__init__(**kwargs)
        self.queued: Counter[str] = Counter()
        self.stamps = stamps

    def _emit(self, agent, event_type, content=None):
        now = time.perf_counter()
        self.queued[agent.agent_id] += 1
        super()._emit(agent, event_type, content)
        if self.stamps is not None:
            self.stamps.setdefault(event_key(agent.events[-1]), []).append(now)


def _serve_query_bare() -> None:
    """Put a bare ASGI app in front of the simulator's: it answers the agent-status query itself with a
    fixed body (``wire.send_answer``'s one write, as the simulator answers), everything else passes on."""
    from starlette.responses import Response

    from CCGatewayLibrary.simulator import server as server_module
    from CCGatewayLibrary.simulator import wire

    made = server_module.create_app
    body = json.dumps({"message": "", "retcode": "0", "result": {"agentState": 4}}).encode()

    def create_app(*args, **kwargs):
        app = made(*args, **kwargs)

        async def bare(scope, receive, send):
            if scope["type"] == "http" and scope["path"].endswith("/agentstatus"):
                await wire.send_answer(Response(body, media_type="application/json"), scope, receive, send)
            else:
                await app(scope, receive, send)

        bare.state = app.state  # type: ignore[attr-defined]  # the server closes the simulator through it
        return bare

    server_module.create_app = create_app


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--http", action="store_true", help="plain HTTP instead of HTTPS")
    parser.add_argument("--poll-wait", type=float, default=10.0, help="long-poll wait in seconds")
    parser.add_argument("--file-limit", type=int, default=0, help="raise the open-files limit to this")
    parser.add_argument(
        "--baseline",
        action="store_true",
        help="the configuration before issue 13: uvicorn's h11 parser, no gc.freeze()",
    )
    parser.add_argument(
        "--loop", choices=["uvloop", "asyncio"], help="the server's event loop (default: as configured)"
    )
    parser.add_argument("--profile", metavar="FILE", help="cProfile the simulator's thread into FILE (pstats)")
    parser.add_argument(
        "--floor-query",
        action="store_true",
        help="answer GET .../agentstatus with a fixed JSON from a bare ASGI app, in one write, before the "
        "simulator's app sees it: the cost of uvicorn, asyncio and TLS alone (bench/request_cpu.py --floor)",
    )
    parser.add_argument(
        "--stamp-events", action="store_true", help="report when each event was queued (bench/event_latency.py)"
    )
    args = parser.parse_args()
    if args.file_limit:
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft < args.file_limit:
            resource.setrlimit(resource.RLIMIT_NOFILE, (min(args.file_limit, hard), hard))
    pauses = GcPauses()
    model = CountingModel(stamps={} if args.stamp_events else None)
    server = SimulatorServer(port=0, tls=not args.http, poll_wait=args.poll_wait, model=model)
    if args.loop:
        server.event_loop = args.loop
    if args.baseline:
        server.http_parser = "h11"
        server.event_loop = "asyncio"
    else:
        server.freeze_gc = True
    profile = None
    if args.profile:
        import cProfile

        profile = cProfile.Profile(time.thread_time)  # CPU time: a loaded machine does not inflate it
        threading.setprofile(lambda *_: (sys.setprofile(None), profile.enable()))  # the server's thread
    if args.floor_query:
        _serve_query_bare()
    url = server.start()
    if profile is not None:
        threading.setprofile(None)
    loop = type(server._loop).__module__ + "." + type(server._loop).__name__
    print(json.dumps({"url": url, "ca_bundle": server.ca_bundle, "loop": loop, "http": server.http_parser}), flush=True)
    try:
        sys.stdin.read()  # until the benchmark closes our stdin (or dies)
    finally:
        left = server.call(lambda: {a.agent_id: len(a.events) for a in model.agents.values()})
        queued = server.call(lambda: dict(model.queued))
        if profile is not None:
            server.call(profile.disable)  # on the server's thread, which it profiles
            profile.dump_stats(args.profile)
        server.stop()
        report = {"queued": queued, "left_in_queue": left, "gc": pauses.pauses}
        if model.stamps is not None:
            report["stamps"] = server.call(lambda: list(model.stamps.items()))
        print(json.dumps(report), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
