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
from typing import TYPE_CHECKING

from shared.commands._runtime_args import add_settings_argument, open_runtime

if TYPE_CHECKING:
    from sandbox.launcher import SandboxInfo


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "run", help="run the connector locally (HTTP, timers, queue workers)", description=__doc__
    )
    add_settings_argument(parser)
    parser.add_argument("--once", action="store_true", help="one poll, one sweep, drain the queues, then exit")
    parser.add_argument("--sandbox", action="store_true", help="start the emulators and use them")
    parser.add_argument("--port", type=int, help="HTTP port (default LOCAL_HTTP_PORT, 7071)")
    parser.set_defaults(handler=_run)


SANDBOX_DEFAULTS: dict[str, str] = {
    "DYNAMICS_LEGAL_ENTITIES": "usmf,demf",
    "PARTNERS_FILE": "config/partners.sandbox.toml",
}


def sandbox_overlay(info: SandboxInfo) -> dict[str, str]:
    """Settings that point the connector at a running sandbox."""
    creds = info.credentials
    return {
        "DYNAMICS_ENV_URL": info.dynamics,
        "DYNAMICS_ALLOW_SANDBOX_HOST": "true",
        "DYNAMICS_AUTHORITY_HOST": info.entra,
        "DYNAMICS_TENANT_ID": creds.tenant_id,
        "DYNAMICS_CLIENT_ID": creds.client_id,
        "DYNAMICS_CLIENT_SECRET": creds.client_secret,
        "DYNAMICS_CA_BUNDLE": str(info.ca_cert),
        "STERLING_BASE_URL": info.sterling,
        "STERLING_USER": creds.sterling_user,
        "STERLING_PASSWORD": creds.sterling_password,
        "STERLING_CA_BUNDLE": str(info.ca_cert),
    }


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

            configured = settings_source(args)
            # The sandbox company's own partner file and legal entities, unless the settings name others.
            overlay = {k: v for k, v in SANDBOX_DEFAULTS.items() if k not in configured}
            overlay.update(sandbox_overlay(stack.enter_context(start_sandbox(seed=0)).info))
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
