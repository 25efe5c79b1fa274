"""Typed 856 ship notices: the HL tree with what each level carries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from shared.edi.x12.documents.common import Party, ProductId, Reference, money, parse_date, parties, product_ids
from shared.edi.x12.envelope import Segment, element

__all__ = ["HierarchicalLevel", "ShipNotice", "parse_856"]


@dataclass(frozen=True, slots=True)
class HierarchicalLevel:
    """One HL: S shipment, O order, T tare, P pack, I item; ``parent_id`` is HL02 ("" on the shipment)."""

    hl_id: str
    parent_id: str
    level: str
    po_number: str  # PRF01 on order levels
    sscc: tuple[str, ...]  # MAN*GM values on pack/tare levels
    lading_quantity: str  # TD101/TD102 packaging and count
    carrier_scac: str  # TD503
    references: tuple[Reference, ...]
    item_ids: tuple[ProductId, ...]  # LIN pairs
    units_shipped: Decimal | None  # SN102
    unit: str  # SN103
    parties: tuple[Party, ...]


@dataclass(frozen=True, slots=True)
class ShipNotice:
    purpose: str
    shipment_id: str
    ship_date: date | None
    structure: str
    levels: tuple[HierarchicalLevel, ...]
    segments: tuple[Segment, ...]


def parse_856(segments: tuple[Segment, ...]) -> ShipNotice:
    bsn = next((s for s in segments if s[0] == "BSN"), ("BSN",))
    blocks: list[list[Segment]] = []
    for segment in segments:
        if segment[0] == "HL":
            blocks.append([segment])
        elif blocks and segment[0] not in ("CTT", "SE"):
            blocks[-1].append(segment)
    levels = []
    for block in blocks:
        hl = block[0]
        by_tag: dict[str, list[Segment]] = {}
        for segment in block[1:]:
            by_tag.setdefault(segment[0], []).append(segment)
        td1 = by_tag.get("TD1", [("TD1",)])[0]
        sn1 = by_tag.get("SN1", [("SN1",)])[0]
        levels.append(
            HierarchicalLevel(
                element(hl, 1),
                element(hl, 2),
                element(hl, 3),
                element(by_tag.get("PRF", [("PRF",)])[0], 1),
                tuple(element(s, 2) for s in by_tag.get("MAN", []) if element(s, 1) == "GM"),
                f"{element(td1, 1)} {element(td1, 2)}".strip(),
                element(by_tag.get("TD5", [("TD5",)])[0], 3),
                tuple(Reference(element(s, 1), element(s, 2)) for s in by_tag.get("REF", [])),
                product_ids(by_tag.get("LIN", [("LIN",)])[0], 2),
                money(element(sn1, 2)),
                element(sn1, 3),
                parties(tuple(block[1:])),
            )
        )
    return ShipNotice(
        element(bsn, 1), element(bsn, 2), parse_date(element(bsn, 3)), element(bsn, 5), tuple(levels), segments
    )
