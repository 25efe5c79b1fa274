"""The business-event endpoint's logic on both backends: auth, activation, routing, dedupe, 202 after enqueue."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from datetime import timedelta

import pytest

from shared.composition import Runtime
from shared.errors import RemoteUnavailableError
from shared.flows.contract import FlowName
from shared.runtime.http_api import answer_event
from shared.runtime.journal import Invocation
from shared.state.ports import WorkQueue
from shared.state.records import AuditOutcome, AuditQuery, PoisonedWork, ReceivedWork, WorkItem, WorkLane
from tests.integration.runtime.support import URL_TOKEN

pytestmark = pytest.mark.integration

INVOCATION = Invocation("test-event", "test")
TOKEN = {"token": URL_TOKEN}


def _event(
    event_id: str = "9C091AF1-5BAF-4CA9-B0A4-94D6E59A0D1C", control: int = 5637144580, **fields: object
) -> bytes:
    document: dict[str, object] = {
        "BusinessEventId": "SalesInvoicePostedBusinessEvent",
        "BusinessEventLegalEntity": "usmf",
        "ContextRecordSubject": "",
        "ControlNumber": control,
        "EventId": event_id,
        "EventTime": "/Date(1697470966000)/",
        "EventTimeIso8601": "2023-10-16T15:42:46.3440655Z",
        "InitiatingUserAADObjectId": "{C600136F-6814-41D9-8642-40CA0EC4EDD4}",
        "InvoiceAccount": "US-101",  # BIGBOX, enabled for outbound_810
        "InvoiceId": "CIV-000123",
        "LegalEntity": "usmf",
        "MajorVersion": 0,
        "MinorVersion": 0,
        "ParentContextRecordSubjects": [],
    }
    document.update(fields)
    return json.dumps(document).encode()


def _queued(runtime: Runtime) -> list[WorkItem]:
    queue = runtime.services.state.work_queue
    works = queue.receive(WorkLane.OUTBOUND, visibility=timedelta(seconds=30), max_items=32)
    for work in works:
        queue.release(work)
    return [w.item for w in works]


def test_a_wrong_or_missing_token_is_refused_before_anything_is_read(runtime: Runtime) -> None:
    for query in ({}, {"token": "wrong"}, {"token": URL_TOKEN[:-1]}):
        answer = answer_event(_event(), query, runtime, INVOCATION)
        assert answer.status == 401
        assert answer.body["message"] == "unauthorized"
    assert _queued(runtime) == []


def test_the_activation_test_message_is_answered_without_queueing(runtime: Runtime) -> None:
    test_message = _event(
        event_id="00000000-0000-0000-0000-000000000000",
        control=0,
        BusinessEventLegalEntity="",
        InvoiceId="",
        InvoiceAccount="",
        ParentContextRecordSubjects=None,
    )
    answer = answer_event(test_message, TOKEN, runtime, INVOCATION)
    assert (answer.status, answer.body["status"]) == (200, "activation_test")
    assert _queued(runtime) == []


def test_an_event_is_queued_once_and_its_duplicates_are_answered_2xx(runtime: Runtime) -> None:
    first = answer_event(_event(), TOKEN, runtime, INVOCATION)
    assert (first.status, first.body["status"]) == (202, "accepted")
    again = answer_event(_event(), TOKEN, runtime, INVOCATION)  # the same delivery repeated
    assert (again.status, again.body["status"]) == (200, "duplicate")
    same_control = answer_event(_event(event_id="11111111-2222-4333-8444-555555555555"), TOKEN, runtime, INVOCATION)
    assert (same_control.status, same_control.body["status"]) == (200, "duplicate")
    [item] = _queued(runtime)
    assert (item.flow, item.natural_key, item.partner, item.kind) == (
        FlowName.OUTBOUND_810.value,
        "usmf/CIV-000123",
        "BIGBOX",
        "dynamics_record",
    )
    assert item.correlation_id == "9C091AF1-5BAF-4CA9-B0A4-94D6E59A0D1C"


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (_event(BusinessEventId="VendorInvoicePostedBusinessEvent"), "is not routed"),
        (_event(InvoiceAccount="US-999"), "customer US-999 is not a trading partner"),
        (
            _event(
                BusinessEventId="PurchaseOrderConfirmedBusinessEvent", VendorAccount="US-101", PurchaseOrderNumber="P1"
            ),
            "vendor US-101 is not a trading partner",
        ),
    ],
    ids=["unrouted-event", "non-edi-customer", "customer-account-as-vendor"],
)
def test_events_that_need_nothing_are_answered_200_with_an_audit_note(runtime: Runtime, body: bytes, says: str) -> None:
    answer = answer_event(body, TOKEN, runtime, INVOCATION)
    assert (answer.status, answer.body["status"]) == (200, "ignored")
    assert says in str(answer.body["message"])
    assert _queued(runtime) == []
    notes = runtime.services.state.audit.query(AuditQuery(flow="dynamics_event", outcome=AuditOutcome.SKIPPED))
    assert any(says in note.message for note in notes)


def test_a_body_that_is_not_an_event_is_a_400(runtime: Runtime) -> None:
    answer = answer_event(b"<xml/>", TOKEN, runtime, INVOCATION)
    assert (answer.status, answer.body["status"]) == (400, "rejected")


@dataclasses.dataclass
class _QueueOutage:
    """The real queue, except that enqueue fails while ``down`` (as a storage outage would)."""

    inner: WorkQueue
    down: bool = True

    @property
    def max_attempts(self) -> int:
        return self.inner.max_attempts

    def enqueue(self, lane: WorkLane, item: WorkItem, *, delay: timedelta = timedelta(0)) -> None:
        if self.down:
            raise RemoteUnavailableError("queue service unavailable", context={"lane": lane.value})
        self.inner.enqueue(lane, item, delay=delay)

    def receive(self, lane: WorkLane, *, visibility: timedelta, max_items: int = 1) -> Sequence[ReceivedWork]:
        return self.inner.receive(lane, visibility=visibility, max_items=max_items)

    def complete(self, work: ReceivedWork) -> None:
        self.inner.complete(work)

    def release(self, work: ReceivedWork, *, after: timedelta = timedelta(0)) -> None:
        self.inner.release(work, after=after)

    def poisoned(self, lane: WorkLane, *, limit: int = 32) -> list[PoisonedWork]:
        return self.inner.poisoned(lane, limit=limit)


def test_202_only_after_the_enqueue_and_5xx_so_dynamics_retries_when_it_fails(runtime: Runtime) -> None:
    outage = _QueueOutage(runtime.services.state.work_queue)
    state = dataclasses.replace(runtime.services.state, work_queue=outage)
    broken = dataclasses.replace(runtime, services=dataclasses.replace(runtime.services, state=state))
    failed = answer_event(_event(), TOKEN, broken, INVOCATION)
    assert (failed.status, failed.body["status"]) == (503, "unavailable")
    assert _queued(runtime) == []
    outage.down = False
    retried = answer_event(_event(), TOKEN, broken, INVOCATION)  # F&O's retry of the same event
    assert (retried.status, retried.body["status"]) == (202, "accepted")
    assert [item.natural_key for item in _queued(runtime)] == ["usmf/CIV-000123"]
