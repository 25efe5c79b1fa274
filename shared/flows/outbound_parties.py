"""Party facts the outbound documents carry that the flows' main records do not: our company's name and the
delivery address of an order (``DeliveryAddress*`` of ``PurchaseOrderHeadersV2`` / ``SalesOrderHeadersV2``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Self

from shared.dynamics.client import DynamicsClient
from shared.dynamics.odata import Filter
from shared.dynamics.rows import ODataRow, RowReader
from shared.maps.outbound.context import PostalAddress

__all__ = ["company_name", "purchase_order_delivery_address", "sales_order_delivery_address"]

_ADDRESS_FIELDS = (
    "DeliveryAddressName",
    "DeliveryAddressStreet",
    "DeliveryAddressCity",
    "DeliveryAddressStateId",
    "DeliveryAddressZipCode",
    "DeliveryAddressCountryRegionId",
)


def _address(r: RowReader) -> PostalAddress:
    return PostalAddress(
        name=r.text("DeliveryAddressName"),
        street=r.text("DeliveryAddressStreet"),
        city=r.text("DeliveryAddressCity"),
        state=r.text("DeliveryAddressStateId"),
        postal_code=r.text("DeliveryAddressZipCode"),
        country=r.text("DeliveryAddressCountryRegionId"),
    )


@dataclass(frozen=True, slots=True)
class LegalEntityName:
    ENTITY_SET: ClassVar[str] = "LegalEntities"
    KEY: ClassVar[tuple[str, ...]] = ("LegalEntityId",)
    FIELDS: ClassVar[tuple[str, ...]] = (*KEY, "Name")

    legal_entity: str
    name: str

    @classmethod
    def from_odata(cls, row: ODataRow) -> Self:
        r = RowReader(cls.ENTITY_SET, row, cls.KEY)
        return cls(r.required_text("LegalEntityId").lower(), r.text("Name"))


@dataclass(frozen=True, slots=True)
class PurchaseOrderDeliveryAddress:
    ENTITY_SET: ClassVar[str] = "PurchaseOrderHeadersV2"
    KEY: ClassVar[tuple[str, ...]] = ("dataAreaId", "PurchaseOrderNumber")
    FIELDS: ClassVar[tuple[str, ...]] = (*KEY, *_ADDRESS_FIELDS)

    address: PostalAddress

    @classmethod
    def from_odata(cls, row: ODataRow) -> Self:
        return cls(_address(RowReader(cls.ENTITY_SET, row, cls.KEY)))


@dataclass(frozen=True, slots=True)
class SalesOrderDeliveryAddress:
    ENTITY_SET: ClassVar[str] = "SalesOrderHeadersV2"
    KEY: ClassVar[tuple[str, ...]] = ("dataAreaId", "SalesOrderNumber")
    FIELDS: ClassVar[tuple[str, ...]] = (*KEY, *_ADDRESS_FIELDS)

    address: PostalAddress

    @classmethod
    def from_odata(cls, row: ODataRow) -> Self:
        return cls(_address(RowReader(cls.ENTITY_SET, row, cls.KEY)))


def company_name(client: DynamicsClient, legal_entity: str) -> str:
    """Our legal entity's name as F&O shows it; its id in capitals when the entity set does not name it."""
    found = client.first(LegalEntityName, Filter.eq("LegalEntityId", legal_entity))
    return (found.name if found is not None else "") or legal_entity.upper()


def purchase_order_delivery_address(client: DynamicsClient, legal_entity: str, number: str) -> PostalAddress | None:
    found = client.get(PurchaseOrderDeliveryAddress, {"dataAreaId": legal_entity, "PurchaseOrderNumber": number})
    return found.address if found is not None else None


def sales_order_delivery_address(client: DynamicsClient, legal_entity: str, number: str) -> PostalAddress | None:
    found = client.get(SalesOrderDeliveryAddress, {"dataAreaId": legal_entity, "SalesOrderNumber": number})
    return found.address if found is not None else None
