"""What a sales invoice must have before it goes out as 810 or INVOIC, whichever standard carries it: the
customer's PO number, and an item on every line (retailers match invoice lines to PO lines by item)."""

from __future__ import annotations

from collections.abc import Sequence

from shared.dynamics.records.sales import SalesInvoiceHeader, SalesInvoiceLine
from shared.errors import MappingError
from shared.maps.outbound.context import OutboundContext

__all__ = ["check_sales_invoice"]


def check_sales_invoice(
    invoice: SalesInvoiceHeader, lines: Sequence[SalesInvoiceLine], po_number: str, context: OutboundContext
) -> None:
    problem = {"document": context.document_key, "partner": context.partner.code}
    if not lines:
        raise MappingError(f"invoice {invoice.number} has no lines", context=problem, hint="nothing to invoice by EDI")
    if not invoice.sales_order:
        # Free-text invoices are posted into the same journal, without an order, a PO number or items.
        raise MappingError(
            f"invoice {invoice.number} is a free-text invoice (no sales order): it has no customer PO number and "
            "no items, which an EDI invoice to a retailer must carry",
            context=problem,
            hint="invoice the partner through a sales order carrying their PO number, or send this one outside EDI",
        )
    if not po_number:
        raise MappingError(
            f"invoice {invoice.number} names no customer PO number (sales order {invoice.sales_order} has no "
            "CustomerRequisitionNumber or order reference)",
            context=problem,
            hint="retailers reject invoices without their PO number: set the customer requisition on the sales order",
        )
    for line in lines:
        if not line.product_number:
            raise MappingError(
                f"line {line.sequence} of invoice {invoice.number} ({line.product_name or 'no description'}) names "
                "no product; every EDI invoice line must identify an item",
                context=problem,
                hint="invoice the item through a sales order line, or charge it as an invoice charge in Dynamics",
            )
