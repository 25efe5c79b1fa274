"""Business totals that retailers reconcile: INVOIC MOA 79 against the lines, REMADV total against documents.

They are warnings, not CONTRL errors: CONTRL acknowledges syntax, and a total that does not add up is a
matter for the flow (dispute, hold) rather than a reason to reject the interchange."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from shared.edi.edifact.envelope import Message
from shared.edi.edifact.place import MessagePlace
from shared.edi.edifact.segments import Segment
from shared.edi.model import Issue, Severity

__all__ = ["amount", "business_issues"]


def amount(text: str) -> Decimal | None:
    """An EDIFACT numeric value (either decimal mark) as Decimal, or None when absent or not a number."""
    if not text:
        return None
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None


def _moa(segment: Segment) -> tuple[str, Decimal | None]:
    return segment.get(1, 1), amount(segment.get(1, 2))


def business_issues(message: Message, base: MessagePlace) -> list[Issue]:
    if message.type == "INVOIC":
        return _invoice(message, base)
    if message.type == "REMADV":
        return _remittance(message, base)
    return []


def _invoice(message: Message, base: MessagePlace) -> list[Issue]:
    lines = Decimal(0)
    seen_line = False
    in_summary = False
    total: tuple[int, Decimal] | None = None
    for position, segment in enumerate(message.body, start=2):
        tag = segment.tag
        if tag == "UNS":
            in_summary = True
        elif tag == "MOA":
            qualifier, value = _moa(segment)
            if value is None:
                continue
            if not in_summary and qualifier == "203":
                lines += value
                seen_line = True
            elif in_summary and qualifier == "79" and total is None:
                total = (position, value)
    if total is None or not seen_line or total[1] == lines:
        return []
    return [
        Issue(
            "transaction",
            "12",
            f"MOA 79 total line items {total[1]} differs from the sum of line amounts (MOA 203) {lines}",
            base.at(total[0], "MOA", 1, 2),
            Severity.WARNING,
        )
    ]


def _remittance(message: Message, base: MessagePlace) -> list[Issue]:
    expected = Decimal(0)
    in_doc = False
    doc_amount: Decimal | None = None
    in_adjustment = False
    in_summary = False
    total: tuple[int, Decimal] | None = None
    for position, segment in enumerate(message.body, start=2):
        tag = segment.tag
        if tag == "DOC":
            in_doc, in_adjustment, doc_amount = True, False, None
        elif tag == "AJT":
            in_adjustment = True
        elif tag in ("DLI", "INP"):
            in_adjustment = False
        elif tag == "UNS":
            in_summary, in_doc = True, False
        elif tag == "MOA":
            qualifier, value = _moa(segment)
            if value is None:
                continue
            if in_summary:
                if total is None or qualifier == "12":
                    total = (position, value) if total is None or qualifier == "12" else total
            elif in_doc and in_adjustment:
                expected -= value
            elif in_doc and doc_amount is None and qualifier in ("9", "12"):
                doc_amount = value
                expected += value
    if total is None or total[1] == expected:
        return []
    return [
        Issue(
            "transaction",
            "12",
            f"remittance total {total[1]} differs from the documents' amounts minus adjustments {expected}",
            base.at(total[0], "MOA", 1, 2),
            Severity.WARNING,
        )
    ]
