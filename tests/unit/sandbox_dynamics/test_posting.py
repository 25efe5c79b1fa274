"""Business processes run from the control API: they change the data the way posting in F&O does."""

from __future__ import annotations

import json

import pytest

from sandbox.dynamics import DynamicsEmulator
from sandbox.dynamics.shipping import sscc18
from tests.unit.sandbox_dynamics.support import Client, body_of

pytestmark = pytest.mark.unit


def _control(client: Client, method: str, path: str, body: object | None = None) -> tuple[int, object]:
    response = client.request(method, f"/sandbox/dynamics/{path}", body=body, auth=False)  # type: ignore[arg-type]
    return response.status, json.loads(response.body)


def test_confirm_purchase_order_changes_status_and_writes_the_confirmation_journal(client: Client) -> None:
    status, created = _control(client, "POST", "purchase-orders", {"dataAreaId": "usmf", "vendor": "US-V01"})
    assert status == 200
    number = created["PurchaseOrderNumber"]  # type: ignore[index]
    path = f"/data/PurchaseOrderHeadersV2(dataAreaId='usmf',PurchaseOrderNumber='{number}')"
    assert client.get_json(path)["DocumentApprovalStatus"] == "Approved"  # type: ignore[index]
    status, keys = _control(
        client, "POST", "purchase-orders/confirm", {"dataAreaId": "usmf", "PurchaseOrderNumber": number}
    )
    assert status == 200
    assert keys == {
        "dataAreaId": "usmf",
        "PurchaseOrderNumber": number,
        "ConfirmationNumber": f"{number}-1",
    }
    assert client.get_json(path)["DocumentApprovalStatus"] == "Confirmed"  # type: ignore[index]
    journal = client.get_json("/data/PurchaseOrderConfirmationHeaders", f"$filter=PurchaseOrderNumber eq '{number}'")
    assert [j["ConfirmationNumber"] for j in journal["value"]] == [f"{number}-1"]  # type: ignore[index,union-attr]


def test_confirm_unknown_po_is_404(client: Client) -> None:
    status, body = _control(
        client, "POST", "purchase-orders/confirm", {"dataAreaId": "usmf", "PurchaseOrderNumber": "NOPE"}
    )
    assert status == 404
    assert "NOPE" in str(body)


def test_post_sales_invoice_from_an_order_the_connector_created(client: Client) -> None:
    order = body_of(
        client.request(
            "POST",
            "/data/SalesOrderHeadersV2",
            body={
                "OrderingCustomerAccountNumber": "US-101",
                "CustomerRequisitionNumber": "PO-42",
                "CustomersOrderReference": "REF-42",
            },
        )
    )
    number = order["SalesOrderNumber"]
    client.request(
        "POST",
        "/data/SalesOrderLines",
        body={"SalesOrderNumber": number, "ItemNumber": "A01004", "OrderedSalesQuantity": 5},
    )
    status, keys = _control(client, "POST", "sales-invoices/post", {"dataAreaId": "usmf", "SalesOrderNumber": number})
    assert status == 200
    invoice = client.get_json("/data/SalesInvoiceHeadersV2", f"$filter=InvoiceNumber eq '{keys['InvoiceNumber']}'")[
        "value"
    ][0]  # type: ignore[index]
    assert invoice["SalesOrderNumber"] == number
    assert invoice["CustomersOrderReference"] == "REF-42"
    lines = client.get_json("/data/SalesInvoiceV2Lines", f"$filter=InvoiceNumber eq '{keys['InvoiceNumber']}'")["value"]  # type: ignore[index]
    assert [(line["ProductNumber"], line["InvoicedQuantity"]) for line in lines] == [("A01004", 5)]  # type: ignore[index,union-attr]
    header = client.get_json(f"/data/SalesOrderHeadersV2(dataAreaId='usmf',SalesOrderNumber='{number}')")
    assert header["SalesOrderStatus"] == "Invoiced"  # type: ignore[index]
    again = client.request(
        "POST", "/sandbox/dynamics/sales-invoices/post", body={"SalesOrderNumber": number}, auth=False
    )
    assert again.status == 409


def test_post_packing_slip_with_tracking_and_sscc(client: Client, emulator: DynamicsEmulator) -> None:
    order = emulator.create_sales_order("usmf", "US-103", None)["SalesOrderNumber"]
    status, slip = _control(
        client,
        "POST",
        "packing-slips/post",
        {"SalesOrderNumber": order, "tracking_number": "1Z999AA10123456784", "cartons_per_line": 2},
    )
    assert status == 200
    slip_id = slip["PackingSlipId"]  # type: ignore[index]
    journal = client.get_json("/data/CustPackingSlipJourBiEntities", f"$filter=PackingSlipId eq '{slip_id}'")["value"][
        0
    ]  # type: ignore[index]
    assert journal["SalesId"] == order
    assert journal["OrderAccount"] == "US-103"
    tracking = client.get_json("/data/PackingSlipTrackingInformation", f"$filter=PackingSlipNumber eq '{slip_id}'")[
        "value"
    ]  # type: ignore[index]
    assert [t["TrackingNumber"] for t in tracking] == ["1Z999AA10123456784"]  # type: ignore[index,union-attr]
    containers = client.get_json("/data/MlcPackingSlipContainers", f"$filter=PackingSlipId eq '{slip_id}'")["value"]  # type: ignore[index]
    codes = [c["SSCC"] for c in containers]  # type: ignore[index,union-attr]
    assert len(codes) == 4
    assert sorted(codes) == sorted(slip["SSCC"])
    for code in codes:
        assert len(code) == 18
        assert sscc18(code[1:8], int(code[8:17]), int(code[0])) == code
    trans = client.get_json("/data/CustPackingSlipTransBiEntities", f"$filter=PackingSlipId eq '{slip_id}'")["value"]  # type: ignore[index]
    assert {t["Remain"] for t in trans} == {0}  # type: ignore[index,union-attr]


def test_sscc18_check_digit_makes_the_weighted_sum_a_multiple_of_ten() -> None:
    code = sscc18("0614141", 123456789, extension=1)
    assert code == "106141411234567897"  # worked by hand: weighted sum of the first 17 digits is 143
    weighted = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(code))
    assert weighted % 10 == 0


def test_free_text_invoice_is_posted_and_visible(client: Client) -> None:
    status, keys = _control(
        client,
        "POST",
        "free-text-invoices/post",
        {"customer": "US-104", "lines": [{"description": "Chargeback reversal", "quantity": 1, "unit_price": 75.5}]},
    )
    assert status == 200
    header = client.get_json(
        f"/data/FreeTextInvoiceHeaders(dataAreaId='usmf',InvoiceIdentifier={keys['InvoiceIdentifier']})"
    )  # type: ignore[index]
    assert header["IsPosted"] == "Yes"
    assert header["FreeTextNumber"] == keys["InvoiceNumber"]
    path = f"/data/FreeTextInvoiceHeaders(dataAreaId='usmf',InvoiceIdentifier={keys['InvoiceIdentifier']})"  # type: ignore[index]
    assert client.request("PATCH", path, body={"CustomerReference": "x"}).status == 400


def test_bulk_insert_rejects_unknown_sets_and_properties(client: Client) -> None:
    assert _control(client, "POST", "bulk/NoSuchSet", {"rows": []})[0] == 404
    status, body = _control(client, "POST", "bulk/CustomersV3", {"rows": [{"Bogus": 1}]})
    assert status == 400
    assert "Bogus" in str(body)
    status, body = _control(
        client, "POST", "bulk/CustomersV3", {"rows": [{"dataAreaId": "usmf", "CustomerAccount": "US-101"}]}
    )
    assert status == 409


def test_event_endpoint_must_be_http(client: Client) -> None:
    status, body = _control(client, "POST", "business-events/endpoints", {"url": "file:///etc/passwd"})
    assert status == 400
    assert "must be an http(s) URL" in str(body)
