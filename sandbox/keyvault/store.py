"""Versioned secrets, as a Key Vault holds them: every set adds a version; a versionless read gets the latest."""

from __future__ import annotations

import random
import re
import threading
import time
from dataclasses import dataclass, field
from types import MappingProxyType

__all__ = ["SECRET_NAME", "SecretStore", "SecretVersion"]

# Key Vault object names: 1-127 letters, digits and dashes.
SECRET_NAME = re.compile(r"^[0-9A-Za-z-]{1,127}$")


@dataclass(frozen=True)
class SecretVersion:
    name: str
    version: str  # 32 hex digits, as Key Vault's
    value: str
    created: int  # Unix seconds
    enabled: bool = True
    content_type: str | None = None
    tags: MappingProxyType[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def __repr__(self) -> str:  # the value never reaches a log line through repr
        return f"SecretVersion(name={self.name!r}, version={self.version!r}, enabled={self.enabled})"


class SecretStore:
    """Thread-safe; version ids come from a seeded RNG so a sandbox with the same seed shows the same ids."""

    def __init__(self, seed: int) -> None:
        self._versions: dict[str, list[SecretVersion]] = {}
        self._rng = random.Random(f"{seed}:keyvault")  # noqa: S311 - version ids are names, not secrets
        self._lock = threading.Lock()

    def set(
        self,
        name: str,
        value: str,
        *,
        content_type: str | None = None,
        tags: dict[str, str] | None = None,
        enabled: bool = True,
    ) -> SecretVersion:
        if not SECRET_NAME.match(name):
            raise ValueError(f"secret name {name!r} must be 1-127 letters, digits or dashes")
        with self._lock:
            version = SecretVersion(
                name=name,
                version=f"{self._rng.getrandbits(128):032x}",
                value=value,
                created=int(time.time()),
                enabled=enabled,
                content_type=content_type,
                tags=MappingProxyType(dict(tags or {})),
            )
            self._versions.setdefault(name.lower(), []).append(version)
            return version

    def get(self, name: str, version: str | None = None) -> SecretVersion | None:
        """The named version, or the latest one; names are case-insensitive as in Key Vault."""
        with self._lock:
            versions = self._versions.get(name.lower(), [])
            if version is None:
                return versions[-1] if versions else None
            return next((v for v in versions if v.version == version.lower()), None)

    def versions(self, name: str) -> tuple[SecretVersion, ...]:
        with self._lock:
            return tuple(self._versions.get(name.lower(), []))
