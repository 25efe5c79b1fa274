"""Segments and interchanges to bytes: escaping, the syntax level's repertoire, counts and references."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from shared.edi.edifact.envelope import Interchange, Message
from shared.edi.edifact.segments import Element, Segment
from shared.edi.edifact.syntax import DEFAULT_SERVICE, ServiceChars, SyntaxLevel, level_violation, outside_level
from shared.edi.model import ControlNumberAllocator
from shared.errors import EdiError

__all__ = [
    "EnvelopeOptions",
    "OutboundMessage",
    "Party",
    "SegmentWriter",
    "serialise",
    "write_interchange",
]


class SegmentWriter:
    """Turns segments into text for one interchange's service characters and syntax level."""

    def __init__(self, service: ServiceChars = DEFAULT_SERVICE, level: SyntaxLevel | None = None) -> None:
        self.service = service
        self.level = level
        self._needs_escape = service._escape_re.search

    def _element(self, comps: Element) -> str:
        search = self._needs_escape
        escape = self.service.escape
        return self.service.component.join([escape(c) if search(c) else c for c in comps])

    def segment(self, segment: Segment) -> str:
        sv = self.service
        parts = [segment.tag]
        if segment.repeats:
            extra = dict(segment.repeats)
            for i, comps in enumerate(segment.elements):
                occurrences = [comps, *extra.get(i, ())]
                parts.append(sv.repetition.join(self._element(o) for o in occurrences))
        else:
            parts.extend([self._element(comps) for comps in segment.elements])
        text = sv.element.join(parts) + sv.terminator
        level = self.level
        if level is not None and outside_level(level, text):
            self._check_level(segment)
            raise EdiError(
                f"{segment.tag}: the service characters {sv.una!r} are outside syntax level {level.value}",
                context={"segment": segment.tag},
                hint="choose service characters the level allows, or a wider level",
            )
        return text

    def _check_level(self, segment: Segment) -> None:
        level = self.level
        if level is None:
            return
        for e, comps in enumerate(segment.elements, start=1):
            for c, value in enumerate(comps, start=1):
                bad = level_violation(level, value)
                if bad is not None:
                    raise EdiError(
                        f"{segment.tag} element {e} component {c} holds {bad!r}, which syntax level "
                        f"{level.value} cannot carry",
                        context={"segment": segment.tag, "element": str(e), "component": str(c)},
                        hint="use a partner profile with a wider syntax level (UNOC for Latin-1, UNOW for UTF-8) "
                        "or transliterate the value in the map",
                    )


def serialise(interchange: Interchange) -> bytes:
    """Write an interchange back exactly as read (service characters, UNA, line breaks, every segment)."""
    header = interchange.header
    writer = SegmentWriter(header.service, None)
    nl = header.newline
    out: list[str] = []
    if header.una_present:
        out.append(header.service.una + nl)
    out.append(writer.segment(header.unb) + nl)
    groups = iter(interchange.groups)
    open_group = None
    remaining = 0
    for message in interchange.messages:
        if message.group is not None and (open_group is None or open_group.header != message.group):
            open_group = next(groups)
            remaining = open_group.message_count
            out.append(writer.segment(open_group.header.ung) + nl)
        out.extend(writer.segment(s) + nl for s in message.segments)
        if open_group is not None:
            remaining -= 1
            if remaining == 0:
                if open_group.trailer is not None:
                    out.append(writer.segment(open_group.trailer) + nl)
                open_group = None
    if interchange.trailer is not None:
        out.append(writer.segment(interchange.trailer) + interchange.suffix)
    level = header.level
    return "".join(out).encode(level.codec if level else "latin-1", errors="strict")


@dataclass(frozen=True, slots=True)
class Party:
    """UNB S002/S003: an identification with its code qualifier (``14`` GLN, ``1`` DUNS, ``ZZ`` mutual)."""

    id: str
    qualifier: str = ""
    routing: str = ""

    def element(self) -> Element:
        return (self.id, self.qualifier, self.routing)


@dataclass(frozen=True, slots=True)
class OutboundMessage:
    """A message body (segments between UNH and UNT) with its S009 identifier."""

    type: str
    body: tuple[Segment, ...]
    release: str = "96A"
    version: str = "D"
    agency: str = "UN"
    association: str = ""


@dataclass(frozen=True, slots=True)
class EnvelopeOptions:
    """Per-partner envelope choices. ``prepared`` is the UNB date/time; pass it in so output is deterministic."""

    sender: Party
    recipient: Party
    prepared: datetime
    level: SyntaxLevel = SyntaxLevel.UNOC
    syntax_version: str = "3"
    una: bool = True
    service: ServiceChars = field(default=DEFAULT_SERVICE)
    newline: str = ""
    use_groups: bool = False
    application_reference: str = ""
    acknowledgement_request: bool = False
    test: bool = False
    agreement: str = ""


def write_interchange(
    messages: Sequence[OutboundMessage],
    options: EnvelopeOptions,
    allocator: ControlNumberAllocator,
    scope: str,
) -> bytes:
    """One interchange holding ``messages``, references from ``allocator`` for partner ``scope``.

    UNT counts UNH..UNT; UNZ counts messages, or groups when ``use_groups`` (one group per message type)."""
    if not messages:
        raise EdiError("an interchange needs at least one message", context={"partner": scope})
    service = options.service
    if options.syntax_version == "4" and not options.una and service == DEFAULT_SERVICE:
        service = ServiceChars.for_version("4")
    writer = SegmentWriter(service, options.level)
    nl = options.newline
    v4 = options.syntax_version == "4"
    date = options.prepared.strftime("%Y%m%d" if v4 else "%y%m%d")
    time = options.prepared.strftime("%H%M")
    reference = str(allocator.allocate(scope, "interchange"))
    unb = Segment.of(
        "UNB",
        (options.level.value, options.syntax_version),
        options.sender.element(),
        options.recipient.element(),
        (date, time),
        reference,
        None,
        options.application_reference or None,
        None,
        "1" if options.acknowledgement_request else None,
        options.agreement or None,
        "1" if options.test else None,
    )
    out: list[str] = []
    if options.una:
        out.append(service.una + nl)
    out.append(writer.segment(unb) + nl)
    if options.use_groups:
        by_type: dict[str, list[OutboundMessage]] = {}
        for m in messages:
            by_type.setdefault(m.type, []).append(m)
        for mtype, group in by_type.items():
            gref = str(allocator.allocate(scope, "group"))
            first = group[0]
            out.append(
                writer.segment(
                    Segment.of(
                        "UNG",
                        mtype,
                        (options.sender.id, options.sender.qualifier),
                        (options.recipient.id, options.recipient.qualifier),
                        (date, time),
                        gref,
                        first.agency,
                        (first.version, first.release, first.association),
                    )
                )
                + nl
            )
            for m in group:
                out.append(_message_text(writer, m, allocator, scope, nl))
            out.append(writer.segment(Segment.of("UNE", str(len(group)), gref)) + nl)
        count = len(by_type)
    else:
        out.extend(_message_text(writer, m, allocator, scope, nl) for m in messages)
        count = len(messages)
    out.append(writer.segment(Segment.of("UNZ", str(count), reference)) + nl)
    return "".join(out).encode(options.level.codec)


def _message_text(
    writer: SegmentWriter, message: OutboundMessage, allocator: ControlNumberAllocator, scope: str, nl: str
) -> str:
    ref = str(allocator.allocate(scope, "transaction"))
    unh = Segment.of("UNH", ref, (message.type, message.version, message.release, message.agency, message.association))
    seg = writer.segment
    parts = [seg(unh)]
    parts.extend([seg(s) for s in message.body])
    parts.append(seg(Segment.of("UNT", str(len(message.body) + 2), ref)))
    return nl.join(parts) + nl


def render_message(message: Message) -> str:
    """Text of one received message (UNH..UNT) in its interchange's service characters."""
    writer = SegmentWriter(message.interchange.service)
    return "".join(writer.segment(s) for s in message.segments)
