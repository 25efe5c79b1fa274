"""The shipped partner files load, and the sandbox file describes exactly the sandbox's seeded partners."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sandbox.seed.partners import OUR_IDENTIFIERS, PARTNERS
from shared.edi.model import Standard
from shared.partners import (
    AccountRole,
    DocumentType,
    EdiVersion,
    FlowKind,
    ItemIdKind,
    PartnerDirectory,
    SyntaxLevel,
    Usage,
    load_partner_file,
    parse_partner_text,
)

from .conftest import EXAMPLE_FILE, SANDBOX_FILE

pytestmark = pytest.mark.unit


def test_sandbox_file_describes_every_seeded_partner_exactly() -> None:
    configuration = load_partner_file(SANDBOX_FILE)
    loaded = {p.code: p for p in configuration.partners}
    assert sorted(loaded) == sorted(p.code for p in PARTNERS)
    for seed in PARTNERS:
        profile = loaded[seed.code]
        assert profile.name == seed.name
        assert profile.role.value == seed.role
        assert profile.legal_entity == seed.legal_entity
        assert profile.account.number == seed.account
        assert profile.standard.value == seed.standard
        assert profile.default_version.value == seed.version
        assert profile.version_overrides == ()
        assert (profile.identity.qualifier, profile.identity.id, profile.identity.group_id) == (
            seed.qualifier,
            seed.interchange_id,
            seed.group_id,
        )
        assert profile.items.id_kind.value == seed.item_id_kind
        assert profile.currency == seed.currency
        assert profile.mailboxes.inbound == seed.inbound_mailbox
        assert profile.mailboxes.outbound == seed.outbound_mailbox
        ours = OUR_IDENTIFIERS[seed.legal_entity]
        assert (profile.our_identity.qualifier, profile.our_identity.id, profile.our_identity.group_id) == ours


def test_sandbox_file_declares_our_identities_as_seeded() -> None:
    configuration = load_partner_file(SANDBOX_FILE)
    declared = {
        o.legal_entity: (o.identity.qualifier, o.identity.id, o.identity.group_id) for o in configuration.our_identities
    }
    assert declared == OUR_IDENTIFIERS


def test_sandbox_flows_follow_each_partners_role(sandbox_partners: PartnerDirectory) -> None:
    for partner in sandbox_partners:
        if partner.role is AccountRole.CUSTOMER:
            assert partner.flows == {
                FlowKind.INBOUND_850,
                FlowKind.INBOUND_820,
                FlowKind.OUTBOUND_810,
                FlowKind.OUTBOUND_856,
            }
        else:
            assert partner.flows == {FlowKind.OUTBOUND_850}
        assert partner.acks.expected_within == timedelta(hours=24)


def test_example_file_loads_with_every_documented_option() -> None:
    configuration = load_partner_file(EXAMPLE_FILE)
    bigbox, hansehaus = configuration.partners
    assert bigbox.version_for(DocumentType.PURCHASE_ORDER) is EdiVersion.X12_004010
    assert bigbox.version_for(DocumentType.INVOICE) is EdiVersion.X12_005010
    assert bigbox.x12.delimiters.segment_suffix == "\n"
    assert bigbox.x12.industry_identifier == "VICS"
    assert bigbox.items.qualifier == "UP"
    assert [(o.partner_item_id, o.item_number) for o in bigbox.items.overrides] == [("614141999996", "A01010")]
    assert bigbox.usage is Usage.PRODUCTION
    assert bigbox.usage.isa15 == "P"
    assert hansehaus.standard is Standard.EDIFACT
    assert hansehaus.usage.unb0035 == "1"
    assert hansehaus.edifact.syntax_level is SyntaxLevel.UNOC
    assert hansehaus.edifact.service_characters.una() == "UNA:+.? '"
    assert hansehaus.acks.expected_within == timedelta(days=2)
    assert hansehaus.ack_kind(DocumentType.PURCHASE_ORDER) == "CONTRL"
    # The partner-specific identity wins over the legal entity's.
    assert hansehaus.our_identity.id == "4012345000016"
    assert hansehaus.items.id_kind is ItemIdKind.BUYER_PART


def test_example_file_comments_every_key() -> None:
    lines = [line.strip() for line in EXAMPLE_FILE.read_text(encoding="utf-8").splitlines()]
    for number, line in enumerate(lines, start=1):
        if "=" in line and not line.startswith(("#", "[")):
            explained = "#" in line or lines[number - 2].startswith("#")
            assert explained, f"line {number} sets a key without explaining it: {line}"


@pytest.mark.parametrize(
    ("standard", "indicator", "usage"),
    [
        (Standard.X12, "P", Usage.PRODUCTION),
        (Standard.X12, "t", Usage.TEST),
        (Standard.X12, "I", None),
        (Standard.EDIFACT, "1", Usage.TEST),
        (Standard.EDIFACT, None, Usage.PRODUCTION),
    ],
)
def test_usage_of_an_inbound_envelope(standard: Standard, indicator: str | None, usage: Usage | None) -> None:
    assert Usage.of_interchange(standard, indicator) is usage


def test_onboarding_example_in_the_docs_loads() -> None:
    docs = (SANDBOX_FILE.parents[1] / "docs" / "partners.md").read_text(encoding="utf-8")
    block = docs.split("```toml", 1)[1].split("```", 1)[0]
    ours = '[legal_entities.usmf.x12]\nqualifier = "ZZ"\nid = "CONTOSOUSMF"\n'
    text = ours + "\n".join(line.strip() for line in block.splitlines())
    (megamart,) = parse_partner_text(text, "docs/partners.md").partners
    assert megamart.code == "MEGAMART"
    assert megamart.x12.delimiters.repetition == "^"  # 005010: ISA11 carries one
