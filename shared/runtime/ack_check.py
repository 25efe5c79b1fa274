"""The overdue-acknowledgment timer: each overdue document is reported (an ``ack.overdue`` event and an audit
step) at most once per ``quiet`` period, so the alert rule sees every late document without being flooded.

The audit log is the memory: a document whose ``ack-overdue`` step is younger than ``quiet`` is skipped. Two
overlapping runs may both report one document once; that costs one extra log line, not a wrong answer.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from shared.flows.ack_overdue import OverdueAck, list_overdue
from shared.flows.contract import Services
from shared.runtime.journal import DocumentRef, Invocation, Journal
from shared.state.records import AuditOutcome, AuditQuery
from shared.telemetry import Event

__all__ = ["ACK_OVERDUE_STEP", "AckCheckReport", "check_overdue_acks"]

ACK_OVERDUE_STEP = "ack-overdue"
# The ledger query's page; more overdue documents than this are reported over the following runs.
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


def check_overdue_acks(
    services: Services, invocation: Invocation, *, quiet: timedelta = timedelta(hours=1)
) -> AckCheckReport:
    now = services.clock()
    journal = Journal(services.state.audit, services.clock, invocation)
    overdue = list_overdue(services, now=now, limit=_BATCH)
    reported: list[OverdueAck] = []
    for found in overdue:
        if _reported_since(services, found, now - quiet):
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
