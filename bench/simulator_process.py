"""The CC-Gateway simulator for benchmarks, in a process of its own (so its memory can be read from /proc
and its CPU does not share the benchmark's interpreter).

Prints one JSON line when serving: ``{"url": ..., "ca_bundle": ...}``. Serves until its stdin closes,
then prints one JSON line with what it counted: the events it queued per agent, the events still
queued (not yet handed out by a poll) per agent, and its garbage-collection pauses.

    python bench/simulator_process.py [--http] [--poll-wait SECONDS]
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
    """The simulator's model, counting every event it queues per agent."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.queued: Counter[str] = Counter()

    def _emit(self, agent, event_type, content=None):
        self.queued[agent.agent_id] += 1
        super()._emit(agent, event_type, content)


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
    args = parser.parse_args()
    if args.file_limit:
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft < args.file_limit:
            resource.setrlimit(resource.RLIMIT_NOFILE, (min(args.file_limit, hard), hard))
    pauses = GcPauses()
    model = CountingModel()
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
        print(json.dumps({"queued": queued, "left_in_queue": left, "gc": pauses.pauses}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
