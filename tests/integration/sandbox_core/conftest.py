"""The sandbox core's tests run with stub Dynamics and Sterling emulators (the real ones are built elsewhere)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sandbox.faults import System
from sandbox.launcher import RunningSandbox
from tests.integration.sandbox_core.stub_apps import StoreApp

STUBS = {System.DYNAMICS: StoreApp, System.STERLING: StoreApp}


@pytest.fixture
def core_sandbox(sandbox_factory: Callable[..., RunningSandbox]) -> RunningSandbox:
    return sandbox_factory(factories=STUBS)
