"""Interchange, group and message records: what the reader assembles and the writer serialises."""

from __future__ import annotations

from dataclasses import dataclass

from shared.edi.edifact.segments import Element, Segment
from shared.edi.edifact.syntax import ServiceChars, SyntaxLevel
from shared.edi.model import Issue

__all__ = ["Group", "GroupHeader", "Interchange", "InterchangeHeader", "Message"]


@dataclass(frozen=True, slots=True)
class InterchangeHeader:
    """The UNB (and UNA) that opened an interchange, with the fields everyone asks for already picked out."""

    unb: Segment
    service: ServiceChars
    una_present: bool
    index: int  # 1-based position of the interchange in the file
    newline: str = ""

    @property
    def level(self) -> SyntaxLevel | None:
        return SyntaxLevel.parse(self.unb.get(1, 1))

    @property
    def syntax_version(self) -> str:
        return self.unb.get(1, 2)

    @property
    def sender(self) -> Element:
        return self.unb.element(2)

    @property
    def recipient(self) -> Element:
        return self.unb.element(3)

    @property
    def reference(self) -> str:
        return self.unb.get(5)

    @property
    def acknowledgement_requested(self) -> bool:
        return self.unb.get(9) == "1"

    @property
    def test(self) -> bool:
        return self.unb.get(11) == "1"


@dataclass(frozen=True, slots=True)
class GroupHeader:
    ung: Segment
    index: int

    @property
    def reference(self) -> str:
        return self.ung.get(5)


@dataclass(frozen=True, slots=True)
class Message:
    """One UNH..UNT with the envelopes around it: enough context to validate, acknowledge or map it alone."""

    header: Segment
    body: tuple[Segment, ...]
    trailer: Segment | None
    index: int  # 1-based position of the message in its interchange
    interchange: InterchangeHeader
    group: GroupHeader | None = None
    # True when the reader's syntax-level screen saw no suspect character in this message's raw text, so the
    # validator may skip the value-by-value character check. Messages built by hand leave it False.
    screened: bool = False

    @property
    def reference(self) -> str:
        return self.header.get(1)

    @property
    def type(self) -> str:
        return self.header.get(2, 1)

    @property
    def version(self) -> str:
        return self.header.get(2, 2)

    @property
    def release(self) -> str:
        return self.header.get(2, 3)

    @property
    def agency(self) -> str:
        return self.header.get(2, 4)

    @property
    def association(self) -> str:
        return self.header.get(2, 5)

    @property
    def directory(self) -> str:
        """``D96A``-style key of the directory the message claims (version letter ignored: partners send
        ``0`` or ``S`` where ``D`` is meant)."""
        return "D" + self.release.upper()

    @property
    def segments(self) -> tuple[Segment, ...]:
        tail = (self.trailer,) if self.trailer is not None else ()
        return (self.header, *self.body, *tail)


@dataclass(frozen=True, slots=True)
class Group:
    header: GroupHeader
    trailer: Segment | None
    message_count: int


@dataclass(frozen=True, slots=True)
class Interchange:
    """A whole interchange. ``issues`` are the envelope-structure problems found while reading it (missing
    trailers, segments where no segment may be); counts and references are checked by the validator."""

    header: InterchangeHeader
    messages: tuple[Message, ...]
    groups: tuple[Group, ...]
    trailer: Segment | None
    issues: tuple[Issue, ...] = ()
    # Segments between UNB and UNZ that belong to no message; kept so nothing is dropped.
    stray: tuple[Segment, ...] = ()
    # What followed UNZ's terminator (a line break or nothing), for byte-exact round trips.
    suffix: str = ""
