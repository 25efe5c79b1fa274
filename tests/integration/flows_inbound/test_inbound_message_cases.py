"""Messages that are more than one plain document: several interchanges, test data."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sandbox.launcher import RunningSandbox
from sandbox.sterling.inbound_documents import RemittedInvoice
from shared.state.records import AuditOutcome, AuditQuery
from tests.integration.flows_inbound.harness import InboundRun, acks_for, orders_for, payload_of

pytestmark = pytest.mark.integration


def test_two_interchanges_in_one_message_are_both_acknowledged_and_split(
    sandbox: RunningSandbox, run: InboundRun
) -> None:
    simulator = sandbox.sterling.simulator
    order = simulator.generate_orders("NORTHCO")[0]
    remittance = simulator.generate_remittance("NORTHCO", [RemittedInvoice("USMF-INV-000401", Decimal("12.00"))])
    both = payload_of(sandbox, order) + payload_of(sandbox, remittance)
    dropped = simulator.drop("NORTHCO", both, "NORTHCO_batch.x12")
    run.receive(dropped)

    outcomes = run.drain()

    assert sorted((o.work.flow, o.outcome) for o in outcomes) == [
        ("inbound_820", "done"),
        ("inbound_850", "done"),
        ("inbound_message", "done"),
    ]
    assert len(orders_for(run, order.reference)) == 1
    acks = acks_for(sandbox, "NORTHCO", dropped.message_id)
    assert len(acks) == 2
    assert sorted(b"AK1*PO*" in a.payload for a in acks) == [False, True]


def test_a_test_interchange_from_a_production_partner_is_acknowledged_but_not_ordered(
    sandbox: RunningSandbox, run: InboundRun
) -> None:
    simulator = sandbox.sterling.simulator
    order = simulator.generate_orders("BIGBOX")[0]
    payload = payload_of(sandbox, order)
    marked_test = payload[:102] + b"T" + payload[103:]  # ISA15, fixed position
    assert marked_test[102:103] == b"T"
    dropped = simulator.drop("BIGBOX", marked_test, f"test_{order.name}")
    run.receive(dropped)

    outcomes = run.drain()

    assert [(o.work.flow, o.outcome) for o in outcomes] == [("inbound_message", "done")]
    assert orders_for(run, order.reference) == []
    assert len(acks_for(sandbox, "BIGBOX", dropped.message_id)) == 1
    skipped = run.stores.audit.query(AuditQuery(partner="BIGBOX", outcome=AuditOutcome.SKIPPED))
    assert any("ISA15" in e.message for e in skipped)
