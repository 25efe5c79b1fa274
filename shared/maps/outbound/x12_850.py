"""Confirmed purchase order (``PurchaseOrderHeadersV2`` + ``PurchaseOrderLinesV2``) → X12 850 to the vendor."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from shared.dynamics.records.purchasing import PurchaseOrderHeader, PurchaseOrderLine
from shared.edi.x12.envelope import Segment
from shared.edi.x12.writer import TransactionSpec
from shared.errors import MappingError
from shared.maps.outbound.context import LineIds, OutboundContext, PostalAddress
from shared.maps.outbound.x12_values import (
    address_segments,
    clean_text,
    line_ids,
    number,
    segment,
    terms_segment,
    unit_of_measure,
    x12_date,
)

__all__ = ["purchase_order_850"]


def purchase_order_850(
    order: PurchaseOrderHeader,
    lines: Sequence[PurchaseOrderLine],
    ids: LineIds,
    context: OutboundContext,
    *,
    ship_to: PostalAddress | None = None,
) -> TransactionSpec:
    if not lines:
        raise MappingError(
            f"purchase order {order.number} has no lines",
            context={"document": context.document_key, "partner": context.partner.code},
            hint="add lines to the purchase order in Dynamics and confirm it again",
        )
    order_date = order.accounting_date or context.translated_at.date()
    body: list[Segment] = [segment("BEG", "00", "SA", order.number, "", x12_date(order_date))]
    if order.currency:
        body.append(segment("CUR", "BY", order.currency))
    body.append(segment("REF", "IA", order.vendor_account))
    if order.vendor_reference:
        body.append(segment("REF", "VN", clean_text(order.vendor_reference, 30, context)))
    terms = terms_segment(order.payment_terms)
    if terms is not None:
        body.append(terms)
    if order.requested_delivery is not None:
        body.append(segment("DTM", "002", x12_date(order.requested_delivery)))
    body.append(segment("N1", "BY", clean_text(context.our_name, 60, context), "92", context.our_id))
    location = order.delivery_location or order.receiving_warehouse
    name = (ship_to.name if ship_to is not None else "") or order.receiving_warehouse or location
    if location:
        body.append(segment("N1", "ST", clean_text(name, 60, context), "92", location))
    elif ship_to is not None and ship_to.present and name:
        body.append(segment("N1", "ST", clean_text(name, 60, context)))
    if location or (ship_to is not None and ship_to.present and name):
        body.extend(address_segments(ship_to, context))
    body.append(segment("N1", "VN", clean_text(context.partner.name, 60, context), "92", order.vendor_account))
    quantity_total = Decimal(0)
    for line in sorted(lines, key=lambda li: li.line_number):
        where = f"line {line.line_number} of purchase order {order.number}"
        if line.quantity <= 0:
            raise MappingError(
                f"{where} orders {number(line.quantity)}; an 850 line needs a positive quantity",
                context={"document": context.document_key, "partner": context.partner.code},
                hint="correct or remove the line in Dynamics and confirm the purchase order again",
            )
        per = line.price_quantity if line.price_quantity > 0 else Decimal(1)
        body.append(
            segment(
                "PO1",
                str(line.line_number),
                number(line.quantity),
                unit_of_measure(line.unit, context=context, where=where),
                number(line.unit_price / per),
                "PE",
                *line_ids(ids, line.line_number, where=where, context=context),
            )
        )
        if line.description:
            body.append(segment("PID", "F", "", "", "", clean_text(line.description, 80, context)))
        if line.requested_delivery is not None and line.requested_delivery != order.requested_delivery:
            body.append(segment("DTM", "002", x12_date(line.requested_delivery)))
        quantity_total += line.quantity
    body.append(segment("CTT", str(len(lines)), number(quantity_total)))
    return TransactionSpec("850", tuple(body))
