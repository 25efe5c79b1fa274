"""A short-lived cache in front of an ``ItemDirectory``, so one run never asks Dynamics the same question twice.

An 850 with 200 lines of the same ten items, or a sweep of 50 invoices for one customer, would otherwise cost a
round trip per line.  Answers are kept for ``ttl`` seconds, "not found" included: an item added in Dynamics
while a run is going is picked up by the next run, not halfway through one.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Hashable

from shared.partners.gtin import Gtin
from shared.partners.items import ItemDirectory, ItemKey, ResolvedItem

__all__ = ["CachedItemDirectory"]

_MISSING = object()


class CachedItemDirectory:
    """An ``ItemDirectory`` that remembers the answers of ``inner`` for ``ttl`` seconds (oldest dropped first)."""

    def __init__(
        self,
        inner: ItemDirectory,
        *,
        ttl: float = 300.0,
        max_entries: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if ttl <= 0 or max_entries <= 0:
            raise ValueError("ttl and max_entries must be positive")
        self._inner = inner
        self._ttl = ttl
        self._max_entries = max_entries
        self._clock = clock
        self._entries: OrderedDict[Hashable, tuple[float, object]] = OrderedDict()

    def clear(self) -> None:
        self._entries.clear()

    def _get(self, key: Hashable) -> object:
        entry = self._entries.get(key)
        if entry is None:
            return _MISSING
        stored_at, value = entry
        if self._clock() - stored_at >= self._ttl:
            del self._entries[key]
            return _MISSING
        return value

    def _put(self, key: Hashable, value: object) -> None:
        self._entries[key] = (self._clock(), value)
        self._entries.move_to_end(key)
        while len(self._entries) > self._max_entries:
            self._entries.popitem(last=False)

    def _item(self, key: Hashable, lookup: Callable[[], ResolvedItem | None]) -> ResolvedItem | None:
        cached = self._get(key)
        if cached is _MISSING:
            value = lookup()
            self._put(key, value)
            return value
        assert cached is None or isinstance(cached, ResolvedItem)
        return cached

    def _text(self, key: Hashable, lookup: Callable[[], str | None]) -> str | None:
        cached = self._get(key)
        if cached is _MISSING:
            value = lookup()
            self._put(key, value)
            return value
        assert cached is None or isinstance(cached, str)
        return cached

    def by_item_number(self, legal_entity: str, item_number: str) -> ResolvedItem | None:
        key = ("item", legal_entity.casefold(), item_number.casefold())
        return self._item(key, lambda: self._inner.by_item_number(legal_entity, item_number))

    def by_barcode(self, legal_entity: str, gtin: Gtin) -> ResolvedItem | None:
        key = ("barcode", legal_entity.casefold(), gtin.digits)
        return self._item(key, lambda: self._inner.by_barcode(legal_entity, gtin))

    def by_customer_item(
        self, legal_entity: str, customer_account: str, external_item_number: str
    ) -> ResolvedItem | None:
        key = ("customer", legal_entity.casefold(), customer_account.casefold(), external_item_number.casefold())
        return self._item(
            key, lambda: self._inner.by_customer_item(legal_entity, customer_account, external_item_number)
        )

    def by_vendor_item(self, legal_entity: str, vendor_account: str, external_item_number: str) -> ResolvedItem | None:
        key = ("vendor", legal_entity.casefold(), vendor_account.casefold(), external_item_number.casefold())
        return self._item(key, lambda: self._inner.by_vendor_item(legal_entity, vendor_account, external_item_number))

    def barcode_of(self, legal_entity: str, item: ItemKey, unit: str | None) -> Gtin | None:
        key = ("barcode_of", legal_entity.casefold(), item, (unit or "").casefold())
        cached = self._get(key)
        if cached is _MISSING:
            value = self._inner.barcode_of(legal_entity, item, unit)
            self._put(key, value)
            return value
        assert cached is None or isinstance(cached, Gtin)
        return cached

    def customer_item_number(self, legal_entity: str, customer_account: str, item: ItemKey) -> str | None:
        key = ("customer_number", legal_entity.casefold(), customer_account.casefold(), item)
        return self._text(key, lambda: self._inner.customer_item_number(legal_entity, customer_account, item))

    def vendor_item_number(self, legal_entity: str, vendor_account: str, item: ItemKey) -> str | None:
        key = ("vendor_number", legal_entity.casefold(), vendor_account.casefold(), item)
        return self._text(key, lambda: self._inner.vendor_item_number(legal_entity, vendor_account, item))
