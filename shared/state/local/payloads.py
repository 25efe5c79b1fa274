"""The payload archive on SQLite: bytes in a table, keyed by their SHA-256."""

from __future__ import annotations

import hashlib

from shared.state.errors import PayloadNotFoundError
from shared.state.local.database import SqliteDatabase
from shared.state.records import PayloadRef

__all__ = ["SqlitePayloadArchive"]


class SqlitePayloadArchive:
    def __init__(self, db: SqliteDatabase) -> None:
        self._db = db

    def put(self, data: bytes) -> PayloadRef:
        ref = PayloadRef(hashlib.sha256(data).hexdigest())
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO payloads (sha256, size, data) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                (ref.sha256, len(data), data),
            )
        return ref

    def get(self, ref: PayloadRef) -> bytes:
        rows = self._db.read("SELECT data FROM payloads WHERE sha256 = ?", (ref.sha256,))
        if not rows:
            raise PayloadNotFoundError(
                "no archived payload has this reference",
                context={"payload": ref.text, "database": str(self._db.path)},
                hint="the reference may come from another environment's state store",
            )
        data = bytes(rows[0]["data"])
        if hashlib.sha256(data).hexdigest() != ref.sha256:
            raise PayloadNotFoundError(
                "the archived payload no longer matches its SHA-256",
                context={"payload": ref.text, "database": str(self._db.path)},
                hint="the database file was altered outside the connector; restore it from a backup",
            )
        return data
