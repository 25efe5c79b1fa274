"""Settings: the one place that reads the process environment.

Each part of the connector parses its own section from a ``SettingsSource`` (a read-only mapping of setting
name to text) with the helpers below, so parsing is typed and every problem is reported at once, by name.
Only :func:`process_environment` touches ``os.environ``; tests build a ``SettingsSource`` from a dict.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from shared.errors import ConfigurationError

__all__ = [
    "Secret",
    "SettingsProblems",
    "SettingsSource",
    "load_local_settings",
    "process_environment",
]


class Secret:
    """A secret value that never shows itself in ``repr``, ``str``, logs or exception messages."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The plain value, for the one call that must send it (a token request, a Basic header)."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(("Secret", self._value))

    def __bool__(self) -> bool:
        return bool(self._value)


class SettingsSource(Mapping[str, str]):
    """Read-only setting name → text, with empty values treated as absent."""

    def __init__(self, values: Mapping[str, str]) -> None:
        self._values = {k: v for k, v in values.items() if v is not None and str(v).strip() != ""}

    def __getitem__(self, key: str) -> str:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


@dataclass
class SettingsProblems:
    """Collects every problem found while parsing, so the operator sees them all in one message."""

    problems: list[str] = field(default_factory=list)

    def add(self, name: str, message: str) -> None:
        self.problems.append(f"{name}: {message}")

    def raise_if_any(self) -> None:
        if self.problems:
            raise ConfigurationError(
                "invalid settings: " + "; ".join(self.problems),
                hint="fix these settings (see docs/configuration.md) and start again",
            )

    # Typed readers. Each returns a usable default after recording a problem, so parsing goes on.

    def text(self, src: Mapping[str, str], name: str, default: str | None = None) -> str:
        value = src.get(name, default)
        if value is None:
            self.add(name, "is required")
            return ""
        return value.strip()

    def optional_text(self, src: Mapping[str, str], name: str) -> str | None:
        value = src.get(name)
        return value.strip() if value is not None else None

    def secret(self, src: Mapping[str, str], name: str, *, required: bool = True) -> Secret | None:
        value = src.get(name)
        if value is None:
            if required:
                self.add(name, "is required (a secret: set it in Key Vault or local.settings.json)")
            return None
        return Secret(value)

    def integer(
        self,
        src: Mapping[str, str],
        name: str,
        default: int,
        *,
        minimum: int | None = None,
        maximum: int | None = None,
    ) -> int:
        raw = src.get(name)
        if raw is None:
            return default
        try:
            value = int(raw.strip())
        except ValueError:
            self.add(name, f"must be a whole number, got {raw!r}")
            return default
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            self.add(name, f"must be between {minimum} and {maximum}, got {value}")
            return default
        return value

    def number(self, src: Mapping[str, str], name: str, default: float, *, minimum: float = 0.0) -> float:
        raw = src.get(name)
        if raw is None:
            return default
        try:
            value = float(raw.strip())
        except ValueError:
            self.add(name, f"must be a number, got {raw!r}")
            return default
        if value < minimum:
            self.add(name, f"must be at least {minimum}, got {value}")
            return default
        return value

    def flag(self, src: Mapping[str, str], name: str, default: bool = False) -> bool:
        raw = src.get(name)
        if raw is None:
            return default
        lowered = raw.strip().lower()
        if lowered in {"1", "true", "yes", "on"}:
            return True
        if lowered in {"0", "false", "no", "off"}:
            return False
        self.add(name, f"must be true or false, got {raw!r}")
        return default

    def choice(self, src: Mapping[str, str], name: str, options: tuple[str, ...], default: str) -> str:
        raw = src.get(name, default).strip().lower()
        if raw not in options:
            self.add(name, f"must be one of {', '.join(options)}, got {raw!r}")
            return default
        return raw

    def url(
        self, src: Mapping[str, str], name: str, *, schemes: tuple[str, ...] = ("https",), required: bool = True
    ) -> str:
        raw = src.get(name)
        if raw is None:
            if required:
                self.add(name, "is required")
            return ""
        parts = urlsplit(raw.strip())
        if parts.scheme not in schemes or not parts.hostname:
            self.add(name, f"must be an absolute {' or '.join(schemes)} URL, got {raw!r}")
            return ""
        return raw.strip().rstrip("/")

    def text_list(self, src: Mapping[str, str], name: str, default: tuple[str, ...] = ()) -> tuple[str, ...]:
        raw = src.get(name)
        if raw is None:
            return default
        return tuple(part.strip() for part in raw.split(",") if part.strip())


def process_environment() -> SettingsSource:
    """The process environment as a settings source (the only read of ``os.environ`` in the product)."""
    return SettingsSource(dict(os.environ))  # noqa: TID251 - this module is the one allowed reader


def load_local_settings(path: Path) -> SettingsSource:
    """Values from a Functions ``local.settings.json`` file, overlaid by the process environment."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigurationError(
            f"settings file {path} does not exist", hint="copy local.settings.sample.json to local.settings.json"
        ) from exc
    except json.JSONDecodeError as exc:
        raise ConfigurationError(f"settings file {path} is not valid JSON: {exc.msg} at line {exc.lineno}") from exc
    values = document.get("Values") if isinstance(document, dict) else None
    if not isinstance(values, dict):
        raise ConfigurationError(f"settings file {path} has no 'Values' object")
    merged = {str(k): str(v) for k, v in values.items()}
    merged.update(process_environment())
    return SettingsSource(merged)
