"""Durable state behind ports: ledger, cursors, control numbers, audit log, payload archive, work queue.

Flows depend on :mod:`shared.state.ports` and the records in :mod:`shared.state.records`; :func:`open_state`
builds the configured backend (SQLite locally, Azure Storage in Azure).
"""

from shared.state.config import StateBackend, StateSettings, load_state_settings, read_state_settings
from shared.state.factory import StateStores, open_state

__all__ = ["StateBackend", "StateSettings", "StateStores", "load_state_settings", "open_state", "read_state_settings"]
