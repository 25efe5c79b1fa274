"""The audit log's contract: append-only, queried by natural key, partner, flow, outcome and time, newest first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from shared.state import StateStores
from shared.state.records import AUDIT_MESSAGE_LIMIT, AuditEvent, AuditOutcome, AuditQuery, PayloadRef

pytestmark = pytest.mark.contract

T0 = datetime(2026, 11, 26, 23, 59, 58, tzinfo=UTC)  # the events straddle midnight
REF = PayloadRef("b" * 64)


def event(minutes: float, key: str, partner: str, outcome: AuditOutcome, *, flow: str = "po-850") -> AuditEvent:
    return AuditEvent(
        at=T0 + timedelta(minutes=minutes),
        flow=flow,
        natural_key=key,
        partner=partner,
        step="deliver",
        outcome=outcome,
        message=f"{key} {outcome.value}",
        invocation_id="inv-1",
        correlation_id=f"corr-{key}",
        payload=REF,
    )


@pytest.fixture
def events(stores: StateStores) -> list[AuditEvent]:
    written = [
        event(0, "USMF|PO#1", "BIGBOX", AuditOutcome.STARTED),
        event(1, "USMF|PO#1", "BIGBOX", AuditOutcome.FAILED),
        event(2, "USMF|PO-2", "MEGAMART", AuditOutcome.SUCCEEDED),
        event(3, "USMF|PO#1", "BIGBOX", AuditOutcome.SUCCEEDED, flow="invoice-810"),
        event(60 * 24 + 5, "USMF|PO-3", "BIGBOX", AuditOutcome.FAILED),  # the next day but one
    ]
    for e in [written[2], written[0], written[4], written[1], written[3]]:  # order of arrival does not matter
        stores.audit.append(e)
    return written


def keys_and_minutes(found: list[AuditEvent]) -> list[tuple[str, int]]:
    return [(e.natural_key, int((e.at - T0).total_seconds() // 60)) for e in found]


def test_events_round_trip_whole(stores: StateStores, events: list[AuditEvent]) -> None:
    assert stores.audit.query(AuditQuery(natural_key="USMF|PO-2")) == [events[2]]


def test_everything_newest_first(stores: StateStores, events: list[AuditEvent]) -> None:
    assert stores.audit.query(AuditQuery()) == list(reversed(events))


def test_by_natural_key(stores: StateStores, events: list[AuditEvent]) -> None:
    assert stores.audit.query(AuditQuery(natural_key="USMF|PO#1")) == [events[3], events[1], events[0]]
    assert stores.audit.query(AuditQuery(natural_key="USMF|PO#1", flow="po-850")) == [events[1], events[0]]
    assert stores.audit.query(AuditQuery(natural_key="nothing")) == []


def test_by_partner(stores: StateStores, events: list[AuditEvent]) -> None:
    assert keys_and_minutes(stores.audit.query(AuditQuery(partner="BIGBOX"))) == [
        ("USMF|PO-3", 1445),
        ("USMF|PO#1", 3),
        ("USMF|PO#1", 1),
        ("USMF|PO#1", 0),
    ]


def test_by_outcome(stores: StateStores, events: list[AuditEvent]) -> None:
    assert stores.audit.query(AuditQuery(outcome=AuditOutcome.FAILED)) == [events[4], events[1]]
    assert stores.audit.query(AuditQuery(outcome=AuditOutcome.FAILED, partner="MEGAMART")) == []


def test_by_time_range_since_inclusive_until_exclusive(stores: StateStores, events: list[AuditEvent]) -> None:
    found = stores.audit.query(AuditQuery(since=events[1].at, until=events[3].at))
    assert found == [events[2], events[1]]
    assert stores.audit.query(AuditQuery(since=events[4].at)) == [events[4]]
    assert stores.audit.query(AuditQuery(until=events[1].at)) == [events[0]]
    assert stores.audit.query(AuditQuery(natural_key="USMF|PO#1", since=events[1].at)) == [events[3], events[1]]


def test_limit_keeps_the_newest(stores: StateStores, events: list[AuditEvent]) -> None:
    assert stores.audit.query(AuditQuery(limit=2)) == [events[4], events[3]]
    assert stores.audit.query(AuditQuery(partner="BIGBOX", limit=1)) == [events[4]]


def test_optional_fields_may_be_absent(stores: StateStores) -> None:
    bare = AuditEvent(T0, "po-850", "k/?#\\", "P", "claim", AuditOutcome.SKIPPED, "duplicate")
    stores.audit.append(bare)
    assert stores.audit.query(AuditQuery(natural_key="k/?#\\")) == [bare]


def test_a_long_message_is_clipped_the_same_everywhere(stores: StateStores) -> None:
    noisy = AuditEvent(T0, "po-850", "long", "P", "validate", AuditOutcome.FAILED, "segment error; " * 2000)
    stores.audit.append(noisy)
    [found] = stores.audit.query(AuditQuery(natural_key="long"))
    assert found == noisy
    assert len(found.message) == AUDIT_MESSAGE_LIMIT
    assert found.message.endswith("…")
