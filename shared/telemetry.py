"""Structured events: one log line per thing that happened to a document, with the dimensions operators query.

In Azure the Functions worker configures Application Insights itself (OpenTelemetry mode in host.json with
``PYTHON_APPLICATIONINSIGHTS_ENABLE_TELEMETRY=true``); the attributes passed as ``extra`` become
``customDimensions``.  Because the classic (non-OpenTelemetry) pipeline drops ``extra``, every dimension is
also written into the message as ``key=value`` so a query still finds it either way.

Event names are a contract: the alert rules in ``infra/`` query them.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from enum import StrEnum

__all__ = ["Event", "emit", "logger"]

logger = logging.getLogger("ml_connector")


class Event(StrEnum):
    """Names the alerts and the workbook query (customDimensions.event)."""

    DOCUMENT_RECEIVED = "document.received"  # a document entered the connector (event, poll, sweep)
    DOCUMENT_DONE = "document.done"  # delivered to a mailbox or created in Dynamics
    DOCUMENT_DUPLICATE = "document.duplicate"  # suppressed by a dedupe guard
    DOCUMENT_RETRY = "document.retry"  # a transient failure; the queue will redeliver
    DOCUMENT_FAILED = "document.failed"  # recorded as failed with its reason; replayable
    DOCUMENT_POISONED = "document.poisoned"  # attempts exhausted; recorded as failed; replayable
    DOCUMENT_REPLAYED = "document.replayed"
    ACK_RECEIVED = "ack.received"  # an inbound 997 / CONTRL reconciled a group we sent
    ACK_OVERDUE = "ack.overdue"  # no acknowledgment within the partner's expectation
    DYNAMICS_THROTTLED = "dynamics.throttled"  # 429 / 503 from Dynamics
    POLL_COMPLETED = "poll.completed"  # heartbeat of each Sterling poll (its absence is an alert)
    SWEEP_COMPLETED = "sweep.completed"  # heartbeat of each Dynamics sweep


def emit(
    event: Event,
    message: str,
    *,
    level: int = logging.INFO,
    dimensions: Mapping[str, str | int | None] | None = None,
) -> None:
    """Log ``event`` with ``dimensions`` (flow, partner, key, correlation_id ...) as attributes and text.

    Callers pass identifiers only, never payloads or credentials.
    """
    dims = {k: v for k, v in (dimensions or {}).items() if v is not None}
    suffix = " ".join(f"{k}={v}" for k, v in sorted(dims.items()))
    extra: dict[str, str | int] = {"event": event.value}
    extra.update({f"ml_{k}": v for k, v in dims.items()})
    logger.log(
        level, "%s %s [event=%s%s]", event.value, message, event.value, f" {suffix}" if suffix else "", extra=extra
    )
