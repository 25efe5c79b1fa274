"""One SQLite file shared by every local port: a connection per thread, WAL, and short write transactions.

WAL lets readers run beside the single writer; ``BEGIN IMMEDIATE`` takes the write lock up front, so a
read-modify-write (a control-number increment, a work-item receive) cannot interleave with another process.
A writer that waits past the busy timeout gets ``RemoteUnavailableError``, which is retryable.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from shared.errors import RemoteUnavailableError

__all__ = ["SqliteDatabase"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS ledger (
    flow TEXT NOT NULL,
    natural_key TEXT NOT NULL,
    partner TEXT NOT NULL,
    direction TEXT NOT NULL,
    status TEXT NOT NULL,
    version INTEGER NOT NULL,
    correlation_id TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    claimed_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    delivered_at TEXT,
    acknowledged_at TEXT,
    failure_reason TEXT,
    sterling_document_id TEXT,
    sterling_message_id TEXT,
    sterling_message_name TEXT,
    dynamics_record_key TEXT,
    input_payload TEXT,
    output_payload TEXT,
    interchange_control TEXT,
    group_control TEXT,
    transaction_control TEXT,
    history TEXT NOT NULL,
    PRIMARY KEY (flow, natural_key)
);
CREATE INDEX IF NOT EXISTS ledger_by_status ON ledger (status, updated_at);
CREATE INDEX IF NOT EXISTS ledger_by_delivery ON ledger (status, delivered_at);
CREATE INDEX IF NOT EXISTS ledger_by_message ON ledger (sterling_message_id);

CREATE TABLE IF NOT EXISTS cursors (
    name TEXT PRIMARY KEY,
    mark TEXT NOT NULL,
    seen TEXT NOT NULL,
    version INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS control_numbers (
    scope TEXT NOT NULL,
    kind TEXT NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (scope, kind)
);

CREATE TABLE IF NOT EXISTS audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    flow TEXT NOT NULL,
    natural_key TEXT NOT NULL,
    partner TEXT NOT NULL,
    step TEXT NOT NULL,
    outcome TEXT NOT NULL,
    message TEXT NOT NULL,
    invocation_id TEXT,
    correlation_id TEXT,
    payload TEXT
);
CREATE INDEX IF NOT EXISTS audit_by_key ON audit (natural_key, at);
CREATE INDEX IF NOT EXISTS audit_by_partner ON audit (partner, at);
CREATE INDEX IF NOT EXISTS audit_by_time ON audit (at);

CREATE TABLE IF NOT EXISTS payloads (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    data BLOB NOT NULL
);

CREATE TABLE IF NOT EXISTS work (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    queue TEXT NOT NULL,
    wire TEXT NOT NULL,
    visible_at REAL NOT NULL,
    dequeue_count INTEGER NOT NULL,
    receipt TEXT
);
CREATE INDEX IF NOT EXISTS work_ready ON work (queue, visible_at, seq);
"""


class SqliteDatabase:
    """The SQLite file behind the local ports; :meth:`close` closes every thread's connection."""

    def __init__(self, path: Path, *, busy_timeout_seconds: float = 30.0) -> None:
        self.path = path
        self._busy_timeout = busy_timeout_seconds
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []
        path.parent.mkdir(parents=True, exist_ok=True)
        with self.write() as conn:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=self._busy_timeout, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            # NORMAL in WAL mode survives a process crash; only an OS crash can lose the last commits.
            conn.execute("PRAGMA synchronous=NORMAL")
        except sqlite3.OperationalError as exc:
            conn.close()
            raise self._unavailable("open", exc) from exc
        with self._lock:
            self._connections.append(conn)
        return conn

    def connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
        return conn

    def _unavailable(self, action: str, exc: sqlite3.Error) -> RemoteUnavailableError:
        return RemoteUnavailableError(
            f"the local state database could not {action}: {exc}",
            context={"database": str(self.path)},
            hint="another process may hold a long write lock; the operation can be retried",
        )

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction holding SQLite's write lock from the start; rolled back on any exception."""
        conn = self.connection()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise self._unavailable("start a write", exc) from exc
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            conn.execute("ROLLBACK")
            raise self._unavailable("commit", exc) from exc

    def read(self, sql: str, params: tuple[object, ...] = ()) -> list[sqlite3.Row]:
        conn = self.connection()
        try:
            return list(conn.execute(sql, params).fetchall())
        except sqlite3.OperationalError as exc:
            raise self._unavailable("read", exc) from exc

    def close(self) -> None:
        with self._lock:
            connections, self._connections = self._connections, []
        for conn in connections:
            conn.close()
        self._local = threading.local()
