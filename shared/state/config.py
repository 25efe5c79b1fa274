"""The state layer's settings section, parsed from a ``SettingsSource``.

====================== ========================================================================== ==================
setting                meaning                                                                    default
====================== ========================================================================== ==================
STATE_BACKEND          ``sqlite`` (local runs) or ``azure``                                       sqlite
STATE_SQLITE_PATH      the SQLite file                                                            .state/state.db
STATE_STORAGE_CONNECTION  a Storage connection string (a secret: it may hold the account key)     (one of the two
STATE_STORAGE_ACCOUNT  a Storage account name: identity-based URLs, DefaultAzureCredential          for azure)
STATE_TABLE_PREFIX     letters and digits put before every table name                             mlc
STATE_QUEUE_OUTBOUND   queue for outbound work                                                    mlc-outbound
STATE_QUEUE_INBOUND    queue for inbound work                                                     mlc-inbound
STATE_BLOB_CONTAINER   container of the payload archive                                           mlc-payloads
STATE_QUEUE_MAX_ATTEMPTS  deliveries before a work item goes to ``<queue>-poison`` (host.json's    5
                       ``maxDequeueCount`` should match)
====================== ========================================================================== ==================
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from shared.settings import Secret, SettingsProblems
from shared.state.records import QueueNames

__all__ = ["StateBackend", "StateSettings", "load_state_settings", "read_state_settings"]

_TABLE_PREFIX = re.compile(r"[A-Za-z][A-Za-z0-9]{0,19}")
# 3-63 characters in Azure, but 56 here so "-poison" still fits.
_QUEUE_NAME = re.compile(r"(?!.*--)[a-z0-9][a-z0-9-]{1,54}[a-z0-9]")
_CONTAINER_NAME = re.compile(r"(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]")
_ACCOUNT_NAME = re.compile(r"[a-z0-9]{3,24}")


class StateBackend(StrEnum):
    SQLITE = "sqlite"
    AZURE = "azure"


@dataclass(frozen=True)
class StateSettings:
    backend: StateBackend = StateBackend.SQLITE
    sqlite_path: Path = Path(".state/state.db")
    storage_connection: Secret | None = None
    storage_account: str | None = None
    table_prefix: str = "mlc"
    queues: QueueNames = field(default_factory=lambda: QueueNames(outbound="mlc-outbound", inbound="mlc-inbound"))
    blob_container: str = "mlc-payloads"
    queue_max_attempts: int = 5


def _named(
    problems: SettingsProblems,
    src: Mapping[str, str],
    name: str,
    default: str,
    *,
    pattern: re.Pattern[str],
    rule: str,
) -> str:
    value = problems.text(src, name, default)
    if not pattern.fullmatch(value):
        problems.add(name, f"{rule}, got {value!r}")
        return default
    return value


def read_state_settings(src: Mapping[str, str], problems: SettingsProblems) -> StateSettings:
    """The state settings in ``src``; problems are added to ``problems`` for the caller to raise with the rest."""
    backend = StateBackend(problems.choice(src, "STATE_BACKEND", tuple(b.value for b in StateBackend), "sqlite"))
    connection = problems.secret(src, "STATE_STORAGE_CONNECTION", required=False)
    account = problems.optional_text(src, "STATE_STORAGE_ACCOUNT")
    if account is not None and not _ACCOUNT_NAME.fullmatch(account):
        problems.add(
            "STATE_STORAGE_ACCOUNT",
            f"must be a storage account name (3-24 lowercase letters or digits), got {account!r}",
        )
        account = None
    if backend is StateBackend.AZURE:
        if connection is None and account is None:
            problems.add(
                "STATE_STORAGE_CONNECTION",
                "STATE_BACKEND=azure needs STATE_STORAGE_CONNECTION (a connection string) or STATE_STORAGE_ACCOUNT "
                "(an account name, used with the app's identity)",
            )
        elif connection is not None and account is not None:
            problems.add(
                "STATE_STORAGE_ACCOUNT", "set either STATE_STORAGE_CONNECTION or STATE_STORAGE_ACCOUNT, not both"
            )
    queue_rule = "must be 3-56 lowercase letters, digits or single hyphens, starting and ending with a letter or digit"
    outbound = _named(problems, src, "STATE_QUEUE_OUTBOUND", "mlc-outbound", pattern=_QUEUE_NAME, rule=queue_rule)
    inbound = _named(problems, src, "STATE_QUEUE_INBOUND", "mlc-inbound", pattern=_QUEUE_NAME, rule=queue_rule)
    if outbound == inbound:
        problems.add("STATE_QUEUE_INBOUND", f"must differ from STATE_QUEUE_OUTBOUND (both are {outbound!r})")
    return StateSettings(
        backend=backend,
        sqlite_path=Path(problems.text(src, "STATE_SQLITE_PATH", ".state/state.db")),
        storage_connection=connection,
        storage_account=account,
        table_prefix=_named(
            problems,
            src,
            "STATE_TABLE_PREFIX",
            "mlc",
            pattern=_TABLE_PREFIX,
            rule="must be a letter then up to 19 letters or digits",
        ),
        queues=QueueNames(outbound=outbound, inbound=inbound),
        blob_container=_named(
            problems,
            src,
            "STATE_BLOB_CONTAINER",
            "mlc-payloads",
            pattern=_CONTAINER_NAME,
            rule="must be 3-63 lowercase letters, digits or single hyphens",
        ),
        queue_max_attempts=problems.integer(src, "STATE_QUEUE_MAX_ATTEMPTS", 5, minimum=1, maximum=100),
    )


def load_state_settings(src: Mapping[str, str]) -> StateSettings:
    """The state settings in ``src``, or ``ConfigurationError`` naming every problem."""
    problems = SettingsProblems()
    settings = read_state_settings(src, problems)
    problems.raise_if_any()
    return settings
