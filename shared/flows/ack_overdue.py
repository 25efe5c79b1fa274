"""Outbound documents whose functional acknowledgment is overdue by their partner's expectation.

:func:`list_overdue` only reads (the CLI and the admin API use it: looking must not fire the alert);
:func:`find_overdue` also logs each one as an ``ack.overdue`` event (an Application Insights alert fires on it).
The runtime's timer lists and then reports each entry at most once per UTC hour (shared/runtime/ack_check.py).
Partners configured to send no acknowledgment (``ack_expected_within`` unset) are never overdue.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from shared.flows.contract import Services
from shared.state.records import EnvelopeControls, require_utc
from shared.telemetry import Event, emit

__all__ = ["OverdueAck", "find_overdue", "list_overdue"]


@dataclass(frozen=True, slots=True)
class OverdueAck:
    partner: str
    flow: str
    natural_key: str
    delivered_at: datetime
    expected_within: timedelta
    overdue_by: timedelta
    controls: EnvelopeControls
    sterling_message_name: str | None
    correlation_id: str | None = None

    def describe(self) -> str:
        hours = self.overdue_by.total_seconds() / 3600
        return (
            f"{self.flow} {self.natural_key} to {self.partner}: delivered {self.delivered_at:%Y-%m-%d %H:%M} UTC, "
            f"no acknowledgment {hours:.1f} h past the {self.expected_within} the partner is expected to answer in"
        )


def list_overdue(
    services: Services, *, now: datetime | None = None, partner: str | None = None, limit: int = 100
) -> list[OverdueAck]:
    """Delivered, unacknowledged outbound documents past their partner's expectation, oldest first."""
    moment = require_utc(now or services.clock(), "the overdue check's time")
    partners = [services.partners.by_code(partner)] if partner else list(services.partners)
    overdue: list[OverdueAck] = []
    for profile in partners:
        within = profile.acks.expected_within
        if within is None:
            continue
        entries = services.state.ledger.awaiting_acknowledgment(
            delivered_before=moment - within, partner=profile.code, limit=limit
        )
        overdue.extend(
            OverdueAck(
                partner=profile.code,
                flow=entry.flow,
                natural_key=entry.natural_key,
                delivered_at=entry.delivered_at,
                expected_within=within,
                overdue_by=moment - entry.delivered_at - within,
                controls=entry.controls,
                sterling_message_name=entry.sterling_message_name,
                correlation_id=entry.correlation_id,
            )
            for entry in entries
            if entry.delivered_at is not None
        )
    overdue.sort(key=lambda o: o.delivered_at)
    return overdue[:limit]


def find_overdue(
    services: Services, *, now: datetime | None = None, partner: str | None = None, limit: int = 100
) -> list[OverdueAck]:
    """:func:`list_overdue`, each one also logged as an ``ack.overdue`` event."""
    overdue = list_overdue(services, now=now, partner=partner, limit=limit)
    for found in overdue:
        emit(
            Event.ACK_OVERDUE,
            found.describe(),
            level=logging.WARNING,
            dimensions={
                "flow": found.flow,
                "key": found.natural_key,
                "partner": found.partner,
                "group_control": found.controls.group,
                "correlation_id": found.correlation_id,
            },
        )
    return overdue
