"""The pipeline's pure parts: natural keys, deterministic message names, archived record JSON."""

from __future__ import annotations

import json

import pytest

from shared.errors import MappingError
from shared.flows.contract import document_key
from shared.flows.outbound_common import message_name, records_json, split_key
from shared.partners import DocumentType

from .scenarios import packing_slip, partner, purchase_order

pytestmark = pytest.mark.unit


def test_keys_split_into_legal_entity_and_number_even_when_the_number_has_a_slash() -> None:
    assert split_key(document_key("usmf", "USMF-000123")) == ("usmf", "USMF-000123")
    assert split_key("USMF/US-V01/VINV-7") == ("usmf", "US-V01/VINV-7")
    with pytest.raises(MappingError, match="not <legal entity>/<document number>"):
        split_key("USMF-000123")


def test_message_names_are_deterministic_and_safe_for_a_mailbox() -> None:
    bigbox = partner("BIGBOX")
    assert message_name(bigbox, DocumentType.INVOICE, "usmf", "CIV-000123") == "BIGBOX_810_USMF-CIV-000123.x12"
    assert message_name(bigbox, DocumentType.SHIP_NOTICE, "usmf", "PS 1/2#3") == "BIGBOX_856_USMF-PS_1_2_3.x12"
    assert message_name(partner("EUROMARKT"), DocumentType.INVOICE, "demf", "R-1") == "EUROMARKT_INVOIC_DEMF-R-1.edi"


def test_the_dynamics_records_are_archived_as_plain_json() -> None:
    header, lines = purchase_order()
    slip, _, _, facts = packing_slip()
    decoded = json.loads(records_json({"header": header, "lines": lines, "slip": slip, "facts": facts}))
    assert decoded["header"]["number"] == "USMF-000123"
    assert decoded["header"]["approval_status"] == "Confirmed"
    assert decoded["lines"][0]["quantity"] == "240"
    assert decoded["slip"]["delivery_date"] == "2026-03-02"
    assert decoded["facts"]["ship_to_address"]["city"] == "Bentonville"
