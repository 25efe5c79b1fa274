"""Six-field NCRONTAB schedules, as the Functions timer trigger reads them: ``sec min hour day month day-of-week``.

Evaluated in UTC. Like NCrontab (the library the Functions host uses), a day must match both the day-of-month and
the day-of-week field; ``*``, ``a-b``, ``*/n``, ``a-b/n``, lists and three-letter month and day names are accepted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from shared.errors import ConfigurationError
from shared.state.records import require_utc

__all__ = ["Schedule"]

_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_DAYS = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")
# (name, lowest, highest, names mapped to numbers)
_FIELDS: tuple[tuple[str, int, int, dict[str, int]], ...] = (
    ("second", 0, 59, {}),
    ("minute", 0, 59, {}),
    ("hour", 0, 23, {}),
    ("day", 1, 31, {}),
    ("month", 1, 12, {name: n + 1 for n, name in enumerate(_MONTHS)}),
    ("day-of-week", 0, 7, {name: n for n, name in enumerate(_DAYS)}),  # 7 is Sunday too
)
# Far enough for "29 Feb on a Monday" (every 28 years at most).
_SEARCH_LIMIT = timedelta(days=366 * 30)


def _number(text: str, names: dict[str, int], field: str, expression: str) -> int:
    upper = text.upper()
    if upper in names:
        return names[upper]
    if not text.isdigit():
        raise _invalid(expression, f"{field} has {text!r}, which is not a number")
    return int(text)


def _invalid(expression: str, why: str) -> ConfigurationError:
    return ConfigurationError(
        f"schedule {expression!r} is not a six-field NCRONTAB expression: {why}",
        hint="write 'second minute hour day month day-of-week' in UTC, e.g. '0 */5 * * * *' for every five minutes",
    )


def _parse_field(text: str, field: tuple[str, int, int, dict[str, int]], expression: str) -> frozenset[int]:
    name, low, high, names = field
    values: set[int] = set()
    for part in text.split(","):
        body, _, step_text = part.partition("/")
        step = 1
        if step_text:
            if not step_text.isdigit() or int(step_text) == 0:
                raise _invalid(expression, f"{name} has step {step_text!r}")
            step = int(step_text)
        if body == "*":
            start, end = low, high
        elif "-" in body:
            first, _, last = body.partition("-")
            start, end = _number(first, names, name, expression), _number(last, names, name, expression)
        else:
            start = _number(body, names, name, expression)
            end = high if step_text else start
        if not (low <= start <= high and low <= end <= high and start <= end):
            raise _invalid(expression, f"{name} {body!r} is outside {low}-{high}")
        values.update(range(start, end + 1, step))
    return frozenset(v % 7 for v in values) if name == "day-of-week" else frozenset(values)


@dataclass(frozen=True)
class Schedule:
    expression: str
    seconds: frozenset[int]
    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]  # 0 = Sunday

    @classmethod
    def parse(cls, expression: str) -> Schedule:
        parts = expression.split()
        if len(parts) != 6:
            hint = " (a five-field cron needs a leading seconds field, usually 0)" if len(parts) == 5 else ""
            raise _invalid(expression, f"it has {len(parts)} fields{hint}")
        sets = [_parse_field(part, field, expression) for part, field in zip(parts, _FIELDS, strict=True)]
        return cls(expression, *sets)

    def _day_matches(self, moment: datetime) -> bool:
        weekday = (moment.weekday() + 1) % 7  # Python: Monday 0; NCRONTAB: Sunday 0
        return moment.day in self.days and weekday in self.weekdays and moment.month in self.months

    def next_after(self, moment: datetime) -> datetime:
        """The first occurrence strictly after ``moment`` (UTC)."""
        start = require_utc(moment, "a schedule's start").replace(microsecond=0) + timedelta(seconds=1)
        current = start
        while current - start < _SEARCH_LIMIT:
            if current.month not in self.months:
                current = (current.replace(day=1, hour=0, minute=0, second=0) + timedelta(days=32)).replace(day=1)
                continue
            if not self._day_matches(current):
                current = current.replace(hour=0, minute=0, second=0) + timedelta(days=1)
                continue
            if current.hour not in self.hours:
                current = current.replace(minute=0, second=0) + timedelta(hours=1)
                continue
            if current.minute not in self.minutes:
                current = current.replace(second=0) + timedelta(minutes=1)
                continue
            if current.second not in self.seconds:
                current += timedelta(seconds=1)
                continue
            return current.astimezone(UTC)
        raise _invalid(self.expression, "it never fires")
