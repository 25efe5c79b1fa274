"""The ledger's state machine, shared by every adapter so SQLite and Tables cannot disagree about it.

Adapters only store: they call :func:`new_entry` on claim and :func:`apply_change` / :func:`replay` before a
compare-and-swap write of the result.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

from shared.state.errors import InvalidTransitionError
from shared.state.records import (
    Direction,
    LedgerChange,
    LedgerClaim,
    LedgerEntry,
    LedgerStatus,
    LedgerTransition,
)

__all__ = ["HISTORY_LIMIT", "REASON_LIMIT", "allowed_next", "apply_change", "new_entry", "replay"]

# Bounded so an entry stays inside one Table property (32,768 characters) however often it is replayed; the audit
# log keeps the full story.
HISTORY_LIMIT = 20
REASON_LIMIT = 4000
_HISTORY_REASON_LIMIT = 500


def _clip(text: str | None, limit: int) -> str | None:
    if text is None or len(text) <= limit:
        return text
    return text[: limit - 1] + "…"


_S = LedgerStatus
_FORWARD: dict[Direction, dict[LedgerStatus, frozenset[LedgerStatus]]] = {
    Direction.OUTBOUND: {
        _S.CLAIMED: frozenset({_S.CLAIMED, _S.TRANSLATED, _S.FAILED}),
        _S.TRANSLATED: frozenset({_S.TRANSLATED, _S.DELIVERED, _S.FAILED}),
        _S.DELIVERED: frozenset({_S.DELIVERED, _S.ACKNOWLEDGED, _S.FAILED}),
        _S.ACKNOWLEDGED: frozenset(),
        _S.FAILED: frozenset(),
    },
    Direction.INBOUND: {
        _S.CLAIMED: frozenset({_S.CLAIMED, _S.TRANSLATED, _S.FAILED}),
        _S.TRANSLATED: frozenset({_S.TRANSLATED, _S.CREATED, _S.FAILED}),
        _S.CREATED: frozenset({_S.CREATED, _S.ACKNOWLEDGED, _S.FAILED}),
        _S.ACKNOWLEDGED: frozenset(),
        _S.FAILED: frozenset(),
    },
}


def allowed_next(direction: Direction, status: LedgerStatus) -> frozenset[LedgerStatus]:
    """Where an entry in ``status`` may go (staying put records new fields); FAILED leaves only by replay."""
    return _FORWARD[direction].get(status, frozenset())


def new_entry(claim: LedgerClaim, *, now: datetime, version: str) -> LedgerEntry:
    return LedgerEntry(
        flow=claim.flow,
        natural_key=claim.natural_key,
        partner=claim.partner,
        direction=claim.direction,
        status=LedgerStatus.CLAIMED,
        version=version,
        correlation_id=claim.correlation_id,
        attempts=1,
        claimed_at=now,
        updated_at=now,
        sterling_message_id=claim.sterling_message_id,
        sterling_message_name=claim.sterling_message_name,
        dynamics_record_key=claim.dynamics_record_key,
        input_payload=claim.input_payload,
    )


def _describe(entry: LedgerEntry) -> dict[str, str]:
    return {"flow": entry.flow, "natural_key": entry.natural_key, "partner": entry.partner}


def _with_history(entry: LedgerEntry, step: LedgerTransition) -> tuple[LedgerTransition, ...]:
    return (*entry.history, step)[-HISTORY_LIMIT:]


def apply_change(entry: LedgerEntry, change: LedgerChange, *, now: datetime) -> LedgerEntry:
    """The entry after ``change``; the version is left for the adapter to replace."""
    if change.status not in allowed_next(entry.direction, entry.status):
        raise InvalidTransitionError(
            f"a {entry.direction.value} ledger entry cannot move from {entry.status.value} to {change.status.value}",
            context=_describe(entry),
            hint="failed entries move on only through reset_for_replay; acknowledged entries are final",
        )
    if change.status is LedgerStatus.FAILED and not (change.reason and change.reason.strip()):
        raise InvalidTransitionError(
            "a ledger entry cannot be marked failed without a reason",
            context=_describe(entry),
            hint="pass the error's message as the reason so the operator can act on it",
        )
    attempts = entry.attempts + 1 if change.new_attempt else entry.attempts
    history = entry.history
    if change.status is not entry.status:
        history = _with_history(
            entry,
            LedgerTransition(now, entry.status, change.status, attempts, _clip(change.reason, _HISTORY_REASON_LIMIT)),
        )
    moved_to_done = change.status in (LedgerStatus.DELIVERED, LedgerStatus.CREATED)
    return dataclasses.replace(
        entry,
        status=change.status,
        attempts=attempts,
        updated_at=now,
        delivered_at=now if moved_to_done and entry.status is not change.status else entry.delivered_at,
        acknowledged_at=now if change.status is LedgerStatus.ACKNOWLEDGED else entry.acknowledged_at,
        failure_reason=_clip(change.reason, REASON_LIMIT)
        if change.status is LedgerStatus.FAILED
        else entry.failure_reason,
        sterling_document_id=change.sterling_document_id or entry.sterling_document_id,
        sterling_message_id=change.sterling_message_id or entry.sterling_message_id,
        sterling_message_name=change.sterling_message_name or entry.sterling_message_name,
        dynamics_record_key=change.dynamics_record_key or entry.dynamics_record_key,
        input_payload=change.input_payload or entry.input_payload,
        output_payload=change.output_payload or entry.output_payload,
        controls=change.controls or entry.controls,
        history=history,
    )


def replay(entry: LedgerEntry, *, now: datetime) -> LedgerEntry:
    """A failed entry back at CLAIMED for another attempt; its failure stays in the history.

    What the failed attempt already achieved (an uploaded Sterling document, a created Dynamics record, control
    numbers) is kept on purpose: the retry must reuse it, not repeat it.
    """
    if entry.status is not LedgerStatus.FAILED:
        raise InvalidTransitionError(
            f"only failed ledger entries can be replayed; this one is {entry.status.value}",
            context=_describe(entry),
            hint="an entry still in progress is retried by its queue message; acknowledged entries are done",
        )
    step = LedgerTransition(now, LedgerStatus.FAILED, LedgerStatus.CLAIMED, entry.attempts + 1, "replay")
    return dataclasses.replace(
        entry,
        status=LedgerStatus.CLAIMED,
        attempts=entry.attempts + 1,
        updated_at=now,
        failure_reason=None,
        history=_with_history(entry, step),
    )
