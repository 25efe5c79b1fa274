"""An X12 mailbox message taken apart: its interchanges, each transaction with its validation verdict, and
each transaction again as a small interchange of its own that the document flows can read alone.

Reading and validating is the engine's (``shared.edi.x12``); this module only groups the events and keeps the
envelope around each transaction, so the archived document still says who sent it under which numbers.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from shared.edi.model import Issue, Severity
from shared.edi.x12.envelope import (
    Event,
    GroupEnd,
    GroupHeader,
    InterchangeEnd,
    InterchangeHeader,
    ReaderIssue,
    TechnicalAck,
    Transaction,
)
from shared.edi.x12.reader import read_events
from shared.edi.x12.validate import Validator
from shared.edi.x12.writer import serialise_events
from shared.errors import EdiError

__all__ = ["X12Interchange", "X12Transaction", "read_interchanges", "single_transaction", "standalone"]


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
