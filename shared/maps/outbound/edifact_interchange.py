"""Enveloping a mapped EDIFACT message for one partner (UNA, UNB with its syntax level and test indicator,
UNH/UNT, UNZ), and the engine's validation before anything is sent."""

from __future__ import annotations

from datetime import datetime

from shared.edi.edifact.facade import validate
from shared.edi.edifact.syntax import ServiceChars, SyntaxLevel
from shared.edi.edifact.writer import EnvelopeOptions, OutboundMessage, Party, write_interchange
from shared.edi.model import ControlNumberAllocator
from shared.errors import EdiError
from shared.maps.outbound.x12_interchange import Enveloped, PartnerScoped
from shared.partners import PartnerProfile, Usage

__all__ = ["envelope_edifact", "validate_edifact"]


def envelope_edifact(
    message: OutboundMessage,
    partner: PartnerProfile,
    *,
    our_identity: tuple[str, str],
    allocator: ControlNumberAllocator,
    when: datetime,
) -> Enveloped:
    """One interchange holding ``message``, in the partner's service characters, syntax level and version."""
    envelope = partner.edifact
    chars = envelope.service_characters
    service = ServiceChars(
        chars.component, chars.element, chars.decimal_mark, chars.release, chars.repetition, chars.segment
    )
    our_id, our_qualifier = our_identity
    options = EnvelopeOptions(
        sender=Party(our_id, our_qualifier),
        recipient=Party(partner.identity.id, partner.identity.qualifier),
        prepared=when,
        level=SyntaxLevel(envelope.syntax_level.value),
        syntax_version=str(envelope.syntax_version),
        una=envelope.send_una,
        service=service,
        application_reference=message.type,
        test=partner.usage is Usage.TEST,
    )
    scoped = PartnerScoped(allocator, partner.code)
    data = write_interchange([message], options, scoped, partner.code)
    return Enveloped(
        data,
        str(scoped.issued["interchange"]),
        str(scoped.issued["group"]) if "group" in scoped.issued else None,
        str(scoped.issued["transaction"]),
    )


def validate_edifact(data: bytes, *, document: str, partner: str) -> None:
    """The engine's validation (envelope, structure per directory, elements); an EdiError naming every problem."""
    report = validate(data)
    if report.valid:
        return
    problems = "; ".join(issue.describe() for issue in report.errors[:10])
    more = len(report.errors) - 10
    raise EdiError(
        f"the EDIFACT built for {document} fails validation and was not sent: {problems}"
        + (f" (and {more} more)" if more > 0 else ""),
        context={"document": document, "partner": partner},
        hint="the Dynamics record holds a value the partner's EDIFACT cannot carry; correct it in Dynamics and replay",
    )
