"""Posted sales invoice → INVOIC (D96A / D01B): BGM 380, DTM 137, RFF ON (the customer's PO), NAD BY / SU / DP,
TAX, CUX, ALC with its MOA 8, a LIN group per line (QTY 47, MOA 203, PRI AAA), UNS, CNT 2 and the totals MOA 79
(lines), 125 (taxable), 176 (tax) and 86 (due, which must equal Dynamics' invoice total)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from shared.dynamics.records.sales import SalesInvoiceHeader, SalesInvoiceLine
from shared.edi.edifact.builders import invoice_message
from shared.edi.edifact.documents import Amount, Invoice, Line, Party
from shared.edi.edifact.segments import Segment
from shared.edi.edifact.writer import OutboundMessage
from shared.errors import MappingError
from shared.maps.outbound.context import LineIds, OutboundContext
from shared.maps.outbound.edifact_common import CENT, agency, day, item_line, money, quantity, text, with_descriptions
from shared.maps.outbound.invoice_checks import check_sales_invoice
from shared.maps.outbound.x12_810 import InvoiceOrderFacts
from shared.partners import EdiVersion

__all__ = ["invoice"]


def _with_charge_amounts(message: OutboundMessage, amounts: Sequence[Decimal]) -> OutboundMessage:
    """MOA+8 (allowance or charge amount) after each header ALC, in order: the builder writes ALC alone."""
    pending = list(amounts)
    body: list[Segment] = []
    for segment in message.body:
        body.append(segment)
        if segment.tag == "ALC" and pending:
            body.append(Segment.of("MOA", ("8", format(pending.pop(0), "f"))))
    return OutboundMessage(
        message.type, tuple(body), message.release, message.version, message.agency, message.association
    )


def invoice(
    header: SalesInvoiceHeader,
    lines: Sequence[SalesInvoiceLine],
    facts: InvoiceOrderFacts,
    ids: LineIds,
    *,
    context: OutboundContext,
    version: EdiVersion,
) -> OutboundMessage:
    """INVOIC: MOA 79 = the lines' net amounts (MOA 203), MOA 125 taxable, MOA 176 tax, MOA 86 = what is due,
    which must equal Dynamics' invoice total."""
    problem = {"document": context.document_key, "partner": context.partner.code}
    check_sales_invoice(header, lines, facts.po_number, context)
    our = context.partner.our_identity
    parties = [
        Party("BY", header.customer_account, "91", text(context.partner.name, 35)),
        Party("SU", context.our_id, agency(context.our_id, our.qualifier, "91"), text(context.our_name, 35)),
    ]
    if facts.ship_to:
        parties.append(Party("DP", facts.ship_to, "92"))
    built: list[Line] = []
    descriptions: dict[str, str] = {}
    lines_total = Decimal(0)
    for line in sorted(lines, key=lambda li: li.sequence):
        where = f"line {line.sequence} of invoice {header.number}"
        base = item_line(line.sequence, ids, where=where, context=context)
        number = facts.customer_lines.get(line.sequence) or base.number
        net = money(line.quantity * line.unit_price) - money(line.discount_amount)
        lines_total += net
        built.append(
            Line(
                number,
                base.item_id,
                base.item_type,
                base.buyer_part,
                base.supplier_part,
                quantities=(("47", quantity(line.quantity)),),
                prices=(Amount("AAA", line.unit_price),),
                amounts=(Amount("203", net),),
            )
        )
        descriptions[number] = text(line.product_name, 35)
    charges, allowances, tax = money(header.charge_amount), money(header.discount_amount), money(header.tax_amount)
    taxable = lines_total + charges - allowances
    due = taxable + tax
    if due != money(header.total_amount):
        raise MappingError(
            f"invoice {header.number} does not add up: its lines, charges, allowances and tax come to {due} but "
            f"Dynamics' invoice total is {money(header.total_amount)}",
            context=problem,
            hint="the INVOIC would be rejected or short-paid; check the invoice's amounts and tax in Dynamics",
        )
    adjustments: list[tuple[str, str]] = []
    adjustment_amounts: list[Decimal] = []
    if charges > 0:
        adjustments.append(("C", "ABK"))  # miscellaneous charge
        adjustment_amounts.append(charges)
    if allowances > 0:
        adjustments.append(("A", "DI"))  # discount
        adjustment_amounts.append(allowances)
    taxes: tuple[tuple[str, str], ...] = ()
    if tax > 0 and taxable > 0:
        taxes = (("VAT", format((tax / taxable * 100).quantize(CENT, ROUND_HALF_UP).normalize(), "f")),)
    totals = [Amount("79", lines_total), Amount("125", taxable), Amount("176", tax), Amount("86", due)]
    document = Invoice(
        "INVOIC",
        version.value,
        "380",
        header.number,
        "9",
        (day("137", header.invoice_date),),
        tuple(parties),
        (("ON", facts.po_number),),
        currency=header.currency,
        lines=tuple(built),
        totals=tuple(totals),
        taxes=taxes,
        allowances=tuple(adjustments),
    )
    message = _with_charge_amounts(invoice_message(document), adjustment_amounts)
    return with_descriptions(message, descriptions)
