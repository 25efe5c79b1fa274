"""Validation of read interchanges into Issues carrying CONTRL 0085 codes and exact locations.

The per-message loop is the engine's hot path: element rules are compiled per segment tag and directory
(``element_rules``), the structure walker works on precomputed tables, the character-set check is skipped for
messages the reader's screen cleared, and Locations are built only for findings."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from shared.edi.edifact.element_rules import Report, rule_for, rules_of
from shared.edi.edifact.envelope import GroupHeader, Interchange, Message
from shared.edi.edifact.place import MessagePlace
from shared.edi.edifact.reader import ReadResult
from shared.edi.edifact.segments import Segment
from shared.edi.edifact.structure import StructureFinding, StructureWalker, schema_for
from shared.edi.edifact.sums import business_issues
from shared.edi.edifact.syntax import SyntaxLevel, level_violation, outside_level
from shared.edi.model import Issue, Location, Severity, ValidationReport

__all__ = ["check_elements", "validate_interchange", "validate_message", "validate_read"]


def check_elements(segment: Segment, directory: str, report: Report) -> None:
    """Element presence, type, length and closed code lists for one segment."""
    rule = rule_for(segment.tag, directory)
    if rule is not None:
        rule.check(segment, report)


def _date_issue(segment: Segment) -> str | None:
    value, fmt = segment.get(1, 2), segment.get(1, 3)
    if fmt not in ("102", "203") or not value[:8].isdigit() or len(value) < 8:
        return None
    try:
        date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        return f"DTM {segment.get(1)} value {value!r} is not a calendar date in format {fmt}"
    return None


class _MessageFindings:
    """Collects one message's findings; the current segment position and tag say where element findings sit."""

    __slots__ = ("issues", "place", "position", "tag")

    def __init__(self, place: MessagePlace, issues: list[Issue]) -> None:
        self.place = place
        self.issues = issues
        self.position = 1
        self.tag = "UNH"

    def element(self, code: str, text: str, e: int | None, c: int | None) -> None:
        self.issues.append(Issue("element", code, text, self.place.at(self.position, self.tag, e, c)))

    def structure(self, f: StructureFinding) -> None:
        self.issues.append(Issue("segment", f.code, f.message, self.place.at(f.position, f.tag)))


def validate_message(message: Message, sink_issues: list[Issue] | None = None) -> list[Issue]:
    """Structure, elements, character set, trailer count/reference and business sums of one message."""
    issues: list[Issue] = [] if sink_issues is None else sink_issues
    place = MessagePlace.of(message)
    findings = _MessageFindings(place, issues)
    directory = message.directory
    schema = schema_for(message.type, directory)
    level = message.interchange.level
    # The reader's screen already cleared every character of a screened message.
    charset = level if level is not None and not message.screened else None
    check_elements(message.header, directory, findings.element)
    if schema is None:
        issues.append(
            Issue(
                "transaction",
                "3",
                f"no structure for {message.type} {directory} in this engine: "
                "only the envelope and the character set were checked",
                place.at(1, "UNH"),
                Severity.WARNING,
            )
        )
    walker = StructureWalker(schema, findings.structure) if schema is not None else None
    report = findings.element
    rules = rules_of(directory)
    position = 1
    for segment in message.body:
        position += 1
        tag = segment.tag
        if walker is not None:
            walker.feed(tag, position)
            rule = rules[tag]
            if rule is not None and not rule.accepts(segment.elements):
                findings.position, findings.tag = position, tag
                rule.explain(segment, report)
            if tag == "DTM":
                problem = _date_issue(segment)
                if problem:
                    issues.append(Issue("element", "12", problem, place.at(position, "DTM", 1, 2)))
        if charset is not None:
            _check_level(segment, charset, issues, place.at, position)
    position += 1
    trailer = message.trailer
    if trailer is not None:
        findings.position, findings.tag = position, "UNT"
        if walker is not None:
            walker.finish(position)
        check_elements(trailer, directory, report)
        count = trailer.get(1)
        if count != str(position) and (not count.isdigit() or int(count) != position):
            issues.append(
                Issue(
                    "transaction",
                    "29",
                    f"UNT says {count or 'nothing'} segments; the message has {position} (UNH..UNT)",
                    place.at(position, "UNT", 1),
                )
            )
        if trailer.get(2) != message.reference:
            issues.append(
                Issue(
                    "transaction",
                    "28",
                    f"UNT reference {trailer.get(2)!r} does not match UNH {message.reference!r}",
                    place.at(position, "UNT", 2),
                )
            )
    if schema is not None:
        issues.extend(business_issues(message, place))
    return issues


def _check_level(
    segment: Segment,
    level: SyntaxLevel,
    issues: list[Issue],
    at: Callable[[int | None, str | None, int | None, int | None], Location],
    position: int,
) -> None:
    for e, comps in enumerate(segment.elements, start=1):
        for c, value in enumerate(comps, start=1):
            if value and outside_level(level, value):
                bad = level_violation(level, value)
                # Partners send lower case under UNOA and accented names under UNOB every day; reading stays
                # lenient (a warning), writing refuses (see writer.SegmentWriter).
                issues.append(
                    Issue(
                        "element",
                        "21",
                        f"{segment.tag} element {e} holds {bad!r}, outside syntax level {level.value}",
                        at(position, segment.tag, e, c),
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
