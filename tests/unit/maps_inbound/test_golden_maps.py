"""Inbound maps against golden files: a partner document in, the exact Dynamics bodies out."""

from __future__ import annotations

import pytest

from shared.maps.inbound import map_order, map_remittance
from tests.unit.maps_inbound.helpers import (
    FIXTURES,
    as_golden_text,
    edifact_items,
    edifact_order,
    edifact_remittance,
    items,
    partner,
    x12_order,
    x12_remittance,
)

pytestmark = pytest.mark.unit


def test_x12_850_with_ship_to_a_case_line_and_a_buyer_part_number() -> None:
    draft = map_order(x12_order("bigbox_850_ship_to_case_and_buyer_part.x12"), partner("BIGBOX"), items())

    golden = FIXTURES / "bigbox_850_ship_to_case_and_buyer_part.sales_order.json"
    assert as_golden_text(draft.to_json()) == golden.read_text()


def test_x12_820_with_deductions_and_a_credit_memo() -> None:
    draft = map_remittance(x12_remittance("bigbox_820_deductions_and_credit_memo.x12"), partner("BIGBOX"))

    golden = FIXTURES / "bigbox_820_deductions_and_credit_memo.payment_journal.json"
    assert as_golden_text(draft.to_json()) == golden.read_text()


def test_edifact_orders_d96a_with_delivery_party_gtin_and_buyer_part() -> None:
    order = edifact_order("euromarkt_orders_d96a_delivery_party_gtin_and_buyer_part.edi")
    draft = map_order(order, partner("EUROMARKT"), edifact_items())

    golden = FIXTURES / "euromarkt_orders_d96a_delivery_party_gtin_and_buyer_part.sales_order.json"
    assert as_golden_text(draft.to_json()) == golden.read_text()


def test_edifact_remadv_d01b_with_deduction_discount_and_credit_note() -> None:
    remittance = edifact_remittance("hansehaus_remadv_d01b_deduction_discount_credit_note.edi")
    draft = map_remittance(remittance, partner("HANSEHAUS"))

    golden = FIXTURES / "hansehaus_remadv_d01b_deduction_discount_credit_note.payment_journal.json"
    assert as_golden_text(draft.to_json()) == golden.read_text()
