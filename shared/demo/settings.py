"""The connector's settings for a sandbox: the same names and parsers production uses, pointed at the emulators.

Secrets take the production path: the Dynamics client secret and the Sterling password are read from the Key
Vault emulator (``KEY_VAULT_URI``), not put into settings.  The only credential in these settings is the one the
app signs in to the vault with, which in Azure is the managed identity and here is the sandbox's app.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from shared.demo.endpoints import SandboxEndpoints
from shared.settings import Secret, SettingsSource

__all__ = ["DEFAULT_PARTNERS_FILE", "StateChoice", "StateTarget", "connector_settings", "sandbox_connections"]

DEFAULT_PARTNERS_FILE = Path(__file__).resolve().parents[2] / "config" / "partners.sandbox.toml"
LEGAL_ENTITIES = ("usmf", "demf")


class StateChoice(StrEnum):
    SQLITE = "sqlite"
    AZURITE = "azurite"


@dataclass(frozen=True)
class StateTarget:
    """Where the demo keeps state: a SQLite file, or Azure Storage adapters against Azurite."""

    choice: StateChoice
    sqlite_path: Path | None = None
    storage_connection: Secret | None = None
    # Azure names must be unique per run when an Azurite is shared (tests run the demo more than once).
    name_prefix: str = "demo"


def sandbox_connections(endpoints: SandboxEndpoints, *, partners_file: Path = DEFAULT_PARTNERS_FILE) -> dict[str, str]:
    """Dynamics, Sterling, Key Vault and the partner file of a running sandbox, under production setting names."""
    return {
        "DYNAMICS_ENV_URL": endpoints.dynamics,
        "DYNAMICS_ALLOW_SANDBOX_HOST": "true",
        "DYNAMICS_AUTHORITY_HOST": endpoints.entra,
        "DYNAMICS_TENANT_ID": endpoints.tenant_id,
        "DYNAMICS_CLIENT_ID": endpoints.client_id,
        "DYNAMICS_CA_BUNDLE": str(endpoints.ca_cert),
        "DYNAMICS_LEGAL_ENTITIES": ",".join(LEGAL_ENTITIES),
        "STERLING_BASE_URL": endpoints.sterling,
        "STERLING_AUTH": "basic",
        "STERLING_USER": endpoints.sterling_user,
        "STERLING_CA_BUNDLE": str(endpoints.ca_cert),
        "KEY_VAULT_URI": endpoints.keyvault,
        "KEY_VAULT_EMULATOR": "true",
        "KEY_VAULT_EMULATOR_AUTHORITY": endpoints.entra,
        "KEY_VAULT_EMULATOR_TENANT_ID": endpoints.tenant_id,
        "KEY_VAULT_EMULATOR_CLIENT_ID": endpoints.client_id,
        "KEY_VAULT_EMULATOR_CLIENT_SECRET": endpoints.client_secret.reveal(),
        "KEY_VAULT_CA_BUNDLE": str(endpoints.ca_cert),
        "PARTNERS_FILE": str(partners_file),
    }


def connector_settings(
    endpoints: SandboxEndpoints,
    state: StateTarget,
    *,
    partners_file: Path = DEFAULT_PARTNERS_FILE,
) -> SettingsSource:
    values = sandbox_connections(endpoints, partners_file=partners_file)
    # The demo drains its own queues; a message is never hidden for long between attempts.
    values["LOCAL_QUEUE_VISIBILITY_SECONDS"] = "5"
    if state.choice is StateChoice.SQLITE:
        if state.sqlite_path is None:
            raise ValueError("a SQLite state target needs sqlite_path")
        values |= {"STATE_BACKEND": "sqlite", "STATE_SQLITE_PATH": str(state.sqlite_path)}
    else:
        if state.storage_connection is None:
            raise ValueError("an Azurite state target needs storage_connection")
        prefix = state.name_prefix
        values |= {
            "STATE_BACKEND": "azure",
            "STATE_STORAGE_CONNECTION": state.storage_connection.reveal(),
            "STATE_TABLE_PREFIX": prefix.replace("-", ""),
            "STATE_QUEUE_OUTBOUND": f"{prefix}-outbound",
            "STATE_QUEUE_INBOUND": f"{prefix}-inbound",
            "STATE_BLOB_CONTAINER": f"{prefix}-payloads",
        }
    return SettingsSource(values)
