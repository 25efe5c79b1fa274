"""The EDIFACT partners of the sandbox's German company: ORDERS to a D96A vendor, INVOIC to a D01B customer and
DESADV to a D96A customer arrive once, validate with the EDIFACT engine, and the partner's CONTRL accepts them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sandbox.launcher import RunningSandbox
from sandbox.seed.catalog import catalog
from shared.edi.edifact.facade import validate
from shared.flows.contract import FlowHandler, FlowOutcome, Services, document_key
from shared.flows.outbound_810 import handle_outbound_810
from shared.flows.outbound_850 import handle_outbound_850
from shared.flows.outbound_856 import handle_outbound_856
from shared.state.records import LedgerStatus

from .support import confirmed_po, dynamics_app, edi_sales_order, received, run_work, sandbox_services, sterling_app

pytestmark = pytest.mark.integration

ITEMS = [item.item_number for item in catalog()]


@pytest.fixture
def services(sandbox: RunningSandbox, tmp_path: Path) -> Iterator[Services]:
    with sandbox_services(sandbox, tmp_path) as built:
        yield built


def _segments(data: bytes) -> list[str]:
    return [s.strip() for s in data.decode("latin-1").split("'") if s.strip()]


def _deliver_once(
    sandbox: RunningSandbox, services: Services, handler: FlowHandler, flow: str, key: str, partner: str, name: str
) -> list[str]:
    outcome = run_work(services, handler, flow, key)
    assert outcome.result is not None, outcome.error
    assert outcome.result.outcome is FlowOutcome.DONE
    assert outcome.entry.status is LedgerStatus.DELIVERED
    again = run_work(services, handler, flow, key)
    assert again.result is None
    arrived = received(sandbox, partner, name)
    assert len(arrived) == 1
    report = validate(arrived[0].payload)
    assert report.valid, [issue.describe() for issue in report.issues]
    acks = sterling_app(sandbox).simulator.acknowledge(partner)
    assert any(a.acknowledged_message_id == arrived[0].message_id and a.accepted for a in acks)
    assert outcome.entry.controls.interchange is not None
    return _segments(arrived[0].payload)


def test_a_confirmed_po_reaches_an_edifact_vendor_as_orders(sandbox: RunningSandbox, services: Services) -> None:
    key = confirmed_po(sandbox, "DE-V01", [(ITEMS[4], 3), (ITEMS[5], 8)], company="demf")
    number = key.split("/", 1)[1]
    segments = _deliver_once(
        sandbox,
        services,
        handle_outbound_850,
        "outbound_850",
        key,
        "RHEINTEILE",
        f"RHEINTEILE_ORDERS_DEMF-{number}.edi",
    )
    assert any(s.startswith("UNH+") and s.endswith("+ORDERS:D:96A:UN") for s in segments)
    assert f"BGM+220+{number}+9" in segments
    assert [s for s in segments if s.startswith("QTY+21:")] == ["QTY+21:3", "QTY+21:8"]
    assert any(s.startswith("PIA+1+RHE") and s.endswith(":SA+" + ITEMS[4] + ":IN") for s in segments)
    assert "CNT+2:2" in segments


def test_a_posted_invoice_reaches_a_d01b_customer_as_invoic(sandbox: RunningSandbox, services: Services) -> None:
    order = edi_sales_order(services, "DE-202", "HANS-PO-9", [(ITEMS[0], 12), (ITEMS[4], 3)], company="demf")
    invoice = dynamics_app(sandbox).post_sales_invoice("demf", order)["InvoiceNumber"]
    segments = _deliver_once(
        sandbox,
        services,
        handle_outbound_810,
        "outbound_810",
        document_key("demf", invoice),
        "HANSEHAUS",
        f"HANSEHAUS_INVOIC_DEMF-{invoice}.edi",
    )
    assert any("INVOIC:D:01B:UN" in s for s in segments)
    assert "RFF+ON:HANS-PO-9" in segments
    line_amounts = [s.split(":")[1] for s in segments if s.startswith("MOA+203:")]
    total = next(s.split(":")[1] for s in segments if s.startswith("MOA+79:"))
    assert sum(float(a) for a in line_amounts) == pytest.approx(float(total))
    assert next(s for s in segments if s.startswith("MOA+86:")) == f"MOA+86:{total}"


def test_a_packing_slip_reaches_an_edifact_customer_as_desadv_with_sscc_cartons(
    sandbox: RunningSandbox, services: Services
) -> None:
    order = edi_sales_order(services, "DE-201", "EURO-PO-4", [(ITEMS[6], 10)], company="demf")
    shipped = dynamics_app(sandbox).post_packing_slip("demf", order, cartons_per_line=2)
    slip = str(shipped["PackingSlipId"])
    segments = _deliver_once(
        sandbox,
        services,
        handle_outbound_856,
        "outbound_856",
        document_key("demf", slip),
        "EUROMARKT",
        f"EUROMARKT_DESADV_DEMF-{slip}.edi",
    )
    assert [s for s in segments if s.startswith("CPS+")] == ["CPS+1", "CPS+2+1", "CPS+3+1"]
    assert sorted(s.removeprefix("GIN+BJ+") for s in segments if s.startswith("GIN+BJ+")) == sorted(
        str(c)
        for c in shipped["SSCC"]  # type: ignore[union-attr]
    )
    assert [s for s in segments if s.startswith("QTY+12:")] == ["QTY+12:5", "QTY+12:5"]
    assert "RFF+ON:EURO-PO-4" in segments
