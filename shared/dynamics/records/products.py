"""Products and the identifiers partners use for them.

``ReleasedProductsV2`` (the item in a legal entity), external item numbers per customer
(``CustomerProductDescriptionsV2``) and per vendor (``VendorProductDescriptionsV2``), and barcodes
(``ProductBarcodesV3``, which the reference names without detailing: the fields read are the ones every
barcode entity version carries).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar, Self

from shared.dynamics.enums import NoYes
from shared.dynamics.rows import ODataRow, RowReader

__all__ = ["CustomerExternalItem", "ProductBarcode", "ReleasedProduct", "VendorExternalItem"]

_VARIANT_FIELDS = ("ProductColorId", "ProductConfigurationId", "ProductSizeId", "ProductStyleId", "ProductVersionId")


@dataclass(frozen=True, slots=True)
class ProductVariant:
    """Product dimensions; all empty for a non-variant item (dynamics.md §5.4)."""

    color: str = ""
    configuration: str = ""
    size: str = ""
    style: str = ""
    version: str = ""

    @classmethod
    def read(cls, r: RowReader, fields: tuple[str, ...] = _VARIANT_FIELDS) -> ProductVariant:
        return cls(*(r.text(name) for name in fields))


@dataclass(frozen=True, slots=True)
class ReleasedProduct:
    ENTITY_SET: ClassVar[str] = "ReleasedProductsV2"
    KEY: ClassVar[tuple[str, ...]] = ("dataAreaId", "ItemNumber")
    FIELDS: ClassVar[tuple[str, ...]] = (
        *KEY,
        "ProductNumber",
        "SearchName",
        "InventoryUnitSymbol",
        "SalesUnitSymbol",
        "PurchaseUnitSymbol",
        "SalesPrice",
        "PurchasePrice",
        "NetProductWeight",
    )

    legal_entity: str
    item_number: str
    product_number: str
    search_name: str
    inventory_unit: str
    sales_unit: str
    purchase_unit: str
    sales_price: Decimal
    purchase_price: Decimal
    net_weight: Decimal

    @classmethod
    def from_odata(cls, row: ODataRow) -> Self:
        r = RowReader(cls.ENTITY_SET, row, cls.KEY)
        return cls(
            legal_entity=r.required_text("dataAreaId").lower(),
            item_number=r.required_text("ItemNumber"),
            product_number=r.text("ProductNumber"),
            search_name=r.text("SearchName"),
            inventory_unit=r.text("InventoryUnitSymbol"),
            sales_unit=r.text("SalesUnitSymbol"),
            purchase_unit=r.text("PurchaseUnitSymbol"),
            sales_price=r.decimal("SalesPrice"),
            purchase_price=r.decimal("PurchasePrice"),
            net_weight=r.decimal("NetProductWeight"),
        )


@dataclass(frozen=True, slots=True)
class CustomerExternalItem:
    """A customer's own number for one of our items (buyer part number)."""

    ENTITY_SET: ClassVar[str] = "CustomerProductDescriptionsV2"
    KEY: ClassVar[tuple[str, ...]] = (
        "dataAreaId",
        "ItemNumber",
        *_VARIANT_FIELDS,
        "CustomerAccountNumber",
        "ProductDescriptionCustomerGroupId",
    )
    FIELDS: ClassVar[tuple[str, ...]] = (*KEY, "CustomerProductNumber", "CustomerProductDescription")

    legal_entity: str
    item_number: str
    variant: ProductVariant
    customer_account: str
    customer_group: str
    external_number: str
    external_description: str

    @classmethod
    def from_odata(cls, row: ODataRow) -> Self:
        r = RowReader(cls.ENTITY_SET, row, cls.KEY)
        return cls(
            legal_entity=r.required_text("dataAreaId").lower(),
            item_number=r.required_text("ItemNumber"),
            variant=ProductVariant.read(r),
            customer_account=r.text("CustomerAccountNumber"),
            customer_group=r.text("ProductDescriptionCustomerGroupId"),
            external_number=r.required_text("CustomerProductNumber"),
            external_description=r.text("CustomerProductDescription"),
        )


@dataclass(frozen=True, slots=True)
class VendorExternalItem:
    """A vendor's own number for one of our items (vendor part number)."""

    ENTITY_SET: ClassVar[str] = "VendorProductDescriptionsV2"
    KEY: ClassVar[tuple[str, ...]] = (
        "dataAreaId",
        "ItemNumber",
        *_VARIANT_FIELDS,
        "VendorAccountNumber",
        "ProductDescriptionVendorGroupId",
    )
    FIELDS: ClassVar[tuple[str, ...]] = (*KEY, "VendorProductNumber", "VendorProductDescription")

    legal_entity: str
    item_number: str
    variant: ProductVariant
    vendor_account: str
    vendor_group: str
    external_number: str
    external_description: str

    @classmethod
    def from_odata(cls, row: ODataRow) -> Self:
        r = RowReader(cls.ENTITY_SET, row, cls.KEY)
        return cls(
            legal_entity=r.required_text("dataAreaId").lower(),
            item_number=r.required_text("ItemNumber"),
            variant=ProductVariant.read(r),
            vendor_account=r.text("VendorAccountNumber"),
            vendor_group=r.text("ProductDescriptionVendorGroupId"),
            external_number=r.required_text("VendorProductNumber"),
            external_description=r.text("VendorProductDescription"),
        )


@dataclass(frozen=True, slots=True)
class ProductBarcode:
    """A barcode (GTIN / UPC / EAN) of an item, per variant and unit."""

    ENTITY_SET: ClassVar[str] = "ProductBarcodesV3"
    KEY: ClassVar[tuple[str, ...]] = (
        "dataAreaId",
        "ItemNumber",
        *_VARIANT_FIELDS,
        "ProductQuantityUnitSymbol",
        "BarcodeSetupId",
        "Barcode",
    )
    FIELDS: ClassVar[tuple[str, ...]] = (*KEY, "ProductQuantity", "IsDefaultScannedBarcode")

    legal_entity: str
    item_number: str
    variant: ProductVariant
    unit: str
    barcode_setup: str
    barcode: str
    quantity: Decimal
    default_scanned: bool

    @classmethod
    def from_odata(cls, row: ODataRow) -> Self:
        r = RowReader(cls.ENTITY_SET, row, cls.KEY)
        return cls(
            legal_entity=r.required_text("dataAreaId").lower(),
            item_number=r.required_text("ItemNumber"),
            variant=ProductVariant.read(r),
            unit=r.text("ProductQuantityUnitSymbol"),
            barcode_setup=r.text("BarcodeSetupId"),
            barcode=r.required_text("Barcode"),
            quantity=r.decimal("ProductQuantity"),
            default_scanned=r.optional_enum("IsDefaultScannedBarcode", NoYes) is NoYes.Yes,
        )
