"""Segment order, loops, mandatory segments and maximum use, checked against a compact per-set schema.

A schema is written the way implementation guides print it: ``"ST M1, BEG M1, REF O>1, [N1 O200: N1 M1,
N3 O2], SE M1"``; a bracket is a loop whose first segment is its trigger. Codes are the 997 AK304 codes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from shared.edi.x12.dictionary import SEGMENTS

__all__ = ["LoopSchema", "SegmentRule", "StructureFinding", "check_structure", "parse_schema"]

UNBOUNDED = 1 << 30


@dataclass(frozen=True, slots=True)
class SegmentRule:
    tag: str
    required: bool
    max_use: int


@dataclass(frozen=True, slots=True)
class LoopSchema:
    """A loop (or the whole set): its entries in order; ``entries[0]`` is the trigger segment of a loop."""

    trigger: str
    required: bool
    max_repeat: int
    entries: tuple[SegmentRule | LoopSchema, ...]
    index: dict[str, tuple[int, ...]] = field(compare=False, hash=False, default_factory=dict)
    tags: frozenset[str] = frozenset()

    def first_at_or_after(self, tag: str, pos: int) -> int:
        for position in self.index.get(tag, ()):
            if position >= pos:
                return position
        return -1


@dataclass(frozen=True, slots=True)
class StructureFinding:
    position: int  # 1-based position in the transaction set (ST = 1)
    tag: str
    code: str  # AK304
    message: str


_TOKEN = re.compile(r"\s*(\[|\]|,|:|[A-Z0-9]{2,3}\s+[MO](?:>1|\d+))\s*")


def parse_schema(text: str) -> LoopSchema:
    tokens = [t for t in _TOKEN.findall(text) if t != ","]
    entries, rest = _parse_entries(tokens, 0)
    if rest != len(tokens):
        raise ValueError(f"schema has unbalanced brackets near token {rest}: {text[:60]}")
    return _loop("", True, 1, entries)


def _rule(token: str) -> tuple[str, bool, int]:
    tag, usage = token.split()
    return tag, usage[0] == "M", UNBOUNDED if usage[1:] == ">1" else int(usage[1:])


def _parse_entries(tokens: Sequence[str], i: int) -> tuple[list[SegmentRule | LoopSchema], int]:
    entries: list[SegmentRule | LoopSchema] = []
    while i < len(tokens) and tokens[i] != "]":
        if tokens[i] == "[":
            trigger, required, repeat = _rule(tokens[i + 1])
            assert tokens[i + 2] == ":", tokens[i : i + 3]
            inner, i = _parse_entries(tokens, i + 3)
            assert tokens[i] == "]"
            i += 1
            entries.append(_loop(trigger, required, repeat, inner))
        else:
            tag, required, max_use = _rule(tokens[i])
            entries.append(SegmentRule(tag, required, max_use))
            i += 1
    return entries, i


def _loop(trigger: str, required: bool, repeat: int, entries: list[SegmentRule | LoopSchema]) -> LoopSchema:
    index: dict[str, list[int]] = {}
    tags: set[str] = set()
    for position, entry in enumerate(entries):
        tag = entry.tag if isinstance(entry, SegmentRule) else entry.trigger
        index.setdefault(tag, []).append(position)
        tags.add(tag)
        if isinstance(entry, LoopSchema):
            tags |= entry.tags
    return LoopSchema(
        trigger, required, repeat, tuple(entries), {k: tuple(v) for k, v in index.items()}, frozenset(tags)
    )


class _Frame:
    __slots__ = ("counts", "loop", "pos", "repeats")

    def __init__(self, loop: LoopSchema, pos: int) -> None:
        self.loop = loop
        self.pos = pos
        self.counts = [0] * len(loop.entries)
        self.repeats = 1


def check_structure(schema: LoopSchema, tags: Sequence[str]) -> Iterator[StructureFinding]:
    """Walk the tags of one transaction set (ST..SE) through ``schema``."""
    stack = [_Frame(schema, 0)]
    for number, tag in enumerate(tags, start=1):
        # Find the innermost open loop that can take this segment before changing anything, so one stray
        # segment does not close loops it does not belong to.
        target = -1
        slot = -1
        for depth in range(len(stack) - 1, -1, -1):
            frame = stack[depth]
            j = frame.loop.first_at_or_after(tag, frame.pos)
            if j > 0 or (j == 0 and not (frame.loop.trigger and frame.counts[0])):
                target, slot = depth, j
                break
            if frame.loop.trigger and frame.loop.trigger == tag:
                target, slot = depth, -1
                break
        if target < 0:
            yield _stray(schema, stack, number, tag)
            continue
        while len(stack) - 1 > target:
            closed = stack.pop()
            yield from _missing_between(closed, closed.pos + 1, len(closed.loop.entries), number, tag)
        frame = stack[-1]
        loop = frame.loop
        if slot < 0:
            yield from _missing_between(frame, frame.pos + 1, len(loop.entries), number, tag)
            frame.pos = 0
            frame.counts = [0] * len(loop.entries)
            frame.counts[0] = 1
            parent = stack[-2]
            parent.counts[parent.pos] += 1
            if parent.counts[parent.pos] > loop.max_repeat:
                yield StructureFinding(number, tag, "4", f"loop {tag} occurs more than {loop.max_repeat} time(s)")
            continue
        yield from _missing_between(frame, frame.pos + (1 if frame.counts[frame.pos] else 0), slot, number, tag)
        entry = loop.entries[slot]
        frame.pos = slot
        frame.counts[slot] += 1
        if isinstance(entry, SegmentRule):
            if frame.counts[slot] > entry.max_use:
                yield StructureFinding(number, tag, "5", f"{tag} occurs more than {entry.max_use} time(s)")
        else:
            if frame.counts[slot] > entry.max_repeat:
                yield StructureFinding(number, tag, "4", f"loop {tag} occurs more than {entry.max_repeat} time(s)")
            child = _Frame(entry, 0)
            child.counts[0] = 1
            stack.append(child)
    while stack:
        frame = stack.pop()
        yield from _missing_between(frame, frame.pos + 1, len(frame.loop.entries), len(tags), "the end")


def _missing_between(frame: _Frame, start: int, stop: int, number: int, tag: str) -> Iterator[StructureFinding]:
    for k in range(start, stop):
        entry = frame.loop.entries[k]
        if frame.counts[k]:
            continue
        if isinstance(entry, SegmentRule) and entry.required:
            yield StructureFinding(number, entry.tag, "3", f"mandatory segment {entry.tag} is missing before {tag}")
        elif isinstance(entry, LoopSchema) and entry.required:
            yield StructureFinding(
                number, entry.trigger, "3", f"mandatory loop {entry.trigger} is missing before {tag}"
            )


def _stray(schema: LoopSchema, stack: Sequence[_Frame], number: int, tag: str) -> StructureFinding:
    if not re.fullmatch(r"[A-Z][A-Z0-9]{1,2}", tag):
        return StructureFinding(number, tag, "1", f"{tag!r} is not a segment identifier")
    if tag in schema.tags:
        if any(tag in frame.loop.index for frame in stack):
            return StructureFinding(number, tag, "7", f"{tag} is not in its proper sequence")
        return StructureFinding(number, tag, "2", f"{tag} is not expected here")
    if tag in SEGMENTS:
        return StructureFinding(number, tag, "6", f"{tag} is not defined in this transaction set")
    return StructureFinding(number, tag, "2", f"{tag} is not expected here (unknown to this transaction set)")
