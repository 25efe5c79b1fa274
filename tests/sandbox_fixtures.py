"""pytest plugin: a running sandbox for tests that talk to the emulators over real sockets.

``sandbox`` is one sandbox for the whole session (scale 1, no faults): tests that change its state (faults,
secrets) must undo it or use ``sandbox_factory``, which starts a private sandbox with any options and stops it
when the test ends.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

import pytest

from sandbox.faults import System
from sandbox.launcher import AppFactory, RunningSandbox, start_sandbox

SandboxFactory = Callable[..., RunningSandbox]


@pytest.fixture(scope="session")
def sandbox() -> Iterator[RunningSandbox]:
    with start_sandbox(scale=1, faults="none", seed=0) as running:
        yield running


@pytest.fixture
def sandbox_factory() -> Iterator[SandboxFactory]:
    started: list[RunningSandbox] = []

    def start(
        *,
        scale: int = 1,
        faults: str = "none",
        seed: int = 0,
        factories: Mapping[System, AppFactory] | None = None,
        token_lifetime_seconds: int | None = None,
    ) -> RunningSandbox:
        running = start_sandbox(
            scale=scale, faults=faults, seed=seed, factories=factories, token_lifetime_seconds=token_lifetime_seconds
        )
        started.append(running)
        return running

    yield start
    for running in started:
        running.stop()
