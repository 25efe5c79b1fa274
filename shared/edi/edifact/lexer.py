"""Bytes to segments, streaming: a find-loop over a decoded buffer that honours UNA and the release character.

The buffer is decoded as Latin-1 (a bijection on bytes) so every single-byte service character is found where
it is; segments of an interchange declared in another repertoire (UTF-8, ISO 8859-2/5/7) are re-decoded
before they are split. Memory stays bounded by the read chunk plus the longest segment.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from shared.edi.edifact.segments import Element, Segment
from shared.edi.edifact.syntax import DEFAULT_SERVICE, ServiceChars, SyntaxLevel
from shared.errors import EdiError

__all__ = ["ScanNote", "SegmentScanner"]

_CHUNK = 1 << 16
_BLANK = " \r\n\t"


@dataclass(frozen=True, slots=True)
class ScanNote:
    """Something the scanner noticed that is not a segment: the reader turns it into an Issue."""

    ordinal: int  # 1-based segment count in the file when it was noticed
    code: str
    message: str


class SegmentScanner:
    """Iterate segments of a binary stream. Attributes describe the current interchange as the UNA/UNB that
    opened it declared them; they are valid when the UNB segment is yielded and until the next one."""

    def __init__(self, stream: BinaryIO, chunk_size: int = _CHUNK) -> None:
        self._stream = stream
        self._chunk = chunk_size
        self.service: ServiceChars = DEFAULT_SERVICE
        self.una_present = False
        self.newline = ""
        self.trailer_suffix = ""
        self.codec = "latin-1"
        self.ordinal = 0
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
        chunk = self._read(first=True)
        buf = chunk or ""
        pos = 0
        eof = chunk is None
        pending_una = False
        while True:
            n = len(buf)
            # Keep nine characters in view so a UNA is never cut by a chunk boundary.
            if n - pos < 9 and not eof:
                more = self._read(first=False)
                if more is None:
                    eof = True
                else:
                    buf = buf[pos:] + more
                    pos = 0
                continue
            # Skip the line breaks and indentation some senders put between segments.
            term = self.service.terminator
            while pos < n and buf[pos] in _BLANK and buf[pos] != term:
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
            end = self._find_end(buf, pos, term, self.service.release)
            if end < 0 and not eof:
                more = self._read(first=False)
                if more is None:
                    eof = True
                else:
                    buf = buf[pos:] + more
                    pos = 0
                continue
            self.ordinal += 1
            if end < 0:
                raw = buf[pos:]
                pos = n
                self.notes.append(
                    ScanNote(self.ordinal, "4", f"the input ends inside a segment ({raw[:20]!r}): no terminator")
                )
            else:
                raw = buf[pos:end]
                pos = end + 1
            segment = self.split(raw)
            if segment.tag == "UNB":
                self.una_present = pending_una
                pending_una = False
                self._begin_interchange(segment)
                if self.codec != "latin-1" and not raw.isascii():
                    segment = self.split(raw)
                # The sender's line-break style after a terminator, so canonical files round-trip.
                k = pos
                while k < len(buf) and buf[k] in "\r\n":
                    k += 1
                self.newline = buf[pos:k]
            elif segment.tag == "UNZ":
                self.service = DEFAULT_SERVICE
                k = pos
                while k < len(buf) and buf[k] in "\r\n":
                    k += 1
                self.trailer_suffix = buf[pos:k]
            yield segment

    def _begin_interchange(self, unb: Segment) -> None:
        level = SyntaxLevel.parse(unb.get(1, 1))
        self.codec = level.codec if level is not None else "latin-1"
        if not self.una_present:
            self.service = ServiceChars.for_version(unb.get(1, 2))

    @staticmethod
    def _find_end(buf: str, pos: int, term: str, rel: str) -> int:
        end = buf.find(term, pos)
        while end > pos and buf[end - 1] == rel:
            k = end - 1
            while k >= pos and buf[k] == rel:
                k -= 1
            if (end - 1 - k) % 2 == 0:
                break
            end = buf.find(term, end + 1)
        return end

    def split(self, raw: str) -> Segment:
        """One segment's text (without terminator) into a Segment."""
        if self.codec != "latin-1" and not raw.isascii():
            raw = raw.encode("latin-1").decode(self.codec, errors="replace")
        service = self.service
        el = service.element
        comp = service.component
        if service.release not in raw and not (service.repeats and service.repetition in raw):
            parts = raw.split(el)
            return Segment(parts[0], tuple([tuple(p.split(comp)) for p in parts[1:]]))
        return _split_escaped(raw, service)


def _split_escaped(raw: str, service: ServiceChars) -> Segment:
    rel = service.release
    parts = _split(raw, service.element, rel)
    elements: list[Element] = []
    repeats: list[tuple[int, tuple[Element, ...]]] = []
    for index, part in enumerate(parts[1:]):
        occurrences = _split(part, service.repetition, rel) if service.repeats else [part]
        split = [tuple(service.unescape(c) for c in _split(o, service.component, rel)) for o in occurrences]
        elements.append(split[0])
        if len(split) > 1:
            repeats.append((index, tuple(split[1:])))
    return Segment(service.unescape(parts[0]), tuple(elements), tuple(repeats))


def _split(text: str, sep: str, rel: str) -> list[str]:
    """Split on ``sep`` except where it is released; values stay escaped for the next level down."""
    parts = text.split(sep)
    if rel not in text or len(parts) == 1:
        return parts
    out: list[str] = []
    carry: str | None = None
    for p in parts:
        cur = p if carry is None else carry + sep + p
        trailing = len(cur) - len(cur.rstrip(rel))
        if trailing % 2:
            carry = cur
        else:
            out.append(cur)
            carry = None
    if carry is not None:
        out.append(carry)
    return out
