"""The ledger's contract: claim once, move by the state machine, lose stale races, answer the flows' queries."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest

from shared.errors import ConcurrencyConflictError
from shared.state import StateStores
from shared.state.errors import InvalidTransitionError
from shared.state.records import (
    Direction,
    EnvelopeControls,
    LedgerChange,
    LedgerClaim,
    LedgerStatus,
    PayloadRef,
)

pytestmark = pytest.mark.contract

S = LedgerStatus
REF = PayloadRef("a" * 64)


def claim_of(key: str, *, flow: str = "purchase-order-850", partner: str = "BIGBOX", **extra: str) -> LedgerClaim:
    return LedgerClaim(flow, key, partner, Direction.OUTBOUND, correlation_id=f"corr-{key}", **extra)


def test_first_claim_wins_and_later_claims_get_the_existing_entry(stores: StateStores) -> None:
    first = stores.ledger.claim(claim_of("USMF|PO-000123", sterling_message_name="BIGBOX_850_PO-000123"))
    again = stores.ledger.claim(claim_of("USMF|PO-000123"))

    assert first.won
    assert not again.won
    assert again.entry == first.entry
    assert first.entry.status is S.CLAIMED
    assert first.entry.attempts == 1
    assert first.entry.correlation_id == "corr-USMF|PO-000123"
    assert first.entry.sterling_message_name == "BIGBOX_850_PO-000123"
    assert stores.ledger.get("purchase-order-850", "USMF|PO-000123") == first.entry


def test_same_natural_key_in_another_flow_is_another_document(stores: StateStores) -> None:
    assert stores.ledger.claim(claim_of("USMF|1001", flow="purchase-order-850")).won
    assert stores.ledger.claim(claim_of("USMF|1001", flow="sales-invoice-810")).won
    assert stores.ledger.get("sales-order-850-in", "USMF|1001") is None


def test_outbound_entry_walks_the_state_machine_and_keeps_what_each_step_recorded(stores: StateStores) -> None:
    entry = stores.ledger.claim(claim_of("USMF|PO-1")).entry
    controls = EnvelopeControls(interchange="000000042", group="42", transaction="0001")
    entry = stores.ledger.transition(entry, LedgerChange(S.TRANSLATED, controls=controls, output_payload=REF))
    entry = stores.ledger.transition(entry, LedgerChange(S.TRANSLATED, sterling_document_id="doc-77"))
    entry = stores.ledger.transition(entry, LedgerChange(S.DELIVERED, sterling_message_id="msg-9001"))
    entry = stores.ledger.transition(entry, LedgerChange(S.ACKNOWLEDGED))

    stored = stores.ledger.get("purchase-order-850", "USMF|PO-1")
    assert stored == entry
    assert stored.status is S.ACKNOWLEDGED
    assert stored.controls == controls
    assert stored.output_payload == REF
    assert stored.sterling_document_id == "doc-77"
    assert stored.sterling_message_id == "msg-9001"
    assert stored.delivered_at is not None
    assert stored.acknowledged_at is not None
    assert [(t.from_status, t.to_status) for t in stored.history] == [
        (S.CLAIMED, S.TRANSLATED),
        (S.TRANSLATED, S.DELIVERED),
        (S.DELIVERED, S.ACKNOWLEDGED),
    ]


def test_inbound_entry_ends_in_created_not_delivered(stores: StateStores) -> None:
    claim = LedgerClaim("sales-order-850-in", "msg-1", "BIGBOX", Direction.INBOUND, "c", sterling_message_id="msg-1")
    entry = stores.ledger.claim(claim).entry
    entry = stores.ledger.transition(entry, LedgerChange(S.TRANSLATED))
    with pytest.raises(InvalidTransitionError):
        stores.ledger.transition(entry, LedgerChange(S.DELIVERED))
    entry = stores.ledger.transition(entry, LedgerChange(S.CREATED, dynamics_record_key="USMF|SO-000555"))
    assert entry.status is S.CREATED
    assert stores.ledger.get("sales-order-850-in", "msg-1").dynamics_record_key == "USMF|SO-000555"


def test_a_stale_version_loses_and_changes_nothing(stores: StateStores) -> None:
    entry = stores.ledger.claim(claim_of("USMF|PO-2")).entry
    winner = stores.ledger.transition(entry, LedgerChange(S.TRANSLATED, sterling_document_id="doc-winner"))

    with pytest.raises(ConcurrencyConflictError) as caught:
        stores.ledger.transition(entry, LedgerChange(S.FAILED, reason="late loser"))

    assert caught.value.retryable
    assert "USMF|PO-2" in str(caught.value)
    assert stores.ledger.get("purchase-order-850", "USMF|PO-2") == winner
    assert winner.version != entry.version


def test_forbidden_moves_are_refused(stores: StateStores) -> None:
    entry = stores.ledger.claim(claim_of("USMF|PO-3")).entry
    with pytest.raises(InvalidTransitionError):
        stores.ledger.transition(entry, LedgerChange(S.ACKNOWLEDGED))
    with pytest.raises(InvalidTransitionError):
        stores.ledger.transition(entry, LedgerChange(S.FAILED))  # no reason
    assert stores.ledger.get("purchase-order-850", "USMF|PO-3") == entry


def test_failure_then_replay_keeps_history_and_counts_attempts(stores: StateStores) -> None:
    entry = stores.ledger.claim(claim_of("USMF|PO-4")).entry
    entry = stores.ledger.transition(entry, LedgerChange(S.TRANSLATED, sterling_document_id="doc-4"))
    failed = stores.ledger.transition(entry, LedgerChange(S.FAILED, reason="Sterling answered 400: unknown mailbox"))
    assert failed.failure_reason == "Sterling answered 400: unknown mailbox"
    with pytest.raises(InvalidTransitionError):
        stores.ledger.transition(failed, LedgerChange(S.TRANSLATED))

    replayed = stores.ledger.reset_for_replay(failed)

    assert replayed.status is S.CLAIMED
    assert replayed.attempts == 2
    assert replayed.failure_reason is None
    assert replayed.sterling_document_id == "doc-4"  # the retry reuses the uploaded document
    assert [t.to_status for t in replayed.history] == [S.TRANSLATED, S.FAILED, S.CLAIMED]
    assert replayed.history[1].reason == "Sterling answered 400: unknown mailbox"
    assert stores.ledger.get("purchase-order-850", "USMF|PO-4") == replayed
    with pytest.raises(ConcurrencyConflictError):
        stores.ledger.reset_for_replay(failed)  # a second operator replaying the same stale copy
    with pytest.raises(InvalidTransitionError):
        stores.ledger.reset_for_replay(replayed)


def test_failed_entries_by_partner_and_flow_newest_first(stores: StateStores) -> None:
    def fail(key: str, flow: str, partner: str) -> None:
        entry = stores.ledger.claim(claim_of(key, flow=flow, partner=partner)).entry
        stores.ledger.transition(entry, LedgerChange(S.FAILED, reason=f"bad {key}"))

    fail("k1", "purchase-order-850", "BIGBOX")
    fail("k2", "sales-invoice-810", "BIGBOX")
    fail("k3", "purchase-order-850", "MEGAMART")
    stores.ledger.claim(claim_of("k4", partner="BIGBOX"))  # not failed

    assert [e.natural_key for e in stores.ledger.failed()] == ["k3", "k2", "k1"]
    assert [e.natural_key for e in stores.ledger.failed(partner="BIGBOX")] == ["k2", "k1"]
    assert [e.natural_key for e in stores.ledger.failed(flow="purchase-order-850")] == ["k3", "k1"]
    assert [e.natural_key for e in stores.ledger.failed(partner="BIGBOX", flow="sales-invoice-810")] == ["k2"]
    assert [e.natural_key for e in stores.ledger.failed(limit=1)] == ["k3"]


def test_delivered_entries_awaiting_acknowledgment_past_a_cutoff(stores: StateStores) -> None:
    def deliver(key: str, partner: str, *, acknowledge: bool = False) -> None:
        entry = stores.ledger.claim(claim_of(key, partner=partner)).entry
        entry = stores.ledger.transition(entry, LedgerChange(S.TRANSLATED))
        entry = stores.ledger.transition(entry, LedgerChange(S.DELIVERED))
        if acknowledge:
            stores.ledger.transition(entry, LedgerChange(S.ACKNOWLEDGED))

    deliver("old-1", "BIGBOX")
    deliver("old-2", "MEGAMART")
    deliver("acked", "BIGBOX", acknowledge=True)
    stores.ledger.claim(claim_of("not-sent", partner="BIGBOX"))
    cutoff = datetime.now(UTC) + timedelta(seconds=1)

    assert [e.natural_key for e in stores.ledger.awaiting_acknowledgment(delivered_before=cutoff)] == [
        "old-1",
        "old-2",
    ]
    assert [
        e.natural_key for e in stores.ledger.awaiting_acknowledgment(delivered_before=cutoff, partner="BIGBOX")
    ] == ["old-1"]
    assert stores.ledger.awaiting_acknowledgment(delivered_before=cutoff - timedelta(hours=1)) == []


def test_find_by_sterling_message_id(stores: StateStores) -> None:
    inbound = LedgerClaim(
        "sales-order-850-in", "BIGBOX|PO 77#A", "BIGBOX", Direction.INBOUND, "c", sterling_message_id="m/1?x"
    )
    claimed = stores.ledger.claim(inbound).entry
    outbound = stores.ledger.claim(claim_of("USMF|PO-5")).entry
    outbound = stores.ledger.transition(outbound, LedgerChange(S.TRANSLATED))
    outbound = stores.ledger.transition(outbound, LedgerChange(S.DELIVERED, sterling_message_id="m-2"))

    assert stores.ledger.find_by_message_id("m/1?x") == claimed
    assert stores.ledger.find_by_message_id("m-2") == outbound
    assert stores.ledger.find_by_message_id("m-unknown") is None


def test_natural_keys_with_characters_table_keys_forbid(stores: StateStores) -> None:
    keys = ["PO#12/A?b\\c", "tab\there", "nul\x00del\x7f\x9f", "%2F+plus~tilde", "'quote'", "", "x" * 2000]
    for key in keys:
        assert stores.ledger.claim(claim_of(key)).won, key
    for key in keys:
        entry = stores.ledger.get("purchase-order-850", key)
        assert entry is not None
        assert entry.natural_key == key
        assert not stores.ledger.claim(claim_of(key)).won
    long_a, long_b = "y" * 1500 + "a", "y" * 1500 + "b"  # same readable head, different digests
    assert stores.ledger.claim(claim_of(long_a)).won
    assert stores.ledger.claim(claim_of(long_b)).won


def test_two_workers_claiming_one_key_exactly_one_wins(stores: StateStores) -> None:
    def race(key: str) -> list[bool]:
        barrier = threading.Barrier(2)

        def worker(_: int) -> bool:
            barrier.wait()
            return stores.ledger.claim(claim_of(key)).won

        with ThreadPoolExecutor(2) as pool:
            return list(pool.map(worker, range(2)))

    for round_no in range(10):
        assert sorted(race(f"race-{round_no}")) == [False, True]
