"""Item cross-references: the ids on a partner's line → our item, and our item → the ids the partner wants.

Inbound order of trust:

1. the partner file's overrides (``[partners.X.items.overrides]``), checked to exist in Dynamics;
2. the identifier kind the partner is configured with (GTIN, buyer part or vendor part);
3. every other identifier on the line: GTINs, then the partner's own numbers, then ours.

Who assigned a number decides where it is looked up.  A buyer's number from a customer is that customer's
external item number (``CustomerProductDescriptionsV2``), but from a vendor it is our own item number, since
we are the buyer; seller's numbers the other way round.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from shared.edi.model import Standard
from shared.errors import UnknownItemError
from shared.partners.gtin import Gtin, gtin_problem
from shared.partners.items import IdRole, ItemDirectory, ItemKey, ProductId, ResolvedItem, id_role
from shared.partners.model import AccountRole, ItemIdKind, PartnerProfile

__all__ = ["ItemMatch", "ItemResolver", "MatchSource"]


class MatchSource(StrEnum):
    OVERRIDE = "override"  # the partner file
    BARCODE = "barcode"  # ProductBarcodesV3
    CUSTOMER_ITEM = "customer_item"  # CustomerProductDescriptionsV2
    VENDOR_ITEM = "vendor_item"  # VendorProductDescriptionsV2
    ITEM_NUMBER = "item_number"  # ReleasedProductsV2: the partner sent our own number


@dataclass(frozen=True, slots=True)
class ItemMatch:
    item: ResolvedItem
    matched_by: ProductId
    source: MatchSource
    # Identifiers passed over on the way (a GTIN with a bad check digit ...): worth a line in the audit log.
    notes: tuple[str, ...] = ()


_KIND_ROLE = {
    ItemIdKind.GTIN: IdRole.GTIN,
    ItemIdKind.BUYER_PART: IdRole.BUYER,
    ItemIdKind.VENDOR_PART: IdRole.SELLER,
}

# The qualifier written for our preferred id when the partner file names none.
_DEFAULT_QUALIFIERS: dict[Standard, dict[IdRole, str]] = {
    Standard.X12: {IdRole.GTIN: "UP", IdRole.BUYER: "IN", IdRole.SELLER: "VN"},
    Standard.EDIFACT: {IdRole.GTIN: "EN", IdRole.BUYER: "IN", IdRole.SELLER: "SA"},
}


def _partner_assigns(partner: PartnerProfile) -> IdRole:
    """The role of the numbers the partner itself assigns (a customer is the buyer)."""
    return IdRole.BUYER if partner.role is AccountRole.CUSTOMER else IdRole.SELLER


def _we_assign(partner: PartnerProfile) -> IdRole:
    return IdRole.SELLER if partner.role is AccountRole.CUSTOMER else IdRole.BUYER


def format_gtin(gtin: Gtin, qualifier: str, standard: Standard) -> ProductId:
    """``gtin`` written the way ``qualifier`` expects, falling back to a longer form when it does not fit."""
    if qualifier == "UP" and gtin.upc_a is not None:
        return ProductId("UP", gtin.upc_a)
    if qualifier in {"UP", "EN"} and gtin.ean13 is not None:
        return ProductId("EN", gtin.ean13)
    if standard is Standard.EDIFACT:
        # EN covers every GS1 number in the UN code list; SRV (EANCOM 2002) is always the 14-digit form.
        return ProductId("SRV" if qualifier == "SRV" else "EN", gtin.digits)
    return ProductId("UK", gtin.digits)


class ItemResolver:
    """Resolves item identifiers for a partner through an ``ItemDirectory`` (wrap it in ``CachedItemDirectory``)."""

    def __init__(self, directory: ItemDirectory) -> None:
        self._directory = directory

    # Inbound

    def resolve(self, partner: PartnerProfile, ids: Sequence[ProductId], *, where: str = "") -> ItemMatch:
        """Our item for a line carrying ``ids``; ``where`` names the document and line for the error message."""
        notes: list[str] = []
        tried: list[str] = []
        # The same pair twice on a line (it happens) is looked up once.
        present = list(
            dict.fromkeys(ProductId(p.qualifier.strip().upper(), p.value.strip()) for p in ids if p.value.strip())
        )
        # Overrides come first and match whatever the qualifier or check digit: the operator vouched for them.
        match = self._by_override(partner, present, tried, notes)
        if match is not None:
            return match
        usable: list[tuple[ProductId, IdRole]] = []
        ignored: list[str] = []
        for product_id in present:
            role = id_role(partner.standard, product_id.qualifier)
            if role is None:
                ignored.append(product_id.describe())
            elif role is IdRole.GTIN and (problem := gtin_problem(product_id.value)) is not None:
                notes.append(f"{product_id.qualifier} ignored: {problem}")
            else:
                usable.append((product_id, role))
        preferred = _KIND_ROLE[partner.items.id_kind]
        order = [preferred] + [
            r for r in (IdRole.GTIN, _partner_assigns(partner), _we_assign(partner)) if r is not preferred
        ]
        for role in order:
            for product_id, id_role_ in usable:
                if id_role_ is not role:
                    continue
                found, source, lookup = self._lookup(partner, product_id, role)
                tried.append(f"{product_id.describe()} as {lookup}")
                if found is not None:
                    return ItemMatch(found, product_id, source, tuple(notes))
        raise self._unknown(partner=partner, ids=ids, tried=tried, notes=notes, ignored=ignored, where=where)

    def _by_override(
        self, partner: PartnerProfile, present: list[ProductId], tried: list[str], notes: list[str]
    ) -> ItemMatch | None:
        overrides = partner.items.overrides
        if not overrides:
            return None
        for product_id in present:
            for override in overrides:
                if not _same_id(override.partner_item_id, product_id.value):
                    continue
                found = self._directory.by_item_number(partner.legal_entity, override.item_number)
                tried.append(f"{product_id.describe()} via the partner file's override to item {override.item_number}")
                if found is not None:
                    return ItemMatch(found, product_id, MatchSource.OVERRIDE, tuple(notes))
                notes.append(
                    f"the partner file maps {product_id.value} to item {override.item_number}, which is not a released "
                    f"product in {partner.legal_entity}"
                )
        return None

    def _lookup(
        self, partner: PartnerProfile, product_id: ProductId, role: IdRole
    ) -> tuple[ResolvedItem | None, MatchSource, str]:
        entity, account = partner.legal_entity, partner.account.number
        if role is IdRole.GTIN:
            gtin = Gtin.parse(product_id.value)
            return self._directory.by_barcode(entity, gtin), MatchSource.BARCODE, f"barcode {gtin}"
        if role is _partner_assigns(partner):
            if partner.role is AccountRole.CUSTOMER:
                found = self._directory.by_customer_item(entity, account, product_id.value)
                return found, MatchSource.CUSTOMER_ITEM, f"customer {account}'s item number"
            found = self._directory.by_vendor_item(entity, account, product_id.value)
            return found, MatchSource.VENDOR_ITEM, f"vendor {account}'s item number"
        return self._directory.by_item_number(entity, product_id.value), MatchSource.ITEM_NUMBER, "our item number"

    def _unknown(
        self,
        *,
        partner: PartnerProfile,
        ids: Sequence[ProductId],
        tried: list[str],
        notes: list[str],
        ignored: list[str],
        where: str,
    ) -> UnknownItemError:
        shown = ", ".join(p.describe() for p in ids) or "no identifiers"
        details = [f"tried {'; '.join(tried)}" if tried else "no identifier on the line could be used"]
        details += notes
        if ignored:
            details.append(f"not item identifiers: {', '.join(ignored)}")
        context = {"partner": partner.code, "legal_entity": partner.legal_entity, "account": partner.account.number}
        if where:
            context["document"] = where
        return UnknownItemError(
            f"no item in {partner.legal_entity} for {partner.code}'s line ({shown}): {'. '.join(details)}",
            context=context,
            hint=_what_to_add(partner, ids),
        )

    # Outbound

    def partner_ids(
        self, partner: PartnerProfile, item: ItemKey, *, unit: str | None = None, where: str = ""
    ) -> tuple[ProductId, ...]:
        """The identifiers to write on a line for ``item``: the partner's preferred one first, then our own number.

        Raises ``UnknownItemError`` when the preferred identifier is missing: a line without the id the partner
        matches on gets rejected or charged back, so it is not sent.
        """
        preferred_role = _KIND_ROLE[partner.items.id_kind]
        qualifier = partner.items.qualifier or _DEFAULT_QUALIFIERS[partner.standard][preferred_role]
        ours = ProductId(_DEFAULT_QUALIFIERS[partner.standard][_we_assign(partner)], item.item_number)
        preferred = self._override_for(partner, item, preferred_role, qualifier)
        if preferred is None:
            preferred = self._preferred(partner, item, unit, preferred_role, qualifier)
        if preferred is None:
            context = {"partner": partner.code, "legal_entity": partner.legal_entity, "item": item.item_number}
            if where:
                context["document"] = where
            raise UnknownItemError(
                f"item {item.item_number} has no {_kind_words(partner)} for {partner.code}, "
                "which identifies items by it",
                context=context,
                hint=_what_to_add_outbound(partner, item),
            )
        if preferred_role is _we_assign(partner):
            return (preferred,)
        return (preferred, ours)

    def _override_for(self, partner: PartnerProfile, item: ItemKey, role: IdRole, qualifier: str) -> ProductId | None:
        for override in partner.items.overrides:
            if override.item_number.casefold() == item.item_number.casefold():
                gtin = Gtin.try_parse(override.partner_item_id) if role is IdRole.GTIN else None
                if gtin is not None:
                    return format_gtin(gtin, qualifier, partner.standard)
                return ProductId(qualifier, override.partner_item_id)
        return None

    def _preferred(
        self, partner: PartnerProfile, item: ItemKey, unit: str | None, role: IdRole, qualifier: str
    ) -> ProductId | None:
        entity, account = partner.legal_entity, partner.account.number
        if role is IdRole.GTIN:
            gtin = self._directory.barcode_of(entity, item, unit)
            return None if gtin is None else format_gtin(gtin, qualifier, partner.standard)
        if role is _we_assign(partner):
            return ProductId(qualifier, item.item_number)
        if partner.role is AccountRole.CUSTOMER:
            number = self._directory.customer_item_number(entity, account, item)
        else:
            number = self._directory.vendor_item_number(entity, account, item)
        return None if number is None else ProductId(qualifier, number)


def _same_id(configured: str, value: str) -> bool:
    """Equal as text (Dynamics-style, ignoring case), or as GTINs written in different lengths."""
    if configured.strip().casefold() == value.strip().casefold():
        return True
    left, right = Gtin.try_parse(configured), Gtin.try_parse(value)
    return left is not None and left == right


def _kind_words(partner: PartnerProfile) -> str:
    role = _KIND_ROLE[partner.items.id_kind]
    if role is IdRole.GTIN:
        return "GTIN barcode"
    if role is _partner_assigns(partner):
        return f"{partner.role.value} item number"
    return "item number"


def _entity_for(partner: PartnerProfile) -> str:
    if partner.role is AccountRole.CUSTOMER:
        return f"CustomerProductDescriptionsV2 for customer {partner.account.number}"
    return f"VendorProductDescriptionsV2 for vendor {partner.account.number}"


def _what_to_add(partner: PartnerProfile, ids: Sequence[ProductId]) -> str:
    role = _KIND_ROLE[partner.items.id_kind]
    where = f"in legal entity {partner.legal_entity}"
    sent = [p for p in ids if id_role(partner.standard, p.qualifier) is role]
    sample = sent[0].value.strip() if sent else "the partner's number"
    if role is IdRole.GTIN:
        gtin = Gtin.try_parse(sample)
        shown = gtin.digits if gtin is not None else sample
        action = f"add barcode {shown} to the item in Dynamics (ProductBarcodesV3, {where})"
    elif role is _partner_assigns(partner):
        action = f"add external item number {sample} ({_entity_for(partner)}, {where})"
    else:
        action = f"check that {sample} is one of our item numbers (ReleasedProductsV2, {where})"
    return f"{action}, or map it to an item under [partners.{partner.code}.items.overrides] in the partner file"


def _what_to_add_outbound(partner: PartnerProfile, item: ItemKey) -> str:
    role = _KIND_ROLE[partner.items.id_kind]
    where = f"in legal entity {partner.legal_entity}"
    if role is IdRole.GTIN:
        action = f"add a GTIN barcode to item {item.item_number} (ProductBarcodesV3, {where})"
    else:
        action = f"add the partner's number for item {item.item_number} ({_entity_for(partner)}, {where})"
    return f"{action}, or map it under [partners.{partner.code}.items.overrides] in the partner file"
