"""Services over a running sandbox (real clients over sockets, SQLite state in a temp dir), the runtime's part of
running a work item (claim, skip when done, record failures), and sandbox business steps done the F&O way."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import cast

from sandbox.dynamics.emulator import DynamicsEmulator
from sandbox.launcher import RunningSandbox
from sandbox.seed.catalog import catalog, partner_item_id
from sandbox.seed.partners import PARTNERS
from sandbox.sterling.emulator import SterlingEmulator
from sandbox.sterling.partner_sim import DeliveredMessage
from shared.dynamics.client import DynamicsClient
from shared.dynamics.config import parse_dynamics_settings
from shared.errors import PermanentError
from shared.flows.contract import FlowHandler, FlowResult, Services, document_key
from shared.partners import Gtin, InMemoryItemDirectory, ItemResolver, PartnerDirectory, parse_partner_text
from shared.partners.dynamics_items import DynamicsItemDirectory
from shared.settings import SettingsProblems, SettingsSource
from shared.state.config import load_state_settings
from shared.state.factory import open_state
from shared.state.records import (
    AuditEvent,
    AuditQuery,
    Direction,
    LedgerChange,
    LedgerClaim,
    LedgerEntry,
    LedgerStatus,
    WorkItem,
)
from shared.sterling.client import SterlingClient
from shared.sterling.config import parse_sterling_settings

REPO = Path(__file__).resolve().parents[3]
PARTNER_FILE = REPO / "config" / "partners.sandbox.toml"
_DONE = {LedgerStatus.DELIVERED, LedgerStatus.ACKNOWLEDGED}


def _settings(sandbox: RunningSandbox) -> SettingsSource:
    info = sandbox.info
    return SettingsSource(
        {
            "DYNAMICS_ENV_URL": info.dynamics,
            "DYNAMICS_TENANT_ID": info.credentials.tenant_id,
            "DYNAMICS_CLIENT_ID": info.credentials.client_id,
            "DYNAMICS_CLIENT_SECRET": info.credentials.client_secret,
            "DYNAMICS_AUTHORITY_HOST": info.entra,
            "DYNAMICS_LEGAL_ENTITIES": "usmf,demf",
            "DYNAMICS_ALLOW_SANDBOX_HOST": "true",
            "DYNAMICS_CA_BUNDLE": str(info.ca_cert),
            "STERLING_BASE_URL": info.sterling,
            "STERLING_USER": info.credentials.sterling_user,
            "STERLING_PASSWORD": info.credentials.sterling_password,
        }
    )


def item_directory() -> InMemoryItemDirectory:
    """The sandbox catalog as Dynamics holds it: barcodes, and the partners' numbers as external item numbers."""
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


@contextmanager
def sandbox_services(
    sandbox: RunningSandbox,
    state_dir: Path,
    items: InMemoryItemDirectory | None = None,
    state_values: dict[str, str] | None = None,
) -> Iterator[Services]:
    """Services over ``sandbox``; state on SQLite in ``state_dir`` unless ``state_values`` say otherwise; item ids
    read from the Dynamics emulator unless ``items`` is given."""
    problems = SettingsProblems()
    source = _settings(sandbox)
    dynamics_settings = parse_dynamics_settings(source, problems, secret_in_key_vault=False)
    sterling_settings = parse_sterling_settings(source, problems, secret_in_key_vault=False)
    problems.raise_if_any()
    values = state_values or {"STATE_BACKEND": "sqlite", "STATE_SQLITE_PATH": str(state_dir / "state.db")}
    state = open_state(load_state_settings(SettingsSource(values)))
    with DynamicsClient(dynamics_settings) as dynamics, SterlingClient(sterling_settings) as sterling:
        try:
            yield Services(
                state=state,
                dynamics=dynamics,
                sterling=sterling,
                partners=PartnerDirectory.from_file(PARTNER_FILE),
                # Item ids come from Dynamics itself (barcodes, external item numbers) unless a test brings its own.
                items=ItemResolver(items if items is not None else DynamicsItemDirectory(dynamics)),
                clock=lambda: datetime.now(UTC),
            )
        finally:
            state.close()


@dataclass(frozen=True)
class Outcome:
    entry: LedgerEntry
    result: FlowResult | None  # None: skipped (already done) or failed
    error: PermanentError | None = None


def run_work(services: Services, handler: FlowHandler, flow: str, key: str, partner: str = "") -> Outcome:
    """What the runtime does with one delivery of a work item: claim, skip when done, run, record a failure.

    Transient errors and crashes propagate (the queue would redeliver)."""
    ledger = services.state.ledger
    claim = ledger.claim(LedgerClaim(flow, key, partner, Direction.OUTBOUND, uuid.uuid4().hex))
    entry = claim.entry
    if entry.status in _DONE:
        return Outcome(entry, None)
    if entry.status is LedgerStatus.FAILED:
        entry = ledger.reset_for_replay(entry)
    elif not claim.won:
        entry = ledger.transition(entry, LedgerChange(entry.status, new_attempt=True))
    work = WorkItem("dynamics_record", flow, key, partner, entry.correlation_id)
    try:
        result = handler(work, entry, services)
    except PermanentError as exc:
        current = ledger.get(flow, key)
        assert current is not None
        failed = ledger.transition(current, LedgerChange(LedgerStatus.FAILED, reason=str(exc)))
        return Outcome(failed, None, exc)
    current = ledger.get(flow, key)
    assert current is not None
    return Outcome(current, result)


def audit_trail(services: Services, flow: str, key: str) -> list[AuditEvent]:
    return list(reversed(services.state.audit.query(AuditQuery(natural_key=key, flow=flow, limit=200))))


def dynamics_app(sandbox: RunningSandbox) -> DynamicsEmulator:
    return cast(DynamicsEmulator, sandbox.dynamics)


def sterling_app(sandbox: RunningSandbox) -> SterlingEmulator:
    return cast(SterlingEmulator, sandbox.sterling)


def received(sandbox: RunningSandbox, partner: str, name: str | None = None) -> list[DeliveredMessage]:
    return [m for m in sterling_app(sandbox).simulator.received(partner) if name is None or m.name == name]


def confirmed_po(sandbox: RunningSandbox, vendor: str, items: list[tuple[str, int]], company: str = "usmf") -> str:
    app = dynamics_app(sandbox)
    keys = app.create_purchase_order(company, vendor, [(item, Decimal(qty)) for item, qty in items])
    number = keys["PurchaseOrderNumber"]
    app.confirm_purchase_order(company, number)
    return document_key(company, number)


def edi_sales_order(
    services: Services, customer: str, po_number: str, items: list[tuple[str, int]], company: str = "usmf"
) -> str:
    """A sales order as the inbound 850 flow creates it: the customer's PO number and line numbers on it."""
    header = services.dynamics.create(
        "SalesOrderHeadersV2",
        {"dataAreaId": company, "OrderingCustomerAccountNumber": customer, "CustomerRequisitionNumber": po_number},
    )
    number = str(header["SalesOrderNumber"])
    for line, (item, qty) in enumerate(items, start=1):
        services.dynamics.create(
            "SalesOrderLines",
            {
                "dataAreaId": company,
                "SalesOrderNumber": number,
                "ItemNumber": item,
                "OrderedSalesQuantity": qty,
                "CustomersLineNumber": line,
            },
        )
    return number


def directory_with_flows(flows: dict[str, list[str]]) -> PartnerDirectory:
    """The sandbox partner file with some partners' ``flows`` replaced."""
    text = PARTNER_FILE.read_text(encoding="utf-8")
    sections = text.split("\n[partners.")
    for index, section in enumerate(sections):
        code = section.split("]", 1)[0]
        if index and code in flows:
            lines = [
                f"flows = {json.dumps(flows[code])}" if line.startswith("flows = ") else line
                for line in section.split("\n")
            ]
            sections[index] = "\n".join(lines)
    return PartnerDirectory(parse_partner_text("\n[partners.".join(sections), "partners.sandbox.toml (edited)"))
