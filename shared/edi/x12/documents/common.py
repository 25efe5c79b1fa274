"""Pieces several typed documents share: parties (N1 loops), product ids, money and dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from shared.edi.x12.envelope import Segment, element

__all__ = ["Party", "ProductId", "Reference", "money", "parse_date", "parties", "product_ids"]


@dataclass(frozen=True, slots=True)
class ProductId:
    qualifier: str
    value: str


@dataclass(frozen=True, slots=True)
class Reference:
    qualifier: str
    value: str


@dataclass(frozen=True, slots=True)
class Party:
    """An N1 loop: who (N101 role), named how, identified by N103/N104, with its N3/N4 address."""

    role: str
    name: str
    id_qualifier: str
    id_code: str
    address_lines: tuple[str, ...] = ()
    city: str = ""
    state: str = ""
    postal_code: str = ""
    country: str = ""


def money(value: str) -> Decimal | None:
    try:
        return Decimal(value) if value else None
    except InvalidOperation:
        return None


def parse_date(value: str) -> date | None:
    if len(value) != 8 or not value.isdigit():
        return None
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        return None


def product_ids(segment: Segment, first: int) -> tuple[ProductId, ...]:
    pairs = []
    for position in range(first, len(segment) - 1, 2):
        qualifier, value = segment[position], segment[position + 1]
        if qualifier and value:
            pairs.append(ProductId(qualifier, value))
    return tuple(pairs)


def parties(segments: tuple[Segment, ...]) -> tuple[Party, ...]:
    """Every N1 loop, wherever it sits (header or line level), with the N3/N4 that follow it."""
    found: list[Party] = []
    current: Segment | None = None
    lines: list[str] = []
    geo: Segment = ("N4",)

    def close() -> None:
        if current is not None:
            found.append(
                Party(
                    element(current, 1),
                    element(current, 2),
                    element(current, 3),
                    element(current, 4),
                    tuple(lines),
                    element(geo, 1),
                    element(geo, 2),
                    element(geo, 3),
                    element(geo, 4),
                )
            )

    for segment in segments:
        tag = segment[0]
        if tag == "N1":
            close()
            current, lines, geo = segment, [], ("N4",)
        elif tag == "N3" and current is not None:
            lines.extend(v for v in segment[1:] if v)
        elif tag == "N4" and current is not None:
            geo = segment
        elif tag not in ("N2", "REF", "PER", "N3", "N4"):
            close()
            current = None
    close()
    return tuple(found)
