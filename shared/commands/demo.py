"""``ml-connector demo``: the whole cycle against the sandbox, twice, with a summary of what each flow did.

Starts the sandbox in this process (or uses one already running, ``--sandbox-info FILE``), builds the connector
for it, sets up business in Dynamics and at the partners, and runs the connector until everything is delivered,
created and acknowledged; then runs it again with no new input, which must do nothing.  Progress goes to stderr,
one line per step; the summary table (or, with ``--json``, one JSON object) to stdout.  Exit 0 when both passes
converged with no failure and the second did nothing; 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from shared.errors import ConfigurationError

if TYPE_CHECKING:
    from shared.demo.control import CallTotals
    from shared.demo.endpoints import SandboxEndpoints
    from shared.demo.settings import StateTarget


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="run the whole document cycle against the built-in sandbox, twice, and summarise it",
        description=__doc__,
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    parser.add_argument("--faults", default="none", metavar="PROFILE", help="fault profile: none, flaky, slow, chaos")
    parser.add_argument("--scale", type=int, default=1, help="sandbox data volume, and documents per partner")
    parser.add_argument("--seed", type=int, default=0, help="seed for the sandbox's data and faults (default 0)")
    parser.add_argument(
        "--orders", type=int, metavar="N", help="purchase orders each retailer sends (default 2 x --scale)"
    )
    parser.add_argument("--out", type=Path, help="write what the partners received and what Dynamics got here")
    parser.add_argument(
        "--state", choices=("sqlite", "azurite"), default="sqlite", help="state backend (default sqlite, temp dir)"
    )
    parser.add_argument(
        "--sandbox-info",
        type=Path,
        metavar="FILE",
        help="use a running sandbox: a file holding the JSON line `ml-connector sandbox` printed",
    )
    parser.add_argument("--partners", type=Path, help="partner file (default config/partners.sandbox.toml)")
    parser.add_argument("--verbose", action="store_true", help="also log the connector's warnings and errors")
    parser.set_defaults(handler=_run)


_STARTED = time.monotonic()


def _progress(line: str) -> None:
    sys.stderr.write(f"demo [{time.monotonic() - _STARTED:6.1f}s] {line}\n")
    sys.stderr.flush()


@dataclass(frozen=True)
class _Sandbox:
    endpoints: SandboxEndpoints
    meter: Callable[[], CallTotals] | None  # None: read the counters over HTTP


@contextmanager
def _sandbox(args: argparse.Namespace) -> Iterator[_Sandbox]:
    from shared.demo.endpoints import SandboxEndpoints, read_sandbox_info

    if args.sandbox_info is not None:
        yield _Sandbox(read_sandbox_info(args.sandbox_info), None)
        return
    from sandbox.faults import System
    from sandbox.launcher import start_sandbox
    from shared.demo.control import CallTotals

    with start_sandbox(scale=args.scale, faults=args.faults, seed=args.seed) as running:
        _progress(f"sandbox started (scale {args.scale}, faults {args.faults}, seed {args.seed})")

        def meter() -> CallTotals:
            requests = running.faults.stats().requests
            return CallTotals(requests.get(System.DYNAMICS, 0), requests.get(System.STERLING, 0))

        yield _Sandbox(SandboxEndpoints.from_json(running.info.to_json()), meter)


@contextmanager
def _quiet_logs() -> Iterator[None]:
    """The progress lines tell the story; the connector's own events (every retry under --faults) stay out of it.
    Failures still reach the summary, with their reasons."""
    loggers = [logging.getLogger(name) for name in ("ml_connector", "shared", "sandbox", "azure")]
    previous = [(logger, logger.level) for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in previous:
            logger.setLevel(level)


def _state(args: argparse.Namespace, stack: ExitStack, workdir: Path) -> StateTarget:
    from shared.demo.settings import StateChoice, StateTarget

    if args.state == "sqlite":
        return StateTarget(StateChoice.SQLITE, sqlite_path=workdir / "state.db")
    from shared.demo.azurite import running_azurite

    connection = stack.enter_context(running_azurite(workdir))
    _progress("Azurite started for the Azure Storage state adapters")
    return StateTarget(StateChoice.AZURITE, storage_connection=connection, name_prefix=f"demo{uuid.uuid4().hex[:8]}")


def _check_options(args: argparse.Namespace) -> None:
    """Every option problem before anything starts (Azurite, the sandbox)."""
    if args.scale < 1:
        raise ConfigurationError(f"--scale must be at least 1, not {args.scale}", context={"option": "--scale"})
    if args.orders is not None and not 1 <= args.orders <= 1000:
        raise ConfigurationError(
            f"--orders must be between 1 and 1000, not {args.orders}", context={"option": "--orders"}
        )
    if args.sandbox_info is not None:
        if args.faults != "none" or args.scale != 1 or args.seed != 0:
            raise ConfigurationError(
                "--faults, --scale and --seed choose how the demo starts its own sandbox",
                hint="start the sandbox with them (ml-connector sandbox --faults ...), or drop --sandbox-info",
            )
        return
    from sandbox.faults import PROFILES

    if args.faults not in PROFILES:
        raise ConfigurationError(
            f"unknown fault profile {args.faults!r}",
            context={"option": "--faults"},
            hint=f"use one of {list(PROFILES)}",
        )


def _run(args: argparse.Namespace) -> int:
    from shared.demo.report import json_document, summary_table
    from shared.demo.session import DemoOptions, run_demo
    from shared.demo.settings import DEFAULT_PARTNERS_FILE

    _check_options(args)
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="ml-connector-demo-")))
        state = _state(args, stack, workdir)
        if not args.verbose:
            stack.enter_context(_quiet_logs())
        sandbox = stack.enter_context(_sandbox(args))
        options = DemoOptions(
            state=state,
            per_partner=args.scale,
            orders_per_customer=args.orders if args.orders is not None else 2 * args.scale,
            out=args.out,
            partners_file=args.partners or DEFAULT_PARTNERS_FILE,
        )
        outcome = run_demo(sandbox.endpoints, options, _progress, meter=sandbox.meter)
    code = outcome.exit_code
    if args.json:
        sys.stdout.write(json.dumps(json_document(outcome.result, exit_code=code)) + "\n")
    else:
        sys.stdout.write(summary_table(outcome.result) + "\n")
    return code
