"""Interrupt an outbound document at every step boundary, redeliver it, and find exactly one mailbox message, a
ledger entry that points at it, and an audit trail that ends in the delivery; also Sterling's own faults (an
answer lost after the message was created, a 500 after it was stored)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sandbox.faults import FaultKind, System
from sandbox.launcher import RunningSandbox
from sandbox.seed.catalog import catalog
from shared.edi.x12.validate import validate_bytes
from shared.errors import TransientError
from shared.flows.contract import FlowHandler, Services, document_key
from shared.flows.outbound_810 import handle_outbound_810
from shared.flows.outbound_850 import handle_outbound_850
from shared.state.records import AuditOutcome, LedgerStatus

from .crashing import Crash, CrashPlan, crashing
from .support import audit_trail, confirmed_po, dynamics_app, edi_sales_order, received, run_work, sandbox_services

pytestmark = pytest.mark.integration

ITEMS = [item.item_number for item in catalog()]


@pytest.fixture
def services(sandbox: RunningSandbox, tmp_path: Path) -> Iterator[Services]:
    with sandbox_services(sandbox, tmp_path) as built:
        yield built
    sandbox.faults.clear()


Maker = Callable[[RunningSandbox, Services], tuple[str, str, str]]


def _new_po(sandbox: RunningSandbox, services: Services) -> tuple[str, str, str]:
    key = confirmed_po(sandbox, "US-V01", [(ITEMS[8], 3)])
    return key, "ACMEPACK", f"ACMEPACK_850_USMF-{key.split('/', 1)[1]}.x12"


def _new_invoice(sandbox: RunningSandbox, services: Services) -> tuple[str, str, str]:
    order = edi_sales_order(services, "US-104", "NORTH-88", [(ITEMS[9], 2)])
    invoice = dynamics_app(sandbox).post_sales_invoice("usmf", order)["InvoiceNumber"]
    return document_key("usmf", invoice), "NORTHCO", f"NORTHCO_810_USMF-{invoice}.x12"


FLOWS: dict[str, tuple[str, FlowHandler, Maker]] = {
    "850": ("outbound_850", handle_outbound_850, _new_po),
    "810": ("outbound_810", handle_outbound_810, _new_invoice),
}


def _boundaries(sandbox: RunningSandbox, services: Services, flow: str, handler: FlowHandler, make: Maker) -> list[str]:
    key, _, _ = make(sandbox, services)
    plan = CrashPlan(at=0, before=True)
    run_work(crashing(services, plan), handler, flow, key)
    return plan.seen


def _check_consistent(
    sandbox: RunningSandbox, services: Services, flow: str, key: str, partner: str, name: str
) -> None:
    arrived = received(sandbox, partner, name)
    assert len(arrived) == 1, f"{len(arrived)} messages named {name}"
    assert validate_bytes(arrived[0].payload).valid
    entry = services.state.ledger.get(flow, key)
    assert entry is not None
    assert entry.status is LedgerStatus.DELIVERED
    assert entry.sterling_message_id == str(arrived[0].message_id)
    assert entry.output_payload is not None
    trail = audit_trail(services, flow, key)
    assert trail[-1].step == "deliver"
    assert trail[-1].outcome in (AuditOutcome.SUCCEEDED, AuditOutcome.SKIPPED)
    # What the partner got is what the ledger says was translated (one set of control numbers per document).
    assert services.state.payloads.get(entry.output_payload) == arrived[0].payload
    isa13 = arrived[0].payload.decode().split("*")[13]
    assert entry.controls.interchange == isa13


@pytest.mark.parametrize("flow_id", sorted(FLOWS))
def test_a_crash_at_any_step_then_redelivery_leaves_exactly_one_message(
    sandbox: RunningSandbox, services: Services, flow_id: str
) -> None:
    flow, handler, make = FLOWS[flow_id]
    boundaries = _boundaries(sandbox, services, flow, handler, make)
    assert "sterling.upload_document" in boundaries
    assert "sterling.create_message" in boundaries
    # The pipeline after the fetch is shared, so the second flow crashes only after each step (done, unrecorded:
    # the harder half) to keep the suite quick.
    timings = (True, False) if flow_id == "850" else (False,)
    for at in range(1, len(boundaries) + 1):
        for before in timings:
            key, partner, name = make(sandbox, services)
            with pytest.raises(Crash):
                run_work(crashing(services, CrashPlan(at=at, before=before)), handler, flow, key)
            run_work(services, handler, flow, key)  # the queue redelivers
            try:
                _check_consistent(sandbox, services, flow, key, partner, name)
            except AssertionError as exc:
                where = "before" if before else "after"
                raise AssertionError(f"crash {where} boundary {at} ({boundaries[at - 1]}): {exc}") from exc


def test_a_crash_at_any_step_on_azure_storage_then_redelivery_leaves_exactly_one_message(
    sandbox: RunningSandbox, azure_services: Services
) -> None:
    services = azure_services
    boundaries = _boundaries(sandbox, services, "outbound_850", handle_outbound_850, _new_po)
    for at in range(1, len(boundaries) + 1):
        key, partner, name = _new_po(sandbox, services)
        with pytest.raises(Crash):
            run_work(crashing(services, CrashPlan(at=at, before=False)), handle_outbound_850, "outbound_850", key)
        run_work(services, handle_outbound_850, "outbound_850", key)
        try:
            _check_consistent(sandbox, services, "outbound_850", key, partner, name)
        except AssertionError as exc:
            raise AssertionError(f"crash after boundary {at} ({boundaries[at - 1]}): {exc}") from exc


def test_two_crashes_in_a_row_still_deliver_once(sandbox: RunningSandbox, services: Services) -> None:
    key, partner, name = _new_po(sandbox, services)
    # Dies once the document id is on the ledger, before the message is created ...
    upload = CrashPlan(at=1, before=True, only="audit.append:upload")
    with pytest.raises(Crash):
        run_work(crashing(services, upload), handle_outbound_850, "outbound_850", key)
    # ... then again just after the create, before anything records it.
    create = CrashPlan(at=1, before=False, only="sterling.create_message")
    with pytest.raises(Crash):
        run_work(crashing(services, create), handle_outbound_850, "outbound_850", key)
    assert "sterling.upload_document" not in create.seen  # the second attempt reused the uploaded document
    run_work(services, handle_outbound_850, "outbound_850", key)
    _check_consistent(sandbox, services, "outbound_850", key, partner, name)


@pytest.mark.parametrize("fault", [FaultKind.LOST_RESPONSE, FaultKind.FAIL_AFTER_STORE])
def test_a_message_create_whose_answer_is_lost_is_found_not_repeated(
    sandbox: RunningSandbox, services: Services, fault: FaultKind
) -> None:
    key, partner, name = _new_po(sandbox, services)
    sandbox.faults.inject(System.STERLING, fault, methods=["POST"], path="mailboxmessages/?$", times=1)
    outcome = run_work(services, handle_outbound_850, "outbound_850", key)
    assert sandbox.faults.stats().count(System.STERLING, fault) >= 1
    assert outcome.entry.status is LedgerStatus.DELIVERED
    _check_consistent(sandbox, services, "outbound_850", key, partner, name)


def test_an_upload_whose_answer_is_lost_is_retried_by_the_queue(sandbox: RunningSandbox, services: Services) -> None:
    key, partner, name = _new_po(sandbox, services)
    sandbox.faults.inject(System.STERLING, FaultKind.LOST_RESPONSE, methods=["POST"], path="documents/?$", times=1)
    try:
        run_work(services, handle_outbound_850, "outbound_850", key)
    except TransientError:
        assert sandbox.faults.stats().count(System.STERLING, FaultKind.LOST_RESPONSE) >= 1
        entry = services.state.ledger.get("outbound_850", key)
        assert entry is not None
        assert entry.status is LedgerStatus.TRANSLATED
        assert entry.sterling_document_id is None
        run_work(services, handle_outbound_850, "outbound_850", key)
    _check_consistent(sandbox, services, "outbound_850", key, partner, name)
