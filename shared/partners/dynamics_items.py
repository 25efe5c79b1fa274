"""The ``ItemDirectory`` port over the Dynamics client: released products, barcodes, external item numbers.

Every lookup is one filtered read with ``$top`` small; wrap the directory in ``CachedItemDirectory`` (the
resolver's composition does) so an order with many lines of the same item costs one read.  Dynamics compares
strings without regard to case, so ``eq`` filters match the way the partner file's overrides do.
"""

from __future__ import annotations

from shared.dynamics.client import DynamicsClient
from shared.dynamics.odata import Filter
from shared.dynamics.records.products import CustomerExternalItem, ProductBarcode, ReleasedProduct, VendorExternalItem
from shared.dynamics.records.products import ProductVariant as DynamicsVariant
from shared.partners.gtin import Gtin
from shared.partners.items import ItemKey, ProductVariant, ResolvedItem

__all__ = ["DynamicsItemDirectory"]


def _variant(variant: DynamicsVariant) -> ProductVariant | None:
    converted = ProductVariant(
        color=variant.color,
        size=variant.size,
        style=variant.style,
        configuration=variant.configuration,
        version=variant.version,
    )
    return None if converted == ProductVariant() else converted


def _variant_filter(item: ItemKey) -> Filter:
    variant = item.variant or ProductVariant()
    return (
        Filter.eq("ItemNumber", item.item_number)
        & Filter.eq("ProductColorId", variant.color)
        & Filter.eq("ProductSizeId", variant.size)
        & Filter.eq("ProductStyleId", variant.style)
        & Filter.eq("ProductConfigurationId", variant.configuration)
        & Filter.eq("ProductVersionId", variant.version)
    )


class DynamicsItemDirectory:
    """Item lookups answered by Dynamics (``ReleasedProductsV2``, ``ProductBarcodesV3``, external item numbers)."""

    def __init__(self, client: DynamicsClient) -> None:
        self._client = client

    def by_item_number(self, legal_entity: str, item_number: str) -> ResolvedItem | None:
        found = self._client.first(ReleasedProduct, Filter.eq("ItemNumber", item_number), legal_entity=legal_entity)
        return None if found is None else ResolvedItem(found.item_number)

    def by_barcode(self, legal_entity: str, gtin: Gtin) -> ResolvedItem | None:
        # A barcode is stored in whichever form it was printed in (UPC-A, EAN-13, GTIN-14): ask for every form.
        where = Filter.any_of("Barcode", gtin.representations)
        found = self._client.first(ProductBarcode, where, legal_entity=legal_entity)
        if found is None:
            return None
        return ResolvedItem(found.item_number, _variant(found.variant), found.unit or None)

    def by_customer_item(
        self, legal_entity: str, customer_account: str, external_item_number: str
    ) -> ResolvedItem | None:
        where = Filter.eq("CustomerAccountNumber", customer_account) & Filter.eq(
            "CustomerProductNumber", external_item_number
        )
        found = self._client.first(CustomerExternalItem, where, legal_entity=legal_entity)
        return None if found is None else ResolvedItem(found.item_number, _variant(found.variant))

    def by_vendor_item(self, legal_entity: str, vendor_account: str, external_item_number: str) -> ResolvedItem | None:
        where = Filter.eq("VendorAccountNumber", vendor_account) & Filter.eq(
            "VendorProductNumber", external_item_number
        )
        found = self._client.first(VendorExternalItem, where, legal_entity=legal_entity)
        return None if found is None else ResolvedItem(found.item_number, _variant(found.variant))

    def barcode_of(self, legal_entity: str, item: ItemKey, unit: str | None) -> Gtin | None:
        where = _variant_filter(item)
        if unit is not None:
            where = where & Filter.eq("ProductQuantityUnitSymbol", unit)
        for barcode in self._client.query(ProductBarcode, where, legal_entity=legal_entity, top=20):
            gtin = Gtin.try_parse(barcode.barcode)
            if gtin is not None:
                return gtin
        return None

    def customer_item_number(self, legal_entity: str, customer_account: str, item: ItemKey) -> str | None:
        where = _variant_filter(item) & Filter.eq("CustomerAccountNumber", customer_account)
        found = self._client.first(CustomerExternalItem, where, legal_entity=legal_entity)
        return None if found is None else found.external_number

    def vendor_item_number(self, legal_entity: str, vendor_account: str, item: ItemKey) -> str | None:
        where = _variant_filter(item) & Filter.eq("VendorAccountNumber", vendor_account)
        found = self._client.first(VendorExternalItem, where, legal_entity=legal_entity)
        return None if found is None else found.external_number
