"""An in-memory ControlNumberAllocator: for tests, the CLI and one-off acknowledgments, never for production
sending (production numbers come from the state layer so they survive restarts)."""

from __future__ import annotations

from shared.edi.model import ControlKind

__all__ = ["InMemoryControlNumbers"]


class InMemoryControlNumbers:
    def __init__(self, start: int = 1) -> None:
        self._start = start
        self._next: dict[tuple[str, ControlKind], int] = {}

    def allocate(self, scope: str, kind: ControlKind) -> int:
        key = (scope, kind)
        number = self._next.get(key, self._start)
        self._next[key] = number + 1
        return number
