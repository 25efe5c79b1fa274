"""Segments to interchanges: ``read`` for a whole payload, ``iter_messages`` for a stream of any size."""

from __future__ import annotations

import gc
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import BinaryIO

from shared.edi.edifact.envelope import Group, GroupHeader, Interchange, InterchangeHeader, Message
from shared.edi.edifact.lexer import SegmentScanner
from shared.edi.edifact.segments import Segment
from shared.edi.model import Issue, Location
from shared.errors import EdiError

__all__ = ["ReadResult", "iter_messages", "read"]

_ENVELOPE = frozenset(("UNB", "UNG", "UNH", "UNT", "UNE", "UNZ"))


@dataclass(frozen=True, slots=True)
class ReadResult:
    interchanges: tuple[Interchange, ...]
    # Problems outside any interchange: segments before UNB or after UNZ, unreadable tails.
    issues: tuple[Issue, ...] = ()
    stray: tuple[Segment, ...] = ()


@dataclass(slots=True)
class _Open:
    header: InterchangeHeader
    groups: list[Group] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    stray: list[Segment] = field(default_factory=list)
    group: GroupHeader | None = None
    group_count: int = 0
    group_messages: int = 0
    message_count: int = 0
    ordinal: int = 1  # segments seen in this interchange, UNB = 1

    def loc(self, tag: str, **kw: int | str | None) -> Location:
        return Location(
            interchange=self.header.index,
            interchange_control=self.header.reference,
            segment=self.ordinal,
            segment_tag=tag,
            **kw,  # type: ignore[arg-type]
        )


@dataclass(frozen=True, slots=True)
class _Closed:
    interchange: Interchange


def _events(
    stream: BinaryIO, keep: bool, file_issues: list[Issue], file_stray: list[Segment], chunk_size: int = 1 << 16
) -> Iterator[Message | _Closed]:
    """The one assembly loop behind both entry points. ``keep`` keeps messages in the interchange record
    (whole-payload read); the streaming reader drops them once yielded."""
    scanner = SegmentScanner(stream, chunk_size)
    current: _Open | None = None
    unh: Segment | None = None
    body: list[Segment] = []
    suspects_at_unh = 0
    interchange_count = 0
    noted = 0

    def close_message(trailer: Segment | None) -> Message:
        nonlocal unh
        assert current is not None
        assert unh is not None
        current.message_count += 1
        screened = scanner.level is not None and scanner.suspects == suspects_at_unh
        message = Message(unh, tuple(body), trailer, current.message_count, current.header, current.group, screened)
        if keep:
            current.messages.append(message)
        if current.group is not None:
            current.group_messages += 1
        unh = None
        body.clear()
        return message

    def close_group(trailer: Segment | None) -> None:
        assert current is not None
        assert current.group is not None
        current.groups.append(Group(current.group, trailer, current.group_messages))
        current.group, current.group_messages = None, 0

    def close_interchange(trailer: Segment | None, suffix: str = "") -> _Closed:
        nonlocal current
        assert current is not None
        done = Interchange(
            current.header,
            tuple(current.messages),
            tuple(current.groups),
            trailer,
            tuple(current.issues),
            tuple(current.stray),
            suffix,
        )
        current = None
        return _Closed(done)

    notes = scanner.notes
    append = body.append
    for segment in scanner:
        tag = segment.tag
        if unh is not None and tag not in _ENVELOPE and len(notes) == noted:
            # The hot path: a body segment of an open message, nothing noted by the scanner.
            assert current is not None
            current.ordinal += 1
            append(segment)
            continue
        while noted < len(scanner.notes):
            note = scanner.notes[noted]
            noted += 1
            where = current.loc(segment.tag) if current else Location(segment=note.ordinal)
            (current.issues if current else file_issues).append(Issue("segment", note.code, note.message, where))
        if current is not None:
            current.ordinal += 1
        if tag == "UNB":
            if current is not None:
                current.ordinal -= 1
                if unh is not None:
                    current.issues.append(_missing_trailer(current, "UNT", unh))
                    yield close_message(None)
                if current.group is not None:
                    current.issues.append(_missing_trailer(current, "UNE", current.group.ung))
                    close_group(None)
                current.issues.append(_missing_trailer(current, "UNZ", current.header.unb))
                yield close_interchange(None)
            interchange_count += 1
            header = InterchangeHeader(
                segment, scanner.service, scanner.una_present, interchange_count, scanner.newline
            )
            current = _Open(header)
            continue
        if current is None:
            file_stray.append(segment)
            if len(file_stray) == 1:
                file_issues.append(
                    Issue(
                        "file",
                        "4",
                        f"segment {tag or '(empty)'} appears outside any interchange: a UNB header must come first",
                        Location(segment=scanner.ordinal, segment_tag=tag),
                    )
                )
            continue
        if unh is not None and tag not in ("UNT", "UNH", "UNE", "UNZ", "UNG"):
            body.append(segment)
            continue
        if tag == "UNH":
            if unh is not None:
                current.issues.append(_missing_trailer(current, "UNT", unh))
                yield close_message(None)
            unh = segment
            suspects_at_unh = scanner.suspects
        elif tag == "UNT":
            if unh is None:
                current.stray.append(segment)
                current.issues.append(Issue("segment", "15", "UNT without a UNH before it", current.loc(tag)))
            else:
                yield close_message(segment)
        elif tag == "UNG":
            if unh is not None:
                current.issues.append(_missing_trailer(current, "UNT", unh))
                yield close_message(None)
            if current.group is not None:
                current.issues.append(_missing_trailer(current, "UNE", current.group.ung))
                close_group(None)
            current.group_count += 1
            current.group = GroupHeader(segment, current.group_count)
        elif tag == "UNE":
            if unh is not None:
                current.issues.append(_missing_trailer(current, "UNT", unh))
                yield close_message(None)
            if current.group is None:
                current.stray.append(segment)
                current.issues.append(Issue("segment", "15", "UNE without a UNG before it", current.loc(tag)))
            else:
                close_group(segment)
        elif tag == "UNZ":
            if unh is not None:
                current.issues.append(_missing_trailer(current, "UNT", unh))
                yield close_message(None)
            if current.group is not None:
                current.issues.append(_missing_trailer(current, "UNE", current.group.ung))
                close_group(None)
            yield close_interchange(segment, scanner.trailer_suffix)
        else:
            current.stray.append(segment)
            current.issues.append(
                Issue("segment", "15", f"segment {tag} sits between messages, outside any UNH..UNT", current.loc(tag))
            )
    while noted < len(scanner.notes):
        note = scanner.notes[noted]
        noted += 1
        (current.issues if current else file_issues).append(
            Issue("segment", note.code, note.message, current.loc("") if current else Location(segment=note.ordinal))
        )
    if current is not None:
        if unh is not None:
            current.issues.append(_missing_trailer(current, "UNT", unh))
            yield close_message(None)
        if current.group is not None:
            current.issues.append(_missing_trailer(current, "UNE", current.group.ung))
            close_group(None)
        current.issues.append(_missing_trailer(current, "UNZ", current.header.unb))
        yield close_interchange(None)


def _missing_trailer(current: _Open, tag: str, opener: Segment) -> Issue:
    what = {"UNT": "message", "UNE": "group", "UNZ": "interchange"}[tag]
    ref = {"UNT": opener.get(1), "UNE": opener.get(5), "UNZ": opener.get(5)}[tag]
    return Issue(
        "transaction" if tag == "UNT" else "group" if tag == "UNE" else "interchange",
        "4",
        f"{what} {ref} has no {tag} trailer: the file is truncated or segments are missing",
        current.loc(tag),
    )


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a whole payload is read.

    Reading builds millions of small tuples that can never form a cycle; with the collector running, its
    full collections walk all of them again and again, which doubles the read time of a 10,000-message file.
    Whatever cyclic garbage appears meanwhile is collected once the collector resumes, and the previous state
    is restored however the read ends. The streaming reader does not do this: it yields to the caller's code
    in between."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read(data: bytes) -> ReadResult:
    """Read a whole payload (one or more interchanges). Unreadable input raises EdiError."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise EdiError("EDIFACT input must be bytes", context={"type": type(data).__name__})
    file_issues: list[Issue] = []
    file_stray: list[Segment] = []
    with _collector_paused():
        interchanges = [
            e.interchange
            for e in _events(io.BytesIO(bytes(data)), True, file_issues, file_stray)
            if isinstance(e, _Closed)
        ]
    if not interchanges and not file_stray:
        raise EdiError("the input holds no EDIFACT segments", hint="the file is empty or only whitespace")
    return ReadResult(tuple(interchanges), tuple(file_issues), tuple(file_stray))


def iter_messages(stream: BinaryIO, *, chunk_size: int = 1 << 16) -> Iterator[Message]:
    """Yield each message of a binary stream as soon as its UNT is read, with its interchange and group
    context. Memory is bounded by the largest message plus ``chunk_size``, not the file."""
    sink: list[Issue] = []
    stray: list[Segment] = []
    for event in _events(stream, False, sink, stray, chunk_size):
        if isinstance(event, Message):
            yield event
        stray.clear()
