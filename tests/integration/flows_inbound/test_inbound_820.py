"""820s from the partner simulator become one payment journal each: a line per invoice, a line per deduction."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from sandbox.launcher import RunningSandbox
from sandbox.sterling.inbound_documents import Deduction, RemittedInvoice
from shared.dynamics.odata import Filter
from shared.dynamics.records.payments import CustomerPaymentLine
from shared.state.records import LedgerStatus
from tests.integration.flows_inbound.harness import InboundRun, acks_for, start_run

pytestmark = pytest.mark.integration


def _journal_lines(run: InboundRun, trace: str) -> list[CustomerPaymentLine]:
    where = Filter.eq("PaymentReference", trace)
    return list(run.services.dynamics.query(CustomerPaymentLine, where, legal_entity="usmf"))


def test_an_820_becomes_a_payment_journal_with_its_deductions(sandbox: RunningSandbox, run: InboundRun) -> None:
    invoices = [
        RemittedInvoice("USMF-INV-000101", Decimal("1250.00"), (Deduction(Decimal("143.76"), "59", "CB26801"),)),
        RemittedInvoice("USMF-INV-000102", Decimal("310.50")),
    ]
    dropped = sandbox.sterling.simulator.generate_remittance("HOMEPRO", invoices)
    run.receive(dropped)

    outcomes = run.drain()

    assert [(o.work.flow, o.outcome) for o in outcomes] == [("inbound_message", "done"), ("inbound_820", "done")]
    lines = _journal_lines(run, dropped.reference)
    assert len({line.batch_number for line in lines}) == 1
    marked = {line.marked_invoice: line.credit for line in lines if line.marked_invoice}
    assert marked == {"USMF-INV-000101": Decimal("1250.00"), "USMF-INV-000102": Decimal("310.50")}
    [deduction] = [line for line in lines if not line.marked_invoice]
    assert deduction.debit == Decimal("143.76")
    assert "59" in deduction.text
    assert "CB26801" in deduction.text
    assert {line.account.replace("\\-", "-") for line in lines} == {"US-102"}
    cash = sum((line.credit - line.debit for line in lines), Decimal(0))
    assert cash == Decimal("1250.00") + Decimal("310.50") - Decimal("143.76")
    [ack] = acks_for(sandbox, "HOMEPRO", dropped.message_id)
    assert b"AK1*RA*" in ack.payload
    entry = run.stores.ledger.get("inbound_820", f"HOMEPRO/{dropped.reference}")
    assert entry is not None
    assert entry.status is LedgerStatus.CREATED
    assert entry.dynamics_record_key == f"usmf/{lines[0].batch_number}"


def test_the_same_remittance_seen_again_is_a_duplicate(
    sandbox: RunningSandbox, run: InboundRun, tmp_path: Path
) -> None:
    dropped = sandbox.sterling.simulator.generate_remittance(
        "BIGBOX", [RemittedInvoice("USMF-INV-000201", Decimal("99.99"))]
    )
    run.receive(dropped)
    run.drain()
    other = start_run(sandbox, tmp_path / "other")
    try:
        other.receive(dropped)
        outcomes = [o for o in other.drain() if o.work.flow == "inbound_820"]
    finally:
        other.close()

    assert [o.outcome for o in outcomes] == ["duplicate"]
    assert len(_journal_lines(run, dropped.reference)) == 1
