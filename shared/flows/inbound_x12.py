"""An X12 mailbox message taken apart: its interchanges, each transaction with its validation verdict, and
each transaction again as a small interchange of its own that the document flows can read alone.

Reading and validating is the engine's (``shared.edi.x12``); this module only groups the events and keeps the
envelope around each transaction, so the archived document still says who sent it under which numbers.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime

from shared.edi.model import ControlNumberAllocator, Issue, Severity, Standard
from shared.edi.x12.acks import acknowledge_stream
from shared.edi.x12.delimiters import Delimiters
from shared.edi.x12.envelope import (
    Event,
    GroupEnd,
    GroupHeader,
    InterchangeEnd,
    InterchangeHeader,
    ReaderIssue,
    TechnicalAck,
    Transaction,
    element,
)
from shared.edi.x12.reader import read_events
from shared.edi.x12.validate import Validator
from shared.edi.x12.writer import Party, build_interchange, serialise_events
from shared.errors import EdiError
from shared.flows.contract import FlowName
from shared.flows.inbound_received import ReceivedDocument, ReceivedInterchange
from shared.partners import FlowKind, InterchangeParty, PartnerProfile, X12AckKind

__all__ = [
    "X12Interchange",
    "X12Transaction",
    "read_interchanges",
    "received_x12",
    "single_transaction",
    "standalone",
]


@dataclass(frozen=True)
class X12Transaction:
    transaction: Transaction
    issues: tuple[Issue, ...]  # its own errors and those of its group (a bad group rejects every set in it)

    @property
    def accepted(self) -> bool:
        return not any(i.severity is Severity.ERROR for i in self.issues)

    @property
    def set_id(self) -> str:
        return self.transaction.set_id

    @property
    def group(self) -> GroupHeader:
        return self.transaction.group


@dataclass
class X12Interchange:
    header: InterchangeHeader
    events: list[Event] = field(default_factory=list)
    transactions: list[X12Transaction] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)  # envelope (interchange-level) errors

    @property
    def control_number(self) -> str:
        return self.header.control_number.strip()

    @property
    def raw(self) -> bytes:
        return serialise_events(self.events)

    @property
    def carries_acknowledgments(self) -> bool:
        """A 997 / 999 group or a TA1 from the partner: something of ours to reconcile."""
        return any(isinstance(e, TechnicalAck) for e in self.events) or any(
            isinstance(e, GroupHeader) and e.functional_id == "FA" for e in self.events
        )

    @property
    def envelope_ok(self) -> bool:
        return not any(i.severity is Severity.ERROR for i in self.issues)


def read_interchanges(data: bytes) -> list[X12Interchange]:
    """Every interchange in ``data`` with its validated transactions; ``EdiError`` when nothing is readable."""
    validator = Validator()
    found: list[X12Interchange] = []
    group_issues: dict[int, list[Issue]] = {}
    pending: list[tuple[Transaction, list[Issue]]] = []
    for event in read_events(io.BytesIO(data)):
        before = len(validator.issues)
        checked = list(validator.feed(event))
        new = validator.issues[before:]
        if isinstance(event, InterchangeHeader):
            found.append(X12Interchange(event))
            group_issues = {}
        if not found:
            continue
        current = found[-1]
        current.events.append(event)
        pending.extend(checked)
        if isinstance(event, GroupHeader | GroupEnd):
            group = event if isinstance(event, GroupHeader) else event.group
            group_issues.setdefault(group.index, []).extend(i for i in new if i.level == "group")
        if isinstance(event, GroupEnd):
            errors = group_issues.get(event.group.index, [])
            current.transactions.extend(X12Transaction(t, (*errors, *issues)) for t, issues in pending)
            pending = []
        elif isinstance(event, InterchangeHeader | InterchangeEnd | ReaderIssue):
            current.issues.extend(i for i in new if i.level in ("interchange", "file"))
    return found


def standalone(transaction: Transaction) -> bytes:
    """One transaction in the envelope it came in (same ISA and GS, trailers counting just it)."""
    group = transaction.group
    interchange = group.interchange
    return serialise_events(
        [
            interchange,
            group,
            transaction,
            GroupEnd(group, ("GE", "1", group.control_number), 1, (transaction.control_number,)),
            InterchangeEnd(interchange, ("IEA", "1", interchange.control_number), 1, 0),
        ]
    )


def single_transaction(data: bytes, expected_set: str, where: str) -> X12Transaction:
    """The one transaction of a document payload split from a message, checked again (a replay runs this too)."""
    found = [t for interchange in read_interchanges(data) for t in interchange.transactions]
    if len(found) != 1 or found[0].set_id != expected_set:
        kinds = ", ".join(t.set_id for t in found) or "none"
        raise EdiError(
            f"{where}: expected one {expected_set} transaction set in the archived document, found {kinds}",
            context={"document": where},
            hint="the document was split from its Sterling message; replay the message instead",
        )
    transaction = found[0]
    if not transaction.accepted:
        listed = "; ".join(i.describe() for i in transaction.issues if i.severity is Severity.ERROR)
        raise EdiError(
            f"{where}: the {expected_set} does not pass validation: {listed}",
            context={"document": where},
            hint="ask the partner to correct and resend the document",
        )
    return transaction


# Transaction sets split into document work: set id → (flow, partner-file flow, segment and element of the key).
_DOCUMENT_SETS: dict[str, tuple[FlowName, FlowKind, str, int]] = {
    "850": (FlowName.INBOUND_850, FlowKind.INBOUND_850, "BEG", 3),
    "820": (FlowName.INBOUND_820, FlowKind.INBOUND_820, "TRN", 2),
}


def received_x12(data: bytes) -> list[ReceivedInterchange]:
    """The standard-neutral view of every X12 interchange in ``data``."""
    return [_received(interchange) for interchange in read_interchanges(data)]


def _received(interchange: X12Interchange) -> ReceivedInterchange:
    h = interchange.header
    raw = interchange.raw
    documents = tuple(_document(interchange, t) for t in interchange.transactions if t.group.functional_id != "FA")

    def acknowledge(partner: PartnerProfile, numbers: ControlNumberAllocator, when: datetime) -> bytes:
        use_999 = partner.x12.acknowledgment is X12AckKind.ACK_999
        return acknowledge_stream(io.BytesIO(raw), allocator=numbers, use_999=use_999, when=when)

    def reject_as_duplicate(partner: PartnerProfile, numbers: ControlNumberAllocator, when: datetime) -> bytes:
        d = h.delimiters
        return build_interchange(
            Party(h.receiver_qualifier, h.receiver_id),
            Party(h.sender_qualifier, h.sender_id),
            (),
            numbers,
            delimiters=Delimiters(d.element, d.component, d.segment, d.repetition, d.line_ending),
            version=h.version if h.version in ("00401", "00501") else "00401",
            usage=h.usage if h.usage in ("P", "T") else "P",
            when=when,
            extra_segments=(("TA1", h.control_number, h.date, h.time, "R", "025"),),
        )

    return ReceivedInterchange(
        standard=Standard.X12,
        sender=InterchangeParty.of(h.sender_qualifier, h.sender_id),
        receiver=InterchangeParty.of(h.receiver_qualifier, h.receiver_id),
        control_number=interchange.control_number,
        usage=h.usage,
        extension="x12",
        envelope_ok=interchange.envelope_ok,
        documents=documents,
        acknowledgments=raw if interchange.carries_acknowledgments else None,
        acknowledge=acknowledge,
        reject_as_duplicate=reject_as_duplicate,
    )


def _document(interchange: X12Interchange, transaction: X12Transaction) -> ReceivedDocument:
    t = transaction.transaction
    known = _DOCUMENT_SETS.get(t.set_id)
    number = ""
    if known is not None:
        _, _, tag, position = known
        number = next((element(s, position).strip() for s in t.segments if s[0] == tag), "")
    problems = [*interchange.issues, *transaction.issues]
    return ReceivedDocument(
        type_code=t.set_id,
        flow=known[0] if known else None,
        kind=known[1] if known else None,
        number=number,
        where=(
            f"{t.set_id} {t.control_number} in group {t.group.control_number} of interchange "
            f"{interchange.control_number}"
        ),
        accepted=interchange.envelope_ok and transaction.accepted,
        problems="; ".join(i.describe() for i in problems if i.severity is Severity.ERROR),
        standalone=standalone(t),
    )
