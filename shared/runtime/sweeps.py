"""The Dynamics sweeps: each registered ``Sweeper`` looks for documents changed since its cursor; we enqueue them.

The cursor's mark is the time the sweep started, and the next sweep asks from that mark minus ``overlap`` (a
Dynamics timestamp can trail its commit), so a record is seen at least once and usually twice; the ledger drops
the ones already handled, and documents already finished are not even enqueued. The cursor moves by
compare-and-swap only after every item is on the queue, so a crash repeats the sweep instead of losing records.
Two sweeps at once both enqueue (harmless: the ledger dedupes) and only one moves the cursor.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from shared.errors import ConcurrencyConflictError, ConnectorError
from shared.flows.contract import FlowName, Services, Sweeper
from shared.runtime.dispatch import FINISHED_STATUSES
from shared.runtime.journal import DocumentRef, Invocation, Journal
from shared.runtime.routing import lane_of
from shared.state.records import AuditOutcome, CursorPosition, LedgerStatus
from shared.telemetry import Event, emit

__all__ = ["FlowSweep", "SweepReport", "run_sweeps", "sweep_cursor_name"]


def sweep_cursor_name(flow: FlowName) -> str:
    return f"dynamics-sweep:{flow.value}"


@dataclass(frozen=True)
class FlowSweep:
    flow: str
    found: int = 0
    enqueued: int = 0
    error: str | None = None


@dataclass(frozen=True)
class SweepReport:
    flows: tuple[FlowSweep, ...] = field(default=())

    @property
    def enqueued(self) -> int:
        return sum(f.enqueued for f in self.flows)

    @property
    def failures(self) -> tuple[FlowSweep, ...]:
        return tuple(f for f in self.flows if f.error is not None)


def _registered_sweepers() -> Mapping[FlowName, Sweeper]:
    from shared.flows import registry

    registry.load_flows()
    return registry.SWEEPERS


def run_sweeps(
    services: Services,
    invocation: Invocation,
    *,
    overlap: timedelta,
    sweepers: Mapping[FlowName, Sweeper] | None = None,
) -> SweepReport:
    journal = Journal(services.state.audit, services.clock, invocation)
    results: list[FlowSweep] = []
    for flow, sweeper in sorted((sweepers if sweepers is not None else _registered_sweepers()).items()):
        try:
            results.append(_sweep(flow, sweeper, services, journal, overlap))
        except ConnectorError as exc:
            results.append(FlowSweep(flow.value, error=f"{type(exc).__name__}: {exc}"))
    report = SweepReport(tuple(results))
    failed = report.failures
    emit(
        Event.SWEEP_COMPLETED,
        f"swept {len(results)} flows, enqueued {report.enqueued} documents"
        + (f"; {len(failed)} failed: " + "; ".join(f"{f.flow}: {f.error}" for f in failed) if failed else ""),
        level=logging.WARNING if failed else logging.INFO,
        dimensions={
            "invocation_id": invocation.invocation_id,
            "trigger": invocation.trigger,
            "flows": len(results),
            "enqueued": report.enqueued,
            "failed": len(failed),
        },
    )
    return report


def _sweep(flow: FlowName, sweeper: Sweeper, services: Services, journal: Journal, overlap: timedelta) -> FlowSweep:
    started = services.clock()
    cursors = services.state.cursors
    stored = cursors.read(sweep_cursor_name(flow))
    since = None if stored.position is None else stored.position.mark - overlap
    found = enqueued = 0
    for item in sweeper(services, since):
        found += 1
        entry = services.state.ledger.get(item.flow, item.natural_key)
        if entry is not None and (entry.status in FINISHED_STATUSES or entry.status is LedgerStatus.FAILED):
            continue
        services.state.work_queue.enqueue(lane_of(item), item)
        enqueued += 1
        journal.record(
            Event.DOCUMENT_RECEIVED,
            DocumentRef.of(item),
            step="sweep",
            outcome=AuditOutcome.SUCCEEDED,
            message=f"found by the {flow.value} sweep and queued",
        )
    if stored.position is None or started > stored.position.mark:
        try:
            cursors.advance(stored, CursorPosition(started))
        except ConcurrencyConflictError:
            emit(
                Event.SWEEP_COMPLETED,
                f"cursor of the {flow.value} sweep was moved by an overlapping sweep; leaving it there",
                dimensions={"flow": flow.value},
            )
    return FlowSweep(flow.value, found=found, enqueued=enqueued)
