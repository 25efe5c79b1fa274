"""Cross-segment sums and trees that retailers charge back for: 810 and 850 totals, 820 balance, 856 HL tree.

Findings are segment-level (AK304 ``8``) at the segment that carries the wrong total, so a 997 points at it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache

from shared.edi.x12.envelope import Segment, Transaction, element
from shared.edi.x12.shape_memory import Shape

__all__ = ["BusinessFinding", "check_business_rules"]

BusinessFinding = tuple[int, str, str]  # (segment position, tag, message)
_CENT = Decimal("0.01")


def check_business_rules(
    transaction: Transaction, segments: Sequence[Segment], set_id: str | None = None, shape: Shape | None = None
) -> list[BusinessFinding]:
    """``segments`` is the split transaction for 810, 820 and 856 (the 850 check works on the raw text);
    ``set_id`` saves reading it from the header again, and ``shape`` (the set's known tag sequence, when the
    caller has it) saves counting the 850's lines in the text."""
    if set_id is None:
        header = transaction.header
        set_id = header[1] if len(header) > 1 else ""
    if set_id == "850":
        return _order_lines(transaction, shape)
    if set_id == "810":
        return list(_invoice(segments))
    if set_id == "820":
        return list(_remittance(segments))
    if set_id == "856":
        return list(_hl_tree(segments))
    return []


def _decimal(value: str) -> Decimal | None:
    try:
        return Decimal(value) if value else None
    except InvalidOperation:
        return None


def _order_lines(transaction: Transaction, shape: Shape | None) -> list[BusinessFinding]:
    """CTT01 against the PO1 count, both read straight from the raw text (CTT sits at the end of the set),
    or the count from the set's known shape."""
    raw = transaction.raw
    ctt, po1, bare_po1, sep, term = _order_markers(transaction.element_separator, transaction.terminator)
    at = raw.rfind(ctt)
    if at < 0:
        return []
    start = at + len(ctt)
    stated = raw[start : raw.find(term, start)]
    if sep in stated:
        stated = stated[: stated.find(sep)]
    lines = shape.counts.get("PO1", 0) if shape is not None else raw.count(po1) + raw.count(bare_po1)
    if stated.isdigit() and int(stated) != lines:
        position = raw.count(term, 0, at) + 2
        return [(position, "CTT", f"CTT01 says {stated} line items but the transaction has {lines} PO1")]
    return []


@cache
def _order_markers(sep: str, term: str) -> tuple[str, str, str, str, str]:
    return term + "CTT" + sep, term + "PO1" + sep, term + "PO1" + term, sep, term


def _line_count(segments: Sequence[Segment], line_tag: str) -> Iterator[BusinessFinding]:
    lines = sum(1 for s in segments if s[0] == line_tag)
    for position, segment in enumerate(segments, start=1):
        if segment[0] == "CTT":
            stated = element(segment, 1)
            if stated.isdigit() and int(stated) != lines:
                yield position, "CTT", f"CTT01 says {stated} line items but the transaction has {lines} {line_tag}"


def _invoice(segments: Sequence[Segment]) -> Iterator[BusinessFinding]:
    yield from _line_count(segments, "IT1")
    total = Decimal(0)
    tds_position = 0
    tds_value: Decimal | None = None
    for position, segment in enumerate(segments, start=1):
        tag = segment[0]
        if tag == "IT1":
            quantity, price = _decimal(element(segment, 2)), _decimal(element(segment, 4))
            if quantity is not None and price is not None:
                total += (quantity * price).quantize(_CENT, ROUND_HALF_UP)
        elif tag == "SAC":
            amount = _decimal(element(segment, 5))
            if amount is not None:
                cents = amount / 100
                total += -cents if element(segment, 1) == "A" else cents if element(segment, 1) == "C" else 0
        elif tag == "TDS":
            tds_position = position
            amount = _decimal(element(segment, 1))
            tds_value = amount / 100 if amount is not None else None
    if tds_value is not None and tds_value != total:
        yield (
            tds_position,
            "TDS",
            f"TDS01 total {tds_value} does not equal the lines plus charges minus allowances ({total})",
        )


def _remittance(segments: Sequence[Segment]) -> Iterator[BusinessFinding]:
    """BPR02 against the remitted amounts. Partners sign ADX both ways (Walmart and the bots mailbag send the
    deduction negative and pay RMR04 minus it; others add the signed ADX01), so either convention balances."""
    paid = Decimal(0)
    adjusted = Decimal(0)
    bpr: Decimal | None = None
    for segment in segments:
        tag = segment[0]
        if tag == "BPR":
            bpr = _decimal(element(segment, 2))
        elif tag == "RMR":
            paid += _decimal(element(segment, 4)) or 0
        elif tag == "ADX":
            adjusted += _decimal(element(segment, 1)) or 0
    if bpr is None or not any(s[0] == "RMR" for s in segments):
        return
    if bpr not in (paid - adjusted, paid + adjusted):
        yield (
            2,
            "BPR",
            f"BPR02 {bpr} does not equal the remitted amounts (RMR04 total {paid}) with the adjustments "
            f"(ADX01 total {adjusted}) applied",
        )


_ORDERS = {"0001": "SOTPQI", "0002": "SOIPTQ", "0003": "STPOI", "0004": "SOI"}


def _hl_tree(segments: Sequence[Segment]) -> Iterator[BusinessFinding]:
    structure = next((element(s, 5) for s in segments if s[0] == "BSN"), "")
    order = _ORDERS.get(structure, "SOTPQI")
    levels: dict[str, str] = {}
    expected = 1
    count = 0
    for position, segment in enumerate(segments, start=1):
        if segment[0] == "CTT":
            stated = element(segment, 1)
            if stated.isdigit() and int(stated) != count:
                yield position, "CTT", f"CTT01 says {stated} but the ship notice has {count} HL segments"
        if segment[0] != "HL":
            continue
        count += 1
        own, parent, level = element(segment, 1), element(segment, 2), element(segment, 3)
        if own != str(expected):
            yield position, "HL", f"HL01 is {own!r}; HL numbers must run 1, 2, 3 ... (expected {expected})"
        expected += 1
        if count == 1:
            if parent:
                yield position, "HL", "the first HL must not have a parent (HL02)"
        elif not parent:
            yield position, "HL", f"HL {own} ({level}) has no parent (HL02 is empty)"
        elif parent not in levels:
            yield position, "HL", f"HL {own} names parent {parent!r}, which is not an earlier HL"
        elif level in order and levels[parent] in order and order.index(level) <= order.index(levels[parent]):
            yield (
                position,
                "HL",
                f"HL {own} level {level} cannot sit under level {levels[parent]} ({structure or '0001'})",
            )
        levels[own] = level
