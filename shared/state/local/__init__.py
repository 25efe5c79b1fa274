"""The embedded state store: one SQLite file (WAL mode), safe across threads and processes."""

from shared.state.local.audit import SqliteAuditLog
from shared.state.local.control_numbers import SqliteControlNumbers
from shared.state.local.cursors import SqliteCursors
from shared.state.local.database import SqliteDatabase
from shared.state.local.ledger import SqliteLedger
from shared.state.local.payloads import SqlitePayloadArchive
from shared.state.local.work_queue import SqliteWorkQueue

__all__ = [
    "SqliteAuditLog",
    "SqliteControlNumbers",
    "SqliteCursors",
    "SqliteDatabase",
    "SqliteLedger",
    "SqlitePayloadArchive",
    "SqliteWorkQueue",
]
