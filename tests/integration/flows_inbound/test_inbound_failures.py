"""What cannot be processed ends as a recorded, replayable failure whose message says what to fix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sandbox.launcher import RunningSandbox
from sandbox.seed.catalog import catalog
from shared.flows.contract import WorkKind
from shared.partners import PartnerDirectory, parse_partner_text
from shared.partners.gtin import check_digit
from shared.state.records import AuditOutcome, AuditQuery, LedgerStatus, WorkItem
from tests.integration.flows_inbound.harness import (
    PARTNER_FILE,
    InboundRun,
    acks_for,
    lines_of,
    orders_for,
    payload_of,
    start_run,
)

pytestmark = pytest.mark.integration


def _failed(run: InboundRun, flow: str, key: str) -> str:
    entry = run.stores.ledger.get(flow, key)
    assert entry is not None
    assert entry.status is LedgerStatus.FAILED
    assert entry.failure_reason
    return entry.failure_reason


def test_an_unknown_sender_fails_the_message_naming_the_ids_to_add(sandbox: RunningSandbox, run: InboundRun) -> None:
    simulator = sandbox.sterling.simulator
    order = simulator.generate_orders("BIGBOX")[0]
    stranger = payload_of(sandbox, order).replace(b"*01*0078742000008  *", b"*ZZ*NEWRETAILER    *", 1)
    dropped = simulator.drop("BIGBOX", stranger, f"stranger_{order.name}")
    run.receive(dropped)

    [outcome] = run.drain()

    reason = _failed(run, "inbound_message", str(dropped.message_id))
    assert outcome.outcome == "failed"
    assert "ZZ:NEWRETAILER" in reason
    assert 'qualifier = "ZZ", id = "NEWRETAILER"' in reason
    assert acks_for(sandbox, "BIGBOX", dropped.message_id) == []


def test_an_unknown_item_fails_the_order_naming_the_identifier(sandbox: RunningSandbox, run: InboundRun) -> None:
    simulator = sandbox.sterling.simulator
    order = simulator.generate_orders("BIGBOX")[0]
    unknown = "04000000001" + check_digit("04000000001")
    payload = re.sub(rb"\*UP\*\d{12}", b"*UP*" + unknown.encode(), payload_of(sandbox, order), count=1)
    dropped = simulator.drop("BIGBOX", payload, f"unknown_item_{order.name}")
    run.receive(dropped)

    outcomes = run.drain()

    assert [(o.work.flow, o.outcome) for o in outcomes] == [("inbound_message", "done"), ("inbound_850", "failed")]
    reason = _failed(run, "inbound_850", f"BIGBOX/{order.reference}")
    assert unknown in reason
    assert "usmf" in reason
    assert orders_for(run, order.reference) == []
    [ack] = acks_for(sandbox, "BIGBOX", dropped.message_id)
    assert b"AK9*A" in ack.payload  # the EDI was fine; the failure is ours to fix (add the barcode), then replay


def test_unreadable_bytes_fail_the_message(sandbox: RunningSandbox, run: InboundRun) -> None:
    dropped = sandbox.sterling.simulator.drop("HOMEPRO", b"%PDF-1.4 this is a scan of a PO", "scan.pdf")
    run.receive(dropped)

    [outcome] = run.drain()

    assert outcome.outcome == "failed"
    reason = _failed(run, "inbound_message", str(dropped.message_id))
    assert "neither X12" in reason
    assert "check with the partner" in reason


def test_a_broken_850_is_acknowledged_as_rejected_and_not_processed(sandbox: RunningSandbox, run: InboundRun) -> None:
    simulator = sandbox.sterling.simulator
    order = simulator.generate_orders("HOMEPRO")[0]
    broken = re.sub(rb"BEG\*[^~]*~\s*", b"", payload_of(sandbox, order), count=1)
    dropped = simulator.drop("HOMEPRO", broken, f"broken_{order.name}")
    run.receive(dropped)

    outcomes = run.drain()

    assert [(o.work.flow, o.outcome) for o in outcomes] == [("inbound_message", "done")]
    [ack] = acks_for(sandbox, "HOMEPRO", dropped.message_id)
    assert b"AK5*R" in ack.payload
    assert b"AK9*R" in ack.payload
    rejected = run.stores.audit.query(AuditQuery(partner="HOMEPRO", outcome=AuditOutcome.FAILED))
    assert any(e.step == "transaction_rejected" and "resend" in e.message for e in rejected)
    assert orders_for(run, order.reference) == []


def test_an_order_for_a_customer_on_hold_fails_saying_to_release_it(sandbox: RunningSandbox, tmp_path: Path) -> None:
    text = PARTNER_FILE.read_text().replace('account = "US-101"', 'account = "US-199"', 1)
    blocked = start_run(sandbox, tmp_path, partners=PartnerDirectory(parse_partner_text(text, PARTNER_FILE)))
    try:
        order = sandbox.sterling.simulator.generate_orders("BIGBOX")[0]
        blocked.receive(order)

        outcomes = blocked.drain()

        assert [(o.work.flow, o.outcome) for o in outcomes] == [("inbound_message", "done"), ("inbound_850", "failed")]
        reason = _failed(blocked, "inbound_850", f"BIGBOX/{order.reference}")
        assert "customer US-199 is on hold 'All' in usmf" in reason
        assert "release customer US-199" in reason
        assert orders_for(blocked, order.reference) == []
    finally:
        blocked.close()


def test_a_failed_order_replays_into_a_sales_order_once_the_cause_is_fixed(
    sandbox: RunningSandbox, run: InboundRun, tmp_path: Path
) -> None:
    simulator = sandbox.sterling.simulator
    order = simulator.generate_orders("BIGBOX")[0]
    unknown = "04000000002" + check_digit("04000000002")
    payload = re.sub(rb"\*UP\*\d{12}", b"*UP*" + unknown.encode(), payload_of(sandbox, order), count=1)
    run.receive(simulator.drop("BIGBOX", payload, f"replay_{order.name}"))
    run.drain()
    key = f"BIGBOX/{order.reference}"
    failed = run.stores.ledger.get("inbound_850", key)
    assert failed is not None
    assert failed.status is LedgerStatus.FAILED

    # The operator maps the partner's id to one of our items in the partner file, then replays.
    item = catalog(1)[0].item_number
    text = PARTNER_FILE.read_text().replace(
        'items = { id_kind = "gtin" }', f'items = {{ id_kind = "gtin", overrides = {{ "{unknown}" = "{item}" }} }}', 1
    )
    fixed = start_run(sandbox, tmp_path, partners=PartnerDirectory(parse_partner_text(text, str(PARTNER_FILE))))
    try:
        replayed = fixed.stores.ledger.reset_for_replay(failed)
        assert replayed.input_payload is not None
        fixed.queue.append(
            WorkItem(
                kind=WorkKind.INBOUND_DOCUMENT,
                flow="inbound_850",
                natural_key=key,
                partner="BIGBOX",
                correlation_id=replayed.correlation_id,
                payload=replayed.input_payload,
            )
        )
        [outcome] = fixed.drain()
        [created] = orders_for(fixed, order.reference)
    finally:
        fixed.close()

    assert outcome.outcome == "done"
    assert item in {line.item_number for line in lines_of(run, created)}
