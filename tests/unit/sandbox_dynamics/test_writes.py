"""Writes through /data: creates with number sequences and defaults, validation errors, ETags, read-only posted data."""

from __future__ import annotations

import pytest

from sandbox.dynamics import DynamicsEmulator
from tests.unit.sandbox_dynamics.support import ENV_URL, Client, body_of

pytestmark = pytest.mark.unit

ORDER = {
    "dataAreaId": "usmf",
    "OrderingCustomerAccountNumber": "US-102",
    "CustomerRequisitionNumber": "PO-778812",
    "RequestedReceiptDate": "2026-02-01T12:00:00Z",
}


def _inner_message(response_body: dict[str, object]) -> str:
    error = response_body["error"]
    assert isinstance(error, dict)
    assert error["message"] == "An error has occurred."
    inner = error["innererror"]
    assert isinstance(inner, dict)
    assert inner["type"] == "Microsoft.Dynamics.Platform.Integration.Services.OData.AxODataWriteException"
    return str(inner["message"])


def test_post_sales_order_fills_number_and_defaults_then_lines(client: Client) -> None:
    created = client.request("POST", "/data/SalesOrderHeadersV2", body=ORDER)
    assert created.status == 201
    header = body_of(created)
    number = header["SalesOrderNumber"]
    assert number == "000017"  # the seed used 000001-000016 in usmf
    assert header["@odata.context"] == f"{ENV_URL}/data/$metadata#SalesOrderHeadersV2/$entity"
    assert header["CurrencyCode"] == "USD"
    assert header["InvoiceCustomerAccountNumber"] == "US-102"
    assert header["SalesOrderStatus"] == "Backorder"
    assert (
        created.header("Location") == f"{ENV_URL}/data/SalesOrderHeadersV2(dataAreaId='usmf',SalesOrderNumber='000017')"
    )
    line = client.request(
        "POST",
        "/data/SalesOrderLines",
        body={"dataAreaId": "usmf", "SalesOrderNumber": number, "ItemNumber": "A01003", "OrderedSalesQuantity": 10},
    )
    assert line.status == 201
    values = body_of(line)
    assert values["InventoryLotId"]
    assert values["LineCreationSequenceNumber"] == 1
    assert values["SalesPrice"] > 0
    assert values["LineAmount"] == pytest.approx(10 * values["SalesPrice"])
    assert values["CustomerRequisitionNumber"] == "PO-778812"
    assert values["RequestedReceiptDate"] == "2026-02-01T12:00:00Z"
    total = client.get_json(f"/data/SalesOrderHeadersV2(dataAreaId='usmf',SalesOrderNumber='{number}')")
    assert total["OrderTotalAmount"] == values["LineAmount"]  # type: ignore[index]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            {**ORDER, "OrderingCustomerAccountNumber": "US-999"},
            "Write failed for table row of type 'SalesOrderHeaderV2Entity'. Infolog: Warning: The value 'US-999' in "
            "field 'Customer account' is not found in the related table 'Customers'.",
        ),
        ({**ORDER, "OrderingCustomerAccountNumber": "US-199"}, "Customer account US-199 is on hold: All."),
    ],
)
def test_sales_order_for_unknown_or_blocked_customer_fails_validation(
    client: Client, body: dict[str, str], expected: str
) -> None:
    response = client.request("POST", "/data/SalesOrderHeadersV2", body=body)
    assert response.status == 400
    assert expected in _inner_message(body_of(response))
    assert client.get_json("/data/SalesOrderHeadersV2/$count") == 16


def test_line_for_unknown_item_fails_validation(client: Client) -> None:
    number = body_of(client.request("POST", "/data/SalesOrderHeadersV2", body=ORDER))["SalesOrderNumber"]
    response = client.request(
        "POST",
        "/data/SalesOrderLines",
        body={"SalesOrderNumber": number, "ItemNumber": "NOPE-1", "OrderedSalesQuantity": 1},
    )
    assert response.status == 400
    assert "The value 'NOPE-1' in field 'Item number' is not found in the related table 'Released products'" in (
        _inner_message(body_of(response))
    )


def test_unknown_property_is_rejected(client: Client) -> None:
    response = client.request("POST", "/data/SalesOrderHeadersV2", body={**ORDER, "RequestedShipDate": "2026-02-01"})
    assert response.status == 400
    assert "The property 'RequestedShipDate' does not exist on type" in str(body_of(response)["error"])


def test_patch_with_etag_then_stale_etag_then_delete(client: Client) -> None:
    created = body_of(client.request("POST", "/data/SalesOrderHeadersV2", body=ORDER))
    path = f"/data/SalesOrderHeadersV2(dataAreaId='usmf',SalesOrderNumber='{created['SalesOrderNumber']}')"
    etag = str(created["@odata.etag"])
    patched = client.request(
        "PATCH", path, body={"CustomersOrderReference": "EDI-850-0001"}, headers={"If-Match": etag}
    )
    assert patched.status == 204
    assert patched.body == b""
    assert client.get_json(path)["CustomersOrderReference"] == "EDI-850-0001"  # type: ignore[index]
    stale = client.request("PATCH", path, body={"SalesOrderName": "x"}, headers={"If-Match": etag})
    assert stale.status == 412
    assert client.request("DELETE", path, headers={"If-Match": "*"}).status == 204
    assert client.request("GET", path).status == 404


def test_patch_or_delete_of_a_missing_key_is_400_no_resources(client: Client) -> None:
    path = "/data/SalesOrderHeadersV2(dataAreaId='usmf',SalesOrderNumber='999999')"
    for method in ("PATCH", "DELETE"):
        response = client.request(method, path, body={"SalesOrderName": "x"} if method == "PATCH" else None)
        assert response.status == 400
        inner = body_of(response)["error"]["innererror"]  # type: ignore[index]
        assert inner["message"] == "No resources were found when selecting for update."  # type: ignore[index]


def test_posted_documents_are_read_only(client: Client) -> None:
    invoice = client.get_json("/data/SalesInvoiceHeadersV2", "$top=1")["value"][0]  # type: ignore[index]
    key = (
        f"(dataAreaId='usmf',InvoiceNumber='{invoice['InvoiceNumber']}',"  # type: ignore[index]
        f"InvoiceDate={invoice['InvoiceDate']},LedgerVoucher='{invoice['LedgerVoucher']}')"  # type: ignore[index]
    )
    assert client.get_json(f"/data/SalesInvoiceHeadersV2{key}")["InvoiceNumber"] == invoice["InvoiceNumber"]  # type: ignore[index]
    for method, path, body in (
        ("PATCH", f"/data/SalesInvoiceHeadersV2{key}", {"CustomersOrderReference": "changed"}),
        ("DELETE", f"/data/SalesInvoiceHeadersV2{key}", None),
        ("POST", "/data/CustPackingSlipJourBiEntities", {"PackingSlipId": "X"}),
    ):
        response = client.request(method, path, body=body)
        assert response.status == 400
        assert "is read-only" in str(body_of(response)["error"])
    assert (
        client.get_json(f"/data/SalesInvoiceHeadersV2{key}")["CustomersOrderReference"]
        == invoice["CustomersOrderReference"]
    )  # type: ignore[index]


def test_posted_payment_journal_refuses_new_lines_and_changes(client: Client) -> None:
    posted = client.get_json(
        "/data/CustomerPaymentJournalHeaders", "$filter=IsPosted eq Microsoft.Dynamics.DataEntities.NoYes'Yes'"
    )["value"][0]  # type: ignore[index]
    batch = posted["JournalBatchNumber"]  # type: ignore[index]
    line = {"JournalBatchNumber": batch, "AccountDisplayValue": "US\\-101", "CreditAmount": 10}
    response = client.request("POST", "/data/CustomerPaymentJournalLines", body=line)
    assert response.status == 400
    assert f"Journal {batch} has been posted" in _inner_message(body_of(response))
    header_path = f"/data/CustomerPaymentJournalHeaders(dataAreaId='usmf',JournalBatchNumber='{batch}')"
    assert client.request("PATCH", header_path, body={"Description": "x"}).status == 400


def test_payment_journal_header_and_lines(client: Client, emulator: DynamicsEmulator) -> None:
    header = body_of(client.request("POST", "/data/CustomerPaymentJournalHeaders", body={"Description": "Lockbox"}))
    assert header["JournalName"] == "ARPay"
    assert header["IsPosted"] == "No"
    batch = header["JournalBatchNumber"]
    assert batch == "USMF-000002"
    line = {
        "JournalBatchNumber": batch,
        "TransactionDate": "2026-02-01T12:00:00Z",
        "AccountDisplayValue": "US\\-101",
        "OffsetAccountType": "Bank",
        "OffsetAccountDisplayValue": "USMF OPER",
        "CreditAmount": 2500,
        "PaymentReference": "TRN-0001",
        "MarkedInvoice": "CIV-000001",
        "SettleVoucher": "SelectedTransact",
    }
    created = body_of(client.request("POST", "/data/CustomerPaymentJournalLines", body=line))
    assert created["LineNumber"] == 1
    assert created["AccountType"] == "Cust"
    assert created["CustomerName"] == "BigBox Stores Inc."
    assert created["CurrencyCode"] == "USD"
    bad = client.request("POST", "/data/CustomerPaymentJournalLines", body={**line, "AccountDisplayValue": "US\\-999"})
    assert bad.status == 400
    created_lines = emulator.created_payment_journal_lines()
    assert [(r["JournalBatchNumber"], r["PaymentReference"]) for r in created_lines] == [(batch, "TRN-0001")]  # type: ignore[index]


def test_vendor_payment_line_uses_debit(client: Client) -> None:
    header = body_of(client.request("POST", "/data/VendorPaymentJournalHeaders", body={}))
    assert header["JournalName"] == "APPay"
    line = body_of(
        client.request(
            "POST",
            "/data/VendorPaymentJournalLines",
            body={
                "JournalBatchNumber": header["JournalBatchNumber"],
                "AccountDisplayValue": "US\\-V01",
                "DebitAmount": 50000,
            },
        )
    )
    assert line["AccountType"] == "Vend"
    assert line["VendorName"] == "Acme Packaging Co."
    assert line["DebitAmount"] == 50000


def test_post_into_another_company_via_dataareaid(client: Client) -> None:
    created = client.request(
        "POST", "/data/SalesOrderHeadersV2", body={"dataAreaId": "DEMF", "OrderingCustomerAccountNumber": "DE-201"}
    )
    assert created.status == 201
    values = body_of(created)
    assert values["dataAreaId"] == "demf"
    assert values["CurrencyCode"] == "EUR"


def test_lines_through_a_navigation_path_bind_the_parent(client: Client) -> None:
    number = body_of(client.request("POST", "/data/SalesOrderHeadersV2", body=ORDER))["SalesOrderNumber"]
    path = f"/data/SalesOrderHeadersV2(dataAreaId='usmf',SalesOrderNumber='{number}')/SalesOrderLines"
    line = client.request("POST", path, body={"ItemNumber": "A01001", "OrderedSalesQuantity": 2})
    assert line.status == 201
    assert body_of(line)["SalesOrderNumber"] == number
    listed = client.get_json(path)["value"]  # type: ignore[index]
    assert [v["ItemNumber"] for v in listed] == ["A01001"]  # type: ignore[index,union-attr]


def test_counters_and_created_orders(client: Client, emulator: DynamicsEmulator) -> None:
    emulator.reset_call_counts()
    number = body_of(client.request("POST", "/data/SalesOrderHeadersV2", body=ORDER))["SalesOrderNumber"]
    client.request(
        "POST",
        "/data/SalesOrderLines",
        body={"SalesOrderNumber": number, "ItemNumber": "A01002", "OrderedSalesQuantity": 3},
    )
    client.get_json("/data/SalesOrderHeadersV2", "$top=1")
    assert emulator.call_counts() == {"SalesOrderHeadersV2": {"GET": 1, "POST": 1}, "SalesOrderLines": {"POST": 1}}
    orders = emulator.created_sales_orders()
    assert len(orders) == 1
    assert orders[0]["CustomerRequisitionNumber"] == "PO-778812"  # type: ignore[index]
    assert [line["ItemNumber"] for line in orders[0]["SalesOrderLines"]] == ["A01002"]  # type: ignore[index,union-attr]


def test_unescaped_hyphen_in_a_display_value_names_another_account(client: Client) -> None:
    header = body_of(client.request("POST", "/data/CustomerPaymentJournalHeaders", body={}))
    line = {"JournalBatchNumber": header["JournalBatchNumber"], "AccountDisplayValue": "US-101", "CreditAmount": 5}
    response = client.request("POST", "/data/CustomerPaymentJournalLines", body=line)
    assert response.status == 400
    assert "Customer account 'US' does not exist." in _inner_message(body_of(response))
