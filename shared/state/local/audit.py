"""The audit log on SQLite: one indexed table, newest first by time then insertion order."""

from __future__ import annotations

import sqlite3

from shared.state.local.database import SqliteDatabase
from shared.state.records import AuditEvent, AuditOutcome, AuditQuery
from shared.state.serial import ref_or_none, time_from_text, time_to_text

__all__ = ["SqliteAuditLog"]


def _event(row: sqlite3.Row) -> AuditEvent:
    return AuditEvent(
        at=time_from_text(row["at"]),
        flow=row["flow"],
        natural_key=row["natural_key"],
        partner=row["partner"],
        step=row["step"],
        outcome=AuditOutcome(row["outcome"]),
        message=row["message"],
        invocation_id=row["invocation_id"],
        correlation_id=row["correlation_id"],
        payload=ref_or_none(row["payload"]),
    )


class SqliteAuditLog:
    def __init__(self, db: SqliteDatabase) -> None:
        self._db = db

    def append(self, event: AuditEvent) -> None:
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO audit (at, flow, natural_key, partner, step, outcome, message, invocation_id, "
                "correlation_id, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    time_to_text(event.at),
                    event.flow,
                    event.natural_key,
                    event.partner,
                    event.step,
                    event.outcome.value,
                    event.message,
                    event.invocation_id,
                    event.correlation_id,
                    event.payload.text if event.payload else None,
                ),
            )

    def query(self, query: AuditQuery) -> list[AuditEvent]:
        clauses: list[str] = []
        params: list[object] = []
        for column, value in (
            ("natural_key", query.natural_key),
            ("flow", query.flow),
            ("partner", query.partner),
            ("outcome", query.outcome.value if query.outcome else None),
        ):
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)
        if query.since is not None:
            clauses.append("at >= ?")
            params.append(time_to_text(query.since))
        if query.until is not None:
            clauses.append("at < ?")
            params.append(time_to_text(query.until))
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        # Only fixed column names are formatted in; every value is a bound parameter.
        sql = f"SELECT * FROM audit {where} ORDER BY at DESC, seq DESC LIMIT ?"  # noqa: S608
        rows = self._db.read(sql, (*params, query.limit))
        return [_event(row) for row in rows]
