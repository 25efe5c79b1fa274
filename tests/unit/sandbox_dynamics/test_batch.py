"""$batch: changesets are all-or-nothing, parts carry their own status, Content-ID references resolve."""

from __future__ import annotations

import json
import re

import pytest

from sandbox.dynamics import DynamicsEmulator
from tests.unit.sandbox_dynamics.support import ENV_URL, Client, make_context, with_faults

pytestmark = pytest.mark.unit


def _part(content_id: int, method: str, url: str, body: dict[str, object] | None) -> str:
    lines = [
        "Content-Type: application/http",
        "Content-Transfer-Encoding: binary",
        f"Content-ID: {content_id}",
        "",
        f"{method} {url} HTTP/1.1",
        "OData-Version: 4.0",
        "Content-Type: application/json;odata.metadata=minimal",
        "Accept: application/json",
        "",
        json.dumps(body) if body is not None else "",
    ]
    return "\r\n".join(lines)


def _batch(parts: list[str]) -> bytes:
    changeset = "".join(f"--changeset_c1\r\n{p}\r\n" for p in parts) + "--changeset_c1--\r\n"
    body = "--batch_b1\r\nContent-Type: multipart/mixed; boundary=changeset_c1\r\n\r\n" + changeset + "--batch_b1--\r\n"
    return body.encode()


def _send(client: Client, parts: list[str]) -> tuple[int, list[tuple[int, str]]]:
    response = client.request(
        "POST", "/data/$batch", body=_batch(parts), headers={"Content-Type": "multipart/mixed; boundary=batch_b1"}
    )
    text = response.body.decode()
    statuses = [(int(code), cid) for cid, code in re.findall(r"Content-ID: (\d+)\r\n\r\nHTTP/1.1 (\d{3})", text)]
    return response.status, statuses


ORDER = {"dataAreaId": "usmf", "OrderingCustomerAccountNumber": "US-101", "CustomerRequisitionNumber": "PO-BATCH-1"}


def test_changeset_creates_header_and_lines_through_content_id_reference(client: Client) -> None:
    status, parts = _send(
        client,
        [
            _part(1, "POST", f"{ENV_URL}/data/SalesOrderHeadersV2", ORDER),
            _part(2, "POST", "$1/SalesOrderLines", {"ItemNumber": "A01000", "OrderedSalesQuantity": 4}),
            _part(3, "POST", "$1/SalesOrderLines", {"ItemNumber": "A01001", "OrderedSalesQuantity": 6}),
        ],
    )
    assert status == 200
    assert parts == [(201, "1"), (201, "2"), (201, "3")]
    found = client.get_json(
        "/data/SalesOrderHeadersV2", "$filter=CustomerRequisitionNumber eq 'PO-BATCH-1'&$expand=SalesOrderLines"
    )["value"]  # type: ignore[index]
    assert len(found) == 1  # type: ignore[arg-type]
    assert sorted(line["ItemNumber"] for line in found[0]["SalesOrderLines"]) == ["A01000", "A01001"]  # type: ignore[index,union-attr]


def test_changeset_with_one_bad_part_leaves_nothing_behind(client: Client) -> None:
    before = client.get_json("/data/SalesOrderHeadersV2/$count"), client.get_json("/data/SalesOrderLines/$count")
    status, parts = _send(
        client,
        [
            _part(1, "POST", "SalesOrderHeadersV2", ORDER),
            _part(2, "POST", "$1/SalesOrderLines", {"ItemNumber": "A01000", "OrderedSalesQuantity": 4}),
            _part(3, "POST", "$1/SalesOrderLines", {"ItemNumber": "NO-SUCH-ITEM", "OrderedSalesQuantity": 1}),
        ],
    )
    assert status == 200
    assert parts == [(400, "3")]  # the changeset answers with the failing request alone
    after = client.get_json("/data/SalesOrderHeadersV2/$count"), client.get_json("/data/SalesOrderLines/$count")
    assert after == before
    assert (
        client.get_json("/data/SalesOrderHeadersV2", "$filter=CustomerRequisitionNumber eq 'PO-BATCH-1'")["value"] == []
    )  # type: ignore[index]


def test_batch_part_failure_fault_rolls_back_the_changeset(signing_key: object) -> None:
    from sandbox.jwt import SigningKey
    from tests.unit.sandbox_dynamics.support import token

    assert isinstance(signing_key, SigningKey)
    emulator = DynamicsEmulator(with_faults(make_context(signing_key), {"batch_part_failure"}))
    client = Client(emulator, token(signing_key))
    before = client.get_json("/data/SalesOrderHeadersV2/$count")
    status, parts = _send(client, [_part(1, "POST", "SalesOrderHeadersV2", ORDER)])
    assert status == 200
    assert parts == [(500, "1")]
    assert client.get_json("/data/SalesOrderHeadersV2/$count") == before
    emulator.close()


def test_get_outside_a_changeset_and_malformed_batches(client: Client) -> None:
    body = (
        "--batch_b1\r\n"
        + _part(1, "GET", "CustomersV3(dataAreaId='usmf',CustomerAccount='US-101')?$select=OrganizationName", None)
        + "\r\n--batch_b1--\r\n"
    ).encode()
    response = client.request(
        "POST", "/data/$batch", body=body, headers={"Content-Type": "multipart/mixed; boundary=batch_b1"}
    )
    assert response.status == 200
    assert "HTTP/1.1 200 OK" in response.body.decode()
    assert "BigBox Stores Inc." in response.body.decode()
    wrong_type = client.request("POST", "/data/$batch", body=body, headers={"Content-Type": "application/json"})
    assert wrong_type.status == 400
