"""The EDIFACT maps against their golden files, D96A and D01B each, validated by the EDIFACT engine; and the
totals and identifiers they refuse to send."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from decimal import Decimal

import pytest

from shared.edi.edifact.facade import validate
from shared.edi.edifact.writer import OutboundMessage
from shared.errors import MappingError
from shared.maps.outbound.edifact_desadv import despatch_advice
from shared.maps.outbound.edifact_invoic import invoice
from shared.maps.outbound.edifact_orders import purchase_order as orders
from shared.partners import EdiVersion, PartnerProfile

from .scenarios import (
    EDIFACT_BUYER_IDS,
    EDIFACT_GTIN_IDS,
    EDIFACT_VENDOR_IDS,
    GOLDEN,
    edifact_context,
    edifact_envelope,
    packing_slip,
    partner,
    purchase_order,
    sales_invoice,
)

pytestmark = pytest.mark.unit


def _profile(code: str, version: EdiVersion | None = None) -> PartnerProfile:
    profile = partner(code)
    return profile if version is None else dataclasses.replace(profile, default_version=version)


def _orders(profile: PartnerProfile) -> OutboundMessage:
    header, lines = purchase_order()
    return orders(
        header,
        lines,
        EDIFACT_VENDOR_IDS,
        context=edifact_context(profile, "demf/DEMF-000123"),
        version=profile.default_version,
    )


def _invoic(profile: PartnerProfile) -> OutboundMessage:
    header, lines, facts = sales_invoice()
    ids = EDIFACT_GTIN_IDS if profile.code == "EUROMARKT" else EDIFACT_BUYER_IDS
    return invoice(
        header, lines, facts, ids, context=edifact_context(profile, "demf/CIV"), version=profile.default_version
    )


def _desadv(profile: PartnerProfile) -> OutboundMessage:
    slip, lines, containers, facts = packing_slip()
    ids = {1: EDIFACT_GTIN_IDS[1], 2: EDIFACT_GTIN_IDS[2]}
    return despatch_advice(
        slip,
        lines,
        containers,
        facts=facts,
        ids=ids,
        context=edifact_context(profile, "demf/PS"),
        version=profile.default_version,
    )


CASES: list[tuple[str, Callable[[PartnerProfile], OutboundMessage], str, EdiVersion | None]] = [
    ("ORDERS_D96A_RHEINTEILE", _orders, "RHEINTEILE", None),
    ("ORDERS_D01B_RHEINTEILE", _orders, "RHEINTEILE", EdiVersion.EDIFACT_D01B),
    ("INVOIC_D96A_EUROMARKT", _invoic, "EUROMARKT", None),
    ("INVOIC_D01B_HANSEHAUS", _invoic, "HANSEHAUS", None),
    ("DESADV_D96A_EUROMARKT", _desadv, "EUROMARKT", None),
    ("DESADV_D01B_HANSEHAUS", _desadv, "HANSEHAUS", None),
]


@pytest.mark.parametrize(("name", "build", "code", "version"), CASES, ids=[c[0] for c in CASES])
def test_edifact_map_output_matches_its_golden_file_and_validates(
    name: str, build: Callable[[PartnerProfile], OutboundMessage], code: str, version: EdiVersion | None
) -> None:
    profile = _profile(code, version)
    data = edifact_envelope(build(profile), profile)
    assert data == (GOLDEN / f"{name}.edi").read_bytes()
    report = validate(data)
    assert report.valid, [issue.describe() for issue in report.issues]
    assert not report.issues, [issue.describe() for issue in report.issues]  # not even a warning


def _texts(message: OutboundMessage) -> list[str]:
    return ["+".join([s.tag, *(":".join(e) for e in s.elements)]) for s in message.body]


def test_invoic_totals_carry_lines_charges_allowances_and_tax() -> None:
    texts = _texts(_invoic(_profile("HANSEHAUS")))
    assert [t for t in texts if t.startswith("MOA+203:")] == ["MOA+203:12.00", "MOA+203:18.44"]
    assert texts[-4:] == ["MOA+79:30.44", "MOA+125:42.94", "MOA+176:2.44", "MOA+86:45.38"]
    assert "RFF+ON:BIGB4500007" in texts
    assert texts.index("MOA+8:15.00") == texts.index("ALC+C++++ABK") + 1
    assert texts.index("MOA+8:2.50") == texts.index("ALC+A++++DI") + 1
    assert "TAX+7+VAT+++:::5.68" in texts
    assert "IMD+F++:::Cabinet knob chrome" in texts


def test_an_invoic_that_does_not_add_up_is_refused() -> None:
    header, lines, facts = sales_invoice()
    profile = _profile("HANSEHAUS")
    with pytest.raises(MappingError, match=r"come to 45\.38 but Dynamics' invoice total is 44\.00"):
        invoice(
            dataclasses.replace(header, total_amount=Decimal("44.00")),
            lines,
            facts,
            EDIFACT_BUYER_IDS,
            context=edifact_context(profile, "demf/CIV"),
            version=profile.default_version,
        )


def test_an_orders_line_without_any_item_id_is_refused() -> None:
    header, lines = purchase_order()
    profile = _profile("RHEINTEILE")
    with pytest.raises(MappingError, match="line 2 of purchase order USMF-000123 has no item identifier"):
        orders(
            header,
            lines,
            {1: EDIFACT_VENDOR_IDS[1]},
            context=edifact_context(profile, "demf/X"),
            version=profile.default_version,
        )


def test_desadv_has_one_package_per_sscc_under_the_consignment() -> None:
    texts = _texts(_desadv(_profile("EUROMARKT")))
    assert [t for t in texts if t.startswith("CPS+")] == ["CPS+1", "CPS+2+1", "CPS+3+1", "CPS+4+1"]
    assert [t for t in texts if t.startswith("GIN+BJ+")] == [
        "GIN+BJ+006141410000000364",
        "GIN+BJ+006141410000000371",
        "GIN+BJ+006141410000000388",
    ]
    assert [t for t in texts if t.startswith("QTY+12:")] == ["QTY+12:6", "QTY+12:4", "QTY+12:4"]
    assert "LIN+1++0614141100002:EN" in texts
