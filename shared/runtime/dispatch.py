"""Runs one received work item through its flow and decides what becomes of it (the ``Disposition``).

The ledger entry is claimed first; a document already delivered, created or acknowledged is skipped, and so is
one recorded as failed (it is replayed on purpose, never by a stray redelivery). Whatever the handler raises is
mapped by :func:`shared.runtime.outcomes.outcome_for`; failures are written to the ledger before the caller
lets go of the queue message, so a failure is never only in a poison queue.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from shared.errors import ConcurrencyConflictError, ConfigurationError, ConnectorError, ThrottledError
from shared.flows.contract import FlowHandler, FlowName, FlowOutcome, FlowResult, Services
from shared.runtime.journal import DocumentRef, Invocation, Journal
from shared.runtime.outcomes import Outcome, describe_error, outcome_for, retry_delay
from shared.runtime.routing import direction_of, lane_of
from shared.state.records import (
    AuditOutcome,
    LedgerChange,
    LedgerClaim,
    LedgerEntry,
    LedgerStatus,
    ReceivedWork,
    WorkItem,
)
from shared.telemetry import Event, emit

__all__ = ["FINISHED_STATUSES", "Disposition", "DispositionKind", "process", "record_failure"]

FINISHED_STATUSES = frozenset({LedgerStatus.DELIVERED, LedgerStatus.CREATED, LedgerStatus.ACKNOWLEDGED})
_RECORD_TRIES = 3


class DispositionKind(StrEnum):
    DONE = "done"  # the handler finished (delivered, created, duplicate found, or nothing to do)
    SKIPPED = "skipped"  # the ledger says it is already done, or failed and waiting for a replay
    RETRY = "retry"  # give the message back; it comes again after ``retry_after``
    FAILED = "failed"  # recorded as failed; the message can be removed
    POISONED = "poisoned"  # attempts exhausted and recorded as failed; the message can be removed


@dataclass(frozen=True)
class Disposition:
    kind: DispositionKind
    detail: str
    retry_after: timedelta = timedelta(0)

    @property
    def settled(self) -> bool:
        """True when the queue message may be removed (everything but a retry)."""
        return self.kind is not DispositionKind.RETRY


def _handlers() -> Mapping[FlowName, FlowHandler]:
    from shared.flows import registry

    registry.load_flows()
    return registry.HANDLERS


def process(
    received: ReceivedWork,
    services: Services,
    invocation: Invocation,
    *,
    handlers: Mapping[FlowName, FlowHandler] | None = None,
) -> Disposition:
    item = received.item
    journal = Journal(services.state.audit, services.clock, invocation)
    where = DocumentRef.of(item)
    attempt_dims: dict[str, str | int | None] = {"dequeue_count": received.dequeue_count}
    try:
        entry = _claim(item, services)
        if entry.status in FINISHED_STATUSES or entry.status is LedgerStatus.FAILED:
            return _skip(entry, item, journal)
        journal.record(
            Event.DOCUMENT_RECEIVED,
            where,
            step="dispatch",
            outcome=AuditOutcome.STARTED,
            message=f"attempt {received.dequeue_count} of {services.state.work_queue.max_attempts} started",
            payload=item.payload,
            extra=attempt_dims,
        )
        flow = _flow_name(item.flow)
        handler = None if flow is None else (handlers if handlers is not None else _handlers()).get(flow)
        if handler is None:
            raise ConfigurationError(
                f"no handler is registered for flow {item.flow}",
                context={"flow": item.flow, "natural_key": item.natural_key},
                hint="deploy a build that contains this flow, then replay the document",
            )
        result = handler(item, entry, services)
        _enqueue_follow_ups(result, services)
    except Exception as exc:  # noqa: BLE001 - every exception is classified by outcome_for, none is swallowed
        return _after_failure(exc, received, services, journal)
    event = Event.DOCUMENT_DUPLICATE if result.outcome is FlowOutcome.DUPLICATE else Event.DOCUMENT_DONE
    journal.record(
        event,
        where,
        step="dispatch",
        outcome=AuditOutcome.SUCCEEDED,
        message=f"{result.outcome.value}: {result.detail}",
        extra={**attempt_dims, "outcome": result.outcome.value, "follow_ups": len(result.follow_up)},
    )
    return Disposition(DispositionKind.DONE, f"{result.outcome.value}: {result.detail}")


def _flow_name(flow: str) -> FlowName | None:
    try:
        return FlowName(flow)
    except ValueError:
        return None


def _claim(item: WorkItem, services: Services) -> LedgerEntry:
    claim = LedgerClaim(
        flow=item.flow,
        natural_key=item.natural_key,
        partner=item.partner,
        direction=direction_of(item.flow),
        correlation_id=item.correlation_id,
        sterling_message_id=item.natural_key if item.flow == FlowName.INBOUND_MESSAGE.value else None,
        input_payload=item.payload,
    )
    result = services.state.ledger.claim(claim)
    if result.won or result.entry.status in FINISHED_STATUSES or result.entry.status is LedgerStatus.FAILED:
        return result.entry
    # A redelivery (or a replay) of an unfinished entry: count the new attempt. Losing this race to another
    # worker raises ConcurrencyConflictError, which retries, so two workers never run one entry at once.
    return services.state.ledger.transition(result.entry, LedgerChange(status=result.entry.status, new_attempt=True))


def _skip(entry: LedgerEntry, item: WorkItem, journal: Journal) -> Disposition:
    if entry.status is LedgerStatus.FAILED:
        message = f"already recorded as failed ({entry.failure_reason}); replay it to run it again"
    else:
        message = f"already {entry.status.value}; nothing to do"
    journal.record(
        Event.DOCUMENT_DUPLICATE,
        DocumentRef.of(item),
        step="dispatch",
        outcome=AuditOutcome.SKIPPED,
        message=message,
        extra={"status": entry.status.value},
    )
    return Disposition(DispositionKind.SKIPPED, message)


def _enqueue_follow_ups(result: FlowResult, services: Services) -> None:
    for follow_up in result.follow_up:
        services.state.work_queue.enqueue(lane_of(follow_up), follow_up)


def _after_failure(exc: Exception, received: ReceivedWork, services: Services, journal: Journal) -> Disposition:
    item = received.item
    max_attempts = services.state.work_queue.max_attempts
    outcome = outcome_for(exc, received.dequeue_count, max_attempts)
    reason = describe_error(exc)
    where = DocumentRef.of(item)
    dims: dict[str, str | int | None] = {
        "dequeue_count": received.dequeue_count,
        "error": type(exc).__name__,
        "outcome": outcome.value,
    }
    if isinstance(exc, ThrottledError) and exc.context.get("system") == "dynamics":
        # The alert on Dynamics service-protection limits counts these, whatever becomes of the document.
        emit(
            Event.DYNAMICS_THROTTLED,
            f"Dynamics throttled {item.flow} {item.natural_key}",
            level=logging.WARNING,
            dimensions={**dims, "flow": item.flow, "natural_key": item.natural_key, "partner": item.partner},
        )
    if outcome is Outcome.RETRY:
        delay = retry_delay(exc, received.dequeue_count)
        message = (
            f"attempt {received.dequeue_count} of {max_attempts} failed, retrying in {int(delay.total_seconds())} s: "
            f"{reason}"
        )
        journal.record(
            Event.DOCUMENT_RETRY,
            where,
            step="dispatch",
            outcome=AuditOutcome.RETRYING,
            message=message,
            level=logging.WARNING,
            extra=dims,
        )
        return Disposition(DispositionKind.RETRY, message, delay)
    if outcome is Outcome.POISONED:
        reason = f"gave up after {received.dequeue_count} attempts: {reason}"
    try:
        record_failure(item, reason, services)
    except ConnectorError as record_exc:
        # The ledger cannot take the failure now: keep the message so the failure is not lost.
        message = f"could not record the failure ({describe_error(record_exc)}); keeping the message: {reason}"
        journal.record(
            Event.DOCUMENT_RETRY,
            where,
            step="dispatch",
            outcome=AuditOutcome.RETRYING,
            message=message,
            level=logging.ERROR,
            extra=dims,
        )
        return Disposition(DispositionKind.RETRY, message, retry_delay(record_exc, received.dequeue_count))
    event = Event.DOCUMENT_POISONED if outcome is Outcome.POISONED else Event.DOCUMENT_FAILED
    journal.record(
        event,
        where,
        step="dispatch",
        outcome=AuditOutcome.FAILED,
        message=f"recorded as failed, replayable: {reason}",
        level=logging.ERROR,
        extra=dims,
    )
    kind = DispositionKind.POISONED if outcome is Outcome.POISONED else DispositionKind.FAILED
    return Disposition(kind, reason)


def record_failure(item: WorkItem, reason: str, services: Services) -> None:
    """Mark the item's ledger entry failed with ``reason`` (claiming it first if no claim landed); idempotent."""
    ledger = services.state.ledger
    for _ in range(_RECORD_TRIES):
        entry = ledger.get(item.flow, item.natural_key)
        if entry is None:
            entry = _claim_for_failure(item, services)
        if entry.status is LedgerStatus.FAILED:
            return
        try:
            ledger.transition(entry, LedgerChange(status=LedgerStatus.FAILED, reason=reason))
        except ConcurrencyConflictError:
            continue
        return
    raise ConcurrencyConflictError(
        "the ledger entry kept changing while its failure was being recorded",
        context={"flow": item.flow, "natural_key": item.natural_key},
    )


def _claim_for_failure(item: WorkItem, services: Services) -> LedgerEntry:
    # The handler failed before the claim landed (e.g. the claim itself raised): claim now to hold the reason.
    return services.state.ledger.claim(
        LedgerClaim(
            flow=item.flow,
            natural_key=item.natural_key,
            partner=item.partner,
            direction=direction_of(item.flow),
            correlation_id=item.correlation_id,
            input_payload=item.payload,
        )
    ).entry
