"""The state ports: what flows may ask of durable state, independent of SQLite or Azure Storage.

Both adapters pass one contract suite (tests/contract/). Errors: a lost optimistic-concurrency race raises
``ConcurrencyConflictError``; an unreachable or failing store raises ``RemoteUnavailableError`` or
``ThrottledError`` (all transient, so the queue redelivers); misuse raises ``InvalidTransitionError``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Protocol

from shared.edi.model import ControlKind
from shared.state.records import (
    AuditEvent,
    AuditQuery,
    ClaimResult,
    Cursor,
    CursorPosition,
    LedgerChange,
    LedgerClaim,
    LedgerEntry,
    PayloadRef,
    PoisonedWork,
    ReceivedWork,
    WorkItem,
    WorkLane,
)

__all__ = ["MAX_RECEIVE_BATCH", "AuditLog", "ControlNumbers", "Cursors", "Ledger", "PayloadArchive", "WorkQueue"]

# Storage queues hand out at most 32 messages per receive; the local queue keeps the same limit.
MAX_RECEIVE_BATCH = 32


class Ledger(Protocol):
    """One entry per document, keyed by (flow, natural key): the exactly-once guard of every side effect."""

    def claim(self, claim: LedgerClaim) -> ClaimResult:
        """Insert the entry if absent. If someone already claimed the key, return their entry with ``won=False``."""
        ...

    def get(self, flow: str, natural_key: str) -> LedgerEntry | None: ...

    def transition(self, entry: LedgerEntry, change: LedgerChange) -> LedgerEntry:
        """Apply ``change`` if the stored entry still has ``entry.version``; else ``ConcurrencyConflictError``."""
        ...

    def reset_for_replay(self, entry: LedgerEntry) -> LedgerEntry:
        """Failed → claimed (attempts + 1, history kept), guarded by ``entry.version`` like ``transition``."""
        ...

    def failed(self, *, partner: str | None = None, flow: str | None = None, limit: int = 100) -> list[LedgerEntry]:
        """Failed entries, most recently updated first."""
        ...

    def awaiting_acknowledgment(
        self, *, delivered_before: datetime, partner: str | None = None, limit: int = 100
    ) -> list[LedgerEntry]:
        """Outbound entries delivered before ``delivered_before`` and still unacknowledged, oldest first."""
        ...

    def find_by_message_id(self, sterling_message_id: str) -> LedgerEntry | None: ...


class Cursors(Protocol):
    """Named high-water marks, moved only by compare-and-swap so two instances cannot move one backwards."""

    def read(self, name: str) -> Cursor: ...

    def advance(self, cursor: Cursor, position: CursorPosition) -> Cursor:
        """Store ``position`` if the cursor is still at ``cursor.version`` (None: never written).

        A stale version raises ``ConcurrencyConflictError``; a position behind the one read raises
        ``InvalidTransitionError``.
        """
        ...


class ControlNumbers(Protocol):
    """Envelope control numbers per partner and kind: never handed out twice, gaps allowed.

    Satisfies ``shared.edi.model.ControlNumberAllocator``.
    """

    def allocate(self, scope: str, kind: ControlKind) -> int: ...

    def last_allocated(self, scope: str, kind: ControlKind) -> int:
        """The highest number handed out so far (0 if none)."""
        ...


class AuditLog(Protocol):
    """Append-only record of every step of every document."""

    def append(self, event: AuditEvent) -> None: ...

    def query(self, query: AuditQuery) -> list[AuditEvent]:
        """Events matching every dimension given, newest first."""
        ...


class PayloadArchive(Protocol):
    """Raw EDI in and out, and the Dynamics records used, addressed by their SHA-256."""

    def put(self, data: bytes) -> PayloadRef:
        """Store ``data`` (idempotent: the same bytes give the same reference)."""
        ...

    def get(self, ref: PayloadRef) -> bytes:
        """The bytes behind ``ref``, checked against their digest; ``PayloadNotFoundError`` if missing."""
        ...


class WorkQueue(Protocol):
    """At-least-once work queues (one per lane) with a dequeue count and a poison path."""

    @property
    def max_attempts(self) -> int: ...

    def enqueue(self, lane: WorkLane, item: WorkItem, *, delay: timedelta = timedelta(0)) -> None:
        """Add ``item``; refuses (``WorkItemTooLargeError``) a message over 48 KiB before encoding."""
        ...

    def receive(self, lane: WorkLane, *, visibility: timedelta, max_items: int = 1) -> Sequence[ReceivedWork]:
        """Lend up to ``max_items`` (1-32) items for ``visibility``; unfinished ones come back with a higher count.

        Azure counts visibility in whole seconds, at least one: it is rounded up.

        A message dequeued more than ``max_attempts`` times, or one that is not a work item, is moved to the
        lane's poison queue instead of being returned.
        """
        ...

    def complete(self, work: ReceivedWork) -> None:
        """Remove a finished item. Already gone is fine; lent to someone else since raises a conflict."""
        ...

    def release(self, work: ReceivedWork, *, after: timedelta = timedelta(0)) -> None:
        """Give an unfinished item back now (or after ``after``) instead of waiting for its visibility timeout."""
        ...

    def poisoned(self, lane: WorkLane, *, limit: int = 32) -> list[PoisonedWork]:
        """A look at the lane's poison queue (nothing is removed)."""
        ...
