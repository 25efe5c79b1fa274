"""Queue messages in, dispositions out: the glue both hosts share (the Functions queue trigger, the local worker).

In Azure the host owns the message: finishing normally deletes it, raising gives it back after host.json's
``visibilityTimeout``. Locally the worker completes or releases it with the disposition's delay. In both, a
failure is recorded in the ledger before the message is let go, and a message that is not a work item is archived
(and audited with its reference) instead of being left to expire in a poison queue.
"""

from __future__ import annotations

import base64
import logging
from dataclasses import dataclass, field
from datetime import timedelta

from shared.errors import TransientError
from shared.flows.contract import Services
from shared.runtime.dispatch import FINISHED_STATUSES, Disposition, DispositionKind, process, record_failure
from shared.runtime.journal import DocumentRef, Invocation, Journal
from shared.state.records import AuditOutcome, ReceivedWork, WorkLane
from shared.state.work_codec import WorkItemDecodeError, decode_work_item
from shared.telemetry import Event

__all__ = ["DrainReport", "RetryLaterError", "drain_lane", "handle_queue_body"]


class RetryLaterError(TransientError):
    """Raised from a queue trigger so the Functions host gives the message back for another attempt."""


def handle_queue_body(
    body: bytes,
    *,
    lane: WorkLane,
    message_id: str,
    dequeue_count: int,
    services: Services,
    invocation: Invocation,
) -> Disposition:
    """Run one message as the Functions trigger hands it over (body already base64-decoded by the host)."""
    try:
        item = decode_work_item(base64.b64encode(body).decode("ascii"))
    except WorkItemDecodeError as exc:
        return _unreadable(body, str(exc), lane, message_id=message_id, services=services, invocation=invocation)
    received = ReceivedWork(lane=lane, item=item, message_id=message_id, receipt="", dequeue_count=dequeue_count)
    disposition = process(received, services, invocation)
    if disposition.kind is DispositionKind.RETRY:
        raise RetryLaterError(
            disposition.detail,
            context={"flow": item.flow, "natural_key": item.natural_key, "partner": item.partner},
            retry_after=disposition.retry_after.total_seconds(),
        )
    return disposition


def handle_poison_body(
    body: bytes,
    *,
    lane: WorkLane,
    message_id: str,
    services: Services,
    invocation: Invocation,
) -> Disposition:
    """Record a message the Functions host moved to ``<queue>-poison`` as a failed, replayable document.

    The host moves a message there only when every attempt crashed or timed out before the runtime could record
    an outcome (on an ordinary last attempt the runtime records the failure itself). Nothing may wait in the
    poison queue to expire, so the poison trigger turns it into a ledger failure the operator sees and replays.
    """
    try:
        item = decode_work_item(base64.b64encode(body).decode("ascii"))
    except WorkItemDecodeError as exc:
        return _unreadable(body, str(exc), lane, message_id=message_id, services=services, invocation=invocation)
    journal = Journal(services.state.audit, services.clock, invocation)
    where = DocumentRef.of(item)
    entry = services.state.ledger.get(item.flow, item.natural_key)
    if entry is not None and entry.status in FINISHED_STATUSES:
        # The last attempt did its work and died afterwards: the document is done, the poison copy is not news.
        message = f"poison copy of {item.flow} {item.natural_key} ignored: the ledger says {entry.status.value}"
        journal.record(Event.DOCUMENT_DUPLICATE, where, step="poison", outcome=AuditOutcome.SKIPPED, message=message)
        return Disposition(DispositionKind.SKIPPED, message)
    reason = (
        f"the Functions host gave up after {services.state.work_queue.max_attempts} attempts that each crashed or "
        "timed out before finishing (see the function's exceptions in Application Insights); replay it once the "
        "cause is fixed"
    )
    record_failure(item, reason, services)  # a ConnectorError propagates: the host retries the poison message
    journal.record(
        Event.DOCUMENT_POISONED,
        where,
        step="poison",
        outcome=AuditOutcome.FAILED,
        message=f"recorded as failed, replayable: {reason}",
        level=logging.ERROR,
    )
    return Disposition(DispositionKind.POISONED, reason)


def _unreadable(
    body: bytes, why: str, lane: WorkLane, *, message_id: str, services: Services, invocation: Invocation
) -> Disposition:
    ref = services.state.payloads.put(body)
    Journal(services.state.audit, services.clock, invocation).record(
        Event.DOCUMENT_FAILED,
        DocumentRef(f"queue:{lane.value}", message_id, ""),
        step="decode",
        outcome=AuditOutcome.FAILED,
        message=f"queue message {message_id} is not a work item ({why}); its body is archived as {ref.text}",
        payload=ref,
        level=logging.ERROR,
    )
    return Disposition(DispositionKind.FAILED, f"not a work item: {why}")


@dataclass
class DrainReport:
    counts: dict[DispositionKind, int] = field(default_factory=dict)

    def add(self, kind: DispositionKind) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + 1

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def drain_lane(
    lane: WorkLane,
    services: Services,
    invocation: Invocation,
    *,
    visibility: timedelta,
    batch: int = 8,
    max_messages: int | None = None,
    max_retry_delay: timedelta | None = None,
) -> DrainReport:
    """Process the lane's visible messages until none is left (or ``max_messages`` were handled).

    ``max_retry_delay`` caps how long a retried message stays hidden (``run --once`` and tests use 0 so every
    attempt happens within one drain).
    """
    queue = services.state.work_queue
    report = DrainReport()
    while max_messages is None or report.total < max_messages:
        received = queue.receive(lane, visibility=visibility, max_items=batch)
        if not received:
            break
        for work in received:
            disposition = process(work, services, invocation)
            report.add(disposition.kind)
            if disposition.settled:
                queue.complete(work)
            else:
                delay = disposition.retry_after
                if max_retry_delay is not None:
                    delay = min(delay, max_retry_delay)
                queue.release(work, after=delay)
    return report
