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
from typing import Literal

from shared.edi.x12.codes import CODES
from shared.edi.x12.dictionary import SEGMENTS
from shared.edi.x12.element_rules import segment_checker, segment_pattern
from shared.edi.x12.schemas import schema_for
from shared.edi.x12.structure import check_structure

__all__ = ["SyntaxChecker", "SyntaxFinding"]

_Matcher = Callable[[str], re.Match[str] | None]
# A segment's first four characters name its tag: the tag ends at the (single-character) separator inside
# them, or the tag is four letters or longer and the structure walk always reports it, so such a sequence
# is never remembered as valid.
_HEAD = operator.itemgetter(slice(0, 4))


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
        self._sep = sep
        self._term = term
        self._v5010 = v5010
        self._shortcuts = shortcuts
        self._segments: set[str] = set()
        self._shapes: set[tuple[str, str | tuple[str, ...]]] = set()
        self._matchers: dict[str, _Matcher | None] = {}
        self._all_valid = _segment_list_matcher(sep, term, v5010) if shortcuts else None

    @property
    def element_separator(self) -> str:
        return self._sep

    @property
    def terminator(self) -> str:
        return self._term

    def check(self, raw: str, set_id: str) -> list[SyntaxFinding]:
        """``raw`` is the set's text, ST to SE, each segment followed by the terminator."""
        parts = raw.split(self._term)
        parts.pop()
        found: list[SyntaxFinding] = []
        schema = schema_for(set_id)
        if schema is not None:
            # Joined by a one-character terminator, which no head can hold, the heads name the sequence as
            # uniquely as a tuple of them and hash in one go.
            shape = (set_id, self._term.join(map(_HEAD, parts)) if len(self._term) == 1 else tuple(map(_HEAD, parts)))
            if shape not in self._shapes:
                sep = self._sep
                found = [
                    SyntaxFinding("segment", p.code, p.message, p.position, p.tag)
                    for p in check_structure(schema, [part.split(sep, 1)[0] for part in parts])
                ]
                if not found and self._shortcuts:
                    if len(self._shapes) >= self.LIMIT:
                        self._shapes.clear()
                    self._shapes.add(shape)
        unseen = set(parts).difference(self._segments)
        if not unseen:
            return found
        all_valid = self._all_valid
        if all_valid is not None and all_valid(self._term.join(unseen)) is not None:
            if len(self._segments) + len(unseen) > self.LIMIT:
                self._segments.clear()
            self._segments.update(unseen)
            return found
        found.extend(self._check_segments(parts, unseen))
        return found

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
def _segment_list_matcher(sep: str, term: str, v5010: bool) -> _Matcher | None:
    """Matches segments of the dictionary joined by ``term``, each valid. An element value cannot hold the
    separator or a terminator character, so each alternative matches exactly one whole segment, the same way
    that segment's own expression does; a segment outside the dictionary fails it and is checked alone."""
    literals = set("".join(SEGMENTS)).union(*("".join(codes) for codes in CODES.values()))
    if literals.intersection(sep + term):
        return None  # a tag or code holding a delimiter could match across segments
    anychar = "[^" + re.escape(sep + term) + "]"
    one = "(?:" + "|".join(segment_pattern(tag, v5010, sep, anychar) for tag in SEGMENTS) + ")"
    return re.compile(one + "(?:" + re.escape(term) + one + ")*").fullmatch
