"""Settings for one isolated store per test: its own SQLite file, or its own tables, queues and container."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from tests.contract.azurite import Azurite

# Small, so poison tests need few deliveries.
MAX_ATTEMPTS = 3


def state_settings(backend: str, *, tmp_path: Path, request: pytest.FixtureRequest) -> dict[str, str]:
    """Settings for one isolated store: its own SQLite file, or its own tables, queues and container."""
    if backend == "sqlite":
        return {"STATE_BACKEND": "sqlite", "STATE_SQLITE_PATH": str(tmp_path / "state.db")}
    emulator: Azurite = request.getfixturevalue("azurite")
    tag = uuid.uuid4().hex[:10]
    return {
        "STATE_BACKEND": "azure",
        "STATE_STORAGE_CONNECTION": emulator.connection_string,
        "STATE_TABLE_PREFIX": f"t{tag}",
        "STATE_QUEUE_OUTBOUND": f"q{tag}-out",
        "STATE_QUEUE_INBOUND": f"q{tag}-in",
        "STATE_BLOB_CONTAINER": f"c{tag}",
    }
