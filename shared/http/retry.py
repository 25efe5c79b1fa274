"""The connector's one retry policy for calls to Dynamics and Sterling, as a pure decision function.

``decide`` maps (what was sent, what came back, how many tries so far) to one action.  It is a truth table
(see ``tests/unit/clients/test_retry_policy.py`` and docs/adr/0401-one-retry-policy.md):

==========================================  ==============================  ==================================
outcome                                     read (GET)                       write (POST / PATCH / DELETE)
==========================================  ==============================  ==================================
2xx / 3xx / 4xx other than below            return                           return
401, first time                             refresh credentials, resend      refresh credentials, resend
401 after a refresh                         return (caller: auth error)      return (caller: auth error)
429                                         wait Retry-After, resend         wait Retry-After, resend
503                                         wait Retry-After, resend         return (caller: transient error)
500 / 502 / 504 / other 5xx                 backoff, resend                  return (caller: transient error)
connection never established                backoff, resend                  backoff, resend
other network failure / timeout             backoff, resend                  raise (caller: transient error)
attempts exhausted / wait above the cap     return or raise                  return or raise
==========================================  ==============================  ==================================

Why writes differ: neither system has an idempotency key, so a write whose outcome is unknown (a 5xx, a
read timeout, a dropped connection) may already have taken effect; resending could create a duplicate order
or message.  The caller gets a :class:`~shared.errors.TransientError` and decides (the flows re-check before
they create).  A 429 is the server saying it did not process the request, and a connection that never opened
carried nothing, so those are safe to resend for any method.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from enum import StrEnum

__all__ = [
    "Action",
    "Decision",
    "NetworkFailure",
    "Outcome",
    "RetryPolicy",
    "parse_retry_after",
]


class NetworkFailure(StrEnum):
    """How a request failed without an HTTP answer."""

    NOT_CONNECTED = "not_connected"  # DNS, refused, connect timeout: nothing was sent
    INTERRUPTED = "interrupted"  # reset, read timeout, remote disconnect: the request may have been handled


@dataclass(frozen=True)
class Outcome:
    """What one attempt produced: an HTTP status (with its Retry-After, if any) or a network failure."""

    status: int | None = None
    retry_after: float | None = None
    failure: NetworkFailure | None = None

    @classmethod
    def http(cls, status: int, retry_after: float | None = None) -> Outcome:
        return cls(status=status, retry_after=retry_after)

    @classmethod
    def network(cls, failure: NetworkFailure) -> Outcome:
        return cls(failure=failure)


class Action(StrEnum):
    RETURN = "return"  # hand the response to the caller as it is
    RETRY = "retry"  # wait ``delay`` seconds, then send again
    REFRESH_AUTH = "refresh_auth"  # get fresh credentials, then send again at once
    RAISE = "raise"  # a network failure the caller must see as a transient error


@dataclass(frozen=True)
class Decision:
    action: Action
    delay: float = 0.0
    reason: str = ""


READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class RetryPolicy:
    """Limits of the policy. ``attempt`` counts from 1 (the first send)."""

    max_attempts: int = 5
    base_delay: float = 0.5
    max_delay: float = 20.0
    # A Retry-After above this is not waited out in-process: the caller gets a ThrottledError carrying it and
    # the queue redelivers later, instead of a function instance sleeping for minutes.
    max_retry_after: float = 120.0
    # Dynamics' own guidance: wait 30 seconds when a 429 carries no Retry-After (dynamics.md §4.2).
    default_retry_after: float = 30.0
    # Added on top of Retry-After (never subtracted), so many instances do not come back in the same instant.
    retry_after_jitter: float = 0.25

    def backoff(self, attempt: int, rng: Callable[[], float] = random.random) -> float:
        """Capped exponential backoff with full jitter for the wait after ``attempt`` failed."""
        ceiling: float = min(self.max_delay, self.base_delay * 2.0 ** (attempt - 1))
        return ceiling * (0.5 + 0.5 * rng())

    def decide(
        self,
        method: str,
        outcome: Outcome,
        attempt: int,
        *,
        auth_refreshed: bool,
        rng: Callable[[], float] = random.random,
    ) -> Decision:
        read = method.upper() in READ_METHODS
        more = attempt < self.max_attempts

        if outcome.failure is not None:
            if not more:
                return Decision(Action.RAISE, reason=f"network failure after {attempt} attempts")
            if outcome.failure is NetworkFailure.NOT_CONNECTED or read:
                return Decision(Action.RETRY, self.backoff(attempt, rng), f"network failure ({outcome.failure})")
            return Decision(Action.RAISE, reason="a write whose outcome is unknown is not resent")

        status = outcome.status
        assert status is not None
        if status == 401:
            if auth_refreshed:
                return Decision(Action.RETURN, reason="rejected again after fresh credentials")
            return Decision(Action.REFRESH_AUTH, reason="credentials rejected; trying fresh ones once")
        if status == 429 or (status == 503 and read):
            wait = outcome.retry_after if outcome.retry_after is not None else self.default_retry_after
            if not more or wait > self.max_retry_after:
                return Decision(Action.RETURN, reason="throttled beyond what is waited out in-process")
            return Decision(Action.RETRY, wait + self.retry_after_jitter * rng(), f"throttled ({status})")
        if status >= 500:
            if read and more:
                return Decision(Action.RETRY, self.backoff(attempt, rng), f"server error ({status})")
            return Decision(Action.RETURN, reason="server error on a write, or attempts exhausted")
        return Decision(Action.RETURN)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date (RFC 9110 §10.2.3)."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        pass
    else:
        return max(0.0, seconds)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = now if now is not None else datetime.now(UTC)
    return max(0.0, (when - current).total_seconds())
