"""Segment-tag sequences already found valid, recognised straight from a set's raw text.

Cutting every segment's tag out and hashing the sequence costs more than the structure check saves on a
file whose sets share a handful of shapes. Instead the valid sequences of each transaction set are kept as a
tree (a trie of tags) and compiled into one expression that skips over element data; a set it matches has a
tag sequence the structure walk has already accepted, so the walk is not needed. The expression can only
match a sequence that was learned, so it never accepts what the walk would reject.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

__all__ = ["Shape", "ShapeMemory"]

_Trie = dict[str | None, "_Trie"]
# Marks the end of a learned sequence inside the trie. Not a string: a segment with nothing before its first
# separator has the empty tag, and an end marker must never be mistaken for a tag.
_END = None


@dataclass(frozen=True, slots=True)
class Shape:
    """A learned tag sequence, and how often each tag occurs in it (what line-count checks need)."""

    tags: tuple[str, ...]
    counts: Mapping[str, int]


class ShapeMemory:
    """Valid tag sequences of one element separator and terminator, per transaction set identifier."""

    # Long sets (a big 856) rarely repeat their exact shape and would make the expression large.
    MAX_SEGMENTS = 100
    # Beyond this many shapes for one set the expression stops growing; new shapes are still checked.
    MAX_SHAPES = 256

    def __init__(self, sep: str, term: str) -> None:
        # After the tag comes its separator or the terminator (so "PO1" never accepts a "PO12" segment), then
        # element data up to the terminator.
        ends = "(?=" + re.escape(sep) + "|" + re.escape(term) + ")"
        self._segment = ends + "[^" + re.escape("".join(sorted(set(term)))) + "]*+" + re.escape(term)
        self._tries: dict[str, _Trie] = {}
        self._counts: dict[str, int] = {}
        self._matchers: dict[str, Callable[[str], re.Match[str] | None]] = {}
        # Per set, the shape each capturing group of its expression stands for (group n at index n - 1).
        self._shapes: dict[str, list[Shape]] = {}
        self._compiled_counts: dict[str, int] = {}
        self._misses: dict[str, int] = {}

    def knows(self, set_id: str, raw: str) -> Shape | None:
        """The learned and compiled shape of ``raw`` (a set's text, every segment followed by the terminator)
        for ``set_id``, or None."""
        matcher = self._matchers.get(set_id)
        if matcher is not None:
            match = matcher(raw)
            if match is not None:
                return self._shapes[set_id][match.lastindex - 1]  # type: ignore[operator]
        self._misses[set_id] = self._misses.get(set_id, 0) + 1
        self._compile_if_due(set_id)
        return None

    def learn(self, set_id: str, tags: Sequence[str]) -> None:
        """Remember a sequence the structure walk accepted. It is compiled in lazily, once enough sets have
        missed the current expression to pay for compiling a new one (each compile at least doubles the
        misses it waits for, so a file of ever-new shapes compiles only a few times)."""
        count = self._counts.get(set_id, 0)
        if len(tags) > self.MAX_SEGMENTS or count >= self.MAX_SHAPES or not tags:
            return
        node = self._tries.setdefault(set_id, {})
        for tag in tags:
            node = node.setdefault(tag, {})
        if _END not in node:
            node[_END] = {}
            self._counts[set_id] = count + 1
            self._compile_if_due(set_id)

    def _compile_if_due(self, set_id: str) -> None:
        learned = self._counts.get(set_id, 0)
        compiled = self._compiled_counts.get(set_id, 0)
        if learned == compiled or self._misses.get(set_id, 0) <= 4 * compiled:
            return
        shapes: list[Shape] = []
        self._matchers[set_id] = re.compile(self._pattern(self._tries[set_id], (), shapes)).fullmatch
        self._shapes[set_id] = shapes
        self._compiled_counts[set_id] = learned
        self._misses[set_id] = 0

    def _pattern(self, trie: _Trie, path: tuple[str, ...], shapes: list[Shape]) -> str:
        """The expression for ``trie`` below ``path``; each learned sequence ends in an empty capturing group,
        so the group that matched names the shape."""
        choices = []
        for tag, child in trie.items():
            if tag is _END:
                shapes.append(Shape(path, Counter(path)))
                choices.append("()")
            else:
                choices.append(re.escape(tag) + self._segment + self._pattern(child, (*path, tag), shapes))
        return choices[0] if len(choices) == 1 else "(?:" + "|".join(choices) + ")"
