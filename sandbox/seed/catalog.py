"""The sandbox company's items, with the identifiers partners use for them.

Deterministic for a given ``scale``: item ``n`` always has the same number, GTIN, price and partner
identifiers, so the Dynamics emulator (products, barcodes, external item numbers) and the partner simulator
(850s naming those items) agree without talking to each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sandbox.seed.partners import SandboxPartner

__all__ = ["CatalogItem", "catalog", "gs1_check_digit", "gtin14", "partner_item_id"]

_NAMES = (
    "Hex bolt M8x40",
    "Wood screw 4x30",
    "Hinge 90mm brass",
    "Door handle satin",
    "Cabinet knob chrome",
    "Drawer slide 450mm",
    "Shelf bracket 200mm",
    "Wall anchor 8mm",
    "Washer M10 zinc",
    "Padlock 40mm",
    "Tape measure 5m",
    "Utility knife",
    "Cordless drill 18V",
    "Sanding sheet P120",
    "Paint roller 230mm",
    "Masking tape 48mm",
    "Work gloves L",
    "Safety glasses",
    "LED bulb E27 9W",
    "Extension cord 10m",
)


def gs1_check_digit(digits: str) -> str:
    """GS1 mod-10 (GTINs, SSCCs): weights 3 and 1 from the right."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits)))
    return str((10 - total % 10) % 10)


def gtin14(company_prefix: str, item_reference: int) -> str:
    """A GS1 GTIN-14 with indicator 0, so its last 12 digits are a valid UPC-A when the prefix starts with 0."""
    body = f"0{company_prefix}{item_reference:0{12 - len(company_prefix)}d}"
    return body + gs1_check_digit(body)


@dataclass(frozen=True)
class CatalogItem:
    item_number: str  # ItemNumber in Dynamics
    name: str
    gtin: str  # GTIN-14
    unit: str
    unit_price: Decimal
    legal_entities: tuple[str, ...]

    @property
    def upc(self) -> str:
        return self.gtin[2:]


def catalog(scale: int = 1) -> tuple[CatalogItem, ...]:
    """``20 * scale`` items, the same every time for the same scale."""
    items: list[CatalogItem] = []
    for n in range(20 * max(1, scale)):
        base = _NAMES[n % len(_NAMES)]
        name = base if n < len(_NAMES) else f"{base} (variant {n // len(_NAMES)})"
        price = Decimal(100 + (n * 37) % 900) / Decimal(100) + Decimal(n % 7)
        items.append(
            CatalogItem(
                item_number=f"A{1000 + n:05d}",
                name=name,
                gtin=gtin14("0614141", 10000 + n),
                unit="ea",
                unit_price=price.quantize(Decimal("0.01")),
                legal_entities=("usmf", "demf"),
            )
        )
    return tuple(items)


def partner_item_id(partner: SandboxPartner, item: CatalogItem) -> str:
    """The identifier ``partner`` uses for ``item`` (what appears in its PO1 / LIN segments)."""
    if partner.item_id_kind == "gtin":
        return item.upc if partner.standard == "X12" else item.gtin[1:]  # UPC-A in X12, GTIN-13 in EDIFACT
    prefix = partner.code[:3]
    number = int(item.item_number[1:])
    if partner.item_id_kind == "buyer_part":
        return f"{prefix}-{number * 7 % 100000:05d}"
    return f"{prefix}{number:06d}V"
