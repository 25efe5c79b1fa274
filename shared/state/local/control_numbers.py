"""Control numbers on SQLite: one upsert-and-return statement inside a write transaction."""

from __future__ import annotations

from shared.edi.model import ControlKind
from shared.state.control_range import LAST_CONTROL_NUMBER, exhausted
from shared.state.local.database import SqliteDatabase

__all__ = ["SqliteControlNumbers"]


class SqliteControlNumbers:
    def __init__(self, db: SqliteDatabase) -> None:
        self._db = db

    def allocate(self, scope: str, kind: ControlKind) -> int:
        with self._db.write() as conn:
            row = conn.execute(
                "INSERT INTO control_numbers (scope, kind, last) VALUES (?, ?, 1) "
                "ON CONFLICT (scope, kind) DO UPDATE SET last = last + 1 RETURNING last",
                (scope, kind),
            ).fetchone()
            number = int(row["last"])
            if number > LAST_CONTROL_NUMBER:
                raise exhausted(scope, kind)  # rolls the increment back
        return number

    def last_allocated(self, scope: str, kind: ControlKind) -> int:
        rows = self._db.read("SELECT last FROM control_numbers WHERE scope = ? AND kind = ?", (scope, kind))
        return int(rows[0]["last"]) if rows else 0
