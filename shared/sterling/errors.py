"""Sterling answers turned into the project's errors.

Sterling's error body is ``{"errorCode": <status>, "errorDescription": "API000nnn: ..."}`` (IBM's Swagger spells
it ``errorDiscription``; both are read), while Liberty answers 401/403/5xx with non-JSON pages, so the raw text
is the fallback (sterling.md §7).  401 means the user name or password (or token) is wrong; 403 means the user
is known but lacks a permission ("API User", or the mailbox's ``<path> Mailbox`` permission).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

import requests

from shared.errors import (
    AuthenticationError,
    ConnectorError,
    RemoteRejectedError,
    RemoteUnavailableError,
    ThrottledError,
)
from shared.http.retry import parse_retry_after
from shared.redaction import redact

__all__ = ["SterlingNotFoundError", "error_from_response", "sterling_error_text"]

_MAX_MESSAGE = 600
_API_CODE = re.compile(r"\b(API\d{6})\b")


class SterlingNotFoundError(RemoteRejectedError):
    """The mailbox, message or document does not exist (or is not visible to the API user)."""


def sterling_error_text(body: bytes) -> tuple[str, str | None]:
    """(message, API000nnn code or None) from a Sterling error body."""
    text = body.decode("utf-8", errors="replace").strip()
    message = text
    try:
        parsed = json.loads(text) if text else None
    except ValueError:
        parsed = None
    if isinstance(parsed, dict):
        described = parsed.get("errorDescription", parsed.get("errorDiscription"))
        if isinstance(described, str) and described.strip():
            message = described
    elif text.startswith("<"):
        # Liberty's HTML error page: keep only the visible words.
        message = re.sub(r"<[^>]+>", " ", text)
    message = redact(" ".join(message.split()))
    code_match = _API_CODE.search(message)
    short = message[:_MAX_MESSAGE] + ("..." if len(message) > _MAX_MESSAGE else "")
    return short, code_match.group(1) if code_match else None


def error_from_response(
    response: requests.Response, *, operation: str, context: Mapping[str, str] | None = None
) -> ConnectorError:
    status = response.status_code
    detail, code = sterling_error_text(response.content)
    ctx = {"system": "sterling", "operation": operation, "status": str(status), **(context or {})}
    if code:
        ctx["code"] = code
    what = f"Sterling {operation}"
    if status == 401:
        return AuthenticationError(
            f"{what} was refused: Sterling does not accept the credentials (wrong user name or password, "
            "or an expired token)",
            context=ctx,
            hint="check STERLING_USER and the password (STERLING_PASSWORD / Key Vault sterling-password)",
        )
    if status == 403:
        mailbox = ctx.get("mailbox")
        needed = f"the permission '{mailbox} Mailbox'" if mailbox else "the permission for this resource"
        return AuthenticationError(
            f"{what} is not permitted: the user is known but lacks {needed}",
            context=ctx,
            hint=(
                "in Sterling, give the connector's user the 'API User' permission and "
                + (f"the '{mailbox} Mailbox' permission" if mailbox else "the partner mailboxes' permissions")
            ),
        )
    if status == 429 or (status == 503 and response.headers.get("Retry-After")):
        return ThrottledError(
            f"{what} was throttled ({status})",
            context=ctx,
            retry_after=parse_retry_after(response.headers.get("Retry-After")),
        )
    if status >= 500:
        return RemoteUnavailableError(
            f"{what} failed on the server ({status}): {detail or 'no reason given'}",
            context=ctx,
            hint=(
                "the request may or may not have been processed; it is checked before being tried again"
                if response.request is not None and response.request.method != "GET"
                else "Sterling may be restarting or overloaded; the work is retried later"
            ),
        )
    if status == 404:
        return SterlingNotFoundError(f"{what}: not found: {detail}", context=ctx, status=status, code=code)
    return RemoteRejectedError(
        f"{what} was rejected ({status}): {detail or 'no reason given'}",
        context=ctx,
        status=status,
        code=code,
        hint="fix what the message names, then replay the document",
    )
