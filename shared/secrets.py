"""Where the connector's secrets come from: Key Vault in Azure, local settings elsewhere, cached with a TTL.

Secret names are Key Vault names (``dynamics-client-secret``, ``sterling-password``, ``sterling-client-secret``);
locally the same secret is the setting with the upper-case, underscored name (``DYNAMICS_CLIENT_SECRET``).
``KEY_VAULT_URI`` selects Key Vault.  Values are cached for ``SECRET_CACHE_TTL_SECONDS`` (default 300) so a
rotated secret is picked up without a restart; a caller whose secret was just rejected asks with
``refresh=True`` to skip the cache.  Every value fetched is registered with :mod:`shared.redaction`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit

from shared.errors import AuthenticationError, ConfigurationError, RemoteUnavailableError
from shared.redaction import register_secret
from shared.settings import Secret, SettingsProblems

__all__ = [
    "CachedSecretProvider",
    "KeyVaultSecretProvider",
    "KeyVaultSettings",
    "LocalSecretProvider",
    "SecretProvider",
    "build_secret_provider",
    "parse_key_vault_settings",
    "setting_name_for",
]

Clock = Callable[[], float]


class SecretProvider(Protocol):
    def get(self, name: str, *, refresh: bool = False) -> Secret:
        """The current value of secret ``name``; ``refresh`` bypasses any cache (the old value was rejected)."""
        ...

    @property
    def source(self) -> str:
        """Where values come from, for messages ("Key Vault https://..." or "local settings")."""
        ...


def setting_name_for(secret_name: str) -> str:
    """The local setting that holds a Key Vault secret: ``dynamics-client-secret`` -> ``DYNAMICS_CLIENT_SECRET``."""
    return secret_name.upper().replace("-", "_")


class LocalSecretProvider:
    """Secrets from settings (environment or local.settings.json)."""

    def __init__(self, settings: Mapping[str, str]) -> None:
        self._settings = settings

    @property
    def source(self) -> str:
        return "local settings"

    def get(self, name: str, *, refresh: bool = False) -> Secret:
        setting = setting_name_for(name)
        value = self._settings.get(setting)
        if value is None:
            raise ConfigurationError(
                f"secret {name} is not set",
                context={"setting": setting},
                hint=f"set {setting} in local.settings.json or the environment, or set KEY_VAULT_URI to use Key Vault",
            )
        secret = Secret(value)
        register_secret(secret)
        return secret


@dataclass(frozen=True)
class KeyVaultSettings:
    uri: str
    # Sandbox only: a ClientSecretCredential against the Entra emulator instead of DefaultAzureCredential,
    # and no check that the vault host is under the challenge's resource (the emulator is 127.0.0.1).
    emulator: bool = False
    emulator_authority: str = ""
    emulator_tenant_id: str = ""
    emulator_client_id: str = ""
    emulator_client_secret: Secret | None = None
    ca_bundle: str | None = None
    ttl_seconds: float = 300.0


def parse_key_vault_settings(src: Mapping[str, str], problems: SettingsProblems) -> KeyVaultSettings | None:
    """The Key Vault section, or None when ``KEY_VAULT_URI`` is not set (secrets come from local settings)."""
    if "KEY_VAULT_URI" not in src:
        return None
    uri = problems.url(src, "KEY_VAULT_URI")
    emulator = problems.flag(src, "KEY_VAULT_EMULATOR")
    host = urlsplit(uri).hostname or ""
    if uri and not emulator and not host.endswith((".vault.azure.net", ".vault.usgovcloudapi.net", ".vault.azure.cn")):
        problems.add("KEY_VAULT_URI", f"must be an Azure Key Vault URL (https://<name>.vault.azure.net), got {uri!r}")
    ttl = problems.number(src, "SECRET_CACHE_TTL_SECONDS", 300.0)
    ca_bundle = problems.optional_text(src, "KEY_VAULT_CA_BUNDLE")
    if not emulator:
        return KeyVaultSettings(uri=uri, ca_bundle=ca_bundle, ttl_seconds=ttl)
    return KeyVaultSettings(
        uri=uri,
        emulator=True,
        emulator_authority=problems.url(src, "KEY_VAULT_EMULATOR_AUTHORITY"),
        emulator_tenant_id=problems.text(src, "KEY_VAULT_EMULATOR_TENANT_ID"),
        emulator_client_id=problems.text(src, "KEY_VAULT_EMULATOR_CLIENT_ID"),
        emulator_client_secret=problems.secret(src, "KEY_VAULT_EMULATOR_CLIENT_SECRET"),
        ca_bundle=ca_bundle,
        ttl_seconds=ttl,
    )


class _SecretFetcher(Protocol):
    def get_secret(self, name: str) -> object: ...


class KeyVaultSecretProvider:
    """Secrets from Azure Key Vault through ``azure-keyvault-secrets`` (no caching here; see CachedSecretProvider)."""

    def __init__(self, settings: KeyVaultSettings) -> None:
        self._settings = settings
        self._client: _SecretFetcher | None = None
        self._lock = threading.Lock()

    @property
    def source(self) -> str:
        return f"Key Vault {self._settings.uri}"

    def _secret_client(self) -> _SecretFetcher:
        with self._lock:
            if self._client is None:
                self._client = _build_secret_client(self._settings)
            return self._client

    def get(self, name: str, *, refresh: bool = False) -> Secret:
        from azure.core.exceptions import (
            ClientAuthenticationError,
            HttpResponseError,
            ResourceNotFoundError,
            ServiceRequestError,
        )

        context = {"vault": self._settings.uri, "secret": name}
        try:
            bundle = self._secret_client().get_secret(name)
        except ResourceNotFoundError:
            raise ConfigurationError(
                f"secret {name} does not exist in Key Vault",
                context=context,
                hint=f"create the secret {name} in the vault, or correct KEY_VAULT_URI",
            ) from None
        except ClientAuthenticationError as exc:
            if "AADSTS" not in (exc.message or ""):
                # Entra never judged the credentials (5xx, 429, broken connection): transient.
                raise RemoteUnavailableError(
                    "the sign-in for Key Vault failed: " + _first_line(exc.message),
                    context=context,
                    hint="Entra ID or the network path to it is failing; the work is retried later",
                ) from None
            raise AuthenticationError(
                "the app's identity could not sign in to Key Vault",
                context={**context, "reason": _first_line(exc.message)},
                hint="check the managed identity (or the sandbox credentials) used for Key Vault",
            ) from None
        except ServiceRequestError as exc:
            raise RemoteUnavailableError(
                "Key Vault could not be reached",
                context={**context, "reason": _first_line(str(exc))},
                hint="check KEY_VAULT_URI and the network path to the vault",
            ) from None
        except HttpResponseError as exc:
            if exc.status_code == 403:
                raise AuthenticationError(
                    f"the app's identity may not read secret {name}",
                    context=context,
                    hint="grant the app's identity the 'Key Vault Secrets User' role on the vault",
                ) from None
            raise RemoteUnavailableError(
                f"Key Vault answered {exc.status_code} for secret {name}", context=context
            ) from None
        value = getattr(bundle, "value", None)
        if not isinstance(value, str) or not value:
            raise ConfigurationError(f"secret {name} in Key Vault is empty or disabled", context=context)
        secret = Secret(value)
        register_secret(secret)
        return secret


def _build_secret_client(settings: KeyVaultSettings) -> _SecretFetcher:
    from azure.keyvault.secrets import SecretClient

    verify: bool | str = settings.ca_bundle or True
    if settings.emulator:
        from azure.identity import ClientSecretCredential

        assert settings.emulator_client_secret is not None
        emulator_credential = ClientSecretCredential(
            settings.emulator_tenant_id,
            settings.emulator_client_id,
            settings.emulator_client_secret.reveal(),
            authority=settings.emulator_authority,
            disable_instance_discovery=True,
            connection_verify=verify,
        )
        return SecretClient(
            settings.uri, emulator_credential, verify_challenge_resource=False, connection_verify=verify
        )
    from azure.identity import DefaultAzureCredential

    return SecretClient(settings.uri, DefaultAzureCredential(), connection_verify=verify)


class CachedSecretProvider:
    """Caches another provider's values for ``ttl`` seconds (``clock`` is injectable for tests)."""

    def __init__(self, inner: SecretProvider, ttl: float, clock: Clock = time.monotonic) -> None:
        self._inner = inner
        self._ttl = ttl
        self._clock = clock
        self._cache: dict[str, tuple[float, Secret]] = {}
        self._lock = threading.Lock()

    @property
    def source(self) -> str:
        return self._inner.source

    def get(self, name: str, *, refresh: bool = False) -> Secret:
        now = self._clock()
        with self._lock:
            hit = self._cache.get(name)
            if hit is not None and not refresh and now - hit[0] < self._ttl:
                return hit[1]
        value = self._inner.get(name, refresh=refresh)
        with self._lock:
            self._cache[name] = (now, value)
        return value


def build_secret_provider(src: Mapping[str, str]) -> SecretProvider:
    """Key Vault when ``KEY_VAULT_URI`` is set, else local settings; either way behind the TTL cache."""
    problems = SettingsProblems()
    vault = parse_key_vault_settings(src, problems)
    problems.raise_if_any()
    if vault is None:
        return CachedSecretProvider(LocalSecretProvider(src), ttl=300.0)
    return CachedSecretProvider(KeyVaultSecretProvider(vault), ttl=vault.ttl_seconds)


def _first_line(text: str | None) -> str:
    return (text or "").strip().splitlines()[0] if (text or "").strip() else ""
