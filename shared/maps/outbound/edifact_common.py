"""Pieces the EDIFACT maps share: amounts, quantities and dates as the engine's typed documents hold them, the
line identifiers a partner matches on, and the line descriptions (``IMD``) the typed documents do not carry."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from shared.edi.edifact.documents import DatePeriod, Line
from shared.edi.edifact.segments import Segment
from shared.edi.edifact.writer import OutboundMessage
from shared.edi.model import Standard
from shared.errors import MappingError
from shared.maps.outbound.context import LineIds, OutboundContext
from shared.partners.items import IdRole, id_role

__all__ = ["CENT", "agency", "day", "item_line", "money", "quantity", "text", "with_descriptions"]

CENT = Decimal("0.01")


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


def quantity(value: Decimal) -> Decimal:
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral_value() else normal


def day(qualifier: str, value: date) -> DatePeriod:
    return DatePeriod(qualifier, value.strftime("%Y%m%d"), "102", value)


def agency(identifier: str, qualifier: str, fallback: str) -> str:
    """3055: ``9`` for a GS1 GLN (interchange qualifier 14 and 13 digits), else who assigned the code."""
    return "9" if qualifier == "14" and len(identifier) == 13 and identifier.isdigit() else fallback


def text(value: str, limit: int) -> str:
    return " ".join(value.split())[:limit]


def item_line(number: int, ids: LineIds, *, where: str, context: OutboundContext) -> Line:
    found = ids.get(number, ())
    item_id = item_type = buyer = supplier = ""
    for product in found:
        role = id_role(Standard.EDIFACT, product.qualifier)
        if role is IdRole.GTIN and not item_id:
            item_id, item_type = product.value, product.qualifier
        elif role is IdRole.BUYER and not buyer:
            buyer = product.value
        elif role is IdRole.SELLER and not supplier:
            supplier = product.value
    if not (item_id or buyer or supplier):
        raise MappingError(
            f"{where} has no item identifier for {context.partner.code}",
            context={"document": context.document_key, "partner": context.partner.code},
            hint="give the item the identifier the partner uses (barcode or external item number) in Dynamics, "
            f"or map it under [partners.{context.partner.code}.items.overrides] in the partner file",
        )
    return Line(str(number), item_id, item_type, buyer_part=buyer, supplier_part=supplier)


def with_descriptions(message: OutboundMessage, descriptions: dict[str, str]) -> OutboundMessage:
    """IMD+F free-text description after each line's LIN/PIA (its place in SG25 / SG28)."""
    body: list[Segment] = []
    current: str | None = None
    for segment in message.body:
        if current is not None and segment.tag not in ("PIA",):
            description = descriptions.get(current, "")
            if description:
                body.append(Segment.of("IMD", "F", None, ("", "", "", description)))
            current = None
        body.append(segment)
        if segment.tag == "LIN":
            current = segment.get(1)
    return OutboundMessage(
        message.type, tuple(body), message.release, message.version, message.agency, message.association
    )
