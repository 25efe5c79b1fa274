from __future__ import annotations

import pytest

from shared.edi.edifact import facade
from shared.edi.edifact.builders import despatch_message, invoice_message, order_message
from shared.edi.edifact.contrl import parse_contrl
from shared.edi.edifact.documents import Despatch, Invoice, Order, read_document
from shared.edi.edifact.reader import read
from shared.edi.edifact.writer import OutboundMessage, serialise
from shared.edi.model import Severity

from .scenarios import FIXTURES, SCENARIOS

pytestmark = pytest.mark.unit

NAMES = sorted(SCENARIOS)


def test_every_message_type_has_goldens_in_both_directories() -> None:
    kinds = {name.split("/")[0] for name in NAMES}
    assert kinds == {f"{t}_{d}" for t in ("ORDERS", "INVOIC", "DESADV", "REMADV", "CONTRL") for d in ("D96A", "D01B")}


@pytest.mark.parametrize("name", NAMES)
def test_writer_output_equals_the_golden_file(name: str) -> None:
    assert SCENARIOS[name]() == (FIXTURES / name).read_bytes()


@pytest.mark.parametrize("name", [n for n in NAMES if not n.startswith("CONTRL_D01B")])
def test_golden_files_validate_clean_and_round_trip(name: str) -> None:
    data = (FIXTURES / name).read_bytes()
    assert facade.validate(data).issues == ()
    result = read(data)
    assert b"".join(serialise(ic) for ic in result.interchanges) == data


def _rebuilt(message_body_owner: Order | Invoice | Despatch) -> OutboundMessage:
    if isinstance(message_body_owner, Order):
        return order_message(message_body_owner)
    if isinstance(message_body_owner, Invoice):
        return invoice_message(message_body_owner)
    return despatch_message(message_body_owner)


@pytest.mark.parametrize("name", [n for n in NAMES if n.split("_")[0] in ("ORDERS", "INVOIC", "DESADV")])
def test_typed_documents_read_back_and_rebuild_the_same_segments(name: str) -> None:
    message = read((FIXTURES / name).read_bytes()).interchanges[0].messages[0]
    document = read_document(message)
    assert isinstance(document, Order | Invoice | Despatch)
    rebuilt = _rebuilt(document)
    assert rebuilt.body == message.body
    assert (rebuilt.type, rebuilt.release) == (message.type, message.release)


def test_typed_fields_of_the_standard_order() -> None:
    message = read((FIXTURES / "ORDERS_D96A/standard-order.edi").read_bytes()).interchanges[0].messages[0]
    order = read_document(message)
    assert isinstance(order, Order)
    assert (order.number, order.function, order.currency) == ("PO-4711", "9", "EUR")
    assert order.party("BY") is not None
    assert order.party("BY").id == "5412345000013"  # type: ignore[union-attr]
    first = order.lines[0]
    assert (first.item_id, first.item_type, first.buyer_part, first.supplier_part) == (
        "4000862141404",
        "EN",
        "BP-100",
        "NT-100",
    )
    assert str(first.quantity("21")) == "48"
    assert str(first.prices[0].value) == "14.58"


def test_replacement_order_escapes_and_restores_the_plus_and_carries_latin1() -> None:
    data = (FIXTURES / "ORDERS_D01B/replacement-order.edi").read_bytes()
    assert b"PIA+1+NT-200?+KIT:SA'" in data
    assert "Müller Großhandel".encode("latin-1") in data
    order = read_document(read(data).interchanges[0].messages[0])
    assert isinstance(order, Order)
    assert order.lines[0].supplier_part == "NT-200+KIT"
    assert order.party("BY").name == "Müller Großhandel"  # type: ignore[union-attr]


def test_rejecting_contrl_names_the_count_error_and_is_itself_valid() -> None:
    data = (FIXTURES / "CONTRL_D01B/rejects-invoice-with-wrong-count.edi").read_bytes()
    assert not facade.validate(data).errors
    result = parse_contrl(read(data).interchanges[0].messages[0])
    assert result.rejected
    assert (result.interchange_reference, result.action) == ("202", "4")
    assert [(m.reference, m.action, m.code) for m in result.messages] == [("202", "4", "29")]


def test_invoice_total_that_does_not_add_up_is_a_warning_not_an_error() -> None:
    data = (
        (FIXTURES / "INVOIC_D96A/invoice-with-allowance.edi").read_bytes().replace(b"MOA+79:738.24", b"MOA+79:738.25")
    )
    report = facade.validate(data)
    assert report.valid
    assert [(i.code, i.severity, i.location.segment_tag) for i in report.issues] == [("12", Severity.WARNING, "MOA")]


def _findings(data: bytes) -> list[tuple[str, int | None, str | None]]:
    return [(i.code, i.location.segment, i.location.segment_tag) for i in facade.validate(data).errors]


def _order_with(old: bytes, new: bytes, count_change: int) -> bytes:
    golden = (FIXTURES / "ORDERS_D96A/standard-order.edi").read_bytes()
    count = len(read(golden).interchanges[0].messages[0].segments)
    changed = golden.replace(old, new).replace(f"UNT+{count}+".encode(), f"UNT+{count + count_change}+".encode())
    assert changed != golden
    return changed


def test_structure_findings_carry_their_codes_and_positions() -> None:
    # BGM removed: mandatory segment missing, noticed at the first DTM (now position 2).
    assert _findings(_order_with(b"BGM+220+PO-4711+9'\n", b"", -1)) == [("13", 2, "DTM")]
    # 36 DTM where 35 are allowed: too many repetitions, at the 36th.
    dtm = b"DTM+2:20261204:102'\n"
    assert _findings(_order_with(dtm, dtm * 35, 34)) == [("35", 38, "DTM")]
    # A second BGM after the lines: not allowed at that position.
    assert _findings(_order_with(b"UNS+S'\n", b"BGM+220+PO-4711+9'\nUNS+S'\n", 1)) == [("15", 17, "BGM")]
