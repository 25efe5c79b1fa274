"""The sandbox's control APIs, as the demo uses them: what a buyer, a biller and a shipper do in Dynamics, what the
trading partners do on their side of Sterling, and how many requests each emulator has seen.

Everything goes over HTTP (``/sandbox/dynamics/...``, ``/sandbox/sterling/...``, ``/sandbox/faults``), so the demo
drives a sandbox it started and one started elsewhere (``--sandbox-info``) the same way.  Control routes are never
faulted and never counted, so they do not disturb the figures the demo reports.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

import requests

from shared.demo.endpoints import SandboxEndpoints
from shared.errors import RemoteRejectedError, RemoteUnavailableError

__all__ = [
    "CallTotals",
    "CreatedOrder",
    "Delivered",
    "Dropped",
    "JsonObject",
    "RemittedInvoice",
    "SandboxControl",
]

JsonObject = Mapping[str, object]
_TIMEOUT = (5.0, 60.0)


@dataclass(frozen=True)
class CallTotals:
    """Requests the emulators have answered (outside control routes) since they started."""

    dynamics: int
    sterling: int

    def __sub__(self, other: CallTotals) -> CallTotals:
        return CallTotals(self.dynamics - other.dynamics, self.sterling - other.sterling)

    def __add__(self, other: CallTotals) -> CallTotals:
        return CallTotals(self.dynamics + other.dynamics, self.sterling + other.sterling)


@dataclass(frozen=True)
class Dropped:
    partner: str
    message_id: int
    name: str
    document_type: str  # 850 / ORDERS / 820 / REMADV / 997 / CONTRL
    reference: str  # PO or trace number


@dataclass(frozen=True)
class Delivered:
    partner: str
    message_id: int
    name: str
    payload: bytes


@dataclass(frozen=True)
class CreatedOrder:
    """A sales order the connector created, as the warehouse sees it."""

    legal_entity: str
    number: str
    customer: str


@dataclass(frozen=True)
class RemittedInvoice:
    number: str
    amount: Decimal


def _text(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise RemoteRejectedError(f"the sandbox control API answered without {what}")
    return value


def _number(value: object, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise RemoteRejectedError(f"the sandbox control API answered without {what}")
    return value


class SandboxControl:
    def __init__(self, endpoints: SandboxEndpoints) -> None:
        self._dynamics = f"{endpoints.dynamics}/sandbox/dynamics"
        self._sterling = f"{endpoints.sterling}/sandbox/sterling"
        self._faults = f"{endpoints.sterling}/sandbox/faults"
        self._session = requests.Session()
        self._session.trust_env = False
        self._session.verify = str(endpoints.ca_cert)

    def close(self) -> None:
        self._session.close()

    # -- HTTP ----------------------------------------------------------------------------------------------

    def _call(self, method: str, url: str, body: JsonObject | None = None) -> object:
        try:
            response = self._session.request(method, url, json=body, timeout=_TIMEOUT)
        except requests.RequestException as exc:
            raise RemoteUnavailableError(
                f"the sandbox control API at {url} could not be reached ({type(exc).__name__})",
                hint="check that the sandbox is running (ml-connector sandbox) and the info file is current",
            ) from None
        if response.status_code >= 400:
            raise RemoteRejectedError(
                f"the sandbox control API refused {method} {url}: {response.status_code} {response.text[:300]}",
                status=response.status_code,
            )
        return response.json()

    def _object(self, method: str, url: str, body: JsonObject | None = None) -> Mapping[str, object]:
        value = self._call(method, url, body)
        if not isinstance(value, dict):
            raise RemoteRejectedError(f"the sandbox control API answered {method} {url} with no JSON object")
        return value

    def _list(self, method: str, url: str, key: str | None = None) -> list[Mapping[str, object]]:
        value = self._call(method, url)
        if key is not None and isinstance(value, dict):
            value = value.get(key)
        if not isinstance(value, list):
            raise RemoteRejectedError(f"the sandbox control API answered {method} {url} with no list")
        return [entry for entry in value if isinstance(entry, dict)]

    # -- Dynamics: what people do in F&O -------------------------------------------------------------------

    def create_purchase_order(self, legal_entity: str, vendor: str) -> str:
        keys = self._object("POST", f"{self._dynamics}/purchase-orders", {"dataAreaId": legal_entity, "vendor": vendor})
        return _text(keys.get("PurchaseOrderNumber"), "a purchase order number")

    def confirm_purchase_order(self, legal_entity: str, number: str) -> None:
        self._object(
            "POST",
            f"{self._dynamics}/purchase-orders/confirm",
            {"dataAreaId": legal_entity, "PurchaseOrderNumber": number},
        )

    def create_sales_order(self, legal_entity: str, customer: str) -> str:
        keys = self._object(
            "POST", f"{self._dynamics}/sales-orders", {"dataAreaId": legal_entity, "customer": customer}
        )
        return _text(keys.get("SalesOrderNumber"), "a sales order number")

    def post_packing_slip(self, legal_entity: str, sales_order: str) -> str:
        keys = self._object(
            "POST",
            f"{self._dynamics}/packing-slips/post",
            {"dataAreaId": legal_entity, "SalesOrderNumber": sales_order},
        )
        return _text(keys.get("PackingSlipId"), "a packing slip id")

    def post_sales_invoice(self, legal_entity: str, sales_order: str) -> str:
        keys = self._object(
            "POST",
            f"{self._dynamics}/sales-invoices/post",
            {"dataAreaId": legal_entity, "SalesOrderNumber": sales_order},
        )
        return _text(keys.get("InvoiceNumber"), "an invoice number")

    def created_sales_orders(self) -> list[Mapping[str, object]]:
        """The orders the connector created with their lines, as the emulator stores them (for ``--out``)."""
        return self._list("GET", f"{self._dynamics}/created/sales-orders")

    def created_orders(self) -> list[CreatedOrder]:
        return [
            CreatedOrder(
                legal_entity=_text(order.get("dataAreaId"), "a legal entity"),
                number=_text(order.get("SalesOrderNumber"), "a sales order number"),
                customer=_text(order.get("OrderingCustomerAccountNumber"), "a customer account"),
            )
            for order in self.created_sales_orders()
        ]

    def created_payment_journal_lines(self) -> list[Mapping[str, object]]:
        return self._list("GET", f"{self._dynamics}/created/payment-journal-lines")

    # -- Sterling: what the partners do --------------------------------------------------------------------

    def _dropped(self, answer: Mapping[str, object]) -> list[Dropped]:
        messages = answer.get("messages")
        if not isinstance(messages, list):
            raise RemoteRejectedError("the partner simulator answered without the messages it dropped")
        return [
            Dropped(
                partner=_text(m.get("partner"), "a partner"),
                message_id=_number(m.get("messageId"), "a message id"),
                name=_text(m.get("name"), "a message name"),
                document_type=_text(m.get("documentType"), "a document type"),
                reference=_text(m.get("reference"), "a reference"),
            )
            for m in messages
            if isinstance(m, dict)
        ]

    def send_orders(self, partner: str, document_type: str, count: int) -> list[Dropped]:
        answer = self._object(
            "POST", f"{self._sterling}/partners/{partner}/generate", {"type": document_type, "count": count}
        )
        return self._dropped(answer)

    def send_remittance(self, partner: str, document_type: str, invoices: Sequence[RemittedInvoice]) -> Dropped:
        body = {
            "type": document_type,
            "invoices": [{"number": invoice.number, "amount": str(invoice.amount)} for invoice in invoices],
        }
        dropped = self._dropped(self._object("POST", f"{self._sterling}/partners/{partner}/generate", body))
        if len(dropped) != 1:
            raise RemoteRejectedError(f"the partner simulator dropped {len(dropped)} remittances for {partner}, not 1")
        return dropped[0]

    def acknowledge(self, partner: str) -> list[Dropped]:
        """The partner sends a 997 / CONTRL for every interchange it received and has not acknowledged yet."""
        answer = self._object("POST", f"{self._sterling}/partners/{partner}/ack")
        acks = answer.get("acknowledgements")
        if not isinstance(acks, list):
            raise RemoteRejectedError(f"the partner simulator answered {partner}'s acknowledgement without a list")
        return self._dropped({"messages": [a.get("message") for a in acks if isinstance(a, dict)]})

    def received(self) -> list[Delivered]:
        """Every message the connector has put into a partner's outbound mailbox."""
        return [
            Delivered(
                partner=_text(m.get("partner"), "a partner"),
                message_id=_number(m.get("messageId"), "a message id"),
                name=_text(m.get("name"), "a message name"),
                payload=base64.b64decode(_text(m.get("payload"), "a payload")),
            )
            for m in self._list("GET", f"{self._sterling}/received", "messages")
        ]

    # -- counters ------------------------------------------------------------------------------------------

    def call_totals(self) -> CallTotals:
        """Requests that reached each emulator, faulted ones included (the fault wrapper counts before it acts)."""
        answer = self._object("GET", self._faults)
        stats = answer.get("stats")
        if not isinstance(stats, dict):
            raise RemoteRejectedError("the sandbox fault API answered without statistics")

        def requests_of(system: str) -> int:
            entry = stats.get(system)
            return _number(entry.get("requests"), f"{system} request counts") if isinstance(entry, dict) else 0

        return CallTotals(dynamics=requests_of("dynamics"), sterling=requests_of("sterling"))
