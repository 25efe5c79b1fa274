"""Each outbound flow against the sandbox, with state on SQLite and on Azurite: a document made in the Dynamics
emulator reaches the partner's mailbox exactly once as valid X12; running the same work again is a duplicate;
documents that cannot be sent end as permanent failures that say what to fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from sandbox.launcher import RunningSandbox
from sandbox.seed.catalog import catalog
from shared.edi.x12.validate import validate_bytes
from shared.errors import MappingError, UnknownItemError, UnknownPartnerError
from shared.flows.contract import FlowOutcome, Services, document_key
from shared.flows.outbound_810 import handle_outbound_810
from shared.flows.outbound_850 import handle_outbound_850
from shared.flows.outbound_856 import handle_outbound_856
from shared.partners import InMemoryItemDirectory
from shared.state.records import AuditOutcome, LedgerStatus

from .support import (
    audit_trail,
    confirmed_po,
    dynamics_app,
    edi_sales_order,
    item_directory,
    received,
    run_work,
    sandbox_services,
    sterling_app,
)

pytestmark = pytest.mark.integration

ITEMS = [item.item_number for item in catalog()]


@pytest.fixture
def services(backend_services: Services) -> Services:
    """Every test here runs on SQLite and on Azure Storage (Azurite)."""
    return backend_services


def _segments(data: bytes) -> list[list[str]]:
    text = data.decode()
    return [s.split("*") for s in text.split("~") if s.strip()]


def test_confirmed_po_reaches_the_vendor_once_as_a_valid_850(sandbox: RunningSandbox, services: Services) -> None:
    key = confirmed_po(sandbox, "US-V01", [(ITEMS[0], 24), (ITEMS[1], 6)])
    number = key.split("/", 1)[1]

    first = run_work(services, handle_outbound_850, "outbound_850", key)

    assert first.result is not None
    assert first.result.outcome is FlowOutcome.DONE
    name = f"ACMEPACK_850_USMF-{number}.x12"
    arrived = received(sandbox, "ACMEPACK", name)
    assert len(arrived) == 1
    assert validate_bytes(arrived[0].payload).valid
    segments = _segments(arrived[0].payload)
    assert ["BEG", "00", "SA", number] == segments[3][:4]
    po1 = [s for s in segments if s[0] == "PO1"]
    assert [s[2] for s in po1] == ["24", "6"]
    assert po1[0][6:8] == ["VN", "ACM001000V"]  # the vendor's own item number
    assert [s for s in segments if s[0] == "CTT"] == [["CTT", "2", "30"]]
    entry = first.entry
    assert entry.status is LedgerStatus.DELIVERED
    assert entry.sterling_message_id == str(arrived[0].message_id)
    assert entry.sterling_document_id == arrived[0].document_id
    assert entry.controls.interchange == segments[0][13]
    assert services.state.payloads.get(entry.output_payload) == arrived[0].payload  # type: ignore[arg-type]
    steps = [(e.step, e.outcome) for e in audit_trail(services, "outbound_850", key)]
    assert steps == [
        ("translate", AuditOutcome.STARTED),
        ("translate", AuditOutcome.SUCCEEDED),
        ("upload", AuditOutcome.SUCCEEDED),
        ("deliver", AuditOutcome.SUCCEEDED),
    ]


def test_the_same_po_again_is_skipped_by_the_ledger(sandbox: RunningSandbox, services: Services) -> None:
    key = confirmed_po(sandbox, "US-V01", [(ITEMS[2], 5)])
    run_work(services, handle_outbound_850, "outbound_850", key)

    again = run_work(services, handle_outbound_850, "outbound_850", key)

    assert again.result is None  # delivered: the runtime does not call the handler again
    assert again.entry.status is LedgerStatus.DELIVERED
    assert len(received(sandbox, "ACMEPACK", f"ACMEPACK_850_USMF-{key.split('/', 1)[1]}.x12")) == 1


def test_a_fresh_ledger_finds_the_message_by_name_and_reports_a_duplicate(
    sandbox: RunningSandbox, services: Services, tmp_path: Path
) -> None:
    key = confirmed_po(sandbox, "US-V01", [(ITEMS[3], 7)])
    first = run_work(services, handle_outbound_850, "outbound_850", key)
    assert first.result is not None
    (tmp_path / "second").mkdir()
    with sandbox_services(sandbox, tmp_path / "second") as other:
        # The other state has handed out control numbers already, so its translation differs from what was sent.
        for _ in range(5):
            other.state.control_numbers.allocate("ACMEPACK", "group")
        second = run_work(other, handle_outbound_850, "outbound_850", key)
        assert second.entry.output_payload is not None
        recorded = other.state.payloads.get(second.entry.output_payload)
    assert second.result is not None
    assert second.result.outcome is FlowOutcome.DUPLICATE
    assert second.entry.status is LedgerStatus.DELIVERED
    assert second.entry.sterling_message_id == first.entry.sterling_message_id
    name = f"ACMEPACK_850_USMF-{key.split('/', 1)[1]}.x12"
    arrived = received(sandbox, "ACMEPACK", name)
    assert len(arrived) == 1
    # The entry describes what the partner holds, so its 997 (quoting GS06) reconciles against it.
    assert recorded == arrived[0].payload
    assert second.entry.controls == first.entry.controls


def test_posted_invoice_reaches_the_customer_as_a_balanced_810(sandbox: RunningSandbox, services: Services) -> None:
    order = edi_sales_order(services, "US-101", "BIGB-PO-77001", [(ITEMS[0], 12), (ITEMS[4], 3)])
    invoice = dynamics_app(sandbox).post_sales_invoice("usmf", order)["InvoiceNumber"]
    key = document_key("usmf", invoice)

    outcome = run_work(services, handle_outbound_810, "outbound_810", key)

    assert outcome.result is not None, outcome.error
    assert outcome.result.outcome is FlowOutcome.DONE
    arrived = received(sandbox, "BIGBOX", f"BIGBOX_810_USMF-{invoice}.x12")
    assert len(arrived) == 1
    report = validate_bytes(arrived[0].payload)
    assert report.valid, [i.describe() for i in report.issues]
    segments = _segments(arrived[0].payload)
    big = next(s for s in segments if s[0] == "BIG")
    assert big[2] == invoice
    assert big[4] == "BIGB-PO-77001"
    it1 = [s for s in segments if s[0] == "IT1"]
    assert [s[1] for s in it1] == ["1", "2"]  # the customer's PO line numbers echoed
    assert it1[0][6] == "UP"
    assert len(it1[0][7]) == 12
    tds = next(s for s in segments if s[0] == "TDS")
    total = sum(int(s[2]) * float(s[4]) for s in it1)
    assert int(tds[1]) == round(total * 100)
    # The partner's own translator (the simulator's reader) accepts it in its 997.
    acks = sterling_app(sandbox).simulator.acknowledge("BIGBOX")
    assert any(a.acknowledged_message_id == arrived[0].message_id and a.accepted for a in acks)


def test_posted_packing_slip_reaches_the_customer_as_an_856_with_sscc_cartons(
    sandbox: RunningSandbox, services: Services
) -> None:
    order = edi_sales_order(services, "US-102", "HOME-PO-1201", [(ITEMS[5], 10), (ITEMS[6], 4)])
    shipped = dynamics_app(sandbox).post_packing_slip("usmf", order, tracking_number="1ZTEST0001", cartons_per_line=2)
    slip = str(shipped["PackingSlipId"])
    key = document_key("usmf", slip)

    outcome = run_work(services, handle_outbound_856, "outbound_856", key)

    assert outcome.result is not None, outcome.error
    assert outcome.result.outcome is FlowOutcome.DONE
    arrived = received(sandbox, "HOMEPRO", f"HOMEPRO_856_USMF-{slip}.x12")
    assert len(arrived) == 1
    report = validate_bytes(arrived[0].payload)
    assert report.valid, [i.describe() for i in report.issues]
    segments = _segments(arrived[0].payload)
    levels = [s[3] for s in segments if s[0] == "HL"]
    assert levels == ["S", "O", "P", "I", "P", "I", "P", "I", "P", "I"]
    assert sorted(s[2] for s in segments if s[0] == "MAN") == sorted(str(c) for c in shipped["SSCC"])  # type: ignore[union-attr]
    assert ["REF", "CN", "1ZTEST0001"] in segments
    assert ["PRF", "HOME-PO-1201"] in segments
    assert next(s for s in segments if s[0] == "CTT") == ["CTT", "10"]
    shipped_units = sum(float(s[2]) for s in segments if s[0] == "SN1")
    assert shipped_units == 14
    acks = sterling_app(sandbox).simulator.acknowledge("HOMEPRO")
    assert any(a.acknowledged_message_id == arrived[0].message_id and a.accepted for a in acks)


def test_an_item_without_the_partners_id_fails_permanently_and_says_what_to_add(
    sandbox: RunningSandbox, tmp_path: Path
) -> None:
    directory: InMemoryItemDirectory = item_directory()
    directory.remove_item("usmf", ITEMS[7])
    directory.add_item("usmf", ITEMS[7])  # the item exists, but without the vendor's part number
    key = confirmed_po(sandbox, "US-V01", [(ITEMS[7], 2)])
    with sandbox_services(sandbox, tmp_path, directory) as services:
        outcome = run_work(services, handle_outbound_850, "outbound_850", key)
        trail = audit_trail(services, "outbound_850", key)
    assert isinstance(outcome.error, UnknownItemError)
    assert outcome.entry.status is LedgerStatus.FAILED
    assert ITEMS[7] in (outcome.entry.failure_reason or "")
    assert "VendorProductDescriptionsV2" in (outcome.entry.failure_reason or "")
    assert received(sandbox, "ACMEPACK", f"ACMEPACK_850_USMF-{key.split('/', 1)[1]}.x12") == []
    assert all(e.step != "upload" for e in trail)


def test_a_po_for_a_vendor_without_a_partner_profile_is_an_unknown_partner(
    sandbox: RunningSandbox, services: Services
) -> None:
    key = confirmed_po(sandbox, "US-V99", [(ITEMS[0], 1)])
    outcome = run_work(services, handle_outbound_850, "outbound_850", key)
    assert isinstance(outcome.error, UnknownPartnerError)
    assert "US-V99" in (outcome.entry.failure_reason or "")
    assert "[partners.CODE]" in (outcome.entry.failure_reason or "")


def test_a_po_that_is_no_longer_confirmed_is_no_action(sandbox: RunningSandbox, services: Services) -> None:
    keys = dynamics_app(sandbox).create_purchase_order("usmf", "US-V01", None)
    key = document_key("usmf", keys["PurchaseOrderNumber"])

    outcome = run_work(services, handle_outbound_850, "outbound_850", key)

    assert outcome.result is not None
    assert outcome.result.outcome is FlowOutcome.NO_ACTION
    assert "not confirmed" in outcome.result.detail
    assert received(sandbox, "ACMEPACK", f"ACMEPACK_850_USMF-{keys['PurchaseOrderNumber']}.x12") == []


def test_a_free_text_invoice_is_refused_with_what_to_do_instead(sandbox: RunningSandbox, services: Services) -> None:
    posted = dynamics_app(sandbox).post_free_text_invoice("usmf", "US-101", None)
    key = document_key("usmf", str(posted["InvoiceNumber"]))

    outcome = run_work(services, handle_outbound_810, "outbound_810", key)

    assert isinstance(outcome.error, MappingError)
    assert outcome.entry.status is LedgerStatus.FAILED
    assert "free-text invoice" in (outcome.entry.failure_reason or "")
    assert "through a sales order" in (outcome.entry.failure_reason or "")
