"""Every runtime integration test runs on SQLite and on Azure Storage (Azurite), against the sandbox emulators."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sandbox.launcher import RunningSandbox
from shared.composition import Runtime, build_runtime
from shared.settings import SettingsSource
from tests.contract.azurite import Azurite, AzuriteUnavailableError, running_azurite
from tests.contract.isolation import state_settings
from tests.integration.runtime.support import sandbox_values


@pytest.fixture(scope="session")
def azurite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Azurite]:
    try:
        with running_azurite(tmp_path_factory.mktemp("azurite")) as emulator:
            yield emulator
    except AzuriteUnavailableError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(params=["sqlite", "azure"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def values(sandbox: RunningSandbox, backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> dict[str, str]:
    return {**sandbox_values(sandbox), **state_settings(backend, tmp_path=tmp_path, request=request)}


@pytest.fixture
def runtime(values: dict[str, str]) -> Iterator[Runtime]:
    built = build_runtime(SettingsSource(values))
    try:
        yield built
    finally:
        built.close()
