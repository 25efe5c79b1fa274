"""Settings of the partner layer, and the one call that turns them into a ready directory and item resolver.

``PARTNERS_FILE``                path of the partner file (TOML); required
``PARTNERS_ITEM_CACHE_SECONDS``  how long item lookups are remembered within a run; default 300
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from shared.partners.directory import PartnerDirectory
from shared.partners.item_cache import CachedItemDirectory
from shared.partners.item_resolver import ItemResolver
from shared.partners.items import ItemDirectory
from shared.settings import SettingsProblems

__all__ = ["PartnerSettings", "item_resolver", "load_directory"]


@dataclass(frozen=True, slots=True)
class PartnerSettings:
    partners_file: Path
    item_cache_seconds: int = 300

    @classmethod
    def parse(cls, src: Mapping[str, str], problems: SettingsProblems) -> PartnerSettings:
        raw = problems.text(src, "PARTNERS_FILE")
        path = Path(raw)
        if raw and not path.is_file():
            problems.add("PARTNERS_FILE", f"{raw} is not a file (see config/partners.example.toml)")
        seconds = problems.integer(src, "PARTNERS_ITEM_CACHE_SECONDS", 300, minimum=1, maximum=86_400)
        return cls(path, seconds)


def load_directory(settings: PartnerSettings) -> PartnerDirectory:
    """Read and check the partner file; ``PartnerFileError`` lists every problem in it."""
    return PartnerDirectory.from_file(settings.partners_file)


def item_resolver(settings: PartnerSettings, directory: ItemDirectory) -> ItemResolver:
    """An item resolver over ``directory`` (the Dynamics adapter) with the configured cache in front."""
    return ItemResolver(CachedItemDirectory(directory, ttl=float(settings.item_cache_seconds)))
