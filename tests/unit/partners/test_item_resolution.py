"""Item cross-references against the sandbox catalog: every id kind in, the partner's ids out."""

from __future__ import annotations

import pytest

from sandbox.seed.catalog import partner_item_id
from shared.errors import UnknownItemError
from shared.partners import (
    Gtin,
    InMemoryItemDirectory,
    ItemKey,
    ItemResolver,
    MatchSource,
    PartnerDirectory,
    PartnerProfile,
    ProductId,
    load_partner_file,
    parse_partner_text,
)
from shared.partners.gtin import check_digit

from .conftest import EXAMPLE_FILE, catalog_item, seed_partner

pytestmark = pytest.mark.unit

A1000 = catalog_item("A01000")
A1005 = catalog_item("A01005")


def their_id(code: str, item_number: str) -> str:
    return partner_item_id(seed_partner(code), catalog_item(item_number))


def with_bad_check_digit(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


@pytest.fixture
def resolver(items: InMemoryItemDirectory) -> ItemResolver:
    return ItemResolver(items)


# Inbound, by the partner's configured id kind


@pytest.mark.parametrize(
    ("qualifier", "value"),
    [("UP", A1000.upc), ("UK", A1000.gtin), ("EN", A1000.gtin[1:])],
    ids=["UPC-A", "GTIN-14", "EAN-13"],
)
def test_gtin_partner_any_gtin_form(
    resolver: ItemResolver, sandbox_partners: PartnerDirectory, qualifier: str, value: str
) -> None:
    match = resolver.resolve(sandbox_partners.by_code("BIGBOX"), [ProductId(qualifier, value)])
    assert match.item.item_number == "A01000"
    assert match.source is MatchSource.BARCODE
    assert match.item.unit == "ea"


def test_buyer_part_customer_uses_customer_external_numbers(
    resolver: ItemResolver, sandbox_partners: PartnerDirectory
) -> None:
    homepro = sandbox_partners.by_code("HOMEPRO")
    number = their_id("HOMEPRO", "A01005")
    match = resolver.resolve(homepro, [ProductId("IN", number.lower())])  # Dynamics ignores case
    assert match.item.item_number == "A01005"
    assert match.source is MatchSource.CUSTOMER_ITEM
    # NorthCo has its own numbers: HomePro's number means nothing for NorthCo.
    with pytest.raises(UnknownItemError):
        resolver.resolve(sandbox_partners.by_code("NORTHCO"), [ProductId("BP", number)])


def test_vendor_part_vendor_uses_vendor_external_numbers(
    resolver: ItemResolver, sandbox_partners: PartnerDirectory
) -> None:
    match = resolver.resolve(sandbox_partners.by_code("ACMEPACK"), [ProductId("VP", their_id("ACMEPACK", "A01005"))])
    assert (match.item.item_number, match.source) == ("A01005", MatchSource.VENDOR_ITEM)


@pytest.mark.parametrize(
    ("code", "ids", "source"),
    [
        ("EUROMARKT", [ProductId("EN", A1005.gtin[1:])], MatchSource.BARCODE),
        ("EUROMARKT", [ProductId("SRV", A1005.gtin)], MatchSource.BARCODE),
        ("HANSEHAUS", [ProductId("IN", their_id("HANSEHAUS", "A01005"))], MatchSource.CUSTOMER_ITEM),
        ("RHEINTEILE", [ProductId("SA", their_id("RHEINTEILE", "A01005"))], MatchSource.VENDOR_ITEM),
    ],
)
def test_edifact_partners(
    resolver: ItemResolver, sandbox_partners: PartnerDirectory, code: str, ids: list[ProductId], source: MatchSource
) -> None:
    match = resolver.resolve(sandbox_partners.by_code(code), ids)
    assert (match.item.item_number, match.source) == ("A01005", source)


# Precedence and fallbacks


def test_preferred_kind_wins_over_ids_listed_first(resolver: ItemResolver, sandbox_partners: PartnerDirectory) -> None:
    # HomePro prefers its own numbers: its number for A01005 decides, not the UPC of A01000 listed first.
    homepro = sandbox_partners.by_code("HOMEPRO")
    ids = [ProductId("UP", A1000.upc), ProductId("IN", their_id("HOMEPRO", "A01005"))]
    assert resolver.resolve(homepro, ids).item.item_number == "A01005"


def test_fallback_to_other_ids_when_the_preferred_is_unknown(
    resolver: ItemResolver, sandbox_partners: PartnerDirectory
) -> None:
    homepro = sandbox_partners.by_code("HOMEPRO")
    ids = [ProductId("IN", "HOM-99999"), ProductId("UP", A1000.upc)]
    match = resolver.resolve(homepro, ids)
    assert (match.item.item_number, match.source, match.matched_by.qualifier) == ("A01000", MatchSource.BARCODE, "UP")


def test_our_own_number_from_a_customer_is_our_item_number(
    resolver: ItemResolver, sandbox_partners: PartnerDirectory
) -> None:
    # VN is the vendor's item number: we are the vendor, so it is our ItemNumber.
    match = resolver.resolve(sandbox_partners.by_code("BIGBOX"), [ProductId("VN", "a01005")])
    assert (match.item.item_number, match.source) == ("A01005", MatchSource.ITEM_NUMBER)
    # And BP from a vendor is the buyer's part number: ours again.
    match = resolver.resolve(sandbox_partners.by_code("ACMEPACK"), [ProductId("BP", "A01005")])
    assert (match.item.item_number, match.source) == ("A01005", MatchSource.ITEM_NUMBER)


def test_bad_check_digit_is_never_looked_up(resolver: ItemResolver, sandbox_partners: PartnerDirectory) -> None:
    bigbox = sandbox_partners.by_code("BIGBOX")
    bad = with_bad_check_digit(A1000.upc)
    match = resolver.resolve(bigbox, [ProductId("UP", bad), ProductId("VN", "A01005")])
    assert match.item.item_number == "A01005"
    assert any(f"UPC-A {bad} has check digit" in note for note in match.notes)
    with pytest.raises(UnknownItemError) as info:
        resolver.resolve(bigbox, [ProductId("UP", bad)], where="PO 4500012 line 3")
    text = str(info.value)
    assert f"has check digit {bad[-1]}, expected {A1000.upc[-1]}" in text
    assert "document=PO 4500012 line 3" in text


def test_case_gtin_resolves_with_its_unit(items: InMemoryItemDirectory, sandbox_partners: PartnerDirectory) -> None:
    body = "1" + A1000.gtin[1:13]
    case = Gtin.parse(body + check_digit(body))
    items.add_barcode("usmf", ItemKey("A01000"), case, unit="cs")
    match = ItemResolver(items).resolve(sandbox_partners.by_code("BIGBOX"), [ProductId("UK", case.digits)])
    assert (match.item.item_number, match.item.unit) == ("A01000", "cs")


def test_legal_entity_is_respected(items: InMemoryItemDirectory, sandbox_partners: PartnerDirectory) -> None:
    items.remove_item("usmf", "A01000")
    with pytest.raises(UnknownItemError):
        ItemResolver(items).resolve(sandbox_partners.by_code("BIGBOX"), [ProductId("UP", A1000.upc)])
    # demf still has it.
    match = ItemResolver(items).resolve(sandbox_partners.by_code("EUROMARKT"), [ProductId("EN", A1000.gtin[1:])])
    assert match.item.item_number == "A01000"


# Overrides from the partner file


def partner_with_overrides(overrides: str, id_kind: str = "gtin") -> PartnerProfile:
    text = f"""
[legal_entities.usmf.x12]
qualifier = "ZZ"
id = "CONTOSOUSMF"

[partners.ACME]
name = "Acme"
legal_entity = "usmf"
role = "customer"
account = "US-101"
standard = "X12"
version = "004010"
usage = "production"
identity = {{ qualifier = "ZZ", id = "ACME" }}
mailboxes = {{ inbound = "/ACME/In", outbound = "/ACME/Out" }}
items = {{ id_kind = "{id_kind}", overrides = {{ {overrides} }} }}
"""
    return parse_partner_text(text).partners[0]


def test_override_beats_dynamics_and_matches_any_gtin_length(resolver: ItemResolver) -> None:
    # Dynamics says this UPC is A01000; the file says the retailer means A01005.
    acme = partner_with_overrides(f'"{A1000.gtin}" = "A01005"')
    match = resolver.resolve(acme, [ProductId("UP", A1000.upc)])
    assert (match.item.item_number, match.source) == ("A01005", MatchSource.OVERRIDE)


def test_override_rescues_a_retailers_wrong_upc(resolver: ItemResolver) -> None:
    # The retailer's item master holds a UPC with a bad check digit; the operator maps it until they fix it.
    bad = with_bad_check_digit(A1005.upc)
    acme = partner_with_overrides(f'"{bad}" = "A01005"')
    match = resolver.resolve(acme, [ProductId("UP", bad)])
    assert (match.item.item_number, match.source) == ("A01005", MatchSource.OVERRIDE)


def test_override_matches_an_unusual_qualifier(resolver: ItemResolver) -> None:
    acme = partner_with_overrides('"STYLE-77" = "A01005"', id_kind="buyer_part")
    match = resolver.resolve(acme, [ProductId("VA", "STYLE-77")])
    assert match.item.item_number == "A01005"


def test_override_to_a_missing_item_falls_through_and_is_reported(resolver: ItemResolver) -> None:
    acme = partner_with_overrides('"SKU-1" = "Z99999"', id_kind="buyer_part")
    with pytest.raises(UnknownItemError) as info:
        resolver.resolve(acme, [ProductId("SK", "sku-1")])
    text = str(info.value)
    assert "maps sku-1 to item Z99999, which is not a released product in usmf" in text


# What the error tells the operator


def test_unknown_item_names_partner_ids_tried_and_what_to_add(
    resolver: ItemResolver, sandbox_partners: PartnerDirectory
) -> None:
    homepro = sandbox_partners.by_code("HOMEPRO")
    ids = [ProductId("IN", "HOM-55555"), ProductId("UP", "036000291452"), ProductId("IZ", "XL")]
    with pytest.raises(UnknownItemError) as info:
        resolver.resolve(homepro, ids)
    error = info.value
    assert error.context["partner"] == "HOMEPRO"
    assert "no item in usmf for HOMEPRO's line (IN HOM-55555, UP 036000291452, IZ XL)" in error.message
    assert "IN HOM-55555 as customer US-102's item number" in error.message
    assert "UP 036000291452 as barcode 00036000291452" in error.message
    assert "not item identifiers: IZ XL" in error.message
    assert error.hint is not None
    assert "add external item number HOM-55555 (CustomerProductDescriptionsV2 for customer US-102" in error.hint
    assert "[partners.HOMEPRO.items.overrides]" in error.hint


def test_each_identifier_is_tried_once(resolver: ItemResolver, sandbox_partners: PartnerDirectory) -> None:
    with pytest.raises(UnknownItemError) as info:
        resolver.resolve(sandbox_partners.by_code("BIGBOX"), [ProductId("UP", "036000291452")] * 2)
    assert info.value.message.count("as barcode") == 1


def test_unknown_gtin_hint_names_the_barcode_entity(resolver: ItemResolver, sandbox_partners: PartnerDirectory) -> None:
    with pytest.raises(UnknownItemError) as info:
        resolver.resolve(sandbox_partners.by_code("BIGBOX"), [ProductId("UP", "036000291452")])
    assert "add barcode 00036000291452 to the item in Dynamics (ProductBarcodesV3, in legal entity usmf)" in str(
        info.value
    )


def test_vendor_hint_names_the_vendor_entity(resolver: ItemResolver, sandbox_partners: PartnerDirectory) -> None:
    with pytest.raises(UnknownItemError) as info:
        resolver.resolve(sandbox_partners.by_code("RHEINTEILE"), [ProductId("SA", "RHE999999V")])
    assert "VendorProductDescriptionsV2 for vendor DE-V01" in str(info.value)


# Outbound: what the partner wants on the line


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("BIGBOX", [("UP", A1000.upc), ("VN", "A01000")]),
        ("HOMEPRO", [("IN", "HOM-07000"), ("VN", "A01000")]),
        ("ACMEPACK", [("VN", "ACM001000V"), ("IN", "A01000")]),
        ("POLYMERX", [("UP", A1000.upc), ("IN", "A01000")]),
        ("EUROMARKT", [("EN", A1000.gtin[1:]), ("SA", "A01000")]),
        ("HANSEHAUS", [("IN", "HAN-07000"), ("SA", "A01000")]),
        ("RHEINTEILE", [("SA", "RHE001000V"), ("IN", "A01000")]),
    ],
)
def test_partner_ids_outbound(
    resolver: ItemResolver, sandbox_partners: PartnerDirectory, code: str, expected: list[tuple[str, str]]
) -> None:
    ids = resolver.partner_ids(sandbox_partners.by_code(code), ItemKey("A01000"))
    assert [(i.qualifier, i.value) for i in ids] == expected
    assert expected[0][1] in {their_id(code, "A01000"), A1000.upc, A1000.gtin[1:]}


def test_outbound_round_trips_through_inbound(resolver: ItemResolver, sandbox_partners: PartnerDirectory) -> None:
    for partner in sandbox_partners:
        ids = resolver.partner_ids(partner, ItemKey("A01005"))
        assert resolver.resolve(partner, ids).item.item_number == "A01005", partner.code


def test_outbound_override_and_qualifier_from_the_file(items: InMemoryItemDirectory) -> None:
    bigbox = load_partner_file(EXAMPLE_FILE).partners[0]
    assert bigbox.items.qualifier == "UP"
    ids = ItemResolver(items).partner_ids(bigbox, ItemKey("A01010"))
    assert [(i.qualifier, i.value) for i in ids] == [("UP", "614141999996"), ("VN", "A01010")]


def test_outbound_falls_back_to_a_longer_gtin_form(
    items: InMemoryItemDirectory, sandbox_partners: PartnerDirectory
) -> None:
    european = items.add_item("usmf", "E00001")
    items.add_barcode("usmf", european, Gtin.parse("4006381333931"))
    ids = ItemResolver(items).partner_ids(sandbox_partners.by_code("BIGBOX"), european)
    assert ids[0] == ProductId("EN", "4006381333931")


def test_outbound_without_the_partners_number_is_refused(
    items: InMemoryItemDirectory, sandbox_partners: PartnerDirectory
) -> None:
    new = items.add_item("usmf", "N00001")
    with pytest.raises(UnknownItemError) as info:
        ItemResolver(items).partner_ids(sandbox_partners.by_code("HOMEPRO"), new, where="invoice CIV-000123")
    text = str(info.value)
    assert "item N00001 has no customer item number for HOMEPRO" in text
    assert "CustomerProductDescriptionsV2 for customer US-102" in text
    assert "document=invoice CIV-000123" in text
    with pytest.raises(UnknownItemError) as info:
        ItemResolver(items).partner_ids(sandbox_partners.by_code("BIGBOX"), new)
    assert "add a GTIN barcode to item N00001 (ProductBarcodesV3" in str(info.value)
