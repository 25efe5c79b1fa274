"""The one place Azure SDK exceptions become the connector's errors, keeping the SDK error as the cause.

Adapters catch the outcomes they expect (an entity that exists, a missing blob) themselves, inside
:func:`storage_errors`; everything else leaves through here classified by what the caller must do: retry
(conflict, throttling, outage), fix credentials or roles, or look at a request the service refused.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from azure.core.exceptions import (
    AzureError,
    ClientAuthenticationError,
    HttpResponseError,
    ResourceExistsError,
    ResourceModifiedError,
    ServiceRequestError,
    ServiceResponseError,
)

from shared.errors import (
    AuthenticationError,
    ConcurrencyConflictError,
    ConnectorError,
    RemoteRejectedError,
    RemoteUnavailableError,
    ThrottledError,
)

__all__ = ["storage_errors"]


def _retry_after(exc: HttpResponseError) -> float | None:
    # The response type is not declared with its headers; every transport's response has them.
    headers: Mapping[str, str] | None = getattr(exc.response, "headers", None)
    raw = headers.get("Retry-After") if headers is not None else None
    try:
        return float(raw) if raw is not None else None
    except ValueError:
        return None


def translate(exc: AzureError, action: str, context: Mapping[str, str]) -> ConnectorError:
    """The connector error for an Azure SDK failure while doing ``action`` (e.g. "advance cursor X")."""
    where = dict(context)
    if isinstance(exc, ClientAuthenticationError):
        return AuthenticationError(
            f"Azure Storage did not accept the credentials while trying to {action}",
            context=where,
            hint="check STATE_STORAGE_CONNECTION, or the app identity's Storage Table/Queue/Blob Data roles",
        )
    if isinstance(exc, ResourceModifiedError | ResourceExistsError) or (
        isinstance(exc, HttpResponseError) and exc.status_code in (409, 412)
    ):
        return ConcurrencyConflictError(
            f"another writer changed the record first while trying to {action}",
            context=where,
            hint="re-read and try again; the queue redelivers if the caller does not",
        )
    if isinstance(exc, ServiceRequestError | ServiceResponseError):
        return RemoteUnavailableError(
            f"Azure Storage could not be reached while trying to {action} ({type(exc).__name__})",
            context=where,
            hint="check the storage endpoint and network; the operation will be retried",
        )
    if isinstance(exc, HttpResponseError):
        status = exc.status_code or 0
        error_code: str | None = getattr(exc, "error_code", None)
        code = error_code or exc.reason or ""
        where["status"] = str(status)
        if status in (429, 503):
            return ThrottledError(
                f"Azure Storage is throttling while trying to {action} ({code})",
                context=where,
                hint="the storage account is over its request rate; the operation will be retried",
                retry_after=_retry_after(exc),
            )
        if status >= 500:
            return RemoteUnavailableError(
                f"Azure Storage failed while trying to {action} ({status} {code})",
                context=where,
                hint="a storage-side failure; the operation will be retried",
            )
        if status in (401, 403):
            return AuthenticationError(
                f"Azure Storage refused access while trying to {action} ({status} {code})",
                context=where,
                hint="grant the app identity the Storage Table, Queue and Blob Data Contributor roles",
            )
        return RemoteRejectedError(
            f"Azure Storage rejected the request to {action} ({status} {code})",
            context=where,
            hint="if a table, queue or container is missing, start the app once so open_state creates it",
            status=status,
            code=str(code) or None,
        )
    return RemoteUnavailableError(
        f"the Azure Storage client failed while trying to {action} ({type(exc).__name__})",
        context=where,
        hint="the operation will be retried",
    )


@contextmanager
def storage_errors(action: str, context: Mapping[str, str] | None = None) -> Iterator[None]:
    try:
        yield
    except AzureError as exc:
        raise translate(exc, action, context or {}) from exc
