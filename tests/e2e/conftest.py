"""The demo runs the e2e tests look at: each is started once per session and shared.

* ``cli_run``: ``ml-connector demo --json --out DIR`` in a subprocess, SQLite state, no faults (the contract run);
* ``chaos_run``: the same with ``--faults chaos``;
* ``azurite_run``: the same with the Azure Storage state adapters against Azurite, and a sandbox started here.

All use one purchase order per retailer (``--orders 1``) so the suite stays quick; every flow still runs.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from sandbox.launcher import start_sandbox
from tests.conftest import REPO

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
    """The CLI with ``--state azurite`` against a sandbox running in this process (``--sandbox-info``), so the
    demo's other way of finding the sandbox and reading its counters (over HTTP) is exercised too."""
    out = tmp_path_factory.mktemp("demo-azurite-out")
    info = tmp_path_factory.mktemp("sandbox-info") / "sandbox.json"
    with start_sandbox(scale=1, faults="none", seed=0) as running:
        info.write_text(running.info.to_json() + "\n", encoding="utf-8")
        yield run_cli("--state", "azurite", "--sandbox-info", str(info), out=out)
