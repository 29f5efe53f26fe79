"""Soak: AGENTS agents signed in through the library's client (GatewayClient: one background event poller per
agent, as in a Robot run), each cycling inbound calls against the simulator (in its own process) for
DURATION seconds: the customer calls, the agent answers, the agent drops the call, and every step waits for
the events that prove it. Loopback only; stops by itself.

    python bench/soak.py                          # 200 agents for 10 minutes (the README's figures)
    python bench/soak.py --agents 20 --duration 30    # a quick run

Reports errors (any failed request or wait), lost events (events the simulator handed out that the library
does not hold, and waits that timed out), repeated events, failed polls, cycles, and the resident memory of
the library's process and of the simulator's over time: "flat" means the last quarter's samples stay within
10% (and 16 MiB) of the first sample after warm-up.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

from CCGatewayLibrary import interfaces as api  # noqa: E402
from CCGatewayLibrary.client import GatewayClient, matcher  # noqa: E402

from common import SimulatorProcess, header, rss_kib  # noqa: E402

FIRST_AGENT = 20001
SIGN_IN = {"password": "", "phonenum": "", "status": 4, "phonelinkage": False, "autoanswer": False, "agenttype": 4}
# A cycle's events, in the order the simulator queues them, with the content filter each wait uses.
CYCLE = [
    ("AgentState_Busy", None),
    ("AgentOther_PhoneAlerting", None),
    ("AgentOther_PhoneOffhook", None),
    ("AgentEvent_Ringing", "callid"),
    ("AgentEvent_Talking", "callid"),
    ("AgentEvent_Call_Release", "content"),
    ("AgentEvent_Customer_Release", "callid"),
    ("AgentOther_PhoneRelease", None),
    ("AgentState_Ready", None),
]


class Totals:
    def __init__(self):
        self.lock = threading.Lock()
        self.cycles = 0
        self.errors: list[str] = []
        self.wait_timeouts = 0

    def error(self, text: str) -> None:
        with self.lock:
            self.errors.append(text)


def agent_loop(
    client: GatewayClient,
    url: str,
    ca: str,
    agent_id: str,
    stop: threading.Event,
    pause: float,
    wait: float,
    totals: Totals,
) -> None:
    """Cycle calls for one agent until ``stop``; every request has the client's timeout, every wait ``wait``."""
    http = requests.Session()  # one per thread: requests.Session is not thread-safe
    session = client.session(agent_id)
    stream = session.stream
    while not stop.is_set():
        try:
            answer = http.post(
                f"{url}/simulator/inbound-calls", json={"agent_id": agent_id}, verify=ca, timeout=client.timeout
            ).json()
            if answer.get("retcode") != "0":
                raise RuntimeError(f"inbound call refused: {answer}")
            call = answer["result"]["callid"]
            for step, (event_type, key) in enumerate(CYCLE):
                if event_type == "AgentEvent_Talking":
                    client.call(api.ANSWER, agent_id, session=session, http=http)
                elif event_type == "AgentEvent_Call_Release":
                    client.call(api.RELEASE, agent_id, session=session, http=http)
                predicate = matcher(
                    event_type, call if key == "content" else None, {"callid": call} if key == "callid" else None
                )
                if stream.wait_for(predicate, wait) is None:
                    with totals.lock:
                        totals.wait_timeouts += 1
                    raise RuntimeError(
                        f"{event_type} (step {step + 1}) did not arrive within {wait:g} s"
                        + (f"; stream ended: {stream.ended}" if stream.ended else "")
                    )
            stream.take_unlogged()  # what the keywords do: log what arrived
            stream.start_test()  # what the library does per Robot test: the history restarts
            with totals.lock:
                totals.cycles += 1
        except Exception as error:  # counted, then the agent goes on (or stops if its session is gone)
            totals.error(f"agent {agent_id}: {error}")
            if stream.ended is not None:
                return
            stop.wait(1.0)
            continue
        stop.wait(pause)
    http.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=200)
    parser.add_argument("--duration", type=float, default=600.0, help="seconds of cycling (default 600)")
    parser.add_argument("--pause", type=float, default=2.0, help="seconds each agent rests between cycles")
    parser.add_argument("--poll-wait", type=float, default=10.0, help="the simulator's long-poll wait")
    parser.add_argument(
        "--sample", type=float, default=0.0, help="seconds between memory samples (default: duration / 20)"
    )
    parser.add_argument("--json", metavar="PATH", help="also write the figures here as JSON")
    args = parser.parse_args()
    sample_every = args.sample or max(1.0, args.duration / 20)
    header(f"Soak: {args.agents} agents cycling calls for {args.duration:g} s")

    totals = Totals()
    with SimulatorProcess(tls=True, poll_wait=args.poll_wait) as sim:
        client = GatewayClient(sim.url, verify=sim.ca_bundle, timeout=10)
        agents = [str(FIRST_AGENT + i) for i in range(args.agents)]
        for agent_id in agents:
            session, _ = client.sign_in(agent_id, SIGN_IN)
            for event_type in ("AgentOther_InService", "AgentState_Ready"):
                if session.stream.wait_for(matcher(event_type), 30) is None:
                    totals.error(f"agent {agent_id}: no {event_type} after sign-in")
        stop = threading.Event()
        threads = [
            threading.Thread(
                target=agent_loop,
                name=f"soak-{a}",
                daemon=True,
                args=(client, sim.url, sim.ca_bundle, a, stop, args.pause, 30.0, totals),
            )
            for a in agents
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        samples = []  # (seconds, cycles, library RSS KiB, simulator RSS KiB)
        me = __import__("os").getpid()
        while (elapsed := time.monotonic() - started) < args.duration:
            samples.append((round(elapsed), totals.cycles, rss_kib(me)["VmRSS"], sim.rss()["VmRSS"]))
            print(
                f"  {samples[-1][0]:>5} s  cycles {samples[-1][1]:>7}  library {samples[-1][2] / 1024:7.1f} MiB  "
                f"simulator {samples[-1][3] / 1024:7.1f} MiB  errors {len(totals.errors)}",
                flush=True,
            )
            time.sleep(min(sample_every, max(0.0, args.duration - elapsed)))
        samples.append((round(time.monotonic() - started), totals.cycles, rss_kib(me)["VmRSS"], sim.rss()["VmRSS"]))
        stop.set()
        for thread in threads:
            thread.join(60)
        ran = time.monotonic() - started
        streams = {a: client.session(a).stream for a in agents}
        received = {a: next(s._seq) - 1 for a, s in streams.items()}  # events the library kept, per agent
        repeats = sum(s.duplicates for s in streams.values())
        failed_polls = sum(s.faults for s in streams.values())
        ended = [a for a, s in streams.items() if s.ended is not None]
        for agent_id in agents:
            try:
                client.sign_out(agent_id, force=True)
            except Exception as error:
                totals.error(f"agent {agent_id}: sign-out: {error}")
        client.close()
        counts = sim.stop()
    handed_out = {a: counts["queued"].get(a, 0) - counts["left_in_queue"].get(a, 0) for a in agents}
    lost = sum(max(0, handed_out[a] - received[a]) for a in agents)
    warm = samples[min(len(samples) - 1, max(1, len(samples) // 10))]  # the first sample after warm-up
    tail = samples[-max(1, len(samples) // 4) :]

    def flat(index: int) -> bool:
        return all(s[index] <= max(warm[index] * 1.10, warm[index] + 16 * 1024) for s in tail)

    figures = {
        "agents": args.agents,
        "seconds": round(ran, 1),
        "cycles": totals.cycles,
        "cycles_per_second": round(totals.cycles / ran, 1),
        "errors": len(totals.errors),
        "wait_timeouts": totals.wait_timeouts,
        "events_handed_out": sum(handed_out.values()),
        "events_received": sum(received.values()),
        "events_lost": lost,
        "events_repeated": repeats,
        "failed_polls": failed_polls,
        "streams_ended": len(ended),
        "library_rss_mib": {
            "after_warm_up": round(warm[2] / 1024, 1),
            "end": round(samples[-1][2] / 1024, 1),
            "max": round(max(s[2] for s in samples) / 1024, 1),
            "flat": flat(2),
        },
        "simulator_rss_mib": {
            "after_warm_up": round(warm[3] / 1024, 1),
            "end": round(samples[-1][3] / 1024, 1),
            "max": round(max(s[3] for s in samples) / 1024, 1),
            "flat": flat(3),
        },
        "first_errors": totals.errors[:5],
    }
    print(json.dumps(figures, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps({**figures, "samples": samples}, indent=2), encoding="utf-8")
    ok = (
        not totals.errors
        and lost == 0
        and repeats == 0
        and figures["library_rss_mib"]["flat"]
        and figures["simulator_rss_mib"]["flat"]
    )
    print("verdict:", "no errors, no lost events, memory flat" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
