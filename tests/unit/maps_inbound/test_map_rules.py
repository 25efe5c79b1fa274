"""The inbound maps' rules: what they refuse (and say to fix), and how money and deductions are carried."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from shared.errors import MappingError, UnknownItemError
from shared.maps.inbound import (
    Deduction,
    OrderLineDocument,
    RemittanceDocument,
    RemittedInvoice,
    map_order,
    map_remittance,
)
from shared.maps.inbound.documents import OrderPurpose
from shared.partners import ProductId
from tests.unit.maps_inbound.helpers import items, partner, x12_order

pytestmark = pytest.mark.unit

ORDER = x12_order("bigbox_850_ship_to_case_and_buyer_part.x12")


def _line(**changes: object) -> OrderLineDocument:
    return dataclasses.replace(ORDER.lines[0], **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"purpose": OrderPurpose.CANCEL, "purpose_code": "01"}, "by hand"),
        ({"purpose": OrderPurpose.REPLACE, "purpose_code": "05"}, "only original"),
        ({"po_number": ""}, "no PO number"),
        ({"po_number": "X" * 21}, "agree a shorter PO number"),
        ({"lines": ()}, "no lines"),
    ],
    ids=["cancel", "replace", "no-po", "long-po", "no-lines"],
)
def test_orders_that_cannot_become_a_sales_order_say_why(change: dict[str, object], words: str) -> None:
    with pytest.raises(MappingError, match=words):
        map_order(dataclasses.replace(ORDER, **change), partner("BIGBOX"), items())  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("line", "words"),
    [
        (_line(quantity=Decimal(0)), "not a positive number"),
        (_line(quantity=None), "not a positive number"),
        (_line(unit_price=Decimal("-1")), "negative"),
        (_line(unit="CA"), "barcode for the CA unit"),
    ],
    ids=["zero-quantity", "no-quantity", "negative-price", "case-without-case-gtin"],
)
def test_lines_that_cannot_be_ordered_say_why(line: OrderLineDocument, words: str) -> None:
    with pytest.raises(MappingError, match=words):
        map_order(dataclasses.replace(ORDER, lines=(line,)), partner("BIGBOX"), items())


def test_an_unknown_item_names_the_identifier_and_where_to_add_it() -> None:
    line = _line(item_ids=(ProductId("UP", "036000291452"),))

    with pytest.raises(UnknownItemError) as raised:
        map_order(dataclasses.replace(ORDER, lines=(line,)), partner("BIGBOX"), items())

    assert "036000291452" in str(raised.value)
    assert "BB-4500012" in str(raised.value)


def test_a_vendor_partners_order_is_refused() -> None:
    with pytest.raises(MappingError, match="only customers' orders"):
        map_order(ORDER, partner("ACMEPACK"), items())


def test_the_partners_currency_fills_in_when_the_order_has_none() -> None:
    draft = map_order(dataclasses.replace(ORDER, currency=""), partner("BIGBOX"), items())

    assert draft.header_odata()["CurrencyCode"] == "USD"


def _remittance(**changes: object) -> RemittanceDocument:
    base = RemittanceDocument(
        trace_number="T-1",
        total=Decimal("90.00"),
        payment_date=None,
        currency="",
        method="ACH",
        invoices=(RemittedInvoice("INV-1", "IV", Decimal("100.00"), Decimal("100.00"), None),),
        deductions=(Deduction(Decimal("10.00"), "59", "CB-9", "INV-1"),),
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_a_remittance_balances_to_the_cash_received() -> None:
    draft = map_remittance(_remittance(), partner("HOMEPRO"))

    cash = sum((line.credit - line.debit for line in draft.lines), Decimal(0))
    assert cash == Decimal("90.00")
    assert "≠" not in draft.description
    assert [line.marked_invoice for line in draft.lines] == ["INV-1", ""]
    assert {line.payment_reference for line in draft.lines} == {"T-1"}


def test_a_remittance_that_does_not_balance_is_kept_with_a_note() -> None:
    draft = map_remittance(_remittance(total=Decimal("95.00")), partner("HOMEPRO"))

    assert "total 95.00 ≠ remitted 100.00 − deducted 10.00" in draft.description
    assert len(draft.lines) == 2


def test_a_remittance_without_trace_number_is_refused() -> None:
    with pytest.raises(MappingError, match="trace number"):
        map_remittance(_remittance(trace_number=""), partner("HOMEPRO"))


def test_a_vendor_partners_remittance_goes_to_a_vendor_payment_journal() -> None:
    draft = map_remittance(_remittance(), partner("ACMEPACK"))

    assert draft.header_set == "VendorPaymentJournalHeaders"
    assert draft.lines_navigation == "VendorPaymentJournalLine"
    assert draft.journal_name == "APPay"
    assert {body["AccountType"] for body in draft.lines_odata()} == {"Vend"}
