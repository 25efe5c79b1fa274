"""Turning Dynamics values into X12 element values: dates, numbers, money in cents, units, free text."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from shared.edi.x12.envelope import Segment
from shared.errors import MappingError
from shared.maps.outbound.context import LineIds, OutboundContext, PostalAddress
from shared.partners import ProductId

__all__ = [
    "address_segments",
    "cents",
    "clean_text",
    "id_pairs",
    "line_ids",
    "number",
    "segment",
    "terms_segment",
    "unit_of_measure",
    "x12_date",
    "x12_time",
]

_CENT = Decimal("0.01")

# Dynamics unit symbols → X12 unit of measure (element 355). Anything else must be a two-letter code already.
_UNITS = {
    "ea": "EA",
    "pcs": "EA",
    "pc": "EA",
    "each": "EA",
    "box": "BX",
    "bx": "BX",
    "cs": "CA",
    "case": "CA",
    "ctn": "CT",
    "dz": "DZ",
    "doz": "DZ",
    "kg": "KG",
    "lb": "LB",
    "pk": "PK",
    "pack": "PK",
    "pl": "PL",
    "un": "UN",
}

_NET_DAYS = re.compile(r"^\s*net\s*(\d{1,3})\s*(?:days?)?\s*$", re.IGNORECASE)


def segment(*elements: str) -> Segment:
    """A segment without trailing empty elements (X12 forbids them; the writer keeps what it is given)."""
    values = list(elements)
    while len(values) > 1 and values[-1] == "":
        values.pop()
    return tuple(values)


def x12_date(day: date) -> str:
    return day.strftime("%Y%m%d")


def x12_time(moment: datetime) -> str:
    return moment.strftime("%H%M")


def number(value: Decimal) -> str:
    """An X12 R (decimal) value: no exponent, no trailing zeros, no ``+``."""
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def cents(amount: Decimal) -> str:
    """An N2 amount: currency units as whole cents (TDS01, SAC05)."""
    return str(int((amount.quantize(_CENT, ROUND_HALF_UP) * 100).to_integral_value()))


def unit_of_measure(symbol: str, *, context: OutboundContext, where: str) -> str:
    code = _UNITS.get(symbol.strip().lower())
    if code is not None:
        return code
    upper = symbol.strip().upper()
    if len(upper) == 2 and upper.isalpha():
        return upper
    raise MappingError(
        f"unit {symbol!r} on {where} has no X12 unit of measure",
        context={"document": context.document_key, "partner": context.partner.code},
        hint="use a unit symbol the connector maps (ea, pcs, box, cs, dz, kg, lb, pk) or a two-letter X12 code",
    )


def clean_text(value: str, limit: int, context: OutboundContext) -> str:
    """Free text fit for an AN element: delimiters and line breaks become spaces, runs of spaces one, clipped."""
    text = value
    for char in (*context.reserved, "\r", "\n", "\t"):
        text = text.replace(char, " ")
    return " ".join(text.split())[:limit].rstrip()


def id_pairs(ids: tuple[ProductId, ...]) -> tuple[str, ...]:
    """Qualifier/value pairs for PO1/IT1/LIN, in the order given (the partner's preferred id first)."""
    out: list[str] = []
    for product_id in ids:
        out.extend((product_id.qualifier, product_id.value))
    return tuple(out)


def terms_segment(payment_terms: str) -> Segment | None:
    """ITD for terms Dynamics names ``Net<days>`` (basic terms, net days from the invoice date); else None.

    Other terms names are company-defined codes with no fixed meaning, so they are not guessed at.
    """
    match = _NET_DAYS.match(payment_terms)
    if match is None:
        return None
    return segment("ITD", "01", "3", "", "", "", "", match.group(1))


def line_ids(ids: LineIds, line: int, *, where: str, context: OutboundContext) -> tuple[str, ...]:
    """The id pairs of one line; a line without an item id is refused (retailers reject or charge it back)."""
    found = ids.get(line, ())
    if not found or not all(p.qualifier and p.value for p in found):
        raise MappingError(
            f"{where} has no item identifier for {context.partner.code}",
            context={"document": context.document_key, "partner": context.partner.code},
            hint="give the item the identifier the partner uses (barcode or external item number) in Dynamics, "
            f"or map it under [partners.{context.partner.code}.items.overrides] in the partner file",
        )
    return id_pairs(found)


# F&O country/region ids are ISO 3166 alpha-3; retail X12 guides want alpha-2 in N404.
_COUNTRIES = {"USA": "US", "CAN": "CA", "MEX": "MX", "DEU": "DE", "GBR": "GB", "FRA": "FR", "NLD": "NL", "CHN": "CN"}


def address_segments(address: PostalAddress | None, context: OutboundContext) -> list[Segment]:
    """N3/N4 for an N1 loop, where Dynamics has the address; nothing when it has none."""
    if address is None or not address.present:
        return []
    out: list[Segment] = []
    if address.street:
        lines = [clean_text(part, 55, context) for part in address.street.splitlines() if part.strip()][:2]
        out.append(segment("N3", *lines))
    if address.city:
        country = address.country.strip().upper()
        out.append(
            segment(
                "N4",
                clean_text(address.city, 30, context),
                address.state.strip().upper()[:2],
                address.postal_code.strip()[:15],
                _COUNTRIES.get(country, country[:3]),
            )
        )
    return out
