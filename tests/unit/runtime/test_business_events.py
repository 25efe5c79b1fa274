"""Reading F&O business-event payloads: the current envelope, the older one, the activation test message."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from shared.flows.contract import FlowName
from shared.runtime.business_events import EventPayloadError, parse_business_event

pytestmark = pytest.mark.unit

CURRENT = {
    "BusinessEventId": "SalesInvoicePostedBusinessEvent",
    "BusinessEventLegalEntity": "USMF",
    "ContextRecordSubject": "",
    "ControlNumber": 5637144580,
    "EventId": "9C091AF1-5BAF-4CA9-B0A4-94D6E59A0D1C",
    "EventTime": "/Date(1697470966000)/",
    "EventTimeIso8601": "2023-10-16T15:42:46.3440655Z",
    "InitiatingUserAADObjectId": "{C600136F-6814-41D9-8642-40CA0EC4EDD4}",
    "InvoiceAccount": "US-003",
    "InvoiceId": "CIV-000123",
    "LegalEntity": "usmf",
    "MajorVersion": 0,
    "MinorVersion": 0,
    "ParentContextRecordSubjects": [],
}
# The 2021 capture of reference §6.4: no BusinessEventLegalEntity / EventTimeIso8601.
OLDER = {
    "BusinessEventId": "PurchaseOrderConfirmedBusinessEvent",
    "ControlNumber": 5637144576,
    "EventId": "55A81094-A14E-46A6-A12C-07ED5C5990C6",
    "EventTime": "/Date(1637246655000)/",
    "LegalEntity": "brmf",
    "MajorVersion": 0,
    "MinorVersion": 0,
    "PurchaseJournal": "BRMF-000018-2",
    "PurchaseOrderNumber": "BRMF-000018",
    "VendorAccount": "BRMF-000004",
}


def _body(document: object) -> bytes:
    return json.dumps(document).encode()


def test_current_envelope() -> None:
    event = parse_business_event(_body(CURRENT))
    assert event.legal_entity == "usmf"
    assert event.document_number == "CIV-000123"
    assert event.account == "US-003"
    assert event.event_time == datetime(2023, 10, 16, 15, 42, 46, 344065, tzinfo=UTC)
    assert event.route is not None
    assert event.route.flow is FlowName.OUTBOUND_810
    assert not event.is_activation_test
    assert event.dedupe_keys == (
        "event/9C091AF1-5BAF-4CA9-B0A4-94D6E59A0D1C",
        "SalesInvoicePostedBusinessEvent/5637144580",
    )


def test_older_envelope_uses_the_contract_legal_entity_and_wcf_time() -> None:
    event = parse_business_event(_body(OLDER))
    assert event.legal_entity == "brmf"
    assert event.document_number == "BRMF-000018"
    assert event.account == "BRMF-000004"
    assert event.event_time == datetime(2021, 11, 18, 14, 44, 15, tzinfo=UTC)
    assert event.route is not None
    assert event.route.flow is FlowName.OUTBOUND_850


def test_activation_test_message_is_recognised() -> None:
    test_message = {
        **CURRENT,
        "BusinessEventLegalEntity": "",
        "ControlNumber": 0,
        "EventId": "00000000-0000-0000-0000-000000000000",
        "InvoiceId": "",
        "ParentContextRecordSubjects": None,
    }
    assert parse_business_event(_body(test_message)).is_activation_test


def test_unrouted_events_parse_without_a_document() -> None:
    event = parse_business_event(_body({**OLDER, "BusinessEventId": "VendorInvoicePostedBusinessEvent"}))
    assert event.route is None
    assert event.document_number == ""


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (b"not json", "not UTF-8 JSON"),
        (b"[1, 2]", "not a JSON object"),
        (_body({**CURRENT, "EventId": "nope"}), "EventId is not a GUID"),
        (_body({**CURRENT, "ControlNumber": "12"}), "ControlNumber"),
        (_body({k: v for k, v in CURRENT.items() if k != "BusinessEventId"}), "BusinessEventId is missing"),
        (_body({**CURRENT, "EventTimeIso8601": "yesterday"}), "EventTimeIso8601"),
        (b"{" + b" " * 300_000 + b"}", "bytes, over"),
    ],
    ids=["not-json", "array", "bad-guid", "text-control-number", "no-event-id", "bad-time", "too-big"],
)
def test_malformed_payloads_are_refused(body: bytes, says: str) -> None:
    with pytest.raises(EventPayloadError, match=says):
        parse_business_event(body)
