"""Confirmed purchase order → ORDERS (D96A / D01B): BGM 220, DTM 137 / 2, NAD BY / SU / DP, CUX, a LIN group
per line (GTIN in LIN, part numbers in PIA, IMD description, QTY 21, PRI AAA), UNS, CNT 2."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from shared.dynamics.records.purchasing import PurchaseOrderHeader, PurchaseOrderLine
from shared.edi.edifact.builders import order_message
from shared.edi.edifact.documents import Amount, Line, Order, Party
from shared.edi.edifact.writer import OutboundMessage
from shared.errors import MappingError
from shared.maps.outbound.context import LineIds, OutboundContext
from shared.maps.outbound.edifact_common import agency, day, item_line, money, quantity, text, with_descriptions
from shared.partners import EdiVersion

__all__ = ["purchase_order"]


def purchase_order(
    order: PurchaseOrderHeader,
    lines: Sequence[PurchaseOrderLine],
    ids: LineIds,
    *,
    context: OutboundContext,
    version: EdiVersion,
) -> OutboundMessage:
    problem = {"document": context.document_key, "partner": context.partner.code}
    if not lines:
        raise MappingError(f"purchase order {order.number} has no lines", context=problem)
    our = context.partner.our_identity
    parties = [
        Party("BY", context.our_id, agency(context.our_id, our.qualifier, "92"), text(context.our_name, 35)),
        Party("SU", order.vendor_account, "92", text(context.partner.name, 35)),
    ]
    location = order.delivery_location or order.receiving_warehouse
    if location:
        parties.append(Party("DP", location, "92"))
    dates = [day("137", order.accounting_date or context.translated_at.date())]
    if order.requested_delivery is not None:
        dates.append(day("2", order.requested_delivery))
    built: list[Line] = []
    descriptions: dict[str, str] = {}
    for line in sorted(lines, key=lambda li: li.line_number):
        where = f"line {line.line_number} of purchase order {order.number}"
        per = line.price_quantity if line.price_quantity > 0 else Decimal(1)
        base = item_line(line.line_number, ids, where=where, context=context)
        built.append(
            Line(
                base.number,
                base.item_id,
                base.item_type,
                base.buyer_part,
                base.supplier_part,
                quantities=(("21", quantity(line.quantity)),),
                prices=(Amount("AAA", money(line.unit_price / per)),),
            )
        )
        descriptions[base.number] = text(line.description, 35)
    document = Order(
        "ORDERS",
        version.value,
        "220",
        order.number,
        "9",
        tuple(dates),
        tuple(parties),
        (),
        currency=order.currency,
        lines=tuple(built),
    )
    return with_descriptions(order_message(document), descriptions)
