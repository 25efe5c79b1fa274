"""``ml-connector sandbox``: run the four emulators until interrupted.

The first line on stdout is one JSON object (URLs, CA path, credentials); scripts read it, so it is a contract:
it comes first, alone on its line, and is flushed before anything else happens.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from types import FrameType

from shared.errors import ConfigurationError


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "sandbox",
        help="run the Entra ID, Dynamics, Sterling and Key Vault emulators on 127.0.0.1",
        description="Start the emulators, print one JSON line (URLs, CA certificate, credentials), serve until "
        "SIGINT or SIGTERM.",
    )
    parser.add_argument("--scale", type=int, default=1, help="data volume multiplier for the emulators (default 1)")
    parser.add_argument(
        "--faults",
        default="none",
        metavar="PROFILE",
        help="fault profile: none, flaky, slow or chaos (default none)",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed for data, credentials and faults (default 0)")
    parser.add_argument("--verbose", action="store_true", help="log one line per request to stderr")
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from sandbox.faults import PROFILES
    from sandbox.launcher import start_sandbox

    if args.faults not in PROFILES:
        raise ConfigurationError(
            f"unknown fault profile {args.faults!r}",
            context={"option": "--faults"},
            hint=f"choose one of: {', '.join(PROFILES)}",
        )
    if args.scale < 1:
        raise ConfigurationError(f"--scale must be at least 1, not {args.scale}", context={"option": "--scale"})
    logging.basicConfig(
        level=logging.WARNING, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    if args.verbose:
        logging.getLogger("sandbox").setLevel(logging.DEBUG)

    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        with start_sandbox(scale=args.scale, faults=args.faults, seed=args.seed) as running:
            sys.stdout.write(running.info.to_json() + "\n")
            sys.stdout.flush()
            while not stop.wait(timeout=0.5):
                pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0
