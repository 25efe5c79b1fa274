"""Streaming X12 reader: a binary stream in, envelope events and whole transactions out.

Memory is bounded by the largest transaction plus one read chunk, not by the file. Delimiters are detected at
every ISA, so several interchanges with different delimiters can share one file. Text is decoded as UTF-8
with ``surrogateescape`` so any byte survives a read → write round trip unchanged.
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Generator, Iterator
from dataclasses import replace
from typing import Protocol

from shared.edi.model import Issue, IssueLevel, Location, Severity
from shared.edi.x12.delimiters import Delimiters, scan_isa
from shared.edi.x12.envelope import (
    Event,
    GroupEnd,
    GroupHeader,
    InterchangeEnd,
    InterchangeHeader,
    ReaderIssue,
    Segment,
    TechnicalAck,
    Transaction,
)
from shared.errors import EdiError

__all__ = ["CHUNK_SIZE", "BinaryReadable", "iter_transactions", "read_bytes", "read_events"]

CHUNK_SIZE = 1 << 20
_BOM = "\ufeff"
_PADDING = " \t\r\n\x0b\x0c\x00\x1a"


class BinaryReadable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


def read_events(stream: BinaryReadable, chunk_size: int = CHUNK_SIZE) -> Iterator[Event]:
    """Yield every envelope event of ``stream`` in order. Raises EdiError only when the stream holds no
    readable interchange at all; later problems are yielded as ReaderIssue and reading goes on."""
    return _Reader(stream, chunk_size).events()


def iter_transactions(stream: BinaryReadable, chunk_size: int = CHUNK_SIZE) -> Iterator[Transaction]:
    """Only the transactions, each carrying its group and interchange headers."""
    for event in read_events(stream, chunk_size):
        if isinstance(event, Transaction):
            yield event


def read_bytes(data: bytes) -> list[Event]:
    return list(read_events(io.BytesIO(data)))


class _Reader:
    def __init__(self, stream: BinaryReadable, chunk_size: int) -> None:
        self._stream = stream
        self._chunk_size = chunk_size
        self._decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
        self._eof = False
        self._interchanges = 0
        # Open envelope state.
        self._interchange: InterchangeHeader | None = None
        self._group: GroupHeader | None = None
        self._group_count = 0
        self._segment_count = 0
        self._transaction: list[Segment] | None = None
        self._transaction_count = 0
        self._transaction_controls: list[str] = []

    def _read(self) -> str:
        if self._eof:
            return ""
        raw = self._stream.read(self._chunk_size)
        if not raw:
            self._eof = True
            return self._decoder.decode(b"", final=True)
        return self._decoder.decode(raw)

    def events(self) -> Iterator[Event]:
        buf = self._read()
        if buf.startswith(_BOM):
            buf = buf[1:]
        pending: str | None = buf
        while pending is not None:
            found = yield from self._seek_isa(pending)
            if found is None:
                break
            buf = found
            scan = scan_isa(buf, 0, at_eof=self._eof)
            while scan is None and not self._eof:
                buf += self._read()
                scan = scan_isa(buf, 0, at_eof=self._eof)
            if scan is None:
                if self._interchanges == 0:
                    raise EdiError("the file ends inside the ISA segment: the interchange header is truncated")
                yield self._issue("interchange", "023", "the file ends inside an ISA segment")
                break
            pending = yield from self._interchange_body(scan.delimiters, buf, scan.end, scan.isa_text)
        yield from self._close_all()

    def _seek_isa(self, buf: str) -> Generator[Event, None, str | None]:
        """Skip padding up to the next ISA. Returns the text starting at "ISA", or None at the end of input.
        Anything else is reported (once) and skipped."""
        reported = False
        while True:
            stripped = buf.lstrip(_PADDING)
            if stripped.startswith("ISA") or (not self._eof and len(stripped) < 3 and "ISA".startswith(stripped)):
                if (len(stripped) >= 4 or self._eof) and stripped.startswith("ISA"):
                    return stripped
                buf = stripped + self._read()
                continue
            if stripped:
                if self._interchanges == 0 and not reported:
                    at = stripped.find("ISA")
                    if at < 0 and self._eof:
                        raise EdiError("no ISA segment found: the input is not an X12 interchange")
                found = stripped.find("ISA")
                if not reported:
                    reported = True
                    yield self._issue("file", "024", "data outside any interchange was skipped: " + _preview(stripped))
                if found >= 0:
                    buf = stripped[found:]
                    continue
                buf = stripped[-2:]
            else:
                buf = ""
            if self._eof:
                if self._interchanges == 0:
                    raise EdiError("no ISA segment found: the input is empty or not an X12 interchange")
                return None
            buf += self._read()

    def _interchange_body(
        self, delims: Delimiters, buf: str, start: int, isa_text: str
    ) -> Generator[Event, None, str | None]:
        """Tokenise from just past the ISA until an ISA with other delimiters or the end. Returns the text
        left over (starting at the next ISA), or None at the end of input."""
        yield from self._open_interchange(tuple(isa_text.split(delims.element)), delims)
        sep = delims.element
        term = delims.segment
        term_len = len(term)
        # Wrapped (80-column) files put line breaks inside elements; unless a break is the terminator,
        # line breaks carry no meaning and are dropped before splitting.
        drop = _line_breaks_to_drop(term)
        text = buf[start:]
        while True:
            parts = text.split(term)
            tail = parts.pop()
            # Wrapped (80-column) files put line breaks inside elements; unless a break is part of the
            # terminator it carries no meaning and is removed. Checked per chunk so clean files pay nothing.
            breaks = bool(drop) and any(char in text for char in drop)
            offset = 0
            for part in parts:
                length = len(part)
                raw = part
                if breaks:
                    raw = _drop(part.lstrip(_PADDING), drop)
                elif part[:1] in _PADDING:
                    raw = part.lstrip(_PADDING)
                if not raw:
                    offset += length + term_len
                    continue
                fields = tuple(raw.split(sep))
                tag = fields[0]
                if tag == "ISA":
                    yield from self._close_all()
                    if len(fields) != 17 or fields[16] != delims.component:
                        # Other delimiters: hand the rest back to be scanned from this ISA.
                        return text[offset:].lstrip(_PADDING)
                    same = replace(delims, repetition=_repetition(fields, delims))
                    yield from self._open_interchange(fields, same)
                else:
                    yield from self._segment(fields, tag)
                offset += length + term_len
            if self._eof:
                if not tail.strip(_PADDING):
                    return None
                # The last segment lacks its terminator; give it one and go round once more.
                text = tail + term
                continue
            text = tail + self._read()

    def _open_interchange(self, isa: Segment, delims: Delimiters) -> Iterator[Event]:
        self._interchanges += 1
        self._interchange = InterchangeHeader(self._interchanges, isa, delims)
        self._group_count = 0
        self._segment_count = 1
        yield self._interchange

    def _segment(self, fields: Segment, tag: str) -> Iterator[Event]:
        self._segment_count += 1
        current = self._transaction
        if current is not None:
            if tag == "SE":
                current.append(fields)
                yield self._close_transaction()
                return
            if tag not in _ENVELOPE_TAGS:
                current.append(fields)
                return
            yield self._issue("transaction", "2", f"transaction set has no SE trailer before {tag}")
            yield self._close_transaction()
        if tag == "ST":
            if self._group is None:
                yield self._issue("group", "3", "ST found outside a functional group (no GS before it)")
                self._open_group(("GS",))
            self._transaction = [fields]
        elif tag == "GS":
            if self._group is not None:
                yield self._close_group(None)
            if self._interchange is None:
                yield self._issue("interchange", "022", "GS found outside an interchange")
                return
            yield self._open_group(fields)
        elif tag == "GE":
            if self._group is None:
                yield self._issue("group", "3", "GE found without a GS")
                return
            yield self._close_group(fields)
        elif tag == "IEA":
            yield from self._close_group_if_open()
            if self._interchange is not None:
                yield self._close_interchange(fields)
        elif tag == "TA1" and self._group is None and self._interchange is not None:
            # TA1 travels directly in the interchange, outside any group.
            yield TechnicalAck(self._interchange, fields)
        else:
            yield self._issue("segment", "2", f"segment {tag!r} found outside a transaction set was skipped", tag=tag)

    def _open_group(self, gs: Segment) -> GroupHeader:
        assert self._interchange is not None
        self._group_count += 1
        self._group = GroupHeader(self._interchange, self._group_count, gs)
        self._transaction_count = 0
        self._transaction_controls = []
        return self._group

    def _close_transaction(self) -> Transaction:
        assert self._transaction is not None
        assert self._group is not None
        self._transaction_count += 1
        segments = tuple(self._transaction)
        self._transaction = None
        transaction = Transaction(self._group, self._transaction_count, segments)
        self._transaction_controls.append(transaction.control_number)
        return transaction

    def _close_group(self, trailer: Segment | None) -> GroupEnd:
        assert self._group is not None
        end = GroupEnd(self._group, trailer, self._transaction_count, tuple(self._transaction_controls))
        self._group = None
        return end

    def _close_group_if_open(self) -> Iterator[Event]:
        if self._transaction is not None:
            yield self._issue("transaction", "2", "transaction set has no SE trailer")
            yield self._close_transaction()
        if self._group is not None:
            yield self._close_group(None)

    def _close_interchange(self, trailer: Segment | None) -> InterchangeEnd:
        assert self._interchange is not None
        end = InterchangeEnd(self._interchange, trailer, self._group_count, self._segment_count)
        self._interchange = None
        return end

    def _close_all(self) -> Iterator[Event]:
        yield from self._close_group_if_open()
        if self._interchange is not None:
            yield self._close_interchange(None)

    def _issue(self, level: IssueLevel, code: str, message: str, *, tag: str | None = None) -> ReaderIssue:
        interchange = self._interchange
        group = self._group
        location = Location(
            interchange=interchange.index if interchange else None,
            group=group.index if group else None,
            transaction=(self._transaction_count + 1) if self._transaction is not None else None,
            segment=self._segment_count if tag else None,
            segment_tag=tag,
            interchange_control=interchange.control_number if interchange else None,
            group_control=group.control_number if group else None,
        )
        return ReaderIssue(Issue(level, code, message, location, Severity.ERROR))


_ENVELOPE_TAGS = frozenset({"ST", "GS", "GE", "IEA", "ISA"})


def _repetition(isa: Segment, delims: Delimiters) -> str | None:
    value = isa[11]
    if isa[12] >= "00402" and len(value) == 1 and not value.isalnum() and value not in delims.reserved()[:3] and value != delims.segment[:1]:
        return value
    return None


def _line_breaks_to_drop(term: str) -> str:
    if "\r" in term and "\n" in term:
        return ""
    if "\r" in term:
        return "\n"
    if "\n" in term:
        return "\r"
    return "\r\n"


def _drop(text: str, chars: str) -> str:
    for char in chars:
        if char in text:
            text = text.replace(char, "")
    return text


def _preview(text: str) -> str:
    head = text[:20].encode("unicode_escape").decode("ascii")
    return repr(head) + ("..." if len(text) > 20 else "")
