"""Inputs of the inbound map tests: the sandbox partner file, an in-memory item directory, fixture documents."""

from __future__ import annotations

import io
import json
from pathlib import Path

from shared.dynamics.rows import ODataValue
from shared.edi.edifact.documents import Order, read_document
from shared.edi.edifact.reader import read
from shared.edi.x12.documents.orders import parse_850
from shared.edi.x12.documents.payments import parse_820
from shared.edi.x12.reader import iter_transactions
from shared.maps.inbound import (
    OrderDocument,
    RemittanceDocument,
    order_from_850,
    order_from_orders,
    remittance_from_820,
    remittance_from_remadv,
)
from shared.partners import Gtin, InMemoryItemDirectory, ItemResolver, PartnerDirectory, PartnerProfile

REPO = Path(__file__).resolve().parents[3]
FIXTURES = REPO / "tests" / "fixtures" / "maps" / "inbound"
PARTNERS = PartnerDirectory.from_file(REPO / "config" / "partners.sandbox.toml")


def partner(code: str) -> PartnerProfile:
    return PARTNERS.by_code(code)


def items() -> ItemResolver:
    """A0001 by its UPC, A0002 by its case GTIN (unit "case"), A0003 as BigBox's own number BB-77."""
    directory = InMemoryItemDirectory()
    a1 = directory.add_item("usmf", "A0001")
    a2 = directory.add_item("usmf", "A0002")
    a3 = directory.add_item("usmf", "A0003")
    directory.add_barcode("usmf", a1, Gtin.parse("012345678905"), "ea")
    directory.add_barcode("usmf", a2, Gtin.parse("10012345678919"), "case")
    directory.add_customer_item("usmf", "US-101", "BB-77", a3)
    return ItemResolver(directory)


def x12_order(name: str) -> OrderDocument:
    [transaction] = list(iter_transactions(io.BytesIO((FIXTURES / name).read_bytes())))
    return order_from_850(parse_850(transaction.segments))


def x12_remittance(name: str) -> RemittanceDocument:
    [transaction] = list(iter_transactions(io.BytesIO((FIXTURES / name).read_bytes())))
    return remittance_from_820(parse_820(transaction.segments))


def as_golden_text(value: dict[str, ODataValue]) -> str:
    return json.dumps(value, indent=2, sort_keys=True, default=str, ensure_ascii=False) + "\n"


def edifact_order(name: str) -> OrderDocument:
    [interchange] = read((FIXTURES / name).read_bytes()).interchanges
    typed = read_document(interchange.messages[0])
    assert isinstance(typed, Order)
    return order_from_orders(typed)


def edifact_remittance(name: str) -> RemittanceDocument:
    [interchange] = read((FIXTURES / name).read_bytes()).interchanges
    return remittance_from_remadv(interchange.messages[0].body)


def edifact_items() -> ItemResolver:
    """In demf: A0001 by its GTIN, A0003 as EuroMarkt's own number EM-77."""
    directory = InMemoryItemDirectory()
    a1 = directory.add_item("demf", "A0001")
    a3 = directory.add_item("demf", "A0003")
    directory.add_barcode("demf", a1, Gtin.parse("0012345678905"), "ea")
    directory.add_customer_item("demf", "DE-201", "EM-77", a3)
    return ItemResolver(directory)
