"""Posted sales invoice → X12 810 to the customer; posted vendor invoice → 810 to the vendor (self-billing).

TDS01 must equal the lines plus charges minus allowances (what the engine checks and retailers deduct for).
Dynamics' invoice total includes tax, so tax travels as a summary ``SAC*C*H850`` charge with its ``TXI``: the
sum then balances against Dynamics' total, and a total that does not is refused here, before anything is sent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from shared.dynamics.records.purchasing import PostedVendorInvoice, PostedVendorInvoiceLine
from shared.dynamics.records.sales import SalesInvoiceHeader, SalesInvoiceLine
from shared.edi.x12.envelope import Segment
from shared.edi.x12.writer import TransactionSpec
from shared.errors import MappingError
from shared.maps.outbound.context import LineIds, OutboundContext, PostalAddress
from shared.maps.outbound.invoice_checks import check_sales_invoice
from shared.maps.outbound.x12_values import (
    address_segments,
    cents,
    clean_text,
    line_ids,
    number,
    segment,
    terms_segment,
    unit_of_measure,
    x12_date,
)

__all__ = ["InvoiceOrderFacts", "sales_invoice_810", "vendor_invoice_810"]

_CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class InvoiceOrderFacts:
    """What the invoice does not carry but the partner needs, read from the sales order it invoices."""

    po_number: str  # the customer's PO number (CustomerRequisitionNumber, or the order reference)
    ship_to: str = ""  # delivery location id
    # The customer's own line number (PO101) per invoice line sequence, to echo in IT101.
    customer_lines: Mapping[int, str] = field(default_factory=dict)
    ship_to_address: PostalAddress | None = None


def _money(value: Decimal) -> Decimal:
    return value.quantize(_CENT, ROUND_HALF_UP)


def _unbalanced(number_: str, computed: Decimal, stated: Decimal, context: OutboundContext) -> MappingError:
    return MappingError(
        f"invoice {number_} does not add up: its lines, charges, allowances and tax come to {computed} but "
        f"Dynamics' invoice total is {stated}",
        context={"document": context.document_key, "partner": context.partner.code},
        hint="the 810 would be rejected or short-paid; check the invoice's line amounts, charges and tax in "
        "Dynamics (a correction is a credit note and a new invoice)",
    )


def _summary(
    body: list[Segment],
    *,
    lines_total: Decimal,
    charges: Decimal,
    allowances: Decimal,
    tax: Decimal,
    line_count: int,
) -> Decimal:
    total = lines_total + charges - allowances + tax
    body.append(segment("TDS", cents(total)))
    if charges > 0:
        body.append(segment("SAC", "C", "ZZZZ", "", "", cents(charges), *([""] * 9), "CHARGES"))
    if allowances > 0:
        body.append(segment("SAC", "A", "C310", "", "", cents(allowances)))
    if tax > 0:
        body.append(segment("SAC", "C", "H850", "", "", cents(tax)))
        body.append(segment("TXI", "ST", number(tax)))
    body.append(segment("CTT", str(line_count)))
    return total


def sales_invoice_810(
    invoice: SalesInvoiceHeader,
    lines: Sequence[SalesInvoiceLine],
    facts: InvoiceOrderFacts,
    ids: LineIds,
    context: OutboundContext,
) -> TransactionSpec:
    where_doc = f"invoice {invoice.number}"
    check_sales_invoice(invoice, lines, facts.po_number, context)
    body: list[Segment] = [segment("BIG", x12_date(invoice.invoice_date), invoice.number, "", facts.po_number)]
    if invoice.currency:
        body.append(segment("CUR", "SE", invoice.currency))
    if invoice.sales_order:
        body.append(segment("REF", "VN", invoice.sales_order))
    partner_name = clean_text(context.partner.name, 60, context)
    body.append(segment("N1", "BT", partner_name, "91", invoice.customer_account))
    if facts.ship_to:
        ship_name = (facts.ship_to_address.name if facts.ship_to_address else "") or context.partner.name
        body.append(segment("N1", "ST", clean_text(ship_name, 60, context), "92", facts.ship_to))
        body.extend(address_segments(facts.ship_to_address, context))
    body.append(segment("N1", "RI", clean_text(context.our_name, 60, context), "92", context.our_id))
    terms = terms_segment(invoice.payment_terms)
    if terms is not None:
        body.append(terms)
    shipped = [li.confirmed_ship for li in lines if li.confirmed_ship is not None]
    if shipped:
        body.append(segment("DTM", "011", x12_date(max(shipped))))
    lines_total = Decimal(0)
    for line in sorted(lines, key=lambda li: li.sequence):
        where = f"line {line.sequence} of {where_doc}"
        body.append(
            segment(
                "IT1",
                facts.customer_lines.get(line.sequence) or str(line.sequence),
                number(line.quantity),
                unit_of_measure(line.unit, context=context, where=where),
                number(line.unit_price),
                "",
                *line_ids(ids, line.sequence, where=where, context=context),
            )
        )
        if line.product_name:
            body.append(segment("PID", "F", "", "", "", clean_text(line.product_name, 80, context)))
        lines_total += _money(line.quantity * line.unit_price)
        if line.discount_amount > 0:
            body.append(segment("SAC", "A", "C310", "", "", cents(line.discount_amount)))
            lines_total -= _money(line.discount_amount)
    total = _summary(
        body,
        lines_total=lines_total,
        charges=_money(invoice.charge_amount),
        allowances=_money(invoice.discount_amount),
        tax=_money(invoice.tax_amount),
        line_count=len(lines),
    )
    if total != _money(invoice.total_amount):
        raise _unbalanced(invoice.number, total, _money(invoice.total_amount), context)
    return TransactionSpec("810", tuple(body))


def vendor_invoice_810(
    invoice: PostedVendorInvoice,
    lines: Sequence[PostedVendorInvoiceLine],
    units: Mapping[int, str],
    ids: LineIds,
    context: OutboundContext,
) -> TransactionSpec:
    """A self-billing invoice: we, the buyer, invoice ourselves on the vendor's behalf for what we received.

    ``units`` holds the purchase unit of each purchase order line (the posted lines carry none); ``ids`` is
    keyed by purchase order line number.
    """
    where_doc = f"vendor invoice {invoice.invoice_number}"
    problem_context = {"document": context.document_key, "partner": context.partner.code}
    if not lines:
        raise MappingError(f"{where_doc} has no lines", context=problem_context, hint="nothing to invoice by EDI")
    body: list[Segment] = [
        segment("BIG", x12_date(invoice.invoice_date), invoice.invoice_number, "", invoice.purchase_order)
    ]
    if invoice.currency:
        body.append(segment("CUR", "BY", invoice.currency))
    body.append(segment("REF", "IA", invoice.invoice_account or invoice.order_account))
    body.append(segment("N1", "BY", clean_text(context.our_name, 60, context), "92", context.our_id))
    body.append(
        segment(
            "N1",
            "SE",
            clean_text(context.partner.name, 60, context),
            "92",
            invoice.invoice_account or invoice.order_account,
        )
    )
    lines_total = Decimal(0)
    for line in sorted(lines, key=lambda li: li.purchase_line_number):
        where = f"purchase line {line.purchase_line_number} of {where_doc}"
        unit = units.get(line.purchase_line_number)
        if not unit:
            raise MappingError(
                f"{where} has no purchase unit (purchase order {line.purchase_order} has no such line)",
                context=problem_context,
                hint="check the purchase order line the invoice line was matched to in Dynamics",
            )
        body.append(
            segment(
                "IT1",
                str(line.purchase_line_number),
                number(line.quantity),
                unit_of_measure(unit, context=context, where=where),
                number(line.unit_price),
                "",
                *line_ids(ids, line.purchase_line_number, where=where, context=context),
            )
        )
        lines_total += _money(line.quantity * line.unit_price)
    total = _summary(
        body,
        lines_total=lines_total,
        charges=Decimal(0),
        allowances=Decimal(0),
        tax=_money(invoice.tax_amount),
        line_count=len(lines),
    )
    if total != _money(invoice.amount):
        raise _unbalanced(invoice.invoice_number, total, _money(invoice.amount), context)
    return TransactionSpec("810", tuple(body))
