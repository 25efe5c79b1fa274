"""Business events delivered over real HTTPS (127.0.0.1, a CA of our own) with F&O's retry behaviour."""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import re
import ssl
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from sandbox.dynamics import DynamicsEmulator
from sandbox.dynamics.events import DeliveryPolicy
from sandbox.jwt import SigningKey
from tests.unit.sandbox_dynamics.support import make_context

pytestmark = pytest.mark.integration


def _certificates(folder: Path) -> tuple[Path, Path, Path]:
    """A throwaway CA and a server certificate for 127.0.0.1 signed by it."""
    now = dt.datetime.now(dt.UTC)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "dynamics-events-test-ca")])
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    ca_path, cert_path, key_path = folder / "ca.pem", folder / "server.pem", folder / "server.key"
    ca_path.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return ca_path, cert_path, key_path


@dataclass
class Receiver:
    """The connector's event endpoint, scripted: ``fail_first`` answers 500 to the first N posts of an event."""

    url: str
    received: list[tuple[dict[str, object], dict[str, str]]] = field(default_factory=list)
    fail_first: int = 0
    always_fail: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)
    attempts: dict[object, int] = field(default_factory=dict)

    def payloads(self, event_id: str) -> list[dict[str, object]]:
        with self.lock:
            return [p for p, _ in self.received if p.get("BusinessEventId") == event_id]


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    return _certificates(tmp_path_factory.mktemp("events-tls"))


@pytest.fixture
def receiver(certificates: tuple[Path, Path, Path]) -> Iterator[Receiver]:
    _, cert_path, key_path = certificates
    state = Receiver("")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            payload = json.loads(self.rfile.read(length))
            identity = (payload.get("BusinessEventId"), payload.get("ControlNumber"))
            with state.lock:
                state.attempts[identity] = state.attempts.get(identity, 0) + 1
                failing = state.always_fail or state.attempts[identity] <= state.fail_first
                if not failing:
                    state.received.append((payload, {k.lower(): v for k, v in self.headers.items()}))
            self.send_response(500 if failing else 202)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"https://127.0.0.1:{server.server_address[1]}/api/fo-events?code=s3cret"
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def emulator(certificates: tuple[Path, Path, Path]) -> Iterator[DynamicsEmulator]:
    ca_path, _, _ = certificates
    key = SigningKey.generate("events")
    emu = DynamicsEmulator(
        make_context(key, ca=ca_path), delivery=DeliveryPolicy(timeout_seconds=5, retries=3, retry_wait_seconds=0.05)
    )
    yield emu
    emu.close()


def test_activation_sends_one_test_message_per_event(emulator: DynamicsEmulator, receiver: Receiver) -> None:
    sent = emulator.register_event_endpoint(receiver.url, header_name="x-functions-key", header_value="fn-key-1")
    assert sent == 3
    assert emulator.wait_for_events(10)
    ids = sorted(str(p["BusinessEventId"]) for p, _ in receiver.received)
    assert ids == [
        "CustFreeTextInvoicePostedBusinessEvent",
        "PurchaseOrderConfirmedBusinessEvent",
        "SalesInvoicePostedBusinessEvent",
    ]
    for payload, headers in receiver.received:
        assert payload["ControlNumber"] == 0
        assert payload["ParentContextRecordSubjects"] is None
        assert payload["EventId"] == "00000000-0000-0000-0000-000000000000"
        assert headers["x-functions-key"] == "fn-key-1"
        assert headers["content-type"] == "application/json"


def test_po_confirmation_event_payload(emulator: DynamicsEmulator, receiver: Receiver) -> None:
    emulator.register_event_endpoint(receiver.url, event_ids=("PurchaseOrderConfirmedBusinessEvent",))
    number = emulator.create_purchase_order("usmf", "US-V02")["PurchaseOrderNumber"]
    emulator.confirm_purchase_order("usmf", number)
    assert emulator.wait_for_events(10)
    events = [p for p in receiver.payloads("PurchaseOrderConfirmedBusinessEvent") if p["ControlNumber"] != 0]
    assert len(events) == 1
    event = events[0]
    assert event["PurchaseOrderNumber"] == number
    assert event["VendorAccount"] == "US-V02"
    assert event["LegalEntity"] == event["BusinessEventLegalEntity"] == "usmf"
    assert event["PurchaseJournal"] == f"{number}-1"
    assert event["PurchaseType"] == "Purch"
    assert event["MajorVersion"] == 0
    assert event["MinorVersion"] == 0
    assert re.fullmatch(r"/Date\(\d{13}\)/", str(event["EventTime"]))
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z", str(event["EventTimeIso8601"]))
    assert re.fullmatch(r"[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}", str(event["EventId"]))
    assert re.fullmatch(r"\{[0-9A-F-]{36}\}", str(event["InitiatingUserAADObjectId"]))
    assert isinstance(event["ControlNumber"], int)
    assert event["ControlNumber"] > 5637144576
    assert event["TransactionCurrencyCode"] == "USD"
    assert float(event["TransactionCurrencyAmount"]) > 0


def test_failed_sends_are_retried_until_accepted(emulator: DynamicsEmulator, receiver: Receiver) -> None:
    emulator.register_event_endpoint(receiver.url, event_ids=("SalesInvoicePostedBusinessEvent",))
    assert emulator.wait_for_events(10)
    receiver.fail_first = 2
    order = emulator.create_sales_order("usmf", "US-101")["SalesOrderNumber"]
    keys = emulator.post_sales_invoice("usmf", order)
    assert emulator.wait_for_events(10)
    events = [p for p in receiver.payloads("SalesInvoicePostedBusinessEvent") if p["ControlNumber"] != 0]
    assert [(e["InvoiceId"], e["SalesOrderId"], e["InvoiceAccount"]) for e in events] == [
        (keys["InvoiceNumber"], order, "US-101")
    ]
    record = next(r for r in emulator.event_deliveries() if r.control_number == events[0]["ControlNumber"])
    assert record.delivered
    assert record.attempts == 3


def test_endpoint_down_parks_the_event_and_resend_delivers_it(emulator: DynamicsEmulator, receiver: Receiver) -> None:
    emulator.register_event_endpoint(receiver.url, event_ids=("CustFreeTextInvoicePostedBusinessEvent",))
    assert emulator.wait_for_events(10)
    receiver.always_fail = True
    keys = emulator.post_free_text_invoice("usmf", "US-104")
    assert emulator.wait_for_events(10)
    errors = emulator.event_errors()
    assert len(errors) == 1
    assert errors[0].attempts == 4
    assert errors[0].last_status == 500
    receiver.always_fail = False
    assert emulator.resend_event_errors() == 1
    assert emulator.wait_for_events(10)
    assert emulator.event_errors() == []
    delivered = [p for p in receiver.payloads("CustFreeTextInvoicePostedBusinessEvent") if p["ControlNumber"] != 0]
    assert [p["InvoiceId"] for p in delivered] == [keys["InvoiceNumber"]]
    assert "SalesOrderId" not in delivered[0]


def test_legal_entity_scoped_endpoint_gets_only_its_events(emulator: DynamicsEmulator, receiver: Receiver) -> None:
    emulator.register_event_endpoint(receiver.url, legal_entity="demf", event_ids=("SalesInvoicePostedBusinessEvent",))
    assert emulator.wait_for_events(10)
    usmf = emulator.create_sales_order("usmf", "US-101")["SalesOrderNumber"]
    demf = emulator.create_sales_order("demf", "DE-201")["SalesOrderNumber"]
    emulator.post_sales_invoice("usmf", usmf)
    emulator.post_sales_invoice("demf", demf)
    assert emulator.wait_for_events(10)
    events = [p for p in receiver.payloads("SalesInvoicePostedBusinessEvent") if p["ControlNumber"] != 0]
    assert [(e["LegalEntity"], e["SalesOrderId"]) for e in events] == [("demf", demf)]


def test_untrusted_certificate_is_a_delivery_failure(receiver: Receiver) -> None:
    emu = DynamicsEmulator(
        make_context(SigningKey.generate("no-ca")),
        delivery=DeliveryPolicy(timeout_seconds=2, retries=1, retry_wait_seconds=0.01),
    )
    try:
        emu.register_event_endpoint(receiver.url, event_ids=("SalesInvoicePostedBusinessEvent",))
        deadline = time.monotonic() + 10
        assert emu.wait_for_events(10)
        assert time.monotonic() < deadline
        assert receiver.received == []
        assert [(r.delivered, r.attempts, r.last_status) for r in emu.event_errors()] == [(False, 2, 0)]
    finally:
        emu.close()


def test_duplicate_delivery_repeats_the_same_event(emulator: DynamicsEmulator, receiver: Receiver) -> None:
    emulator.register_event_endpoint(receiver.url, event_ids=("SalesInvoicePostedBusinessEvent",))
    assert emulator.wait_for_events(10)
    emulator.set_event_duplicate_rate(1.0)
    order = emulator.create_sales_order("usmf", "US-102")["SalesOrderNumber"]
    emulator.post_sales_invoice("usmf", order)
    assert emulator.wait_for_events(10)
    events = [p for p in receiver.payloads("SalesInvoicePostedBusinessEvent") if p["ControlNumber"] != 0]
    assert len(events) == 2
    assert events[0] == events[1]
