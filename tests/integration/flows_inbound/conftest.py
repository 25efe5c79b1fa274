"""A fresh inbound run (SQLite state in a temp dir) over the session sandbox for each test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sandbox.launcher import RunningSandbox
from tests.integration.flows_inbound.harness import InboundRun, start_run


@pytest.fixture
def run(sandbox: RunningSandbox, tmp_path: Path) -> Iterator[InboundRun]:
    started = start_run(sandbox, tmp_path)
    yield started
    started.close()
