"""Fixtures: the sandbox partner file as a directory, and the sandbox catalog as an item directory.

The item directory is filled the way the Dynamics emulator seeds Dynamics: every catalog item released in both
legal entities with its GTIN as barcode, and the partners' own numbers (``partner_item_id``) as customer or
vendor external item numbers.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sandbox.seed.catalog import CatalogItem, catalog, partner_item_id
from sandbox.seed.partners import PARTNERS, SandboxPartner
from shared.partners import Gtin, InMemoryItemDirectory, PartnerDirectory

REPO = Path(__file__).resolve().parents[3]
SANDBOX_FILE = REPO / "config" / "partners.sandbox.toml"
EXAMPLE_FILE = REPO / "config" / "partners.example.toml"


def seed_partner(code: str) -> SandboxPartner:
    return next(p for p in PARTNERS if p.code == code)


def catalog_item(number: str) -> CatalogItem:
    return next(i for i in catalog() if i.item_number == number)


def build_item_directory() -> InMemoryItemDirectory:
    directory = InMemoryItemDirectory()
    for item in catalog():
        for entity in item.legal_entities:
            key = directory.add_item(entity, item.item_number)
            directory.add_barcode(entity, key, Gtin.parse(item.gtin), item.unit)
            for partner in PARTNERS:
                if partner.legal_entity != entity or partner.item_id_kind == "gtin":
                    continue
                external = partner_item_id(partner, item)
                if partner.role == "customer":
                    directory.add_customer_item(entity, partner.account, external, key)
                else:
                    directory.add_vendor_item(entity, partner.account, external, key)
    return directory


@pytest.fixture(scope="session")
def sandbox_partners() -> PartnerDirectory:
    return PartnerDirectory.from_file(SANDBOX_FILE)


@pytest.fixture
def items() -> InMemoryItemDirectory:
    return build_item_directory()
