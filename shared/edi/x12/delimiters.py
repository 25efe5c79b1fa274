"""The four X12 delimiters, found by walking the ISA rather than trusting its fixed offsets."""

from __future__ import annotations

from dataclasses import dataclass

from shared.errors import EdiError

__all__ = ["ISA_ELEMENT_COUNT", "Delimiters", "IsaScan", "scan_isa"]

ISA_ELEMENT_COUNT = 16
_LINE_BREAKS = "\r\n"


@dataclass(frozen=True, slots=True)
class Delimiters:
    """Separators of one interchange. ``segment`` may be more than one character when a partner terminates
    segments with a space followed by a line break; ``line_ending`` is what follows each terminator in the
    partner's files (written back the same way). ``repetition`` is None before version 00402."""

    element: str = "*"
    component: str = ">"
    segment: str = "~"
    repetition: str | None = None
    line_ending: str = ""

    def __post_init__(self) -> None:
        chars = [self.element, self.component, self.segment[:1]]
        if self.repetition is not None:
            chars.append(self.repetition)
        for char in chars:
            if len(char) != 1:
                raise EdiError(f"X12 delimiter {char!r} must be a single character")
            if char.isalnum():
                raise EdiError(f"X12 delimiter {char!r} is a letter or digit; it would split data")
        if len(set(chars)) != len(chars):
            raise EdiError(f"X12 delimiters must differ from each other, got {chars!r}")

    @property
    def terminator(self) -> str:
        """What ends a segment on the wire: the terminator plus the partner's line ending."""
        return self.segment + self.line_ending

    def reserved(self) -> tuple[str, ...]:
        """Text a value must not contain, because X12 has no escape character. A space-and-newline terminator
        is reserved as the pair: a lone space in data is what such partners send."""
        chars = [self.element, self.component, self.segment]
        if self.repetition is not None:
            chars.append(self.repetition)
        return tuple(chars)


@dataclass(frozen=True, slots=True)
class IsaScan:
    """Where the ISA ends (index just past its terminator and line ending) and the delimiters it declares."""

    delimiters: Delimiters
    end: int
    isa_text: str


def scan_isa(text: str, start: int, *, at_eof: bool = False) -> IsaScan | None:
    """Read the delimiters of the ISA that begins at ``text[start]``.

    Returns None when ``text`` ends before the ISA does (the caller reads more). Raises EdiError when the ISA
    cannot be an ISA (letters as separators, equal separators)."""
    if len(text) < start + 4:
        return None
    element = text[start + 3]
    if element.isalnum() or element in " \r\n":
        raise EdiError(f"the ISA segment has {element!r} where its element separator should be; not X12")
    index = start + 3
    for _ in range(ISA_ELEMENT_COUNT - 1):
        index = text.find(element, index + 1)
        if index < 0:
            return None
    if len(text) < index + 3:
        return None
    component = text[index + 1]
    segment = text[index + 2]
    end = index + 3
    isa_text = text[start : index + 2]
    if segment not in _LINE_BREAKS:
        isa_text = isa_text.replace("\r", "").replace("\n", "")
    line_ending = ""
    while end < len(text) and text[end] in _LINE_BREAKS and segment not in _LINE_BREAKS:
        line_ending += text[end]
        end += 1
    if segment == "\r" and text[end : end + 1] == "\n":
        line_ending = "\n"
        end += 1
    if end >= len(text) and not at_eof:
        # The line ending (or the rest of it) may be in the next chunk; ask for more.
        return None
    if segment == " " and line_ending:
        # Space-then-newline terminated files carry spaces inside data; only the pair ends a segment.
        segment, line_ending = " " + line_ending, ""
    fields = isa_text.split(element)
    version = fields[12] if len(fields) > 12 else ""
    repetition: str | None = None
    if len(fields) > 11 and version >= "00402" and len(fields[11]) == 1 and not fields[11].isalnum():
        repetition = fields[11]
    if repetition in (element, component, segment[:1]):
        repetition = None
    try:
        delimiters = Delimiters(element, component, segment, repetition, line_ending)
    except EdiError as exc:
        raise EdiError(f"the ISA declares unusable delimiters: {exc.message}") from exc
    return IsaScan(delimiters, end, isa_text)
