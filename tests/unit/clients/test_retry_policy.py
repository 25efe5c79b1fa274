"""The one retry policy, as a truth table: (method, outcome, attempt, auth refreshed) -> action."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from shared.http.retry import Action, NetworkFailure, Outcome, RetryPolicy, parse_retry_after

pytestmark = pytest.mark.unit

POLICY = RetryPolicy(max_attempts=4, base_delay=1.0, max_delay=8.0, max_retry_after=60.0, retry_after_jitter=0.5)
NOT_CONNECTED = Outcome.network(NetworkFailure.NOT_CONNECTED)
INTERRUPTED = Outcome.network(NetworkFailure.INTERRUPTED)

# method, outcome, attempt, auth_refreshed, expected action
TABLE = [
    # success and plain client errors go back to the caller
    ("GET", Outcome.http(200), 1, False, Action.RETURN),
    ("POST", Outcome.http(201), 1, False, Action.RETURN),
    ("GET", Outcome.http(400), 1, False, Action.RETURN),
    ("GET", Outcome.http(403), 1, False, Action.RETURN),
    ("GET", Outcome.http(404), 1, False, Action.RETURN),
    ("POST", Outcome.http(412), 1, False, Action.RETURN),
    # 401: one refresh, for any method; a second 401 goes back (the caller raises AuthenticationError)
    ("GET", Outcome.http(401), 1, False, Action.REFRESH_AUTH),
    ("POST", Outcome.http(401), 1, False, Action.REFRESH_AUTH),
    ("GET", Outcome.http(401), 2, True, Action.RETURN),
    ("POST", Outcome.http(401), 2, True, Action.RETURN),
    # 429: the server did not process it, so any method waits and resends
    ("GET", Outcome.http(429, 2.0), 1, False, Action.RETRY),
    ("POST", Outcome.http(429, 2.0), 1, False, Action.RETRY),
    ("GET", Outcome.http(429, 2.0), 4, False, Action.RETURN),  # attempts exhausted
    ("GET", Outcome.http(429, 600.0), 1, False, Action.RETURN),  # longer than waited out in-process
    # 503: reads wait Retry-After; writes go back (unknown outcome)
    ("GET", Outcome.http(503, 1.0), 1, False, Action.RETRY),
    ("POST", Outcome.http(503, 1.0), 1, False, Action.RETURN),
    ("PATCH", Outcome.http(503, 1.0), 1, False, Action.RETURN),
    # other 5xx: reads back off; writes go back
    ("GET", Outcome.http(500), 1, False, Action.RETRY),
    ("GET", Outcome.http(502), 3, False, Action.RETRY),
    ("GET", Outcome.http(504), 4, False, Action.RETURN),
    ("POST", Outcome.http(500), 1, False, Action.RETURN),
    ("DELETE", Outcome.http(502), 1, False, Action.RETURN),
    # network failures: nothing sent -> resend any method; maybe handled -> reads only
    ("GET", NOT_CONNECTED, 1, False, Action.RETRY),
    ("POST", NOT_CONNECTED, 1, False, Action.RETRY),
    ("GET", INTERRUPTED, 1, False, Action.RETRY),
    ("POST", INTERRUPTED, 1, False, Action.RAISE),
    ("PATCH", INTERRUPTED, 1, False, Action.RAISE),
    ("GET", INTERRUPTED, 4, False, Action.RAISE),
    ("POST", NOT_CONNECTED, 4, False, Action.RAISE),
]


@pytest.mark.parametrize(("method", "outcome", "attempt", "refreshed", "expected"), TABLE)
def test_truth_table(method: str, outcome: Outcome, attempt: int, refreshed: bool, expected: Action) -> None:
    decision = POLICY.decide(method, outcome, attempt, auth_refreshed=refreshed, rng=lambda: 0.5)
    assert decision.action is expected


@pytest.mark.parametrize("rng_value", [0.0, 0.5, 0.999])
def test_throttled_wait_is_never_shorter_than_retry_after(rng_value: float) -> None:
    decision = POLICY.decide("GET", Outcome.http(429, 7.0), 1, auth_refreshed=False, rng=lambda: rng_value)
    assert 7.0 <= decision.delay <= 7.5


def test_missing_retry_after_on_429_waits_the_documented_default() -> None:
    decision = POLICY.decide("GET", Outcome.http(429), 1, auth_refreshed=False, rng=lambda: 0.0)
    assert decision.delay == pytest.approx(30.0)


def test_backoff_grows_and_is_capped() -> None:
    delays = [POLICY.backoff(attempt, rng=lambda: 1.0) for attempt in range(1, 7)]
    assert delays == [1.0, 2.0, 4.0, 8.0, 8.0, 8.0]
    low = [POLICY.backoff(attempt, rng=lambda: 0.0) for attempt in range(1, 5)]
    assert low == [0.5, 1.0, 2.0, 4.0]  # full jitter keeps at least half the step


def test_retry_after_seconds_and_http_date() -> None:
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("37") == 37.0
    assert parse_retry_after(" 0.25 ") == 0.25
    assert parse_retry_after(format_datetime(now + timedelta(seconds=90), usegmt=True), now) == 90.0
    assert parse_retry_after(format_datetime(now - timedelta(seconds=5), usegmt=True), now) == 0.0
    assert parse_retry_after("-3") == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None
    assert parse_retry_after("") is None
