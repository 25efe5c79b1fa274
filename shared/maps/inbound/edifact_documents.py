"""EDIFACT ORDERS and REMADV, as the engine reads them, into the standard-neutral inbound documents.

REMADV is read from its segments in order, because a deduction (AJT) owns the MOA and RFF that follow it and
the typed view does not keep the RFF.  Amounts: MOA 12 under a DOC is what was remitted *after* that
document's deductions (EANCOM), so the amount applied to the invoice is MOA 12 plus what the AJTs withheld;
the deductions then come off as their own lines and the journal still adds up to the cash received.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from shared.edi.edifact.documents import DatePeriod, Line, Order
from shared.edi.edifact.segments import Segment
from shared.errors import MappingError
from shared.maps.inbound.documents import (
    Address,
    Deduction,
    OrderDocument,
    OrderLineDocument,
    OrderPurpose,
    RemittanceDocument,
    RemittedInvoice,
)
from shared.partners import ProductId

__all__ = ["order_from_orders", "remittance_from_remadv"]

# BGM 1225 message function codes.
_PURPOSES = {
    "9": OrderPurpose.ORIGINAL,
    "": OrderPurpose.ORIGINAL,  # conditional in the standard; EANCOM's default is an original
    "7": OrderPurpose.DUPLICATE,
    "31": OrderPurpose.DUPLICATE,  # copy
    "5": OrderPurpose.REPLACE,
    "4": OrderPurpose.REPLACE,  # change
    "1": OrderPurpose.CANCEL,
    "3": OrderPurpose.CANCEL,  # deletion
}
# DTM 2005 qualifiers, first present wins.
_SHIP = ("10", "200")  # shipment requested, pick-up / collection
_DELIVERY = ("2", "64", "63")  # delivery requested, earliest, latest
_ORDER_DATE = ("137", "4")  # document date, order date
_PAYMENT_DATE = ("209", "202", "137")  # value date, posting date, document date
# Price qualifiers (PRI 5125), preferred first: net, gross, information.
_PRICES = ("AAA", "AAB", "INF")


def _first_date(dates: tuple[DatePeriod, ...], qualifiers: tuple[str, ...]) -> date | None:
    found = {d.qualifier: d.value for d in dates if d.value is not None}
    return next((found[q] for q in qualifiers if q in found), None)


def _line(line: Line) -> OrderLineDocument:
    ids: list[ProductId] = []
    if line.item_id:
        ids.append(ProductId(line.item_type or "EN", line.item_id))
    if line.buyer_part:
        ids.append(ProductId("IN", line.buyer_part))
    if line.supplier_part:
        ids.append(ProductId("SA", line.supplier_part))
    quantities = dict(line.quantities)
    quantity = quantities.get("21", next(iter(quantities.values()), None))
    prices = {p.qualifier: p.value for p in line.prices if p.value is not None}
    price = next((prices[q] for q in _PRICES if q in prices), None)
    return OrderLineDocument(
        line_id=line.number, item_ids=tuple(ids), quantity=quantity, unit="", unit_price=price, description=""
    )


def order_from_orders(order: Order) -> OrderDocument:
    ship_to = next((p for p in order.parties if p.function == "DP"), None) or next(
        (p for p in order.parties if p.function == "ST"), None
    )
    return OrderDocument(
        po_number=order.number.strip(),
        purpose=_PURPOSES.get(order.function.strip(), OrderPurpose.OTHER),
        purpose_code=order.function,
        po_date=_first_date(order.dates, _ORDER_DATE),
        currency=order.currency.strip(),
        requested_ship=_first_date(order.dates, _SHIP),
        requested_delivery=_first_date(order.dates, _DELIVERY),
        ship_to=Address(name=ship_to.name, location_id=ship_to.id) if ship_to is not None else None,
        lines=tuple(_line(line) for line in order.lines),
    )


def _money(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ".")) if text else None
    except InvalidOperation:
        return None


@dataclass
class _Doc:
    number: str
    qualifier: str
    amounts: dict[str, Decimal] = field(default_factory=dict)
    withheld: Decimal = Decimal(0)


@dataclass
class _Reading:
    docs: list[_Doc] = field(default_factory=list)
    deductions: list[Deduction] = field(default_factory=list)
    adjustment: tuple[str, Decimal | None, str] | None = None  # reason, amount, reference of the open AJT
    summary: bool = False
    total: Decimal | None = None

    def close_adjustment(self) -> None:
        if self.adjustment is None:
            return
        reason, amount, reference = self.adjustment
        self.adjustment = None
        if amount is None or amount == 0:
            return
        invoice = self.docs[-1].number if self.docs else ""
        # An adjustment amount is negative when money was withheld (EANCOM REMADV, MOA 165).
        withheld = -amount
        self.deductions.append(Deduction(amount=withheld, reason=reason, reference=reference, invoice=invoice))
        if self.docs:
            self.docs[-1].withheld += withheld


def _read_remadv(body: tuple[Segment, ...]) -> _Reading:
    reading = _Reading()
    for segment in body:
        tag = segment.tag
        if tag == "DOC":
            reading.close_adjustment()
            reading.docs.append(_Doc(number=segment.get(2).strip(), qualifier=segment.get(1)))
        elif tag == "AJT":
            reading.close_adjustment()
            reading.adjustment = (segment.get(1), None, "")
        elif tag == "MOA":
            amount = _money(segment.get(1, 2))
            if reading.summary:
                if reading.total is None and segment.get(1) in ("12", "128", "9"):
                    reading.total = amount
            elif reading.adjustment is not None:
                reason, _, reference = reading.adjustment
                reading.adjustment = (reason, amount, reference)
            elif reading.docs and amount is not None:
                reading.docs[-1].amounts.setdefault(segment.get(1), amount)
        elif tag == "RFF" and reading.adjustment is not None:
            reason, amount, _ = reading.adjustment
            reading.adjustment = (reason, amount, segment.get(1, 2))
        elif tag == "UNS":
            reading.close_adjustment()
            reading.summary = True
    reading.close_adjustment()
    return reading


def remittance_from_remadv(body: tuple[Segment, ...]) -> RemittanceDocument:
    """``body`` is the REMADV message's segments between UNH and UNT."""
    bgm = next((s for s in body if s.tag == "BGM"), Segment("BGM"))
    trace = bgm.get(2).strip()
    dates = {s.get(1): s.get(1, 2) for s in body if s.tag == "DTM"}
    currency = next((s.get(1, 2) for s in body if s.tag == "CUX"), "")
    reading = _read_remadv(body)
    invoices: list[RemittedInvoice] = []
    for doc in reading.docs:
        remitted = doc.amounts.get("12")
        if remitted is None:
            raise MappingError(
                f"REMADV {trace}: document {doc.number} has no remitted amount (MOA 12)",
                context={"trace_number": trace, "invoice": doc.number},
                hint="ask the partner to resend the remittance advice with MOA 12 for every document",
            )
        invoices.append(
            RemittedInvoice(
                invoice=doc.number,
                qualifier=doc.qualifier,
                amount_paid=remitted + doc.withheld,
                invoice_amount=doc.amounts.get("9"),
                discount=doc.amounts.get("52"),
            )
        )
    payment_date = next((_ccyymmdd(dates[q]) for q in _PAYMENT_DATE if q in dates), None)
    return RemittanceDocument(
        trace_number=trace,
        total=reading.total,
        payment_date=payment_date,
        currency=currency.strip(),
        method=next((s.get(1, 3) for s in body if s.tag == "PAI"), ""),
        invoices=tuple(invoices),
        deductions=tuple(reading.deductions),
    )


def _ccyymmdd(text: str) -> date | None:
    if len(text) < 8 or not text[:8].isdigit():
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None
