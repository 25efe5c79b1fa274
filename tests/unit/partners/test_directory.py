"""Finding partners: inbound by envelope identifiers, outbound by Dynamics account, by mailbox and by code."""

from __future__ import annotations

import pytest

from sandbox.seed.partners import OUR_IDENTIFIERS, PARTNERS, SandboxPartner
from shared.edi.model import Standard
from shared.errors import UnknownPartnerError
from shared.partners import AccountRole, InterchangeParty, PartnerDirectory, parse_partner_text

pytestmark = pytest.mark.unit


def ours(entity: str) -> InterchangeParty:
    qualifier, ident, _ = OUR_IDENTIFIERS[entity]
    return InterchangeParty.of(qualifier, ident)


@pytest.mark.parametrize("seed", PARTNERS, ids=lambda p: p.code)
def test_every_sandbox_partner_is_found_inbound_and_outbound(
    sandbox_partners: PartnerDirectory, seed: SandboxPartner
) -> None:
    standard = Standard(seed.standard)
    # ISA06/ISA08 arrive padded to 15 characters.
    sender = InterchangeParty.of(seed.qualifier, seed.interchange_id.ljust(15))
    receiver = InterchangeParty.of(
        OUR_IDENTIFIERS[seed.legal_entity][0], OUR_IDENTIFIERS[seed.legal_entity][1].ljust(15)
    )
    found = sandbox_partners.for_inbound(standard, sender, receiver)
    assert found.code == seed.code
    assert found.legal_entity == seed.legal_entity
    outbound = sandbox_partners.for_outbound(seed.legal_entity.upper(), AccountRole(seed.role), seed.account.lower())
    assert outbound.code == seed.code
    assert sandbox_partners.by_code(seed.code.lower()) is found
    assert sandbox_partners.by_inbound_mailbox(seed.inbound_mailbox) is found


def test_unknown_sender_names_identifiers_and_what_to_add(sandbox_partners: PartnerDirectory) -> None:
    with pytest.raises(UnknownPartnerError) as info:
        sandbox_partners.for_inbound(Standard.X12, InterchangeParty.of("ZZ", "NEWRETAILER"), ours("usmf"))
    text = str(info.value)
    assert "no X12 trading partner sends as ZZ:NEWRETAILER to ZZ:CONTOSOUSMF" in text
    assert "add [partners.CODE] with legal_entity = 'usmf'" in text
    assert 'qualifier = "ZZ", id = "NEWRETAILER"' in text
    assert info.value.context["sender"] == "ZZ:NEWRETAILER"


def test_wrong_qualifier_points_at_the_configured_partner(sandbox_partners: PartnerDirectory) -> None:
    with pytest.raises(UnknownPartnerError) as info:
        sandbox_partners.for_inbound(Standard.X12, InterchangeParty.of("ZZ", "0078742000008"), ours("usmf"))
    assert "partner BIGBOX is configured as 01:0078742000008" in str(info.value)


def test_interchange_to_someone_else_is_not_ours(sandbox_partners: PartnerDirectory) -> None:
    with pytest.raises(UnknownPartnerError) as info:
        sandbox_partners.for_inbound(
            Standard.X12, InterchangeParty.of("01", "0078742000008"), InterchangeParty.of("ZZ", "SOMEONEELSE")
        )
    text = str(info.value)
    assert "addressed to ZZ:SOMEONEELSE" in text
    assert "expected ZZ:CONTOSOUSMF (BIGBOX, usmf)" in text


def test_standard_separates_partners(sandbox_partners: PartnerDirectory) -> None:
    # EuroMarkt's GLN sent in an X12 envelope is not EuroMarkt.
    with pytest.raises(UnknownPartnerError):
        sandbox_partners.for_inbound(Standard.X12, InterchangeParty.of("14", "4098765000001"), ours("demf"))


def test_edifact_sender_without_qualifier_is_matched_by_id(sandbox_partners: PartnerDirectory) -> None:
    found = sandbox_partners.for_inbound(
        Standard.EDIFACT, InterchangeParty.of(None, "4098765000001"), InterchangeParty.of("", "4012345000009")
    )
    assert found.code == "EUROMARKT"


def test_outbound_without_partner_is_none_or_a_clear_error(sandbox_partners: PartnerDirectory) -> None:
    assert sandbox_partners.find_outbound("usmf", AccountRole.CUSTOMER, "US-999") is None
    # The vendor role is part of the key: US-101 is a customer.
    assert sandbox_partners.find_outbound("usmf", AccountRole.VENDOR, "US-101") is None
    with pytest.raises(UnknownPartnerError) as info:
        sandbox_partners.for_outbound("usmf", AccountRole.CUSTOMER, "US-999")
    assert "role = 'customer', account = 'US-999'" in str(info.value)


def test_unknown_code_and_mailbox(sandbox_partners: PartnerDirectory) -> None:
    with pytest.raises(UnknownPartnerError) as info:
        sandbox_partners.by_code("NOPE")
    assert "BIGBOX" in str(info.value)
    with pytest.raises(UnknownPartnerError):
        sandbox_partners.by_inbound_mailbox("/NOPE/Inbound")


def test_ambiguous_id_without_qualifier_is_refused() -> None:
    text = """
[legal_entities.demf.edifact]
qualifier = "14"
id = "4012345000009"
"""
    for code, qualifier, account in (("ONE", "14", "DE-1"), ("TWO", "ZZZ", "DE-2")):
        text += f"""
[partners.{code}]
name = "{code}"
legal_entity = "demf"
role = "customer"
account = "{account}"
standard = "EDIFACT"
version = "D96A"
usage = "production"
identity = {{ qualifier = "{qualifier}", id = "SHARED" }}
mailboxes = {{ inbound = "/{code}/In", outbound = "/{code}/Out" }}
items = {{ id_kind = "gtin" }}
"""
    directory = PartnerDirectory(parse_partner_text(text))
    receiver = InterchangeParty.of("14", "4012345000009")
    assert directory.for_inbound(Standard.EDIFACT, InterchangeParty.of("ZZZ", "SHARED"), receiver).code == "TWO"
    with pytest.raises(UnknownPartnerError) as info:
        directory.for_inbound(Standard.EDIFACT, InterchangeParty.of(None, "SHARED"), receiver)
    assert "matches partners ONE, TWO" in str(info.value)
