"""The cursors' contract: read with a version, advance only by compare-and-swap, never backwards."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from shared.errors import ConcurrencyConflictError
from shared.state import StateStores
from shared.state.errors import InvalidTransitionError
from shared.state.records import CursorPosition

pytestmark = pytest.mark.contract

T0 = datetime(2026, 11, 27, 3, 0, 5, 123456, tzinfo=UTC)
MAILBOX = "sterling-mailbox:/BIGBOX/Inbox"


def test_an_unwritten_cursor_has_no_position_and_no_version(stores: StateStores) -> None:
    cursor = stores.cursors.read(MAILBOX)
    assert cursor.name == MAILBOX
    assert cursor.position is None
    assert cursor.version is None


def test_advance_stores_the_mark_and_the_ids_seen_at_it(stores: StateStores) -> None:
    first = stores.cursors.advance(stores.cursors.read(MAILBOX), CursorPosition(T0, frozenset({"101", "102"})))
    assert stores.cursors.read(MAILBOX) == first
    # Messages share a second: same mark, more ids seen.
    second = stores.cursors.advance(first, CursorPosition(T0, frozenset({"101", "102", "103"})))
    third = stores.cursors.advance(second, CursorPosition(T0 + timedelta(seconds=1), frozenset({"104"})))

    read = stores.cursors.read(MAILBOX)
    assert read == third
    assert read.position == CursorPosition(T0 + timedelta(seconds=1), frozenset({"104"}))
    assert len({first.version, second.version, third.version}) == 3


def test_marks_are_kept_in_utc_to_the_microsecond(stores: StateStores) -> None:
    local = datetime(2026, 11, 27, 5, 0, 5, 123456, tzinfo=timezone(timedelta(hours=2)))
    stores.cursors.advance(stores.cursors.read("dynamics:SalesInvoiceHeadersV2"), CursorPosition(local))
    position = stores.cursors.read("dynamics:SalesInvoiceHeadersV2").position
    assert position is not None
    assert position.mark == T0
    assert position.mark.utcoffset() == timedelta(0)
    with pytest.raises(ValueError, match="timezone-aware"):
        CursorPosition(datetime(2026, 11, 27))  # noqa: DTZ001 - the naive value is the point


def test_a_stale_version_cannot_move_the_cursor(stores: StateStores) -> None:
    start = stores.cursors.advance(stores.cursors.read(MAILBOX), CursorPosition(T0))
    other_instance = stores.cursors.advance(start, CursorPosition(T0 + timedelta(minutes=5)))

    with pytest.raises(ConcurrencyConflictError):
        stores.cursors.advance(start, CursorPosition(T0 + timedelta(minutes=1)))

    assert stores.cursors.read(MAILBOX) == other_instance


def test_two_first_writers_one_loses(stores: StateStores) -> None:
    never_written = stores.cursors.read(MAILBOX)
    stores.cursors.advance(never_written, CursorPosition(T0))
    with pytest.raises(ConcurrencyConflictError):
        stores.cursors.advance(never_written, CursorPosition(T0 + timedelta(seconds=1)))
    assert stores.cursors.read(MAILBOX).position == CursorPosition(T0)


def test_a_cursor_never_moves_backwards_or_forgets_ids(stores: StateStores) -> None:
    current = stores.cursors.advance(stores.cursors.read(MAILBOX), CursorPosition(T0, frozenset({"1", "2"})))
    with pytest.raises(InvalidTransitionError):
        stores.cursors.advance(current, CursorPosition(T0 - timedelta(microseconds=1)))
    with pytest.raises(InvalidTransitionError):
        stores.cursors.advance(current, CursorPosition(T0, frozenset({"1"})))
    assert stores.cursors.read(MAILBOX) == current


def test_cursor_names_with_forbidden_key_characters(stores: StateStores) -> None:
    names = ["mailbox:/A/B#1?x", "back\\slash", "ctl\x01\x1f"]
    for n, name in enumerate(names):
        stores.cursors.advance(stores.cursors.read(name), CursorPosition(T0 + timedelta(seconds=n)))
    for n, name in enumerate(names):
        position = stores.cursors.read(name).position
        assert position is not None
        assert position.mark == T0 + timedelta(seconds=n)
