"""The functions run against the same real parts as the runtime tests: the sandbox, and SQLite or Azurite."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from shared.composition import Runtime, reset_current_runtime
from tests.integration.runtime.conftest import azurite, backend, runtime, values

__all__ = ["FunctionContext", "azurite", "backend", "installed", "runtime", "values"]


@dataclass(frozen=True)
class FunctionContext:
    """What the worker passes as ``context`` (the parts the functions read)."""

    invocation_id: str = "0f3c7a4e-1d2b-4c5d-8e9f-a0b1c2d3e4f5"
    function_name: str = "test"


@pytest.fixture
def installed(runtime: Runtime) -> Iterator[Runtime]:
    """The runtime the functions get from the composition root, instead of one built from the environment."""
    reset_current_runtime(runtime)
    try:
        yield runtime
    finally:
        reset_current_runtime(None)
