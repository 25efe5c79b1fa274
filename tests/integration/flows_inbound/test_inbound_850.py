"""850s from the partner simulator become sales orders, each exactly once, with the 997 back in the mailbox."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from sandbox.launcher import RunningSandbox
from shared.partners import PartnerDirectory, parse_partner_text
from shared.state.records import AuditQuery, LedgerStatus
from tests.integration.flows_inbound.harness import (
    PARTNER_FILE,
    InboundRun,
    acks_for,
    count_once_extractable,
    extractions_left,
    lines_of,
    ordered_lines,
    orders_for,
    payload_of,
    start_run,
)

pytestmark = pytest.mark.integration

ACCOUNTS = {"BIGBOX": "US-101", "HOMEPRO": "US-102", "VALUEMART": "US-103"}


@pytest.mark.parametrize("partner", ["BIGBOX", "HOMEPRO", "VALUEMART"], ids=["gtin-4010", "buyer-part", "gtin14-5010"])
def test_an_850_becomes_one_sales_order_with_its_997_back(
    sandbox: RunningSandbox, run: InboundRun, partner: str
) -> None:
    dropped = sandbox.sterling.simulator.generate_orders(partner)[0]
    count_once_extractable(sandbox, dropped)
    run.receive(dropped)

    outcomes = run.drain()

    assert [(o.work.flow, o.outcome) for o in outcomes] == [("inbound_message", "done"), ("inbound_850", "done")]
    [order] = orders_for(run, dropped.reference)
    assert order.customer_account == ACCOUNTS[partner]
    assert order.customer_po_number == dropped.reference
    got: dict[str, Decimal] = {}
    for line in lines_of(run, order):
        got[line.item_number] = got.get(line.item_number, Decimal(0)) + line.quantity
    assert got == ordered_lines(sandbox, partner, payload_of(sandbox, dropped))
    [ack] = acks_for(sandbox, partner, dropped.message_id)
    assert b"AK1*PO*" in ack.payload
    assert b"AK9*A*1*1*1" in ack.payload
    assert extractions_left(sandbox, dropped) == 0
    ledger = run.stores.ledger
    message_entry = ledger.get("inbound_message", str(dropped.message_id))
    order_entry = ledger.get("inbound_850", f"{partner}/{dropped.reference}")
    assert message_entry is not None
    assert message_entry.status is LedgerStatus.CREATED
    assert order_entry is not None
    assert order_entry.status is LedgerStatus.CREATED
    assert order_entry.dynamics_record_key == f"usmf/{order.number}"
    steps = [e.step for e in run.stores.audit.query(AuditQuery(natural_key=f"{partner}/{dropped.reference}"))]
    assert {"split", "mapped", "created"} <= set(steps)


def test_the_same_message_processed_again_creates_no_second_order(
    sandbox: RunningSandbox, run: InboundRun, tmp_path: Path
) -> None:
    dropped = sandbox.sterling.simulator.generate_orders("BIGBOX")[0]
    run.receive(dropped)
    run.drain()
    assert run.receive(dropped) == []  # the poll's memory (its cursor) does not hand it out twice

    # Another instance with no memory of it (state lost, or a second poller) sees the same message.
    other = start_run(sandbox, tmp_path / "other")
    try:
        other.receive(dropped)
        outcomes = [o for o in other.drain() if o.work.flow == "inbound_850"]
    finally:
        other.close()

    assert [o.outcome for o in outcomes] == ["duplicate"]
    assert len(orders_for(run, dropped.reference)) == 1
    assert len(acks_for(sandbox, "BIGBOX", dropped.message_id)) == 1


def test_a_resent_interchange_is_rejected_with_ta1_and_not_processed(sandbox: RunningSandbox, run: InboundRun) -> None:
    simulator = sandbox.sterling.simulator
    first = simulator.generate_orders("BIGBOX")[0]
    run.receive(first)
    run.drain()

    again = simulator.drop("BIGBOX", payload_of(sandbox, first), f"resent_{first.name}")
    run.receive(again)
    outcomes = run.drain()

    assert [(o.work.flow, o.outcome) for o in outcomes] == [("inbound_message", "done")]
    [ta1] = acks_for(sandbox, "BIGBOX", again.message_id)
    assert b"TA1*" in ta1.payload
    assert b"*R*025" in ta1.payload
    assert len(orders_for(run, first.reference)) == 1


def test_the_same_po_in_a_new_interchange_is_skipped(sandbox: RunningSandbox, run: InboundRun) -> None:
    simulator = sandbox.sterling.simulator
    first = simulator.generate_orders("BIGBOX")[0]
    run.receive(first)
    run.drain()
    resent = payload_of(sandbox, first).replace(b"*000000", b"*000009", 1).replace(b"IEA*1*000000", b"IEA*1*000009")

    run.receive(simulator.drop("BIGBOX", resent, f"new_envelope_{first.name}"))
    outcomes = run.drain()

    assert [(o.work.flow, o.outcome) for o in outcomes] == [("inbound_message", "done"), ("inbound_850", "skipped")]
    assert len(orders_for(run, first.reference)) == 1


def test_a_005010_partner_that_asks_for_999_gets_a_999(sandbox: RunningSandbox, tmp_path: Path) -> None:
    text = PARTNER_FILE.read_text().replace(
        'identity = { qualifier = "ZZ", id = "VALUEMART"',
        'acknowledgment = "999"\nidentity = { qualifier = "ZZ", id = "VALUEMART"',
    )
    run = start_run(sandbox, tmp_path, partners=PartnerDirectory(parse_partner_text(text, str(PARTNER_FILE))))
    try:
        dropped = sandbox.sterling.simulator.generate_orders("VALUEMART")[0]
        run.receive(dropped)
        run.drain()
    finally:
        run.close()

    [ack] = acks_for(sandbox, "VALUEMART", dropped.message_id)
    assert b"ST*999*" in ack.payload
    assert b"*005010X231A1" in ack.payload
    assert b"IK5*A" in ack.payload
