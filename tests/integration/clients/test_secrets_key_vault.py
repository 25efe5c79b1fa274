"""Secrets from the Key Vault emulator through the real SecretClient; rotation picked up without a restart."""

from __future__ import annotations

import time

import pytest

from sandbox.keyvault.app import SecretRole
from sandbox.launcher import RunningSandbox
from shared.commands.ping import run_ping
from shared.dynamics.client import DynamicsClient
from shared.dynamics.config import parse_dynamics_settings
from shared.dynamics.odata import Filter
from shared.dynamics.records.parties import Customer
from shared.errors import ConfigurationError
from shared.http.probe import StepStatus
from shared.secrets import CachedSecretProvider, KeyVaultSecretProvider, build_secret_provider, parse_key_vault_settings
from shared.settings import SettingsProblems, SettingsSource
from tests.integration.clients.conftest import sandbox_settings
from tests.sandbox_fixtures import SandboxFactory

pytestmark = pytest.mark.integration

VAULT_READER = "0a0a0a0a-1b1b-2c2c-3d3d-4e4e4e4e4e4e"


def vault_settings(sandbox: RunningSandbox, **overrides: str) -> SettingsSource:
    info = sandbox.info
    values = dict(sandbox_settings(sandbox, DYNAMICS_CLIENT_SECRET="", STERLING_PASSWORD=""))
    values.update(
        {
            "KEY_VAULT_URI": info.keyvault,
            "KEY_VAULT_EMULATOR": "true",
            "KEY_VAULT_EMULATOR_AUTHORITY": info.entra,
            "KEY_VAULT_EMULATOR_TENANT_ID": info.credentials.tenant_id,
            "KEY_VAULT_EMULATOR_CLIENT_ID": info.credentials.client_id,
            "KEY_VAULT_EMULATOR_CLIENT_SECRET": info.credentials.client_secret,
            "KEY_VAULT_CA_BUNDLE": str(info.ca_cert),
        }
    )
    values.update(overrides)
    return SettingsSource(values)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_secrets_come_from_the_vault(sandbox: RunningSandbox) -> None:
    provider = build_secret_provider(vault_settings(sandbox))
    assert provider.source == f"Key Vault {sandbox.info.keyvault}"
    assert provider.get("dynamics-client-secret").reveal() == sandbox.info.credentials.client_secret
    assert provider.get("sterling-password").reveal() == sandbox.info.credentials.sterling_password
    with pytest.raises(ConfigurationError, match="does not exist in Key Vault"):
        provider.get("no-such-secret")


def test_rotation_reaches_the_dynamics_client_without_a_restart(sandbox_factory: SandboxFactory) -> None:
    running = sandbox_factory(token_lifetime_seconds=2)
    # The vault is read by its own identity (in Azure: the Function app's managed identity), not the Dynamics app.
    running.entra.register_client(VAULT_READER, "vault-reader-secret-value")
    running.keyvault.assign_role(VAULT_READER, SecretRole.USER)
    source = vault_settings(
        running,
        KEY_VAULT_EMULATOR_CLIENT_ID=VAULT_READER,
        KEY_VAULT_EMULATOR_CLIENT_SECRET="vault-reader-secret-value",
    )
    problems = SettingsProblems()
    vault = parse_key_vault_settings(source, problems)
    dynamics = parse_dynamics_settings(source, problems, secret_in_key_vault=True)
    problems.raise_if_any()
    assert vault is not None
    secrets = CachedSecretProvider(KeyVaultSecretProvider(vault), ttl=300.0, clock=Clock())
    rotated = "rotated8Q~secret-value-0123456789abcdef"
    with DynamicsClient(dynamics, secrets=secrets) as client:
        assert client.first(Customer, _any(), legal_entity="usmf") is not None
        # The operator rotates the secret: a new one in Entra (the old one stops working), then in the vault.
        running.entra.rotate_secret(running.info.credentials.client_id, rotated)
        running.keyvault.store.set("dynamics-client-secret", rotated)  # type: ignore[attr-defined]
        time.sleep(2.2)  # the token expires; the cached secret (TTL 300 s) is now the wrong one
        assert client.first(Customer, _any(), legal_entity="usmf") is not None
    assert secrets.get("dynamics-client-secret").reveal() == rotated


def _any() -> Filter:
    return Filter.ne("CustomerAccount", "")


def test_ping_reads_the_vault_first(sandbox: RunningSandbox) -> None:
    reports = run_ping(vault_settings(sandbox), mailboxes=["/BIGBOX/Inbound"])
    assert [r.system for r in reports] == ["keyvault", "dynamics", "sterling"]
    assert all(r.ok for r in reports), reports
    broken = run_ping(vault_settings(sandbox, KEY_VAULT_EMULATOR_CLIENT_SECRET="wrong"))
    vault = broken[0]
    failed = [s for s in vault.steps if s.status is StepStatus.FAILED]
    assert [s.name for s in failed] == ["authentication"]
    assert "could not sign in to Key Vault" in failed[0].cause
