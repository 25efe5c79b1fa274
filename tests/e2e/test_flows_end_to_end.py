"""Every flow end to end against the sandbox, on both state backends: the counts the demo reports agree with what
actually reached the partners' mailboxes and Dynamics."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import DemoRun
from tests.e2e.documents import created_records, partner_files, sent_counts

pytestmark = pytest.mark.e2e


@pytest.fixture(params=["sqlite", "azurite"])
def run(request: pytest.FixtureRequest) -> DemoRun:
    name = "cli_run" if request.param == "sqlite" else "azurite_run"
    value = request.getfixturevalue(name)
    assert isinstance(value, DemoRun)
    return value


def first_pass(run: DemoRun) -> dict[str, dict[str, int]]:
    passes = run.document["passes"]
    assert isinstance(passes, list)
    first: dict[str, dict[str, int]] = passes[0]
    return first


@pytest.mark.parametrize("flow", ["outbound_850", "outbound_810", "outbound_856"])
def test_each_outbound_document_reaches_its_partner_exactly_once(run: DemoRun, flow: str) -> None:
    assert run.out is not None
    done = first_pass(run)[flow]["done"]
    assert done > 0
    assert sent_counts(run.out)[flow] == done
    names = [f.path.name for f in partner_files(run.out)]
    assert len(names) == len(set(names)), "a mailbox holds the same document twice"


def test_each_retailer_order_becomes_one_sales_order_with_its_po_number(run: DemoRun) -> None:
    assert run.out is not None
    orders = created_records(run.out, "sales-orders")
    assert first_pass(run)["inbound_850"]["done"] == len(orders) > 0
    requisitions = [str(order.get("CustomerRequisitionNumber") or "") for order in orders]
    assert all(requisitions)
    assert len(set(requisitions)) == len(requisitions), "one retailer PO became two sales orders"
    assert all(order.get("SalesOrderLines") for order in orders)


def test_each_remittance_becomes_payment_journal_lines(run: DemoRun) -> None:
    assert run.out is not None
    counts = first_pass(run)["inbound_820"]
    assert counts["done"] > 0
    lines = created_records(run.out, "payment-journal-lines")
    # One line (at least) per remitted invoice; every remittance paid at least one invoice.
    assert len(lines) >= counts["done"]


def test_we_acknowledge_every_interchange_the_retailers_send(run: DemoRun) -> None:
    assert run.out is not None
    first = first_pass(run)
    # A 997 / CONTRL to the retailer for each order and remittance interchange it sent.
    received_from_partners = first["inbound_850"]["found"] + first["inbound_820"]["found"]
    assert sent_counts(run.out)["acknowledgment"] == received_from_partners


def test_partners_acknowledge_every_interchange_we_deliver(run: DemoRun) -> None:
    first = first_pass(run)
    acks = run.document["passes"][0]["acknowledgments"]  # type: ignore[index]
    delivered = sum(first[flow]["done"] for flow in ("outbound_850", "outbound_810", "outbound_856"))
    assert acks["found"] == delivered
    assert acks["failed"] == 0
    # The retailers' acknowledgments (for every 810 / INVOIC and 856 / DESADV) are read and reconciled.
    assert acks["done"] >= first["outbound_810"]["done"] + first["outbound_856"]["done"]


def test_every_partner_acknowledgment_is_reconciled(run: DemoRun) -> None:
    acks = run.document["passes"][0]["acknowledgments"]  # type: ignore[index]
    assert acks["done"] == acks["found"]


def test_the_second_pass_changes_nothing(run: DemoRun) -> None:
    passes = run.document["passes"]
    assert isinstance(passes, list)
    second = passes[1]
    for flow in ("outbound_850", "outbound_810", "outbound_856", "inbound_850", "inbound_820"):
        assert second[flow]["done"] == 0, flow
        assert second[flow]["failed"] == 0, flow
    assert run.document["failures"] == []
