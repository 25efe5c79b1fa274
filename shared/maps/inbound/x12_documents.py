"""X12 850 and 820, as the engine types them, read into the standard-neutral inbound documents."""

from __future__ import annotations

from datetime import date

from shared.edi.x12.documents.common import Party, money
from shared.edi.x12.documents.orders import PurchaseOrder
from shared.edi.x12.documents.payments import Remittance
from shared.edi.x12.envelope import element
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

__all__ = ["order_from_850", "remittance_from_820"]

# DTM01 qualifiers in the order a requested date is taken from: the first one present wins.
_SHIP_QUALIFIERS = ("010", "037", "038")  # requested ship, ship not before, ship no later
_DELIVERY_QUALIFIERS = ("002", "064", "063")  # delivery requested, do not deliver before / after
# BEG01 transaction set purpose codes (element 353).
_PURPOSES = {
    "00": OrderPurpose.ORIGINAL,
    "07": OrderPurpose.DUPLICATE,
    "05": OrderPurpose.REPLACE,
    "01": OrderPurpose.CANCEL,
}


def _first_date(dates: tuple[tuple[str, date | None], ...], qualifiers: tuple[str, ...]) -> date | None:
    by_qualifier = {q: d for q, d in dates if d is not None}
    for qualifier in qualifiers:
        if qualifier in by_qualifier:
            return by_qualifier[qualifier]
    return None


def _address(party: Party) -> Address:
    return Address(
        name=party.name,
        location_id=party.id_code,
        street=party.address_lines,
        city=party.city,
        state=party.state,
        postal_code=party.postal_code,
        country=party.country,
    )


def order_from_850(order: PurchaseOrder) -> OrderDocument:
    ship_to = next((p for p in order.parties if p.role == "ST"), None)
    return OrderDocument(
        po_number=order.po_number.strip(),
        purpose=_PURPOSES.get(order.purpose, OrderPurpose.OTHER),
        purpose_code=order.purpose,
        po_date=order.po_date,
        currency=order.currency.strip(),
        requested_ship=_first_date(order.dates, _SHIP_QUALIFIERS),
        requested_delivery=_first_date(order.dates, _DELIVERY_QUALIFIERS),
        ship_to=_address(ship_to) if ship_to is not None else None,
        lines=tuple(
            OrderLineDocument(
                line_id=line.line_id,
                item_ids=tuple(ProductId(p.qualifier, p.value) for p in line.product_ids),
                quantity=line.quantity,
                unit=line.unit,
                unit_price=line.unit_price,
                description=line.description,
            )
            for line in order.lines
        ),
    )


def remittance_from_820(remittance: Remittance) -> RemittanceDocument:
    """The 820 with each ADX tied to the RMR it follows (the engine lists them flat); an ADX before any RMR
    adjusts the payment as a whole."""
    invoices: list[RemittedInvoice] = []
    deductions: list[Deduction] = []
    current = ""
    for segment in remittance.segments:
        tag = segment[0]
        if tag == "ENT":
            current = ""
        elif tag == "RMR":
            current = element(segment, 2).strip()
            paid = money(element(segment, 4))
            if paid is None:
                raise MappingError(
                    f"820 {remittance.trace_number}: RMR {element(segment, 1)} {current} has no amount paid (RMR04)",
                    context={"trace_number": remittance.trace_number, "invoice": current},
                    hint="ask the partner to resend the remittance with RMR04 filled",
                )
            invoices.append(
                RemittedInvoice(
                    invoice=current,
                    qualifier=element(segment, 1),
                    amount_paid=paid,
                    invoice_amount=money(element(segment, 5)),
                    discount=money(element(segment, 6)),
                )
            )
        elif tag == "ADX":
            amount = money(element(segment, 1))
            if amount is None or amount == 0:
                continue
            deductions.append(
                Deduction(
                    # ADX01 is negative for money withheld; a positive ADX gives money back.
                    amount=-amount,
                    reason=element(segment, 2),
                    reference=element(segment, 4),
                    invoice=current,
                )
            )
    return RemittanceDocument(
        trace_number=remittance.trace_number.strip(),
        total=remittance.amount,
        payment_date=remittance.payment_date,
        currency=_currency(remittance),
        method=remittance.method,
        invoices=tuple(invoices),
        deductions=tuple(deductions),
    )


def _currency(remittance: Remittance) -> str:
    cur = next((s for s in remittance.segments if s[0] == "CUR"), ("CUR",))
    return element(cur, 2).strip()
