"""Streaming X12 reader: a binary stream in, envelope events and whole transactions out.

Memory is bounded by the largest transaction plus one read chunk, not by the file. Delimiters are detected at
every ISA, so several interchanges with different delimiters can share one file. Text is decoded as UTF-8
with ``surrogateescape`` so any byte survives a read → write round trip unchanged.

The hot path never walks segments one by one in Python: a compiled expression finds the next envelope
segment (ST, SE, GS, GE, ISA, IEA, TA1) and everything between two of them is one ``str.split``.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Generator, Iterator
from dataclasses import replace
from typing import Protocol

from shared.edi.model import Issue, IssueLevel, Location, Severity
from shared.edi.x12 import slicing
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
from shared.edi.x12.slicing import PADDING, SliceMode, indented, slice_mode
from shared.errors import EdiError

__all__ = ["CHUNK_SIZE", "BinaryReadable", "iter_transactions", "read_bytes", "read_events"]

CHUNK_SIZE = 1 << 20
_SKIP_PADDING = re.compile("[" + re.escape(PADDING) + "]*")
_ENVELOPE_TAGS = frozenset({"ST", "SE", "GS", "GE", "IEA", "ISA", "TA1"})

# The reader's state between two stretches of text: (text, position) to rescan from, or None at the end.
_Resume = tuple[str, int] | None


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
        self._interchange: InterchangeHeader | None = None
        self._group: GroupHeader | None = None
        self._group_count = 0
        self._segment_count = 0
        self._transaction: list[str] | None = None
        self._transaction_header: Segment = ("ST",)
        self._transaction_count = 0
        self._transaction_controls: list[str] = []
        self._tidy_text: str | None = None
        self._tidy_term = ""
        self._tidy = False
        self._mode_text: str | None = None
        self._mode_term = ""
        self._mode = SliceMode.STRETCHES

    def _read(self) -> str:
        if self._eof:
            return ""
        raw = self._stream.read(self._chunk_size)
        if not raw:
            self._eof = True
            return self._decoder.decode(b"", final=True)
        return self._decoder.decode(raw)

    def events(self) -> Iterator[Event]:
        text = self._read()
        resume: _Resume = (text, 0)
        while resume is not None:
            found = yield from self._seek_isa(*resume)
            if found is None:
                break
            text, pos = found
            scan = scan_isa(text, pos, at_eof=self._eof)
            while scan is None and not self._eof:
                text, pos = text[pos:] + self._read(), 0
                scan = scan_isa(text, pos, at_eof=self._eof)
            if scan is None:
                if self._interchanges == 0:
                    raise EdiError("the file ends inside the ISA segment: the interchange header is truncated")
                yield self._issue("interchange", "023", "the file ends inside an ISA segment")
                break
            resume = yield from self._interchange_body(scan.delimiters, text, scan.end, scan.isa_text)
        yield from self._close_all()

    def _seek_isa(self, text: str, pos: int) -> Generator[Event, None, tuple[str, int] | None]:
        """Skip padding up to the next ISA; anything else before it is reported once and skipped."""
        reported = False
        while True:
            pos = _SKIP_PADDING.match(text, pos).end()  # type: ignore[union-attr]
            if text.startswith("ISA", pos) and (len(text) - pos >= 4 or self._eof):
                return text, pos
            rest = len(text) - pos
            if rest and not (rest < 4 and "ISA".startswith(text[pos : pos + 3]) and not self._eof):
                found = text.find("ISA", pos)
                if self._interchanges == 0 and found < 0 and self._eof:
                    raise EdiError("no ISA segment found: the input is not an X12 interchange")
                if not reported:
                    reported = True
                    yield self._issue(
                        "file", "024", "data outside any interchange was skipped: " + _preview(text[pos:])
                    )
                if found >= 0:
                    pos = found
                    continue
                pos = max(pos, len(text) - 2)
            if self._eof:
                if self._interchanges == 0:
                    raise EdiError("no ISA segment found: the input is empty or not an X12 interchange")
                return None
            text, pos = text[pos:] + self._read(), 0

    def _interchange_body(
        self, delims: Delimiters, text: str, start: int, isa_text: str
    ) -> Generator[Event, None, _Resume]:
        """Tokenise from just past the ISA up to the next ISA. Returns where to rescan, or None at the end."""
        yield from self._open_interchange(tuple(isa_text.split(delims.element)), delims)
        sep, term = delims.element, delims.segment
        boundary = slicing.padded_boundary(sep, term)
        drop = _line_breaks_to_drop(term)
        pos = _SKIP_PADDING.match(text, start).end()  # type: ignore[union-attr]
        searched = pos
        plain_boundary = slicing.plain_boundary(sep, term)
        after_breaks = slicing.boundary_after_breaks(sep, term, drop) if drop else plain_boundary
        skip = slicing.skip_breaks(drop or term).match
        header, trailer, width = "ST" + sep, "SE" + sep, len(term)
        while True:
            if text.startswith("ISA", pos):
                yield from self._close_all()
                return text, pos
            if (
                self._transaction is None
                and self._group is not None
                and text.startswith(header, pos)
                and (mode := self._slice_mode(text, term, drop)) is not SliceMode.STRETCHES
            ):
                # The common case: whole ST..SE sets one after another in clean text (or with one line break
                # after every terminator). The next envelope segment is the set's SE; the set is one slice of
                # the text, exactly what the stretches would join. This loop is the reader's hot path, so it
                # keeps everything local.
                plain = mode is SliceMode.PLAIN
                search = plain_boundary.search if plain else after_breaks.search
                group, first = self._group, pos
                while True:
                    found = search(text, pos)
                    if found is None:
                        break
                    at = found.start() + width if plain else found.end()
                    end = text.find(term, at) if text.startswith(trailer, at) else -1
                    if end < 0:
                        break
                    after = end + width
                    raw = text[pos:after] if plain else _drop(text[pos:after], drop)
                    st = tuple(raw[: raw.find(term)].split(sep))
                    count = raw.count(term)
                    self._segment_count += count
                    self._transaction_count = index = self._transaction_count + 1
                    self._transaction_controls.append(st[2] if len(st) > 2 else "")
                    yield Transaction(group, index, st, tuple(text[at:end].split(sep)), raw, sep, term, count)
                    pos = searched = after if plain else skip(text, after).end()  # type: ignore[union-attr]
                    if not text.startswith(header, pos):
                        break
                if pos != first:
                    continue
            found = boundary.search(text, searched)
            if found is None and not self._eof:
                # Keep the unfinished stretch, read on, and search again only where a boundary can be.
                kept = text[pos:]
                text = kept + self._read()
                # Only the last terminator can start a boundary whose lookahead was cut off by the read.
                searched = max(0, kept.rfind(term))
                pos = 0
                continue
            if found is None:
                stretch = text[pos:].rstrip(PADDING)
                if stretch.endswith(term):
                    stretch = stretch[: -len(term)]
                if stretch:
                    yield from self._stretch(stretch, sep, term, drop, delims, tidy=False)
                return None
            stretch = text[pos : found.start()]
            pos = searched = found.end()
            yield from self._stretch(stretch, sep, term, drop, delims, tidy=self._is_tidy(text, term))

    def _slice_mode(self, text: str, term: str, drop: str) -> SliceMode:
        """How sets can be cut out of ``text``, worked out once per chunk of text."""
        if text is not self._mode_text or term != self._mode_term:
            self._mode_text, self._mode_term = text, term
            self._mode = slice_mode(text, term, drop)
        return self._mode

    def _is_tidy(self, text: str, term: str) -> bool:
        """True when no terminator in ``text`` is followed by padding (no indentation or blank lines), so
        stretches need no cleaning. Worked out once per chunk of text, not per stretch."""
        if text is not self._tidy_text or term != self._tidy_term:
            self._tidy_text, self._tidy_term = text, term
            self._tidy = indented(term).search(text) is None
        return self._tidy

    def _stretch(
        self, stretch: str, sep: str, term: str, drop: str, delims: Delimiters, *, tidy: bool
    ) -> Iterator[Event]:
        """One envelope segment (or the start of the interchange body) and the plain segments after it. Plain
        segments stay one piece of text: a transaction's raw text is its stretches joined, never re-split here."""
        if stretch[:1] in PADDING:
            stretch = stretch.lstrip(PADDING)
        # Wrapped (80-column) files put line breaks inside elements; unless a break is part of the terminator
        # it carries no meaning. Checked per stretch so clean files pay only a scan.
        untidy = not tidy and indented(term).search(stretch) is not None
        if untidy or (drop and (drop[0] in stretch or drop[-1] in stretch)):
            parts = (_drop(part.lstrip(PADDING), drop) for part in stretch.split(term))
            stretch = term.join([part for part in parts if part])
            if not stretch:
                return
        cut = stretch.find(term)
        head = stretch if cut < 0 else stretch[:cut]
        tag = head.split(sep, 1)[0]
        if tag in _ENVELOPE_TAGS:
            yield from self._envelope(tuple(head.split(sep)), tag, delims)
            if tag == "ST" and self._transaction is not None:
                self._transaction[0] = stretch
                self._segment_count += stretch.count(term)
                return
            if cut < 0:
                return
            rest = stretch[cut + len(term) :]
        else:
            rest = stretch
        self._segment_count += rest.count(term) + 1
        if self._transaction is not None:
            self._transaction.append(rest)
            return
        for part in rest.split(term):
            stray = part.split(sep, 1)[0][:8]
            yield self._issue(
                "segment", "2", f"segment {stray!r} found outside a transaction set was skipped", tag=stray
            )

    def _envelope(self, fields: Segment, tag: str, delims: Delimiters) -> Iterator[Event]:
        self._segment_count += 1
        if self._transaction is not None:
            if tag == "SE":
                yield self._close_transaction(fields, delims)
                return
            yield self._issue("transaction", "2", f"transaction set has no SE trailer before {tag}")
            yield self._close_transaction(None, delims)
        if tag == "ST":
            if self._group is None:
                yield self._issue("group", "3", "ST found outside a functional group (no GS before it)")
                if self._interchange is None:
                    return
                yield self._open_group(("GS",))
            self._transaction = [delims.element.join(fields)]
            self._transaction_header = fields
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
            yield from self._close_group_if_open(delims)
            if self._interchange is not None:
                yield self._close_interchange(fields)
        elif tag == "TA1" and self._group is None and self._interchange is not None:
            # TA1 travels directly in the interchange, outside any group.
            yield TechnicalAck(self._interchange, fields)
        else:
            yield self._issue("segment", "2", f"segment {tag!r} found outside a transaction set was skipped", tag=tag)

    def _open_interchange(self, isa: Segment, delims: Delimiters) -> Iterator[Event]:
        self._interchanges += 1
        if len(isa) > 12:
            delims = replace(delims, repetition=_repetition(isa, delims))
        self._interchange = InterchangeHeader(self._interchanges, isa, delims)
        self._group_count = 0
        self._segment_count = 1
        yield self._interchange

    def _open_group(self, gs: Segment) -> GroupHeader:
        assert self._interchange is not None
        self._group_count += 1
        self._group = GroupHeader(self._interchange, self._group_count, gs)
        self._transaction_count = 0
        self._transaction_controls = []
        return self._group

    def _close_transaction(self, trailer: Segment | None, delims: Delimiters) -> Transaction:
        assert self._transaction is not None
        assert self._group is not None
        pieces = self._transaction
        if trailer is not None:
            pieces.append(delims.element.join(trailer))
        term = delims.segment
        raw = term.join(pieces) + term
        self._transaction = None
        self._transaction_count += 1
        header = self._transaction_header
        transaction = Transaction(
            self._group, self._transaction_count, header, trailer, raw, delims.element, term, raw.count(term)
        )
        self._transaction_controls.append(header[2] if len(header) > 2 else "")
        return transaction

    def _close_group(self, trailer: Segment | None) -> GroupEnd:
        assert self._group is not None
        end = GroupEnd(self._group, trailer, self._transaction_count, tuple(self._transaction_controls))
        self._group = None
        return end

    def _close_group_if_open(self, delims: Delimiters | None = None) -> Iterator[Event]:
        if self._transaction is not None:
            yield self._issue("transaction", "2", "transaction set has no SE trailer")
            current = self._interchange.delimiters if self._interchange else Delimiters()
            yield self._close_transaction(None, delims or current)
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


def _repetition(isa: Segment, delims: Delimiters) -> str | None:
    value = isa[11]
    usable = (
        len(value) == 1 and not value.isalnum() and value not in (delims.element, delims.component, delims.segment[:1])
    )
    return value if isa[12] >= "00402" and usable else None


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
