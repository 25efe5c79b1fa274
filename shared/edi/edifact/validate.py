"""Validation of read interchanges into Issues carrying CONTRL 0085 codes and exact locations."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache

from shared.edi.edifact.dictionary import CODES, format_for, layout_for
from shared.edi.edifact.envelope import GroupHeader, Interchange, Message
from shared.edi.edifact.reader import ReadResult
from shared.edi.edifact.segments import Segment
from shared.edi.edifact.structure import StructureFinding, StructureWalker, schema_for
from shared.edi.edifact.sums import business_issues
from shared.edi.edifact.syntax import SyntaxLevel, level_violation
from shared.edi.model import Issue, IssueLevel, Location, Severity, ValidationReport

__all__ = ["validate_interchange", "validate_message", "validate_read"]

_NUMERIC = re.compile(r"-?\d*(?:[.,]\d+)?\Z")
_FORMAT = re.compile(r"(an|a|n)(\d*)(?:\.\.(\d+))?\Z")


@dataclass(frozen=True, slots=True)
class _Comp:
    id: str
    mandatory: bool
    kind: str
    min: int
    max: int
    codes: frozenset[str] | None


@dataclass(frozen=True, slots=True)
class _Elem:
    id: str
    mandatory: bool
    comps: tuple[_Comp, ...]


def _comp(spec: str, directory: str) -> _Comp:
    eid, status = spec.split()
    m = _FORMAT.match(format_for(eid, directory))
    assert m is not None, eid
    kind, lo, hi = m.group(1), m.group(2), m.group(3)
    # "an..35": up to 35; "a4": exactly 4; "n6..8": 6 to 8.
    low = int(lo) if lo and hi else (int(lo) if lo else 1)
    high = int(hi) if hi else int(lo)
    return _Comp(eid, status == "M", kind, low if lo else 1, high, CODES.get(eid))


@cache
def _compiled(tag: str, directory: str) -> tuple[_Elem, ...] | None:
    layout = layout_for(tag, directory)
    if layout is None:
        return None
    elems: list[_Elem] = []
    for raw in layout.split("|"):
        part = raw.strip()
        if "[" in part:
            head, inner = part.split("[", 1)
            cid, status = head.split()
            comps = tuple(_comp(c.strip(), directory) for c in inner.rstrip("]").split(","))
            elems.append(_Elem(cid, status == "M", comps))
        else:
            c = _comp(part, directory)
            elems.append(_Elem(c.id, c.mandatory, (c,)))
    return tuple(elems)


Report = Callable[[str, str, int | None, int | None], None]


def check_elements(segment: Segment, directory: str, report: Report) -> None:
    """Element presence, type, length and closed code lists for one segment."""
    specs = _compiled(segment.tag, directory)
    if specs is None:
        return
    elements = segment.elements
    if len(elements) > len(specs):
        report(
            "16",
            f"{segment.tag} has {len(elements)} data elements; at most {len(specs)} are defined",
            len(specs) + 1,
            None,
        )
    for e, spec in enumerate(specs, start=1):
        comps = elements[e - 1] if e <= len(elements) else ()
        if not any(comps):
            if spec.mandatory:
                report("13", f"mandatory {segment.tag} element {spec.id} is missing", e, None)
            continue
        if len(comps) > len(spec.comps):
            report(
                "16",
                f"{segment.tag} element {spec.id} has {len(comps)} components; at most {len(spec.comps)} are defined",
                e,
                len(spec.comps) + 1,
            )
        for c, cspec in enumerate(spec.comps, start=1):
            value = comps[c - 1] if c <= len(comps) else ""
            if not value:
                if cspec.mandatory:
                    report("13", f"mandatory {segment.tag} component {cspec.id} is missing", e, c)
                continue
            _check_value(segment.tag, value, cspec, (e, c), report)


def _check_value(tag: str, value: str, spec: _Comp, where: tuple[int, int], report: Report) -> None:
    e, c = where
    comp = c if c > 1 or spec.id != "" else None
    if spec.kind == "n":
        if not _NUMERIC.match(value) or value in ("-", ""):
            code = "38" if value[:1] in ".," or value[:2] in ("-.", "-,") else "37"
            report(code, f"{tag} {spec.id} must be numeric, got {value!r}", e, comp)
            return
        length = sum(ch.isdigit() for ch in value)
    else:
        if spec.kind == "a" and any(ch.isdigit() for ch in value):
            report("37", f"{tag} {spec.id} must be alphabetic, got {value!r}", e, comp)
            return
        length = len(value)
    if length > spec.max:
        report("39", f"{tag} {spec.id} is {length} characters long; at most {spec.max} allowed", e, comp)
    elif length < spec.min:
        report("40", f"{tag} {spec.id} is {length} characters long; at least {spec.min} required", e, comp)
    elif spec.codes is not None and value not in spec.codes:
        report("12", f"{tag} {spec.id} value {value!r} is not a valid code", e, comp)


def _date_issue(segment: Segment) -> str | None:
    value, fmt = segment.get(1, 2), segment.get(1, 3)
    if fmt not in ("102", "203") or not value[:8].isdigit() or len(value) < 8:
        return None
    try:
        date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        return f"DTM {segment.get(1)} value {value!r} is not a calendar date in format {fmt}"
    return None


class _Sink:
    def __init__(self) -> None:
        self.issues: list[Issue] = []

    def add(
        self, level: IssueLevel, code: str, message: str, location: Location, severity: Severity = Severity.ERROR
    ) -> None:
        self.issues.append(Issue(level, code, message, location, severity))


def validate_message(message: Message, sink_issues: list[Issue] | None = None) -> list[Issue]:
    """Structure, elements, character set, trailer count/reference and business sums of one message."""
    issues: list[Issue] = [] if sink_issues is None else sink_issues
    ic = message.interchange
    base = Location(
        interchange=ic.index,
        interchange_control=ic.reference,
        group=message.group.index if message.group else None,
        group_control=message.group.reference if message.group else None,
        transaction=message.index,
        transaction_control=message.reference,
    )
    directory = message.directory
    schema = schema_for(message.type, directory)
    known = schema is not None
    level = ic.level
    position = 1

    def at(tag: str, element: int | None = None, component: int | None = None) -> Location:
        return Location(
            base.interchange,
            base.group,
            base.transaction,
            position,
            tag,
            element,
            component,
            base.interchange_control,
            base.group_control,
            base.transaction_control,
        )

    def element_report(code: str, text: str, e: int | None, c: int | None) -> None:
        issues.append(Issue("element", code, text, at(current_tag, e, c)))

    def structure_report(f: StructureFinding) -> None:
        issues.append(
            Issue(
                "segment",
                f.code,
                f.message,
                Location(
                    base.interchange,
                    base.group,
                    base.transaction,
                    f.position,
                    f.tag,
                    None,
                    None,
                    base.interchange_control,
                    base.group_control,
                    base.transaction_control,
                ),
            )
        )

    current_tag = "UNH"
    check_elements(message.header, directory, element_report)
    if not known:
        issues.append(
            Issue(
                "transaction",
                "3",
                f"no structure for {message.type} {directory} in this engine: "
                "only the envelope and the character set were checked",
                at("UNH"),
                Severity.WARNING,
            )
        )
    walker = StructureWalker(schema, structure_report) if schema is not None else None
    for segment in message.body:
        position += 1
        current_tag = segment.tag
        if walker is not None:
            walker.feed(segment.tag, position)
            check_elements(segment, directory, element_report)
            if segment.tag == "DTM":
                problem = _date_issue(segment)
                if problem:
                    issues.append(Issue("element", "12", problem, at("DTM", 1, 2)))
        if level is not None:
            _check_level(segment, level, issues, at)
    position += 1
    trailer = message.trailer
    if trailer is not None:
        current_tag = "UNT"
        if walker is not None:
            walker.finish(position)
        check_elements(trailer, directory, element_report)
        count = trailer.get(1)
        if count != str(position) and (not count.isdigit() or int(count) != position):
            issues.append(
                Issue(
                    "transaction",
                    "29",
                    f"UNT says {count or 'nothing'} segments; the message has {position} (UNH..UNT)",
                    at("UNT", 1),
                )
            )
        if trailer.get(2) != message.reference:
            issues.append(
                Issue(
                    "transaction",
                    "28",
                    f"UNT reference {trailer.get(2)!r} does not match UNH {message.reference!r}",
                    at("UNT", 2),
                )
            )
    if known:
        issues.extend(business_issues(message, base))
    return issues


def _check_level(
    segment: Segment, level: SyntaxLevel, issues: list[Issue], at: Callable[[str, int | None, int | None], Location]
) -> None:
    for e, comps in enumerate(segment.elements, start=1):
        for c, value in enumerate(comps, start=1):
            if value and level_violation(level, value) is not None:
                bad = level_violation(level, value)
                # Partners send lower case under UNOA and accented names under UNOB every day; reading stays
                # lenient (a warning), writing refuses (see writer.SegmentWriter).
                issues.append(
                    Issue(
                        "element",
                        "21",
                        f"{segment.tag} element {e} holds {bad!r}, outside syntax level {level.value}",
                        at(segment.tag, e, c),
                        Severity.WARNING,
                    )
                )
                return


def _group_reporter(issues: list[Issue], index: int, control: str, group: GroupHeader) -> Report:
    def report(code: str, text: str, e: int | None, c: int | None) -> None:
        where = Location(index, group.index, None, None, "UNG", e, c, control, group.reference)
        issues.append(Issue("group", code, text, where))

    return report


def validate_interchange(interchange: Interchange, seen: set[tuple[str, ...]] | None = None) -> list[Issue]:
    """Envelope checks (UNB/UNZ, UNG/UNE, duplicates) plus every message."""
    h = interchange.header
    issues: list[Issue] = list(interchange.issues)
    loc = Location(interchange=h.index, interchange_control=h.reference, segment=1, segment_tag="UNB")
    level = h.level

    def uloc(tag: str, element: int | None = None, component: int | None = None) -> Location:
        return Location(
            interchange=h.index, interchange_control=h.reference, segment_tag=tag, element=element, component=component
        )

    def report(code: str, text: str, e: int | None, c: int | None) -> None:
        issues.append(Issue("interchange", code, text, uloc("UNB", e, c)))

    check_elements(h.unb, "D96A", report)
    if level is None and h.unb.get(1, 1):
        issues.append(
            Issue("interchange", "2", f"syntax identifier {h.unb.get(1, 1)!r} is not supported", uloc("UNB", 1, 1))
        )
    elif level is SyntaxLevel.UNOC and h.syntax_version == "1":
        issues.append(
            Issue(
                "interchange",
                "2",
                "UNOC is not defined for syntax version 1; read as ISO 8859-1",
                uloc("UNB", 1, 2),
                Severity.WARNING,
            )
        )
    if seen is not None:
        key = (*h.sender[:2], *h.recipient[:2], h.reference)
        if key in seen:
            issues.append(
                Issue(
                    "interchange",
                    "26",
                    f"interchange reference {h.reference} from this sender to this recipient was already received",
                    uloc("UNB", 5),
                )
            )
        seen.add(key)
    groups = interchange.groups
    refs: set[str] = set()
    for message in interchange.messages:
        if message.reference in refs:
            issues.append(
                Issue(
                    "transaction",
                    "26",
                    f"message reference {message.reference} is used twice in this interchange",
                    Location(h.index, None, message.index, 1, "UNH", 1, interchange_control=h.reference),
                )
            )
        refs.add(message.reference)
        validate_message(message, issues)
    for group in groups:
        ung = group.header.ung
        gloc = Location(
            interchange=h.index,
            group=group.header.index,
            interchange_control=h.reference,
            group_control=group.header.reference,
            segment_tag="UNE",
        )
        check_elements(ung, "D96A", _group_reporter(issues, h.index, h.reference, group.header))
        if group.trailer is None:
            continue
        if group.trailer.get(1) != str(group.message_count):
            issues.append(
                Issue(
                    "group",
                    "29",
                    f"UNE counts {group.trailer.get(1)!r} messages; the group has {group.message_count}",
                    gloc,
                )
            )
        if group.trailer.get(2) != group.header.reference:
            issues.append(
                Issue(
                    "group",
                    "28",
                    f"UNE reference {group.trailer.get(2)!r} does not match UNG {group.header.reference!r}",
                    gloc,
                )
            )
    trailer = interchange.trailer
    if trailer is not None:
        expected = len(groups) if groups else len(interchange.messages)
        what = "groups" if groups else "messages"
        count = trailer.get(1)
        if not count.isdigit() or int(count) != expected:
            issues.append(
                Issue(
                    "interchange",
                    "29",
                    f"UNZ counts {count or 'nothing'}; the interchange has {expected} {what}",
                    uloc("UNZ", 1),
                )
            )
        if trailer.get(2) != h.reference:
            issues.append(
                Issue(
                    "interchange",
                    "28",
                    f"UNZ reference {trailer.get(2)!r} does not match UNB {h.reference!r}",
                    uloc("UNZ", 2),
                )
            )
    del loc
    return issues


def validate_read(result: ReadResult) -> ValidationReport:
    issues: list[Issue] = list(result.issues)
    seen: set[tuple[str, ...]] = set()
    for interchange in result.interchanges:
        issues.extend(validate_interchange(interchange, seen))
    return ValidationReport(tuple(issues))
