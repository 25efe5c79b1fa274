"""Enveloping a mapped transaction set for one partner, and the last check before anything is sent.

Control numbers are allocated per partner code (not per receiver id as the writer would by itself), so a
partner whose interchange id changes keeps one increasing sequence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from shared.edi.model import ControlKind, ControlNumberAllocator
from shared.edi.x12.delimiters import Delimiters
from shared.edi.x12.envelope import GroupHeader, InterchangeHeader, Transaction
from shared.edi.x12.reader import read_bytes
from shared.edi.x12.schemas import FUNCTIONAL_IDS
from shared.edi.x12.validate import validate_bytes
from shared.edi.x12.writer import GroupSpec, Party, TransactionSpec, build_interchange
from shared.errors import EdiError
from shared.partners import EdiVersion, PartnerProfile

__all__ = ["Enveloped", "PartnerScoped", "controls_of", "envelope_x12", "validate_x12"]

_ISA12 = {EdiVersion.X12_004010: "00401", EdiVersion.X12_005010: "00501"}


@dataclass(frozen=True, slots=True)
class Enveloped:
    """An interchange ready to send and the control numbers it carries (what the partner's acknowledgment quotes)."""

    data: bytes
    interchange: str  # ISA13 (nine digits) or UNB 0020
    group: str | None  # GS06, or UNG 0048 when groups are used
    transaction: str  # ST02 (four digits at least) or UNH 0062


@dataclass
class PartnerScoped:
    """Allocates under the partner's code whatever scope the writer asks for, remembering what it handed out."""

    inner: ControlNumberAllocator
    partner: str
    issued: dict[ControlKind, int] = field(default_factory=dict)

    def allocate(self, scope: str, kind: ControlKind) -> int:
        number = self.inner.allocate(self.partner, kind)
        self.issued[kind] = number
        return number


def envelope_x12(
    spec: TransactionSpec,
    partner: PartnerProfile,
    *,
    our_identity: tuple[str, str, str],
    version: EdiVersion,
    allocator: ControlNumberAllocator,
    when: datetime,
) -> Enveloped:
    """One interchange, one group, one transaction set, in the partner's delimiters, version and usage."""
    if version not in _ISA12:
        raise EdiError(
            f"partner {partner.code} is configured for {version.value}, which is not an X12 version",
            context={"partner": partner.code},
            hint="set the partner's version for this document to 004010 or 005010",
        )
    envelope = partner.x12
    isa12 = _ISA12[version]
    delimiters = Delimiters(
        element=envelope.delimiters.element,
        component=envelope.delimiters.component,
        segment=envelope.delimiters.segment,
        repetition=envelope.delimiters.repetition if isa12 >= "00402" else None,
        line_ending=envelope.delimiters.segment_suffix,
    )
    qualifier, ident, group_id = our_identity
    sender = Party(qualifier, ident, group_id)
    receiver = Party(partner.identity.qualifier, partner.identity.id, partner.identity.group_id)
    scoped = PartnerScoped(allocator, partner.code)
    group = GroupSpec(FUNCTIONAL_IDS[spec.set_id], version.value + envelope.industry_identifier, (spec,))
    data = build_interchange(
        sender, receiver, [group], scoped, delimiters=delimiters, version=isa12, usage=partner.usage.isa15, when=when
    )
    return Enveloped(
        data,
        f"{scoped.issued['interchange']:09d}",
        str(scoped.issued["group"]),
        f"{scoped.issued['transaction']:04d}",
    )


def validate_x12(data: bytes, *, document: str, partner: str) -> None:
    """The engine's full validation (envelope, structure, elements, totals, HL tree); an EdiError naming every
    problem when it fails, so the document is recorded as failed instead of reaching the partner."""
    report = validate_bytes(data)
    if report.valid:
        return
    problems = "; ".join(issue.describe() for issue in report.errors[:10])
    more = len(report.errors) - 10
    raise EdiError(
        f"the X12 built for {document} fails validation and was not sent: {problems}"
        + (f" (and {more} more)" if more > 0 else ""),
        context={"document": document, "partner": partner},
        hint="the Dynamics record holds a value the partner's X12 cannot carry; correct it in Dynamics and replay",
    )


def controls_of(data: bytes) -> tuple[str | None, str | None, str | None]:
    """ISA13, GS06 and ST02 of the first interchange, group and transaction set in ``data`` (None where absent):
    what a partner's 997 will refer to, read from bytes another attempt delivered."""
    interchange = group = transaction = None
    for event in read_bytes(data):
        if isinstance(event, InterchangeHeader) and interchange is None:
            interchange = event.control_number
        elif isinstance(event, GroupHeader) and group is None:
            group = event.control_number
        elif isinstance(event, Transaction) and transaction is None:
            transaction = event.control_number
    return interchange, group, transaction
