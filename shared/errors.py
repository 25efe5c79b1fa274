"""The connector's exceptions, classified by what the caller must do about them.

::

    ConnectorError                      root; every error the connector raises on purpose
    ├── TransientError                  retry later: the same input may succeed (queue redelivers)
    │   ├── ThrottledError              429 / 503 with an optional Retry-After
    │   ├── RemoteUnavailableError      network failure, timeout, other 5xx
    │   └── ConcurrencyConflictError    lost an ETag race; re-read and try again
    ├── PermanentError                  this input will never succeed as is: record it, keep it replayable
    │   ├── EdiError                    unreadable or invalid EDI
    │   ├── MappingError                a document cannot be translated (missing field, bad value)
    │   ├── UnknownPartnerError         no trading partner configured for these identifiers
    │   ├── UnknownItemError            no Dynamics product for the partner's item identifier
    │   └── RemoteRejectedError         the remote system refused the request (4xx other than auth/throttle)
    ├── ConfigurationError              a setting is missing or wrong: the operator fixes configuration
    └── AuthenticationError             credentials rejected or lacking permission

Every error carries ``context`` (document key, partner, remote system ...) and ``hint`` (what the operator can
do).  Messages and context never hold secrets: callers pass identifiers, not credentials.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = [
    "AuthenticationError",
    "ConcurrencyConflictError",
    "ConfigurationError",
    "ConnectorError",
    "EdiError",
    "MappingError",
    "PermanentError",
    "RemoteRejectedError",
    "RemoteUnavailableError",
    "ThrottledError",
    "TransientError",
    "UnknownItemError",
    "UnknownPartnerError",
]


class ConnectorError(Exception):
    """Root of the connector's errors.

    ``message`` says what happened; ``context`` says to what (document, partner, system); ``hint`` says what
    the operator can do about it.
    """

    retryable: bool = False

    def __init__(
        self,
        message: str,
        *,
        context: Mapping[str, str] | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.context: dict[str, str] = dict(context or {})
        self.hint = hint

    def __str__(self) -> str:
        parts = [self.message]
        if self.context:
            parts.append("(" + ", ".join(f"{k}={v}" for k, v in sorted(self.context.items())) + ")")
        if self.hint:
            parts.append(f"- {self.hint}")
        return " ".join(parts)


class TransientError(ConnectorError):
    """The same input may succeed later; the caller retries or lets the queue redeliver."""

    retryable = True

    def __init__(
        self,
        message: str,
        *,
        context: Mapping[str, str] | None = None,
        hint: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, context=context, hint=hint)
        self.retry_after = retry_after


class ThrottledError(TransientError):
    """The remote system asked us to slow down (429, or 503 with Retry-After)."""


class RemoteUnavailableError(TransientError):
    """Network failure, timeout or a 5xx answer."""


class ConcurrencyConflictError(TransientError):
    """An optimistic-concurrency check (ETag) failed: someone else moved the record first."""


class PermanentError(ConnectorError):
    """This input will not succeed as it is: it is recorded as failed, with its reason, and stays replayable."""


class EdiError(PermanentError):
    """EDI that cannot be read or written (not EDI, broken envelope, value that cannot be encoded)."""


class MappingError(PermanentError):
    """A document cannot be translated between Dynamics and EDI."""


class UnknownPartnerError(PermanentError):
    """No trading partner is configured for the identifiers a document carries."""


class UnknownItemError(PermanentError):
    """A partner's item identifier resolves to no Dynamics product."""


class RemoteRejectedError(PermanentError):
    """The remote system refused the request for a reason retrying will not fix."""

    def __init__(
        self,
        message: str,
        *,
        context: Mapping[str, str] | None = None,
        hint: str | None = None,
        status: int | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message, context=context, hint=hint)
        self.status = status
        self.code = code


class ConfigurationError(ConnectorError):
    """A setting is missing or invalid; the message names it."""


class AuthenticationError(ConnectorError):
    """Credentials were rejected, or the account lacks a permission; the message says which."""
