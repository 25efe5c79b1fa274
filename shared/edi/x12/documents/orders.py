"""Typed 850 purchase orders and 810 invoices (004010 and 005010 read the same way for these fields)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from shared.edi.x12.documents.common import Party, ProductId, Reference, money, parse_date, parties, product_ids
from shared.edi.x12.envelope import Segment, element

__all__ = ["AllowanceCharge", "Invoice", "InvoiceLine", "OrderLine", "PurchaseOrder", "parse_810", "parse_850"]


@dataclass(frozen=True, slots=True)
class OrderLine:
    line_id: str
    quantity: Decimal | None
    unit: str
    unit_price: Decimal | None
    price_basis: str
    product_ids: tuple[ProductId, ...]
    description: str


@dataclass(frozen=True, slots=True)
class PurchaseOrder:
    """An 850. ``segments`` keeps every segment the partner sent, in order, for re-serialising."""

    purpose: str
    order_type: str
    po_number: str
    release: str
    po_date: date | None
    currency: str
    references: tuple[Reference, ...]
    dates: tuple[tuple[str, date | None], ...]
    parties: tuple[Party, ...]
    lines: tuple[OrderLine, ...]
    line_count: int | None
    segments: tuple[Segment, ...]


@dataclass(frozen=True, slots=True)
class AllowanceCharge:
    indicator: str  # A allowance, C charge
    code: str
    amount: Decimal | None  # in currency units (SAC05 is N2: cents on the wire)


@dataclass(frozen=True, slots=True)
class InvoiceLine:
    line_id: str
    quantity: Decimal | None
    unit: str
    unit_price: Decimal | None
    product_ids: tuple[ProductId, ...]
    description: str


@dataclass(frozen=True, slots=True)
class Invoice:
    """An 810; ``total_cents`` is TDS01 as sent (implied two decimals)."""

    invoice_date: date | None
    invoice_number: str
    po_date: date | None
    po_number: str
    transaction_type: str
    currency: str
    references: tuple[Reference, ...]
    parties: tuple[Party, ...]
    lines: tuple[InvoiceLine, ...]
    total_cents: int | None
    allowances_charges: tuple[AllowanceCharge, ...]
    taxes: tuple[tuple[str, Decimal | None], ...]
    line_count: int | None
    segments: tuple[Segment, ...]


def _first(segments: tuple[Segment, ...], tag: str) -> Segment:
    return next((s for s in segments if s[0] == tag), (tag,))


def _count(segments: tuple[Segment, ...]) -> int | None:
    value = element(_first(segments, "CTT"), 1)
    return int(value) if value.isdigit() else None


def _lines(segments: tuple[Segment, ...], tag: str) -> list[tuple[Segment, str]]:
    lines: list[tuple[Segment, str]] = []
    for segment in segments:
        if segment[0] == tag:
            lines.append((segment, ""))
        elif segment[0] == "PID" and lines and not lines[-1][1]:
            lines[-1] = (lines[-1][0], element(segment, 5))
        elif segment[0] in ("CTT", "TDS"):
            break
    return lines


def parse_850(segments: tuple[Segment, ...]) -> PurchaseOrder:
    beg = _first(segments, "BEG")
    lines = tuple(
        OrderLine(
            element(s, 1),
            money(element(s, 2)),
            element(s, 3),
            money(element(s, 4)),
            element(s, 5),
            product_ids(s, 6),
            description,
        )
        for s, description in _lines(segments, "PO1")
    )
    header = segments[: next((i for i, s in enumerate(segments) if s[0] == "PO1"), len(segments))]
    return PurchaseOrder(
        element(beg, 1),
        element(beg, 2),
        element(beg, 3),
        element(beg, 4),
        parse_date(element(beg, 5)),
        element(_first(header, "CUR"), 2),
        tuple(Reference(element(s, 1), element(s, 2)) for s in header if s[0] == "REF"),
        tuple((element(s, 1), parse_date(element(s, 2))) for s in header if s[0] == "DTM"),
        parties(header),
        lines,
        _count(segments),
        segments,
    )


def parse_810(segments: tuple[Segment, ...]) -> Invoice:
    big = _first(segments, "BIG")
    first_line = next((i for i, s in enumerate(segments) if s[0] == "IT1"), len(segments))
    header = segments[:first_line]
    tds = element(_first(segments, "TDS"), 1)
    lines = tuple(
        InvoiceLine(element(s, 1), money(element(s, 2)), element(s, 3), money(element(s, 4)), product_ids(s, 6), d)
        for s, d in _lines(segments, "IT1")
    )
    charges = []
    for s in segments:
        if s[0] == "SAC":
            cents = money(element(s, 5))
            charges.append(AllowanceCharge(element(s, 1), element(s, 2), cents / 100 if cents is not None else None))
    return Invoice(
        parse_date(element(big, 1)),
        element(big, 2),
        parse_date(element(big, 3)),
        element(big, 4),
        element(big, 7),
        element(_first(header, "CUR"), 2),
        tuple(Reference(element(s, 1), element(s, 2)) for s in header if s[0] == "REF"),
        parties(header),
        lines,
        int(tds) if tds.lstrip("-").isdigit() else None,
        tuple(charges),
        tuple((element(s, 1), money(element(s, 2))) for s in segments if s[0] == "TXI"),
        _count(segments),
        segments,
    )
