"""Human-readable X12: every segment with its name, every element with its name and a code's meaning."""

from __future__ import annotations

import io
from collections.abc import Iterator

from shared.edi.x12.codes import meaning
from shared.edi.x12.dictionary import SEGMENTS
from shared.edi.x12.envelope import (
    Event,
    GroupEnd,
    GroupHeader,
    InterchangeEnd,
    InterchangeHeader,
    ReaderIssue,
    Segment,
    TechnicalAck,
    Transaction,
)
from shared.edi.x12.reader import BinaryReadable, read_events

__all__ = ["render_bytes", "render_segment", "render_stream"]


def render_segment(segment: Segment, indent: str = "") -> Iterator[str]:
    tag = segment[0]
    definition = SEGMENTS.get(tag)
    yield f"{indent}{tag} {definition.name if definition else '(segment not in the dictionary)'}"
    for position, value in enumerate(segment[1:], start=1):
        if not value:
            continue
        name = ""
        note = ""
        if definition and position <= len(definition.elements):
            element_def = definition.elements[position - 1][0]
            if element_def.ref != "9999":
                name = f" {element_def.name}"
                code = meaning(element_def.ref, value)
                note = f" ({code})" if code else ""
        yield f"{indent}  {tag}{position:02d}{name}: {value!r}{note}"


def render_bytes(data: bytes) -> str:
    return render_stream(io.BytesIO(data))


def render_stream(stream: BinaryReadable) -> str:
    return "\n".join(_lines(read_events(stream))) + "\n"


def _lines(events: Iterator[Event]) -> Iterator[str]:
    for event in events:
        if isinstance(event, InterchangeHeader):
            yield f"== interchange {event.index} (control {event.control_number})"
            yield from render_segment(event.isa)
        elif isinstance(event, GroupHeader):
            yield f"  == group {event.index} (control {event.control_number}, version {event.version})"
            yield from render_segment(event.gs, "  ")
        elif isinstance(event, Transaction):
            yield f"    == transaction {event.index}: {event.set_id} (control {event.control_number})"
            for segment in event.segments:
                yield from render_segment(segment, "    ")
        elif isinstance(event, TechnicalAck):
            yield from render_segment(event.segment, "  ")
        elif isinstance(event, GroupEnd) and event.trailer is not None:
            yield from render_segment(event.trailer, "  ")
        elif isinstance(event, InterchangeEnd) and event.trailer is not None:
            yield from render_segment(event.trailer)
        elif isinstance(event, ReaderIssue):
            yield f"!! {event.issue.describe()}"
