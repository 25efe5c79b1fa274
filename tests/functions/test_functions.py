"""Each function called as the worker calls it: azure-functions request, queue message and timer objects."""

from __future__ import annotations

import base64
import dataclasses
import json
import uuid
from datetime import timedelta

import azure.functions as func
import pytest
import requests
from azure.functions.queue import QueueMessage
from azure.functions.timer import TimerRequest

from sandbox.launcher import RunningSandbox
from shared.composition import Runtime, reset_current_runtime
from shared.errors import RemoteUnavailableError
from shared.flows.contract import FlowName, WorkKind, document_key
from shared.functions import events, operations, queues, timers
from shared.runtime.ack_check import ACK_OVERDUE_STEP
from shared.runtime.event_intake import EVENT_LEDGER_FLOW
from shared.runtime.queue_work import RetryLaterError
from shared.state.records import AuditQuery, Direction, LedgerChange, LedgerClaim, LedgerStatus, WorkItem, WorkLane
from shared.state.work_codec import work_item_json
from tests.functions.conftest import FunctionContext
from tests.integration.runtime.support import URL_TOKEN, ScriptedFlow, registered
from tests.integration.runtime.test_overdue_acks import at, deliver

pytestmark = pytest.mark.integration

CONTEXT = FunctionContext()


def _post_event(body: bytes, token: str | None = URL_TOKEN) -> func.HttpResponse:
    params = {"code": "checked-by-the-host"} | ({"token": token} if token else {})
    request = func.HttpRequest(
        method="POST",
        url="https://app.azurewebsites.net/api/events/dynamics",
        headers={"Content-Type": "application/json"},
        params=params,
        route_params={},
        body=body,
    )
    return events.dynamics_business_event(request, CONTEXT)


def _ops(function: object, method: str, params: dict[str, str]) -> tuple[int, dict[str, object]]:
    request = func.HttpRequest(method=method, url="https://app/api/ops", params=params, route_params={}, body=b"")
    if function is operations.ops_replay:
        response = operations.ops_replay(request, CONTEXT)
    elif function is operations.ops_failures:
        response = operations.ops_failures(request)
    elif function is operations.ops_acks_overdue:
        response = operations.ops_acks_overdue(request)
    else:
        response = operations.ops_audit(request)
    assert response.mimetype == "application/json"
    return response.status_code, json.loads(response.get_body())


def _message(item: WorkItem, dequeue_count: int) -> QueueMessage:
    # The host hands the trigger the base64-decoded body.
    return QueueMessage(
        id=str(uuid.uuid4()), body=work_item_json(item).encode(), dequeue_count=dequeue_count, pop_receipt="pr"
    )


def _invoice_event(control: int) -> bytes:
    return json.dumps(
        {
            "BusinessEventId": "CustFreeTextInvoicePostedBusinessEvent",
            "BusinessEventLegalEntity": "usmf",
            "ControlNumber": control,
            "EventId": str(uuid.uuid4()).upper(),
            "EventTime": "/Date(1697470966000)/",
            "InvoiceAccount": "US-101",
            "InvoiceId": f"FTI-{control}",
            "MajorVersion": 0,
            "MinorVersion": 0,
        }
    ).encode()


def test_event_endpoint_refuses_a_wrong_token_answers_activation_and_dedupes(installed: Runtime) -> None:
    assert _post_event(_invoice_event(1), token="nope").status_code == 401
    assert _post_event(_invoice_event(1), token=None).status_code == 401
    activation = json.dumps(
        {
            "BusinessEventId": "PurchaseOrderConfirmedBusinessEvent",
            "ControlNumber": 0,
            "EventId": "0" * 8 + "-0000-0000-0000-" + "0" * 12,
        }
    ).encode()
    assert _post_event(activation).status_code == 200
    body = _invoice_event(5637144999)
    accepted = _post_event(body)
    assert accepted.status_code == 202
    assert json.loads(accepted.get_body())["status"] == "accepted"
    duplicate = _post_event(body)
    assert duplicate.status_code == 200
    assert json.loads(duplicate.get_body())["status"] == "duplicate"
    queue = installed.services.state.work_queue
    works = queue.receive(WorkLane.OUTBOUND, visibility=timedelta(seconds=30), max_items=32)
    assert [w.item.natural_key for w in works] == [document_key("usmf", "FTI-5637144999")]


def test_a_message_failing_five_times_ends_as_a_replayable_failure_in_the_ops_api(installed: Runtime) -> None:
    flow = ScriptedFlow(broken=RemoteUnavailableError("Dynamics answered 503", context={"system": "dynamics"}))
    item = WorkItem(
        WorkKind.DYNAMICS_RECORD.value, FlowName.OUTBOUND_850.value, document_key("usmf", "PO-77"), "ACMEPACK", "c-77"
    )
    with registered({FlowName.OUTBOUND_850: flow}):
        for attempt in range(1, 5):
            with pytest.raises(RetryLaterError, match=f"attempt {attempt} of 5 failed"):
                queues.outbound_work(_message(item, attempt), CONTEXT)
        queues.outbound_work(_message(item, 5), CONTEXT)  # the last attempt records the failure and returns

        status, failures = _ops(operations.ops_failures, "GET", {"flow": "outbound_850"})
        assert status == 200
        [row] = failures["failed"]  # type: ignore[misc]
        assert row["natural_key"] == "usmf/PO-77"
        assert row["failure_reason"].startswith("gave up after 5 attempts: RemoteUnavailableError")

        status, trail = _ops(operations.ops_audit, "GET", {"key": "usmf/PO-77"})
        assert status == 200
        outcomes = [e["outcome"] for e in trail["events"]]  # type: ignore[union-attr]
        assert outcomes.count("retrying") == 4
        assert outcomes[0] == "failed"  # newest first

        flow.broken = None
        status, replayed = _ops(operations.ops_replay, "POST", {"key": "usmf/PO-77"})
        assert (status, replayed["queued"]) == (202, 1)
        queue = installed.services.state.work_queue
        [work] = queue.receive(WorkLane.OUTBOUND, visibility=timedelta(seconds=30))
        queues.outbound_work(_message(work.item, 1), CONTEXT)
        queue.complete(work)
    entry = installed.services.state.ledger.get(item.flow, item.natural_key)
    assert entry is not None
    assert entry.status is LedgerStatus.DELIVERED
    assert _ops(operations.ops_failures, "GET", {})[1]["failed"] == []


def test_a_message_that_is_not_a_work_item_is_archived_and_audited_not_lost(installed: Runtime) -> None:
    garbage = QueueMessage(id="m-1", body=b"hello from someone else", dequeue_count=1, pop_receipt="pr")
    queues.inbound_work(garbage, CONTEXT)  # returns: nothing to retry, nothing for the poison queue
    status, trail = _ops(operations.ops_audit, "GET", {"key": "m-1"})
    assert status == 200
    [event] = trail["events"]  # type: ignore[misc]
    assert event["outcome"] == "failed"
    from shared.state.records import PayloadRef

    assert installed.services.state.payloads.get(PayloadRef.parse(event["payload"])) == b"hello from someone else"


def test_the_poll_timer_queues_a_dropped_message(installed: Runtime, sandbox: RunningSandbox) -> None:
    response = requests.post(
        f"{sandbox.info.sterling}/sandbox/sterling/partners/NORTHCO/drop",
        json={"payload": base64.b64encode(b"ISA*timer~").decode(), "name": "timer.edi"},
        verify=str(sandbox.info.ca_cert),
        timeout=10,
    )
    response.raise_for_status()
    message_id = str(response.json()["messages"][0]["messageId"])
    timers.sterling_poll(TimerRequest(past_due=True, schedule_status={}), CONTEXT)
    entry = installed.services.state.ledger.find_by_message_id(message_id)
    assert entry is not None
    assert entry.status is LedgerStatus.CLAIMED
    flow = ScriptedFlow(direction=Direction.INBOUND)
    queue = installed.services.state.work_queue
    with registered({FlowName.INBOUND_MESSAGE: flow}):
        for work in queue.receive(WorkLane.INBOUND, visibility=timedelta(seconds=30), max_items=32):
            queues.inbound_work(_message(work.item, work.dequeue_count), CONTEXT)
            queue.complete(work)
    assert message_id in flow.calls


def test_the_sweep_timer_runs_the_registered_sweepers(installed: Runtime) -> None:
    found = WorkItem(
        WorkKind.DYNAMICS_RECORD.value, FlowName.OUTBOUND_856.value, document_key("usmf", "PS-1"), "BIGBOX", "c-ps"
    )
    with registered({FlowName.OUTBOUND_856: ScriptedFlow()}, {FlowName.OUTBOUND_856: lambda services, since: [found]}):
        timers.dynamics_sweep(TimerRequest(past_due=False, schedule_status={}), CONTEXT)
    queue = installed.services.state.work_queue
    works = queue.receive(WorkLane.OUTBOUND, visibility=timedelta(seconds=30), max_items=32)
    assert [w.item.natural_key for w in works] == ["usmf/PS-1"]


def test_a_message_the_host_poisoned_becomes_a_replayable_failure(installed: Runtime) -> None:
    # Every attempt crashed before the runtime could record anything; the host moved the message to -poison.
    item = WorkItem(
        WorkKind.DYNAMICS_RECORD.value, FlowName.OUTBOUND_850.value, document_key("usmf", "PO-88"), "ACMEPACK", "c-88"
    )
    queues.outbound_poison(_message(item, 1), CONTEXT)
    status, failures = _ops(operations.ops_failures, "GET", {"flow": "outbound_850"})
    assert status == 200
    [row] = failures["failed"]  # type: ignore[misc]
    assert row["natural_key"] == "usmf/PO-88"
    assert "crashed or timed out" in row["failure_reason"]
    flow = ScriptedFlow()
    with registered({FlowName.OUTBOUND_850: flow}):
        status, replayed = _ops(operations.ops_replay, "POST", {"key": "usmf/PO-88"})
        assert (status, replayed["queued"]) == (202, 1)
        queue = installed.services.state.work_queue
        [work] = queue.receive(WorkLane.OUTBOUND, visibility=timedelta(seconds=30))
        queues.outbound_work(_message(work.item, 1), CONTEXT)
        queue.complete(work)
    entry = installed.services.state.ledger.get(item.flow, item.natural_key)
    assert entry is not None
    assert entry.status is LedgerStatus.DELIVERED


def test_a_poison_copy_of_a_finished_document_changes_nothing(installed: Runtime) -> None:
    item = WorkItem(
        WorkKind.DYNAMICS_RECORD.value, FlowName.OUTBOUND_850.value, document_key("usmf", "PO-89"), "ACMEPACK", "c-89"
    )
    with registered({FlowName.OUTBOUND_850: ScriptedFlow()}):
        queues.outbound_work(_message(item, 1), CONTEXT)
    queues.outbound_poison(_message(item, 1), CONTEXT)  # the work was done; the process died afterwards
    entry = installed.services.state.ledger.get(item.flow, item.natural_key)
    assert entry is not None
    assert entry.status is LedgerStatus.DELIVERED
    assert _ops(operations.ops_failures, "GET", {})[1]["failed"] == []


def test_overdue_acks_in_the_ops_api_and_reported_once_by_the_timer(installed: Runtime) -> None:
    late = deliver(installed.services, "BIGBOX", "PS-FN")
    answered = deliver(installed.services, "BIGBOX", "PS-FN-ACKED", acknowledge=True)
    assert late.delivered_at is not None
    assert answered.status is LedgerStatus.ACKNOWLEDGED
    reset_current_runtime(
        dataclasses.replace(installed, services=at(installed.services, late.delivered_at + timedelta(hours=26)))
    )

    status, body = _ops(operations.ops_acks_overdue, "GET", {"partner": "BIGBOX"})
    assert status == 200
    [row] = body["overdue"]  # type: ignore[misc]
    assert (row["partner"], row["flow"], row["natural_key"]) == ("BIGBOX", "outbound_856", "usmf/PS-FN")
    assert (row["expected_within_seconds"], row["overdue_by_seconds"]) == (24 * 3600, 2 * 3600)
    assert row["group_control"] == "41"
    assert _ops(operations.ops_acks_overdue, "GET", {"partner": "NOSUCH"})[0] == 404

    timers.ack_overdue_check(TimerRequest(past_due=False, schedule_status={}), CONTEXT)
    timers.ack_overdue_check(TimerRequest(past_due=True, schedule_status={}), CONTEXT)  # within the hour
    trail = installed.services.state.audit.query(AuditQuery(natural_key="usmf/PS-FN"))
    [reported] = [e for e in trail if e.step == ACK_OVERDUE_STEP]
    assert reported.invocation_id == CONTEXT.invocation_id

    installed.services.state.ledger.transition(late, LedgerChange(LedgerStatus.ACKNOWLEDGED))
    assert _ops(operations.ops_acks_overdue, "GET", {})[1]["overdue"] == []


def test_two_copies_each_winning_one_key_still_say_so_in_the_audit(installed: Runtime) -> None:
    # F&O's duplicate copy carries the same BusinessEventId/ControlNumber; with two dedupe keys two copies can
    # each win one claim. The copy that finds the other key held says it in the audit trail.
    body = _invoice_event(5637145001)
    event = json.loads(body)
    installed.services.state.ledger.claim(
        LedgerClaim(
            flow=EVENT_LEDGER_FLOW,
            natural_key=f"{event['BusinessEventId']}/{event['ControlNumber']}",
            partner="",
            direction=Direction.INBOUND,
            correlation_id="the-other-copy",
        )
    )
    accepted = _post_event(body)
    assert accepted.status_code == 202
    notes = installed.services.state.audit.query(AuditQuery(natural_key=document_key("usmf", "FTI-5637145001")))
    assert any("concurrent copy" in n.message and "duplicate ignored" in n.message for n in notes)
