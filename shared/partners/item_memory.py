"""An ``ItemDirectory`` held in memory: for local runs and tests, with Dynamics' matching rules.

Dynamics compares strings without regard to case (SQL Server's default collation) and keys legal entities in
lower case; barcodes are matched here in their GTIN-14 form, the way the Dynamics adapter searches every form.
"""

from __future__ import annotations

from dataclasses import dataclass

from shared.partners.gtin import Gtin
from shared.partners.items import ItemKey, ProductVariant, ResolvedItem

__all__ = ["InMemoryItemDirectory"]


def _fold(text: str) -> str:
    return text.strip().casefold()


@dataclass(frozen=True, slots=True)
class _Barcode:
    item: ItemKey
    unit: str | None


class InMemoryItemDirectory:
    """Released products, barcodes and external item numbers per legal entity, filled with the ``add_*`` calls."""

    def __init__(self) -> None:
        self._items: dict[tuple[str, str], ItemKey] = {}
        self._barcodes: dict[tuple[str, str], _Barcode] = {}
        self._customer_items: dict[tuple[str, str, str], ItemKey] = {}
        self._vendor_items: dict[tuple[str, str, str], ItemKey] = {}
        self._customer_numbers: dict[tuple[str, str, ItemKey], str] = {}
        self._vendor_numbers: dict[tuple[str, str, ItemKey], str] = {}

    # Filling

    def add_item(self, legal_entity: str, item_number: str, variant: ProductVariant | None = None) -> ItemKey:
        key = ItemKey(item_number.strip(), variant)
        self._items[(_fold(legal_entity), _fold(item_number))] = key
        return key

    def remove_item(self, legal_entity: str, item_number: str) -> None:
        """Forget a product and every identifier pointing at it (as when it is deleted in Dynamics)."""
        entity = _fold(legal_entity)
        key = self._items.pop((entity, _fold(item_number)), None)
        if key is None:
            return
        for k in [k for k, v in self._barcodes.items() if k[0] == entity and v.item == key]:
            del self._barcodes[k]
        for items in (self._customer_items, self._vendor_items):
            for external in [k for k, v in items.items() if k[0] == entity and v == key]:
                del items[external]
        for numbers in (self._customer_numbers, self._vendor_numbers):
            for owned in [k for k in numbers if k[0] == entity and k[2] == key]:
                del numbers[owned]

    def add_barcode(self, legal_entity: str, item: ItemKey, gtin: Gtin, unit: str | None = None) -> None:
        self._barcodes[(_fold(legal_entity), gtin.digits)] = _Barcode(item, unit)

    def add_customer_item(self, legal_entity: str, customer_account: str, external: str, item: ItemKey) -> None:
        entity, account = _fold(legal_entity), _fold(customer_account)
        self._customer_items[(entity, account, _fold(external))] = item
        self._customer_numbers.setdefault((entity, account, item), external.strip())

    def add_vendor_item(self, legal_entity: str, vendor_account: str, external: str, item: ItemKey) -> None:
        entity, account = _fold(legal_entity), _fold(vendor_account)
        self._vendor_items[(entity, account, _fold(external))] = item
        self._vendor_numbers.setdefault((entity, account, item), external.strip())

    # ItemDirectory

    def by_item_number(self, legal_entity: str, item_number: str) -> ResolvedItem | None:
        key = self._items.get((_fold(legal_entity), _fold(item_number)))
        return None if key is None else ResolvedItem(key.item_number, key.variant)

    def by_barcode(self, legal_entity: str, gtin: Gtin) -> ResolvedItem | None:
        found = self._barcodes.get((_fold(legal_entity), gtin.digits))
        if found is None:
            return None
        return ResolvedItem(found.item.item_number, found.item.variant, found.unit)

    def by_customer_item(
        self, legal_entity: str, customer_account: str, external_item_number: str
    ) -> ResolvedItem | None:
        key = self._customer_items.get((_fold(legal_entity), _fold(customer_account), _fold(external_item_number)))
        return None if key is None else ResolvedItem(key.item_number, key.variant)

    def by_vendor_item(self, legal_entity: str, vendor_account: str, external_item_number: str) -> ResolvedItem | None:
        key = self._vendor_items.get((_fold(legal_entity), _fold(vendor_account), _fold(external_item_number)))
        return None if key is None else ResolvedItem(key.item_number, key.variant)

    def barcode_of(self, legal_entity: str, item: ItemKey, unit: str | None) -> Gtin | None:
        entity = _fold(legal_entity)
        for (barcode_entity, digits), barcode in self._barcodes.items():
            if barcode_entity != entity or barcode.item != item:
                continue
            if unit is None or barcode.unit is None or _fold(barcode.unit) == _fold(unit):
                return Gtin(digits)
        return None

    def customer_item_number(self, legal_entity: str, customer_account: str, item: ItemKey) -> str | None:
        return self._customer_numbers.get((_fold(legal_entity), _fold(customer_account), item))

    def vendor_item_number(self, legal_entity: str, vendor_account: str, item: ItemKey) -> str | None:
        return self._vendor_numbers.get((_fold(legal_entity), _fold(vendor_account), item))
