"""Fixtures of the state contract suite: every test runs once on SQLite and once on Azure Storage (Azurite)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from shared.settings import SettingsSource
from shared.state import StateStores, load_state_settings, open_state
from tests.contract.azurite import Azurite, AzuriteUnavailableError, running_azurite
from tests.contract.isolation import MAX_ATTEMPTS, state_settings


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
def settings_values(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> dict[str, str]:
    return {
        **state_settings(backend, tmp_path=tmp_path, request=request),
        "STATE_QUEUE_MAX_ATTEMPTS": str(MAX_ATTEMPTS),
    }


@pytest.fixture
def stores(settings_values: dict[str, str]) -> Iterator[StateStores]:
    opened = open_state(load_state_settings(SettingsSource(settings_values)))
    try:
        yield opened
    finally:
        opened.close()
