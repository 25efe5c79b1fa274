"""The one exception → outcome mapping, as a truth table over every error class and attempt position."""

from __future__ import annotations

from datetime import timedelta

import pytest

from shared.errors import (
    AuthenticationError,
    ConcurrencyConflictError,
    ConfigurationError,
    ConnectorError,
    EdiError,
    MappingError,
    PermanentError,
    RemoteRejectedError,
    RemoteUnavailableError,
    ThrottledError,
    TransientError,
    UnknownItemError,
    UnknownPartnerError,
)
from shared.runtime.outcomes import Outcome, describe_error, outcome_for, retry_delay

pytestmark = pytest.mark.unit

MAX = 5
R, F, P = Outcome.RETRY, Outcome.FAILED, Outcome.POISONED

# (error, outcome on the first attempt, on attempt 4 of 5, on the last attempt 5, past the last (6))
TABLE = [
    (TransientError("t"), R, R, P, P),
    (ThrottledError("429", retry_after=12), R, R, P, P),
    (RemoteUnavailableError("503"), R, R, P, P),
    (ConcurrencyConflictError("etag"), R, R, P, P),
    (AuthenticationError("401"), R, R, P, P),
    (PermanentError("p"), F, F, F, F),
    (EdiError("bad ISA"), F, F, F, F),
    (MappingError("no field"), F, F, F, F),
    (UnknownPartnerError("who"), F, F, F, F),
    (UnknownItemError("what"), F, F, F, F),
    (RemoteRejectedError("400", status=400), F, F, F, F),
    (ConfigurationError("missing setting"), F, F, F, F),
    (ConnectorError("unclassified connector error"), R, R, P, P),
    (KeyError("bug"), R, R, P, P),
    (ValueError("bug"), R, R, P, P),
    (RuntimeError("bug"), R, R, P, P),
]


@pytest.mark.parametrize(
    ("error", "first", "fourth", "last", "past"), TABLE, ids=[type(row[0]).__name__ for row in TABLE]
)
def test_truth_table(error: BaseException, first: Outcome, fourth: Outcome, last: Outcome, past: Outcome) -> None:
    assert outcome_for(error, 1, MAX) is first
    assert outcome_for(error, 4, MAX) is fourth
    assert outcome_for(error, 5, MAX) is last
    assert outcome_for(error, 6, MAX) is past


def test_a_single_attempt_budget_gives_up_at_once() -> None:
    assert outcome_for(RemoteUnavailableError("x"), 1, 1) is Outcome.POISONED
    assert outcome_for(EdiError("x"), 1, 1) is Outcome.FAILED


def test_retry_after_is_honoured_and_capped() -> None:
    assert retry_delay(ThrottledError("429", retry_after=12), 1) == timedelta(seconds=12)
    assert retry_delay(ThrottledError("429", retry_after=86_400), 1) == timedelta(minutes=10)


def test_backoff_doubles_without_retry_after() -> None:
    delays = [retry_delay(RemoteUnavailableError("x"), n) for n in (1, 2, 3, 4, 5, 50)]
    assert delays == [
        timedelta(seconds=30),
        timedelta(minutes=1),
        timedelta(minutes=2),
        timedelta(minutes=4),
        timedelta(minutes=8),
        timedelta(minutes=10),
    ]


def test_reasons_name_the_error_and_redact_foreign_text() -> None:
    assert describe_error(EdiError("ISA segment missing")) == "EdiError: ISA segment missing"
    assert describe_error(KeyError("x")) == "unexpected KeyError: 'x'"
    assert describe_error(RuntimeError("")) == "unexpected RuntimeError"
    assert describe_error(RuntimeError("first line\nsecond line")) == "unexpected RuntimeError: first line"
