"""The item cache keeps answers for its TTL, then asks again; the partner settings parse and load."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.errors import ConfigurationError, UnknownItemError
from shared.partners import (
    CachedItemDirectory,
    InMemoryItemDirectory,
    ItemKey,
    ItemResolver,
    PartnerDirectory,
    PartnerSettings,
    ProductId,
    item_resolver,
    load_directory,
)
from shared.settings import SettingsProblems, SettingsSource

from .conftest import SANDBOX_FILE, catalog_item

pytestmark = pytest.mark.unit


class FakeClock:
    """Seconds that only move when the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_answers_are_kept_for_the_ttl_then_refreshed(
    items: InMemoryItemDirectory, sandbox_partners: PartnerDirectory
) -> None:
    clock = FakeClock()
    resolver = ItemResolver(CachedItemDirectory(items, ttl=60, clock=clock))
    bigbox = sandbox_partners.by_code("BIGBOX")
    line = [ProductId("UP", catalog_item("A01000").upc)]
    assert resolver.resolve(bigbox, line).item.item_number == "A01000"

    items.remove_item("usmf", "A01000")  # deleted in Dynamics during the run
    clock.now += 59
    assert resolver.resolve(bigbox, line).item.item_number == "A01000"  # same run: same answer, no lookup
    clock.now += 1
    with pytest.raises(UnknownItemError):
        resolver.resolve(bigbox, line)


def test_not_found_is_cached_too(items: InMemoryItemDirectory) -> None:
    clock = FakeClock()
    cached = CachedItemDirectory(items, ttl=60, clock=clock)
    assert cached.by_item_number("usmf", "NEW1") is None
    items.add_item("usmf", "NEW1")
    assert cached.by_item_number("usmf", "NEW1") is None
    clock.now += 60
    found = cached.by_item_number("usmf", "NEW1")
    assert found is not None
    assert found.item_number == "NEW1"


def test_oldest_entries_are_dropped_beyond_the_limit(items: InMemoryItemDirectory) -> None:
    cached = CachedItemDirectory(items, ttl=600, max_entries=2, clock=FakeClock())
    for number in ("A01000", "A01001", "A01002"):
        assert cached.by_item_number("usmf", number) is not None
    items.remove_item("usmf", "A01000")
    items.remove_item("usmf", "A01002")
    assert cached.by_item_number("usmf", "A01002") is not None  # still cached
    assert cached.by_item_number("usmf", "A01000") is None  # evicted, asked again


def test_reverse_lookups_are_cached(items: InMemoryItemDirectory) -> None:
    clock = FakeClock()
    cached = CachedItemDirectory(items, ttl=60, clock=clock)
    key = ItemKey("A01000")
    gtin = cached.barcode_of("usmf", key, "ea")
    number = cached.customer_item_number("usmf", "US-102", key)
    vendor_number = cached.vendor_item_number("usmf", "US-V01", key)
    items.remove_item("usmf", "A01000")
    assert cached.barcode_of("usmf", key, "ea") == gtin
    assert cached.customer_item_number("usmf", "US-102", key) == number == "HOM-07000"
    assert cached.vendor_item_number("usmf", "US-V01", key) == vendor_number == "ACM001000V"
    clock.now += 61
    assert cached.barcode_of("usmf", key, "ea") is None


def test_cache_refuses_nonsense_limits(items: InMemoryItemDirectory) -> None:
    with pytest.raises(ValueError, match="positive"):
        CachedItemDirectory(items, ttl=0)


def test_settings_parse_and_load(items: InMemoryItemDirectory) -> None:
    problems = SettingsProblems()
    settings = PartnerSettings.parse(
        SettingsSource({"PARTNERS_FILE": str(SANDBOX_FILE), "PARTNERS_ITEM_CACHE_SECONDS": "30"}), problems
    )
    problems.raise_if_any()
    assert settings == PartnerSettings(SANDBOX_FILE, 30)
    directory = load_directory(settings)
    assert len(directory) == 10
    ids = item_resolver(settings, items).partner_ids(directory.by_code("BIGBOX"), ItemKey("A01000"))
    assert ids[0].qualifier == "UP"


def test_settings_problems_are_reported_by_name(tmp_path: Path) -> None:
    problems = SettingsProblems()
    PartnerSettings.parse(
        SettingsSource({"PARTNERS_FILE": str(tmp_path / "missing.toml"), "PARTNERS_ITEM_CACHE_SECONDS": "soon"}),
        problems,
    )
    with pytest.raises(ConfigurationError) as info:
        problems.raise_if_any()
    text = str(info.value)
    assert "PARTNERS_FILE" in text
    assert "missing.toml is not a file" in text
    assert "PARTNERS_ITEM_CACHE_SECONDS" in text

    problems = SettingsProblems()
    PartnerSettings.parse(SettingsSource({}), problems)
    assert problems.problems == ["PARTNERS_FILE: is required"]
