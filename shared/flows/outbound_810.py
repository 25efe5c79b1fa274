"""Posted invoices → 810 (flows ``outbound_810`` and ``outbound_810_self_billing``).

``outbound_810``: a posted sales invoice to the customer, started by ``SalesInvoicePostedBusinessEvent`` and by
the sweep of ``SalesInvoiceHeadersV2``.  ``outbound_810_self_billing``: a posted vendor invoice to the vendor, for
partners that opted in; only the sweep of ``VendInvoiceJourBiEntities`` starts it.  Posted invoices are
read-only, so a replay re-reads exactly what was posted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import datetime

from shared.dynamics.odata import Filter, dynamics_date
from shared.dynamics.records.purchasing import PostedVendorInvoice, PostedVendorInvoiceLine, PurchaseOrderLine
from shared.dynamics.records.sales import SalesInvoiceHeader, SalesInvoiceLine, SalesOrderHeader, SalesOrderLine
from shared.edi.edifact.writer import OutboundMessage
from shared.edi.x12.writer import TransactionSpec
from shared.errors import MappingError
from shared.flows.contract import FlowName, FlowResult, Services, document_key
from shared.flows.outbound_common import (
    Fetched,
    ItemLine,
    resolve_line_ids,
    run_outbound,
)
from shared.flows.outbound_parties import sales_order_delivery_address
from shared.flows.outbound_sweep import DEFAULT_LOOK_BACK, sweep_items
from shared.maps.outbound.context import LineIds, OutboundContext
from shared.maps.outbound.edifact_invoic import invoice as invoic_message
from shared.maps.outbound.x12_810 import InvoiceOrderFacts, sales_invoice_810, vendor_invoice_810
from shared.partners import AccountRole, EdiVersion, FlowKind, PartnerProfile
from shared.state.records import LedgerEntry, WorkItem

__all__ = [
    "handle_outbound_810",
    "handle_outbound_810_self_billing",
    "self_billing_key",
    "sweep_outbound_810",
    "sweep_outbound_810_self_billing",
]


def _missing(what: str, legal_entity: str, number: str) -> MappingError:
    return MappingError(
        f"{what} {number} does not exist in legal entity {legal_entity}",
        context={"document": f"{legal_entity}/{number}"},
        hint="check the document number of the event or work item; posted documents are never deleted",
    )


def _order_facts(services: Services, invoice: SalesInvoiceHeader, lines: list[SalesInvoiceLine]) -> InvoiceOrderFacts:
    order: SalesOrderHeader | None = None
    order_lines: list[SalesOrderLine] = []
    if invoice.sales_order:
        client = services.dynamics
        order = client.get(
            SalesOrderHeader, {"dataAreaId": invoice.legal_entity, "SalesOrderNumber": invoice.sales_order}
        )
        order_lines = list(
            client.query(
                SalesOrderLine, Filter.eq("SalesOrderNumber", invoice.sales_order), legal_entity=invoice.legal_entity
            )
        )
    # Invoice lines name the item, not the order line: echo the customer's line number where the item is unique.
    counts = Counter(li.item_number for li in order_lines)
    by_item = {
        li.item_number: str(li.customer_line_number)
        for li in order_lines
        if counts[li.item_number] == 1 and li.customer_line_number > 0
    }
    customer_lines = {li.sequence: by_item[li.product_number] for li in lines if li.product_number in by_item}
    po_number = (order.customer_po_number if order is not None else "") or invoice.customer_reference
    ship_to = order.delivery_location if order is not None else ""
    address = (
        sales_order_delivery_address(services.dynamics, invoice.legal_entity, invoice.sales_order)
        if order is not None
        else None
    )
    return InvoiceOrderFacts(po_number, ship_to, customer_lines, address)


def _fetch_sales(services: Services, legal_entity: str, number: str) -> Fetched:
    client = services.dynamics
    invoice = client.first(SalesInvoiceHeader, Filter.eq("InvoiceNumber", number), legal_entity=legal_entity)
    if invoice is None:
        raise _missing("sales invoice", legal_entity, number)
    lines = list(client.query(SalesInvoiceLine, Filter.eq("InvoiceNumber", number), legal_entity=legal_entity))
    facts = _order_facts(services, invoice, lines)
    description = f"sales invoice {number}"

    def ids(partner: PartnerProfile) -> LineIds:
        item_lines = (ItemLine(li.sequence, li.product_number, li.unit) for li in lines)
        return resolve_line_ids(services, partner, item_lines, description)

    def x12(partner: PartnerProfile, context: OutboundContext) -> TransactionSpec:
        return sales_invoice_810(invoice, lines, facts, ids(partner), context)

    def edifact(partner: PartnerProfile, context: OutboundContext, version: EdiVersion) -> OutboundMessage:
        return invoic_message(invoice, lines, facts, ids(partner), context=context, version=version)

    records = {"header": invoice, "lines": lines, "order": facts}
    return Fetched(legal_entity, number, description, invoice.customer_account, records, x12=x12, edifact=edifact)


def _fetch_vendor(services: Services, legal_entity: str, key: str) -> Fetched:
    vendor, sep, number = key.partition("/")
    if not sep:
        raise MappingError(
            f"self-billing work item key {legal_entity}/{key} is not <legal entity>/<vendor>/<invoice>",
            context={"natural_key": f"{legal_entity}/{key}"},
            hint="the work item was not made by this connector's sweep; drop it",
        )
    client = services.dynamics
    invoice = client.first(
        PostedVendorInvoice,
        Filter.eq("InvoiceId", number) & Filter.eq("InvoiceAccount", vendor),
        legal_entity=legal_entity,
    )
    if invoice is None:
        raise _missing(f"vendor {vendor} invoice", legal_entity, number)
    where = Filter.eq("InvoiceId", number)
    if invoice.purchase_order:
        where = where & Filter.eq("PurchID", invoice.purchase_order)
    lines = list(client.query(PostedVendorInvoiceLine, where, legal_entity=legal_entity))
    units: dict[int, str] = {}
    if invoice.purchase_order:
        for po_line in client.query(
            PurchaseOrderLine, Filter.eq("PurchaseOrderNumber", invoice.purchase_order), legal_entity=legal_entity
        ):
            units[po_line.line_number] = po_line.unit
    description = f"vendor {vendor} invoice {number}"

    def x12(partner: PartnerProfile, context: OutboundContext) -> TransactionSpec:
        item_lines = (
            ItemLine(li.purchase_line_number, li.item_number, units.get(li.purchase_line_number, "")) for li in lines
        )
        ids = resolve_line_ids(services, partner, item_lines, description)
        return vendor_invoice_810(invoice, lines, units, ids, context)

    records = {"header": invoice, "lines": lines, "units": units}
    return Fetched(legal_entity, key, description, vendor, records, x12=x12)


def handle_outbound_810(work: WorkItem, entry: LedgerEntry, services: Services) -> FlowResult:
    return run_outbound(
        work, entry, services, flow=FlowKind.OUTBOUND_810, role=AccountRole.CUSTOMER, fetch=_fetch_sales
    )


def handle_outbound_810_self_billing(work: WorkItem, entry: LedgerEntry, services: Services) -> FlowResult:
    return run_outbound(
        work,
        entry,
        services,
        flow=FlowKind.OUTBOUND_810_SELF_BILLING,
        role=AccountRole.VENDOR,
        fetch=_fetch_vendor,
    )


def sweep_outbound_810(services: Services, since: datetime | None) -> Iterable[WorkItem]:
    start = since if since is not None else services.clock() - DEFAULT_LOOK_BACK
    # The V2 header has no creation time; invoice dates are date-only, so whole days are compared.
    invoices = services.dynamics.query(SalesInvoiceHeader, Filter.ge("InvoiceDate", dynamics_date(start.date())))
    found = ((i.legal_entity, i.customer_account, i.number) for i in invoices)
    return sweep_items(services, FlowName.OUTBOUND_810, FlowKind.OUTBOUND_810, AccountRole.CUSTOMER, found)


def sweep_outbound_810_self_billing(services: Services, since: datetime | None) -> Iterable[WorkItem]:
    start = since if since is not None else services.clock() - DEFAULT_LOOK_BACK
    invoices = services.dynamics.query(PostedVendorInvoice, Filter.ge("CreatedOn", start))
    found = (
        (
            i.legal_entity,
            i.invoice_account or i.order_account,
            f"{i.invoice_account or i.order_account}/{i.invoice_number}",
        )
        for i in invoices
    )
    return sweep_items(
        services,
        FlowName.OUTBOUND_810_SELF_BILLING,
        FlowKind.OUTBOUND_810_SELF_BILLING,
        AccountRole.VENDOR,
        found,
    )


def self_billing_key(legal_entity: str, vendor: str, invoice_number: str) -> str:
    """The natural key of a self-billing invoice: legal entity, vendor and invoice number (numbers repeat
    across vendors, since each vendor numbers its own invoices)."""
    return document_key(legal_entity.lower(), f"{vendor}/{invoice_number}")


def register_all(register: Callable[..., object]) -> None:
    register(FlowName.OUTBOUND_810, handle_outbound_810, sweep_outbound_810)
    register(FlowName.OUTBOUND_810_SELF_BILLING, handle_outbound_810_self_billing, sweep_outbound_810_self_billing)
