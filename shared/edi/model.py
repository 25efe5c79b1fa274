"""Types both EDI standards share: where something is, what is wrong with it, and who numbers envelopes."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal, Protocol

__all__ = [
    "ControlKind",
    "ControlNumberAllocator",
    "InMemoryControlNumbers",
    "Issue",
    "IssueLevel",
    "JsonValue",
    "Location",
    "Severity",
    "Standard",
    "ValidationReport",
]


# What the CLI and the audit trail print as JSON: typed documents turn themselves into this, nothing else.
JsonValue = None | bool | int | float | str | list["JsonValue"] | dict[str, "JsonValue"]


class Standard(StrEnum):
    X12 = "X12"
    EDIFACT = "EDIFACT"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


IssueLevel = Literal["file", "interchange", "group", "transaction", "segment", "element"]


@dataclass(frozen=True, slots=True)
class Location:
    """Where an issue sits. Indexes are 1-based; ``segment`` is the position within the transaction set /
    message counting its header (ST or UNH) as 1, or within the interchange for envelope segments."""

    interchange: int | None = None
    group: int | None = None
    transaction: int | None = None
    segment: int | None = None
    segment_tag: str | None = None
    element: int | None = None
    component: int | None = None
    # Control numbers make a location findable by people: ISA13 / GS06 / ST02, UNB 0020 / UNH 0062.
    interchange_control: str | None = None
    group_control: str | None = None
    transaction_control: str | None = None

    def describe(self) -> str:
        parts: list[str] = []
        if self.interchange is not None:
            ctl = f" {self.interchange_control}" if self.interchange_control else ""
            parts.append(f"interchange {self.interchange}{ctl}")
        if self.group is not None:
            ctl = f" {self.group_control}" if self.group_control else ""
            parts.append(f"group {self.group}{ctl}")
        if self.transaction is not None:
            ctl = f" {self.transaction_control}" if self.transaction_control else ""
            parts.append(f"transaction {self.transaction}{ctl}")
        if self.segment is not None:
            tag = f" {self.segment_tag}" if self.segment_tag else ""
            parts.append(f"segment {self.segment}{tag}")
        elif self.segment_tag:
            parts.append(f"segment {self.segment_tag}")
        if self.element is not None:
            parts.append(f"element {self.element}")
        if self.component is not None:
            parts.append(f"component {self.component}")
        return ", ".join(parts) or "file"


@dataclass(frozen=True, slots=True)
class Issue:
    """One validation finding. ``code`` is the standard's own code (e.g. X12 TA1 ``I12``, 997 AK3 ``8`` /
    AK4 ``4``, EDIFACT CONTRL ``13``) so acknowledgments can echo it; ``message`` says it in plain words."""

    level: IssueLevel
    code: str
    message: str
    location: Location = field(default_factory=Location)
    severity: Severity = Severity.ERROR

    def describe(self) -> str:
        return f"{self.severity.value} {self.level} {self.code} at {self.location.describe()}: {self.message}"


@dataclass(frozen=True, slots=True)
class ValidationReport:
    issues: tuple[Issue, ...] = ()

    @property
    def valid(self) -> bool:
        return not any(issue.severity is Severity.ERROR for issue in self.issues)

    @property
    def errors(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity is Severity.ERROR)


ControlKind = Literal["interchange", "group", "transaction"]


class ControlNumberAllocator(Protocol):
    """Hands out envelope control numbers (ISA13 / GS06 / ST02, UNB 0020 / UNG 0048 / UNH 0062).

    ``scope`` is the trading partner (numbers are per partner). A number is never handed out twice for the same
    scope and kind; gaps are allowed. The state layer's ControlNumbers port implements this.
    """

    def allocate(self, scope: str, kind: ControlKind) -> int: ...


class InMemoryControlNumbers:
    """A ControlNumberAllocator kept in memory: for tests, the CLI and one-off acknowledgments, never for
    production sending (those numbers come from the state layer so they survive restarts)."""

    def __init__(self, start: int = 1) -> None:
        self._start = start
        self._next: dict[tuple[str, ControlKind], int] = {}

    def allocate(self, scope: str, kind: ControlKind) -> int:
        key = (scope, kind)
        number = self._next.get(key, self._start)
        self._next[key] = number + 1
        return number
