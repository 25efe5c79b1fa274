"""The one mapping from what a handler raised to what happens to the work item: retry, failed, or poisoned.

* Transient errors (network, throttling, a lost ETag race) retry while attempts remain, then the document is
  recorded as failed with "gave up after N attempts: <last error>"; it is never left to expire in a poison queue.
* Authentication errors retry too: a rotated secret is picked up when the Key Vault cache refreshes, so a
  short burst of rejections often heals by itself; if it does not, the document is recorded as failed.
* Unexpected exceptions (a bug, or a library error nobody classified) retry as well, since some are races;
  the last attempt records the failure with the exception's type so the operator can report it.
* Permanent errors (bad data, unknown partner or item, a remote refusal) and configuration errors fail at once:
  the same input cannot succeed, so retrying only delays the operator. The document stays replayable.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from shared.errors import AuthenticationError, ConfigurationError, ConnectorError, PermanentError, TransientError
from shared.redaction import redact

__all__ = ["Outcome", "describe_error", "outcome_for", "retry_delay"]

# Backoff between attempts when the remote system gave no Retry-After: 30 s, 1 min, 2 min, 4 min, capped at 10 min.
_FIRST_DELAY = timedelta(seconds=30)
_MAX_DELAY = timedelta(minutes=10)


class Outcome(StrEnum):
    RETRY = "retry"  # give the item back to its queue; it comes again later
    FAILED = "failed"  # record the document as failed with its reason; replayable
    POISONED = "poisoned"  # attempts exhausted: record as failed with the last error; replayable


@dataclass(frozen=True)
class _Rule:
    retryable: bool


def _rule(exc: BaseException) -> _Rule:
    if isinstance(exc, TransientError | AuthenticationError):
        return _Rule(retryable=True)
    if isinstance(exc, PermanentError | ConfigurationError):
        return _Rule(retryable=False)
    # Any other ConnectorError subclass, or an exception that is not ours at all.
    return _Rule(retryable=True)


def outcome_for(exc: BaseException, dequeue_count: int, max_attempts: int) -> Outcome:
    """What to do with a work item whose handler raised ``exc`` on delivery number ``dequeue_count``."""
    if not _rule(exc).retryable:
        return Outcome.FAILED
    if dequeue_count >= max_attempts:
        return Outcome.POISONED
    return Outcome.RETRY


def retry_delay(exc: BaseException, dequeue_count: int) -> timedelta:
    """How long the item should stay invisible before the next attempt: the remote's Retry-After if it gave one."""
    if isinstance(exc, TransientError) and exc.retry_after is not None and exc.retry_after > 0:
        return min(timedelta(seconds=exc.retry_after), _MAX_DELAY)
    doubled: timedelta = _FIRST_DELAY * (2 ** min(10, max(0, dequeue_count - 1)))
    return min(doubled, _MAX_DELAY)


def describe_error(exc: BaseException) -> str:
    """A one-line reason for the ledger and the audit log: the connector's own message, or type and text."""
    if isinstance(exc, ConnectorError):
        return redact(f"{type(exc).__name__}: {exc}")
    # A foreign exception's text was not written with our rules in mind: redact it and keep its first line.
    text = redact(str(exc)).strip().splitlines()[0] if str(exc).strip() else ""
    return f"unexpected {type(exc).__name__}: {text}" if text else f"unexpected {type(exc).__name__}"
