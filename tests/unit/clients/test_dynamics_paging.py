"""Paging logic over recorded page shapes: nextLink followed lazily and verbatim, only within the environment."""

from __future__ import annotations

import json
from collections.abc import Mapping
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests

from shared.dynamics.client import DynamicsClient
from shared.dynamics.config import parse_dynamics_settings
from shared.dynamics.odata import Filter, Query
from shared.dynamics.records.parties import Customer
from shared.errors import RemoteRejectedError
from shared.http.transport import HttpTransport, NoCredentials
from shared.settings import SettingsProblems, SettingsSource

pytestmark = pytest.mark.unit

ENV = "https://contoso.operations.dynamics.com"


def settings(entities: str = "usmf") -> object:
    problems = SettingsProblems()
    parsed = parse_dynamics_settings(
        SettingsSource(
            {
                "DYNAMICS_ENV_URL": ENV,
                "DYNAMICS_TENANT_ID": "contoso.onmicrosoft.com",
                "DYNAMICS_CLIENT_ID": "11111111-2222-3333-4444-555555555555",
                "DYNAMICS_CLIENT_SECRET": "x",
                "DYNAMICS_LEGAL_ENTITIES": entities,
                "DYNAMICS_PAGE_SIZE": "2",
            }
        ),
        problems,
        secret_in_key_vault=False,
    )
    problems.raise_if_any()
    return parsed


class RecordedPages(HttpTransport):
    """Answers GETs from recorded page bodies, in order; records what was asked."""

    def __init__(self, pages: list[Mapping[str, object] | bytes]) -> None:
        super().__init__(system="dynamics", credentials=NoCredentials())
        self.pages = pages
        self.requested: list[str] = []

    def send(self, method: str, url: str, **kwargs: object) -> requests.Response:  # type: ignore[override]
        self.requested.append(url)
        page = self.pages.pop(0)
        response = requests.Response()
        response.status_code = 200
        response._content = page if isinstance(page, bytes) else json.dumps(page).encode()
        return response


def customer(account: str, area: str = "usmf") -> dict[str, object]:
    return {
        "@odata.etag": 'W/"JzEsNTYzNzE0NTMyNyc="',
        "dataAreaId": area,
        "CustomerAccount": account,
        "OrganizationName": f"Customer {account}",
        "CustomerGroupId": "10",
        "SalesCurrencyCode": "USD",
        "OnHoldStatus": "No",
        "InvoiceAccount": "",
        "PaymentTerms": "Net30",
    }


def test_follows_next_links_lazily_and_verbatim() -> None:
    transport = RecordedPages(
        [
            {"value": [customer("US-001"), customer("US-002")], "@odata.nextLink": f"{ENV}/data/CustomersV3?$skip=2"},
            {"value": [customer("US-003")], "@odata.nextLink": "CustomersV3?$skiptoken=abc"},
            {"value": []},
        ]
    )
    client = DynamicsClient(settings(), transport=transport)  # type: ignore[arg-type]
    rows = client.query(Customer, Filter.eq("CustomerGroupId", "10"))
    assert next(rows).account == "US-001"
    assert len(transport.requested) == 1  # page 2 is not fetched until page 1 is used up
    assert [c.account for c in rows] == ["US-002", "US-003"]
    first = dict(parse_qsl(urlsplit(transport.requested[0]).query))
    # Even with one legal entity the company is named, so the app user's default company cannot change the result.
    assert first["$filter"] == "(dataAreaId eq 'usmf') and (CustomerGroupId eq '10')"
    assert first["cross-company"] == "true"
    assert first["$select"].startswith("dataAreaId,CustomerAccount,")
    assert transport.requested[1] == f"{ENV}/data/CustomersV3?$skip=2&cross-company=true"
    # a relative link, resolved against the environment
    assert transport.requested[2] == f"{ENV}/data/CustomersV3?$skiptoken=abc&cross-company=true"


def test_cross_company_is_kept_on_every_page() -> None:
    transport = RecordedPages(
        [
            {"value": [customer("US-001")], "@odata.nextLink": f"{ENV}/data/CustomersV3?$skip=1"},
            {"value": [customer("DE-001", "demf")]},
        ]
    )
    client = DynamicsClient(settings("usmf,demf"), transport=transport)  # type: ignore[arg-type]
    assert [(c.legal_entity, c.account) for c in client.query(Customer)] == [("usmf", "US-001"), ("demf", "DE-001")]
    first = dict(parse_qsl(urlsplit(transport.requested[0]).query))
    assert first["cross-company"] == "true"
    assert first["$filter"] == "(dataAreaId eq 'usmf') or (dataAreaId eq 'demf')"
    assert transport.requested[1] == f"{ENV}/data/CustomersV3?$skip=1&cross-company=true"


@pytest.mark.parametrize(
    "link",
    [
        "https://attacker.example.com/data/CustomersV3?$skip=2",
        "http://contoso.operations.dynamics.com/data/X",
        f"{ENV}/other",
    ],
)
def test_a_next_link_elsewhere_is_not_followed(link: str) -> None:
    transport = RecordedPages([{"value": [customer("US-001")], "@odata.nextLink": link}])
    client = DynamicsClient(settings(), transport=transport)  # type: ignore[arg-type]
    rows = client.rows(Query("CustomersV3"))
    assert next(rows)["CustomerAccount"] == "US-001"
    with pytest.raises(RemoteRejectedError, match="another address"):
        next(rows)
    assert len(transport.requested) == 1


def test_unreadable_pages_are_reported() -> None:
    client = DynamicsClient(settings(), transport=RecordedPages([b"<html>sign in</html>"]))  # type: ignore[arg-type]
    with pytest.raises(RemoteRejectedError, match="not JSON"):
        list(client.rows(Query("CustomersV3")))
    client = DynamicsClient(settings(), transport=RecordedPages([{"values": []}]))  # type: ignore[arg-type]
    with pytest.raises(RemoteRejectedError, match="'value' list"):
        list(client.rows(Query("CustomersV3")))
