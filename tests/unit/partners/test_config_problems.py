"""Every kind of mistake in the partner file is reported, all at once, with the partner and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.errors import ConfigurationError
from shared.partners import ConfigProblem, PartnerFileError, load_partner_file, parse_partner_text
from shared.partners.config_fields import parse_duration

pytestmark = pytest.mark.unit

OURS = """
[legal_entities.usmf.x12]
qualifier = "ZZ"
id = "CONTOSOUSMF"

[legal_entities.demf.edifact]
qualifier = "14"
id = "4012345000009"
"""


def partner(code: str = "ACME", **overrides: str) -> str:
    """A valid X12 customer entry; ``overrides`` replace whole lines by key (value is raw TOML, "" drops it)."""
    lines = {
        "name": '"Acme Retail"',
        "legal_entity": '"usmf"',
        "role": '"customer"',
        "account": '"US-900"',
        "standard": '"X12"',
        "version": '"004010"',
        "usage": '"production"',
        "flows": '["inbound_850", "outbound_810"]',
        "identity": '{ qualifier = "01", id = "123456789" }',
        "mailboxes": f'{{ inbound = "/{code}/Inbound", outbound = "/{code}/Outbound" }}',
        "items": '{ id_kind = "gtin" }',
    }
    lines.update(overrides)
    body = "\n".join(f"{k} = {v}" for k, v in lines.items() if v)
    return f"\n[partners.{code}]\n{body}\n"


def problems_of(text: str) -> tuple[ConfigProblem, ...]:
    with pytest.raises(PartnerFileError) as info:
        parse_partner_text(OURS + text, "partners.toml")
    return info.value.problems


def find(problems: tuple[ConfigProblem, ...], partner: str | None, key: str) -> ConfigProblem:
    matches = [p for p in problems if p.partner == partner and p.key == key]
    assert matches, f"no problem at {partner} {key}; got {[p.describe() for p in problems]}"
    return matches[0]


def test_a_valid_entry_loads() -> None:
    configuration = parse_partner_text(OURS + partner())
    assert [p.code for p in configuration.partners] == ["ACME"]


def test_many_mistakes_are_reported_together_with_partner_and_key() -> None:
    text = (
        partner("ONE", name="", identity='{ qualifier = "1", id = "123456789" }')
        + partner("TWO", version='"D96A"', mailboxes='{ inbound = "TWO/Inbound", outbound = "/TWO/Outbound" }')
        + partner("THREE", flows='["inbound_850", "outbound_999"]', ack_expected_within='"tomorrow"')
        + partner("FOUR", standard='"X13"', items='{ id_kind = "sku" }')
    )
    problems = problems_of(text)
    assert "is missing" in find(problems, "ONE", "name").message
    assert "qualifiers are two characters" in find(problems, "ONE", "identity.qualifier").message
    assert "D96A is not a X12 version" in find(problems, "TWO", "version").message
    assert "absolute Sterling mailbox path" in find(problems, "TWO", "mailboxes.inbound").message
    assert "'outbound_999' is not a flow" in find(problems, "THREE", "flows").message
    assert "not a duration" in find(problems, "THREE", "ack_expected_within").message
    assert '"X12", "EDIFACT"' in find(problems, "FOUR", "standard").message
    assert '"gtin", "buyer_part", "vendor_part"' in find(problems, "FOUR", "items.id_kind").message


def test_error_message_lists_every_problem_and_the_file() -> None:
    with pytest.raises(ConfigurationError) as info:
        parse_partner_text(OURS + partner("ONE", account="") + partner("TWO", usage='"live"'), "partners.toml")
    text = str(info.value)
    assert "partners.toml has 2 problems" in text
    assert "partner ONE: account is missing" in text
    assert "partner TWO: usage must be one of" in text
    assert "docs/partners.md" in text


def test_missing_tables_and_keys() -> None:
    problems = problems_of(partner(identity="", mailboxes="", items="", usage=""))
    assert find(problems, "ACME", "identity").message == "is missing (a table)"
    assert find(problems, "ACME", "mailboxes").message == "is missing (a table)"
    assert find(problems, "ACME", "items").message == "is missing (a table)"
    assert find(problems, "ACME", "usage").message == "is missing"


def test_bad_qualifiers() -> None:
    problems = problems_of(
        partner("ONE", identity='{ qualifier = "QQ", id = "X1" }')
        + partner("TWO", identity="{ qualifier = 1, id = 'X2' }")
        + partner(
            "THREE",
            standard='"EDIFACT"',
            version='"D96A"',
            legal_entity='"demf"',
            identity='{ qualifier = "gln!", id = "X3" }',
        )
    )
    assert "not an X12 interchange id qualifier" in find(problems, "ONE", "identity.qualifier").message
    assert 'write it in quotes, e.g. "01"' in find(problems, "TWO", "identity.qualifier").message
    assert "not an EDIFACT partner id code qualifier" in find(problems, "THREE", "identity.qualifier").message


def test_identifiers_too_long_for_the_envelope() -> None:
    problems = problems_of(partner(identity='{ qualifier = "ZZ", id = "ABCDEFGHIJKLMNOP" }'))
    assert "1 to 15 printable" in find(problems, "ACME", "identity.id").message


def test_unknown_standard_and_version() -> None:
    problems = problems_of(partner("ONE", standard='"TRADACOMS"') + partner("TWO", version='"003060"'))
    assert "got 'TRADACOMS'" in find(problems, "ONE", "standard").message
    assert "got '003060'" in find(problems, "TWO", "version").message


def test_per_document_versions_are_checked() -> None:
    problems = problems_of(partner(versions='{ "855" = "004010", "810" = "D01B" }'))
    assert "not a X12 document this connector handles" in find(problems, "ACME", "versions.855").message
    assert "must be one of 004010, 005010" in find(problems, "ACME", "versions.810").message


def test_duplicate_identity_is_rejected() -> None:
    text = partner("ONE") + partner("TWO", account='"US-901"')
    problems = problems_of(text)
    clash = find(problems, "TWO", "identity")
    assert "already partner ONE" in clash.message
    assert "01:123456789" in clash.message


def test_same_partner_identity_may_trade_with_two_of_our_legal_entities() -> None:
    text = partner("ONE") + partner(
        "TWO",
        legal_entity='"demf"',
        account='"DE-900"',
        our_identity='{ qualifier = "ZZ", id = "CONTOSODEMF" }',
    )
    configuration = parse_partner_text(OURS + text)
    assert {p.legal_entity for p in configuration.partners} == {"usmf", "demf"}


def test_duplicate_account_and_mailbox_are_rejected() -> None:
    text = partner("ONE") + partner(
        "TWO",
        identity='{ qualifier = "01", id = "999" }',
        mailboxes='{ inbound = "/ONE/Inbound", outbound = "/TWO/Outbound" }',
    )
    problems = problems_of(text)
    assert "customer US-900 in usmf is already partner ONE" in find(problems, "TWO", "account").message
    assert "/ONE/Inbound is already used by partner ONE" in find(problems, "TWO", "mailboxes").message


@pytest.mark.parametrize(
    "path",
    ["ACME/Inbound", "/ACME/", "/ACME//Inbound", "/ACME/../Other", r"\ACME\Inbound", "/ACME /Inbound", "/ Inbound"],
)
def test_mailbox_path_must_be_absolute_and_clean(path: str) -> None:
    problems = problems_of(
        partner(mailboxes=f'{{ inbound = "{path}", outbound = "/ACME/Outbound" }}'.replace("\\", "\\\\"))
    )
    assert find(problems, "ACME", "mailboxes.inbound")


def test_mailbox_names_may_hold_spaces() -> None:
    configuration = parse_partner_text(OURS + partner(mailboxes='{ inbound = "/Acme Corp/In box", outbound = "/A/O" }'))
    assert configuration.partners[0].mailboxes.inbound == "/Acme Corp/In box"


def test_inbound_and_outbound_mailbox_must_differ() -> None:
    problems = problems_of(partner(mailboxes='{ inbound = "/ACME/Box", outbound = "/ACME/Box" }'))
    assert "must differ from inbound" in find(problems, "ACME", "mailboxes.outbound").message


def test_flows_must_suit_the_role_and_appear_once() -> None:
    problems = problems_of(partner(flows='["outbound_850", "inbound_850", "inbound_850", "outbound_810_self_billing"]'))
    messages = [p.message for p in problems if p.key == "flows"]
    assert "outbound_850 does not apply to a customer" in messages
    assert "lists inbound_850 twice" in messages
    assert "outbound_810_self_billing does not apply to a customer" in messages


@pytest.mark.parametrize("duration", ['"24"', '"-1h"', '"0h"', '"1 day"', "24"])
def test_bad_durations(duration: str) -> None:
    problems = problems_of(partner(ack_expected_within=duration))
    assert find(problems, "ACME", "ack_expected_within")


def test_durations_parse() -> None:
    assert parse_duration("24h").total_seconds() == 86_400  # type: ignore[union-attr]
    assert parse_duration("1h30m").total_seconds() == 5_400  # type: ignore[union-attr]
    assert parse_duration("2d").days == 2  # type: ignore[union-attr]
    assert parse_duration("soon") is None
    configuration = parse_partner_text(OURS + partner(ack_expected_within='"never"'))
    assert configuration.partners[0].acks.expected_within is None


def test_unknown_keys_are_reported_with_a_suggestion() -> None:
    problems = problems_of(partner(flow='["inbound_850"]', items='{ id_kind = "gtin", qualifer = "UP" }'))
    assert 'did you mean "flows"' in find(problems, "ACME", "flow").message
    assert 'did you mean "qualifier"' in find(problems, "ACME", "items.qualifer").message


def test_delimiters_must_be_single_distinct_and_not_alphanumeric() -> None:
    x12 = (
        '{ element_separator = "*", component_separator = "*", segment_terminator = "A", repetition_separator = "^^" }'
    )
    problems = problems_of(partner(x12=x12))
    assert "already the element_separator" in find(problems, "ACME", "x12.component_separator").message
    assert "occurs in ordinary data" in find(problems, "ACME", "x12.segment_terminator").message
    assert "exactly one character" in find(problems, "ACME", "x12.repetition_separator").message


def test_identifier_must_not_contain_a_delimiter() -> None:
    problems = problems_of(partner(identity='{ qualifier = "ZZ", id = "ACME*US" }'))
    assert "contains the delimiter '*'" in find(problems, "ACME", "identity").message


def test_edifact_service_characters() -> None:
    edifact = partner(
        standard='"EDIFACT"',
        version='"D96A"',
        legal_entity='"demf"',
        identity='{ qualifier = "14", id = "4000000000001" }',
    )
    problems = problems_of(
        edifact.replace(
            "[partners.ACME]",
            '[partners.ACME]\nedifact = { syntax_level = "UNOZ", repetition_separator = "*", decimal_mark = ";" }',
        )
    )
    assert "UNOA" in find(problems, "ACME", "edifact.syntax_level").message
    assert "space under syntax version 3" in find(problems, "ACME", "edifact.repetition_separator").message
    assert 'must be "." or ","' in find(problems, "ACME", "edifact.decimal_mark").message


def test_999_needs_005010_and_x12() -> None:
    problems = problems_of(partner(acknowledgment='"999"'))
    assert "005010" in find(problems, "ACME", "acknowledgment").message
    configuration = parse_partner_text(OURS + partner(version='"005010"', acknowledgment='"999"'))
    assert configuration.partners[0].x12.acknowledgment.value == "999"


def test_item_settings_are_checked() -> None:
    items = '{ id_kind = "gtin", qualifier = "VN", overrides = { "ABC" = "", "DEF" = 12 } }'
    problems = problems_of(partner(items=items))
    assert "not a X12 qualifier for a gtin identifier" in find(problems, "ACME", "items.qualifier").message
    assert "must be our item number" in find(problems, "ACME", "items.overrides.ABC").message
    assert "must be our item number" in find(problems, "ACME", "items.overrides.DEF").message


def test_legal_entity_must_have_our_identity_for_the_standard() -> None:
    problems = problems_of(
        partner("ONE", legal_entity='"xxxx"') + partner("TWO", legal_entity='"demf"', account='"DE-9"')
    )
    assert "no [legal_entities.xxxx] entry" in find(problems, "ONE", "legal_entity").message
    assert "has no X12 identity" in find(problems, "TWO", "our_identity").message


def test_partner_code_must_be_usable() -> None:
    problems = problems_of(partner("acme"))
    assert "not a usable partner code" in find(problems, "acme", "").message


def test_toml_syntax_error_names_the_place() -> None:
    with pytest.raises(ConfigurationError) as info:
        parse_partner_text("[partners.ACME\nname = 1", "broken.toml")
    assert "broken.toml is not valid TOML" in str(info.value)
    assert "line 1" in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError) as info:
        load_partner_file(tmp_path / "nope.toml")
    assert "does not exist" in str(info.value)
    assert "PARTNERS_FILE" in str(info.value)


def test_004010_partner_may_use_the_caret_as_component_separator() -> None:
    # No repetition separator before ISA12 00402, so "^" is free for ISA16 (common in the corpus).
    configuration = parse_partner_text(OURS + partner(x12='{ component_separator = "^" }'))
    delimiters = configuration.partners[0].x12.delimiters
    assert (delimiters.component, delimiters.repetition) == ("^", None)
    problems = problems_of(partner(version='"005010"', x12='{ component_separator = "^" }'))
    assert "already the component_separator" in find(problems, "ACME", "x12.repetition_separator").message


def test_envelope_tables_must_suit_the_standard() -> None:
    problems = problems_of(
        partner(edifact='{ syntax_level = "UNOA" }')
        + partner(
            "EDI",
            standard='"EDIFACT"',
            version='"D96A"',
            legal_entity='"demf"',
            account='"DE-1"',
            acknowledgment='"997"',
            x12="{}",
        )
    )
    assert "does not apply to an X12 partner" in find(problems, "ACME", "edifact").message
    assert "does not apply to an EDIFACT partner" in find(problems, "EDI", "x12").message
    assert "applies to X12 partners only" in find(problems, "EDI", "acknowledgment").message
    assert not [p for p in problems if "not a known key" in p.message]
