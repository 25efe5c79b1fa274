"""Posted packing slip → X12 856 ship notice, pick-and-pack structure (BSN05 ``0001``: shipment, order, pack,
item), one pack level per SSCC-18 carton with the items it holds.

The ASN is the first source of retailer chargebacks: a carton without an SSCC, an SSCC with a wrong check digit,
or carton quantities that do not add up to what the packing slip shipped are refused here rather than sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from shared.dynamics.records.sales import PackingSlip, PackingSlipContainer, PackingSlipLine
from shared.edi.x12.envelope import Segment
from shared.edi.x12.writer import TransactionSpec
from shared.maps.outbound.context import LineIds, OutboundContext, PostalAddress
from shared.maps.outbound.shipment_checks import line_number, packed_lines, sscc_is_valid
from shared.maps.outbound.x12_values import (
    address_segments,
    clean_text,
    line_ids,
    number,
    segment,
    unit_of_measure,
    x12_date,
    x12_time,
)

__all__ = ["ShipmentFacts", "packing_slip_856", "sscc_is_valid"]


@dataclass(frozen=True, slots=True)
class ShipmentFacts:
    tracking_numbers: tuple[str, ...] = ()
    ship_to: str = ""  # delivery location id of the sales order
    # The customer's own line number (PO101) per packing slip line number, to echo in LIN01.
    customer_lines: tuple[tuple[int, str], ...] = ()
    ship_to_address: PostalAddress | None = None


def packing_slip_856(
    slip: PackingSlip,
    lines: Sequence[PackingSlipLine],
    containers: Sequence[PackingSlipContainer],
    *,
    facts: ShipmentFacts,
    ids: LineIds,
    context: OutboundContext,
) -> TransactionSpec:
    doc = f"packing slip {slip.packing_slip_id}"
    cartons_by_line = packed_lines(slip, lines, containers, context)

    ship_day = slip.delivery_date or slip.document_date or context.translated_at.date()
    body: list[Segment] = [
        segment("BSN", "00", slip.packing_slip_id, x12_date(ship_day), x12_time(context.translated_at), "0001")
    ]
    hl = 0
    hl += 1
    shipment_hl = hl
    body.append(segment("HL", str(shipment_hl), "", "S", "1"))
    cartons = {c.sscc for _, held in cartons_by_line for c in held}
    weight = slip.weight if slip.weight > 0 else Decimal(0)
    if weight > 0:
        body.append(segment("TD1", "CTN25", str(len(cartons)), "", "", "", "G", number(weight), "LB"))
    else:
        body.append(segment("TD1", "CTN25", str(len(cartons))))
    if slip.carrier:
        body.append(segment("TD5", "", "2", clean_text(slip.carrier, 80, context)))
    if slip.bill_of_lading:
        body.append(segment("REF", "BM", slip.bill_of_lading))
    for tracking in facts.tracking_numbers:
        body.append(segment("REF", "CN", tracking))
    body.append(segment("DTM", "011", x12_date(ship_day)))
    partner_name = clean_text(context.partner.name, 60, context)
    if facts.ship_to:
        ship_name = (facts.ship_to_address.name if facts.ship_to_address else "") or partner_name
        body.append(segment("N1", "ST", clean_text(ship_name, 60, context), "92", facts.ship_to))
        body.extend(address_segments(facts.ship_to_address, context))
    body.append(segment("N1", "SF", clean_text(context.our_name, 60, context), "92", context.our_id))
    hl += 1
    order_hl = hl
    body.append(segment("HL", str(order_hl), str(shipment_hl), "O", "1"))
    body.append(segment("PRF", slip.customer_po_number))
    if slip.customer_reference and slip.customer_reference != slip.customer_po_number:
        body.append(segment("REF", "CO", clean_text(slip.customer_reference, 30, context)))
    customer_lines = dict(facts.customer_lines)
    # Cartons in SSCC order; each carton's items in line order.
    by_carton: dict[str, list[tuple[PackingSlipLine, Decimal]]] = {}
    for line, held in cartons_by_line:
        for carton in held:
            by_carton.setdefault(carton.sscc, []).append((line, carton.quantity))
    for sscc in sorted(by_carton):
        hl += 1
        pack_hl = hl
        body.append(segment("HL", str(pack_hl), str(order_hl), "P", "1"))
        body.append(segment("MAN", "GM", sscc))
        for line, quantity in by_carton[sscc]:
            number_ = line_number(line)
            where = f"line {number_} (item {line.item_number}) of {doc}"
            hl += 1
            body.append(segment("HL", str(hl), str(pack_hl), "I", "0"))
            body.append(
                segment(
                    "LIN",
                    customer_lines.get(number_) or str(number_),
                    *line_ids(ids, number_, where=where, context=context),
                )
            )
            unit = unit_of_measure(line.unit, context=context, where=where)
            body.append(segment("SN1", "", number(quantity), unit, "", number(line.ordered), unit, "", "AC"))
            if line.description:
                body.append(segment("PID", "F", "", "", "", clean_text(line.description, 80, context)))
    body.append(segment("CTT", str(hl)))
    return TransactionSpec("856", tuple(body))
