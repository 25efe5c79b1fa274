"""Reading typed values out of a parsed TOML table, collecting every problem instead of stopping at the first.

An integration engineer onboarding a retailer edits the partner file by hand; one run of the loader should tell
them everything that is wrong, each problem with the partner and the key it sits at.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from typing import TypeVar

from shared.errors import ConfigurationError

__all__ = ["ConfigProblem", "PartnerFileError", "Problems", "Table", "parse_duration"]

E = TypeVar("E", bound=StrEnum)

_DURATION = re.compile(r"(\d+)\s*([dhms])")
_UNITS = {"d": "days", "h": "hours", "m": "minutes", "s": "seconds"}


def parse_duration(text: str) -> timedelta | None:
    """``"24h"``, ``"90m"``, ``"2d"``, ``"1h30m"`` → timedelta; None when ``text`` is not such a duration."""
    compact = text.strip().lower().replace(" ", "")
    if not compact or _DURATION.sub("", compact) != "":
        return None
    total = timedelta()
    for amount, unit in _DURATION.findall(compact):
        total += timedelta(**{_UNITS[unit]: int(amount)})
    return total


@dataclass(frozen=True, slots=True)
class ConfigProblem:
    """One thing wrong in the partner file: where (partner and dotted key) and what."""

    partner: str | None
    key: str
    message: str

    def describe(self) -> str:
        if self.partner is None:
            return f"{self.key} {self.message}"
        if not self.key:
            return f"partner {self.partner} {self.message}"
        return f"partner {self.partner}: {self.key} {self.message}"


class PartnerFileError(ConfigurationError):
    """The partner file has problems; ``problems`` lists all of them."""

    def __init__(self, source: str, problems: tuple[ConfigProblem, ...]) -> None:
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        super().__init__(
            f"partner file {source} has {count}: " + "; ".join(p.describe() for p in problems),
            context={"file": source},
            hint="fix these entries (docs/partners.md describes every key) and load the file again",
        )
        self.problems = problems


@dataclass
class Problems:
    items: list[ConfigProblem] = field(default_factory=list)

    def add(self, partner: str | None, key: str, message: str) -> None:
        self.items.append(ConfigProblem(partner, key, message))

    def __iter__(self) -> Iterator[ConfigProblem]:
        return iter(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)


def _toml_type(value: object) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list", dict: "a table"}
    return names.get(type(value), type(value).__name__)


class Table:
    """A TOML table at ``path`` (dotted, relative to the partner when ``partner`` is set), read key by key.

    Every read records a problem and returns a usable default when the value is missing or wrong, so parsing
    goes on; ``finish`` reports keys nobody read (usually typos).
    """

    def __init__(self, data: Mapping[str, object], problems: Problems, partner: str | None, path: str = "") -> None:
        self._data = data
        self._problems = problems
        self.partner = partner
        self.path = path
        self._read: set[str] = set()

    def key(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def problem(self, name: str, message: str) -> None:
        self._problems.add(self.partner, self.key(name), message)

    def has(self, name: str) -> bool:
        return name in self._data

    def raw(self, name: str) -> object | None:
        self._read.add(name)
        return self._data.get(name)

    def text(self, name: str, *, required: bool = True, default: str = "") -> str:
        value = self.raw(name)
        if value is None:
            if required:
                self.problem(name, "is missing")
            return default
        if not isinstance(value, str):
            example = f' (write it in quotes, e.g. "{value:02d}")' if isinstance(value, int) else ""
            self.problem(name, f"must be text, got {_toml_type(value)}{example}")
            return default
        if not value.strip() and required:
            self.problem(name, "is empty")
            return default
        return value.strip()

    def optional_text(self, name: str) -> str | None:
        if not self.has(name):
            self._read.add(name)
            return None
        value = self.text(name)
        return value or None

    def char(self, name: str, default: str) -> str:
        """A single delimiter character (whitespace is significant here, so no stripping)."""
        value = self.raw(name)
        if value is None:
            return default
        if not isinstance(value, str) or len(value) != 1:
            self.problem(name, f"must be exactly one character, got {value!r}")
            return default
        return value

    def choice(self, name: str, enum: type[E], default: E | None = None) -> E | None:
        value = self.raw(name)
        if value is None:
            if default is None:
                self.problem(name, "is missing")
            return default
        options = ", ".join(f'"{m.value}"' for m in enum)
        if not isinstance(value, str):
            self.problem(name, f"must be one of {options}, got {_toml_type(value)}")
            return default
        for member in enum:
            if member.value.casefold() == value.strip().casefold():
                return member
        self.problem(name, f"must be one of {options}, got {value!r}")
        return default

    def boolean(self, name: str, default: bool) -> bool:
        value = self.raw(name)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.problem(name, f"must be true or false, got {value!r}")
            return default
        return value

    def integer(self, name: str, default: int, allowed: tuple[int, ...]) -> int:
        value = self.raw(name)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int) or value not in allowed:
            self.problem(name, f"must be one of {', '.join(map(str, allowed))}, got {value!r}")
            return default
        return value

    def text_list(self, name: str) -> list[str]:
        value = self.raw(name)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(name, f'must be a list of quoted names, e.g. ["inbound_850"], got {value!r}')
            return []
        return [v.strip() for v in value]

    def table(self, name: str, *, required: bool = False) -> Table | None:
        value = self.raw(name)
        if value is None:
            if required:
                self.problem(name, "is missing (a table)")
            return None
        if not isinstance(value, dict):
            self.problem(name, f"must be a table, got {_toml_type(value)}")
            return None
        return Table(value, self._problems, self.partner, self.key(name))

    def entries(self) -> list[tuple[str, object]]:
        """Every key and value, all marked as read (for tables whose keys are data, like overrides)."""
        self._read.update(self._data)
        return list(self._data.items())

    def finish(self) -> None:
        for name in self._data:
            if name in self._read:
                continue
            close = difflib.get_close_matches(name, sorted(self._read), n=1)
            suggestion = f' (did you mean "{close[0]}"?)' if close else ""
            self.problem(name, f"is not a known key{suggestion}")
