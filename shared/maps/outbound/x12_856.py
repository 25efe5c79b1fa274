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
from shared.errors import MappingError
from shared.maps.outbound.context import LineIds, OutboundContext, PostalAddress
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


def sscc_is_valid(sscc: str) -> bool:
    """18 digits with a correct GS1 mod-10 check digit."""
    if len(sscc) != 18 or not sscc.isdigit():
        return False
    body = sscc[:17]
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return str((10 - total % 10) % 10) == sscc[17]


def _line_number(line: PackingSlipLine) -> int:
    return int(line.line_number)


def _cartons_of(line: PackingSlipLine, containers: Sequence[PackingSlipContainer]) -> list[PackingSlipContainer]:
    if line.lot_id:
        by_lot = [c for c in containers if c.lot_id == line.lot_id]
        if by_lot:
            return by_lot
    return [c for c in containers if not c.lot_id and c.item_number == line.item_number]


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
    problem = {"document": context.document_key, "partner": context.partner.code}
    shipped = [li for li in lines if li.quantity > 0]
    if not shipped:
        raise MappingError(f"{doc} ships nothing", context=problem, hint="a ship notice needs shipped lines")
    if not slip.customer_po_number:
        raise MappingError(
            f"{doc} names no customer PO number (sales order {slip.sales_order} has no CustomerRequisitionNumber)",
            context=problem,
            hint="retailers match the ASN to their PO: set the customer requisition on the sales order",
        )
    for carton in containers:
        if not sscc_is_valid(carton.sscc):
            raise MappingError(
                f"carton {carton.sscc!r} of {doc} is not a valid SSCC-18 (18 digits with a GS1 check digit)",
                context=problem,
                hint="correct the container's SSCC in Dynamics; it must equal the GS1-128 label on the carton",
            )
    cartons_by_line: list[tuple[PackingSlipLine, list[PackingSlipContainer]]] = []
    for line in sorted(shipped, key=_line_number):
        held = _cartons_of(line, containers)
        where = f"line {_line_number(line)} (item {line.item_number}) of {doc}"
        if not held:
            raise MappingError(
                f"{where} is in no carton: it has no SSCC container",
                context=problem,
                hint="pack the line into cartons with SSCC labels (MlcPackingSlipContainers) before the ASN is sent",
            )
        packed = sum((c.quantity for c in held), Decimal(0))
        if packed != line.quantity:
            raise MappingError(
                f"{where} ships {number(line.quantity)} but its cartons hold {number(packed)}",
                context=problem,
                hint="ASN quantities must equal what is physically shipped: correct the carton contents",
            )
        cartons_by_line.append((line, held))

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
            number_ = _line_number(line)
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
