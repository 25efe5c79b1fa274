"""Azure SDK failures become the connector's errors once, at the adapter edge: a truth table, plus one real outage."""

from __future__ import annotations

import socket
from collections.abc import Mapping

import pytest
from azure.core.credentials import AzureNamedKeyCredential
from azure.core.exceptions import (
    AzureError,
    ClientAuthenticationError,
    HttpResponseError,
    ResourceExistsError,
    ResourceModifiedError,
    ResourceNotFoundError,
    ServiceRequestError,
    ServiceResponseError,
)
from azure.data.tables import TableClient

from shared.errors import (
    AuthenticationError,
    ConcurrencyConflictError,
    ConnectorError,
    RemoteRejectedError,
    RemoteUnavailableError,
    ThrottledError,
)
from shared.state.azure.storage_errors import storage_errors, translate
from tests.contract.azurite import ACCOUNT, ACCOUNT_KEY

pytestmark = pytest.mark.unit


class Response:
    """The parts of an HTTP response the SDK's error classes read."""

    def __init__(self, status: int, headers: Mapping[str, str] | None = None) -> None:
        self.status_code = status
        self.headers = dict(headers or {})
        self.reason = "reason"
        self.request = None

    def text(self) -> str:
        return ""


def http(status: int, cls: type[HttpResponseError] = HttpResponseError, **headers: str) -> HttpResponseError:
    return cls(message=f"status {status}", response=Response(status, headers))  # type: ignore[arg-type]


CASES: list[tuple[AzureError, type[ConnectorError]]] = [
    (http(412, ResourceModifiedError), ConcurrencyConflictError),
    (http(409, ResourceExistsError), ConcurrencyConflictError),
    (http(412), ConcurrencyConflictError),
    (http(409), ConcurrencyConflictError),
    (ServiceRequestError("connection refused"), RemoteUnavailableError),
    (ServiceResponseError("connection reset"), RemoteUnavailableError),
    (http(500), RemoteUnavailableError),
    (http(502), RemoteUnavailableError),
    (http(503), ThrottledError),
    (http(429), ThrottledError),
    (http(401, ClientAuthenticationError), AuthenticationError),
    (ClientAuthenticationError("no managed identity"), AuthenticationError),
    (http(403), AuthenticationError),
    (http(400), RemoteRejectedError),
    (http(404, ResourceNotFoundError), RemoteRejectedError),
    (AzureError("decode failed"), RemoteUnavailableError),
]


@pytest.mark.parametrize(("exc", "expected"), CASES, ids=[f"{type(e).__name__}-{i}" for i, (e, _) in enumerate(CASES)])
def test_truth_table(exc: AzureError, expected: type[ConnectorError]) -> None:
    mapped = translate(exc, "advance cursor x", {"cursor": "x"})
    assert type(mapped) is expected
    assert "advance cursor x" in str(mapped)
    assert "cursor=x" in str(mapped)
    assert mapped.hint


def test_retry_after_is_kept_for_throttling() -> None:
    mapped = translate(http(503, **{"Retry-After": "7"}), "append an audit event", {})
    assert isinstance(mapped, ThrottledError)
    assert mapped.retry_after == 7.0


def test_the_sdk_error_stays_the_cause() -> None:
    original = http(412, ResourceModifiedError)
    with pytest.raises(ConcurrencyConflictError) as caught, storage_errors("update", {}):
        raise original
    assert caught.value.__cause__ is original


def test_a_store_that_is_down_is_a_retryable_outage() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again before use: nothing listens there
    table = TableClient(
        f"http://127.0.0.1:{port}/devstoreaccount1",
        "ledger",
        credential=AzureNamedKeyCredential(ACCOUNT, ACCOUNT_KEY),
        retry_total=0,
        connection_timeout=2,
    )
    with pytest.raises(RemoteUnavailableError) as caught, storage_errors("read a ledger entry", {"flow": "f"}):
        table.get_entity("p", "r")
    assert caught.value.retryable
    table.close()
