"""EDIFACT ORDERS and REMADV from the partner simulator: one sales order / payment journal each, CONTRL back."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from sandbox.launcher import RunningSandbox
from sandbox.sterling.inbound_documents import Deduction, RemittedInvoice
from shared.dynamics.odata import Filter
from shared.dynamics.records.payments import CustomerPaymentLine
from shared.state.records import LedgerStatus
from tests.integration.flows_inbound.harness import InboundRun, lines_of, orders_for, payload_of, start_run

pytestmark = pytest.mark.integration

ACCOUNTS = {"EUROMARKT": "DE-201", "HANSEHAUS": "DE-202"}


def _contrl(sandbox: RunningSandbox, partner: str, message_id: int) -> list[bytes]:
    received = sandbox.sterling.simulator.received(partner)
    return [m.payload for m in received if m.name.endswith(f"_{message_id}.edi")]


@pytest.mark.parametrize("partner", ["EUROMARKT", "HANSEHAUS"], ids=["d96a-gtin", "d01b-buyer-part"])
def test_an_orders_becomes_one_sales_order_with_a_contrl_back(
    sandbox: RunningSandbox, run: InboundRun, partner: str
) -> None:
    dropped = sandbox.sterling.simulator.generate_orders(partner)[0]
    run.receive(dropped)

    outcomes = run.drain()

    assert [(o.work.flow, o.outcome) for o in outcomes] == [("inbound_message", "done"), ("inbound_850", "done")]
    [order] = orders_for(run, dropped.reference, legal_entity="demf")
    assert order.customer_account == ACCOUNTS[partner]
    ordered = payload_of(sandbox, dropped).count(b"QTY+21:")
    assert len(lines_of(run, order)) == ordered
    [contrl] = _contrl(sandbox, partner, dropped.message_id)
    assert b"UNH+1+CONTRL:" in contrl or b"+CONTRL:" in contrl
    assert b"UCI+" in contrl
    assert b"+7'" in contrl  # acknowledged
    entry = run.stores.ledger.get("inbound_850", f"{partner}/{dropped.reference}")
    assert entry is not None
    assert entry.status is LedgerStatus.CREATED
    assert entry.controls.transaction == "1"


def test_a_remadv_becomes_a_payment_journal_with_its_deductions(sandbox: RunningSandbox, run: InboundRun) -> None:
    invoices = [
        RemittedInvoice("DEMF-INV-000101", Decimal("500.00"), (Deduction(Decimal("20.00"), "59", "RK-77"),)),
        RemittedInvoice("DEMF-INV-000102", Decimal("80.00")),
    ]
    dropped = sandbox.sterling.simulator.generate_remittance("HANSEHAUS", invoices)
    run.receive(dropped)

    outcomes = run.drain()

    assert [(o.work.flow, o.outcome) for o in outcomes] == [("inbound_message", "done"), ("inbound_820", "done")]
    where = Filter.eq("PaymentReference", dropped.reference)
    lines = list(run.services.dynamics.query(CustomerPaymentLine, where, legal_entity="demf"))
    marked = {line.marked_invoice: line.credit for line in lines if line.marked_invoice}
    assert marked == {"DEMF-INV-000101": Decimal("500.00"), "DEMF-INV-000102": Decimal("80.00")}
    [deduction] = [line for line in lines if not line.marked_invoice]
    assert deduction.debit == Decimal("20.00")
    assert "RK-77" in deduction.text
    assert sum((line.credit - line.debit for line in lines), Decimal(0)) == Decimal("560.00")
    assert len(_contrl(sandbox, "HANSEHAUS", dropped.message_id)) == 1


def test_a_resent_edifact_interchange_is_rejected_as_a_duplicate(sandbox: RunningSandbox, run: InboundRun) -> None:
    simulator = sandbox.sterling.simulator
    first = simulator.generate_orders("EUROMARKT")[0]
    run.receive(first)
    run.drain()

    again = simulator.drop("EUROMARKT", payload_of(sandbox, first), f"resent_{first.name}")
    run.receive(again)
    outcomes = run.drain()

    assert [(o.work.flow, o.outcome) for o in outcomes] == [("inbound_message", "done")]
    [rejection] = _contrl(sandbox, "EUROMARKT", again.message_id)
    assert b"+4+26" in rejection
    assert len(orders_for(run, first.reference, legal_entity="demf")) == 1


def test_the_same_orders_seen_by_another_instance_is_a_duplicate(
    sandbox: RunningSandbox, run: InboundRun, tmp_path: Path
) -> None:
    dropped = sandbox.sterling.simulator.generate_orders("HANSEHAUS")[0]
    run.receive(dropped)
    run.drain()
    other = start_run(sandbox, tmp_path / "other")
    try:
        other.receive(dropped)
        outcomes = [o for o in other.drain() if o.work.flow == "inbound_850"]
    finally:
        other.close()

    assert [o.outcome for o in outcomes] == ["duplicate"]
    assert len(orders_for(run, dropped.reference, legal_entity="demf")) == 1
    assert len(_contrl(sandbox, "HANSEHAUS", dropped.message_id)) == 1
