"""The ledger on SQLite: the row's integer version is the concurrency token."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import datetime

from shared.errors import ConcurrencyConflictError
from shared.state.ledger_rules import apply_change, new_entry, replay
from shared.state.local.database import SqliteDatabase
from shared.state.records import (
    ClaimResult,
    Direction,
    EnvelopeControls,
    LedgerChange,
    LedgerClaim,
    LedgerEntry,
    LedgerStatus,
)
from shared.state.serial import (
    history_from_json,
    history_to_json,
    ref_or_none,
    time_from_text,
    time_or_none,
    time_to_text,
    utcnow,
)

__all__ = ["SqliteLedger"]

_COLUMNS = (
    "flow, natural_key, partner, direction, status, version, correlation_id, attempts, claimed_at, updated_at, "
    "delivered_at, acknowledged_at, failure_reason, sterling_document_id, sterling_message_id, "
    "sterling_message_name, dynamics_record_key, input_payload, output_payload, interchange_control, "
    "group_control, transaction_control, history"
)
_PLACEHOLDERS = ", ".join("?" for _ in _COLUMNS.split(","))
_ASSIGNMENTS = ", ".join(f"{c.strip()} = ?" for c in _COLUMNS.split(",")[2:])
# Built from the constant column list above; every value is a bound parameter.
_INSERT = f"INSERT INTO ledger ({_COLUMNS}) VALUES ({_PLACEHOLDERS}) ON CONFLICT DO NOTHING"  # noqa: S608
_UPDATE = f"UPDATE ledger SET {_ASSIGNMENTS} WHERE flow = ? AND natural_key = ? AND version = ?"  # noqa: S608


def _row(entry: LedgerEntry) -> tuple[object, ...]:
    return (
        entry.flow,
        entry.natural_key,
        entry.partner,
        entry.direction.value,
        entry.status.value,
        int(entry.version),
        entry.correlation_id,
        entry.attempts,
        time_to_text(entry.claimed_at),
        time_to_text(entry.updated_at),
        time_to_text(entry.delivered_at) if entry.delivered_at else None,
        time_to_text(entry.acknowledged_at) if entry.acknowledged_at else None,
        entry.failure_reason,
        entry.sterling_document_id,
        entry.sterling_message_id,
        entry.sterling_message_name,
        entry.dynamics_record_key,
        entry.input_payload.text if entry.input_payload else None,
        entry.output_payload.text if entry.output_payload else None,
        entry.controls.interchange,
        entry.controls.group,
        entry.controls.transaction,
        history_to_json(entry.history),
    )


def _entry(row: sqlite3.Row) -> LedgerEntry:
    return LedgerEntry(
        flow=row["flow"],
        natural_key=row["natural_key"],
        partner=row["partner"],
        direction=Direction(row["direction"]),
        status=LedgerStatus(row["status"]),
        version=str(row["version"]),
        correlation_id=row["correlation_id"],
        attempts=row["attempts"],
        claimed_at=time_from_text(row["claimed_at"]),
        updated_at=time_from_text(row["updated_at"]),
        delivered_at=time_or_none(row["delivered_at"]),
        acknowledged_at=time_or_none(row["acknowledged_at"]),
        failure_reason=row["failure_reason"],
        sterling_document_id=row["sterling_document_id"],
        sterling_message_id=row["sterling_message_id"],
        sterling_message_name=row["sterling_message_name"],
        dynamics_record_key=row["dynamics_record_key"],
        input_payload=ref_or_none(row["input_payload"]),
        output_payload=ref_or_none(row["output_payload"]),
        controls=EnvelopeControls(row["interchange_control"], row["group_control"], row["transaction_control"]),
        history=history_from_json(row["history"]),
    )


class SqliteLedger:
    def __init__(self, db: SqliteDatabase) -> None:
        self._db = db

    def claim(self, claim: LedgerClaim) -> ClaimResult:
        entry = new_entry(claim, now=utcnow(), version="1")
        with self._db.write() as conn:
            inserted = conn.execute(_INSERT, _row(entry)).rowcount
            if inserted == 1:
                return ClaimResult(entry, won=True)
            existing = conn.execute(
                "SELECT * FROM ledger WHERE flow = ? AND natural_key = ?", (claim.flow, claim.natural_key)
            ).fetchone()
        return ClaimResult(_entry(existing), won=False)

    def get(self, flow: str, natural_key: str) -> LedgerEntry | None:
        rows = self._db.read("SELECT * FROM ledger WHERE flow = ? AND natural_key = ?", (flow, natural_key))
        return _entry(rows[0]) if rows else None

    def _swap(self, before: LedgerEntry, after: LedgerEntry) -> LedgerEntry:
        stored = dataclasses.replace(after, version=str(int(before.version) + 1))
        with self._db.write() as conn:
            changed = conn.execute(
                _UPDATE,
                (*_row(stored)[2:], before.flow, before.natural_key, int(before.version)),
            ).rowcount
        if changed != 1:
            raise ConcurrencyConflictError(
                f"ledger entry changed since it was read (version {before.version}); it was not updated",
                context={"flow": before.flow, "natural_key": before.natural_key, "partner": before.partner},
                hint="re-read the entry and decide again; the queue redelivers if this is not handled",
            )
        return stored

    def transition(self, entry: LedgerEntry, change: LedgerChange) -> LedgerEntry:
        return self._swap(entry, apply_change(entry, change, now=utcnow()))

    def reset_for_replay(self, entry: LedgerEntry) -> LedgerEntry:
        return self._swap(entry, replay(entry, now=utcnow()))

    def failed(self, *, partner: str | None = None, flow: str | None = None, limit: int = 100) -> list[LedgerEntry]:
        sql = "SELECT * FROM ledger WHERE status = ?"
        params: list[object] = [LedgerStatus.FAILED.value]
        if partner is not None:
            sql += " AND partner = ?"
            params.append(partner)
        if flow is not None:
            sql += " AND flow = ?"
            params.append(flow)
        sql += " ORDER BY updated_at DESC LIMIT ?"
        params.append(limit)
        return [_entry(row) for row in self._db.read(sql, tuple(params))]

    def awaiting_acknowledgment(
        self, *, delivered_before: datetime, partner: str | None = None, limit: int = 100
    ) -> list[LedgerEntry]:
        sql = "SELECT * FROM ledger WHERE status = ? AND delivered_at < ?"
        params: list[object] = [LedgerStatus.DELIVERED.value, time_to_text(delivered_before)]
        if partner is not None:
            sql += " AND partner = ?"
            params.append(partner)
        sql += " ORDER BY delivered_at ASC LIMIT ?"
        params.append(limit)
        return [_entry(row) for row in self._db.read(sql, tuple(params))]

    def find_by_message_id(self, sterling_message_id: str) -> LedgerEntry | None:
        rows = self._db.read(
            "SELECT * FROM ledger WHERE sterling_message_id = ? ORDER BY claimed_at DESC LIMIT 1",
            (sterling_message_id,),
        )
        return _entry(rows[0]) if rows else None
