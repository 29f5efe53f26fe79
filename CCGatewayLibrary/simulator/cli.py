"""``ccgateway-simulator``: run the CC-Gateway simulator in the foreground until Ctrl-C."""

from __future__ import annotations

import argparse
import shutil
import signal
import sys
import threading

from ..control import BASE_PATH
from ..version import __version__
from .server import SimulatorServer


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ccgateway-simulator",
        description=f"Simulated Huawei CC-Gateway agent REST API (with a {BASE_PATH} control API).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8043, help="port, 0 = any free port (default 8043)")
    parser.add_argument("--http", action="store_true", help="plain HTTP instead of HTTPS")
    parser.add_argument(
        "--poll-wait",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="how long an event poll waits for an event (default 10)",
    )
    parser.add_argument(
        "--guid-rotation", type=float, default=None, metavar="SECONDS", help="same as --guid-interval (older name)"
    )
    parser.add_argument(
        "--auth-mode",
        type=int,
        choices=(1, 2),
        default=2,
        help="AUTHMODE: 1 static Guid, 2 dynamic (default, as documented: a new Guid on event "
        "polls every --guid-interval, each expiring after --guid-timeout)",
    )
    parser.add_argument(
        "--guid-interval", type=float, default=60.0, metavar="SECONDS", help="GUIDINTERVAL in dynamic mode (default 60)"
    )
    parser.add_argument(
        "--guid-timeout",
        type=float,
        default=120.0,
        metavar="SECONDS",
        help="GUIDTIMEOUT in dynamic mode (default 120; must exceed the interval)",
    )
    parser.add_argument(
        "--agent-directory",
        metavar="JSON",
        default=None,
        help="JSON file of the agents the gateway knows ({agent ID: {password, phones, skills}}): "
        "sign-in then checks passwords (100-004) and phone numbers (100-014). Without it "
        "any password and phone number is accepted",
    )
    parser.add_argument(
        "--ring-timeout",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="how long a phone rings unanswered before the call fails (default 30; 0 = never)",
    )
    parser.add_argument(
        "--idle-timeout",
        type=float,
        default=120.0,
        metavar="SECONDS",
        help="sign out an agent that has not polled for events this long (default 120, as documented; 0 = never)",
    )
    parser.add_argument("--ca-out", metavar="PATH", help="also copy the generated CA certificate (PEM) here")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.http and args.ca_out:
        _parser().error("--ca-out needs HTTPS (drop --http)")
    interval = args.guid_rotation if args.guid_rotation is not None else args.guid_interval
    if args.auth_mode == 2 and interval >= args.guid_timeout:
        _parser().error("--guid-interval must be smaller than --guid-timeout")
    server = SimulatorServer(
        host=args.host,
        port=args.port,
        tls=not args.http,
        poll_wait=args.poll_wait,
        idle_timeout=args.idle_timeout,
        auth_mode=args.auth_mode,
        guid_interval=interval,
        guid_timeout=args.guid_timeout,
        directory=args.agent_directory,
        ring_timeout=args.ring_timeout,
    )
    server.freeze_gc = True  # a process of its own: no full-collection pauses with thousands of agents
    try:
        url = server.start()
    except OSError as error:
        print(f"ccgateway-simulator: cannot listen on {args.host}:{args.port}: {error}", file=sys.stderr)
        return 1
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):  # explicit: a shell's background job ignores SIGINT
        signal.signal(signum, lambda *_: stop.set())
    try:
        ca_bundle = server.ca_bundle
        if ca_bundle and args.ca_out:
            shutil.copyfile(ca_bundle, args.ca_out)
            ca_bundle = args.ca_out
        print(f"CC-Gateway simulator listening at {url}", flush=True)
        print(f"CA bundle: {ca_bundle}" if ca_bundle else "CA bundle: none (plain HTTP)", flush=True)
        print(f"Settings: {server.describe_settings()}", flush=True)
        print("Press Ctrl-C to stop.", flush=True)
        while not stop.wait(0.5):
            pass
    finally:
        server.stop()
    return 0
