"""A small UN/EDIFACT writer for the partner simulator: UNA/UNB/UNH/UNT/UNZ with correct counts and escaping.

Independent of the product's EDI engine on purpose, like ``x12_writer``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

__all__ = ["EdifactParty", "edifact_interchange", "escape"]

UNA = "UNA:+.? '"
SEGMENT_END = "'\n"

# A segment is a list of data elements; a data element is a list of components (already escaped or not).
Element = Sequence[str]
Segment = Sequence[Element]


def escape(text: str) -> str:
    """Release every service character in data with ``?`` so free text cannot break the structure."""
    return "".join(f"?{char}" if char in "?:+'" else char for char in text)


def _trim(parts: Sequence[str]) -> list[str]:
    """Drop trailing empty parts (before escaping, so an escaped separator at the end survives)."""
    kept = list(parts)
    while kept and not kept[-1]:
        kept.pop()
    return kept


def _segment(tag: str, elements: Segment) -> str:
    rendered = [":".join(escape(c) for c in _trim(element)) for element in elements]
    return "+".join([tag, *_trim(rendered)]) + SEGMENT_END


@dataclass(frozen=True)
class EdifactParty:
    interchange_id: str
    qualifier: str


def edifact_interchange(
    *,
    sender: EdifactParty,
    recipient: EdifactParty,
    reference: str,
    moment: datetime,
    messages: Sequence[tuple[tuple[str, ...], Sequence[tuple[str, Segment]]]],
    application: str = "",
    acknowledgement_requested: bool = True,
) -> bytes:
    """``messages`` are (S009 message identifier, body segments without UNH/UNT)."""
    out = [UNA + "\n"]
    unb: list[Element] = [
        ["UNOC", "3"],
        [sender.interchange_id, sender.qualifier],
        [recipient.interchange_id, recipient.qualifier],
        [moment.strftime("%y%m%d"), moment.strftime("%H%M")],
        [reference],
        [],
        [application],
        [],
        ["1" if acknowledgement_requested else ""],
    ]
    out.append(_segment("UNB", unb))
    for number, (identifier, body) in enumerate(messages, start=1):
        out.append(_segment("UNH", [[str(number)], list(identifier)]))
        out.extend(_segment(tag, elements) for tag, elements in body)
        out.append(_segment("UNT", [[str(len(body) + 2)], [str(number)]]))
    out.append(_segment("UNZ", [[str(len(messages))], [reference]]))
    return "".join(out).encode("latin-1")
