"""HTTP routes (under ``/api``), import-free so the Functions entry point can name them at no cost.

Not ``admin/...``: the Functions host keeps that prefix for its own API.
"""

from __future__ import annotations

__all__ = [
    "ACKS_OVERDUE_ROUTE",
    "AUDIT_ROUTE",
    "EVENTS_ROUTE",
    "EVENT_TOKEN_PARAMETER",
    "FAILURES_ROUTE",
    "REPLAY_ROUTE",
]

EVENTS_ROUTE = "events/dynamics"
FAILURES_ROUTE = "ops/failures"
AUDIT_ROUTE = "ops/audit"
REPLAY_ROUTE = "ops/replay"
ACKS_OVERDUE_ROUTE = "ops/acks/overdue"
EVENT_TOKEN_PARAMETER = "token"  # noqa: S105 - the name of the query parameter, not a value
