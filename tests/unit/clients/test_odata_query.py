"""The OData query builder: every literal escaped, every name checked, the URL decodes to what F&O expects."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from urllib.parse import parse_qsl, unquote, urlsplit
from uuid import UUID

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.dynamics.enums import VersioningDocumentState
from shared.dynamics.odata import EnumLiteral, Filter, Query, dynamics_date, entity_key, format_literal

pytestmark = pytest.mark.unit

DATA = "https://contoso.operations.dynamics.com/data"


def _decoded_params(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))


@pytest.mark.parametrize(
    ("value", "literal"),
    [
        ("US-101", "'US-101'"),
        ("O'Brien's", "'O''Brien''s'"),
        ("", "''"),
        (True, "true"),
        (False, "false"),
        (42, "42"),
        (Decimal("1500.50"), "1500.50"),
        (Decimal("1E+3"), "1000"),
        (0.1, "0.1"),
        (UUID("3c47a4cd-6edc-4319-b893-3f862eed65fd"), "3c47a4cd-6edc-4319-b893-3f862eed65fd"),
        (datetime(2024, 1, 15, 12, 0, tzinfo=UTC), "2024-01-15T12:00:00Z"),
        (datetime(2024, 1, 15, 7, 0, tzinfo=timezone(timedelta(hours=-5))), "2024-01-15T12:00:00Z"),
        (
            EnumLiteral("VersioningDocumentState", "Confirmed"),
            "Microsoft.Dynamics.DataEntities.VersioningDocumentState'Confirmed'",
        ),
        (VersioningDocumentState.Confirmed, "Microsoft.Dynamics.DataEntities.VersioningDocumentState'Confirmed'"),
    ],
)
def test_literals(value: object, literal: str) -> None:
    assert format_literal(value) == literal  # type: ignore[arg-type]


def test_literals_refuse_what_dynamics_cannot_take() -> None:
    with pytest.raises(ValueError, match="time zone"):
        format_literal(datetime(2024, 1, 15, 12, 0))  # noqa: DTZ001 - the naive value is the point
    with pytest.raises(ValueError, match="cannot be sent"):
        format_literal(Decimal("NaN"))
    with pytest.raises(ValueError, match="cannot be sent"):
        format_literal(float("inf"))
    with pytest.raises(ValueError, match="enum type"):
        EnumLiteral("Versioning'State", "Confirmed")
    with pytest.raises(ValueError, match="enum member"):
        EnumLiteral("VersioningDocumentState", "Confirmed') or (1 eq 1")


def test_date_only_fields_compare_at_noon_utc() -> None:
    assert format_literal(dynamics_date(date(2024, 2, 1))) == "2024-02-01T12:00:00Z"


@settings(max_examples=60)
@given(st.text())
def test_any_string_round_trips_through_a_quoted_literal(text: str) -> None:
    literal = format_literal(text)
    assert literal.startswith("'")
    assert literal.endswith("'")
    inner = literal[1:-1]
    # No lone quote survives: every quote inside is doubled, so the literal cannot be closed early.
    assert "'" not in inner.replace("''", "")
    assert inner.replace("''", "'") == text


@settings(max_examples=60)
@given(st.text(min_size=1).filter(lambda s: "*" not in s))
def test_filter_values_survive_url_encoding(text: str) -> None:
    url = Query("CustomersV3").where(Filter.eq("CustomerAccount", text)).to_url(DATA)
    params = _decoded_params(url)
    assert params["$filter"] == "CustomerAccount eq " + format_literal(text)
    assert " " not in urlsplit(url).query  # spaces are %20, never raw or '+'
    assert "#" not in url.split("?", 1)[1]
    assert "&" not in params["$filter"].replace(text.replace("'", "''"), "")


def test_wildcard_in_an_exact_match_is_refused_and_patterns_are_explicit() -> None:
    with pytest.raises(ValueError, match="wildcard"):
        Filter.eq("CustomerRequisitionNumber", "PO*123")
    assert Filter.matches("Name", "*retail*").text == "Name eq '*retail*'"


def test_filter_composition_and_no_in_operator() -> None:
    status = Filter.eq("DocumentApprovalStatus", VersioningDocumentState.Confirmed)
    vendor = Filter.eq("OrderVendorAccountNumber", "US-101")
    assert (vendor & status).text == (
        "(OrderVendorAccountNumber eq 'US-101') and "
        "(DocumentApprovalStatus eq Microsoft.Dynamics.DataEntities.VersioningDocumentState'Confirmed')"
    )
    assert (~vendor).text == "not (OrderVendorAccountNumber eq 'US-101')"
    assert Filter.any_of("dataAreaId", ["usmf", "demf"]).text == "(dataAreaId eq 'usmf') or (dataAreaId eq 'demf')"
    with pytest.raises(ValueError, match="at least one"):
        Filter.any_of("dataAreaId", [])


def test_names_are_checked() -> None:
    with pytest.raises(ValueError, match="not a valid OData property"):
        Filter.eq("Name eq 'x' or 1", "y")
    with pytest.raises(ValueError, match="entity set"):
        Query("Customers V3")
    with pytest.raises(ValueError, match="property"):
        Query("CustomersV3").select("Name,Secret")
    with pytest.raises(ValueError, match="asc or desc"):
        Query("CustomersV3").order_by("Name sideways")


def test_full_query_url() -> None:
    query = (
        Query("PurchaseOrderHeadersV2")
        .where(Filter.eq("OrderVendorAccountNumber", "US-101"))
        .select("dataAreaId", "PurchaseOrderNumber")
        .order_by("dataAreaId asc", "PurchaseOrderNumber asc")
        .limit(100)
        .all_companies()
        .expanding("PurchaseOrderLinesV2", ["LineNumber", "ItemNumber"])
    )
    url = query.to_url(DATA)
    assert url.startswith(f"{DATA}/PurchaseOrderHeadersV2?cross-company=true&")
    params = _decoded_params(url)
    assert params == {
        "cross-company": "true",
        "$filter": "OrderVendorAccountNumber eq 'US-101'",
        "$select": "dataAreaId,PurchaseOrderNumber",
        "$expand": "PurchaseOrderLinesV2($select=LineNumber,ItemNumber)",
        "$orderby": "dataAreaId asc,PurchaseOrderNumber asc",
        "$top": "100",
    }


def test_entity_keys_are_named_escaped_and_encoded() -> None:
    key = entity_key("SalesOrderHeadersV2", {"dataAreaId": "usmf", "SalesOrderNumber": "000123"})
    assert key == "SalesOrderHeadersV2(dataAreaId='usmf',SalesOrderNumber='000123')"
    odd = entity_key("ReleasedProductsV2", {"dataAreaId": "dat", "ItemNumber": " RFI/O'K #1"})
    assert odd == "ReleasedProductsV2(dataAreaId='dat',ItemNumber='%20RFI%2FO''K%20%231')"
    assert unquote(odd).endswith("ItemNumber=' RFI/O''K #1')")
    mixed = entity_key(
        "SalesInvoiceHeadersV2",
        {
            "dataAreaId": "usmf",
            "InvoiceNumber": "CIV-000001",
            "InvoiceDate": dynamics_date(date(2024, 1, 15)),
            "LedgerVoucher": "GNJL000123",
        },
    )
    assert "InvoiceDate=2024-01-15T12:00:00Z" in mixed
    assert entity_key(
        "PurchaseOrderLinesV2", {"dataAreaId": "usmf", "PurchaseOrderNumber": "1", "LineNumber": 1}
    ).endswith("LineNumber=1)")
    with pytest.raises(ValueError, match="every key field"):
        entity_key("SalesOrderHeadersV2", {})
