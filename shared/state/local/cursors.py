"""Cursors on SQLite: insert-if-absent for the first write, then compare-and-swap on the row version."""

from __future__ import annotations

from shared.errors import ConcurrencyConflictError
from shared.state.cursor_rules import ensure_forward
from shared.state.local.database import SqliteDatabase
from shared.state.records import Cursor, CursorPosition
from shared.state.serial import ids_from_json, ids_to_json, time_from_text, time_to_text

__all__ = ["SqliteCursors"]


class SqliteCursors:
    def __init__(self, db: SqliteDatabase) -> None:
        self._db = db

    def read(self, name: str) -> Cursor:
        rows = self._db.read("SELECT mark, seen, version FROM cursors WHERE name = ?", (name,))
        if not rows:
            return Cursor(name, None, None)
        row = rows[0]
        position = CursorPosition(time_from_text(row["mark"]), ids_from_json(row["seen"]))
        return Cursor(name, position, str(row["version"]))

    def advance(self, cursor: Cursor, position: CursorPosition) -> Cursor:
        ensure_forward(cursor, position)
        mark, seen = time_to_text(position.mark), ids_to_json(position.seen_at_mark)
        with self._db.write() as conn:
            if cursor.version is None:
                version = 1
                changed = conn.execute(
                    "INSERT INTO cursors (name, mark, seen, version) VALUES (?, ?, ?, 1) ON CONFLICT DO NOTHING",
                    (cursor.name, mark, seen),
                ).rowcount
            else:
                version = int(cursor.version) + 1
                changed = conn.execute(
                    "UPDATE cursors SET mark = ?, seen = ?, version = ? WHERE name = ? AND version = ?",
                    (mark, seen, version, cursor.name, int(cursor.version)),
                ).rowcount
        if changed != 1:
            raise ConcurrencyConflictError(
                f"cursor {cursor.name!r} was moved by someone else since it was read; it was not advanced",
                context={"cursor": cursor.name},
                hint="another instance is polling the same source; re-read the cursor before going on",
            )
        return Cursor(cursor.name, position, str(version))
