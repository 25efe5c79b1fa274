"""Typed records for trading partner profiles: who a partner is, how we talk EDI with it, and what it may send.

Everything here is a frozen value.  The loader (``config_reader``) builds these from the partner file; flows read
them and hand the plain fields (delimiters, identifiers, versions) to the EDI engines, which keep their own value
objects, so nothing here imports the engines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from shared.edi.model import Standard

__all__ = [
    "AccountRole",
    "AckPolicy",
    "DocumentType",
    "DynamicsAccount",
    "EdiIdentity",
    "EdiVersion",
    "EdifactEnvelope",
    "EdifactServiceCharacters",
    "FlowDirection",
    "FlowKind",
    "ItemIdKind",
    "ItemOverride",
    "ItemPolicy",
    "Mailboxes",
    "PartnerProfile",
    "SyntaxLevel",
    "Usage",
    "X12AckKind",
    "X12Delimiters",
    "X12Envelope",
]


class AccountRole(StrEnum):
    """Which side of the trade the partner is on, and so which Dynamics account type holds it."""

    CUSTOMER = "customer"  # CustomersV3.CustomerAccount; the partner buys from us
    VENDOR = "vendor"  # VendorsV2.VendorAccountNumber; the partner sells to us


class FlowDirection(StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class DocumentType(StrEnum):
    """Business document kinds, named independently of the standard that carries them."""

    PURCHASE_ORDER = "purchase_order"
    INVOICE = "invoice"
    SHIP_NOTICE = "ship_notice"
    REMITTANCE = "remittance"
    FUNCTIONAL_ACK = "functional_ack"

    def code(self, standard: Standard) -> str:
        """The transaction set (X12) or message type (EDIFACT) that carries this document."""
        return _DOCUMENT_CODES[standard][self]

    @classmethod
    def from_code(cls, standard: Standard, code: str) -> DocumentType | None:
        for document, known in _DOCUMENT_CODES[standard].items():
            if known == code:
                return document
        return None

    @classmethod
    def codes(cls, standard: Standard) -> tuple[str, ...]:
        return tuple(_DOCUMENT_CODES[standard].values())


_DOCUMENT_CODES: dict[Standard, dict[DocumentType, str]] = {
    Standard.X12: {
        DocumentType.PURCHASE_ORDER: "850",
        DocumentType.INVOICE: "810",
        DocumentType.SHIP_NOTICE: "856",
        DocumentType.REMITTANCE: "820",
        DocumentType.FUNCTIONAL_ACK: "997",
    },
    Standard.EDIFACT: {
        DocumentType.PURCHASE_ORDER: "ORDERS",
        DocumentType.INVOICE: "INVOIC",
        DocumentType.SHIP_NOTICE: "DESADV",
        DocumentType.REMITTANCE: "REMADV",
        DocumentType.FUNCTIONAL_ACK: "CONTRL",
    },
}


class FlowKind(StrEnum):
    """The connector's document flows a partner can be enabled for (the names used in the partner file)."""

    OUTBOUND_850 = "outbound_850"  # purchase order to a vendor
    OUTBOUND_810 = "outbound_810"  # sales invoice to a customer
    OUTBOUND_810_SELF_BILLING = "outbound_810_self_billing"  # posted vendor invoice to the vendor (opt-in)
    OUTBOUND_856 = "outbound_856"  # ship notice to a customer
    INBOUND_850 = "inbound_850"  # customer's purchase order becomes a sales order
    INBOUND_820 = "inbound_820"  # remittance advice becomes payment journal lines

    @property
    def direction(self) -> FlowDirection:
        return FlowDirection.INBOUND if self.value.startswith("inbound") else FlowDirection.OUTBOUND

    @property
    def document(self) -> DocumentType:
        return _FLOW_DOCUMENTS[self]

    @property
    def roles(self) -> frozenset[AccountRole]:
        """The partner roles the flow makes sense for (a purchase order goes to a vendor, never a customer)."""
        return _FLOW_ROLES[self]


_FLOW_DOCUMENTS: dict[FlowKind, DocumentType] = {
    FlowKind.OUTBOUND_850: DocumentType.PURCHASE_ORDER,
    FlowKind.OUTBOUND_810: DocumentType.INVOICE,
    FlowKind.OUTBOUND_810_SELF_BILLING: DocumentType.INVOICE,
    FlowKind.OUTBOUND_856: DocumentType.SHIP_NOTICE,
    FlowKind.INBOUND_850: DocumentType.PURCHASE_ORDER,
    FlowKind.INBOUND_820: DocumentType.REMITTANCE,
}

_CUSTOMER = frozenset({AccountRole.CUSTOMER})
_VENDOR = frozenset({AccountRole.VENDOR})
_FLOW_ROLES: dict[FlowKind, frozenset[AccountRole]] = {
    FlowKind.OUTBOUND_850: _VENDOR,
    FlowKind.OUTBOUND_810: _CUSTOMER,
    FlowKind.OUTBOUND_810_SELF_BILLING: _VENDOR,
    FlowKind.OUTBOUND_856: _CUSTOMER,
    FlowKind.INBOUND_850: _CUSTOMER,
    # A remittance usually comes from a customer paying us; some vendors send one for their rebates or refunds.
    FlowKind.INBOUND_820: _CUSTOMER | _VENDOR,
}


class EdiVersion(StrEnum):
    """The versions the connector's engines implement: GS08 release (X12) or UNH directory (EDIFACT)."""

    X12_004010 = "004010"
    X12_005010 = "005010"
    EDIFACT_D96A = "D96A"
    EDIFACT_D01B = "D01B"

    @property
    def standard(self) -> Standard:
        return Standard.X12 if self.value.isdigit() else Standard.EDIFACT

    @classmethod
    def for_standard(cls, standard: Standard) -> tuple[EdiVersion, ...]:
        return tuple(v for v in cls if v.standard is standard)


class ItemIdKind(StrEnum):
    """Which identifier a partner puts on its lines to name an item."""

    GTIN = "gtin"  # UPC-A / EAN-13 / GTIN-14, matched against the item's barcodes
    BUYER_PART = "buyer_part"  # the buying party's own number
    VENDOR_PART = "vendor_part"  # the selling party's own number


class Usage(StrEnum):
    """Test or production interchanges (ISA15, UNB 0035)."""

    PRODUCTION = "production"
    TEST = "test"

    @property
    def isa15(self) -> str:
        return "T" if self is Usage.TEST else "P"

    @property
    def unb0035(self) -> str | None:
        """UNB test indicator: ``1`` for test; omitted for production."""
        return "1" if self is Usage.TEST else None

    @classmethod
    def of_interchange(cls, standard: Standard, indicator: str | None) -> Usage | None:
        """What an inbound envelope declares (ISA15, UNB 0035); None for anything else (ISA15 ``I``).

        Inbound flows compare it with the partner's usage, so test data never becomes a live order.
        """
        value = (indicator or "").strip()
        if standard is Standard.EDIFACT:
            return cls.TEST if value == "1" else cls.PRODUCTION
        return {"P": cls.PRODUCTION, "T": cls.TEST}.get(value.upper())


class X12AckKind(StrEnum):
    ACK_997 = "997"
    ACK_999 = "999"  # implementation acknowledgment, 005010 only


class SyntaxLevel(StrEnum):
    """EDIFACT character repertoire (UNB S001 0001)."""

    UNOA = "UNOA"  # upper case, digits, a few punctuation marks
    UNOB = "UNOB"  # adds lower case
    UNOC = "UNOC"  # ISO 8859-1


@dataclass(frozen=True, slots=True)
class EdiIdentity:
    """An interchange party: ISA05/06 or ISA07/08 (X12), UNB S002/S003 (EDIFACT), plus the group-level code.

    The pair (qualifier, id), not the id alone, identifies a party.
    """

    qualifier: str
    id: str
    group_id: str  # GS02/GS03 application code (X12), UNG sender/recipient (EDIFACT)

    def describe(self) -> str:
        return f"{self.qualifier}:{self.id}"


@dataclass(frozen=True, slots=True)
class X12Delimiters:
    element: str = "*"
    component: str = ">"
    # ISA11 from ISA12 00402 on; None for partners on 004010 only, whose envelopes carry "U" there.
    repetition: str | None = "^"
    segment: str = "~"
    # Written after each segment terminator; some partners' translators want one segment per line.
    segment_suffix: str = ""

    @property
    def characters(self) -> tuple[str, ...]:
        chars = (self.element, self.component, self.repetition, self.segment)
        return tuple(c for c in chars if c is not None)


@dataclass(frozen=True, slots=True)
class EdifactServiceCharacters:
    """The six UNA characters, in UNA order."""

    component: str = ":"
    element: str = "+"
    decimal_mark: str = "."
    release: str = "?"
    repetition: str = " "  # syntax 3 reserves the position (a space); syntax 4 uses "*"
    segment: str = "'"

    def una(self) -> str:
        """The UNA service string advice, e.g. ``UNA:+.? '``."""
        return f"UNA{self.component}{self.element}{self.decimal_mark}{self.release}{self.repetition}{self.segment}"


@dataclass(frozen=True, slots=True)
class X12Envelope:
    delimiters: X12Delimiters = X12Delimiters()
    acknowledgment: X12AckKind = X12AckKind.ACK_997
    # Appended to the version in GS08 for partners that want e.g. 004010VICS or 005010UCS.
    industry_identifier: str = ""


@dataclass(frozen=True, slots=True)
class EdifactEnvelope:
    service_characters: EdifactServiceCharacters = EdifactServiceCharacters()
    syntax_level: SyntaxLevel = SyntaxLevel.UNOC
    syntax_version: int = 3  # UNB S001 0002
    send_una: bool = True


@dataclass(frozen=True, slots=True)
class Mailboxes:
    """Sterling B2Bi mailbox paths."""

    inbound: str  # the partner drops documents for us here; the connector polls it
    outbound: str  # the connector delivers documents for the partner here


@dataclass(frozen=True, slots=True)
class DynamicsAccount:
    legal_entity: str  # dataAreaId, lower case
    role: AccountRole
    number: str  # CustomerAccount or VendorAccountNumber

    @property
    def entity_set(self) -> str:
        return "CustomersV3" if self.role is AccountRole.CUSTOMER else "VendorsV2"

    def describe(self) -> str:
        return f"{self.role.value} {self.number} in {self.legal_entity}"


@dataclass(frozen=True, slots=True)
class AckPolicy:
    # How long after we send a group its functional acknowledgment must arrive; None: the partner sends none.
    expected_within: timedelta | None = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class ItemOverride:
    """A configured cross-reference: the partner's item id means our item number, whatever Dynamics says."""

    partner_item_id: str
    item_number: str


@dataclass(frozen=True, slots=True)
class ItemPolicy:
    id_kind: ItemIdKind
    # The qualifier written on outbound lines for the preferred id; None means the standard's usual one.
    qualifier: str | None = None
    overrides: tuple[ItemOverride, ...] = ()


@dataclass(frozen=True, slots=True)
class PartnerProfile:
    """Everything the connector knows about one trading partner."""

    code: str  # short, stable key: logs, control-number scope, dedupe keys
    name: str
    account: DynamicsAccount
    standard: Standard
    default_version: EdiVersion
    version_overrides: tuple[tuple[DocumentType, EdiVersion], ...]
    identity: EdiIdentity  # theirs
    our_identity: EdiIdentity  # ours, as this partner knows us
    envelope: X12Envelope | EdifactEnvelope
    usage: Usage
    mailboxes: Mailboxes
    flows: frozenset[FlowKind]
    acks: AckPolicy
    items: ItemPolicy
    currency: str | None = None

    @property
    def legal_entity(self) -> str:
        return self.account.legal_entity

    @property
    def role(self) -> AccountRole:
        return self.account.role

    def version_for(self, document: DocumentType) -> EdiVersion:
        for overridden, version in self.version_overrides:
            if overridden is document:
                return version
        return self.default_version

    def enables(self, flow: FlowKind) -> bool:
        return flow in self.flows

    @property
    def x12(self) -> X12Envelope:
        """The X12 envelope settings; a ``TypeError`` for an EDIFACT partner is a programming mistake."""
        if not isinstance(self.envelope, X12Envelope):
            raise TypeError(f"partner {self.code} trades {self.standard.value}, not X12")
        return self.envelope

    @property
    def edifact(self) -> EdifactEnvelope:
        if not isinstance(self.envelope, EdifactEnvelope):
            raise TypeError(f"partner {self.code} trades {self.standard.value}, not EDIFACT")
        return self.envelope

    def ack_kind(self, document: DocumentType) -> str:
        """The acknowledgment this partner gets for a group of ``document``: 997, 999 or CONTRL."""
        if isinstance(self.envelope, EdifactEnvelope):
            return "CONTRL"
        if self.envelope.acknowledgment is X12AckKind.ACK_999 and self.version_for(document) is EdiVersion.X12_005010:
            return "999"
        return "997"
