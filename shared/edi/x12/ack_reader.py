"""Reading acknowledgments a partner sent us: 997, 999 and TA1 into typed results."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from shared.edi.x12.envelope import Segment, element

__all__ = ["AckStatus", "GroupAck", "InterchangeAck", "SetAck", "parse_group_ack", "parse_ta1"]


class AckStatus(StrEnum):
    ACCEPTED = "accepted"
    ACCEPTED_WITH_ERRORS = "accepted_with_errors"
    PARTIALLY_ACCEPTED = "partially_accepted"
    REJECTED = "rejected"


_STATUS = {"A": AckStatus.ACCEPTED, "E": AckStatus.ACCEPTED_WITH_ERRORS, "P": AckStatus.PARTIALLY_ACCEPTED}


@dataclass(frozen=True, slots=True)
class SetAck:
    set_id: str
    control_number: str
    status: AckStatus
    codes: tuple[str, ...]
    segment_errors: tuple[tuple[str, str, str], ...]  # (segment id, position, code)


@dataclass(frozen=True, slots=True)
class GroupAck:
    """A received 997/999: which of our groups it answers and how each set fared."""

    functional_id: str
    group_control_number: str
    status: AckStatus
    included: int
    received: int
    accepted: int
    codes: tuple[str, ...]
    sets: tuple[SetAck, ...]
    segments: tuple[Segment, ...] = ()


@dataclass(frozen=True, slots=True)
class InterchangeAck:
    control_number: str
    status: AckStatus
    note_code: str


def parse_group_ack(segments: tuple[Segment, ...]) -> GroupAck:
    """``segments`` is one 997 or 999 transaction set, ST..SE."""
    functional_id = group_control = ""
    sets: list[SetAck] = []
    current: tuple[str, str] | None = None
    errors: list[tuple[str, str, str]] = []
    status = AckStatus.REJECTED
    counts = (0, 0, 0)
    codes: tuple[str, ...] = ()
    for segment in segments:
        tag = segment[0]
        if tag == "AK1":
            functional_id, group_control = element(segment, 1), element(segment, 2)
        elif tag == "AK2":
            current, errors = (element(segment, 1), element(segment, 2)), []
        elif tag in ("AK3", "IK3"):
            errors.append((element(segment, 1), element(segment, 2), element(segment, 4)))
        elif tag in ("AK5", "IK5") and current is not None:
            sets.append(
                SetAck(
                    current[0],
                    current[1],
                    _STATUS.get(element(segment, 1), AckStatus.REJECTED),
                    tuple(v for v in segment[2:] if v),
                    tuple(errors),
                )
            )
            current = None
        elif tag == "AK9":
            status = _STATUS.get(element(segment, 1), AckStatus.REJECTED)
            counts = tuple(
                int(v) if v.isdigit() else 0 for v in (element(segment, 2), element(segment, 3), element(segment, 4))
            )  # type: ignore[assignment]
            codes = tuple(v for v in segment[5:] if v)
    return GroupAck(functional_id, group_control, status, counts[0], counts[1], counts[2], codes, tuple(sets), segments)


def parse_ta1(segment: Segment) -> InterchangeAck:
    return InterchangeAck(
        element(segment, 1), _STATUS.get(element(segment, 4), AckStatus.REJECTED), element(segment, 5)
    )
