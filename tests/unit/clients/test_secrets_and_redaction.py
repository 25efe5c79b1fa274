"""Secrets: local and cached providers, rotation seen after the TTL; redaction of logs and errors."""

from __future__ import annotations

import io
import logging

import pytest

from shared.errors import ConfigurationError
from shared.redaction import MASK, RedactingFilter, install_redacting_filter, redact, register_secret
from shared.secrets import (
    CachedSecretProvider,
    LocalSecretProvider,
    build_secret_provider,
    parse_key_vault_settings,
    setting_name_for,
)
from shared.settings import Secret, SettingsProblems, SettingsSource

pytestmark = pytest.mark.unit


class RotatingVault:
    """A secret store whose value an operator can rotate (stands in for Key Vault's data, not its protocol)."""

    def __init__(self) -> None:
        self.values = {"dynamics-client-secret": "first-secret-value"}
        self.reads = 0

    @property
    def source(self) -> str:
        return "rotating test store"

    def get(self, name: str, *, refresh: bool = False) -> Secret:
        self.reads += 1
        return Secret(self.values[name])


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_rotated_secret_is_picked_up_after_the_ttl_and_not_before() -> None:
    vault, clock = RotatingVault(), Clock()
    cached = CachedSecretProvider(vault, ttl=300.0, clock=clock)
    assert cached.get("dynamics-client-secret").reveal() == "first-secret-value"
    vault.values["dynamics-client-secret"] = "second-secret-value"
    clock.now += 299.0
    assert cached.get("dynamics-client-secret").reveal() == "first-secret-value"
    clock.now += 1.0
    assert cached.get("dynamics-client-secret").reveal() == "second-secret-value"


def test_refresh_bypasses_the_cache() -> None:
    vault, clock = RotatingVault(), Clock()
    cached = CachedSecretProvider(vault, ttl=300.0, clock=clock)
    cached.get("dynamics-client-secret")
    vault.values["dynamics-client-secret"] = "rotated-secret-value"
    assert cached.get("dynamics-client-secret", refresh=True).reveal() == "rotated-secret-value"
    assert cached.get("dynamics-client-secret").reveal() == "rotated-secret-value"


def test_local_provider_reads_the_underscored_setting() -> None:
    assert setting_name_for("dynamics-client-secret") == "DYNAMICS_CLIENT_SECRET"
    local = LocalSecretProvider(SettingsSource({"STERLING_PASSWORD": "pw-value-123"}))
    assert local.get("sterling-password").reveal() == "pw-value-123"
    with pytest.raises(ConfigurationError, match="DYNAMICS_CLIENT_SECRET"):
        local.get("dynamics-client-secret")
    # Fetched values are known to the redactor from then on.
    assert redact("password was pw-value-123") == f"password was {MASK}"


def test_key_vault_settings() -> None:
    problems = SettingsProblems()
    assert parse_key_vault_settings(SettingsSource({}), problems) is None
    vault = parse_key_vault_settings(SettingsSource({"KEY_VAULT_URI": "https://contoso-kv.vault.azure.net/"}), problems)
    assert vault is not None
    assert vault.uri == "https://contoso-kv.vault.azure.net"
    assert not vault.emulator
    parse_key_vault_settings(SettingsSource({"KEY_VAULT_URI": "https://127.0.0.1:8443"}), problems)
    assert any("Azure Key Vault URL" in p for p in problems.problems)
    emulator = parse_key_vault_settings(
        SettingsSource(
            {
                "KEY_VAULT_URI": "https://127.0.0.1:8443",
                "KEY_VAULT_EMULATOR": "1",
                "KEY_VAULT_EMULATOR_AUTHORITY": "https://127.0.0.1:9443",
                "KEY_VAULT_EMULATOR_TENANT_ID": "t",
                "KEY_VAULT_EMULATOR_CLIENT_ID": "c",
                "KEY_VAULT_EMULATOR_CLIENT_SECRET": "s",
                "SECRET_CACHE_TTL_SECONDS": "60",
            }
        ),
        SettingsProblems(),
    )
    assert emulator is not None
    assert emulator.emulator
    assert emulator.ttl_seconds == 60.0
    assert build_secret_provider(SettingsSource({})).source == "local settings"


@pytest.mark.parametrize(
    ("text", "leaked"),
    [
        ("Authorization: Bearer eyJ0eXAiOiJKV1QiLCJhbGciOi.abc-def_ghi", "eyJ0eXAi"),
        ("'Authorization': 'Basic Y29ubmVjdG9yOnB3ZA=='", "Y29ubmVjdG9y"),
        ("grant_type=client_credentials&client_id=x&client_secret=Abc~123.xyz&scope=y", "Abc~123"),
        ('{"client_secret": "Abc~123.xyz", "password": "hunter22"}', "hunter22"),
        ("https://acct.blob.core.windows.net/c/b?sv=2024&sig=AbCdEf%2B123%3D&se=x", "AbCdEf"),
        ("DefaultEndpointsProtocol=https;AccountName=a;AccountKey=Zm9vYmFy==;EndpointSuffix=x", "Zm9vYmFy"),
        ("https://connector:pa55word@b2bi.example.com:5075/", "pa55word"),
    ],
)
def test_credential_shapes_are_masked(text: str, leaked: str) -> None:
    masked = redact(text)
    assert leaked not in masked
    assert MASK in masked


def test_ordinary_text_is_left_alone() -> None:
    text = "GET /data/CustomersV3?$filter=CustomerAccount eq 'US-101' answered 200 for usmf"
    assert redact(text) == text


def test_logging_filter_masks_messages_arguments_and_tracebacks() -> None:
    register_secret("registered-secret-42")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger("tests.redaction")
    logger.handlers = [handler]
    logger.propagate = False
    install_redacting_filter([logger])
    assert any(isinstance(f, RedactingFilter) for f in handler.filters)
    logger.warning("sent %s with header %s", "registered-secret-42", "Bearer abc.def.ghi")
    try:
        raise RuntimeError("token registered-secret-42 rejected")
    except RuntimeError:
        logger.exception("failed")
    output = stream.getvalue()
    assert "registered-secret-42" not in output
    assert "abc.def.ghi" not in output
    assert output.count(MASK) >= 3
    assert "RuntimeError" in output
