"""The Sterling inbound poll: every partner's inbound mailbox, new messages since its cursor, onto the queue.

For each new message, in (creationDate, id) order: archive the payload, claim the ``inbound_message`` ledger entry
by message id, enqueue a ``STERLING_MESSAGE`` work item if this poll won the claim, then move the mailbox cursor
by compare-and-swap. Two polls running at once (a timer that fires twice, a lost singleton lease) both list the
same messages, but only one wins each claim, so each message is enqueued once; the cursor CAS keeps the slower
poll from moving the mark backwards.

A claim no worker has picked up yet may belong to a poll that died between its claim and its enqueue, so the
cursor never moves past one; once such a claim is older than ``poll_recovery`` a later poll queues the message
again (a duplicate queue message costs nothing: the dispatcher's ledger check skips it).
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum

from shared.errors import ConcurrencyConflictError, ConnectorError
from shared.flows.contract import FlowName, Services, WorkKind
from shared.partners import FlowKind, PartnerProfile
from shared.runtime.journal import DocumentRef, Invocation, Journal
from shared.state.records import (
    AuditOutcome,
    Cursor,
    CursorPosition,
    Direction,
    LedgerClaim,
    LedgerEntry,
    LedgerStatus,
    WorkItem,
    WorkLane,
)
from shared.sterling.cursor import MessageCursor
from shared.sterling.records import MailboxMessage
from shared.telemetry import Event, emit

__all__ = ["MailboxPoll", "PollReport", "cursor_name", "poll_sterling"]

_INBOUND_FLOWS = frozenset({FlowKind.INBOUND_850, FlowKind.INBOUND_820})


def cursor_name(mailbox_path: str) -> str:
    return f"sterling-mailbox:{mailbox_path}"


@dataclass(frozen=True)
class MailboxPoll:
    partner: str
    mailbox: str
    listed: int = 0
    enqueued: int = 0
    already_claimed: int = 0
    error: str | None = None


@dataclass(frozen=True)
class PollReport:
    mailboxes: tuple[MailboxPoll, ...] = field(default=())

    @property
    def enqueued(self) -> int:
        return sum(m.enqueued for m in self.mailboxes)

    @property
    def failures(self) -> tuple[MailboxPoll, ...]:
        return tuple(m for m in self.mailboxes if m.error is not None)


def _to_message_cursor(cursor: Cursor) -> MessageCursor:
    if cursor.position is None:
        return MessageCursor()
    ids = frozenset(int(i) for i in cursor.position.seen_at_mark if i.isdigit())
    return MessageCursor(cursor.position.mark, ids)


def _to_position(cursor: MessageCursor) -> CursorPosition | None:
    if cursor.creation_date is None:
        return None
    return CursorPosition(cursor.creation_date, frozenset(str(i) for i in cursor.ids_at_date))


def poll_sterling(services: Services, invocation: Invocation, *, recovery: timedelta) -> PollReport:
    """Poll the inbound mailbox of every partner that sends us anything; one mailbox's failure does not stop the others.

    That is every partner with an inbound flow, and every partner we send to that acknowledges what it receives
    (a supplier with only outbound purchase orders still returns 997s / CONTRLs to reconcile).
    """
    journal = Journal(services.state.audit, services.clock, invocation)
    results: list[MailboxPoll] = []
    for partner in services.partners:
        if not _sends_us_documents(partner):
            continue
        try:
            results.append(_poll_mailbox(partner, services, journal, recovery))
        except ConnectorError as exc:
            results.append(MailboxPoll(partner.code, partner.mailboxes.inbound, error=f"{type(exc).__name__}: {exc}"))
    report = PollReport(tuple(results))
    failed = report.failures
    emit(
        Event.POLL_COMPLETED,
        f"polled {len(results)} mailboxes, enqueued {report.enqueued} messages"
        + (f"; {len(failed)} failed: " + "; ".join(f"{m.mailbox}: {m.error}" for m in failed) if failed else ""),
        level=logging.WARNING if failed else logging.INFO,
        dimensions={
            "invocation_id": invocation.invocation_id,
            "trigger": invocation.trigger,
            "mailboxes": len(results),
            "enqueued": report.enqueued,
            "failed": len(failed),
        },
    )
    return report


class _Taken(StrEnum):
    QUEUED = "queued"  # this poll queued it
    PASSED = "passed"  # a worker has it, or it is finished: the cursor may move past it
    HELD = "held"  # claimed by another poll that has not queued it yet (or is about to): the cursor waits


def _sends_us_documents(partner: PartnerProfile) -> bool:
    return bool(partner.flows & _INBOUND_FLOWS) or (bool(partner.flows) and partner.acks.expected_within is not None)


def _poll_mailbox(partner: PartnerProfile, services: Services, journal: Journal, recovery: timedelta) -> MailboxPoll:
    path = partner.mailboxes.inbound
    stored = services.state.cursors.read(cursor_name(path))
    start = _to_message_cursor(stored)
    fresh = services.sterling.new_messages(path, start)
    enqueued = claimed_before = 0
    passable: list[MailboxMessage] = []
    held = False
    try:
        for message in fresh:
            taken = _take(message, partner, services, journal, recovery)
            if taken is _Taken.QUEUED:
                enqueued += 1
            else:
                claimed_before += 1
            # The cursor never moves past a message whose claim may still be waiting for its enqueue: if that
            # poll died, a later poll must still list the message to queue it again.
            held = held or taken is _Taken.HELD
            if not held:
                passable.append(message)
    finally:
        # Even when a message failed, the ones before it are safely queued: move past them, not past it.
        _advance(stored, start.advance_all(passable), services, partner, path)
    return MailboxPoll(partner.code, path, listed=len(fresh), enqueued=enqueued, already_claimed=claimed_before)


def _advance(stored: Cursor, moved: MessageCursor, services: Services, partner: PartnerProfile, path: str) -> None:
    position = _to_position(moved)
    if position is None or (stored.position is not None and position == stored.position):
        return
    try:
        services.state.cursors.advance(stored, position)
    except ConcurrencyConflictError:
        # Another poll moved the cursor since we read it; it saw these messages too and the ledger let only one
        # of us enqueue each, so there is nothing to undo.
        emit(
            Event.POLL_COMPLETED,
            f"cursor of {path} was moved by an overlapping poll; leaving it there",
            dimensions={"partner": partner.code, "mailbox": path},
        )


def _state_of(entry: LedgerEntry, services: Services, recovery: timedelta) -> _Taken | None:
    """What an existing claim means for this poll; None when the message should be queued (again)."""
    waiting = entry.status is LedgerStatus.CLAIMED and entry.attempts == 1
    if not waiting:
        return _Taken.PASSED  # a worker picked it up (attempts > 1), or it is finished or failed
    if services.clock() - entry.updated_at < recovery:
        return _Taken.HELD
    return None


def _take(
    message: MailboxMessage, partner: PartnerProfile, services: Services, journal: Journal, recovery: timedelta
) -> _Taken:
    """Archive, claim and enqueue one message, unless the ledger already has it."""
    key = str(message.id)
    ledger = services.state.ledger
    entry = ledger.get(FlowName.INBOUND_MESSAGE.value, key)
    stale = False
    if entry is not None:
        # Known already: decide before fetching the payload again.
        state = _state_of(entry, services, recovery)
        if state is not None:
            return state
        stale = True
    payload = (entry.input_payload if entry is not None else None) or services.state.payloads.put(
        services.sterling.fetch_payload(message.document_id)
    )
    if entry is None:
        claim = ledger.claim(
            LedgerClaim(
                flow=FlowName.INBOUND_MESSAGE.value,
                natural_key=key,
                partner=partner.code,
                direction=Direction.INBOUND,
                correlation_id=str(uuid.uuid4()),
                sterling_message_id=key,
                sterling_message_name=message.name,
                input_payload=payload,
            )
        )
        entry = claim.entry
        if not claim.won:
            # An overlapping poll claimed it between our read and our claim: it queues it.
            return _state_of(entry, services, recovery) or _Taken.HELD
    item = WorkItem(
        kind=WorkKind.STERLING_MESSAGE.value,
        flow=FlowName.INBOUND_MESSAGE.value,
        natural_key=key,
        partner=partner.code,
        correlation_id=entry.correlation_id,
        payload=payload,
    )
    services.state.work_queue.enqueue(WorkLane.INBOUND, item)
    journal.record(
        Event.DOCUMENT_RECEIVED,
        DocumentRef(item.flow, key, partner.code, entry.correlation_id),
        step="poll",
        outcome=AuditOutcome.SUCCEEDED,
        message=(
            f"message {message.name!r} from {partner.mailboxes.inbound} archived and queued"
            + (" again: the poll that claimed it never queued it" if stale else "")
        ),
        payload=payload,
        extra={"sterling_message_id": key},
    )
    return _Taken.QUEUED
