"""The sandbox company's trading partners: one list that both the Dynamics and the Sterling emulators seed from.

Two legal entities trade here: ``usmf`` (a US manufacturer trading X12 with US retailers and suppliers) and
``demf`` (its German sister company trading EDIFACT).  Each partner has an account in Dynamics (customer or
vendor), EDI identifiers, and a pair of Sterling mailboxes: ``/<CODE>/Inbound`` where the partner drops
documents for us, ``/<CODE>/Outbound`` where the connector delivers documents for the partner.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["OUR_IDENTIFIERS", "PARTNERS", "SandboxPartner"]

Role = Literal["customer", "vendor"]
Standard = Literal["X12", "EDIFACT"]
ItemIdKind = Literal["gtin", "buyer_part", "vendor_part"]


@dataclass(frozen=True)
class SandboxPartner:
    code: str  # short partner code; also the Sterling mailbox folder
    name: str
    role: Role
    legal_entity: str  # dataAreaId in Dynamics
    account: str  # CustomerAccount or VendorAccountNumber
    standard: Standard
    version: str  # 004010 / 005010 / D96A / D01B
    qualifier: str  # ISA05/ISA07 (X12) or UNB partner id code qualifier (EDIFACT)
    interchange_id: str  # ISA06/ISA08 or UNB sender/recipient id
    group_id: str  # GS02/GS03 application code (X12); same as interchange id for EDIFACT
    item_id_kind: ItemIdKind
    currency: str

    @property
    def inbound_mailbox(self) -> str:
        """Where the partner drops documents for us (the connector polls it)."""
        return f"/{self.code}/Inbound"

    @property
    def outbound_mailbox(self) -> str:
        """Where the connector delivers documents for the partner."""
        return f"/{self.code}/Outbound"


# Our own identifiers, per legal entity: (qualifier, interchange id, group id).
OUR_IDENTIFIERS: dict[str, tuple[str, str, str]] = {
    "usmf": ("ZZ", "CONTOSOUSMF", "CONTOSOUSMF"),
    "demf": ("14", "4012345000009", "4012345000009"),
}

PARTNERS: tuple[SandboxPartner, ...] = (
    # Retail customers (they send 850 / 820, receive 810 / 856)
    SandboxPartner(
        "BIGBOX",
        "BigBox Stores Inc.",
        "customer",
        "usmf",
        "US-101",
        "X12",
        "004010",
        "01",
        "0078742000008",
        "BIGBOXAP",
        "gtin",
        "USD",
    ),
    SandboxPartner(
        "HOMEPRO",
        "HomePro Centers LLC",
        "customer",
        "usmf",
        "US-102",
        "X12",
        "004010",
        "12",
        "7705550100",
        "HOMEPRO",
        "buyer_part",
        "USD",
    ),
    SandboxPartner(
        "VALUEMART",
        "ValueMart Corporation",
        "customer",
        "usmf",
        "US-103",
        "X12",
        "005010",
        "ZZ",
        "VALUEMART",
        "VALUEMART",
        "gtin",
        "USD",
    ),
    SandboxPartner(
        "NORTHCO",
        "NorthCo Outfitters",
        "customer",
        "usmf",
        "US-104",
        "X12",
        "004010",
        "08",
        "9255550001",
        "NORTHCO",
        "buyer_part",
        "USD",
    ),
    SandboxPartner(
        "EUROMARKT",
        "EuroMarkt AG",
        "customer",
        "demf",
        "DE-201",
        "EDIFACT",
        "D96A",
        "14",
        "4098765000001",
        "4098765000001",
        "gtin",
        "EUR",
    ),
    SandboxPartner(
        "HANSEHAUS",
        "Hansehaus Handel GmbH",
        "customer",
        "demf",
        "DE-202",
        "EDIFACT",
        "D01B",
        "14",
        "4055555000002",
        "4055555000002",
        "buyer_part",
        "EUR",
    ),
    # Suppliers (they receive 850 / ORDERS from us)
    SandboxPartner(
        "ACMEPACK",
        "Acme Packaging Co.",
        "vendor",
        "usmf",
        "US-V01",
        "X12",
        "004010",
        "ZZ",
        "ACMEPACK",
        "ACMEPACK",
        "vendor_part",
        "USD",
    ),
    SandboxPartner(
        "STEELWORX",
        "SteelWorx Supply",
        "vendor",
        "usmf",
        "US-V02",
        "X12",
        "005010",
        "01",
        "0456789010000",
        "STEELWORX",
        "vendor_part",
        "USD",
    ),
    SandboxPartner(
        "RHEINTEILE",
        "Rheinteile GmbH",
        "vendor",
        "demf",
        "DE-V01",
        "EDIFACT",
        "D96A",
        "14",
        "4011111000003",
        "4011111000003",
        "vendor_part",
        "EUR",
    ),
    SandboxPartner(
        "POLYMERX",
        "PolymerX Ltd.",
        "vendor",
        "usmf",
        "US-V03",
        "X12",
        "004010",
        "ZZ",
        "POLYMERX",
        "POLYMERX",
        "gtin",
        "USD",
    ),
)
