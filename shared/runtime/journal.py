"""Every step the runtime takes on a document is written twice: to the audit log and as a telemetry event.

Both go through :func:`record`, so no path can write one and forget the other. A failing audit store does not
undo the step that already happened: the failure is logged as an error (with the event it was meant to hold),
and the ledger, which is the guard of every effect, still tells the truth.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from shared.errors import ConnectorError
from shared.state.ports import AuditLog
from shared.state.records import AuditEvent, AuditOutcome, PayloadRef, WorkItem
from shared.telemetry import Event, emit

__all__ = ["DocumentRef", "Invocation", "Journal"]

_log = logging.getLogger("ml_connector.runtime")


@dataclass(frozen=True)
class Invocation:
    """Who is doing the work: the Functions invocation id (or a local one) and the trigger kind."""

    invocation_id: str
    trigger: str


@dataclass(frozen=True)
class DocumentRef:
    """The document a step happened to, as the audit log and telemetry name it."""

    flow: str
    natural_key: str
    partner: str
    correlation_id: str | None = None

    @classmethod
    def of(cls, item: WorkItem) -> DocumentRef:
        return cls(item.flow, item.natural_key, item.partner, item.correlation_id)


@dataclass(frozen=True)
class Journal:
    audit: AuditLog
    clock: Callable[[], datetime]
    invocation: Invocation

    def record(
        self,
        event: Event,
        doc: DocumentRef,
        *,
        step: str,
        outcome: AuditOutcome,
        message: str,
        payload: PayloadRef | None = None,
        level: int = logging.INFO,
        extra: dict[str, str | int | None] | None = None,
    ) -> None:
        dims: dict[str, str | int | None] = {
            "flow": doc.flow,
            "partner": doc.partner,
            "natural_key": doc.natural_key,
            "correlation_id": doc.correlation_id,
            "invocation_id": self.invocation.invocation_id,
            "trigger": self.invocation.trigger,
            "step": step,
            **(extra or {}),
        }
        emit(event, message, level=level, dimensions=dims)
        try:
            self.audit.append(
                AuditEvent(
                    at=self.clock(),
                    flow=doc.flow,
                    natural_key=doc.natural_key,
                    partner=doc.partner,
                    step=step,
                    outcome=outcome,
                    message=message,
                    invocation_id=self.invocation.invocation_id,
                    correlation_id=doc.correlation_id,
                    payload=payload,
                )
            )
        except ConnectorError as exc:
            _log.error(
                "audit write failed for %s %s step %s (%s): %s", doc.flow, doc.natural_key, step, outcome.value, exc
            )
