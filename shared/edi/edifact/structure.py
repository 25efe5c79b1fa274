"""Segment order, groups, mandatory segments and repeats, checked by walking a compiled message schema."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from shared.edi.edifact.schema_text import STRUCTURES

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


class StructureWalker:
    """Feed it the body segments of one message in order; it reports each deviation once and keeps going."""

    def __init__(self, root: Node, report: Callable[[StructureFinding], None]) -> None:
        self._report = report
        # One frame per open level: (node whose children we are in, index of current child, its repeat count)
        self._nodes: list[Node] = [root]
        self._lookup: list[dict[str, tuple[int, ...]]] = [_lookup(root)]
        self._at: list[int] = [0]
        self._count: list[int] = [0]

    def feed(self, tag: str, position: int) -> None:
        depth = len(self._nodes) - 1
        while depth >= 0:
            candidates = self._lookup[depth].get(tag)
            if candidates:
                at = self._at[depth]
                for j in candidates:
                    if j >= at:
                        self._enter(depth, j, tag, position)
                        return
            depth -= 1
        self._report(StructureFinding("15", f"segment {tag} is not allowed at this position", position, tag))

    def _enter(self, depth: int, j: int, tag: str, position: int) -> None:
        at, count = self._at[depth], self._count[depth]
        # Close the levels deeper than the match, noting their missing mandatory segments.
        for d in range(len(self._nodes) - 1, depth, -1):
            self._missing_after(d, position, tag)
        del self._nodes[depth + 1 :], self._lookup[depth + 1 :], self._at[depth + 1 :], self._count[depth + 1 :]
        children = self._nodes[depth].children
        first_unchecked = at if count == 0 else at + 1
        for k in range(first_unchecked, j):
            self._missing(children[k], position, tag)
        node = children[j]
        repeat = count + 1 if j == at and count > 0 else 1
        self._at[depth] = j
        self._count[depth] = repeat
        if repeat == node.max + 1:
            code = "36" if node.children else "35"
            self._report(
                StructureFinding(code, f"{node.name} repeats more than the {node.max} times allowed", position, tag)
            )
        if node.children:
            self._nodes.append(node)
            self._lookup.append(_lookup(node))
            self._at.append(0)
            self._count.append(0)

    def _missing_after(self, depth: int, position: int, tag: str) -> None:
        children = self._nodes[depth].children
        at, count = self._at[depth], self._count[depth]
        for k in range(at + 1 if count else at, len(children)):
            self._missing(children[k], position, tag)

    def _missing(self, node: Node, position: int, tag: str) -> None:
        if node.min > 0:
            self._report(StructureFinding("13", f"mandatory {node.name} is missing before {tag}", position, tag))

    def finish(self, position: int) -> None:
        """Call at UNT (``position`` = its position): reports what is still missing."""
        for d in range(len(self._nodes) - 1, -1, -1):
            self._missing_after(d, position, "UNT")


_LOOKUPS: dict[int, dict[str, tuple[int, ...]]] = {}


def _lookup(node: Node) -> dict[str, tuple[int, ...]]:
    # Keyed by identity: schema nodes are built once (schema_for is cached) and live for the process.
    found = _LOOKUPS.get(id(node))
    if found is None:
        found = _LOOKUPS[id(node)] = dict(node.index)
    return found
