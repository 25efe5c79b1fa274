"""Rotating a secret without a redeploy, as docs/operations.md tells the operator to do it.

The operator writes a new version (what ``az keyvault secret set`` sends) with a Secrets Officer identity; the
app, holding only Secrets User, keeps its cached value until SECRET_CACHE_TTL_SECONDS have passed, then reads
the new version, and reads it at once when a remote system has just rejected the old one. Real SecretClient,
real HTTPS, the sandbox's Entra and Key Vault emulators.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from azure.identity import ClientSecretCredential
from azure.keyvault.secrets import SecretClient

from sandbox.faults import System
from sandbox.keyvault import SecretRole
from sandbox.launcher import RunningSandbox
from shared.secrets import CachedSecretProvider, KeyVaultSecretProvider, build_secret_provider, parse_key_vault_settings
from shared.settings import SettingsProblems, SettingsSource
from tests.integration.sandbox_core.stub_apps import StoreApp

pytestmark = pytest.mark.integration

APP_ID = "5a1e0c3d-7b2f-4e6a-9c8d-0e1f2a3b4c5d"
OPERATOR_ID = "6b2f1d4e-8c3a-4f7b-ad9e-1f2a3b4c5d6e"
SECRET = "dynamics-client-secret"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def vault_sandbox(sandbox_factory: Callable[..., RunningSandbox]) -> RunningSandbox:
    running = sandbox_factory(factories={System.DYNAMICS: StoreApp, System.STERLING: StoreApp})
    running.entra.register_client(APP_ID, "function-app-identity-secret")
    running.entra.register_client(OPERATOR_ID, "operator-secret")
    running.keyvault.assign_role(APP_ID, SecretRole.USER)  # what roles.bicep grants the app
    running.keyvault.assign_role(OPERATOR_ID, SecretRole.OFFICER)  # the optional operators group
    return running


def app_settings(running: RunningSandbox, ttl: str) -> SettingsSource:
    return SettingsSource(
        {
            "KEY_VAULT_URI": running.info.keyvault,
            "KEY_VAULT_EMULATOR": "true",
            "KEY_VAULT_EMULATOR_AUTHORITY": running.info.entra,
            "KEY_VAULT_EMULATOR_TENANT_ID": running.info.credentials.tenant_id,
            "KEY_VAULT_EMULATOR_CLIENT_ID": APP_ID,
            "KEY_VAULT_EMULATOR_CLIENT_SECRET": "function-app-identity-secret",
            "KEY_VAULT_CA_BUNDLE": str(running.info.ca_cert),
            "SECRET_CACHE_TTL_SECONDS": ttl,
        }
    )


def operator_sets(running: RunningSandbox, value: str) -> None:
    credential = ClientSecretCredential(
        running.info.credentials.tenant_id,
        OPERATOR_ID,
        "operator-secret",
        authority=running.info.entra,
        disable_instance_discovery=True,
        connection_verify=str(running.info.ca_cert),
    )
    client = SecretClient(
        running.info.keyvault, credential, verify_challenge_resource=False, connection_verify=str(running.info.ca_cert)
    )
    client.set_secret(SECRET, value)


def test_a_new_version_is_used_once_the_cache_ttl_has_passed(vault_sandbox: RunningSandbox) -> None:
    problems = SettingsProblems()
    vault = parse_key_vault_settings(app_settings(vault_sandbox, "300"), problems)
    problems.raise_if_any()
    assert vault is not None
    clock = FakeClock()
    provider = CachedSecretProvider(KeyVaultSecretProvider(vault), ttl=vault.ttl_seconds, clock=clock)
    original = provider.get(SECRET).reveal()

    operator_sets(vault_sandbox, "rotated-client-secret-v2")

    clock.now += 299.0
    assert provider.get(SECRET).reveal() == original
    clock.now += 1.0
    assert provider.get(SECRET).reveal() == "rotated-client-secret-v2"


def test_a_rejected_secret_is_read_again_at_once(vault_sandbox: RunningSandbox) -> None:
    vault = parse_key_vault_settings(app_settings(vault_sandbox, "300"), SettingsProblems())
    assert vault is not None
    provider = CachedSecretProvider(KeyVaultSecretProvider(vault), ttl=vault.ttl_seconds, clock=FakeClock())
    provider.get(SECRET)

    operator_sets(vault_sandbox, "rotated-client-secret-v3")

    assert provider.get(SECRET, refresh=True).reveal() == "rotated-client-secret-v3"


def test_the_ttl_setting_reaches_the_provider_the_app_builds(vault_sandbox: RunningSandbox) -> None:
    provider = build_secret_provider(app_settings(vault_sandbox, "0"))
    first = provider.get(SECRET).reveal()

    operator_sets(vault_sandbox, "rotated-client-secret-v4")

    assert first != "rotated-client-secret-v4"
    assert provider.get(SECRET).reveal() == "rotated-client-secret-v4"
