"""The demo runs the e2e tests look at: ``ml-connector demo --json`` in subprocesses, started once per session.

All use one purchase order per retailer (``--orders 1``) so the suite stays quick; every flow still runs.
"""

from __future__ import annotations

import json
import subprocess
import sys
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


@dataclass
class _Launched:
    process: subprocess.Popen[str]
    out: Path | None

    def result(self) -> DemoRun:
        try:
            stdout, stderr = self.process.communicate(timeout=CLI_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            stdout, stderr = self.process.communicate()
            pytest.fail(f"the demo did not finish in {CLI_TIMEOUT_SECONDS} s:\n{stderr[-3000:]}")
        lines = stdout.splitlines()
        assert len(lines) == 1, (
            f"stdout must be exactly one JSON line, got {len(lines)}:\n{stdout[-2000:]}{stderr[-2000:]}"
        )
        document = json.loads(lines[0])
        assert isinstance(document, dict)
        return DemoRun(self.process.returncode, document, self.out, stdout, stderr)


def launch_cli(*options: str, out: Path | None = None) -> _Launched:
    command = [sys.executable, "-m", "shared.cli", "demo", "--json", "--orders", ORDERS_PER_RETAILER, *options]
    if out is not None:
        command += ["--out", str(out)]
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return _Launched(process, out)


@pytest.fixture(scope="session")
def demo_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, DemoRun]:
    """The three runs, started together: each spends most of its time waiting on loopback sockets and on the
    retry delays of the chaos profile, so running them side by side costs little CPU and a third of the time."""
    info = tmp_path_factory.mktemp("sandbox-info") / "sandbox.json"
    with start_sandbox(scale=1, faults="none", seed=0) as running:
        info.write_text(running.info.to_json() + "\n", encoding="utf-8")
        launched = {
            "clean": launch_cli(out=tmp_path_factory.mktemp("demo-out")),
            "chaos": launch_cli("--faults", "chaos"),
            "azurite": launch_cli(
                "--state", "azurite", "--sandbox-info", str(info), out=tmp_path_factory.mktemp("demo-azurite-out")
            ),
        }
        return {name: run.result() for name, run in launched.items()}


@pytest.fixture(scope="session")
def cli_run(demo_runs: dict[str, DemoRun]) -> DemoRun:
    """``ml-connector demo --json --out DIR``: SQLite state, no faults, its own sandbox (the contract run)."""
    return demo_runs["clean"]


@pytest.fixture(scope="session")
def chaos_run(demo_runs: dict[str, DemoRun]) -> DemoRun:
    """The same with ``--faults chaos``."""
    return demo_runs["chaos"]


@pytest.fixture(scope="session")
def azurite_run(demo_runs: dict[str, DemoRun]) -> DemoRun:
    """``--state azurite`` against a sandbox started in the test process (``--sandbox-info``), so the demo's other
    way of finding the sandbox and reading its counters (over HTTP) is exercised too."""
    return demo_runs["azurite"]
