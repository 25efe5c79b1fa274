"""Replay: a failed document runs again, through the same ledger guards as the first time.

An inbound document re-runs from the payload archived when it arrived; an outbound one from its source record in
Dynamics (the flow re-reads it: posted documents are immutable, so it is the same document). The ledger entry
goes failed → claimed (``Ledger.reset_for_replay``, history kept) and a work item is queued; the dispatcher then
treats it like any redelivery. Only failed entries replay: a delivered document is never sent twice this way.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass

from shared.errors import ConnectorError, PermanentError
from shared.flows.contract import FlowName, Services, WorkKind
from shared.runtime.journal import DocumentRef, Invocation, Journal
from shared.runtime.outcomes import describe_error
from shared.runtime.routing import direction_of, lane_of
from shared.state.records import AuditOutcome, Direction, LedgerChange, LedgerEntry, LedgerStatus, WorkItem
from shared.telemetry import Event

__all__ = ["ReplayRefusedError", "ReplayResult", "find_failed", "replay_entry", "replay_failed", "replay_one"]


class ReplayRefusedError(PermanentError):
    """The document cannot be replayed (not found, not failed, or its archived payload is missing)."""


@dataclass(frozen=True)
class ReplayResult:
    flow: str
    natural_key: str
    partner: str
    queued: bool
    message: str


def find_failed(services: Services, natural_key: str, flow: str | None = None) -> LedgerEntry:
    """The ledger entry of ``natural_key`` (in ``flow``, or in whichever flow holds it)."""
    flows = [flow] if flow else [name.value for name in FlowName]
    found = [entry for name in flows if (entry := services.state.ledger.get(name, natural_key)) is not None]
    if not found:
        raise ReplayRefusedError(
            f"no document {natural_key} is in the ledger" + (f" for flow {flow}" if flow else ""),
            hint="list replayable documents with `ml-connector failures`",
        )
    failed = [entry for entry in found if entry.status is LedgerStatus.FAILED]
    if len(failed) > 1:
        raise ReplayRefusedError(
            f"{natural_key} failed in several flows ({', '.join(e.flow for e in failed)})",
            hint="name the flow with --flow",
        )
    if not failed:
        entry = found[0]
        raise ReplayRefusedError(
            f"{entry.flow} {natural_key} is {entry.status.value}, not failed; only failed documents are replayed",
            context={"flow": entry.flow, "natural_key": natural_key},
        )
    return failed[0]


def _work_item(entry: LedgerEntry) -> WorkItem:
    correlation = str(uuid.uuid4())
    if direction_of(entry.flow) is Direction.OUTBOUND:
        return WorkItem(WorkKind.DYNAMICS_RECORD.value, entry.flow, entry.natural_key, entry.partner, correlation)
    if entry.input_payload is None:
        raise ReplayRefusedError(
            f"{entry.flow} {entry.natural_key} has no archived payload to run again from",
            context={"flow": entry.flow, "natural_key": entry.natural_key, "partner": entry.partner},
            hint="ask the partner to send the document again",
        )
    kind = WorkKind.STERLING_MESSAGE if entry.flow == FlowName.INBOUND_MESSAGE.value else WorkKind.INBOUND_DOCUMENT
    return WorkItem(kind.value, entry.flow, entry.natural_key, entry.partner, correlation, entry.input_payload)


def replay_entry(entry: LedgerEntry, services: Services, invocation: Invocation) -> ReplayResult:
    journal = Journal(services.state.audit, services.clock, invocation)
    item = _work_item(entry)
    if item.payload is not None:
        services.state.payloads.get(item.payload)  # PayloadNotFoundError now, not a failure on the queue later
    reset = services.state.ledger.reset_for_replay(entry)
    item = WorkItem(
        item.kind, item.flow, item.natural_key, item.partner, item.correlation_id, item.payload, reset.attempts
    )
    try:
        services.state.work_queue.enqueue(lane_of(item), item)
    except ConnectorError as exc:
        reason = f"replay could not be queued: {describe_error(exc)}"
        services.state.ledger.transition(reset, LedgerChange(status=LedgerStatus.FAILED, reason=reason))
        journal.record(
            Event.DOCUMENT_FAILED,
            DocumentRef.of(item),
            step="replay",
            outcome=AuditOutcome.FAILED,
            message=reason,
            level=logging.ERROR,
        )
        return ReplayResult(entry.flow, entry.natural_key, entry.partner, queued=False, message=reason)
    message = f"replay {reset.attempts} queued (was failed: {entry.failure_reason})"
    journal.record(
        Event.DOCUMENT_REPLAYED,
        DocumentRef.of(item),
        step="replay",
        outcome=AuditOutcome.STARTED,
        message=message,
        payload=item.payload,
    )
    return ReplayResult(entry.flow, entry.natural_key, entry.partner, queued=True, message=message)


def replay_one(services: Services, invocation: Invocation, natural_key: str, flow: str | None = None) -> ReplayResult:
    return replay_entry(find_failed(services, natural_key, flow), services, invocation)


def replay_failed(
    services: Services,
    invocation: Invocation,
    *,
    partner: str | None = None,
    flow: str | None = None,
    limit: int = 100,
) -> list[ReplayResult]:
    """Replay every failed document of ``partner`` and/or ``flow``; one refusal does not stop the rest."""
    results: list[ReplayResult] = []
    for entry in services.state.ledger.failed(partner=partner, flow=flow, limit=limit):
        try:
            results.append(replay_entry(entry, services, invocation))
        except ConnectorError as exc:
            results.append(ReplayResult(entry.flow, entry.natural_key, entry.partner, False, describe_error(exc)))
    return results
