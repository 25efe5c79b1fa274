"""The typed records that cross the state ports: ledger entries, cursors, audit events, payload references, work.

Every timestamp is timezone-aware UTC; constructors refuse naive datetimes, because Table Storage silently reads a
naive value as UTC and SQLite would store whatever it is given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

__all__ = [
    "AUDIT_MESSAGE_LIMIT",
    "AuditEvent",
    "AuditOutcome",
    "AuditQuery",
    "ClaimResult",
    "Cursor",
    "CursorPosition",
    "Direction",
    "EnvelopeControls",
    "LedgerChange",
    "LedgerClaim",
    "LedgerEntry",
    "LedgerStatus",
    "LedgerTransition",
    "PayloadRef",
    "PoisonedWork",
    "QueueNames",
    "ReceivedWork",
    "WorkItem",
    "WorkLane",
    "require_utc",
]


def require_utc(value: datetime, what: str) -> datetime:
    """``value`` normalised to UTC; a naive datetime is refused rather than guessed."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware (UTC), got naive {value.isoformat()}")
    return value.astimezone(UTC)


class Direction(StrEnum):
    OUTBOUND = "outbound"  # Dynamics -> partner
    INBOUND = "inbound"  # partner -> Dynamics


class LedgerStatus(StrEnum):
    CLAIMED = "claimed"
    TRANSLATED = "translated"
    DELIVERED = "delivered"  # outbound: the message sits in the partner's Sterling mailbox
    CREATED = "created"  # inbound: the Dynamics record exists
    ACKNOWLEDGED = "acknowledged"
    FAILED = "failed"


_SHA256_HEX = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True, slots=True)
class PayloadRef:
    """Where archived bytes can be found again: their SHA-256 (the archive is content-addressed)."""

    sha256: str

    def __post_init__(self) -> None:
        if not _SHA256_HEX.fullmatch(self.sha256):
            raise ValueError(f"a payload reference is a lowercase SHA-256 hex digest, got {self.sha256!r}")

    @property
    def text(self) -> str:
        return f"sha256:{self.sha256}"

    @classmethod
    def parse(cls, text: str) -> PayloadRef:
        scheme, _, digest = text.partition(":")
        if scheme != "sha256":
            raise ValueError(f"not a payload reference: {text!r} (expected 'sha256:<hex>')")
        return cls(digest)

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class EnvelopeControls:
    """Control numbers of the envelope a document travelled in (ISA13/GS06/ST02 or UNB 0020/UNG 0048/UNH 0062)."""

    interchange: str | None = None
    group: str | None = None
    transaction: str | None = None


@dataclass(frozen=True, slots=True)
class LedgerTransition:
    """One step in an entry's history, kept when the entry moves on (and across replays)."""

    at: datetime
    from_status: LedgerStatus
    to_status: LedgerStatus
    attempt: int
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class LedgerClaim:
    """What a flow knows when it first sees a document: enough to claim it."""

    flow: str
    natural_key: str
    partner: str
    direction: Direction
    correlation_id: str
    sterling_message_id: str | None = None
    sterling_message_name: str | None = None
    dynamics_record_key: str | None = None
    input_payload: PayloadRef | None = None

    def __post_init__(self) -> None:
        if not self.flow.strip():
            raise ValueError("a ledger claim needs a flow name")


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    """One document's progress. ``version`` is the store's concurrency token (an ETag on Tables)."""

    flow: str
    natural_key: str
    partner: str
    direction: Direction
    status: LedgerStatus
    version: str
    correlation_id: str
    attempts: int
    claimed_at: datetime
    updated_at: datetime
    delivered_at: datetime | None = None
    acknowledged_at: datetime | None = None
    failure_reason: str | None = None
    sterling_document_id: str | None = None
    sterling_message_id: str | None = None
    sterling_message_name: str | None = None
    dynamics_record_key: str | None = None
    input_payload: PayloadRef | None = None
    output_payload: PayloadRef | None = None
    controls: EnvelopeControls = field(default_factory=EnvelopeControls)
    history: tuple[LedgerTransition, ...] = ()


@dataclass(frozen=True, slots=True)
class ClaimResult:
    """``won`` is True for the one caller whose claim created the entry; everyone else gets the existing entry."""

    entry: LedgerEntry
    won: bool


@dataclass(frozen=True, slots=True)
class LedgerChange:
    """A move of an entry to ``status`` (possibly the same one), setting the fields given; None keeps a field.

    ``reason`` is required when moving to FAILED. ``new_attempt`` counts a fresh processing attempt (a redelivered
    message re-entering an unfinished entry).
    """

    status: LedgerStatus
    reason: str | None = None
    new_attempt: bool = False
    sterling_document_id: str | None = None
    sterling_message_id: str | None = None
    sterling_message_name: str | None = None
    dynamics_record_key: str | None = None
    input_payload: PayloadRef | None = None
    output_payload: PayloadRef | None = None
    controls: EnvelopeControls | None = None


@dataclass(frozen=True, slots=True)
class CursorPosition:
    """A high-water mark and the ids already handled *at exactly that mark* (many messages share one second)."""

    mark: datetime
    seen_at_mark: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "mark", require_utc(self.mark, "a cursor mark"))


@dataclass(frozen=True, slots=True)
class Cursor:
    """A named cursor as read: ``position`` and ``version`` are None until it is first advanced."""

    name: str
    position: CursorPosition | None
    version: str | None


class AuditOutcome(StrEnum):
    STARTED = "started"
    SUCCEEDED = "succeeded"
    SKIPPED = "skipped"  # e.g. a duplicate the ledger already knows
    RETRYING = "retrying"
    FAILED = "failed"


# A Table string property holds 32,768 UTF-16 units; audit messages are clipped well below on every backend.
AUDIT_MESSAGE_LIMIT = 16_000


@dataclass(frozen=True, slots=True)
class AuditEvent:
    """One step of one document. ``message`` is clipped to :data:`AUDIT_MESSAGE_LIMIT` characters."""

    at: datetime
    flow: str
    natural_key: str
    partner: str
    step: str
    outcome: AuditOutcome
    message: str
    invocation_id: str | None = None
    correlation_id: str | None = None
    payload: PayloadRef | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "at", require_utc(self.at, "an audit event time"))
        if len(self.message) > AUDIT_MESSAGE_LIMIT:
            object.__setattr__(self, "message", self.message[: AUDIT_MESSAGE_LIMIT - 1] + "…")


@dataclass(frozen=True, slots=True)
class AuditQuery:
    """Every given dimension must match; results come newest first, at most ``limit`` of them."""

    natural_key: str | None = None
    flow: str | None = None
    partner: str | None = None
    outcome: AuditOutcome | None = None
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive
    limit: int = 100

    def __post_init__(self) -> None:
        if self.since is not None:
            object.__setattr__(self, "since", require_utc(self.since, "an audit query start"))
        if self.until is not None:
            object.__setattr__(self, "until", require_utc(self.until, "an audit query end"))
        if not 1 <= self.limit <= 1000:
            raise ValueError(f"an audit query limit is between 1 and 1000, got {self.limit}")


class WorkLane(StrEnum):
    """Which queue a work item travels on; each lane maps to a configured queue name."""

    OUTBOUND = "outbound"
    INBOUND = "inbound"


@dataclass(frozen=True, slots=True)
class WorkItem:
    """What a queue message carries: references only, never the document itself."""

    kind: str
    flow: str
    natural_key: str
    partner: str
    correlation_id: str
    payload: PayloadRef | None = None
    attempt: int = 1

    def __post_init__(self) -> None:
        if not self.kind.strip() or not self.flow.strip():
            raise ValueError("a work item needs a kind and a flow")
        if self.attempt < 1:
            raise ValueError(f"a work item attempt starts at 1, got {self.attempt}")


@dataclass(frozen=True, slots=True)
class ReceivedWork:
    """A work item on loan from its queue until its visibility timeout: complete it, or it comes back."""

    lane: WorkLane
    item: WorkItem
    message_id: str
    receipt: str
    dequeue_count: int

    def __repr__(self) -> str:
        # The receipt is a capability to delete the message; keep it out of logs.
        return (
            f"ReceivedWork(lane={self.lane.value}, message_id={self.message_id}, "
            f"dequeue_count={self.dequeue_count}, item={self.item!r})"
        )


@dataclass(frozen=True, slots=True)
class PoisonedWork:
    """A message parked in a poison queue; ``item`` is None when the message was not a readable work item."""

    message_id: str
    wire: str
    item: WorkItem | None


@dataclass(frozen=True, slots=True)
class QueueNames:
    """The queue behind each lane; a lane's poison queue is its name plus ``-poison``, as the Functions host uses."""

    outbound: str
    inbound: str

    def for_lane(self, lane: WorkLane) -> str:
        return self.outbound if lane is WorkLane.OUTBOUND else self.inbound

    def poison_for(self, lane: WorkLane) -> str:
        return f"{self.for_lane(lane)}-poison"
