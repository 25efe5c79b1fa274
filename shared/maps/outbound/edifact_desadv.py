"""Posted packing slip → DESADV (D96A / D01B) in the retail pick-and-pack shape: BGM 351, DTM 137 / 11, RFF ON /
BM / CN, NAD BY / SU / DP, CPS 1 for the consignment, then per carton CPS, PAC, PCI 33E, GIN BJ (the SSCC-18)
and its lines (LIN, PIA, IMD, QTY 12, RFF ON), CNT 2."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from shared.dynamics.records.sales import PackingSlip, PackingSlipContainer, PackingSlipLine
from shared.edi.edifact.builders import despatch_message
from shared.edi.edifact.documents import Despatch, Line, Package, Party
from shared.edi.edifact.writer import OutboundMessage
from shared.maps.outbound.context import LineIds, OutboundContext
from shared.maps.outbound.edifact_common import agency, day, item_line, quantity, text, with_descriptions
from shared.maps.outbound.shipment_checks import line_number, packed_lines
from shared.maps.outbound.x12_856 import ShipmentFacts
from shared.partners import EdiVersion

__all__ = ["despatch_advice"]


def despatch_advice(
    slip: PackingSlip,
    lines: Sequence[PackingSlipLine],
    containers: Sequence[PackingSlipContainer],
    *,
    facts: ShipmentFacts,
    ids: LineIds,
    context: OutboundContext,
    version: EdiVersion,
) -> OutboundMessage:
    """DESADV in the retail pick-and-pack shape: CPS 1 (the consignment), then one CPS per carton with PAC,
    PCI 33E and GIN BJ (the SSCC), and the carton's lines with QTY 12 (despatched) and RFF ON (the PO)."""
    packed = packed_lines(slip, lines, containers, context)
    our = context.partner.our_identity
    parties = [
        Party("BY", slip.customer_account, "91", text(context.partner.name, 35)),
        Party("SU", context.our_id, agency(context.our_id, our.qualifier, "91"), text(context.our_name, 35)),
    ]
    if facts.ship_to:
        parties.append(Party("DP", facts.ship_to, "92"))
    ship_day = slip.delivery_date or slip.document_date or context.translated_at.date()
    customer_lines = dict(facts.customer_lines)
    by_carton: dict[str, list[tuple[PackingSlipLine, Decimal]]] = {}
    for line, held in packed:
        for carton in held:
            by_carton.setdefault(carton.sscc, []).append((line, carton.quantity))
    packages = [Package("1", "", None, "", (), ())]
    descriptions: dict[str, str] = {}
    for index, sscc in enumerate(sorted(by_carton), start=2):
        carton_lines: list[Line] = []
        for line, in_carton in by_carton[sscc]:
            number = line_number(line)
            where = f"line {number} (item {line.item_number}) of packing slip {slip.packing_slip_id}"
            base = item_line(number, ids, where=where, context=context)
            shown = customer_lines.get(number) or base.number
            carton_lines.append(
                Line(
                    shown,
                    base.item_id,
                    base.item_type,
                    base.buyer_part,
                    base.supplier_part,
                    quantities=(("12", quantity(in_carton)),),
                    references=(("ON", slip.customer_po_number),),
                )
            )
            descriptions[shown] = text(line.description, 35)
        packages.append(Package(str(index), "1", Decimal(1), "CT", (sscc,), tuple(carton_lines)))
    dates = (day("137", context.translated_at.date()), day("11", ship_day))
    references: list[tuple[str, str]] = [("ON", slip.customer_po_number)]
    if slip.bill_of_lading:
        references.append(("BM", slip.bill_of_lading))
    references.extend(("CN", tracking) for tracking in facts.tracking_numbers)
    document = Despatch(
        "DESADV",
        version.value,
        "351",
        slip.packing_slip_id,
        "9",
        dates,
        tuple(parties),
        tuple(references),
        packages=tuple(packages),
    )
    return with_descriptions(despatch_message(document), descriptions)
