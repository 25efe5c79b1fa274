"""Typed records parsed from OData JSON: every declared field is read, malformed rows name entity and field."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from shared.dynamics.enums import CustVendorBlocked, LedgerJournalACType, SettlementType, VersioningDocumentState
from shared.dynamics.errors import DynamicsRecordError
from shared.dynamics.records.parties import Customer, MainAccount, Vendor
from shared.dynamics.records.payments import (
    CustomerPaymentJournalHeader,
    CustomerPaymentLine,
    VendorPaymentJournalHeader,
    VendorPaymentLine,
)
from shared.dynamics.records.products import CustomerExternalItem, ProductBarcode, ReleasedProduct, VendorExternalItem
from shared.dynamics.records.purchasing import (
    PostedVendorInvoice,
    PostedVendorInvoiceLine,
    PurchaseOrderHeader,
    PurchaseOrderLine,
)
from shared.dynamics.records.sales import (
    SalesInvoiceHeader,
    SalesInvoiceLine,
    SalesOrderHeader,
    SalesOrderLine,
)
from shared.dynamics.records.shipping import (
    PackingSlip,
    PackingSlipContainer,
    PackingSlipLine,
    PackingSlipTracking,
)
from shared.dynamics.rows import RowReader

pytestmark = pytest.mark.unit

RECORDS: list[Any] = [
    Vendor,
    Customer,
    MainAccount,
    ReleasedProduct,
    CustomerExternalItem,
    VendorExternalItem,
    ProductBarcode,
    PurchaseOrderHeader,
    PurchaseOrderLine,
    PostedVendorInvoice,
    PostedVendorInvoiceLine,
    SalesOrderHeader,
    SalesOrderLine,
    SalesInvoiceHeader,
    SalesInvoiceLine,
    PackingSlip,
    PackingSlipContainer,
    PackingSlipLine,
    PackingSlipTracking,
    CustomerPaymentJournalHeader,
    VendorPaymentJournalHeader,
    CustomerPaymentLine,
    VendorPaymentLine,
]

# Field name patterns -> a value of the right OData shape.
_ENUMS = {
    "OnHoldStatus": "No",
    "MainAccountType": "Asset",
    "IsSuspended": "No",
    "IsPosted": "No",
    "IsDefaultScannedBarcode": "Yes",
    "PurchaseOrderStatus": "Backorder",
    "PurchaseOrderLineStatus": "Backorder",
    "DocumentApprovalStatus": "Confirmed",
    "SalesOrderStatus": "Backorder",
    "SalesOrderLineStatus": "Backorder",
    "SalesOrderProcessingStatus": "Active",
    "AccountType": "Cust",
    "OffsetAccountType": "Bank",
    "SettleVoucher": "SelectedTransact",
}
_INTEGERS = {"LineNumber", "SourceKey", "SourceDocumentHeader", "SourceDocumentLine", "LineCreationSequenceNumber"}
_INTEGERS |= {"CustomersLineNumber", "PurchaseLineLineNumber"}
_DATES = ("Date", "DateTime", "ActiveFrom", "ActiveTo")
_NUMBERS = ("Price", "Amount", "Quantity", "Weight", "Qty", "Ordered", "Remain", "Volume", "Tax", "LineNum")


def sample_row(record: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"@odata.etag": 'W/"JzEsNTYzNzE0NTMyNyc="'}
    for name in record.FIELDS:
        if name == "dataAreaId":
            row[name] = "usmf"
        elif name in _ENUMS:
            row[name] = _ENUMS[name]
        elif name in _INTEGERS:
            row[name] = 5637144576 if name.startswith("Source") else 3
        elif name.endswith(_DATES):
            row[name] = "2024-02-01T12:00:00Z"
        elif name.endswith(_NUMBERS) or name in {"SumTax", "CreditAmount", "DebitAmount"}:
            row[name] = Decimal("389.45")
        else:
            row[name] = f"{name}-1"
    return row


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.__name__)
def test_every_declared_field_is_read(record: Any) -> None:
    parsed = record.from_odata(sample_row(record))
    assert isinstance(parsed, record)
    for name in record.FIELDS:
        row = sample_row(record)
        del row[name]
        with pytest.raises(DynamicsRecordError) as info:
            record.from_odata(row)
        assert info.value.context["field"] == name
        assert info.value.context["entity_set"] == record.ENTITY_SET
        assert name in str(info.value)


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.__name__)
def test_key_fields_are_selected(record: Any) -> None:
    assert set(record.KEY) <= set(record.FIELDS)
    assert len(set(record.FIELDS)) == len(record.FIELDS)


def test_values_in_their_odata_forms() -> None:
    body = json.loads(
        '{"@odata.etag":"W/\\"x\\"","dataAreaId":"USMF","PurchaseOrderNumber":"00000123",'
        '"OrderVendorAccountNumber":"US-101","InvoiceVendorAccountNumber":"","PurchaseOrderName":"",'
        '"PurchaseOrderStatus":"Backorder","DocumentApprovalStatus":"Confirmed","VendorOrderReference":"",'
        '"CurrencyCode":"USD","RequestedDeliveryDate":"2024-02-01T12:00:00Z",'
        '"ConfirmedDeliveryDate":"1900-01-01T12:00:00Z","AccountingDate":"2024-01-31T12:00:00.1234567Z",'
        '"DeliveryAddressLocationId":null,"DeliveryModeId":"","DeliveryTermsId":"","PaymentTermsName":"Net30",'
        '"DefaultReceivingWarehouseId":"11","DefaultReceivingSiteId":"1"}',
        parse_float=Decimal,
    )
    header = PurchaseOrderHeader.from_odata(body)
    assert header.legal_entity == "usmf"
    assert header.approval_status is VersioningDocumentState.Confirmed
    assert header.requested_delivery == date(2024, 2, 1)
    assert header.confirmed_delivery is None  # 1900-01-01 is F&O's empty date
    assert header.accounting_date == date(2024, 1, 31)
    assert header.delivery_location == ""  # null strings read as empty


def test_payment_line_amounts_stay_decimal() -> None:
    row = json.loads(
        '{"dataAreaId":"usmf","JournalBatchNumber":"USMF-000042","LineNumber":1.0,'
        '"TransactionDate":"2024-02-01T12:00:00Z","AccountType":"Cust","AccountDisplayValue":"US\\\\-001",'
        '"OffsetAccountType":"Bank","OffsetAccountDisplayValue":"USMF OPER","CreditAmount":2500.10,"DebitAmount":0,'
        '"CurrencyCode":"USD","PaymentMethodName":"CHECK","PaymentReference":"CHK 1001","PaymentId":"",'
        '"MarkedInvoice":"CIV-000123","MarkedInvoiceCompany":"usmf","SettleVoucher":"SelectedTransact",'
        '"TransactionText":""}',
        parse_float=Decimal,
    )
    line = CustomerPaymentLine.from_odata(row)
    assert line.credit == Decimal("2500.10")
    assert line.debit == Decimal(0)
    assert line.account == "US\\-001"
    assert line.account_type is LedgerJournalACType.Cust
    assert line.settlement is SettlementType.SelectedTransact


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("OnHoldStatus", "Sometimes", "not a CustVendorBlocked member"),
        ("OnHoldStatus", 3, "member name"),
        ("CustomerAccount", "", "is empty"),
        ("OrganizationName", 12, "should be text"),
    ],
)
def test_malformed_values_are_named(field: str, value: object, problem: str) -> None:
    row = sample_row(Customer)
    row[field] = value
    with pytest.raises(DynamicsRecordError) as info:
        Customer.from_odata(row)
    assert problem in str(info.value)
    assert info.value.context["key"].startswith("dataAreaId=usmf")


def test_reader_types() -> None:
    reader = RowReader(
        "X",
        {
            "n": Decimal("2"),
            "s": "7",
            "b": True,
            "d": "2024-05-06",
            "t": "2026-07-15T01:58:18Z",
            "e": "1900-01-01T00:00:00Z",
        },
        (),
    )
    assert reader.integer("n") == 2
    assert reader.integer("s") == 7
    with pytest.raises(DynamicsRecordError):
        reader.integer("b")
    with pytest.raises(DynamicsRecordError):
        reader.decimal("b")
    assert reader.day("d") == date(2024, 5, 6)
    assert reader.timestamp("t") == datetime(2026, 7, 15, 1, 58, 18, tzinfo=UTC)
    assert reader.timestamp("e") is None
    assert Customer.from_odata(sample_row(Customer) | {"OnHoldStatus": "All"}).blocked_for_sales
    assert Customer.from_odata(sample_row(Customer)).on_hold is CustVendorBlocked.No
