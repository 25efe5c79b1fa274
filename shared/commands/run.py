"""``ml-connector run``: the Functions app's handlers without the Functions host.

The event endpoint on http://127.0.0.1:<LOCAL_HTTP_PORT>/api/events/dynamics (same route and keys), the poll and
sweep timers on their schedules, and queue workers with the same retry and failure semantics; SQLite state unless
settings say otherwise. Stops cleanly on SIGINT / SIGTERM. ``--once`` polls, sweeps and drains the queues once,
then exits. ``--sandbox`` starts the emulators and points the settings at them.
"""

from __future__ import annotations

import argparse
import json
import signal
from types import FrameType

from shared.commands._runtime_args import add_settings_argument, open_runtime


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "run", help="run the connector locally (HTTP, timers, queue workers)", description=__doc__
    )
    add_settings_argument(parser)
    parser.add_argument("--once", action="store_true", help="one poll, one sweep, drain the queues, then exit")
    parser.add_argument("--sandbox", action="store_true", help="start the emulators and use them")
    parser.add_argument("--port", type=int, help="HTTP port (default LOCAL_HTTP_PORT, 7071)")
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    import contextlib
    import logging
    import sys

    from shared.runtime.local_host import LocalHost, run_once

    with contextlib.ExitStack() as stack:
        overlay: dict[str, str] = {}
        if args.sandbox:
            from sandbox.launcher import start_sandbox
            from shared.commands._runtime_args import settings_source
            from shared.demo.endpoints import SandboxEndpoints
            from shared.demo.settings import sandbox_connections

            configured = settings_source(args)
            info = stack.enter_context(start_sandbox(seed=0)).info
            # The same connection settings the demo uses (secrets read from the Key Vault emulator); the sandbox
            # company's partner file and legal entities only where the settings name none.
            overlay = sandbox_connections(SandboxEndpoints.from_json(info.to_json()))
            for name in ("PARTNERS_FILE", "DYNAMICS_LEGAL_ENTITIES"):
                if name in configured:
                    overlay.pop(name)
        runtime = open_runtime(args, overlay)
        stack.callback(runtime.close)
        logging.getLogger("ml_connector").setLevel(logging.INFO)
        if args.once:
            counts = run_once(runtime)
            print(json.dumps(counts, sort_keys=True))
            return 1 if any(k.endswith("_failed") for k in counts) else 0
        host = LocalHost(runtime, port=args.port)

        def request_stop(signum: int, frame: FrameType | None) -> None:
            host.stop()

        signal.signal(signal.SIGINT, request_stop)
        signal.signal(signal.SIGTERM, request_stop)
        host.start()
        print(json.dumps({"url": f"http://127.0.0.1:{host.port}/api"}), flush=True)
        host.wait()
        print("stopped", file=sys.stderr)
    return 0
