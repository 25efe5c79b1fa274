"""A worker process for the control-number concurrency test (importable by the spawn start method)."""

from __future__ import annotations

from pathlib import Path

from shared.state.config import StateSettings
from shared.state.factory import open_state


def allocate_many(sqlite_path: str, scope: str, count: int) -> list[int]:
    stores = open_state(StateSettings(sqlite_path=Path(sqlite_path)))
    try:
        return [stores.control_numbers.allocate(scope, "interchange") for _ in range(count)]
    finally:
        stores.close()
