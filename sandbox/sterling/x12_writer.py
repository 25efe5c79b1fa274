"""A small X12 writer for the partner simulator: envelopes with correct counts and control numbers.

Deliberately independent of the product's EDI engine (shared/edi), so each one checks the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

__all__ = ["ELEMENT", "SEGMENT_END", "X12Party", "x12_interchange", "x12_ta1_interchange"]

ELEMENT = "*"
COMPONENT = ">"
REPETITION = "^"
# A newline after the terminator is what most VANs deliver; the ISA stays 106 characters before it.
SEGMENT_END = "~\n"

Segment = Sequence[str]


@dataclass(frozen=True)
class X12Party:
    qualifier: str  # ISA05 / ISA07
    interchange_id: str  # ISA06 / ISA08 (padded to 15 when written)
    group_id: str  # GS02 / GS03


def _segment(elements: Segment) -> str:
    return ELEMENT.join(elements).rstrip(ELEMENT) + SEGMENT_END


def x12_interchange(
    *,
    sender: X12Party,
    receiver: X12Party,
    version: str,
    functional_id: str,
    interchange_control: int,
    group_control: int,
    moment: datetime,
    transactions: Sequence[tuple[str, Sequence[Segment]]],
    test: bool = False,
) -> bytes:
    """One interchange with one functional group; ``transactions`` are (ST01, body segments without ST/SE)."""
    isa = _isa(sender, receiver, version, interchange_control, moment, test=test)
    out = [isa]
    gs = [
        "GS",
        functional_id,
        sender.group_id,
        receiver.group_id,
        moment.strftime("%Y%m%d"),
        moment.strftime("%H%M"),
        str(group_control),
        "X",
        version,
    ]
    out.append(_segment(gs))
    for number, (set_id, body) in enumerate(transactions, start=1):
        control = f"{number:04d}"
        out.append(_segment(["ST", set_id, control]))
        out.extend(_segment(segment) for segment in body)
        out.append(_segment(["SE", str(len(body) + 2), control]))
    out.append(_segment(["GE", str(len(transactions)), str(group_control)]))
    out.append(_segment(["IEA", "1", f"{interchange_control:09d}"]))
    return "".join(out).encode("ascii")


def _isa(sender: X12Party, receiver: X12Party, version: str, control: int, moment: datetime, *, test: bool) -> str:
    five_ten = version.startswith("005")
    isa = [
        "ISA",
        "00",
        " " * 10,
        "00",
        " " * 10,
        sender.qualifier,
        sender.interchange_id.ljust(15),
        receiver.qualifier,
        receiver.interchange_id.ljust(15),
        moment.strftime("%y%m%d"),
        moment.strftime("%H%M"),
        REPETITION if five_ten else "U",
        "00501" if five_ten else "00401",
        f"{control:09d}",
        "0",
        "T" if test else "P",
        COMPONENT,
    ]
    return ELEMENT.join(isa) + SEGMENT_END


def x12_ta1_interchange(
    *, sender: X12Party, receiver: X12Party, version: str, interchange_control: int, moment: datetime, ta1: Segment
) -> bytes:
    """An interchange holding only a TA1 (interchange acknowledgment): no functional groups, IEA01 = 0."""
    isa = _isa(sender, receiver, version, interchange_control, moment, test=False)
    return (isa + _segment(ta1) + _segment(["IEA", "0", f"{interchange_control:09d}"])).encode("ascii")
