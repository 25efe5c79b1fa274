"""Sweeps find what changed since their cursor and only for partners enabled for the flow; the partner file
decides what is sent (a flow not enabled is no action, not a failure; self-billing only where opted in)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sandbox.launcher import RunningSandbox
from sandbox.seed.catalog import catalog
from shared.edi.x12.validate import validate_bytes
from shared.errors import MappingError
from shared.flows.contract import FlowOutcome, Services, WorkKind, document_key
from shared.flows.outbound_810 import (
    handle_outbound_810_self_billing,
    self_billing_key,
    sweep_outbound_810,
    sweep_outbound_810_self_billing,
)
from shared.flows.outbound_850 import handle_outbound_850, sweep_outbound_850
from shared.flows.outbound_856 import sweep_outbound_856
from shared.state.records import AuditOutcome, LedgerStatus

from .support import (
    audit_trail,
    confirmed_po,
    directory_with_flows,
    dynamics_app,
    edi_sales_order,
    received,
    run_work,
    sandbox_services,
)

pytestmark = pytest.mark.integration

ITEMS = [item.item_number for item in catalog()]
SEEDED = datetime(2026, 1, 1, tzinfo=UTC)  # before everything the sandbox seeds


@pytest.fixture
def services(sandbox: RunningSandbox, tmp_path: Path) -> Iterator[Services]:
    with sandbox_services(sandbox, tmp_path) as built:
        yield built


def test_the_po_sweep_lists_confirmed_pos_of_edi_vendors_only(sandbox: RunningSandbox, services: Services) -> None:
    since = datetime.now(UTC) - timedelta(minutes=1)
    edi = confirmed_po(sandbox, "US-V01", [(ITEMS[0], 1)])
    not_edi = confirmed_po(sandbox, "US-V99", [(ITEMS[0], 1)])

    items = list(sweep_outbound_850(services, since))

    keys = {item.natural_key: item for item in items}
    assert edi in keys
    assert not_edi not in keys
    assert keys[edi].partner == "ACMEPACK"
    assert keys[edi].kind == WorkKind.DYNAMICS_RECORD.value
    assert keys[edi].flow == "outbound_850"
    vendors = {"ACMEPACK", "STEELWORX", "POLYMERX", "RHEINTEILE"}  # every vendor enabled for outbound_850
    assert all(item.partner in vendors for item in items)
    assert len(keys) == len(items)


def test_invoice_and_packing_slip_sweeps_find_todays_documents(sandbox: RunningSandbox, services: Services) -> None:
    since = datetime.now(UTC) - timedelta(minutes=1)
    order = edi_sales_order(services, "US-101", "BIGB-SWEEP-1", [(ITEMS[1], 2)])
    app = dynamics_app(sandbox)
    slip = str(app.post_packing_slip("usmf", order)["PackingSlipId"])
    invoice = app.post_sales_invoice("usmf", order)["InvoiceNumber"]

    invoices = {item.natural_key for item in sweep_outbound_810(services, since)}
    slips = {item.natural_key for item in sweep_outbound_856(services, since)}

    assert document_key("usmf", invoice) in invoices
    assert document_key("usmf", slip) in slips
    # The seeded history is months old: a sweep from now on does not list it again.
    assert all(key.split("/", 1)[1] >= "PS-" for key in slips)


def test_without_a_cursor_the_sweep_looks_back_a_week(sandbox: RunningSandbox, services: Services) -> None:
    fresh = confirmed_po(sandbox, "US-V02", [(ITEMS[2], 1)])
    items = {item.natural_key for item in sweep_outbound_850(services, None)}
    assert fresh in items
    long_ago = {item.natural_key for item in sweep_outbound_850(services, SEEDED)}
    assert len(long_ago) > len(items)  # the seeded confirmations are older than a week


def test_a_partner_not_enabled_for_the_flow_is_no_action_with_the_reason_audited(
    sandbox: RunningSandbox, services: Services
) -> None:
    disabled = dataclasses.replace(services, partners=directory_with_flows({"ACMEPACK": []}))
    key = confirmed_po(sandbox, "US-V01", [(ITEMS[3], 1)])

    outcome = run_work(disabled, handle_outbound_850, "outbound_850", key)

    assert outcome.result is not None
    assert outcome.result.outcome is FlowOutcome.NO_ACTION
    assert "not enabled for outbound_850" in outcome.result.detail
    trail = audit_trail(services, "outbound_850", key)
    assert [(e.step, e.outcome) for e in trail] == [("partner", AuditOutcome.SKIPPED)]
    assert trail[0].partner == "ACMEPACK"
    assert received(sandbox, "ACMEPACK", f"ACMEPACK_850_USMF-{key.split('/', 1)[1]}.x12") == []
    swept = list(sweep_outbound_850(disabled, datetime.now(UTC) - timedelta(minutes=1)))
    assert key not in {item.natural_key for item in swept}


def test_self_billing_is_sent_only_to_partners_who_opted_in(sandbox: RunningSandbox, services: Services) -> None:
    assert list(sweep_outbound_810_self_billing(services, SEEDED)) == []  # nobody opted in in the sandbox file
    opted = dataclasses.replace(
        services, partners=directory_with_flows({"ACMEPACK": ["outbound_850", "outbound_810_self_billing"]})
    )
    items = list(sweep_outbound_810_self_billing(opted, SEEDED))
    assert items
    assert {item.partner for item in items} == {"ACMEPACK"}
    first = items[0]
    assert first.natural_key.startswith("usmf/US-V01/VINV-")

    outcome = run_work(opted, handle_outbound_810_self_billing, "outbound_810_self_billing", first.natural_key)

    assert outcome.result is not None, outcome.error
    assert outcome.result.outcome is FlowOutcome.DONE
    invoice = first.natural_key.rsplit("/", 1)[1]
    arrived = received(sandbox, "ACMEPACK", f"ACMEPACK_810_USMF-US-V01_{invoice}.x12")
    assert len(arrived) == 1
    report = validate_bytes(arrived[0].payload)
    assert report.valid, [i.describe() for i in report.issues]
    assert self_billing_key("USMF", "US-V01", invoice) == first.natural_key


def test_self_billing_for_an_edifact_vendor_fails_and_says_it_is_x12_only(
    sandbox: RunningSandbox, services: Services
) -> None:
    opted = dataclasses.replace(
        services, partners=directory_with_flows({"RHEINTEILE": ["outbound_850", "outbound_810_self_billing"]})
    )
    items = list(sweep_outbound_810_self_billing(opted, SEEDED))
    assert items
    assert {item.partner for item in items} == {"RHEINTEILE"}

    outcome = run_work(opted, handle_outbound_810_self_billing, "outbound_810_self_billing", items[0].natural_key)

    assert isinstance(outcome.error, MappingError)
    assert outcome.entry.status is LedgerStatus.FAILED
    assert "has no EDIFACT map" in (outcome.entry.failure_reason or "")
    assert "X12 810 only" in (outcome.entry.failure_reason or "")
