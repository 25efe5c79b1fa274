"""$metadata is CSDL a client can read entity sets, keys and property types from."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from tests.unit.sandbox_dynamics.support import Client

pytestmark = pytest.mark.unit

EDM = "{http://docs.oasis-open.org/odata/ns/edm}"


def test_metadata_declares_sets_keys_and_types(client: Client) -> None:
    response = client.request("GET", "/data/$metadata")
    assert response.status == 200
    assert response.header(
        "Content-Type",
    ).startswith("application/xml")
    root = ET.fromstring(response.body)
    schema = root.find(f".//{EDM}Schema")
    assert schema is not None
    assert schema.get("Namespace") == "Microsoft.Dynamics.DataEntities"
    types = {t.get("Name"): t for t in schema.findall(f"{EDM}EntityType")}
    lines = types["SalesOrderLine"]
    assert [k.get("Name") for k in lines.findall(f"{EDM}Key/{EDM}PropertyRef")] == ["dataAreaId", "InventoryLotId"]
    props = {p.get("Name"): p.get("Type") for p in lines.findall(f"{EDM}Property")}
    assert props["OrderedSalesQuantity"] == "Edm.Decimal"
    assert props["SalesOrderLineStatus"] == "Microsoft.Dynamics.DataEntities.SalesStatus"
    invoice_keys = [k.get("Name") for k in types["SalesInvoiceHeaderV2"].findall(f"{EDM}Key/{EDM}PropertyRef")]
    assert invoice_keys == ["dataAreaId", "InvoiceNumber", "InvoiceDate", "LedgerVoucher"]
    container = schema.find(f"{EDM}EntityContainer")
    assert container is not None
    assert container.get("Name") == "Resources"
    sets = {s.get("Name") for s in container.findall(f"{EDM}EntitySet")}
    assert {"VendorsV2", "CustomersV3", "PurchaseOrderLinesV2", "VendorPaymentJournalLines", "MainAccounts"} <= sets
    members = [m.get("Name") for m in schema.findall(f"{EDM}EnumType[@Name='VersioningDocumentState']/{EDM}Member")]
    assert members[-1] == "Confirmed"
