"""The partner simulator: what the trading partners do on their side of the Sterling mailboxes.

Partners drop documents into their inbound mailbox (``/<CODE>/Inbound``) for the connector to poll, and read
what the connector delivered to their outbound mailbox (``/<CODE>/Outbound``), acknowledging it with a 997 or
CONTRL.  Each partner keeps its own interchange and group control numbers, so generated documents look like
one real sender's stream.
"""

from __future__ import annotations

import random
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sandbox.seed.catalog import CatalogItem
from sandbox.seed.partners import PARTNERS, SandboxPartner
from sandbox.sterling.acknowledgements import contrl_for, functional_acks_for
from sandbox.sterling.inbound_documents import (
    RemittedInvoice,
    choose_order_lines,
    orders_edifact,
    purchase_order_850,
    remadv_edifact,
    remittance_820,
)
from sandbox.sterling.interchange_reader import read_interchanges
from sandbox.sterling.records import DocumentMetadata, Extractability, MailboxMessage
from sandbox.sterling.store import SterlingStore

__all__ = ["Acknowledgement", "DeliveredMessage", "DroppedMessage", "PartnerSimError", "PartnerSimulator"]


class PartnerSimError(ValueError):
    """A simulator request that makes no sense for this partner (unknown code, a vendor sending orders...)."""


@dataclass(frozen=True)
class DroppedMessage:
    partner: str
    message_id: int
    name: str
    mailbox_path: str
    document_id: str
    size: int
    document_type: str
    reference: str  # PO / remittance number for generated documents, the file name for raw drops


@dataclass(frozen=True)
class DeliveredMessage:
    partner: str
    message_id: int
    name: str
    mailbox_path: str
    document_id: str
    created: datetime
    payload: bytes


@dataclass(frozen=True)
class Acknowledgement:
    partner: str
    acknowledged_message_id: int
    acknowledged_reference: str
    accepted: bool
    dropped: DroppedMessage


class PartnerSimulator:
    def __init__(self, store: SterlingStore, items: Sequence[CatalogItem], seed: int) -> None:
        self._store = store
        self._items = tuple(items)
        self._rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
        self._lock = threading.Lock()
        self._counters: dict[str, int] = {p.code: 100 + (seed + i * 97) % 800 for i, p in enumerate(PARTNERS)}
        self._acknowledged: set[int] = set()

    @staticmethod
    def partner(code: str) -> SandboxPartner:
        for partner in PARTNERS:
            if partner.code == code.upper():
                return partner
        raise PartnerSimError(f"unknown partner '{code}'; known partners: {', '.join(p.code for p in PARTNERS)}")

    def _next_control(self, partner: SandboxPartner) -> int:
        with self._lock:
            self._counters[partner.code] += 1
            return self._counters[partner.code]

    def drop(
        self, code: str, payload: bytes, name: str, *, document_type: str = "raw", reference: str = ""
    ) -> DroppedMessage:
        """Put raw bytes into the partner's inbound mailbox, as the partner's AS2/SFTP delivery would."""
        partner = self.partner(code)
        if not name or "/" in name:
            raise PartnerSimError(f"message name '{name}' must be a plain file name")
        document = self._store.add_document(payload, DocumentMetadata(document_name=name, content_type="application"))
        message = self._store.add_message(
            partner.inbound_mailbox, name, document.document_id, Extractability(always=True)
        )
        return DroppedMessage(
            partner.code,
            message.id,
            name,
            partner.inbound_mailbox,
            document.document_id,
            message.size,
            document_type,
            reference or name,
        )

    def _require_customer(self, partner: SandboxPartner, what: str) -> None:
        if partner.role != "customer":
            raise PartnerSimError(f"{partner.code} is a supplier; suppliers do not send us {what}")

    def generate_orders(self, code: str, count: int = 1) -> list[DroppedMessage]:
        """``count`` purchase orders (850, or ORDERS for EDIFACT partners) naming catalog items."""
        partner = self.partner(code)
        self._require_customer(partner, "purchase orders")
        if not 1 <= count <= 10_000:
            raise PartnerSimError(f"count must be between 1 and 10000, got {count}")
        dropped: list[DroppedMessage] = []
        for _ in range(count):
            control = self._next_control(partner)
            moment = self._store.now()
            po_number = f"{partner.code[:4]}{moment:%y%m%d}{control:05d}"
            with self._lock:
                lines = choose_order_lines(partner, self._items, self._rng)
            if partner.standard == "X12":
                payload = purchase_order_850(
                    partner, po_number, lines, moment, interchange_control=control, group_control=control
                )
                kind, name = "850", f"{partner.code}_850_{control:09d}.x12"
            else:
                payload = orders_edifact(partner, po_number, lines, moment, reference=f"{control:09d}")
                kind, name = "ORDERS", f"{partner.code}_ORDERS_{control:09d}.edi"
            dropped.append(self.drop(partner.code, payload, name, document_type=kind, reference=po_number))
        return dropped

    def generate_remittance(self, code: str, invoices: Sequence[RemittedInvoice]) -> DroppedMessage:
        """One 820 (or REMADV) remitting ``invoices``, deductions as ADX (or AJT)."""
        partner = self.partner(code)
        self._require_customer(partner, "remittances")
        if not invoices:
            raise PartnerSimError("a remittance needs at least one invoice")
        control = self._next_control(partner)
        moment = self._store.now()
        trace = f"{partner.code[:3]}{moment:%y%m%d}{control:06d}"
        if partner.standard == "X12":
            payload = remittance_820(
                partner, trace, invoices, moment, interchange_control=control, group_control=control
            )
            kind, name = "820", f"{partner.code}_820_{control:09d}.x12"
        else:
            payload = remadv_edifact(partner, trace, invoices, moment, reference=f"{control:09d}")
            kind, name = "REMADV", f"{partner.code}_REMADV_{control:09d}.edi"
        return self.drop(partner.code, payload, name, document_type=kind, reference=trace)

    def received(self, code: str | None = None) -> list[DeliveredMessage]:
        """What the connector delivered to the partners' outbound mailboxes (all partners when ``code`` is None)."""
        partners = [self.partner(code)] if code else list(PARTNERS)
        delivered: list[DeliveredMessage] = []
        for partner in partners:
            mailbox = self._store.find_mailbox(partner.outbound_mailbox)
            if mailbox is None:
                continue
            for message in self._store.messages_in(mailbox.id):
                delivered.append(self._delivered(partner, message))
        return delivered

    def _delivered(self, partner: SandboxPartner, message: MailboxMessage) -> DeliveredMessage:
        document = self._store.document(message.document_id)
        return DeliveredMessage(
            partner.code,
            message.id,
            message.name,
            partner.outbound_mailbox,
            message.document_id,
            message.created,
            document.content,
        )

    def acknowledge(self, code: str) -> list[Acknowledgement]:
        """A 997 / CONTRL for each interchange the connector delivered and the partner has not acknowledged yet."""
        partner = self.partner(code)
        acks: list[Acknowledgement] = []
        for delivered in self.received(partner.code):
            with self._lock:
                if delivered.message_id in self._acknowledged:
                    continue
                self._acknowledged.add(delivered.message_id)
            for interchange in read_interchanges(delivered.payload):
                moment = self._store.now()
                if interchange.standard == "X12":
                    result = functional_acks_for(
                        interchange, next_control=lambda: self._next_control(partner), moment=moment
                    )
                    kind = "997"
                else:
                    result = contrl_for(interchange, moment=moment, reference=f"{self._next_control(partner):09d}")
                    kind = "CONTRL"
                if result is None:
                    continue
                suffix = "x12" if kind == "997" else "edi"
                safe_reference = re.sub(r"[^A-Za-z0-9-]", "_", result.acknowledged_reference)
                name = f"{partner.code}_{kind}_{safe_reference}_{delivered.message_id}.{suffix}"
                dropped = self.drop(
                    partner.code, result.payload, name, document_type=kind, reference=result.acknowledged_reference
                )
                acks.append(
                    Acknowledgement(
                        partner.code, delivered.message_id, result.acknowledged_reference, result.accepted, dropped
                    )
                )
        return acks
