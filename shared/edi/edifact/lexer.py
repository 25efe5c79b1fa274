"""Bytes to segments, streaming: blocks split on the terminator with ``str.split``, honouring UNA and the
release character (only pieces that hold a release character take the slower path).

The buffer is decoded as Latin-1 (a bijection on bytes) so every single-byte service character is found where
it is; segments of an interchange declared in another repertoire (UTF-8, ISO 8859-2/5/7) are re-decoded
before they are split. Memory stays bounded by the read chunk plus the longest segment.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from shared.edi.edifact.segments import Element, Segment
from shared.edi.edifact.syntax import DEFAULT_SERVICE, PLACEHOLDERS, ServiceChars, SyntaxLevel
from shared.errors import EdiError

__all__ = ["ScanNote", "SegmentScanner"]

_CHUNK = 1 << 16
_PLACEHOLDER = re.compile(f"[{PLACEHOLDERS}]")
_BLANK = " \r\n\t"
# Segments after which the service characters may change: the block is re-split from there.
_SERVICE_CHANGERS = frozenset(("UNB", "UNZ"))


@dataclass(frozen=True, slots=True)
class ScanNote:
    """Something the scanner noticed that is not a segment: the reader turns it into an Issue."""

    ordinal: int  # 1-based segment count in the file when it was noticed
    code: str
    message: str


class SegmentScanner:
    """Iterate segments of a binary stream. Attributes describe the current interchange as the UNA/UNB that
    opened it declared them; they are valid when the UNB segment is yielded and until the next one.

    ``suspects`` counts the segments whose raw text the syntax level's screen flagged: while it does not move
    across a message, no value in that message can be outside the level (see ``SyntaxLevel.screen``)."""

    def __init__(self, stream: BinaryIO, chunk_size: int = _CHUNK) -> None:
        self._stream = stream
        self._chunk = chunk_size
        self.service: ServiceChars = DEFAULT_SERVICE
        self.una_present = False
        self.newline = ""
        self.trailer_suffix = ""
        self.codec = "latin-1"
        self.level: SyntaxLevel | None = None
        self.ordinal = 0
        self.suspects = 0
        self.notes: list[ScanNote] = []

    def _read(self, first: bool) -> str | None:
        data = self._stream.read(self._chunk)
        if not data:
            return None
        if first:
            if data[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(data) > 1 and data[1:2] == b"\x00"):
                raise EdiError(
                    "input looks like UTF-16 text, not EDIFACT",
                    hint="EDIFACT travels as bytes in the declared character set; re-export the file as UTF-8 or "
                    "ISO 8859-1",
                )
            if data.startswith(b"\xef\xbb\xbf"):
                data = data[3:]
        return data.decode("latin-1")

    def __iter__(self) -> Iterator[Segment]:
        """Split each block read with one ``str.split`` on the terminator, then walk the pieces. A block is cut
        short only where the service characters change: at a UNA, a syntax 4 UNB without UNA, or a UNZ."""
        chunk = self._read(first=True)
        buf = chunk or ""
        pos = 0
        eof = chunk is None
        pending_una = False
        need_more = False
        while True:
            n = len(buf)
            term = self.service.terminator
            # Keep nine characters in view so a UNA is never cut by a chunk boundary.
            if not eof and (need_more or n - pos < 9 or buf.find(term, pos) < 0):
                more = self._read(first=False)
                if more is None:
                    eof = True
                else:
                    buf = buf[pos:] + more
                    pos = 0
                need_more = False
                continue
            blanks = _BLANK.replace(term, "")
            while pos < n and buf[pos] in blanks:
                pos += 1
            if pos >= n:
                if eof:
                    return
                buf, pos = "", 0
                continue
            if buf.startswith("UNA", pos) and n - pos >= 9:
                self.service = ServiceChars.from_una(buf[pos : pos + 9])
                pending_una = True
                pos += 9
                continue
            end = n if eof else buf.rfind(term) + 1
            service = self.service
            rel = service.release
            screen = self.level.screen if self.level is not None else None
            check_each = screen is not None and screen.search(buf, pos, end) is not None
            block = buf[pos:end]
            # Released service characters become private-use placeholders (Latin-1 text never holds one), so
            # one str.split per level finds exactly the real separators, for the whole block at once.
            protected = rel in block
            if protected:
                block = service.protect_text(block)
            parts = block.split(term)
            if not eof:
                # The piece after the block's last real terminator: empty, or a segment whose terminator was
                # released at the end of the read; either way it goes on in the next read.
                carry = parts.pop()
                if carry:
                    end -= _raw_length(carry)
                    if not parts:
                        need_more = True
                        continue
            stop = -1
            split = self.split
            restore, unprotect = service.restore, service.unprotect
            el, comp = service.element, service.component
            rep = service.repetition if service.repeats else ""
            latin = self.codec == "latin-1"
            last = len(parts) - 1
            final = last if eof else -1  # at the end of input the last piece has no terminator
            raw_end = _Offsets(parts, pos).after
            for i, part in enumerate(parts):
                text = part.lstrip(blanks) if part and part[0] in blanks else part
                if i == final and not text:
                    break  # blanks after the last terminator
                if text.startswith("UNA"):
                    una_at = raw_end(i - 1) + len(part) - len(text)
                    if len(buf) - una_at >= 9:
                        stop = una_at
                        break
                self.ordinal += 1
                plain = text.isascii()
                if not plain and protected:
                    raw = text.translate(unprotect)
                    plain = raw.isascii()
                else:
                    raw = text
                if i == final:
                    self.notes.append(
                        ScanNote(self.ordinal, "4", f"the input ends inside a segment ({raw[:20]!r}): no terminator")
                    )
                if (not latin and not plain) or (protected and rel in text) or (rep and rep in text):
                    # Another code page, a lone release character or syntax 4 repetitions: the general path.
                    segment = split(raw)
                elif text is raw:
                    fields = text.split(el)
                    segment = Segment(fields[0], tuple([tuple(f.split(comp)) for f in fields[1:]]))
                else:
                    fields = text.split(el)
                    segment = Segment(
                        fields[0], tuple([tuple([c.translate(restore) for c in f.split(comp)]) for f in fields[1:]])
                    )
                if check_each and screen is not None and screen.search(raw) is not None:
                    self.suspects += 1
                tag = segment.tag
                if tag not in _SERVICE_CHANGERS:
                    yield segment
                    continue
                following = parts[i + 1] if i < last else buf[raw_end(i) :]
                line_break = following[: len(following) - len(following.lstrip("\r\n"))]
                before = self.service
                if tag == "UNB":
                    self.una_present = pending_una
                    pending_una = False
                    self._begin_interchange(segment)
                    if self.codec != "latin-1" and not raw.isascii():
                        segment = split(raw)
                    # The sender's line-break style after a terminator, so canonical files round-trip.
                    self.newline = line_break
                    screen = self.level.screen if self.level is not None else None
                    check_each = screen is not None
                    latin = self.codec == "latin-1"
                else:
                    self.service = DEFAULT_SERVICE
                    self.trailer_suffix = line_break
                yield segment
                if self.service != before:
                    stop = raw_end(i)
                    break
            if stop >= 0:
                pos = stop
                continue
            if eof:
                return
            pos = end

    def _begin_interchange(self, unb: Segment) -> None:
        self.level = SyntaxLevel.parse(unb.get(1, 1))
        self.codec = self.level.codec if self.level is not None else "latin-1"
        if not self.una_present:
            self.service = ServiceChars.for_version(unb.get(1, 2))

    def split(self, raw: str) -> Segment:
        """One segment's text (without terminator) into a Segment."""
        if self.codec != "latin-1" and not raw.isascii():
            raw = raw.encode("latin-1").decode(self.codec, errors="replace")
        service = self.service
        if service.release in raw or (service.repeats and service.repetition in raw):
            return _split_escaped(raw, service)
        comp = service.component
        parts = raw.split(service.element)
        return Segment(parts[0], tuple([tuple(p.split(comp)) for p in parts[1:]]))


def _split_escaped(raw: str, service: ServiceChars) -> Segment:
    protected = service.protect(raw)
    if protected is None:
        return _split_rejoining(raw, service)
    rel = service.release
    table = service.restore
    unescape = service.unescape

    def value(text: str) -> str:
        # What is left of the release character after protection is a lone one, which drops out as before.
        return (unescape(text) if rel in text else text).translate(table)

    comp, rep = service.component, service.repetition
    parts = protected.split(service.element)
    elements: list[Element] = []
    repeats: list[tuple[int, tuple[Element, ...]]] = []
    for index, part in enumerate(parts[1:]):
        occurrences = part.split(rep) if service.repeats else [part]
        split = [tuple([value(c) for c in o.split(comp)]) for o in occurrences]
        elements.append(split[0])
        if len(split) > 1:
            repeats.append((index, tuple(split[1:])))
    return Segment(value(parts[0]), tuple(elements), tuple(repeats))


def _split_rejoining(raw: str, service: ServiceChars) -> Segment:
    """The general path, for the rare value that holds one of the private-use characters protection uses."""
    rel = service.release
    unescape = service.unescape
    parts = _rejoin(raw.split(service.element), service.element, rel)
    elements: list[Element] = []
    repeats: list[tuple[int, tuple[Element, ...]]] = []
    for index, part in enumerate(parts[1:]):
        occurrences = _rejoin(part.split(service.repetition), service.repetition, rel) if service.repeats else [part]
        split = [
            tuple([unescape(c) if rel in c else c for c in _rejoin(o.split(service.component), service.component, rel)])
            for o in occurrences
        ]
        elements.append(split[0])
        if len(split) > 1:
            repeats.append((index, tuple(split[1:])))
    return Segment(unescape(parts[0]), tuple(elements), tuple(repeats))


class _Offsets:
    """Offsets in the buffer just past each piece's terminator, summed only as far as someone asks (at UNB,
    UNZ and UNA), so walking a block stays linear however many interchanges it holds."""

    def __init__(self, parts: list[str], start: int) -> None:
        self._parts = parts
        self._index = -1
        self._at = start

    def after(self, index: int) -> int:
        while self._index < index:
            self._index += 1
            self._at += _raw_length(self._parts[self._index]) + 1
        return self._at


def _raw_length(text: str) -> int:
    """Length in the buffer of a protected piece: each placeholder stood for two characters."""
    return len(text) if text.isascii() else len(text) + len(_PLACEHOLDER.findall(text))


def _released_end(text: str, rel: str) -> bool:
    """True when ``text`` ends with an odd run of release characters: the separator after it is data."""
    return text.endswith(rel) and (len(text) - len(text.rstrip(rel))) % 2 == 1


def _rejoin(parts: list[str], sep: str, rel: str) -> list[str]:
    """Glue back the pieces of a split whose separator was released; values stay escaped for the next level."""
    if len(parts) == 1:
        return parts
    out: list[str] = []
    carry: str | None = None
    for p in parts:
        cur = p if carry is None else carry + sep + p
        if _released_end(cur, rel):
            carry = cur
        else:
            out.append(cur)
            carry = None
    if carry is not None:
        out.append(carry)
    return out
