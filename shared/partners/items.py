"""Item identifiers on EDI lines, and the port through which they are looked up in Dynamics.

``ItemDirectory`` is what the resolver needs from Dynamics: released products (``ReleasedProductsV2``), barcodes
(``ProductBarcodesV3``) and external item numbers (``CustomerProductDescriptionsV2`` /
``VendorProductDescriptionsV2``).  The Dynamics client is adapted to it; ``item_memory.InMemoryItemDirectory``
is the other adapter.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from shared.edi.model import Standard
from shared.partners.gtin import Gtin

__all__ = [
    "IdRole",
    "ItemDirectory",
    "ItemKey",
    "ProductId",
    "ProductVariant",
    "ResolvedItem",
    "id_role",
    "qualifiers_for",
]


@dataclass(frozen=True, slots=True)
class ProductId:
    """One qualifier/value pair from a line: PO1/IT1/LIN pairs (X12), LIN C212 or PIA (EDIFACT)."""

    qualifier: str
    value: str

    def describe(self) -> str:
        return f"{self.qualifier} {self.value}"


class IdRole(StrEnum):
    """Who assigned an identifier, which decides where it is looked up."""

    GTIN = "gtin"  # GS1 assigns; looked up among barcodes
    BUYER = "buyer"  # the buying party's number
    SELLER = "seller"  # the selling party's number


# Product/service id qualifiers (X12 element 235; EDIFACT 7143) that name the item itself.  Others on a line
# (IZ size, BO colour, VA style ...) describe it and are not used to find it.
_ROLES: dict[Standard, dict[str, IdRole]] = {
    Standard.X12: {
        "UP": IdRole.GTIN,  # U.P.C. consumer package code, 12 digits
        "EN": IdRole.GTIN,  # EAN-13
        "UK": IdRole.GTIN,  # GTIN-14
        "BP": IdRole.BUYER,  # buyer's part number
        "IN": IdRole.BUYER,  # buyer's item number
        "SK": IdRole.BUYER,  # stock keeping unit, the retailer's SKU
        "CB": IdRole.BUYER,  # buyer's catalog number
        "VP": IdRole.SELLER,  # vendor's (seller's) part number
        "VN": IdRole.SELLER,  # vendor's (seller's) item number
    },
    Standard.EDIFACT: {
        "EN": IdRole.GTIN,  # EAN / GTIN (D96A, EANCOM 97)
        "SRV": IdRole.GTIN,  # GS1 GTIN (EANCOM 2002)
        "UP": IdRole.GTIN,
        "BP": IdRole.BUYER,  # buyer's part number
        "IN": IdRole.BUYER,  # buyer's item number
        "SA": IdRole.SELLER,  # supplier's article number
    },
}


def id_role(standard: Standard, qualifier: str) -> IdRole | None:
    """What an identifier with this qualifier is, or None when it does not name the item."""
    return _ROLES[standard].get(qualifier.strip().upper())


def qualifiers_for(standard: Standard, role: IdRole) -> tuple[str, ...]:
    return tuple(q for q, r in _ROLES[standard].items() if r is role)


@dataclass(frozen=True, slots=True)
class ProductVariant:
    """Product dimensions of a variant (empty strings where a dimension is not used), as Dynamics keys them."""

    color: str = ""
    size: str = ""
    style: str = ""
    configuration: str = ""
    version: str = ""


@dataclass(frozen=True, slots=True)
class ItemKey:
    """Our item: ``ItemNumber`` of a released product, plus the variant for product masters."""

    item_number: str
    variant: ProductVariant | None = None


@dataclass(frozen=True, slots=True)
class ResolvedItem:
    """What an identifier stands for in Dynamics."""

    item_number: str
    variant: ProductVariant | None = None
    # The unit the identifier denotes when the source says so: a case GTIN (indicator 1-8) is a barcode of the
    # item in a case unit, so the quantity on the line counts cases.
    unit: str | None = None

    @property
    def key(self) -> ItemKey:
        return ItemKey(self.item_number, self.variant)


class ItemDirectory(Protocol):
    """Lookups of items in one legal entity (``dataAreaId``).  None means "no such item": not an error here.

    External item numbers compare the way Dynamics compares strings: without regard to case.
    """

    def by_item_number(self, legal_entity: str, item_number: str) -> ResolvedItem | None:
        """A released product by ``ItemNumber`` (``ReleasedProductsV2``)."""
        ...

    def by_barcode(self, legal_entity: str, gtin: Gtin) -> ResolvedItem | None:
        """The item whose barcode is any representation of ``gtin`` (``ProductBarcodesV3``)."""
        ...

    def by_customer_item(
        self, legal_entity: str, customer_account: str, external_item_number: str
    ) -> ResolvedItem | None:
        """The item a customer calls ``external_item_number`` (``CustomerProductDescriptionsV2``)."""
        ...

    def by_vendor_item(self, legal_entity: str, vendor_account: str, external_item_number: str) -> ResolvedItem | None:
        """The item a vendor calls ``external_item_number`` (``VendorProductDescriptionsV2``)."""
        ...

    def barcode_of(self, legal_entity: str, item: ItemKey, unit: str | None) -> Gtin | None:
        """The item's GTIN barcode for ``unit`` (any unit when None)."""
        ...

    def customer_item_number(self, legal_entity: str, customer_account: str, item: ItemKey) -> str | None:
        """What the customer calls our item."""
        ...

    def vendor_item_number(self, legal_entity: str, vendor_account: str, item: ItemKey) -> str | None:
        """What the vendor calls our item."""
        ...
