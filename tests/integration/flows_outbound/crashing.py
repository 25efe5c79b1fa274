"""Crash injection at every step boundary of an outbound flow: each call the flow makes to Sterling or to the
state stores is a boundary, and the crash can fall just before the call or just after it (done, but unrecorded).

A ``Crash`` is not a ConnectorError: it stands for the process dying, so nothing in the flow may catch it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from shared.flows.contract import Services
from shared.state.ports import AuditLog, Ledger, PayloadArchive
from shared.state.records import AuditEvent, AuditQuery, LedgerChange, LedgerEntry, PayloadRef
from shared.sterling.client import SterlingClient
from shared.sterling.records import MailboxMessage

T = TypeVar("T")


class Crash(BaseException):
    pass


@dataclass
class CrashPlan:
    """Crash at boundary number ``at`` (1-based; 0 never), ``before`` or after the call; ``seen`` lists them all."""

    at: int
    before: bool
    # When set, ``at`` counts only the calls of this boundary (crash at its first, second ... call).
    only: str | None = None
    seen: list[str] = field(default_factory=list)

    def call(self, name: str, action: Callable[[], T]) -> T:
        self.seen.append(name)
        counted = [n for n in self.seen if self.only is None or n == self.only]
        hit = (self.only is None or name == self.only) and len(counted) == self.at
        if hit and self.before:
            raise Crash(f"before {name}")
        result = action()
        if hit:
            raise Crash(f"after {name}")
        return result


class CrashingSterling(SterlingClient):
    def __init__(self, inner: SterlingClient, plan: CrashPlan) -> None:
        self._inner = inner
        self._plan = plan

    def find_message(self, mailbox_path: str, name: str) -> MailboxMessage | None:
        return self._plan.call("sterling.find_message", lambda: self._inner.find_message(mailbox_path, name))

    def upload_document(self, payload: bytes, name: str, *, content_subtype: str = "octet-stream") -> str:
        return self._plan.call("sterling.upload_document", lambda: self._inner.upload_document(payload, name))

    def create_message(self, document_id: str, mailbox_path: str, name: str) -> int:
        return self._plan.call(
            "sterling.create_message", lambda: self._inner.create_message(document_id, mailbox_path, name)
        )


@dataclass
class CrashingLedger:
    inner: Ledger
    plan: CrashPlan

    def transition(self, entry: LedgerEntry, change: LedgerChange) -> LedgerEntry:
        return self.plan.call(f"ledger.transition:{change.status.value}", lambda: self.inner.transition(entry, change))

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)


@dataclass
class CrashingPayloads:
    inner: PayloadArchive
    plan: CrashPlan

    def put(self, data: bytes) -> PayloadRef:
        return self.plan.call("payloads.put", lambda: self.inner.put(data))

    def get(self, ref: PayloadRef) -> bytes:
        return self.plan.call("payloads.get", lambda: self.inner.get(ref))


@dataclass
class CrashingAudit:
    inner: AuditLog
    plan: CrashPlan

    def append(self, event: AuditEvent) -> None:
        self.plan.call(f"audit.append:{event.step}", lambda: self.inner.append(event))

    def query(self, query: AuditQuery) -> list[AuditEvent]:
        return self.inner.query(query)


def crashing(services: Services, plan: CrashPlan) -> Services:
    state = dataclasses.replace(
        services.state,
        ledger=CrashingLedger(services.state.ledger, plan),  # type: ignore[arg-type]
        payloads=CrashingPayloads(services.state.payloads, plan),
        audit=CrashingAudit(services.state.audit, plan),
    )
    return dataclasses.replace(services, state=state, sterling=CrashingSterling(services.sterling, plan))
