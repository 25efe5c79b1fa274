"""Settings that point the real clients at a running sandbox (the emulators over real sockets)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sandbox.launcher import RunningSandbox
from shared.dynamics.client import DynamicsClient
from shared.dynamics.config import DynamicsSettings, parse_dynamics_settings
from shared.settings import SettingsProblems, SettingsSource
from shared.sterling.client import SterlingClient
from shared.sterling.config import SterlingSettings, parse_sterling_settings


def sandbox_settings(sandbox: RunningSandbox, **overrides: str) -> SettingsSource:
    """Every setting the clients need for ``sandbox``; an override of "" removes that setting."""
    info = sandbox.info
    values = {
        "DYNAMICS_ENV_URL": info.dynamics,
        "DYNAMICS_TENANT_ID": info.credentials.tenant_id,
        "DYNAMICS_CLIENT_ID": info.credentials.client_id,
        "DYNAMICS_CLIENT_SECRET": info.credentials.client_secret,
        "DYNAMICS_AUTHORITY_HOST": info.entra,
        "DYNAMICS_LEGAL_ENTITIES": "usmf,demf",
        "DYNAMICS_ALLOW_SANDBOX_HOST": "true",
        "DYNAMICS_CA_BUNDLE": str(info.ca_cert),
        "STERLING_BASE_URL": info.sterling,
        "STERLING_USER": info.credentials.sterling_user,
        "STERLING_PASSWORD": info.credentials.sterling_password,
    }
    values.update(overrides)
    return SettingsSource(values)


def dynamics_settings(sandbox: RunningSandbox, **overrides: str) -> DynamicsSettings:
    problems = SettingsProblems()
    settings = parse_dynamics_settings(sandbox_settings(sandbox, **overrides), problems, secret_in_key_vault=False)
    problems.raise_if_any()
    return settings


def sterling_settings(sandbox: RunningSandbox, **overrides: str) -> SterlingSettings:
    problems = SettingsProblems()
    settings = parse_sterling_settings(sandbox_settings(sandbox, **overrides), problems, secret_in_key_vault=False)
    problems.raise_if_any()
    return settings


@pytest.fixture
def dynamics(sandbox: RunningSandbox) -> Iterator[DynamicsClient]:
    with DynamicsClient(dynamics_settings(sandbox)) as client:
        yield client


@pytest.fixture
def sterling(sandbox: RunningSandbox) -> Iterator[SterlingClient]:
    with SterlingClient(sterling_settings(sandbox)) as client:
        yield client


@pytest.fixture(autouse=True)
def _no_faults_left_behind(sandbox: RunningSandbox) -> Iterator[None]:
    """Tests that script faults on the shared sandbox must not leak them into the next test."""
    yield
    sandbox.faults.clear()
