"""``POST /api/events/dynamics``: authenticate, read, dedupe and enqueue a business event; answer F&O.

F&O treats any 2xx within 10 s as delivered and retries anything else three times before parking the event
in its error list, so the answer is chosen with that in mind:

* 202 only after the work item is on the queue; 503 when the enqueue (or the ledger) failed, so F&O retries;
* 200 for a duplicate, the activation test message, an event this endpoint does not route, and a document of a
  vendor or customer that does not trade EDI: retrying those would change nothing;
* 400 for a body that is not a business event, 401 for a missing or wrong URL token.

Dedupe is on both keys F&O's at-least-once delivery repeats (``EventId``; ``BusinessEventId`` + ``ControlNumber``)
through the ledger. An event's entries move claimed → created only once its work item is queued, so an event
whose enqueue failed is enqueued again when F&O retries it.
"""

from __future__ import annotations

import hmac
import logging
from dataclasses import dataclass
from enum import StrEnum

from shared.errors import ConcurrencyConflictError, ConnectorError
from shared.flows.contract import Services, WorkKind, document_key
from shared.runtime.business_events import BusinessEvent, EventPayloadError, parse_business_event
from shared.runtime.dispatch import FINISHED_STATUSES
from shared.runtime.journal import DocumentRef, Invocation, Journal
from shared.runtime.outcomes import describe_error
from shared.settings import Secret
from shared.state.records import (
    AuditOutcome,
    Direction,
    LedgerChange,
    LedgerClaim,
    LedgerEntry,
    LedgerStatus,
    WorkItem,
    WorkLane,
)
from shared.telemetry import Event

__all__ = ["EVENT_LEDGER_FLOW", "EventAnswer", "EventAnswerKind", "receive_event", "url_token_matches"]

# The ledger "flow" of the dedupe entries of business events (one per EventId, one per ControlNumber).
EVENT_LEDGER_FLOW = "dynamics_event"


class EventAnswerKind(StrEnum):
    ACCEPTED = "accepted"
    DUPLICATE = "duplicate"
    ACTIVATION_TEST = "activation_test"
    IGNORED = "ignored"
    REJECTED = "rejected"
    UNAUTHORIZED = "unauthorized"
    UNAVAILABLE = "unavailable"


_STATUS = {
    EventAnswerKind.ACCEPTED: 202,
    EventAnswerKind.DUPLICATE: 200,
    EventAnswerKind.ACTIVATION_TEST: 200,
    EventAnswerKind.IGNORED: 200,
    EventAnswerKind.REJECTED: 400,
    EventAnswerKind.UNAUTHORIZED: 401,
    EventAnswerKind.UNAVAILABLE: 503,
}


@dataclass(frozen=True)
class EventAnswer:
    kind: EventAnswerKind
    message: str

    @property
    def status(self) -> int:
        return _STATUS[self.kind]


def url_token_matches(provided: str | None, expected: Secret | None) -> bool:
    """The URL token check, in constant time; always true when no token is configured."""
    if expected is None:
        return True
    if provided is None:
        return False
    return hmac.compare_digest(provided.encode("utf-8"), expected.reveal().encode("utf-8"))


def receive_event(body: bytes, services: Services, invocation: Invocation) -> EventAnswer:
    journal = Journal(services.state.audit, services.clock, invocation)
    try:
        event = parse_business_event(body)
    except EventPayloadError as exc:
        journal.record(
            Event.DOCUMENT_FAILED,
            DocumentRef(EVENT_LEDGER_FLOW, "unreadable", ""),
            step="event",
            outcome=AuditOutcome.FAILED,
            message=f"refused a request that is not a business event: {exc.message}",
            level=logging.WARNING,
        )
        return EventAnswer(EventAnswerKind.REJECTED, exc.message)
    note = DocumentRef(EVENT_LEDGER_FLOW, event.dedupe_keys[1], event.legal_entity, event.event_id)
    if event.is_activation_test:
        return _noted(journal, note, EventAnswerKind.ACTIVATION_TEST, "activation test message answered")
    route = event.route
    if route is None:
        return _noted(journal, note, EventAnswerKind.IGNORED, f"{event.business_event_id} is not routed; ignored")
    if not event.legal_entity or not event.document_number:
        return _noted(
            journal, note, EventAnswerKind.IGNORED, f"{event.business_event_id} names no legal entity or document"
        )
    partner = services.partners.find_outbound(event.legal_entity, route.role, event.account)
    if partner is None or not partner.enables(route.flow_kind):
        why = "is not a trading partner" if partner is None else f"is not enabled for {route.flow_kind.value}"
        return _noted(
            journal, note, EventAnswerKind.IGNORED, f"{route.role.value} {event.account} {why}; event ignored"
        )
    item = WorkItem(
        kind=WorkKind.DYNAMICS_RECORD.value,
        flow=route.flow.value,
        natural_key=document_key(event.legal_entity, event.document_number),
        partner=partner.code,
        correlation_id=event.event_id,
    )
    try:
        return _dedupe_and_enqueue(event, item, services, journal)
    except ConnectorError as exc:
        message = f"could not queue the event, F&O will retry it: {describe_error(exc)}"
        journal.record(
            Event.DOCUMENT_RETRY,
            DocumentRef.of(item),
            step="event",
            outcome=AuditOutcome.RETRYING,
            message=message,
            level=logging.ERROR,
            extra={"business_event": event.business_event_id, "control_number": event.control_number},
        )
        return EventAnswer(EventAnswerKind.UNAVAILABLE, message)


def _noted(journal: Journal, note: DocumentRef, kind: EventAnswerKind, message: str) -> EventAnswer:
    journal.record(Event.DOCUMENT_RECEIVED, note, step="event", outcome=AuditOutcome.SKIPPED, message=message)
    return EventAnswer(kind, message)


def _dedupe_and_enqueue(event: BusinessEvent, item: WorkItem, services: Services, journal: Journal) -> EventAnswer:
    ledger = services.state.ledger
    claims = [
        ledger.claim(
            LedgerClaim(
                flow=EVENT_LEDGER_FLOW,
                natural_key=key,
                partner=item.partner,
                direction=Direction.INBOUND,
                correlation_id=event.event_id,
                dynamics_record_key=item.natural_key,
            )
        )
        for key in event.dedupe_keys
    ]
    entries = [claim.entry for claim in claims]
    if any(entry.status in FINISHED_STATUSES for entry in entries):
        message = f"{event.business_event_id} {event.control_number} was already queued; duplicate ignored"
        journal.record(
            Event.DOCUMENT_DUPLICATE,
            DocumentRef.of(item),
            step="event",
            outcome=AuditOutcome.SKIPPED,
            message=message,
            extra={"business_event": event.business_event_id, "control_number": event.control_number},
        )
        return EventAnswer(EventAnswerKind.DUPLICATE, message)
    services.state.work_queue.enqueue(WorkLane.OUTBOUND, item)
    for entry in entries:
        _mark_queued(entry, services)
    message = f"{event.business_event_id} {event.control_number} queued as {item.flow} {item.natural_key}"
    if not all(claim.won for claim in claims):
        # Another copy of this event claimed (some of) its keys a moment ago and is still queueing it; with two
        # keys, two copies can each win one. Queueing again keeps the event safe if that copy dies; the flow's
        # ledger entry makes the later work item a no-op.
        message += " (a concurrent copy of the event is being queued too; duplicate ignored by the flow's ledger)"
    journal.record(
        Event.DOCUMENT_RECEIVED,
        DocumentRef.of(item),
        step="event",
        outcome=AuditOutcome.SUCCEEDED,
        message=message,
        extra={"business_event": event.business_event_id, "control_number": event.control_number},
    )
    return EventAnswer(EventAnswerKind.ACCEPTED, message)


def _mark_queued(entry: LedgerEntry, services: Services) -> None:
    # claimed → translated → created along the ledger's inbound path (the event came in to us), here meaning
    # "handed to the work queue". Inbound, so these entries never wait for an EDI acknowledgment.
    ledger = services.state.ledger
    try:
        if entry.status is LedgerStatus.CLAIMED:
            entry = ledger.transition(entry, LedgerChange(status=LedgerStatus.TRANSLATED))
        if entry.status is LedgerStatus.TRANSLATED:
            ledger.transition(entry, LedgerChange(status=LedgerStatus.CREATED))
    except ConcurrencyConflictError:
        # A concurrent copy of the same event marked it first; the work item is queued either way.
        return
