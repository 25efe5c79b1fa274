"""Standard-neutral inbound documents: what an 850 / ORDERS or an 820 / REMADV says, once read.

Each standard's reader fills these (``x12_documents``; EDIFACT beside it), so the record maps and the flows do
not care which standard a partner trades.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from shared.partners import ProductId

__all__ = [
    "Address",
    "Deduction",
    "OrderDocument",
    "OrderLineDocument",
    "OrderPurpose",
    "RemittanceDocument",
    "RemittedInvoice",
]


class OrderPurpose(StrEnum):
    """What the partner wants done with the order (BEG01 / BGM 1225)."""

    ORIGINAL = "original"
    DUPLICATE = "duplicate"  # a resend of an original: created once, whichever copy arrives first
    REPLACE = "replace"
    CANCEL = "cancel"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Address:
    """A party's name and postal address as the partner sent it (N1/N3/N4 or NAD)."""

    name: str
    location_id: str = ""  # the partner's own number for the place (N104 / NAD C082), e.g. a store or DC
    street: tuple[str, ...] = ()
    city: str = ""
    state: str = ""
    postal_code: str = ""
    country: str = ""


@dataclass(frozen=True, slots=True)
class OrderLineDocument:
    line_id: str  # PO101 / LIN 1082: echoed back on acknowledgments, invoices and ship notices
    item_ids: tuple[ProductId, ...]
    quantity: Decimal | None
    unit: str  # the partner's unit code (PO103 / QTY 6411), "" when absent
    unit_price: Decimal | None
    description: str


@dataclass(frozen=True, slots=True)
class OrderDocument:
    po_number: str  # BEG03 / BGM 1004
    purpose: OrderPurpose
    purpose_code: str  # BEG01 / BGM 1225 as sent
    po_date: date | None
    currency: str
    requested_ship: date | None
    requested_delivery: date | None
    ship_to: Address | None
    lines: tuple[OrderLineDocument, ...]


@dataclass(frozen=True, slots=True)
class Deduction:
    """Money the partner kept back (ADX / AJT): a chargeback, an allowance, a shortage."""

    amount: Decimal  # positive: the amount withheld
    reason: str  # ADX02 / AJT 4465, the partner's own adjustment reason code
    reference: str  # ADX04 / RFF: the partner's debit memo or claim number, "" when absent
    invoice: str  # the remitted invoice it belongs to; "" when sent for the whole payment


@dataclass(frozen=True, slots=True)
class RemittedInvoice:
    invoice: str  # RMR02 / DOC 1004: our invoice number
    qualifier: str  # RMR01 (IV invoice, CM credit memo ...) / DOC 1001 (380, 381 ...)
    amount_paid: Decimal  # RMR04 / MOA 12
    invoice_amount: Decimal | None  # RMR05 / MOA 9
    discount: Decimal | None  # RMR06 / MOA 52


@dataclass(frozen=True, slots=True)
class RemittanceDocument:
    trace_number: str  # TRN02 / the REMADV's document number: re-associates the payment with the bank deposit
    total: Decimal | None  # BPR02 / MOA in the summary
    payment_date: date | None
    currency: str
    method: str  # BPR04 (ACH, CHK, FWT ...) / PAI
    invoices: tuple[RemittedInvoice, ...]
    deductions: tuple[Deduction, ...]

    @property
    def remitted(self) -> Decimal:
        return sum((i.amount_paid for i in self.invoices), Decimal(0))

    @property
    def deducted(self) -> Decimal:
        return sum((d.amount for d in self.deductions), Decimal(0))
