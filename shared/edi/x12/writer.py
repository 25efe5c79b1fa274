"""Writing X12: segments to text with a partner's delimiters, and whole interchanges with counted trailers.

X12 has no escape character, so a value holding a delimiter is refused rather than written broken.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from shared.edi.model import ControlNumberAllocator, InMemoryControlNumbers
from shared.edi.x12.delimiters import Delimiters
from shared.edi.x12.dictionary import SEGMENTS
from shared.edi.x12.envelope import (
    Event,
    GroupEnd,
    GroupHeader,
    InterchangeEnd,
    InterchangeHeader,
    Segment,
    TechnicalAck,
    Transaction,
)
from shared.errors import EdiError

__all__ = [
    "GroupSpec",
    "InMemoryControlNumbers",
    "Party",
    "TransactionSpec",
    "build_interchange",
    "serialise_body",
    "serialise_events",
    "serialise_segment",
]


@dataclass(frozen=True, slots=True)
class Party:
    """An interchange party: ISA05/ISA06 (or ISA07/ISA08) and the GS02/GS03 application code."""

    qualifier: str
    identifier: str
    application_code: str = ""

    @property
    def gs_code(self) -> str:
        return self.application_code or self.identifier.strip()


@dataclass(frozen=True, slots=True)
class TransactionSpec:
    """A transaction set body: the segments between ST and SE (ST and SE are written for you)."""

    set_id: str
    body: tuple[Segment, ...]
    implementation_reference: str = ""


@dataclass(frozen=True, slots=True)
class GroupSpec:
    functional_id: str
    version: str
    transactions: tuple[TransactionSpec, ...]


def serialise_segment(segment: Segment, delimiters: Delimiters) -> str:
    """One segment and its terminator. Refuses a value holding a delimiter (a component separator is allowed
    only in composite elements, where it joins the components)."""
    tag = segment[0]
    definition = SEGMENTS.get(tag)
    for position, value in enumerate(segment):
        if tag == "ISA" and position in (11, 16):
            continue  # these two elements are delimiters by definition
        if "\r" in value or "\n" in value:
            raise EdiError(
                f"{tag}{position:02d} value {value!r} contains a line break; readers drop line breaks, so it "
                "would not arrive as sent",
                context={"segment": tag, "element": f"{tag}{position:02d}"},
                hint="replace line breaks in the source text with spaces",
            )
        for char in delimiters.reserved():
            if char not in value:
                continue
            composite = (
                char == delimiters.component
                and definition is not None
                and 0 < position <= len(definition.elements)
                and definition.elements[position - 1][0].kind == "C"
            )
            if not composite:
                raise EdiError(
                    f"{tag}{position:02d} value {value!r} contains the delimiter {char!r}; X12 cannot escape it",
                    context={"segment": tag, "element": f"{tag}{position:02d}"},
                    hint="remove the character from the source record or agree other delimiters with the partner",
                )
    return delimiters.element.join(segment) + delimiters.terminator


def serialise_body(segments: Sequence[Segment], delimiters: Delimiters) -> str:
    """Many segments at once. Delimiters inside values are detected on the joined text by counting (in C),
    and only a body that fails the count is checked segment by segment to name the culprit."""
    sep, term = delimiters.element, delimiters.terminator
    text = term.join([sep.join(segment) for segment in segments]) + term
    expected_seps = sum(map(len, segments)) - len(segments)
    clean = text.count(sep) == expected_seps and text.count(delimiters.segment) == len(segments)
    clean = clean and delimiters.component not in text
    clean = (
        clean
        and text.count("\n") == len(segments) * term.count("\n")
        and text.count("\r") == len(segments) * term.count("\r")
    )
    if delimiters.repetition is not None:
        clean = clean and delimiters.repetition not in text
    if clean:
        return text
    return "".join(serialise_segment(segment, delimiters) for segment in segments)


def _fixed(value: str, width: int, name: str) -> str:
    if len(value) > width:
        raise EdiError(f"{name} {value!r} is longer than its fixed width {width}")
    return value.ljust(width)


def build_interchange(
    sender: Party,
    receiver: Party,
    groups: Sequence[GroupSpec],
    allocator: ControlNumberAllocator,
    *,
    delimiters: Delimiters | None = None,
    version: str = "00401",
    usage: str = "P",
    ack_requested: bool = False,
    when: datetime,
    extra_segments: Iterable[Segment] = (),
) -> bytes:
    """One interchange: ISA, the groups (GS..GE with their ST..SE), IEA; counts and control numbers filled."""
    delims = delimiters or Delimiters(repetition="^" if version >= "00402" else None)
    scope = f"{receiver.qualifier}:{receiver.identifier.strip()}"
    isa13 = allocator.allocate(scope, "interchange")
    if not 0 < isa13 <= 999_999_999:
        raise EdiError(f"interchange control number {isa13} does not fit ISA13 (1..999999999)")
    isa = (
        "ISA",
        "00",
        " " * 10,
        "00",
        " " * 10,
        _fixed(sender.qualifier, 2, "ISA05"),
        _fixed(sender.identifier.strip(), 15, "ISA06"),
        _fixed(receiver.qualifier, 2, "ISA07"),
        _fixed(receiver.identifier.strip(), 15, "ISA08"),
        when.strftime("%y%m%d"),
        when.strftime("%H%M"),
        delims.repetition if version >= "00402" and delims.repetition else "U",
        version,
        f"{isa13:09d}",
        "1" if ack_requested else "0",
        usage,
        delims.component,
    )
    out = [serialise_segment(isa, delims)]
    out.extend(serialise_segment(segment, delims) for segment in extra_segments)
    for group in groups:
        gs06 = allocator.allocate(scope, "group")
        out.append(
            serialise_segment(
                (
                    "GS",
                    group.functional_id,
                    sender.gs_code,
                    receiver.gs_code,
                    when.strftime("%Y%m%d"),
                    when.strftime("%H%M"),
                    str(gs06),
                    "X",
                    group.version,
                ),
                delims,
            )
        )
        for spec in group.transactions:
            st02 = f"{allocator.allocate(scope, 'transaction'):04d}"
            st: Segment = (
                ("ST", spec.set_id, st02, spec.implementation_reference)
                if spec.implementation_reference
                else ("ST", spec.set_id, st02)
            )
            # ST and SE go through the body's one-pass delimiter check with it, not segment by segment.
            out.append(serialise_body((st, *spec.body, ("SE", str(len(spec.body) + 2), st02)), delims))
        out.append(serialise_segment(("GE", str(len(group.transactions)), str(gs06)), delims))
    out.append(serialise_segment(("IEA", str(len(groups)), f"{isa13:09d}"), delims))
    return "".join(out).encode("utf-8", "surrogateescape")


def serialise_events(events: Iterable[Event]) -> bytes:
    """Write back what was read, segment for segment, with each interchange's own delimiters."""
    out: list[str] = []
    delims = Delimiters()
    for event in events:
        if isinstance(event, InterchangeHeader):
            delims = event.delimiters
            out.append(delims.element.join(event.isa) + delims.terminator)
        elif isinstance(event, GroupHeader):
            out.append(delims.element.join(event.gs) + delims.terminator)
        elif isinstance(event, Transaction):
            if delims.line_ending:
                out.extend(delims.element.join(segment) + delims.terminator for segment in event.segments)
            else:
                out.append(event.raw)
        elif isinstance(event, TechnicalAck):
            out.append(delims.element.join(event.segment) + delims.terminator)
        elif isinstance(event, GroupEnd | InterchangeEnd) and event.trailer is not None:
            out.append(delims.element.join(event.trailer) + delims.terminator)
    return "".join(out).encode("utf-8", "surrogateescape")
