"""JSON shapes of ledger entries, audit events, poison messages and overdue acknowledgments, shared by the CLI
and the admin API."""

from __future__ import annotations

from datetime import datetime

from shared.flows.ack_overdue import OverdueAck
from shared.state.records import AuditEvent, LedgerEntry, PoisonedWork

__all__ = ["JsonScalar", "audit_json", "entry_json", "overdue_json", "poisoned_json"]

JsonScalar = str | int | None


def _time(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def entry_json(entry: LedgerEntry) -> dict[str, JsonScalar]:
    return {
        "flow": entry.flow,
        "natural_key": entry.natural_key,
        "partner": entry.partner,
        "direction": entry.direction.value,
        "status": entry.status.value,
        "attempts": entry.attempts,
        "failure_reason": entry.failure_reason,
        "claimed_at": _time(entry.claimed_at),
        "updated_at": _time(entry.updated_at),
        "correlation_id": entry.correlation_id,
        "sterling_message_id": entry.sterling_message_id,
        "sterling_document_id": entry.sterling_document_id,
        "dynamics_record_key": entry.dynamics_record_key,
        "input_payload": entry.input_payload.text if entry.input_payload else None,
        "output_payload": entry.output_payload.text if entry.output_payload else None,
    }


def audit_json(event: AuditEvent) -> dict[str, JsonScalar]:
    return {
        "at": _time(event.at),
        "flow": event.flow,
        "natural_key": event.natural_key,
        "partner": event.partner,
        "step": event.step,
        "outcome": event.outcome.value,
        "message": event.message,
        "invocation_id": event.invocation_id,
        "correlation_id": event.correlation_id,
        "payload": event.payload.text if event.payload else None,
    }


def poisoned_json(work: PoisonedWork) -> dict[str, JsonScalar]:
    item = work.item
    return {
        "message_id": work.message_id,
        "flow": item.flow if item else None,
        "natural_key": item.natural_key if item else None,
        "partner": item.partner if item else None,
        "readable": 1 if item else 0,
    }


def overdue_json(found: OverdueAck) -> dict[str, JsonScalar]:
    return {
        "partner": found.partner,
        "flow": found.flow,
        "natural_key": found.natural_key,
        "delivered_at": _time(found.delivered_at),
        "expected_within_seconds": int(found.expected_within.total_seconds()),
        "overdue_by_seconds": int(found.overdue_by.total_seconds()),
        "interchange_control": found.controls.interchange,
        "group_control": found.controls.group,
        "transaction_control": found.controls.transaction,
        "sterling_message_name": found.sterling_message_name,
    }
