"""Just enough EDI reading for the partner simulator to acknowledge what the connector delivered.

Splits a payload into X12 or EDIFACT interchanges (delimiters detected, EDIFACT release characters honoured)
and checks the envelope counts and control references a trading partner's translator would check.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["EdiSegment", "Interchange", "read_interchanges"]

EdiSegment = tuple[str, ...]


@dataclass(frozen=True)
class Interchange:
    standard: str  # "X12" or "EDIFACT"
    segments: tuple[EdiSegment, ...]
    component_separator: str

    def first(self, tag: str) -> EdiSegment | None:
        return next((s for s in self.segments if s[0] == tag), None)


def _x12(text: str, start: int) -> tuple[Interchange, int]:
    element = text[start + 3]
    position = start
    for _ in range(16):
        position = text.index(element, position + 1)
    component = text[position + 1]
    terminator = text[position + 2]
    end = text.find(f"{terminator}", text.find(f"IEA{element}", position))
    end = len(text) if end < 0 else end + 1
    raw = text[start:end]
    segments = tuple(
        tuple(part.strip("\r\n") for part in chunk.strip("\r\n \t").split(element))
        for chunk in raw.split(terminator)
        if chunk.strip("\r\n \t")
    )
    return Interchange("X12", segments, component), end


def _edifact(text: str, start: int) -> tuple[Interchange, int]:
    component, element, release, terminator = ":", "+", "?", "'"
    position = start
    if text.startswith("UNA", start):
        component, element, release, terminator = text[start + 3], text[start + 4], text[start + 6], text[start + 8]
        position = start + 9
    segments: list[EdiSegment] = []
    for raw_chunk in _split_released_keep(text[position:], terminator, release):
        chunk = raw_chunk.strip("\r\n \t")
        if not chunk:
            continue
        # Elements stay as sent (release characters kept), so an acknowledgment can echo them byte for byte.
        elements = _split_released_keep(chunk, element, release)
        segments.append(tuple(elements))
        if elements[0] == "UNZ":
            break
    consumed = text.find("UNZ", position)
    end = text.find(terminator, consumed) + 1 if consumed >= 0 else len(text)
    return Interchange("EDIFACT", tuple(segments), component), end


def _split_released_keep(text: str, separator: str, release: str) -> list[str]:
    """Split on unreleased separators but keep release characters, for a second split on components."""
    parts, current, escaped = [], [], False
    for char in text:
        if escaped:
            current.append(char)
            escaped = False
        elif char == release:
            current.append(char)
            escaped = True
        elif char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def read_interchanges(payload: bytes) -> list[Interchange]:
    """Every interchange in ``payload``, in order; text that is neither X12 nor EDIFACT is skipped."""
    text = payload.decode("latin-1").lstrip("\ufeff")
    found: list[Interchange] = []
    position = 0
    while position < len(text):
        isa, una, unb = (text.find(tag, position) for tag in ("ISA", "UNA", "UNB"))
        candidates = [p for p in (isa, una, unb) if p >= 0]
        if not candidates:
            break
        start = min(candidates)
        try:
            interchange, position = _x12(text, start) if start == isa else _edifact(text, start)
        except (ValueError, IndexError):
            break
        found.append(interchange)
    return found
