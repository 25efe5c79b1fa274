"""Seed data: deterministic, complete for every partner and item, proportional to scale."""

from __future__ import annotations

import pytest

from sandbox.dynamics import DynamicsEmulator
from sandbox.dynamics.entities import ENTITY_SETS
from sandbox.jwt import SigningKey
from sandbox.seed.catalog import catalog, partner_item_id
from sandbox.seed.partners import PARTNERS
from tests.unit.sandbox_dynamics.support import make_context

pytestmark = pytest.mark.unit


def _snapshot(emulator: DynamicsEmulator, name: str) -> list[dict[str, object]]:
    return [dict(r.values) for r in sorted(emulator.store.rows(ENTITY_SETS[name]), key=lambda r: r.rec_id)]


def test_same_seed_same_data(signing_key: SigningKey) -> None:
    first, second = DynamicsEmulator(make_context(signing_key)), DynamicsEmulator(make_context(signing_key))
    for name in ("SalesOrderLines", "PurchaseOrderLinesV2", "SalesInvoiceHeadersV2", "MlcPackingSlipContainers"):
        assert _snapshot(first, name) == _snapshot(second, name)
    other = DynamicsEmulator(make_context(signing_key, seed=8))
    assert _snapshot(first, "SalesOrderLines") != _snapshot(other, "SalesOrderLines")


def test_every_partner_has_its_account_and_cross_references(emulator: DynamicsEmulator) -> None:
    customers = {
        (r.values["dataAreaId"], r.values["CustomerAccount"]) for r in emulator.store.rows(ENTITY_SETS["CustomersV3"])
    }
    vendors = {
        (r.values["dataAreaId"], r.values["VendorAccountNumber"]) for r in emulator.store.rows(ENTITY_SETS["VendorsV2"])
    }
    items = catalog(1)
    customer_refs = {
        (r.values["CustomerAccountNumber"], r.values["ItemNumber"]): r.values["CustomerProductNumber"]
        for r in emulator.store.rows(ENTITY_SETS["CustomerProductDescriptionsV2"])
    }
    vendor_refs = {
        (r.values["VendorAccountNumber"], r.values["ItemNumber"]): r.values["VendorProductNumber"]
        for r in emulator.store.rows(ENTITY_SETS["VendorProductDescriptionsV2"])
    }
    for partner in PARTNERS:
        accounts = customers if partner.role == "customer" else vendors
        assert (partner.legal_entity, partner.account) in accounts
        for item in items:
            if partner.item_id_kind == "buyer_part":
                assert customer_refs[(partner.account, item.item_number)] == partner_item_id(partner, item)
            if partner.item_id_kind == "vendor_part":
                assert vendor_refs[(partner.account, item.item_number)] == partner_item_id(partner, item)
    blocked = [r.values for r in emulator.store.rows(ENTITY_SETS["CustomersV3"]) if r.values["OnHoldStatus"] == "All"]
    assert [(b["dataAreaId"], b["CustomerAccount"]) for b in blocked] == [("usmf", "US-199")]


def test_every_item_is_released_with_barcodes_in_both_companies(emulator: DynamicsEmulator) -> None:
    barcodes = {
        (r.values["dataAreaId"], r.values["BarcodeSetupId"], r.values["Barcode"]): r.values["ItemNumber"]
        for r in emulator.store.rows(ENTITY_SETS["ProductBarcodesV3"])
    }
    for item in catalog(1):
        for company in ("usmf", "demf"):
            assert barcodes[(company, "UPC", item.upc)] == item.item_number
            assert barcodes[(company, "EAN13", item.gtin[1:])] == item.item_number
            assert barcodes[(company, "GTIN14", item.gtin)] == item.item_number


def test_history_grows_with_scale(signing_key: SigningKey, emulator: DynamicsEmulator) -> None:
    bigger = DynamicsEmulator(make_context(signing_key, scale=5))
    for name in ("PurchaseOrderHeadersV2", "SalesInvoiceHeadersV2", "CustPackingSlipJourBiEntities"):
        small, large = len(emulator.store.rows(ENTITY_SETS[name])), len(bigger.store.rows(ENTITY_SETS[name]))
        assert small > 0
        assert large >= 4 * small
    confirmed = [
        r
        for r in emulator.store.rows(ENTITY_SETS["PurchaseOrderHeadersV2"])
        if r.values["DocumentApprovalStatus"] == "Confirmed"
    ]
    vendors = [p for p in PARTNERS if p.role == "vendor"]
    assert len(confirmed) == 3 * len(vendors)
