"""Acknowledgments: a 997 (or 999) per received functional group, a TA1 when the interchange is bad or asks."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from shared.edi.model import ControlNumberAllocator, Issue, Severity
from shared.edi.x12.delimiters import Delimiters
from shared.edi.x12.envelope import (
    GroupEnd,
    GroupHeader,
    InterchangeEnd,
    InterchangeHeader,
    Segment,
    Transaction,
)
from shared.edi.x12.reader import BinaryReadable, read_events
from shared.edi.x12.validate import Validator
from shared.edi.x12.writer import GroupSpec, InMemoryControlNumbers, Party, TransactionSpec, build_interchange

__all__ = ["acknowledge_bytes", "acknowledge_stream", "group_ack_segments"]


@dataclass
class _Group:
    header: GroupHeader
    transactions: list[tuple[Transaction, list[Issue]]] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    declared: int | None = None


def acknowledge_bytes(data: bytes, **options: object) -> bytes:
    return acknowledge_stream(io.BytesIO(data), **options)  # type: ignore[arg-type]


def acknowledge_stream(
    stream: BinaryReadable,
    *,
    allocator: ControlNumberAllocator | None = None,
    use_999: bool = False,
    when: datetime | None = None,
) -> bytes:
    """The acknowledgment interchange(s) for every interchange in ``stream``, concatenated."""
    allocator = allocator or InMemoryControlNumbers()
    moment = when or datetime.now(UTC)
    validator = Validator()
    out: list[bytes] = []
    groups: list[_Group] = []
    seen = 0
    for event in read_events(stream):
        before = len(validator.issues)
        for transaction, issues in validator.feed(event):
            groups[-1].transactions.append((transaction, issues))
        new = validator.issues[before:]
        if isinstance(event, InterchangeHeader):
            groups = []
            seen = before
        elif isinstance(event, GroupHeader):
            groups.append(_Group(event, issues=list(new)))
        elif isinstance(event, GroupEnd) and groups:
            groups[-1].issues.extend(new)
            trailer = event.trailer
            groups[-1].declared = int(trailer[1]) if trailer and len(trailer) > 1 and trailer[1].isdigit() else None
        elif isinstance(event, InterchangeEnd):
            interchange_issues = [
                i
                for i in validator.issues[seen:]
                if i.level in ("interchange", "file") and i.severity is Severity.ERROR
            ]
            out.append(_interchange_ack(event.interchange, groups, interchange_issues, allocator, use_999, moment))
    return b"".join(out)


def _interchange_ack(  # noqa: PLR0917 - private helper, called once
    header: InterchangeHeader,
    groups: list[_Group],
    issues: list[Issue],
    allocator: ControlNumberAllocator,
    use_999: bool,
    moment: datetime,
) -> bytes:
    extra: list[Segment] = []
    if issues or header.ack_requested:
        code = issues[0].code if issues else "000"
        status = (
            "R"
            if any(i.code in ("001", "021", "022", "023", "024", "025", "026", "027") for i in issues)
            else ("E" if issues else "A")
        )
        extra.append(("TA1", header.control_number, header.date, header.time, status, code))
    specs: list[GroupSpec] = []
    for group in groups:
        if group.header.functional_id == "FA":
            continue  # never acknowledge an acknowledgment
        set_id = "999" if use_999 and group.header.is_005010 else "997"
        body = group_ack_segments(group.header, group.transactions, group.issues, group.declared, set_id)
        specs.append(
            GroupSpec(
                "FA",
                group.header.version or "004010",
                (TransactionSpec(set_id, body, "005010X231A1" if set_id == "999" else ""),),
            )
        )
    if not specs and not extra:
        return b""
    delims = header.delimiters
    out_delims = Delimiters(delims.element, delims.component, delims.segment, delims.repetition, delims.line_ending)
    return build_interchange(
        Party(header.receiver_qualifier, header.receiver_id),
        Party(header.sender_qualifier, header.sender_id),
        specs,
        allocator,
        delimiters=out_delims,
        version=header.version if header.version in ("00401", "00501") else "00401",
        usage=header.usage if header.usage in ("P", "T") else "P",
        when=moment,
        extra_segments=extra,
    )


def group_ack_segments(
    group: GroupHeader,
    transactions: list[tuple[Transaction, list[Issue]]],
    group_issues: list[Issue],
    declared: int | None,
    set_id: str = "997",
) -> tuple[Segment, ...]:
    """AK1 .. AK9 for one received group (IK3/IK4/IK5 when ``set_id`` is 999)."""
    v5010 = group.is_005010
    segment_tag, element_tag, trailer_tag = ("IK3", "IK4", "IK5") if set_id == "999" else ("AK3", "AK4", "AK5")
    body: list[Segment] = [
        ("AK1", group.functional_id, group.control_number, group.version)
        if v5010
        else ("AK1", group.functional_id, group.control_number)
    ]
    accepted = 0
    for transaction, issues in transactions:
        body.append(
            ("AK2", transaction.set_id, transaction.control_number, transaction.implementation_reference)
            if v5010 and transaction.implementation_reference
            else ("AK2", transaction.set_id, transaction.control_number)
        )
        errors = [i for i in issues if i.severity is Severity.ERROR]
        body.extend(_segment_notes(errors, segment_tag, element_tag))
        set_codes = [i.code for i in errors if i.level == "transaction"]
        if any(i.level in ("segment", "element") for i in errors):
            set_codes.append("5")
        if errors:
            body.append((trailer_tag, "R", *dict.fromkeys(set_codes).keys()))
        else:
            accepted += 1
            body.append((trailer_tag, "A"))
    group_codes = [i.code for i in group_issues if i.level == "group" and i.severity is Severity.ERROR]
    received = len(transactions)
    if group_codes or (accepted == 0 and received):
        status = "R"
        accepted = 0 if group_codes else accepted
    elif accepted < received:
        status = "P"
    else:
        status = "A"
    body.append(
        (
            "AK9",
            status,
            str(declared if declared is not None else received),
            str(received),
            str(accepted),
            *list(dict.fromkeys(group_codes))[:5],
        )
    )
    return tuple(body)


def _segment_notes(errors: list[Issue], segment_tag: str, element_tag: str) -> Iterator[Segment]:
    by_segment: dict[tuple[int, str], list[Issue]] = {}
    for issue in errors:
        where = issue.location
        if issue.level in ("segment", "element") and where.segment is not None:
            by_segment.setdefault((where.segment, where.segment_tag or ""), []).append(issue)
    for (position, tag), found in sorted(by_segment.items()):
        codes = [i.code for i in found if i.level == "segment"]
        yield (segment_tag, tag, str(position), "", codes[0] if codes else "8")
        for issue in found:
            if issue.level == "element" and issue.location.element is not None:
                yield (element_tag, str(issue.location.element), "", issue.code)
