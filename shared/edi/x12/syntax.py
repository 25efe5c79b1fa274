"""Structure and element checks of one transaction set, and the shortcuts that keep them cheap.

Real files repeat most of their segments and nearly all of their segment sequences, so a checker remembers
(bounded) what it has already found valid and runs the precise checks only on what is new. The new segments
of a set are checked together by one expression; only when it rejects them is each segment checked alone,
and only a segment its own expression rejects is checked element by element to say what is wrong. Every
shortcut accepts only what the precise checks accept, so the findings are the same with or without them.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import filterfalse
from typing import Literal

from shared.edi.x12.codes import CODES
from shared.edi.x12.dictionary import SEGMENTS
from shared.edi.x12.element_rules import max_length, segment_checker, segment_pattern
from shared.edi.x12.envelope import Segment
from shared.edi.x12.schemas import schema_for
from shared.edi.x12.shape_memory import Shape, ShapeMemory
from shared.edi.x12.structure import LoopSchema, check_structure

__all__ = ["SyntaxChecker", "SyntaxFinding"]

_Matcher = Callable[[str], re.Match[str] | None]
# A segment's first four characters name its tag: the tag ends at the (single-character) separator inside
# them, or the tag is four letters or longer and the structure walk always reports it, so such a sequence
# is never remembered as valid.
_HEAD = operator.itemgetter(slice(0, 4))
# Segments that carry a line item's own values (a new UPC, price, quantity), so they are new in nearly every set.
_LINE_SEGMENTS = frozenset({"PO1", "IT1", "SN1", "LIN", "HL", "RMR", "ADX", "REF", "N1", "DTM", "BEG", "BIG", "BSN"})


@dataclass(frozen=True, slots=True)
class SyntaxFinding:
    """A structure finding (AK304) or an element finding (AK403) at ``position`` (ST = 1)."""

    level: Literal["segment", "element"]
    code: str
    message: str
    position: int
    tag: str
    element: int | None = None


class SyntaxChecker:
    """Checks the sets of one element separator, terminator and version family (004010 or 005010)."""

    # Small enough to stay in the CPU cache: a file's repeating segments are far fewer, and the one-off ones
    # (a new UPC, a new control number) only make a large set slower to probe.
    LIMIT = 4_096

    def __init__(self, sep: str, term: str, v5010: bool, *, shortcuts: bool = True) -> None:
        # Plain attributes, not properties: the validator compares them for every set.
        self.element_separator = sep
        self.terminator = term
        # The shape of the set last checked, when it is one already learned (None otherwise).
        self.shape: Shape | None = None
        self._sep = sep
        self._term = term
        self._v5010 = v5010
        self._shortcuts = shortcuts
        self._segments: set[str] = set()
        self._shapes: set[tuple[str, str | tuple[str, ...]]] = set()
        self._matchers: dict[str, _Matcher | None] = {}
        self._all_valid = _segment_list_matcher(sep, term, v5010) if shortcuts else None
        self._memory = ShapeMemory(sep, term) if shortcuts else None
        # A one-character terminator cannot occur inside a part, so lengths are all ST's elements need.
        self._st_limits = _st_limits(v5010) if len(term) == 1 else None

    def check(self, raw: str, set_id: str, *, envelope: tuple[Segment, Segment] | None = None) -> list[SyntaxFinding]:
        """``raw`` is the set's text, ST to SE, each segment followed by the terminator. ``envelope`` is the
        set's ST and SE when the caller has found them to match (SE02 is ST02, SE01 the count): then what is
        left of their element syntax is checked here from the split header, not with the expressions."""
        parts = raw.split(self._term)
        parts.pop()
        found: list[SyntaxFinding] = []
        schema = schema_for(set_id)
        shape = None
        if schema is not None:
            shape = self._memory.knows(set_id, raw) if self._memory is not None else None
            if shape is None:
                found = self._structure(schema, set_id, parts)
        self.shape = shape
        if not self._shortcuts:
            found.extend(self._check_segments(parts, set(parts)))
            return found
        seen = self._segments
        # ST and SE carry a new control number in every set: when they check out here they are never
        # matched nor remembered.
        body = parts[1:-1] if envelope is not None and self._envelope_valid(*envelope) else parts
        unseen = list(filterfalse(seen.__contains__, body))
        if not unseen:
            return found
        all_valid = self._all_valid
        if all_valid is not None and all_valid(self._term.join(unseen)) is not None:
            if len(seen) + len(unseen) > self.LIMIT:
                seen.clear()
            seen.update(unseen)
            return found
        found.extend(self._check_segments(parts, set(unseen)))
        return found

    def _structure(self, schema: LoopSchema, set_id: str, parts: list[str]) -> list[SyntaxFinding]:
        # Joined by a one-character terminator, which no head can hold, the heads name the sequence as
        # uniquely as a tuple of them and hash in one go.
        shape = (set_id, self._term.join(map(_HEAD, parts)) if len(self._term) == 1 else tuple(map(_HEAD, parts)))
        if shape in self._shapes:
            return []
        sep = self._sep
        tags = [part.split(sep, 1)[0] for part in parts]
        found = [SyntaxFinding("segment", p.code, p.message, p.position, p.tag) for p in check_structure(schema, tags)]
        if not found and self._shortcuts:
            if len(self._shapes) >= self.LIMIT:
                self._shapes.clear()
            self._shapes.add(shape)
            if self._memory is not None:
                self._memory.learn(set_id, tags)
        return found

    def _envelope_valid(self, st: Segment, se: Segment) -> bool:
        """ST and SE element syntax, for a set whose SE02 equals ST02 and whose SE01 is the segment count
        (so both are valid once ST02 is): ST's element lengths, and SE with exactly its two elements."""
        limits = self._st_limits
        if limits is None:
            return False
        st01, st02_min, st02_max, st03_max = limits
        return (
            (len(st) == 3 or (len(st) == 4 and len(st[3]) <= st03_max))
            and len(st[1]) == st01
            and st02_min <= len(st[2]) <= st02_max
            and len(se) == 3
        )

    def _check_segments(self, parts: list[str], unseen: set[str]) -> Iterator[SyntaxFinding]:
        sep = self._sep
        invalid: dict[str, list[SyntaxFinding]] = {}
        valid: list[str] = []
        for part in unseen:
            tag = part.partition(sep)[0]
            matcher = self._matchers[tag] if tag in self._matchers else self._matcher(tag)
            if matcher is None or (self._shortcuts and matcher(part) is not None):
                valid.append(part)
                continue
            checker = segment_checker(tag, self._v5010, precise=not self._shortcuts)
            findings = checker(tuple(part.split(sep))) if checker is not None else []
            if findings:
                invalid[part] = [SyntaxFinding("element", f.code, f.message, 0, tag, f.position) for f in findings]
            else:
                valid.append(part)
        self._remember(valid)
        if not invalid:
            return
        for position, part in enumerate(parts, start=1):
            element_findings = invalid.get(part)
            if element_findings is None:
                continue
            tag = part.split(sep, 1)[0]
            yield SyntaxFinding("segment", "8", f"{tag} has data element errors", position, tag)
            for finding in element_findings:
                yield SyntaxFinding("element", finding.code, finding.message, position, tag, finding.element)

    def _matcher(self, tag: str) -> _Matcher | None:
        """The whole-segment check for ``tag`` (None for segments outside the dictionary)."""
        compiled = None
        if tag in SEGMENTS:
            compiled = re.compile(segment_pattern(tag, self._v5010, self._sep, f"[^{re.escape(self._sep)}]")).fullmatch
        self._matchers[tag] = compiled
        return compiled

    def _remember(self, parts: set[str] | list[str]) -> None:
        if not self._shortcuts:
            return
        if len(self._segments) + len(parts) > self.LIMIT:
            self._segments.clear()
        self._segments.update(parts)


@cache
def _st_limits(v5010: bool) -> tuple[int, int, int, int]:
    """(ST01 length, ST02 minimum and maximum, ST03 maximum) from the dictionary. ST's elements are free text
    or open code lists and SE02 is ST02's element, so within the separators lengths are the whole check
    (tests pin those properties of the dictionary)."""
    (st01, _), (st02, _), (st03, _) = SEGMENTS["ST"].elements
    return st01.min_len, st02.min_len, max_length(st02, v5010), max_length(st03, v5010)


@cache
def _segment_list_matcher(sep: str, term: str, v5010: bool) -> _Matcher | None:
    """Matches segments of the dictionary joined by ``term``, each valid. An element value cannot hold the
    separator or a terminator character, so each alternative matches exactly one whole segment, the same way
    that segment's own expression does; a segment outside the dictionary fails it and is checked alone."""
    literals = set("".join(SEGMENTS)).union(*("".join(codes) for codes in CODES.values()))
    if literals.intersection(sep + term):
        return None  # a tag or code holding a delimiter could match across segments
    anychar = "[^" + re.escape(sep + term) + "]"
    # The engine tries the alternatives in order, so the segments that repeat on every line come first.
    tags = sorted(SEGMENTS, key=lambda tag: (tag not in _LINE_SEGMENTS, tag))
    one = "(?:" + "|".join(segment_pattern(tag, v5010, sep, anychar) for tag in tags) + ")"
    return re.compile(one + "(?:" + re.escape(term) + one + ")*").fullmatch
