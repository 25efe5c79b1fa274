"""Business events: the payload F&O sends and its delivery to an HTTPS endpoint (reference §6).

Delivery behaves like the real batch threads: each event goes out on a background thread, a send that does
not answer 2xx within the timeout (10 s) is retried 3 times, 1000 ms apart, then parked in the error list
(from which it can be resent); several threads deliver at once, so arrival order is not guaranteed.
"""

from __future__ import annotations

import json
import queue
import random
import ssl
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from sandbox.web import JsonValue

__all__ = [
    "ALL_EVENTS",
    "BusinessEvent",
    "DeliveryPolicy",
    "DeliveryRecord",
    "EventEndpoint",
    "EventHub",
    "wcf_date",
]

PO_CONFIRMED = "PurchaseOrderConfirmedBusinessEvent"
SALES_INVOICE_POSTED = "SalesInvoicePostedBusinessEvent"
FREE_TEXT_INVOICE_POSTED = "CustFreeTextInvoicePostedBusinessEvent"
ALL_EVENTS = (PO_CONFIRMED, SALES_INVOICE_POSTED, FREE_TEXT_INVOICE_POSTED)

# The event-specific members each contract declares, with the value a downloaded schema sample carries.
_CONTRACT_FIELDS: dict[str, dict[str, JsonValue]] = {
    PO_CONFIRMED: {
        "LegalEntity": "",
        "PurchaseJournal": "",
        "PurchaseOrderDate": "/Date(-2208988800000)/",
        "PurchaseOrderNumber": "",
        "PurchaseType": "",
        "TransactionCurrencyAmount": 0.0,
        "TransactionCurrencyCode": "",
        "VendorAccount": "",
    },
    SALES_INVOICE_POSTED: {
        "InvoiceAccount": "",
        "InvoiceAmountInAccountingCurrency": 0.0,
        "InvoiceDate": "/Date(-2208988800000)/",
        "InvoiceDueDate": "/Date(-2208988800000)/",
        "InvoiceId": "",
        "InvoiceTaxAmount": 0.0,
        "LegalEntity": "",
        "SalesOrderId": "",
    },
    FREE_TEXT_INVOICE_POSTED: {
        "InvoiceAccount": "",
        "InvoiceAmountInAccountingCurrency": 0.0,
        "InvoiceDate": "/Date(-2208988800000)/",
        "InvoiceDueDate": "/Date(-2208988800000)/",
        "InvoiceId": "",
        "InvoiceTaxAmount": 0.0,
        "LegalEntity": "",
    },
}
_FIRST_CONTROL_NUMBER = 5637144576
_NIL_GUID = "00000000-0000-0000-0000-000000000000"


def wcf_date(moment: datetime) -> str:
    """The legacy WCF form F&O uses for EventTime and date members: ``/Date(<ms since epoch>)/``."""
    return f"/Date({int(moment.astimezone(UTC).timestamp() * 1000)})/"


def _iso7(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f") + "0Z"


@dataclass(frozen=True)
class BusinessEvent:
    """One committed business process step, before the envelope is added."""

    business_event_id: str
    legal_entity: str
    fields: dict[str, JsonValue]


@dataclass(frozen=True)
class EventEndpoint:
    """An HTTPS endpoint activated for some events, for one legal entity or (blank) all of them."""

    url: str
    event_ids: tuple[str, ...] = ALL_EVENTS
    legal_entity: str = ""
    header_name: str = ""
    header_value: str = field(default="", repr=False)

    def wants(self, event: BusinessEvent) -> bool:
        entity_ok = not self.legal_entity or self.legal_entity.lower() == event.legal_entity.lower()
        return event.business_event_id in self.event_ids and entity_ok


@dataclass(frozen=True)
class DeliveryPolicy:
    timeout_seconds: float = 10.0
    retries: int = 3
    retry_wait_seconds: float = 1.0
    threads: int = 2
    # Delivery is at-least-once (reference §6.3): this share of events is sent twice, so consumers can prove
    # they deduplicate on EventId / ControlNumber.  0 by default.
    duplicate_rate: float = 0.0


@dataclass(frozen=True)
class DeliveryRecord:
    """What happened to one payload at one endpoint: delivered, or parked in the error list."""

    business_event_id: str
    control_number: int
    url: str = field(repr=False)  # may carry the endpoint's ?code= secret
    attempts: int
    delivered: bool
    last_status: int  # 0 when no HTTP answer arrived
    payload: dict[str, JsonValue] = field(repr=False)


@dataclass(frozen=True)
class _Job:
    endpoint: EventEndpoint
    payload: dict[str, JsonValue]


class EventHub:
    """Activation, envelope numbering and background delivery of business events."""

    def __init__(self, seed: int, ca_cert_path: Path, policy: DeliveryPolicy, clock: Callable[[], datetime]) -> None:
        self._rng = random.Random(seed)  # noqa: S311 - deterministic numbering, not secrets
        self._lock = threading.Lock()
        self._control_number = _FIRST_CONTROL_NUMBER
        self._ssl = ssl.create_default_context(cafile=str(ca_cert_path)) if ca_cert_path.is_file() else None
        self._policy = policy
        self._clock = clock
        self._endpoints: list[EventEndpoint] = []
        self._queue: queue.Queue[_Job | None] = queue.Queue()
        self._records: list[DeliveryRecord] = []
        self._pending = 0
        self._idle = threading.Condition(self._lock)
        self._workers: list[threading.Thread] = []

    @property
    def policy(self) -> DeliveryPolicy:
        return self._policy

    def set_duplicate_rate(self, rate: float) -> None:
        with self._lock:
            self._policy = replace(self._policy, duplicate_rate=min(1.0, max(0.0, rate)))

    def _ensure_workers(self) -> None:
        if self._workers:
            return
        for n in range(self._policy.threads):
            worker = threading.Thread(target=self._work, name=f"dynamics-business-events-{n}", daemon=True)
            worker.start()
            self._workers.append(worker)

    def activate(self, endpoint: EventEndpoint) -> int:
        """Activate ``endpoint``; like F&O, send it one test message per event so its configuration is checked."""
        with self._lock:
            self._endpoints = [e for e in self._endpoints if e.url != endpoint.url]
            self._endpoints.append(endpoint)
        for event_id in endpoint.event_ids:
            self._enqueue(_Job(endpoint, self._test_payload(event_id)))
        return len(endpoint.event_ids)

    def deactivate(self, url: str | None = None) -> int:
        with self._lock:
            before = len(self._endpoints)
            self._endpoints = [e for e in self._endpoints if url is not None and e.url != url]
            return before - len(self._endpoints)

    def endpoints(self) -> list[EventEndpoint]:
        with self._lock:
            return list(self._endpoints)

    def publish(self, event: BusinessEvent) -> int:
        """Number the event and queue it for every endpoint that wants it; returns its ControlNumber."""
        with self._lock:
            self._control_number += self._rng.randint(1, 3)  # increasing, with gaps (reference §6.3)
            control_number = self._control_number
            event_id = str(uuid.UUID(int=self._rng.getrandbits(128), version=4)).upper()
            user = str(uuid.UUID(int=self._rng.getrandbits(128), version=4)).upper()
            targets = [e for e in self._endpoints if e.wants(event)]
            copies = 2 if self._rng.random() < self._policy.duplicate_rate else 1
        now = self._clock()
        payload: dict[str, JsonValue] = {
            "BusinessEventId": event.business_event_id,
            "BusinessEventLegalEntity": event.legal_entity,
            "ContextRecordSubject": "",
            "ControlNumber": control_number,
            "EventId": event_id,
            "EventTime": wcf_date(now),
            "EventTimeIso8601": _iso7(now),
            "InitiatingUserAADObjectId": "{" + user + "}",
            "MajorVersion": 0,
            "MinorVersion": 0,
            "ParentContextRecordSubjects": [],
            **event.fields,
        }
        payload = dict(sorted(payload.items()))
        for endpoint in targets:
            for _ in range(copies):
                self._enqueue(_Job(endpoint, payload))
        return control_number

    @staticmethod
    def _test_payload(event_id: str) -> dict[str, JsonValue]:
        # ASSUMPTION (ADR 0220): the activation test message has the shape of the event's downloaded schema
        # sample: envelope at default values, nil GUIDs, ParentContextRecordSubjects null, members empty.
        payload: dict[str, JsonValue] = {
            "BusinessEventId": event_id,
            "BusinessEventLegalEntity": "",
            "ContextRecordSubject": "",
            "ControlNumber": 0,
            "EventId": _NIL_GUID.upper(),
            "EventTime": "/Date(-2208988800000)/",
            "EventTimeIso8601": "1900-01-01T00:00:00.0000000Z",
            "InitiatingUserAADObjectId": "{" + _NIL_GUID.upper() + "}",
            "MajorVersion": 0,
            "MinorVersion": 0,
            "ParentContextRecordSubjects": None,
            **_CONTRACT_FIELDS[event_id],
        }
        return dict(sorted(payload.items()))

    def _enqueue(self, job: _Job) -> None:
        with self._lock:
            self._pending += 1
            self._ensure_workers()
        self._queue.put(job)

    def _work(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            record = self._deliver(job)
            with self._lock:
                self._records.append(record)
                self._pending -= 1
                self._idle.notify_all()

    def _send(self, job: _Job, body: bytes) -> int:
        request = urllib.request.Request(job.endpoint.url, data=body, method="POST")  # noqa: S310 - http(s) only
        request.add_header("Content-Type", "application/json")
        if job.endpoint.header_name:
            request.add_header(job.endpoint.header_name, job.endpoint.header_value)
        try:
            # The URL is the endpoint the operator registered (http or https only, checked at activation).
            opened = urllib.request.urlopen(request, timeout=self._policy.timeout_seconds, context=self._ssl)  # noqa: S310
            with opened as response:
                return int(response.status)
        except urllib.error.HTTPError as exc:
            return int(exc.code)
        except (OSError, ValueError):
            return 0

    def _deliver(self, job: _Job) -> DeliveryRecord:
        body = json.dumps(job.payload, separators=(",", ":")).encode("utf-8")
        attempts = 0
        status = 0
        while attempts <= self._policy.retries:
            if attempts:
                time.sleep(self._policy.retry_wait_seconds)
            attempts += 1
            status = self._send(job, body)
            if 200 <= status < 300:
                break
        number = job.payload.get("ControlNumber")
        return DeliveryRecord(
            business_event_id=str(job.payload.get("BusinessEventId", "")),
            control_number=number if isinstance(number, int) else 0,
            url=job.endpoint.url,
            attempts=attempts,
            delivered=200 <= status < 300,
            last_status=status,
            payload=job.payload,
        )

    def records(self) -> list[DeliveryRecord]:
        with self._lock:
            return list(self._records)

    def errors(self) -> list[DeliveryRecord]:
        return [r for r in self.records() if not r.delivered]

    def resend_errors(self) -> int:
        """Resend every parked payload to the endpoint now active for its URL (F&O's Errors tab > Resend)."""
        with self._lock:
            parked = [r for r in self._records if not r.delivered]
            self._records = [r for r in self._records if r.delivered]
            endpoints = {e.url: e for e in self._endpoints}
        for record in parked:
            endpoint = endpoints.get(record.url, EventEndpoint(record.url))
            self._enqueue(_Job(endpoint, record.payload))
        return len(parked)

    def wait_idle(self, timeout: float) -> bool:
        """Block until every queued payload is delivered or parked (tests and the demo use this)."""
        deadline = time.monotonic() + timeout
        with self._idle:
            while self._pending:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._idle.wait(remaining)
            return True

    def close(self) -> None:
        for _ in self._workers:
            self._queue.put(None)
        for worker in self._workers:
            worker.join(timeout=1)
        self._workers = []
