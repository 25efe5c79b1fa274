"""What a ship notice must get right before it is sent, whichever standard carries it: the customer's PO number,
valid SSCC-18s, and every shipped line packed in cartons whose quantities add up to what shipped."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from shared.dynamics.records.sales import PackingSlip, PackingSlipContainer, PackingSlipLine
from shared.errors import MappingError
from shared.maps.outbound.context import OutboundContext
from shared.partners.gtin import check_digit

__all__ = ["PackedLine", "line_number", "packed_lines", "sscc_is_valid"]

PackedLine = tuple[PackingSlipLine, list[PackingSlipContainer]]


def sscc_is_valid(sscc: str) -> bool:
    """18 digits with a correct GS1 mod-10 check digit."""
    if len(sscc) != 18 or not sscc.isdigit():
        return False
    return check_digit(sscc[:17]) == sscc[17]


def line_number(line: PackingSlipLine) -> int:
    return int(line.line_number)


def _cartons_of(line: PackingSlipLine, containers: Sequence[PackingSlipContainer]) -> list[PackingSlipContainer]:
    if line.lot_id:
        by_lot = [c for c in containers if c.lot_id == line.lot_id]
        if by_lot:
            return by_lot
    return [c for c in containers if not c.lot_id and c.item_number == line.item_number]


def packed_lines(
    slip: PackingSlip,
    lines: Sequence[PackingSlipLine],
    containers: Sequence[PackingSlipContainer],
    context: OutboundContext,
) -> list[PackedLine]:
    """The shipped lines in line order with their cartons; a ``MappingError`` for what a retailer charges back."""
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
    packed: list[PackedLine] = []
    for line in sorted(shipped, key=line_number):
        held = _cartons_of(line, containers)
        where = f"line {line_number(line)} (item {line.item_number}) of {doc}"
        if not held:
            raise MappingError(
                f"{where} is in no carton: it has no SSCC container",
                context=problem,
                hint="pack the line into cartons with SSCC labels (MlcPackingSlipContainers) before the ASN is sent",
            )
        in_cartons = sum((c.quantity for c in held), Decimal(0))
        if in_cartons != line.quantity:
            raise MappingError(
                f"{where} ships {_plain(line.quantity)} but its cartons hold {_plain(in_cartons)}",
                context=problem,
                hint="ASN quantities must equal what is physically shipped: correct the carton contents",
            )
        packed.append((line, held))
    return packed


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
