"""The demo runs the e2e tests look at: each is started once per session and shared.

* ``cli_run``: ``ml-connector demo --json --out DIR`` in a subprocess, SQLite state, no faults (the contract run);
* ``chaos_run``: the same with ``--faults chaos``;
* ``azurite_run``: the demo in this process with the Azure Storage state adapters against Azurite.

All use one purchase order per retailer (``--orders 1``) so the suite stays quick; every flow still runs.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from sandbox.faults import System
from sandbox.launcher import start_sandbox
from shared.demo.control import CallTotals
from shared.demo.endpoints import SandboxEndpoints
from shared.demo.report import json_document
from shared.demo.session import DemoOptions, run_demo
from shared.demo.settings import StateChoice, StateTarget
from shared.settings import Secret
from tests.conftest import REPO
from tests.contract.azurite import AzuriteUnavailableError, running_azurite

ORDERS_PER_RETAILER = "1"
CLI_TIMEOUT_SECONDS = 240


@dataclass(frozen=True)
class DemoRun:
    exit_code: int
    document: dict[str, object]
    out: Path | None
    stdout: str = ""
    stderr: str = ""


def run_cli(*options: str, out: Path | None = None) -> DemoRun:
    command = [sys.executable, "-m", "shared.cli", "demo", "--json", "--orders", ORDERS_PER_RETAILER, *options]
    if out is not None:
        command += ["--out", str(out)]
    completed = subprocess.run(
        command, cwd=REPO, capture_output=True, text=True, timeout=CLI_TIMEOUT_SECONDS, check=False
    )
    lines = completed.stdout.splitlines()
    assert len(lines) == 1, f"stdout must be exactly one JSON line, got {len(lines)}:\n{completed.stdout[-2000:]}"
    document = json.loads(lines[0])
    assert isinstance(document, dict)
    return DemoRun(completed.returncode, document, out, completed.stdout, completed.stderr)


@pytest.fixture(scope="session")
def cli_run(tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    return run_cli(out=tmp_path_factory.mktemp("demo-out"))


@pytest.fixture(scope="session")
def chaos_run() -> DemoRun:
    return run_cli("--faults", "chaos")


@pytest.fixture(scope="session")
def azurite_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoRun]:
    out = tmp_path_factory.mktemp("demo-azurite-out")
    try:
        with (
            tempfile.TemporaryDirectory(prefix="demo-azurite-") as workdir,
            running_azurite(Path(workdir)) as azurite,
            start_sandbox(scale=1, faults="none", seed=0) as running,
        ):
            state = StateTarget(
                StateChoice.AZURITE, storage_connection=Secret(azurite.connection_string), name_prefix="demoe2e"
            )

            def meter() -> CallTotals:
                seen = running.faults.stats().requests
                return CallTotals(seen.get(System.DYNAMICS, 0), seen.get(System.STERLING, 0))

            outcome = run_demo(
                SandboxEndpoints.from_json(running.info.to_json()),
                DemoOptions(state=state, orders_per_customer=int(ORDERS_PER_RETAILER), out=out),
                lambda line: None,
                meter=meter,
            )
            yield DemoRun(outcome.exit_code, json_document(outcome.result, exit_code=outcome.exit_code), out)
    except AzuriteUnavailableError as exc:
        pytest.fail(str(exc), pytrace=False)
