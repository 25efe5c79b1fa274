"""Segment order, groups, mandatory segments and repeats, checked by walking a compiled message schema."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from shared.edi.edifact.schemas import STRUCTURES

__all__ = ["Node", "StructureFinding", "StructureWalker", "schema_for"]


@dataclass(frozen=True, slots=True)
class Node:
    """A segment position. With ``children`` it is the trigger of segment group ``group``."""

    tag: str
    min: int
    max: int
    children: tuple[Node, ...] = ()
    group: int | None = None
    # Where each tag may appear among ``children``, precomputed for the walker.
    index: tuple[tuple[str, tuple[int, ...]], ...] = ()

    @property
    def name(self) -> str:
        return f"segment group {self.group} ({self.tag})" if self.group else self.tag


@dataclass(frozen=True, slots=True)
class StructureFinding:
    """``code`` is the CONTRL 0085 code: 13 missing, 15 not supported in position, 35/36 too many repeats."""

    code: str
    message: str
    position: int  # segment position in the message (UNH = 1) where it was noticed
    tag: str


def _parse(text: str) -> Node:
    entries: list[tuple[int, str, int, int]] = []
    for line in text.strip("\n").splitlines():
        depth = (len(line) - len(line.lstrip(" "))) // 2
        tag, lo, hi = line.split()
        entries.append((depth, tag, int(lo), int(hi)))
    counter = [0]

    def build(start: int, depth: int) -> tuple[tuple[Node, ...], int]:
        nodes: list[Node] = []
        i = start
        while i < len(entries) and entries[i][0] == depth:
            _, tag, lo, hi = entries[i]
            i += 1
            if i < len(entries) and entries[i][0] > depth:
                counter[0] += 1
                group = counter[0]
                children, i = build(i, depth + 1)
                nodes.append(Node(tag, lo, hi, children, group, _index(children)))
            else:
                nodes.append(Node(tag, lo, hi))
        return tuple(nodes), i

    children, _ = build(0, 0)
    return Node("UNH", 1, 1, children, 0, _index(children))


def _index(nodes: tuple[Node, ...]) -> tuple[tuple[str, tuple[int, ...]], ...]:
    where: dict[str, list[int]] = {}
    for i, n in enumerate(nodes):
        where.setdefault(n.tag, []).append(i)
    return tuple((t, tuple(v)) for t, v in where.items())


@cache
def schema_for(message_type: str, directory: str) -> Node | None:
    text = STRUCTURES.get((message_type, directory)) or STRUCTURES.get((message_type, "*"))
    return _parse(text) if text else None


class _Frame:
    """One open level: the node whose children we are among, which child we are at and how often it repeated."""

    __slots__ = ("at", "count", "lookup", "next_mandatory", "node")

    def __init__(self, node: Node) -> None:
        self.node = node
        self.lookup, self.next_mandatory = _tables(node)
        self.at = 0
        self.count = 0


class StructureWalker:
    """Feed it the body segments of one message in order; it reports each deviation once and keeps going."""

    def __init__(self, root: Node, report: Callable[[StructureFinding], None]) -> None:
        self._report = report
        self._frames: list[_Frame] = [_Frame(root)]

    def feed(self, tag: str, position: int) -> None:
        frames = self._frames
        depth = len(frames) - 1
        frame = frames[depth]
        candidates = frame.lookup.get(tag)
        if candidates is not None:
            # The common case, inline: a plain segment that repeats or follows at the innermost level.
            at, count = frame.at, frame.count
            for j in candidates:
                if j < at:
                    continue
                node = frame.node.children[j]
                if node.children:
                    break
                if j == at and count:
                    frame.count = count + 1
                    if count == node.max:
                        self._too_many(node, position, tag)
                    return
                if frame.next_mandatory[at + 1 if count else at] >= j:
                    frame.at, frame.count = j, 1
                    return
                break
        while depth >= 0:
            frame = frames[depth]
            candidates = frame.lookup.get(tag)
            if candidates is not None:
                at = frame.at
                for j in candidates:
                    if j >= at:
                        self._enter(depth, j, tag, position)
                        return
            depth -= 1
        self._report(StructureFinding("15", f"segment {tag} is not allowed at this position", position, tag))

    def _enter(self, depth: int, j: int, tag: str, position: int) -> None:
        frames = self._frames
        # Close the levels deeper than the match, noting their missing mandatory segments.
        while len(frames) - 1 > depth:
            self._missing_after(frames.pop(), position, tag)
        frame = frames[depth]
        at, count = frame.at, frame.count
        first_unchecked = at + 1 if count else at
        if frame.next_mandatory[first_unchecked] < j:
            for k in range(first_unchecked, j):
                self._missing(frame.node.children[k], position, tag)
        node = frame.node.children[j]
        repeat = count + 1 if j == at and count > 0 else 1
        frame.at = j
        frame.count = repeat
        if repeat == node.max + 1:
            self._too_many(node, position, tag)
        if node.children:
            frames.append(_Frame(node))

    def _too_many(self, node: Node, position: int, tag: str) -> None:
        code = "36" if node.children else "35"
        self._report(
            StructureFinding(code, f"{node.name} repeats more than the {node.max} times allowed", position, tag)
        )

    def _missing_after(self, frame: _Frame, position: int, tag: str) -> None:
        children = frame.node.children
        start = frame.at + 1 if frame.count else frame.at
        if frame.next_mandatory[start] < len(children):
            for k in range(start, len(children)):
                self._missing(children[k], position, tag)

    def _missing(self, node: Node, position: int, tag: str) -> None:
        if node.min > 0:
            self._report(StructureFinding("13", f"mandatory {node.name} is missing before {tag}", position, tag))

    def finish(self, position: int) -> None:
        """Call at UNT (``position`` = its position): reports what is still missing."""
        while self._frames:
            self._missing_after(self._frames.pop(), position, "UNT")


_TABLES: dict[int, tuple[dict[str, tuple[int, ...]], tuple[int, ...]]] = {}


def _tables(node: Node) -> tuple[dict[str, tuple[int, ...]], tuple[int, ...]]:
    """Where each tag may appear among ``node``'s children, and for each child index k (and one past the end)
    the index of the first mandatory child at or after k, or the number of children: a range of children
    holds a mandatory one exactly when that index falls inside it.

    Keyed by identity: schema nodes are built once (``schema_for`` is cached) and live for the process."""
    found = _TABLES.get(id(node))
    if found is None:
        children = node.children
        table = [len(children)] * (len(children) + 1)
        for k in range(len(children) - 1, -1, -1):
            table[k] = k if children[k].min > 0 else table[k + 1]
        found = _TABLES[id(node)] = (dict(node.index), tuple(table))
    return found
