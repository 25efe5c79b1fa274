"""Validation of X12 interchanges, streamed: envelope, structure, elements and business sums.

Issues carry the standard's own codes: TA1 (TA105) at interchange level, 997 AK905 at group level, AK502 at
transaction level, AK304 at segment level and AK403 at element level (the 999 IK codes are the same values).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator

from shared.edi.model import Issue, Location, Severity, ValidationReport
from shared.edi.x12.business_rules import check_business_rules
from shared.edi.x12.element_rules import segment_checker
from shared.edi.x12.envelope import (
    Event,
    GroupEnd,
    GroupHeader,
    InterchangeEnd,
    InterchangeHeader,
    ReaderIssue,
    TechnicalAck,
    Transaction,
    element,
)
from shared.edi.x12.reader import BinaryReadable, read_events
from shared.edi.x12.schemas import FUNCTIONAL_IDS
from shared.edi.x12.syntax import SyntaxChecker

__all__ = ["Validator", "validate_bytes", "validate_stream"]

# ISA element position → TA105 note code for a bad value in it.
_ISA_CODES = {
    1: "010",
    2: "011",
    3: "012",
    4: "013",
    5: "005",
    6: "006",
    7: "007",
    8: "008",
    9: "014",
    10: "015",
    11: "016",
    12: "017",
    13: "018",
    14: "019",
    15: "020",
    16: "027",
}
_PADDED = {2, 4, 6, 8}
# The sets whose business sums read split segments; the 850 line count reads the raw text.
_SPLIT_FOR_SUMS = frozenset({"810", "820", "856"})


def validate_bytes(data: bytes) -> ValidationReport:
    return validate_stream(io.BytesIO(data))


def validate_stream(stream: BinaryReadable) -> ValidationReport:
    validator = Validator()
    for event in read_events(stream):
        validator.take(event)
    return ValidationReport(tuple(validator.issues))


class Validator:
    """Feed it reader events; it collects issues and hands each transaction back with its own issues."""

    def __init__(self, *, shortcuts: bool = True) -> None:
        """``shortcuts=False`` checks every segment and every segment sequence afresh: the same findings,
        several times slower; it is the reference the shortcuts are tested against."""
        self.issues: list[Issue] = []
        self._shortcuts = shortcuts
        self._interchange_numbers: set[tuple[str, str, str, str, str]] = set()
        self._group_numbers: set[str] = set()
        self._set_numbers: set[str] = set()
        self._checkers: dict[tuple[str, str, bool], SyntaxChecker] = {}
        self._group_seen: GroupHeader | None = None
        self._group_facts: tuple[bool, str] = (False, "")
        self._checker: SyntaxChecker | None = None

    def feed(self, event: Event) -> Iterator[tuple[Transaction, list[Issue]]]:
        if isinstance(event, Transaction):
            found = self._transaction(event)
            self.issues.extend(found)
            yield event, found
        else:
            self.take(event)

    def take(self, event: Event) -> None:
        """Like ``feed``, for a caller that wants only ``issues`` at the end."""
        if isinstance(event, Transaction):
            self.issues.extend(self._transaction(event))
        elif isinstance(event, InterchangeHeader):
            self.issues.extend(self._interchange(event))
        elif isinstance(event, GroupHeader):
            self.issues.extend(self._group(event))
        elif isinstance(event, GroupEnd):
            self.issues.extend(self._group_end(event))
        elif isinstance(event, InterchangeEnd):
            self.issues.extend(self._interchange_end(event))
        elif isinstance(event, ReaderIssue):
            self.issues.append(event.issue)
        elif isinstance(event, TechnicalAck):
            self.issues.extend(self._elements_as_issues(event.segment, 1, _where(event.interchange), "TA1"))

    # Interchange ------------------------------------------------------------------------------------------
    def _interchange(self, header: InterchangeHeader) -> Iterator[Issue]:
        where = _where(header)
        isa = header.isa
        if len(isa) != 17:
            yield Issue("interchange", "022", f"the ISA has {len(isa) - 1} elements instead of 16", where)
            return
        checker = segment_checker("ISA", False)
        assert checker is not None
        for finding in checker(isa):
            code = _ISA_CODES.get(finding.position, "024")
            only_padding = finding.position in _PADDED and finding.code in ("4", "5")
            yield Issue(
                "interchange",
                code,
                f"ISA{finding.position:02d}: {finding.message}"
                + ("; the value is readable, only its fixed-width padding is wrong" if only_padding else ""),
                _at(where, 1, "ISA", finding.position),
                Severity.WARNING if only_padding else Severity.ERROR,
            )
        key = (
            header.sender_qualifier,
            header.sender_id,
            header.receiver_qualifier,
            header.receiver_id,
            header.control_number,
        )
        if key in self._interchange_numbers:
            yield Issue("interchange", "025", f"duplicate interchange control number {header.control_number}", where)
        self._interchange_numbers.add(key)
        self._group_numbers = set()

    def _interchange_end(self, end: InterchangeEnd) -> Iterator[Issue]:
        where = _where(end.interchange)
        trailer = end.trailer
        if trailer is None:
            yield Issue("interchange", "023", "the interchange has no IEA trailer (file ends early)", where)
            return
        control = trailer[2] if len(trailer) > 2 else ""
        if control != end.interchange.control_number:
            yield Issue(
                "interchange",
                "001",
                f"IEA02 {control!r} does not match ISA13 {end.interchange.control_number!r}",
                _at(where, end.segment_count, "IEA", 2),
            )
        count = trailer[1] if len(trailer) > 1 else ""
        if count != str(end.group_count) and not (count.isdigit() and int(count) == end.group_count):
            yield Issue(
                "interchange",
                "021",
                f"IEA01 says {count!r} groups but the interchange has {end.group_count}",
                _at(where, end.segment_count, "IEA", 1),
            )

    # Group -------------------------------------------------------------------------------------------------
    def _group(self, group: GroupHeader) -> Iterator[Issue]:
        where = _where(group)
        self._set_numbers = set()
        for issue in self._elements_as_issues(group.gs, 0, where, "GS"):
            if issue.location.element == 4 and group.version < "004" and len(element(group.gs, 4)) == 6:
                continue  # before 004010 GS04 was YYMMDD
            yield Issue("group", "6" if issue.location.element == 6 else "1", issue.message, issue.location)
        if group.control_number in self._group_numbers:
            code = "19" if group.is_005010 else "6"
            yield Issue(
                "group", code, f"group control number {group.control_number} repeats in this interchange", where
            )
        self._group_numbers.add(group.control_number)
        isa_version = group.interchange.version
        if group.version[:5] and isa_version and group.version[:5] != isa_version[:5] and group.version[:3] != "003":
            yield Issue(
                "group",
                "2",
                f"GS08 {group.version!r} differs from ISA12 {isa_version!r}; GS08 governs",
                where,
                Severity.WARNING,
            )

    def _group_end(self, end: GroupEnd) -> Iterator[Issue]:
        where = _where(end.group)
        trailer = end.trailer
        if trailer is None:
            yield Issue("group", "3", "the functional group has no GE trailer", where)
            return
        control = trailer[2] if len(trailer) > 2 else ""
        if control != end.group.control_number:
            yield Issue(
                "group",
                "4",
                f"GE02 {control!r} does not match GS06 {end.group.control_number!r}",
                _at(where, None, "GE", 2),
            )
        count = trailer[1] if len(trailer) > 1 else ""
        if not (count.isdigit() and int(count) == end.transaction_count):
            yield Issue(
                "group",
                "5",
                f"GE01 says {count!r} transaction sets but the group has {end.transaction_count}",
                _at(where, None, "GE", 1),
            )

    # Transaction -------------------------------------------------------------------------------------------
    def _transaction(self, transaction: Transaction) -> list[Issue]:
        header, trailer = transaction.header, transaction.trailer
        set_id = header[1] if len(header) > 1 else ""
        control = header[2] if len(header) > 2 else ""
        group = transaction.group
        if group is not self._group_seen:
            self._group_seen = group
            self._group_facts = (group.is_005010, group.functional_id)
            self._checker = self._syntax_checker(transaction, group.is_005010)
        v5010, functional_id = self._group_facts
        expected_group = FUNCTIONAL_IDS.get(set_id)
        # One test for the usual case (right group, new control number, SE that matches); the detailed
        # checks run only when it fails.
        envelope_valid = (
            trailer is not None
            and len(trailer) > 2
            and trailer[2] == control
            and trailer[1] == str(transaction.segment_count)
            and control not in self._set_numbers
            and (expected_group == functional_id or not expected_group or not functional_id)
        )
        if envelope_valid:
            self._set_numbers.add(control)
            found: list[Issue] = []
        else:
            found = list(self._envelope_issues(transaction, set_id, control, expected_group, functional_id))
        checker = self._checker
        if (
            checker is None
            or checker.element_separator != transaction.element_separator
            or checker.terminator != transaction.terminator
        ):
            checker = self._syntax_checker(transaction, v5010)
        findings = checker.check(
            transaction.raw, set_id, envelope=(header, trailer) if envelope_valid and trailer is not None else None
        )
        if findings:
            where = _where(transaction)
            found.extend(Issue(f.level, f.code, f.message, _at(where, f.position, f.tag, f.element)) for f in findings)
        segments = transaction.segments if set_id in _SPLIT_FOR_SUMS else ()
        business = check_business_rules(transaction, segments, set_id, checker.shape)
        if business:
            where = _where(transaction)
            found.extend(
                Issue("segment", "8", message, _at(where, position, tag)) for position, tag, message in business
            )
        return found

    def _envelope_issues(
        self, transaction: Transaction, set_id: str, control: str, expected_group: str | None, functional_id: str
    ) -> Iterator[Issue]:
        where = _where(transaction)
        if expected_group and functional_id and expected_group != functional_id:
            yield Issue(
                "transaction",
                "1",
                f"transaction set {set_id} does not belong in a {functional_id!r} group (GS01 should be "
                f"{expected_group})",
                where,
            )
        if control in self._set_numbers:
            yield Issue("transaction", "23", f"transaction set control number {control} repeats in this group", where)
        self._set_numbers.add(control)
        trailer = transaction.trailer
        if trailer is None:
            yield Issue("transaction", "2", "the transaction set has no SE trailer", where)
            return
        total = transaction.segment_count
        if (trailer[2] if len(trailer) > 2 else "") != control:
            yield Issue(
                "transaction",
                "3",
                f"SE02 {trailer[2] if len(trailer) > 2 else ''!r} does not match ST02 {control!r}",
                _at(where, total, "SE", 2),
            )
        count = trailer[1] if len(trailer) > 1 else ""
        if not (count.isdigit() and int(count) == total):
            yield Issue(
                "transaction",
                "4",
                f"SE01 says {count!r} segments but ST..SE holds {total}",
                _at(where, total, "SE", 1),
            )

    def _syntax_checker(self, transaction: Transaction, v5010: bool) -> SyntaxChecker:
        key = (transaction.element_separator, transaction.terminator, v5010)
        checker = self._checkers.get(key)
        if checker is None:
            checker = self._checkers[key] = SyntaxChecker(*key, shortcuts=self._shortcuts)
        return checker

    def _elements_as_issues(
        self, segment: tuple[str, ...], position: int | None, where: Location, tag: str
    ) -> Iterable[Issue]:
        checker = segment_checker(tag, False)
        if checker is None:
            return []
        return [Issue("element", f.code, f.message, _at(where, position, tag, f.position)) for f in checker(segment)]


def _where(item: InterchangeHeader | GroupHeader | Transaction) -> Location:
    if isinstance(item, InterchangeHeader):
        return Location(interchange=item.index, interchange_control=item.control_number)
    if isinstance(item, GroupHeader):
        return Location(
            interchange=item.interchange.index,
            group=item.index,
            interchange_control=item.interchange.control_number,
            group_control=item.control_number,
        )
    return Location(
        interchange=item.interchange.index,
        group=item.group.index,
        transaction=item.index,
        interchange_control=item.interchange.control_number,
        group_control=item.group.control_number,
        transaction_control=item.control_number,
    )


def _at(where: Location, segment: int | None, tag: str, element_position: int | None = None) -> Location:
    return Location(
        where.interchange,
        where.group,
        where.transaction,
        segment,
        tag,
        element_position,
        None,
        where.interchange_control,
        where.group_control,
        where.transaction_control,
    )
