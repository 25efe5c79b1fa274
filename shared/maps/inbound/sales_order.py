"""850 / ORDERS (as an ``OrderDocument``) → a sales order draft: header and lines, ready for one ``$batch``.

The customer is the partner's Dynamics account; items go through the partner's item cross-reference; the
partner's PO number becomes ``CustomerRequisitionNumber``, which is also the dedupe key the flow checks before
it creates anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from shared.dynamics.rows import ODataValue
from shared.errors import MappingError
from shared.maps.inbound.documents import Address, OrderDocument, OrderLineDocument, OrderPurpose
from shared.maps.inbound.odata_values import odata_date
from shared.partners import AccountRole, Gtin, ItemMatch, MatchSource, PartnerProfile, ProductId

__all__ = ["ItemLookup", "SalesOrderDraft", "SalesOrderLineDraft", "map_order"]

# F&O's PurchOrderFormNum (CustomerRequisitionNumber) holds 20 characters; a longer PO number would be cut and
# then never match the dedupe check again.
REQUISITION_MAX = 20
# Unit codes that mean "one of the item" in X12 (355) and UN/ECE rec. 20: the item's own sales unit applies.
_EACH_UNITS = frozenset({"", "EA", "EACH", "PC", "PCE", "C62", "H87", "UN"})
_CREATE_PURPOSES = frozenset({OrderPurpose.ORIGINAL, OrderPurpose.DUPLICATE})


class ItemLookup(Protocol):
    """What the map needs of the item cross-reference (``ItemResolver`` is the implementation)."""

    def resolve(self, partner: PartnerProfile, ids: Sequence[ProductId], *, where: str = "") -> ItemMatch: ...


@dataclass(frozen=True, slots=True)
class SalesOrderLineDraft:
    customer_line: str  # the partner's line id, echoed on its acknowledgments and invoices
    item_number: str
    external_item_number: str  # the identifier the partner used, kept on the line for the documents back
    quantity: Decimal
    unit: str | None  # a Dynamics unit symbol; None: the item's sales unit
    unit_price: Decimal | None  # None: Dynamics prices the line from its trade agreements
    description: str
    requested_ship: date | None
    requested_receipt: date | None

    def to_odata(self, legal_entity: str) -> dict[str, ODataValue]:
        body: dict[str, ODataValue] = {
            "dataAreaId": legal_entity,
            "ItemNumber": self.item_number,
            "ExternalItemNumber": self.external_item_number,
            "OrderedSalesQuantity": self.quantity,
        }
        if self.customer_line.isdigit():
            body["CustomersLineNumber"] = int(self.customer_line)
        if self.unit is not None:
            body["SalesUnitSymbol"] = self.unit
        if self.unit_price is not None:
            body["SalesPrice"] = self.unit_price
        if self.description:
            body["LineDescription"] = self.description
        if self.requested_ship is not None:
            body["RequestedShippingDate"] = odata_date(self.requested_ship)
        if self.requested_receipt is not None:
            body["RequestedReceiptDate"] = odata_date(self.requested_receipt)
        return body


@dataclass(frozen=True, slots=True)
class SalesOrderDraft:
    legal_entity: str
    customer_account: str
    po_number: str
    currency: str
    requested_ship: date | None
    requested_receipt: date | None
    ship_to: Address | None
    lines: tuple[SalesOrderLineDraft, ...]

    def header_odata(self) -> dict[str, ODataValue]:
        body: dict[str, ODataValue] = {
            "dataAreaId": self.legal_entity,
            "OrderingCustomerAccountNumber": self.customer_account,
            "CustomerRequisitionNumber": self.po_number,
            "CustomersOrderReference": self.po_number,
        }
        if self.currency:
            body["CurrencyCode"] = self.currency
        if self.requested_ship is not None:
            body["RequestedShippingDate"] = odata_date(self.requested_ship)
        if self.requested_receipt is not None:
            body["RequestedReceiptDate"] = odata_date(self.requested_receipt)
        if self.ship_to is not None:
            body.update(_delivery_address(self.ship_to))
        return body

    def lines_odata(self) -> list[dict[str, ODataValue]]:
        return [line.to_odata(self.legal_entity) for line in self.lines]

    def to_json(self) -> dict[str, ODataValue]:
        """Header and lines as they are sent (golden files, the archive)."""
        lines: list[ODataValue] = [dict(line) for line in self.lines_odata()]
        return {"header": self.header_odata(), "lines": lines}


def _delivery_address(address: Address) -> dict[str, ODataValue]:
    # The partner's store / DC number goes with the name: warehouse staff and the ship notice need it, and
    # F&O's one-off delivery address has no field of its own for it.
    name = f"{address.name} ({address.location_id})" if address.location_id else address.name
    fields: dict[str, ODataValue] = {"DeliveryAddressName": name[:100]}
    if address.street:
        fields["DeliveryAddressStreet"] = "\n".join(address.street)
    for key, value in (
        ("DeliveryAddressCity", address.city),
        ("DeliveryAddressStateId", address.state),
        ("DeliveryAddressZipCode", address.postal_code),
        ("DeliveryAddressCountryRegionId", address.country),
    ):
        if value:
            fields[key] = value
    return fields


def map_order(order: OrderDocument, partner: PartnerProfile, items: ItemLookup) -> SalesOrderDraft:
    """The sales order for ``order``; ``MappingError`` / ``UnknownItemError`` say what to fix when it cannot be."""
    where = f"PO {order.po_number or '(none)'} from {partner.code}"
    context = {"partner": partner.code, "po_number": order.po_number}
    if partner.role is not AccountRole.CUSTOMER:
        raise MappingError(
            f"{where}: {partner.code} is a vendor ({partner.account.describe()}); only customers' orders become "
            "sales orders",
            context=context,
            hint="if the partner also buys from us, configure its customer account as a partner of its own",
        )
    if not order.po_number:
        raise MappingError(
            f"{where}: the order has no PO number (BEG03 / BGM 1004)",
            context=context,
            hint="ask the partner to resend the order with its PO number",
        )
    if len(order.po_number) > REQUISITION_MAX:
        raise MappingError(
            f"{where}: PO number {order.po_number!r} is longer than the {REQUISITION_MAX} characters "
            "CustomerRequisitionNumber holds",
            context=context,
            hint="agree a shorter PO number format with the partner; a cut number could not be matched again",
        )
    if order.purpose not in _CREATE_PURPOSES:
        raise MappingError(
            f"{where}: the order's purpose is {order.purpose.value} (code {order.purpose_code!r}); only original "
            "orders are created automatically",
            context=context,
            hint="apply the change or cancellation to the existing sales order by hand, then mark this failure done",
        )
    if not order.lines:
        raise MappingError(
            f"{where}: the order has no lines", context=context, hint="ask the partner to resend the complete order"
        )
    lines = tuple(
        _line(order, line, partner, items, f"{where} line {line.line_id or number}")
        for number, line in enumerate(order.lines, start=1)
    )
    return SalesOrderDraft(
        legal_entity=partner.legal_entity,
        customer_account=partner.account.number,
        po_number=order.po_number,
        currency=order.currency or (partner.currency or ""),
        requested_ship=order.requested_ship,
        requested_receipt=order.requested_delivery,
        ship_to=order.ship_to,
        lines=lines,
    )


def _trade_unit(match: ItemMatch) -> str | None:
    """The unit a case / pack GTIN stands for (indicator digit 1-8), when that is how the line was matched:
    the only way to know that "6 CA" of this identifier means six of a unit Dynamics has."""
    if match.source is not MatchSource.BARCODE or match.item.unit is None:
        return None
    gtin = Gtin.try_parse(match.matched_by.value)
    return match.item.unit if gtin is not None and gtin.indicator in "12345678" else None


def _line(
    order: OrderDocument, line: OrderLineDocument, partner: PartnerProfile, items: ItemLookup, where: str
) -> SalesOrderLineDraft:
    context = {"partner": partner.code, "po_number": order.po_number, "line": line.line_id}
    if line.quantity is None or line.quantity <= 0:
        raise MappingError(
            f"{where}: quantity {line.quantity if line.quantity is not None else '(none)'} is not a positive number",
            context=context,
            hint="ask the partner to correct the line's quantity and resend the order",
        )
    if line.unit_price is not None and line.unit_price < 0:
        raise MappingError(
            f"{where}: unit price {line.unit_price} is negative",
            context=context,
            hint="ask the partner to correct the price and resend the order",
        )
    match = items.resolve(partner, line.item_ids, where=where)
    unit_code = line.unit.strip().upper()
    unit = match.item.unit if unit_code in _EACH_UNITS else _trade_unit(match)
    if unit is None and unit_code not in _EACH_UNITS:
        raise MappingError(
            f"{where}: ordered in unit {unit_code!r}, but {match.matched_by.describe()} names item "
            f"{match.item.item_number} itself, not a {unit_code} of it, so the quantity cannot be converted",
            context=context,
            hint=(
                f"give item {match.item.item_number} a barcode for the {unit_code} unit (its case GTIN, which "
                "the partner then orders by), or agree with the partner to order in eaches"
            ),
        )
    return SalesOrderLineDraft(
        customer_line=line.line_id,
        item_number=match.item.item_number,
        external_item_number=match.matched_by.value,
        quantity=line.quantity,
        unit=unit,
        unit_price=line.unit_price,
        description=line.description,
        requested_ship=order.requested_ship,
        requested_receipt=order.requested_delivery,
    )
