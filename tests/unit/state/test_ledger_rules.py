"""The ledger state machine, as a table of every move from every status in both directions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from shared.state.errors import InvalidTransitionError
from shared.state.ledger_rules import HISTORY_LIMIT, REASON_LIMIT, apply_change, new_entry, replay
from shared.state.records import Direction, LedgerChange, LedgerClaim, LedgerEntry, LedgerStatus

pytestmark = pytest.mark.unit

S = LedgerStatus
T0 = datetime(2026, 11, 27, tzinfo=UTC)

ALLOWED = {
    Direction.OUTBOUND: {
        (S.CLAIMED, S.CLAIMED), (S.CLAIMED, S.TRANSLATED), (S.CLAIMED, S.FAILED),
        (S.TRANSLATED, S.TRANSLATED), (S.TRANSLATED, S.DELIVERED), (S.TRANSLATED, S.FAILED),
        (S.DELIVERED, S.DELIVERED), (S.DELIVERED, S.ACKNOWLEDGED), (S.DELIVERED, S.FAILED),
    },
    Direction.INBOUND: {
        (S.CLAIMED, S.CLAIMED), (S.CLAIMED, S.TRANSLATED), (S.CLAIMED, S.FAILED),
        (S.TRANSLATED, S.TRANSLATED), (S.TRANSLATED, S.CREATED), (S.TRANSLATED, S.FAILED),
        (S.CREATED, S.CREATED), (S.CREATED, S.ACKNOWLEDGED), (S.CREATED, S.FAILED),
    },
}  # fmt: skip


def entry_in(status: LedgerStatus, direction: Direction = Direction.OUTBOUND) -> LedgerEntry:
    base = new_entry(LedgerClaim("flow", "key", "P", direction, "corr"), now=T0, version="v1")
    return LedgerEntry(**{**{f: getattr(base, f) for f in base.__slots__}, "status": status})  # type: ignore[arg-type]


@pytest.mark.parametrize("direction", list(Direction))
@pytest.mark.parametrize("source", list(S))
@pytest.mark.parametrize("target", list(S))
def test_every_move(direction: Direction, source: LedgerStatus, target: LedgerStatus) -> None:
    change = LedgerChange(target, reason="why" if target is S.FAILED else None)
    if (source, target) in ALLOWED[direction]:
        assert apply_change(entry_in(source, direction), change, now=T0).status is target
    else:
        with pytest.raises(InvalidTransitionError) as caught:
            apply_change(entry_in(source, direction), change, now=T0)
        assert "flow" in str(caught.value)
        assert "key" in str(caught.value)


def test_staying_put_records_fields_without_history() -> None:
    after = apply_change(entry_in(S.TRANSLATED), LedgerChange(S.TRANSLATED, sterling_document_id="d"), now=T0)
    assert after.sterling_document_id == "d"
    assert after.history == ()


def test_new_attempt_counts() -> None:
    after = apply_change(entry_in(S.CLAIMED), LedgerChange(S.CLAIMED, new_attempt=True), now=T0)
    assert after.attempts == 2


def test_delivered_at_is_the_first_delivery_time() -> None:
    delivered = apply_change(entry_in(S.TRANSLATED), LedgerChange(S.DELIVERED), now=T0)
    later = apply_change(delivered, LedgerChange(S.DELIVERED, sterling_message_id="m"), now=T0 + timedelta(hours=1))
    assert later.delivered_at == T0


def test_reasons_and_history_stay_bounded() -> None:
    entry = entry_in(S.CLAIMED)
    for n in range(HISTORY_LIMIT + 5):
        entry = apply_change(entry, LedgerChange(S.FAILED, reason="x" * 10_000), now=T0 + timedelta(seconds=n))
        entry = replay(entry, now=T0 + timedelta(seconds=n))
    assert len(entry.history) == HISTORY_LIMIT
    assert entry.attempts == HISTORY_LIMIT + 6
    failed = apply_change(entry, LedgerChange(S.FAILED, reason="y" * 10_000), now=T0)
    assert failed.failure_reason is not None
    assert len(failed.failure_reason) == REASON_LIMIT
    assert all(len(step.reason or "") <= 500 for step in failed.history)


def test_only_failed_entries_replay() -> None:
    for status in S:
        if status is S.FAILED:
            assert replay(entry_in(status), now=T0).status is S.CLAIMED
        else:
            with pytest.raises(InvalidTransitionError, match="only failed"):
                replay(entry_in(status), now=T0)
