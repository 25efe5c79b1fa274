"""Text forms both adapters store: UTC timestamps that sort as text, ledger history as JSON, seen-id sets."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from shared.state.records import LedgerStatus, LedgerTransition, PayloadRef, require_utc

__all__ = [
    "history_from_json",
    "history_to_json",
    "ids_from_json",
    "ids_to_json",
    "ref_or_none",
    "time_from_text",
    "time_or_none",
    "time_to_text",
    "utcnow",
]


def utcnow() -> datetime:
    return datetime.now(UTC)


def time_to_text(value: datetime) -> str:
    # Fixed width (microseconds, +00:00) so text order is time order, in SQLite columns and in Table keys.
    return require_utc(value, "a stored time").isoformat(timespec="microseconds")


def time_from_text(text: str) -> datetime:
    return require_utc(datetime.fromisoformat(text), "a stored time")


def time_or_none(text: str | None) -> datetime | None:
    return time_from_text(text) if text else None


def ref_or_none(text: str | None) -> PayloadRef | None:
    return PayloadRef.parse(text) if text else None


def history_to_json(history: tuple[LedgerTransition, ...]) -> str:
    return json.dumps(
        [
            {
                "at": time_to_text(step.at),
                "from": step.from_status.value,
                "to": step.to_status.value,
                "attempt": step.attempt,
                "reason": step.reason,
            }
            for step in history
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def history_from_json(text: str | None) -> tuple[LedgerTransition, ...]:
    if not text:
        return ()
    steps: list[dict[str, str | int | None]] = json.loads(text)
    return tuple(
        LedgerTransition(
            at=time_from_text(str(step["at"])),
            from_status=LedgerStatus(str(step["from"])),
            to_status=LedgerStatus(str(step["to"])),
            attempt=int(step["attempt"] or 0),
            reason=None if step.get("reason") is None else str(step["reason"]),
        )
        for step in steps
    )


def ids_to_json(ids: frozenset[str]) -> str:
    return json.dumps(sorted(ids), ensure_ascii=False, separators=(",", ":"))


def ids_from_json(text: str | None) -> frozenset[str]:
    if not text:
        return frozenset()
    values: list[str] = json.loads(text)
    return frozenset(str(v) for v in values)
