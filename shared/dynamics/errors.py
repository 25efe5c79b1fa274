"""Dynamics answers turned into the project's errors, with the entity set and key in the context.

F&O error bodies come in three shapes (dynamics.md §3.9): the OData envelope whose useful text is
``error.innererror.message`` (X++ Infolog lines), the Web API routing shape ``{"Message": ...}``, and empty or
non-JSON bodies (401, proxies).  Status decides the class; the body only supplies the words.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import requests

from shared.errors import (
    AuthenticationError,
    ConcurrencyConflictError,
    ConnectorError,
    PermanentError,
    RemoteRejectedError,
    RemoteUnavailableError,
    ThrottledError,
)
from shared.http.retry import parse_retry_after
from shared.redaction import redact

__all__ = [
    "DynamicsNotFoundError",
    "DynamicsRecordError",
    "error_for_status",
    "error_from_response",
    "odata_error_message",
]

_MAX_MESSAGE = 800
_NOT_FOUND_FOR_UPDATE = "No resources were found when selecting for update"


class DynamicsRecordError(PermanentError):
    """A row Dynamics returned is not what the entity's record expects (missing field, wrong type)."""


class DynamicsNotFoundError(RemoteRejectedError):
    """The addressed record does not exist (404, or F&O's 400 for PATCH/DELETE of a missing key)."""


def odata_error_message(body: bytes) -> str:
    """The most useful text of an F&O error body, redacted and shortened."""
    text = body.decode("utf-8", errors="replace").strip()
    message = text
    try:
        parsed = json.loads(text) if text else None
    except ValueError:
        parsed = None
    if isinstance(parsed, dict):
        error = parsed.get("error")
        if isinstance(error, dict):
            inner = error.get("innererror")
            inner_message = inner.get("message") if isinstance(inner, dict) else None
            outer = error.get("message")
            message = str(inner_message or outer or error.get("code") or text)
        elif isinstance(parsed.get("Message"), str):
            message = str(parsed["Message"])
    message = redact(" ".join(message.split()))
    return message[:_MAX_MESSAGE] + ("..." if len(message) > _MAX_MESSAGE else "")


def error_from_response(
    response: requests.Response,
    *,
    operation: str,
    entity_set: str,
    key: str | None = None,
    extra_context: Mapping[str, str] | None = None,
) -> ConnectorError:
    """The error for a non-success F&O answer to ``operation`` (read / create / update / delete / batch)."""
    return error_for_status(
        response.status_code,
        response.headers,
        response.content,
        operation=operation,
        entity_set=entity_set,
        key=key,
        extra_context=extra_context,
    )


def error_for_status(
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    *,
    operation: str,
    entity_set: str,
    key: str | None = None,
    extra_context: Mapping[str, str] | None = None,
) -> ConnectorError:
    """The error for an F&O answer given as its parts (a whole response, or one $batch part)."""
    retry_after_header = next((v for k, v in headers.items() if k.lower() == "retry-after"), None)
    detail = odata_error_message(body)
    context = {"system": "dynamics", "operation": operation, "entity_set": entity_set, "status": str(status)}
    if key:
        context["key"] = key
    context.update(extra_context or {})
    what = f"Dynamics {operation} of {entity_set}" + (f" {key}" if key else "")
    write = operation != "read"

    if status == 401:
        return AuthenticationError(
            f"{what} was refused: the token was rejected even after a fresh sign-in",
            context=context,
            hint=(
                "register the app's client id in F&O (System administration > Setup > Microsoft Entra "
                "applications) mapped to an enabled user, and check DYNAMICS_ENV_URL is the exact environment URL"
            ),
        )
    if status == 403:
        return AuthenticationError(
            f"{what} is not permitted for the app's F&O user",
            context=context,
            hint=f"give the user mapped to the app a security role that can {operation} {entity_set}",
        )
    if status == 429 or (status == 503 and retry_after_header):
        return ThrottledError(
            f"{what} was throttled ({status}): {detail or 'no reason given'}",
            context=context,
            retry_after=parse_retry_after(retry_after_header),
            hint="the work is retried after the delay Dynamics asked for",
        )
    if status >= 500:
        return RemoteUnavailableError(
            f"{what} failed on the server ({status}): {detail or 'no reason given'}",
            context=context,
            hint=(
                "the write may or may not have taken effect; it is checked before being tried again"
                if write
                else "Dynamics may be restarting or overloaded; the work is retried later"
            ),
        )
    if status == 404 or (status == 400 and _NOT_FOUND_FOR_UPDATE in detail):
        return DynamicsNotFoundError(
            f"{what}: no such record",
            context=context,
            status=status,
            hint="check the key and the legal entity; reads by key outside the default company need cross-company",
        )
    if status == 412:
        return ConcurrencyConflictError(
            f"{what}: the record changed since it was read (ETag mismatch)", context=context
        )
    return RemoteRejectedError(
        f"{what} was rejected ({status}): {detail or 'no reason given'}",
        context=context,
        status=status,
        hint="fix the data named in the message in Dynamics or in the document, then replay it",
    )
