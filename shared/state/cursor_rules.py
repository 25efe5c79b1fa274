"""The one rule every cursor adapter enforces besides compare-and-swap: a cursor never moves backwards."""

from __future__ import annotations

from shared.state.errors import InvalidTransitionError
from shared.state.records import Cursor, CursorPosition

__all__ = ["ensure_forward"]


def ensure_forward(cursor: Cursor, position: CursorPosition) -> None:
    """Refuse a position behind the one read: re-reading would skip nothing, moving back would redeliver."""
    current = cursor.position
    if current is None:
        return
    if position.mark < current.mark:
        raise InvalidTransitionError(
            f"cursor {cursor.name!r} would move back from {current.mark.isoformat()} to {position.mark.isoformat()}",
            context={"cursor": cursor.name},
            hint="compute the next position from the one read; cursors only move forward",
        )
    if position.mark == current.mark and not position.seen_at_mark >= current.seen_at_mark:
        raise InvalidTransitionError(
            f"cursor {cursor.name!r} would forget ids already seen at {current.mark.isoformat()}",
            context={"cursor": cursor.name},
            hint="at the same mark, add to the seen ids; never drop them",
        )
