"""CONTRL: build the syntax acknowledgment for a received interchange, and read the ones partners send."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from shared.edi.edifact.envelope import Interchange, Message
from shared.edi.edifact.segments import Segment
from shared.edi.edifact.syntax import SyntaxLevel
from shared.edi.edifact.writer import EnvelopeOptions, OutboundMessage, Party, write_interchange
from shared.edi.model import ControlNumberAllocator, Issue, Severity

__all__ = [
    "Action",
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
    envelope_errors = [i for i in errors if i.location.transaction is None]
    by_message: dict[int, list[Issue]] = {}
    for issue in errors:
        if issue.location.transaction is not None:
            by_message.setdefault(issue.location.transaction, []).append(issue)
    if receipt_only:
        action = Action.RECEIVED
    elif envelope_errors or (interchange.messages and len(by_message) == len(interchange.messages)):
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
        for message in interchange.messages:
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
class ContrlResult:
    """What a partner said about one of our interchanges."""

    interchange_reference: str
    sender: tuple[str, ...]
    recipient: tuple[str, ...]
    action: str
    code: str
    messages: tuple[ContrlMessage, ...]

    @property
    def rejected(self) -> bool:
        return self.action == Action.REJECTED or any(m.rejected for m in self.messages)


def _int(text: str) -> int:
    return int(text) if text.isdigit() else 0


def parse_contrl(message: Message) -> ContrlResult:
    """Read a received CONTRL message into a typed result (UCF group responses are folded into messages)."""
    uci = next((s for s in message.body if s.tag == "UCI"), Segment("UCI"))
    messages: list[ContrlMessage] = []
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
            messages.append(ContrlMessage(ucm.get(1), ucm.get(2, 1), ucm.get(3), ucm.get(4), tuple(segs)))
        current = None

    for segment in message.body:
        if segment.tag == "UCM":
            flush_ucm()
            current = (segment, [])
        elif segment.tag == "UCS":
            flush_ucs()
            ucs = (_int(segment.get(1)), segment.get(2), [])
        elif segment.tag == "UCD" and ucs is not None:
            comp = segment.get(2, 2)
            ucs[2].append(ElementError(segment.get(1), _int(segment.get(2, 1)), _int(comp) if comp else None))
    flush_ucm()
    return ContrlResult(uci.get(1), uci.element(2), uci.element(3), uci.get(4), uci.get(5), tuple(messages))
