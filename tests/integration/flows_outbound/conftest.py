"""State on both backends for the flow tests: SQLite in a temp dir, and Azure Storage on Azurite."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sandbox.launcher import RunningSandbox
from shared.flows.contract import Services
from tests.contract.azurite import Azurite, AzuriteUnavailableError, running_azurite
from tests.contract.isolation import state_settings

from .support import sandbox_services


@pytest.fixture(scope="session")
def azurite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Azurite]:
    try:
        with running_azurite(tmp_path_factory.mktemp("azurite")) as emulator:
            yield emulator
    except AzuriteUnavailableError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(params=["sqlite", "azure"])
def backend_services(request: pytest.FixtureRequest, sandbox: RunningSandbox, tmp_path: Path) -> Iterator[Services]:
    """Services whose state lives on one backend or the other (the test runs once on each)."""
    values = state_settings(str(request.param), tmp_path=tmp_path, request=request)
    with sandbox_services(sandbox, tmp_path, state_values=values) as built:
        yield built


@pytest.fixture
def azure_services(request: pytest.FixtureRequest, sandbox: RunningSandbox, tmp_path: Path) -> Iterator[Services]:
    """Services with their state on Azure Storage (Azurite) only."""
    values = state_settings("azure", tmp_path=tmp_path, request=request)
    with sandbox_services(sandbox, tmp_path, state_values=values) as built:
        yield built
