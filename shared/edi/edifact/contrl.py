"""CONTRL: build the syntax acknowledgment for a received interchange, and read the ones partners send."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from shared.edi.edifact.envelope import Group, Interchange, Message
from shared.edi.edifact.segments import Segment
from shared.edi.edifact.syntax import SyntaxLevel
from shared.edi.edifact.writer import EnvelopeOptions, OutboundMessage, Party, write_interchange
from shared.edi.model import ControlNumberAllocator, Issue, Severity

__all__ = [
    "Action",
    "ContrlGroup",
    "ContrlMessage",
    "ContrlResult",
    "ElementError",
    "SegmentError",
    "build_contrl",
    "parse_contrl",
]


class Action:
    """UCI/UCM 0083 values the connector sends."""

    REJECTED = "4"
    ACKNOWLEDGED = "7"
    RECEIVED = "8"


def _errors(issues: list[Issue]) -> list[Issue]:
    return [i for i in issues if i.severity is Severity.ERROR]


def build_contrl(
    interchange: Interchange,
    issues: list[Issue],
    allocator: ControlNumberAllocator,
    scope: str,
    *,
    prepared: datetime,
    receipt_only: bool = False,
) -> bytes | None:
    """CONTRL for one interchange, addressed back to its sender; None when it carries only CONTRL messages
    (a CONTRL is never acknowledged)."""
    h = interchange.header
    if interchange.messages and all(m.type == "CONTRL" for m in interchange.messages):
        return None
    errors = _errors(issues)
    # Interchange-level findings go in UCI, group-level ones (UNG/UNE) in UCF, the rest in each UCM.
    envelope_errors = [i for i in errors if i.location.transaction is None and i.location.group is None]
    group_errors: dict[int, list[Issue]] = {}
    by_message: dict[int, list[Issue]] = {}
    for issue in errors:
        if issue.location.transaction is not None:
            by_message.setdefault(issue.location.transaction, []).append(issue)
        elif issue.location.group is not None:
            group_errors.setdefault(issue.location.group, []).append(issue)
    groups = interchange.groups
    rejected_groups = {
        g.header.index for g in groups if g.header.index in group_errors or _all_rejected(interchange, g, by_message)
    }
    if receipt_only:
        action = Action.RECEIVED
    elif (
        envelope_errors
        or (groups and len(rejected_groups) == len(groups))
        or (interchange.messages and len(by_message) == len(interchange.messages))
    ):
        action = Action.REJECTED
    else:
        action = Action.ACKNOWLEDGED
    first = envelope_errors[0] if envelope_errors else None
    uci = Segment.of(
        "UCI",
        h.reference,
        h.sender,
        h.recipient,
        action,
        first.code if first and action == Action.REJECTED else None,
        (first.location.segment_tag or None) if first and action == Action.REJECTED else None,
        (str(first.location.element or ""), str(first.location.component or ""))
        if first and first.location.element and action == Action.REJECTED
        else None,
    )
    body: list[Segment] = [uci]
    if not receipt_only:
        # Messages outside any group (lenient reading allows them) answer in SG1, before the group responses.
        for message in interchange.messages:
            if message.group is None:
                body.extend(_message_response(message, by_message.get(message.index, [])))
        for group in groups:
            found = group_errors.get(group.header.index, [])
            body.append(_group_response(group, group.header.index in rejected_groups, found))
            for message in interchange.messages:
                if message.group is not None and message.group.index == group.header.index:
                    body.extend(_message_response(message, by_message.get(message.index, [])))
    version = h.syntax_version or "3"
    mtype = ("4", "1") if version == "4" else ("D", "3")
    sender = h.recipient
    recipient = h.sender
    options = EnvelopeOptions(
        sender=Party(*_party(sender)),
        recipient=Party(*_party(recipient)),
        prepared=prepared,
        level=h.level or SyntaxLevel.UNOA,
        syntax_version=version if version in ("1", "2", "3", "4") else "3",
        una=h.una_present,
        service=h.service,
        newline=h.newline,
    )
    outbound = OutboundMessage("CONTRL", tuple(body), release=mtype[1], version=mtype[0])
    return write_interchange([outbound], options, allocator, scope)


def _all_rejected(interchange: Interchange, group: Group, by_message: dict[int, list[Issue]]) -> bool:
    members = [m for m in interchange.messages if m.group is not None and m.group.index == group.header.index]
    return bool(members) and all(m.index in by_message for m in members)


def _group_response(group: Group, rejected: bool, errors: list[Issue]) -> Segment:
    """UCF: the group's reference and application sender/recipient as received, the action, and the first
    group-level finding (a UNE count or reference, a UNG element) when there is one."""
    ung = group.header.ung
    first = errors[0] if errors else None
    return Segment.of(
        "UCF",
        group.header.reference,
        ung.element(2),
        ung.element(3),
        Action.REJECTED if rejected else Action.ACKNOWLEDGED,
        first.code if first else None,
        (first.location.segment_tag or None) if first else None,
        (str(first.location.element or ""), str(first.location.component or ""))
        if first and first.location.element
        else None,
    )


def _party(element: tuple[str, ...]) -> tuple[str, str, str]:
    padded = (*element, "", "", "")
    return padded[0], padded[1], padded[2]


def _message_response(message: Message, errors: list[Issue]) -> list[Segment]:
    action = Action.REJECTED if errors else Action.ACKNOWLEDGED
    header_level = [i for i in errors if i.location.segment in (None, 1) or i.level == "transaction"]
    head = header_level[0] if header_level else None
    ucm = Segment.of(
        "UCM",
        message.reference,
        message.header.element(2),
        action,
        head.code if head else None,
        (head.location.segment_tag or None) if head else None,
    )
    out = [ucm]
    by_segment: dict[int, list[Issue]] = {}
    for issue in errors:
        position = issue.location.segment
        if issue is head or position is None:
            continue
        by_segment.setdefault(position, []).append(issue)
    for position in sorted(by_segment):
        found = by_segment[position]
        segment_level = [i for i in found if i.location.element is None]
        out.append(Segment.of("UCS", str(position), segment_level[0].code if segment_level else None))
        for issue in found:
            if issue.location.element is not None:
                out.append(
                    Segment.of(
                        "UCD",
                        issue.code,
                        (str(issue.location.element), str(issue.location.component or "")),
                    )
                )
    return out


@dataclass(frozen=True, slots=True)
class ElementError:
    code: str
    element: int
    component: int | None


@dataclass(frozen=True, slots=True)
class SegmentError:
    position: int
    code: str
    elements: tuple[ElementError, ...]


@dataclass(frozen=True, slots=True)
class ContrlMessage:
    reference: str
    message_type: str
    action: str
    code: str
    segments: tuple[SegmentError, ...]

    @property
    def rejected(self) -> bool:
        return self.action == Action.REJECTED


@dataclass(frozen=True, slots=True)
class ContrlGroup:
    """A UCF group response with the message responses that follow it."""

    reference: str
    action: str
    code: str
    messages: tuple[ContrlMessage, ...]

    @property
    def rejected(self) -> bool:
        return self.action == Action.REJECTED or any(m.rejected for m in self.messages)


@dataclass(frozen=True, slots=True)
class ContrlResult:
    """What a partner said about one of our interchanges. ``messages`` holds every message response, in or
    out of a group; ``groups`` the UCF responses with their own messages."""

    interchange_reference: str
    sender: tuple[str, ...]
    recipient: tuple[str, ...]
    action: str
    code: str
    messages: tuple[ContrlMessage, ...]
    groups: tuple[ContrlGroup, ...] = ()

    @property
    def rejected(self) -> bool:
        return (
            self.action == Action.REJECTED
            or any(m.rejected for m in self.messages)
            or any(g.rejected for g in self.groups)
        )


def _int(text: str) -> int:
    return int(text) if text.isdigit() else 0


def parse_contrl(message: Message) -> ContrlResult:
    """Read a received CONTRL message into a typed result, with UCF group responses and their messages."""
    uci = next((s for s in message.body if s.tag == "UCI"), Segment("UCI"))
    messages: list[ContrlMessage] = []
    groups: list[ContrlGroup] = []
    ucf: Segment | None = None
    in_group: list[ContrlMessage] = []
    current: tuple[Segment, list[SegmentError]] | None = None
    ucs: tuple[int, str, list[ElementError]] | None = None

    def flush_ucs() -> None:
        nonlocal ucs
        if ucs is not None and current is not None:
            current[1].append(SegmentError(ucs[0], ucs[1], tuple(ucs[2])))
        ucs = None

    def flush_ucm() -> None:
        nonlocal current
        flush_ucs()
        if current is not None:
            ucm, segs = current
            done = ContrlMessage(ucm.get(1), ucm.get(2, 1), ucm.get(3), ucm.get(4), tuple(segs))
            messages.append(done)
            if ucf is not None:
                in_group.append(done)
        current = None

    def flush_ucf() -> None:
        nonlocal ucf, in_group
        flush_ucm()
        if ucf is not None:
            groups.append(ContrlGroup(ucf.get(1), ucf.get(4), ucf.get(5), tuple(in_group)))
        ucf, in_group = None, []

    for segment in message.body:
        if segment.tag == "UCF":
            flush_ucf()
            ucf = segment
        elif segment.tag == "UCM":
            flush_ucm()
            current = (segment, [])
        elif segment.tag == "UCS":
            flush_ucs()
            ucs = (_int(segment.get(1)), segment.get(2), [])
        elif segment.tag == "UCD" and ucs is not None:
            comp = segment.get(2, 2)
            ucs[2].append(ElementError(segment.get(1), _int(segment.get(2, 1)), _int(comp) if comp else None))
    flush_ucf()
    return ContrlResult(
        uci.get(1), uci.element(2), uci.element(3), uci.get(4), uci.get(5), tuple(messages), tuple(groups)
    )
