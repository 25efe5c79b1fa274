"""Typed 820 remittance advice: the payment, its trace number, remitted invoices and deductions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from shared.edi.x12.documents.common import Party, money, parse_date, parties
from shared.edi.x12.envelope import Segment, element

__all__ = ["Adjustment", "Remittance", "RemittanceLine", "parse_820"]


@dataclass(frozen=True, slots=True)
class RemittanceLine:
    reference_qualifier: str  # RMR01, e.g. IV invoice
    reference: str  # RMR02: the invoice number to match
    amount_paid: Decimal | None
    invoice_amount: Decimal | None
    discount: Decimal | None
    entity: str  # ENT01 the line sits under, "" at the top


@dataclass(frozen=True, slots=True)
class Adjustment:
    """An ADX deduction or adjustment (negative = deducted), routed to the dispute workflow."""

    amount: Decimal | None
    reason: str
    reference_qualifier: str
    reference: str


@dataclass(frozen=True, slots=True)
class Remittance:
    handling: str
    amount: Decimal | None
    credit_debit: str
    method: str
    payment_date: date | None
    trace_number: str
    parties: tuple[Party, ...]
    lines: tuple[RemittanceLine, ...]
    adjustments: tuple[Adjustment, ...]
    segments: tuple[Segment, ...]


def parse_820(segments: tuple[Segment, ...]) -> Remittance:
    bpr = next((s for s in segments if s[0] == "BPR"), ("BPR",))
    trn = next((s for s in segments if s[0] == "TRN"), ("TRN",))
    entity = ""
    lines = []
    adjustments = []
    for s in segments:
        if s[0] == "ENT":
            entity = element(s, 1)
        elif s[0] == "RMR":
            lines.append(
                RemittanceLine(
                    element(s, 1),
                    element(s, 2),
                    money(element(s, 4)),
                    money(element(s, 5)),
                    money(element(s, 6)),
                    entity,
                )
            )
        elif s[0] == "ADX":
            adjustments.append(Adjustment(money(element(s, 1)), element(s, 2), element(s, 3), element(s, 4)))
    first_detail = next((i for i, s in enumerate(segments) if s[0] == "ENT"), len(segments))
    return Remittance(
        element(bpr, 1),
        money(element(bpr, 2)),
        element(bpr, 3),
        element(bpr, 4),
        parse_date(element(bpr, 16)),
        element(trn, 2),
        parties(segments[:first_detail]),
        tuple(lines),
        tuple(adjustments),
        segments,
    )
