"""The six-field NCRONTAB evaluator the local host schedules its timers with."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from shared.errors import ConfigurationError
from shared.runtime.ncrontab import Schedule

pytestmark = pytest.mark.unit

FRIDAY_10 = datetime(2026, 11, 27, 10, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("expression", "after", "expected"),
    [
        ("0 */5 * * * *", FRIDAY_10, datetime(2026, 11, 27, 10, 5, tzinfo=UTC)),
        (
            "0 */5 * * * *",
            datetime(2026, 11, 27, 10, 4, 59, 900_000, tzinfo=UTC),
            datetime(2026, 11, 27, 10, 5, tzinfo=UTC),
        ),
        ("*/10 * * * * *", FRIDAY_10, datetime(2026, 11, 27, 10, 0, 10, tzinfo=UTC)),
        ("0 30 9 * * 1-5", FRIDAY_10, datetime(2026, 11, 30, 9, 30, tzinfo=UTC)),  # Friday past 09:30 → Monday
        ("0 30 9 * * MON-FRI", FRIDAY_10, datetime(2026, 11, 30, 9, 30, tzinfo=UTC)),
        ("0 0 0 1 JAN *", FRIDAY_10, datetime(2027, 1, 1, tzinfo=UTC)),
        ("0 0 12 * * 0", FRIDAY_10, datetime(2026, 11, 29, 12, tzinfo=UTC)),  # Sunday is 0
        ("0 0 12 * * 7", FRIDAY_10, datetime(2026, 11, 29, 12, tzinfo=UTC)),  # and 7
        ("0 0 0 31 * *", FRIDAY_10, datetime(2026, 12, 31, tzinfo=UTC)),
        ("0 0 0 29 2 *", FRIDAY_10, datetime(2028, 2, 29, tzinfo=UTC)),
        ("0 15,45 8-9 * * *", FRIDAY_10, datetime(2026, 11, 28, 8, 15, tzinfo=UTC)),
        ("0 0 0 13 * 5", FRIDAY_10, datetime(2027, 8, 13, tzinfo=UTC)),  # Friday the 13th: both fields must match
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_next_occurrence(expression: str, after: datetime, expected: datetime) -> None:
    assert Schedule.parse(expression).next_after(after) == expected


def test_occurrences_are_strictly_later() -> None:
    schedule = Schedule.parse("0 */5 * * * *")
    first = schedule.next_after(FRIDAY_10)
    assert schedule.next_after(first) == datetime(2026, 11, 27, 10, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    ("expression", "says"),
    [
        ("*/5 * * * *", "leading seconds field"),
        ("0 60 * * * *", "outside 0-59"),
        ("0 */0 * * * *", "step"),
        ("0 x * * * *", "not a number"),
        ("0 0 0 31 2 *", "never fires"),
    ],
)
def test_bad_expressions_are_explained(expression: str, says: str) -> None:
    with pytest.raises(ConfigurationError, match=says):
        Schedule.parse(expression).next_after(FRIDAY_10)


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        Schedule.parse("0 * * * * *").next_after(datetime(2026, 1, 1))  # noqa: DTZ001
