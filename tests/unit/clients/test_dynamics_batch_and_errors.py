"""$batch request/response handling and the mapping of F&O answers to the project's errors."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shared.dynamics.batch import ChangeOperation, build_changeset, encode_json, parse_batch_response
from shared.dynamics.errors import DynamicsNotFoundError, error_for_status, odata_error_message
from shared.errors import (
    AuthenticationError,
    ConcurrencyConflictError,
    RemoteRejectedError,
    RemoteUnavailableError,
    ThrottledError,
)

pytestmark = pytest.mark.unit

DATA = "https://contoso.operations.dynamics.com/data"


def test_changeset_request_shape() -> None:
    content_type, body = build_changeset(
        DATA,
        [
            ChangeOperation("POST", "SalesOrderHeadersV2", {"dataAreaId": "usmf", "CurrencyCode": "USD"}),
            ChangeOperation(
                "POST", "$1/SalesOrderLines", {"ItemNumber": "D0001", "OrderedSalesQuantity": Decimal("10")}
            ),
        ],
    )
    assert content_type.startswith("multipart/mixed; boundary=batch_")
    text = body.decode("utf-8")
    batch = content_type.split("boundary=")[1]
    assert text.startswith(f"--{batch}\r\nContent-Type: multipart/mixed; boundary=changeset_")
    assert text.rstrip().endswith(f"--{batch}--")
    assert f"POST {DATA}/SalesOrderHeadersV2 HTTP/1.1\r\n" in text
    assert "POST $1/SalesOrderLines HTTP/1.1\r\n" in text
    assert "Content-ID: 1\r\n" in text
    assert "Content-ID: 2\r\n" in text
    assert '{"ItemNumber":"D0001","OrderedSalesQuantity":10}' in text
    assert "\n" not in text.replace("\r\n", "")  # CRLF line ends throughout


def test_changeset_holds_writes_only() -> None:
    with pytest.raises(ValueError, match="writes only"):
        ChangeOperation("GET", "CustomersV3")
    with pytest.raises(ValueError, match="invalid changeset target"):
        ChangeOperation("POST", "CustomersV3 HTTP/1.1\r\nX: y")
    with pytest.raises(ValueError, match="at least one"):
        build_changeset(DATA, [])


def test_decimals_go_out_exactly_or_not_at_all() -> None:
    assert encode_json({"a": Decimal("389.45"), "b": Decimal("10.000")}) == '{"a":389.45,"b":10}'
    with pytest.raises(ValueError, match="exactly"):
        encode_json({"a": Decimal("0.12345678901234567890123")})


# An F&O-shaped response: the outer answer is 200, the changeset holds one failed part.
FAILED_BATCH = (
    b"--batchresponse_aa11\r\n"
    b"Content-Type: multipart/mixed; boundary=changesetresponse_bb22\r\n"
    b"\r\n"
    b"--changesetresponse_bb22\r\n"
    b"Content-Type: application/http\r\n"
    b"Content-Transfer-Encoding: binary\r\n"
    b"Content-ID: 2\r\n"
    b"\r\n"
    b"HTTP/1.1 500 Internal Server Error\r\n"
    b"Content-Type: application/json; odata.metadata=minimal; charset=utf-8\r\n"
    b"OData-Version: 4.0\r\n"
    b"\r\n"
    b'{"error":{"code":"","message":"An error has occurred.","innererror":{"message":"Write failed for table row '
    b'of type \'SalesLineEntity\'. Infolog: Error: Item number D9999 does not exist.","type":"X"}}}\r\n'
    b"--changesetresponse_bb22--\r\n"
    b"--batchresponse_aa11--\r\n"
)

OK_BATCH = (
    b"--batchresponse_cc\n"
    b"Content-Type: multipart/mixed; boundary=changesetresponse_dd\n"
    b"\n"
    b"--changesetresponse_dd\n"
    b"Content-Type: application/http\n"
    b"Content-ID: 1\n"
    b"\n"
    b"HTTP/1.1 201 Created\n"
    b"Content-Type: application/json\n"
    b"\n"
    b'{"SalesOrderNumber":"000789","OrderTotalAmount":12.50}\n'
    b"--changesetresponse_dd\n"
    b"Content-Type: application/http\n"
    b"Content-ID: 2\n"
    b"\n"
    b"HTTP/1.1 204 No Content\n"
    b"\n"
    b"--changesetresponse_dd--\n"
    b"--batchresponse_cc--\n"
)


def test_parse_failed_part() -> None:
    results = parse_batch_response("multipart/mixed; boundary=batchresponse_aa11", FAILED_BATCH)
    assert len(results) == 1
    part = results[0]
    assert (part.content_id, part.status, part.ok) == ("2", 500, False)
    assert "D9999 does not exist" in odata_error_message(part.body)


def test_parse_successful_parts_with_bare_newlines() -> None:
    results = parse_batch_response('multipart/mixed; boundary="batchresponse_cc"', OK_BATCH)
    assert [(r.content_id, r.status) for r in results] == [("1", 201), ("2", 204)]
    assert results[0].json()["SalesOrderNumber"] == "000789"
    assert results[0].json()["OrderTotalAmount"] == Decimal("12.50")
    assert results[1].json() == {}


def _error(status: int, body: str = "", headers: dict[str, str] | None = None, operation: str = "read") -> Exception:
    return error_for_status(
        status, headers or {}, body.encode(), operation=operation, entity_set="CustomersV3", key="CustomersV3(x)"
    )


def test_error_mapping_truth_table() -> None:
    assert isinstance(_error(401), AuthenticationError)
    assert isinstance(_error(403), AuthenticationError)
    throttled = _error(
        429, '{"error":{"code":"","message":"Number of requests exceeded the limit"}}', {"Retry-After": "37"}
    )
    assert isinstance(throttled, ThrottledError)
    assert throttled.retry_after == 37.0
    assert "exceeded the limit" in str(throttled)
    assert isinstance(_error(503, "", {"retry-after": "5"}), ThrottledError)
    assert isinstance(_error(503), RemoteUnavailableError)
    assert isinstance(_error(500, operation="create"), RemoteUnavailableError)
    assert "may or may not have taken effect" in (_error(502, operation="create").hint or "")  # type: ignore[attr-defined]
    routing = _error(404, '{"Message":"No HTTP resource was found that matches the request URI"}')
    assert isinstance(routing, DynamicsNotFoundError)
    missing = _error(400, '{"error":{"innererror":{"message":"No resources were found when selecting for update."}}}')
    assert isinstance(missing, DynamicsNotFoundError)
    assert isinstance(_error(412), ConcurrencyConflictError)
    rejected = _error(
        400,
        '{"error":{"code":"","message":"An error has occurred.","innererror":{"message":"Write failed. Infolog: '
        "Warning: The value 'Local' in field 'Customer group' is not found\"}}}",
        operation="create",
    )
    assert isinstance(rejected, RemoteRejectedError)
    assert rejected.status == 400
    assert "Customer group" in str(rejected)
    assert rejected.context["entity_set"] == "CustomersV3"
    assert rejected.context["key"] == "CustomersV3(x)"


def test_error_text_is_redacted_and_bounded() -> None:
    body = '{"error":{"message":"bad Authorization: Bearer eyJabc.def.ghi ' + "x" * 2000 + '"}}'
    message = odata_error_message(body.encode())
    assert "eyJabc" not in message
    assert len(message) <= 803
    assert odata_error_message(b"<html>Service Unavailable</html>") == "<html>Service Unavailable</html>"
