"""The overdue-acknowledgment timer: each overdue document is reported (an ``ack.overdue`` event and an audit
step) at most once per UTC clock hour, so the alert rule sees every late document without being flooded.

The audit log is the memory: a document with an ``ack-overdue`` step since the top of the current hour is
skipped. Clock hours rather than "the last 60 minutes": the hourly timer starts a little after hh:00, by a
different margin each time; with a sliding window, a run that starts a few milliseconds sooner past the hour than
the previous one would skip the document for a whole hour, and the alert would resolve while it is still
overdue. Two overlapping runs may both report one document; that costs one extra log line, not a wrong answer.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from shared.flows.ack_overdue import OverdueAck, list_overdue
from shared.flows.contract import Services
from shared.runtime.journal import DocumentRef, Invocation, Journal
from shared.state.records import AuditOutcome, AuditQuery
from shared.telemetry import Event

__all__ = ["ACK_OVERDUE_STEP", "AckCheckReport", "check_overdue_acks"]

ACK_OVERDUE_STEP = "ack-overdue"
# With more overdue documents than this, the oldest are reported; the alert fires on them all the same.
_BATCH = 1000


@dataclass(frozen=True)
class AckCheckReport:
    overdue: tuple[OverdueAck, ...] = field(default=())
    reported: tuple[OverdueAck, ...] = field(default=())


def _reported_since(services: Services, found: OverdueAck, since: datetime) -> bool:
    recent = services.state.audit.query(
        AuditQuery(natural_key=found.natural_key, flow=found.flow, partner=found.partner, since=since, limit=1000)
    )
    return any(event.step == ACK_OVERDUE_STEP for event in recent)


def check_overdue_acks(services: Services, invocation: Invocation) -> AckCheckReport:
    now = services.clock()
    hour_start = now.replace(minute=0, second=0, microsecond=0)
    journal = Journal(services.state.audit, services.clock, invocation)
    overdue = list_overdue(services, now=now, limit=_BATCH)
    reported: list[OverdueAck] = []
    for found in overdue:
        if _reported_since(services, found, hour_start):
            continue
        journal.record(
            Event.ACK_OVERDUE,
            DocumentRef(found.flow, found.natural_key, found.partner, found.correlation_id),
            step=ACK_OVERDUE_STEP,
            outcome=AuditOutcome.FAILED,
            message=found.describe(),
            level=logging.WARNING,
            extra={"group_control": found.controls.group},
        )
        reported.append(found)
    return AckCheckReport(overdue=tuple(overdue), reported=tuple(reported))
