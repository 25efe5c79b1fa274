"""What the reader yields: envelope headers, transactions and the problems found while reading."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from shared.edi.model import Issue
from shared.edi.x12.delimiters import Delimiters

__all__ = [
    "Event",
    "GroupEnd",
    "GroupHeader",
    "InterchangeEnd",
    "InterchangeHeader",
    "ReaderIssue",
    "Segment",
    "TechnicalAck",
    "Transaction",
    "element",
]

# A segment as read: its tag, then its elements (empty string for an empty element). Composites and
# repetitions stay joined by their separators; callers split them when a field needs it.
Segment = tuple[str, ...]


def element(segment: Segment, position: int) -> str:
    """Element ``position`` (1-based, as in ``BEG03``), or "" when the partner left it off."""
    return segment[position] if position < len(segment) else ""


@dataclass(frozen=True, slots=True)
class InterchangeHeader:
    """One ISA. ``index`` is 1-based within the file."""

    index: int
    isa: Segment
    delimiters: Delimiters

    @property
    def sender_qualifier(self) -> str:
        return element(self.isa, 5)

    @property
    def sender_id(self) -> str:
        return element(self.isa, 6)

    @property
    def receiver_qualifier(self) -> str:
        return element(self.isa, 7)

    @property
    def receiver_id(self) -> str:
        return element(self.isa, 8)

    @property
    def date(self) -> str:
        return element(self.isa, 9)

    @property
    def time(self) -> str:
        return element(self.isa, 10)

    @property
    def version(self) -> str:
        return element(self.isa, 12)

    @property
    def control_number(self) -> str:
        return element(self.isa, 13)

    @property
    def ack_requested(self) -> bool:
        return element(self.isa, 14) == "1"

    @property
    def usage(self) -> str:
        return element(self.isa, 15)


@dataclass(frozen=True, slots=True)
class GroupHeader:
    """One GS. ``index`` is 1-based within its interchange."""

    interchange: InterchangeHeader
    index: int
    gs: Segment

    @property
    def functional_id(self) -> str:
        return element(self.gs, 1)

    @property
    def sender(self) -> str:
        return element(self.gs, 2)

    @property
    def receiver(self) -> str:
        return element(self.gs, 3)

    @property
    def control_number(self) -> str:
        return element(self.gs, 6)

    @property
    def version(self) -> str:
        """GS08: the version the transactions are written in (it may differ from ISA12)."""
        return element(self.gs, 8)

    @property
    def is_005010(self) -> bool:
        return self.version.startswith("005")


@dataclass(frozen=True, init=False)
class Transaction:
    """One transaction set, ST to SE inclusive (SE is absent when the partner's file lacks it).

    ``raw`` is the set's text as read, each segment followed by ``terminator``; ``segments`` splits it into
    elements on first use, so validating a clean set never pays for tokens nobody reads. ``index`` is 1-based
    within its group; ``header`` is the ST, ``trailer`` the SE."""

    group: GroupHeader
    index: int
    header: Segment
    trailer: Segment | None
    raw: str = field(repr=False)
    element_separator: str = field(repr=False)
    terminator: str = field(repr=False)
    segment_count: int

    def __init__(  # noqa: PLR0917 - the same positional signature the dataclass would generate
        self,
        group: GroupHeader,
        index: int,
        header: Segment,
        trailer: Segment | None,
        raw: str,
        element_separator: str,
        terminator: str,
        segment_count: int,
    ) -> None:
        # The reader makes one of these per set: storing straight into the instance dict costs a third of the
        # generated frozen __init__, which goes through object.__setattr__ field by field (and a quarter less
        # than one dict.update with keywords).
        fields = self.__dict__
        fields["group"] = group
        fields["index"] = index
        fields["header"] = header
        fields["trailer"] = trailer
        fields["raw"] = raw
        fields["element_separator"] = element_separator
        fields["terminator"] = terminator
        fields["segment_count"] = segment_count

    @classmethod
    def from_segments(
        cls, group: GroupHeader, index: int, segments: tuple[Segment, ...], delimiters: Delimiters
    ) -> Transaction:
        sep, term = delimiters.element, delimiters.segment
        raw = "".join(sep.join(segment) + term for segment in segments)
        last = segments[-1]
        trailer = last if len(segments) > 1 and last[0] == "SE" else None
        return cls(group, index, segments[0], trailer, raw, sep, term, len(segments))

    @cached_property
    def segments(self) -> tuple[Segment, ...]:
        sep = self.element_separator
        return tuple([tuple(part.split(sep)) for part in self.raw.split(self.terminator)[:-1]])

    @property
    def interchange(self) -> InterchangeHeader:
        return self.group.interchange

    @property
    def set_id(self) -> str:
        return element(self.header, 1)

    @property
    def control_number(self) -> str:
        return element(self.header, 2)

    @property
    def implementation_reference(self) -> str:
        return element(self.header, 3)


@dataclass(frozen=True, slots=True)
class GroupEnd:
    """A group closed: by its GE, or (``trailer`` None) by the next GS, IEA or the end of the file."""

    group: GroupHeader
    trailer: Segment | None
    transaction_count: int
    control_numbers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class InterchangeEnd:
    """An interchange closed: by its IEA or (``trailer`` None) by the next ISA or the end of the file."""

    interchange: InterchangeHeader
    trailer: Segment | None
    group_count: int
    segment_count: int


@dataclass(frozen=True, slots=True)
class TechnicalAck:
    """A TA1 segment: it travels in the interchange outside any functional group."""

    interchange: InterchangeHeader
    segment: Segment


@dataclass(frozen=True, slots=True)
class ReaderIssue:
    """A problem the reader met and stepped past (stray segments, a transaction without SE ...)."""

    issue: Issue


Event = InterchangeHeader | GroupHeader | Transaction | TechnicalAck | GroupEnd | InterchangeEnd | ReaderIssue
