"""An EDIFACT mailbox message taken apart: its interchanges, each message with its validation verdict, each
message again as a small interchange of its own, and the CONTRL that answers the interchange.

Reading, validating and writing CONTRL are the engine's (``shared.edi.edifact``); this module groups its
findings per message and keeps the envelope around each message for the document flows.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

from shared.edi.edifact.contrl import build_contrl
from shared.edi.edifact.envelope import Group, Interchange, Message
from shared.edi.edifact.reader import read
from shared.edi.edifact.segments import Segment
from shared.edi.edifact.validate import validate_interchange
from shared.edi.edifact.writer import serialise
from shared.edi.model import ControlNumberAllocator, Issue, Location, Severity, Standard
from shared.errors import ConnectorError, EdiError
from shared.flows.contract import FlowName
from shared.flows.inbound_received import ReceivedDocument, ReceivedInterchange
from shared.partners import FlowKind, InterchangeParty, PartnerProfile

__all__ = ["edifact_controls", "read_edifact", "received_edifact", "single_message", "standalone_message"]

_MESSAGES: dict[str, tuple[FlowName, FlowKind]] = {
    "ORDERS": (FlowName.INBOUND_850, FlowKind.INBOUND_850),
    "REMADV": (FlowName.INBOUND_820, FlowKind.INBOUND_820),
}
_DUPLICATE = "26"  # syntax error code 0085: duplicate detected


def _errors(issues: list[Issue]) -> list[Issue]:
    return [i for i in issues if i.severity is Severity.ERROR]


def read_edifact(data: bytes) -> list[tuple[Interchange, list[Issue]]]:
    """Every interchange with its validation findings; ``EdiError`` when nothing in ``data`` can be read."""
    try:
        result = read(data)
        seen: set[tuple[str, ...]] = set()
        checked = [(interchange, validate_interchange(interchange, seen)) for interchange in result.interchanges]
    except ConnectorError:
        raise
    except (ValueError, IndexError, KeyError, UnicodeError, TypeError) as exc:
        raise EdiError(
            f"the EDIFACT interchange could not be read: {exc}", hint="ask the partner to check and resend it"
        ) from exc
    if not checked:
        raise EdiError(
            "the message holds no EDIFACT interchange (no UNB)", hint="ask the partner to check and resend it"
        )
    return checked


def standalone_message(interchange: Interchange, message: Message) -> bytes:
    """One message in the envelope it came in (same UNB and UNG, trailers counting just it)."""
    groups: tuple[Group, ...] = ()
    if message.group is not None:
        groups = (Group(message.group, Segment.of("UNE", "1", message.group.reference), 1),)
    alone = Interchange(
        header=interchange.header,
        messages=(dataclasses.replace(message, index=1),),
        groups=groups,
        trailer=Segment.of("UNZ", "1", interchange.header.reference),
        suffix=interchange.suffix,
    )
    return serialise(alone)


def edifact_controls(interchange: Interchange, message: Message) -> tuple[str, str | None, str]:
    """UNB 0020, UNG 0048 (None outside a group) and UNH 0062 of ``message``."""
    group = message.group.reference if message.group is not None else None
    return interchange.header.reference, group, message.reference


def single_message(data: bytes, expected_type: str, where: str) -> tuple[Interchange, Message]:
    """The one message of a document payload split from a message, checked again (a replay runs this too)."""
    found = [(ic, issues, m) for ic, issues in read_edifact(data) for m in ic.messages]
    if len(found) != 1 or found[0][2].type != expected_type:
        kinds = ", ".join(m.type for _, _, m in found) or "none"
        raise EdiError(
            f"{where}: expected one {expected_type} message in the archived document, found {kinds}",
            context={"document": where},
            hint="the document was split from its Sterling message; replay the message instead",
        )
    interchange, issues, message = found[0]
    errors = [i for i in _errors(issues) if i.location.transaction in (None, message.index)]
    if errors:
        raise EdiError(
            f"{where}: the {expected_type} does not pass validation: {'; '.join(i.describe() for i in errors)}",
            context={"document": where},
            hint="ask the partner to correct and resend the document",
        )
    return interchange, message


def received_edifact(data: bytes) -> list[ReceivedInterchange]:
    """The standard-neutral view of every EDIFACT interchange in ``data``."""
    return [_received(interchange, issues) for interchange, issues in read_edifact(data)]


def _party(element: tuple[str, ...]) -> InterchangeParty:
    return InterchangeParty.of(element[1] if len(element) > 1 else None, element[0] if element else "")


def _received(interchange: Interchange, issues: list[Issue]) -> ReceivedInterchange:
    h = interchange.header
    errors = _errors(issues)
    envelope = [i for i in errors if i.location.transaction is None]
    by_message: dict[int, list[Issue]] = {}
    for issue in errors:
        if issue.location.transaction is not None:
            by_message.setdefault(issue.location.transaction, []).append(issue)
    documents = tuple(
        _document(interchange, m, envelope + by_message.get(m.index, []))
        for m in interchange.messages
        if m.type != "CONTRL"
    )

    def acknowledge(partner: PartnerProfile, numbers: ControlNumberAllocator, when: datetime) -> bytes:
        return build_contrl(interchange, issues, numbers, partner.code, prepared=when) or b""

    def reject_as_duplicate(partner: PartnerProfile, numbers: ControlNumberAllocator, when: datetime) -> bytes:
        duplicate = Issue(
            "interchange",
            _DUPLICATE,
            f"interchange {h.reference} was received before",
            Location(interchange=h.index, interchange_control=h.reference, segment_tag="UNB", element=5),
        )
        return build_contrl(interchange, [duplicate], numbers, partner.code, prepared=when) or b""

    carries_acks = any(m.type == "CONTRL" for m in interchange.messages)
    return ReceivedInterchange(
        standard=Standard.EDIFACT,
        sender=_party(h.sender),
        receiver=_party(h.recipient),
        control_number=h.reference.strip(),
        usage=h.unb.get(11),
        extension="edi",
        envelope_ok=not envelope,
        documents=documents,
        acknowledgments=serialise(interchange) if carries_acks else None,
        acknowledge=acknowledge,
        reject_as_duplicate=reject_as_duplicate,
    )


def _document(interchange: Interchange, message: Message, errors: list[Issue]) -> ReceivedDocument:
    known = _MESSAGES.get(message.type)
    bgm = next((s for s in message.body if s.tag == "BGM"), Segment("BGM"))
    group = f" in group {message.group.reference}" if message.group is not None else ""
    return ReceivedDocument(
        type_code=message.type,
        flow=known[0] if known else None,
        kind=known[1] if known else None,
        number=bgm.get(2).strip(),
        where=f"{message.type} {message.reference}{group} of interchange {interchange.header.reference}",
        accepted=not errors,
        problems="; ".join(i.describe() for i in errors),
        standalone=standalone_message(interchange, message),
    )
