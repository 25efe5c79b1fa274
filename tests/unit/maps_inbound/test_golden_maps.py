"""Inbound maps against golden files: a partner document in, the exact Dynamics bodies out."""

from __future__ import annotations

import pytest

from shared.maps.inbound import map_order, map_remittance
from tests.unit.maps_inbound.helpers import FIXTURES, as_golden_text, items, partner, x12_order, x12_remittance

pytestmark = pytest.mark.unit


def test_x12_850_with_ship_to_a_case_line_and_a_buyer_part_number() -> None:
    draft = map_order(x12_order("bigbox_850_ship_to_case_and_buyer_part.x12"), partner("BIGBOX"), items())

    golden = FIXTURES / "bigbox_850_ship_to_case_and_buyer_part.sales_order.json"
    assert as_golden_text(draft.to_json()) == golden.read_text()


def test_x12_820_with_deductions_and_a_credit_memo() -> None:
    draft = map_remittance(x12_remittance("bigbox_820_deductions_and_credit_memo.x12"), partner("BIGBOX"))

    golden = FIXTURES / "bigbox_820_deductions_and_credit_memo.payment_journal.json"
    assert as_golden_text(draft.to_json()) == golden.read_text()
