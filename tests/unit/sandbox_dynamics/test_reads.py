"""Reads through /data: paging, query options, keys, company scope, value formats."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, urlsplit

import pytest

from sandbox.dynamics import DynamicsEmulator
from tests.unit.sandbox_dynamics.support import ENV_URL, Client, body_of

pytestmark = pytest.mark.unit


def _bulk_customers(emulator: DynamicsEmulator, count: int) -> None:
    rows = [
        {
            "dataAreaId": "usmf",
            "CustomerAccount": f"LOAD-{n:06d}",
            "OrganizationName": f"Load {n}",
            "CustomerGroupId": "LOAD",
        }
        for n in range(count)
    ]
    assert emulator.bulk_insert("CustomersV3", rows) == count


def _follow(client: Client, first_query: str, headers: dict[str, str] | None = None) -> tuple[list[str], int]:
    accounts: list[str] = []
    pages = 0
    path, query = "/data/CustomersV3", first_query
    while True:
        response = client.request("GET", path, query, headers=headers)
        assert response.status == 200
        page = body_of(response)
        pages += 1
        values = page["value"]
        assert isinstance(values, list)
        accounts += [str(v["CustomerAccount"]) for v in values if isinstance(v, dict)]
        link = page.get("@odata.nextLink")
        if link is None:
            return accounts, pages
        assert isinstance(link, str)
        assert link.startswith(f"{ENV_URL}/data/CustomersV3?")
        parts = urlsplit(link)
        path, query = parts.path, parts.query


def test_paging_over_25000_rows_returns_every_row_exactly_once(emulator: DynamicsEmulator, client: Client) -> None:
    _bulk_customers(emulator, 25_000)
    accounts, pages = _follow(client, "$select=CustomerAccount")
    expected = client.get_json("/data/CustomersV3/$count")
    assert len(accounts) == expected == 25_000 + 6  # 6 seeded usmf customers
    assert len(set(accounts)) == len(accounts)
    assert pages == 3  # 10,000 + 10,000 + 5,006


def test_maxpagesize_is_honoured_and_echoed(emulator: DynamicsEmulator, client: Client) -> None:
    _bulk_customers(emulator, 120)
    response = client.request(
        "GET", "/data/CustomersV3", "$select=CustomerAccount", headers={"Prefer": "odata.maxpagesize=50"}
    )
    assert response.header("Preference-Applied") == "odata.maxpagesize=50"
    page = body_of(response)
    assert len(page["value"]) == 50  # type: ignore[arg-type]
    assert dict(parse_qsl(urlsplit(str(page["@odata.nextLink"])).query))["$skip"] == "50"
    accounts, pages = _follow(
        client, "$select=CustomerAccount&$orderby=OrganizationName desc", {"Prefer": "odata.maxpagesize=50"}
    )
    assert len(accounts) == len(set(accounts)) == 126
    assert pages == 3


def test_top_and_skip_page_inside_the_window(emulator: DynamicsEmulator, client: Client) -> None:
    _bulk_customers(emulator, 30)
    accounts, _ = _follow(client, "$orderby=CustomerAccount asc&$top=12&$skip=3", {"Prefer": "odata.maxpagesize=5"})
    everything, _ = _follow(client, "$orderby=CustomerAccount asc")
    assert accounts == everything[3:15]


def test_enum_filter_needs_the_qualified_literal(client: Client) -> None:
    confirmed = client.get_json(
        "/data/PurchaseOrderHeadersV2",
        "$filter=DocumentApprovalStatus eq Microsoft.Dynamics.DataEntities.VersioningDocumentState'Confirmed'",
    )
    statuses = {v["DocumentApprovalStatus"] for v in confirmed["value"]}  # type: ignore[index,union-attr]
    assert statuses == {"Confirmed"}
    approved = client.get_json(
        "/data/PurchaseOrderHeadersV2",
        "$filter=DocumentApprovalStatus ne Microsoft.Dynamics.DataEntities.VersioningDocumentState'Confirmed'",
    )
    assert {v["DocumentApprovalStatus"] for v in approved["value"]} == {"Approved"}  # type: ignore[index,union-attr]
    bare = client.request("GET", "/data/PurchaseOrderHeadersV2", "$filter=DocumentApprovalStatus eq 'Confirmed'")
    assert bare.status == 400
    ordered = client.request(
        "GET",
        "/data/PurchaseOrderHeadersV2",
        "$filter=DocumentApprovalStatus gt Microsoft.Dynamics.DataEntities.VersioningDocumentState'Draft'",
    )
    assert ordered.status == 400


def test_wildcard_in_eq_is_the_contains_idiom(client: Client) -> None:
    result = client.get_json(
        "/data/CustomersV3", "cross-company=true&$filter=OrganizationName eq '*mar*'&$select=CustomerAccount"
    )
    # ValueMart, EuroMarkt, Baumarkt: the match ignores case like SQL Server's collation
    assert sorted(v["CustomerAccount"] for v in result["value"]) == ["DE-001", "DE-201", "US-103"]  # type: ignore[index,union-attr]
    starts = client.get_json("/data/CustomersV3", "$filter=CustomerAccount eq 'us-10*'&$select=CustomerAccount")
    assert sorted(v["CustomerAccount"] for v in starts["value"]) == ["US-101", "US-102", "US-103", "US-104"]  # type: ignore[index,union-attr]


@pytest.mark.parametrize(
    ("expression", "fragment"),
    [
        ("startswith(CustomerAccount,'US')", "function 'startswith' is not supported"),
        ("contains(OrganizationName,'Box')", "function 'contains' is not supported"),
        ("CustomerAccount in ('US-101','US-102')", "operator 'in' is not supported"),
        ("NoSuchField eq 'x'", "Could not find a property named 'NoSuchField'"),
    ],
)
def test_unsupported_filters_answer_400_in_the_odata_error_format(
    client: Client, expression: str, fragment: str
) -> None:
    response = client.request("GET", "/data/CustomersV3", f"$filter={expression}")
    assert response.status == 400
    error = body_of(response)["error"]
    assert isinstance(error, dict)
    assert error["code"] == ""
    assert fragment in str(error["message"])
    assert "innererror" in error


def test_dates_compare_as_datetimeoffset_and_reject_date_only_literals(client: Client) -> None:
    query = "cross-company=true&$filter=InvoiceDate ge 2026-01-08T00:00:00Z and InvoiceDate lt 2026-01-12T00:00:00Z"
    invoices = client.get_json("/data/SalesInvoiceHeadersV2", query)["value"]  # type: ignore[index]
    assert invoices
    assert all("2026-01-08" <= v["InvoiceDate"][:10] < "2026-01-12" for v in invoices)
    assert all(v["InvoiceDate"].endswith("T12:00:00Z") for v in invoices)  # type: ignore[union-attr,index]
    assert client.request("GET", "/data/SalesInvoiceHeadersV2", "$filter=InvoiceDate ge 2026-01-08").status == 400


def test_select_expand_orderby_count(client: Client) -> None:
    result = client.get_json(
        "/data/SalesOrderHeadersV2",
        "$select=SalesOrderNumber,OrderTotalAmount&$expand=SalesOrderLines($select=ItemNumber,LineAmount)"
        "&$orderby=SalesOrderNumber desc&$top=2&$count=true",
    )
    assert result["@odata.context"] == (  # type: ignore[index]
        f"{ENV_URL}/data/$metadata#SalesOrderHeadersV2(SalesOrderNumber,OrderTotalAmount,SalesOrderLines(ItemNumber,LineAmount))"
    )
    assert result["@odata.count"] == 16  # type: ignore[index]  # 4 seeded orders x 4 usmf customers
    orders = result["value"]  # type: ignore[index]
    assert [o["SalesOrderNumber"] for o in orders] == ["000016", "000015"]  # type: ignore[index,union-attr]
    for order in orders:  # type: ignore[union-attr]
        assert set(order) == {"@odata.etag", "SalesOrderNumber", "OrderTotalAmount", "SalesOrderLines"}  # type: ignore[arg-type]
        lines = order["SalesOrderLines"]  # type: ignore[index]
        assert lines
        assert all(set(line) == {"@odata.etag", "ItemNumber", "LineAmount"} for line in lines)
        assert sum(line["LineAmount"] for line in lines) == pytest.approx(order["OrderTotalAmount"])  # type: ignore[index,union-attr]
    deep = client.request("GET", "/data/SalesOrderHeadersV2", "$expand=SalesOrderLines($expand=SalesOrderHeaderV2)")
    assert deep.status == 400


def test_count_segment_is_a_bare_number_honouring_filter(client: Client) -> None:
    response = client.request(
        "GET",
        "/data/CustomersV3/$count",
        "$filter=OnHoldStatus eq Microsoft.Dynamics.DataEntities.CustVendorBlocked'All'",
    )
    assert response.status == 200
    assert response.body == b"1"


def test_positional_and_partial_keys_get_the_web_api_404(client: Client) -> None:
    for path in ("/data/VendorsV2('US-V01')", "/data/VendorsV2(VendorAccountNumber='US-V01')"):
        response = client.request("GET", path)
        assert response.status == 404
        assert body_of(response) == {
            "Message": f"No HTTP resource was found that matches the request URI '{ENV_URL}{path}'. "
            "No route data was found for this request."
        }


def test_single_record_by_fully_qualified_key(client: Client) -> None:
    record = client.get_json("/data/VendorsV2(dataAreaId='usmf',VendorAccountNumber='US-V01')")
    assert record["@odata.context"] == f"{ENV_URL}/data/$metadata#VendorsV2/$entity"  # type: ignore[index]
    assert record["VendorOrganizationName"] == "Acme Packaging Co."  # type: ignore[index]
    assert str(record["@odata.etag"]).startswith('W/"')  # type: ignore[index]


def test_company_scope_defaults_to_usmf_and_cross_company_reads_all(client: Client) -> None:
    default = client.get_json("/data/CustomersV3", "$select=dataAreaId")["value"]  # type: ignore[index]
    assert {v["dataAreaId"] for v in default} == {"usmf"}  # type: ignore[union-attr,index]
    everything = client.get_json("/data/CustomersV3", "cross-company=true&$select=dataAreaId")["value"]  # type: ignore[index]
    assert {v["dataAreaId"] for v in everything} == {"usmf", "demf"}  # type: ignore[union-attr,index]
    german = client.get_json("/data/CustomersV3", "cross-company=true&$filter=dataAreaId eq 'DEMF'")["value"]  # type: ignore[index]
    assert sorted(v["CustomerAccount"] for v in german) == ["DE-001", "DE-201", "DE-202"]  # type: ignore[union-attr,index]
    key = "/data/CustomersV3(dataAreaId='demf',CustomerAccount='DE-201')"
    assert client.request("GET", key).status == 404
    assert client.get_json(key, "cross-company=true")["OrganizationName"] == "EuroMarkt AG"  # type: ignore[index]


def test_shared_entities_ignore_the_company(client: Client) -> None:
    accounts = client.get_json("/data/MainAccounts")["value"]  # type: ignore[index]
    assert {"ChartOfAccounts": "Shared", "MainAccountId": "401100"}.items() <= next(
        a
        for a in accounts
        if a["MainAccountId"] == "401100"  # type: ignore[index,union-attr]
    ).items()


def test_values_are_in_odata_json_form(client: Client) -> None:
    line = client.get_json("/data/SalesOrderLines", "$top=1")["value"][0]  # type: ignore[index]
    assert isinstance(line["OrderedSalesQuantity"], int | float)  # type: ignore[index]
    assert line["SalesOrderLineStatus"] == "Invoiced"  # type: ignore[index]
    assert line["ConfirmedShippingDate"].endswith("T12:00:00Z")  # type: ignore[index,union-attr]
    header = client.get_json("/data/SalesOrderHeadersV2", "$top=1")["value"][0]  # type: ignore[index]
    assert header["CustomersOrderReference"] == ""  # type: ignore[index]
    assert header["ConfirmedReceiptDate"] == "1900-01-01T12:00:00Z"  # type: ignore[index]


def test_unknown_entity_set_and_case_sensitivity(client: Client) -> None:
    assert client.request("GET", "/data/customersv3").status == 404
    assert client.request("GET", "/data/NoSuchEntities").status == 404


def test_service_document_and_metadata(client: Client) -> None:
    doc = client.get_json("/data/")
    names = {v["name"] for v in doc["value"]}  # type: ignore[index,union-attr]
    assert {"SalesOrderHeadersV2", "SalesOrderLines", "CustomerPaymentJournalLines", "ProductBarcodesV3"} <= names
    assert json.dumps(doc)


def test_maxpagesize_above_the_cap_applies_the_cap(emulator: DynamicsEmulator, client: Client) -> None:
    _bulk_customers(emulator, 10_001)
    response = client.request(
        "GET", "/data/CustomersV3", "$select=CustomerAccount", headers={"Prefer": "odata.maxpagesize=20000"}
    )
    assert response.header("Preference-Applied") == "odata.maxpagesize=10000"
    page = body_of(response)
    assert len(page["value"]) == 10_000  # type: ignore[arg-type]
    assert "@odata.nextLink" in page


def test_single_valued_navigation_returns_the_entity(client: Client) -> None:
    path = "/data/PurchaseOrderHeadersV2(dataAreaId='usmf',PurchaseOrderNumber='USMF-000001')/VendorV2"
    vendor = client.get_json(path)
    assert vendor["@odata.context"] == f"{ENV_URL}/data/$metadata#VendorsV2/$entity"  # type: ignore[index]
    assert vendor["VendorAccountNumber"] == "US-V01"  # type: ignore[index]
