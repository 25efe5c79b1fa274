"""The validator's shortcuts (whole-segment expressions, remembered segments and tag sequences) report exactly
what the element-by-element and walk-every-segment checks report."""

from __future__ import annotations

import pytest

from shared.edi.model import Issue
from shared.edi.x12.element_rules import segment_checker
from shared.edi.x12.envelope import Segment
from shared.edi.x12.validate import validate_bytes
from shared.edi.x12.writer import GroupSpec, InMemoryControlNumbers, TransactionSpec, build_interchange

from .scenarios import RETAILER, STANDARD_ORDER, US, WHEN

pytestmark = pytest.mark.unit


def orders(*bodies: tuple[Segment, ...]) -> bytes:
    specs = tuple(TransactionSpec("850", body) for body in bodies)
    return build_interchange(US, RETAILER, [GroupSpec("PO", "004010", specs)], InMemoryControlNumbers(), when=WHEN)


def replaced(body: tuple[Segment, ...], tag: str, segment: Segment) -> tuple[Segment, ...]:
    return tuple(segment if s[0] == tag else s for s in body)


def found(issues: tuple[Issue, ...]) -> list[tuple[int | None, int | None, str | None, int | None, str]]:
    return [
        (i.location.transaction, i.location.segment, i.location.segment_tag, i.location.element, i.code) for i in issues
    ]


def test_a_truncated_segment_reports_every_missing_mandatory_element() -> None:
    # BEG03 and BEG05 are mandatory; a partner's BEG cut after BEG02 must not pass as "trailing elements omitted".
    data = orders(STANDARD_ORDER, replaced(STANDARD_ORDER, "BEG", ("BEG", "00", "SA")))
    assert found(validate_bytes(data).issues) == [
        (2, 2, "BEG", None, "8"),
        (2, 2, "BEG", 3, "1"),
        (2, 2, "BEG", 5, "1"),
    ]


def test_a_decimal_shorter_than_its_minimum_length_is_reported() -> None:
    # CUR03 (exchange rate, R 4..10) counts digits: "1.5" has two.
    data = orders(replaced(STANDARD_ORDER, "CUR", ("CUR", "BY", "USD", "1.5")))
    assert found(validate_bytes(data).issues) == [(1, 3, "CUR", None, "8"), (1, 3, "CUR", 3, "4")]
    assert [f.code for f in segment_checker("CUR", False)(("CUR", "BY", "USD", "1.5"))] == ["4"]


def test_year_zero_is_not_a_date() -> None:
    data = orders(replaced(STANDARD_ORDER, "BEG", ("BEG", "00", "SA", "PO-1001", "", "00000301")))
    assert found(validate_bytes(data).issues) == [(1, 2, "BEG", None, "8"), (1, 2, "BEG", 5, "8")]


def test_a_long_tag_is_reported_after_a_valid_set_with_the_same_first_letters() -> None:
    # The second set differs from the first only in a four-letter tag whose first three letters are PID.
    wrong = tuple(("PIDX", *s[1:]) if s[0] == "PID" else s for s in STANDARD_ORDER)
    issues = validate_bytes(orders(STANDARD_ORDER, wrong)).issues
    assert found(issues) == [(2, 8, "PIDX", None, "1")]
