"""The segment value type: a tag and its data elements, each a tuple of components, already unescaped."""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["Element", "Segment"]

Element = tuple[str, ...]


class Segment(NamedTuple):
    """One segment as sent. Positions in ``get`` are 1-based, as the standard numbers them; trailing empty
    elements are kept so re-serialising gives back what the partner sent.

    A NamedTuple rather than a frozen dataclass: it is as immutable and typed, and the lexer builds millions of
    them, where a frozen dataclass's ``__init__`` costs four times as much (ADR 0120)."""

    tag: str
    elements: tuple[Element, ...] = ()
    # Syntax 4 repetitions of a data element beyond its first occurrence, keyed by 0-based element index.
    repeats: tuple[tuple[int, tuple[Element, ...]], ...] = ()

    def get(self, element: int, component: int = 1) -> str:
        """The value at ``element``/``component`` or "" when absent (EDIFACT makes no difference)."""
        elements = self.elements
        if element > len(elements):
            return ""
        comps = elements[element - 1]
        return comps[component - 1] if component <= len(comps) else ""

    def element(self, element: int) -> Element:
        return self.elements[element - 1] if element <= len(self.elements) else ()

    @classmethod
    def of(cls, tag: str, *elements: str | Element | None) -> Segment:
        """Build a segment for writing: ``None`` is an empty element, strings are simple elements, tuples are
        composites. Trailing empty elements and components are dropped, as the syntax requires."""
        built: list[Element] = []
        for e in elements:
            if e is None:
                built.append(("",))
            elif isinstance(e, str):
                built.append((e,))
            else:
                comps = list(e)
                while len(comps) > 1 and not comps[-1]:
                    comps.pop()
                built.append(tuple(comps) if comps else ("",))
        while built and built[-1] == ("",):
            built.pop()
        return cls(tag, tuple(built))
