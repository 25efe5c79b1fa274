"""Dispatch, retries, failures and replay through the real state backends and the local queue worker."""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta

import pytest

from shared.composition import Runtime
from shared.errors import ConfigurationError, MappingError, RemoteUnavailableError, ThrottledError
from shared.flows.contract import FlowName, WorkKind, document_key
from shared.runtime.dispatch import DispositionKind
from shared.runtime.http_api import answer_audit, answer_failures, answer_replay
from shared.runtime.journal import Invocation
from shared.runtime.queue_work import drain_lane
from shared.state.records import AuditOutcome, AuditQuery, Direction, LedgerStatus, WorkItem, WorkLane
from tests.integration.runtime.support import ScriptedFlow, registered

pytestmark = pytest.mark.integration

INVOCATION = Invocation("test-invocation", "test")
NOW = timedelta(0)


def _invoice(number: str) -> WorkItem:
    return WorkItem(
        kind=WorkKind.DYNAMICS_RECORD.value,
        flow=FlowName.OUTBOUND_810.value,
        natural_key=document_key("usmf", number),
        partner="BIGBOX",
        correlation_id=str(uuid.uuid4()),
    )


def _drain(runtime: Runtime, lane: WorkLane = WorkLane.OUTBOUND) -> dict[DispositionKind, int]:
    report = drain_lane(
        lane, runtime.services, INVOCATION, visibility=timedelta(seconds=30), max_retry_delay=NOW, max_messages=50
    )
    return report.counts


def _trail(runtime: Runtime, key: str) -> list[tuple[str, AuditOutcome]]:
    events = runtime.services.state.audit.query(AuditQuery(natural_key=key))
    return [(e.step, e.outcome) for e in reversed(events)]


def test_a_document_is_delivered_once_and_a_redelivery_is_skipped(runtime: Runtime) -> None:
    flow = ScriptedFlow()
    item = _invoice("CIV-1")
    with registered({FlowName.OUTBOUND_810: flow}):
        runtime.services.state.work_queue.enqueue(WorkLane.OUTBOUND, item)
        assert _drain(runtime) == {DispositionKind.DONE: 1}
        runtime.services.state.work_queue.enqueue(WorkLane.OUTBOUND, item)
        assert _drain(runtime) == {DispositionKind.SKIPPED: 1}
    entry = runtime.services.state.ledger.get(item.flow, item.natural_key)
    assert entry is not None
    assert entry.status is LedgerStatus.DELIVERED
    assert entry.output_payload is not None
    assert flow.calls == [item.natural_key]
    assert _trail(runtime, item.natural_key) == [
        ("dispatch", AuditOutcome.STARTED),
        ("dispatch", AuditOutcome.SUCCEEDED),
        ("dispatch", AuditOutcome.SKIPPED),
    ]


def test_transient_errors_retry_then_succeed(runtime: Runtime, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="ml_connector")
    throttled = ThrottledError("429 from Dynamics", retry_after=2, context={"system": "dynamics"})
    flow = ScriptedFlow(fail_next=[throttled, RemoteUnavailableError("503")])
    item = _invoice("CIV-2")
    with registered({FlowName.OUTBOUND_810: flow}):
        runtime.services.state.work_queue.enqueue(WorkLane.OUTBOUND, item)
        counts = _drain(runtime)
    assert counts == {DispositionKind.RETRY: 2, DispositionKind.DONE: 1}
    entry = runtime.services.state.ledger.get(item.flow, item.natural_key)
    assert entry is not None
    assert entry.status is LedgerStatus.DELIVERED
    assert entry.attempts == 3
    outcomes = [outcome for _, outcome in _trail(runtime, item.natural_key)]
    assert outcomes.count(AuditOutcome.RETRYING) == 2
    retry_messages = runtime.services.state.audit.query(
        AuditQuery(natural_key=item.natural_key, outcome=AuditOutcome.RETRYING)
    )
    assert any("retrying in 2 s" in e.message for e in retry_messages)  # Retry-After honoured
    assert [
        getattr(r, "ml_natural_key", None) for r in caplog.records if getattr(r, "event", None) == "dynamics.throttled"
    ] == [item.natural_key]


def test_a_permanent_error_is_recorded_failed_at_once_and_replays_after_the_fix(runtime: Runtime) -> None:
    flow = ScriptedFlow(broken=MappingError("invoice has no lines", context={"invoice": "CIV-3"}))
    item = _invoice("CIV-3")
    with registered({FlowName.OUTBOUND_810: flow}):
        runtime.services.state.work_queue.enqueue(WorkLane.OUTBOUND, item)
        assert _drain(runtime) == {DispositionKind.FAILED: 1}
        entry = runtime.services.state.ledger.get(item.flow, item.natural_key)
        assert entry is not None
        assert entry.status is LedgerStatus.FAILED
        assert entry.failure_reason is not None
        assert entry.failure_reason.startswith("MappingError: invoice has no lines")
        flow.broken = None
        answer = answer_replay({"key": item.natural_key}, runtime, INVOCATION)
        assert answer.status == 202
        assert answer.body["queued"] == 1
        assert _drain(runtime) == {DispositionKind.DONE: 1}
    entry = runtime.services.state.ledger.get(item.flow, item.natural_key)
    assert entry is not None
    assert entry.status is LedgerStatus.DELIVERED
    assert len(flow.calls) == 2


def test_five_failures_end_as_a_replayable_failure_visible_in_the_admin_api(runtime: Runtime) -> None:
    assert runtime.services.state.work_queue.max_attempts == 5
    flow = ScriptedFlow(broken=RemoteUnavailableError("Sterling answered 503", context={"system": "sterling"}))
    item = _invoice("CIV-4")
    with registered({FlowName.OUTBOUND_810: flow}):
        runtime.services.state.work_queue.enqueue(WorkLane.OUTBOUND, item)
        assert _drain(runtime) == {DispositionKind.RETRY: 4, DispositionKind.POISONED: 1}
        assert len(flow.calls) == 5

        failures = answer_failures({"partner": "BIGBOX"}, runtime)
        assert failures.status == 200
        failed = failures.body["failed"]
        assert isinstance(failed, list)
        assert [(row["natural_key"], row["status"]) for row in failed] == [(item.natural_key, "failed")]
        reason = failed[0]["failure_reason"]
        assert isinstance(reason, str)
        assert reason.startswith("gave up after 5 attempts: RemoteUnavailableError: Sterling answered 503")
        assert failures.body["poisoned"] == []  # nothing parked in a poison queue to expire

        trail = answer_audit({"key": item.natural_key, "outcome": "failed"}, runtime)
        assert trail.status == 200
        assert isinstance(trail.body["events"], list)
        assert len(trail.body["events"]) == 1

        flow.broken = None
        replay = answer_replay({"partner": "BIGBOX", "flow": FlowName.OUTBOUND_810.value}, runtime, INVOCATION)
        assert replay.status == 202
        assert _drain(runtime) == {DispositionKind.DONE: 1}
    entry = runtime.services.state.ledger.get(item.flow, item.natural_key)
    assert entry is not None
    assert entry.status is LedgerStatus.DELIVERED
    assert answer_failures({}, runtime).body["failed"] == []
    assert any(t.to_status is LedgerStatus.FAILED for t in entry.history)  # the failure stays in the history


def test_a_failed_document_is_not_rerun_by_a_stray_redelivery(runtime: Runtime) -> None:
    flow = ScriptedFlow(broken=MappingError("bad"))
    item = _invoice("CIV-5")
    with registered({FlowName.OUTBOUND_810: flow}):
        runtime.services.state.work_queue.enqueue(WorkLane.OUTBOUND, item)
        _drain(runtime)
        flow.broken = None
        runtime.services.state.work_queue.enqueue(WorkLane.OUTBOUND, item)
        assert _drain(runtime) == {DispositionKind.SKIPPED: 1}
    assert len(flow.calls) == 1


def test_replay_refuses_documents_that_did_not_fail(runtime: Runtime) -> None:
    flow = ScriptedFlow()
    item = _invoice("CIV-6")
    with registered({FlowName.OUTBOUND_810: flow}):
        runtime.services.state.work_queue.enqueue(WorkLane.OUTBOUND, item)
        _drain(runtime)
        answer = answer_replay({"key": item.natural_key}, runtime, INVOCATION)
    assert answer.status == 409
    assert "not failed" in str(answer.body["message"])
    assert answer_replay({"key": "usmf/NOPE"}, runtime, INVOCATION).status == 409
    assert answer_replay({}, runtime, INVOCATION).status == 400


def test_an_unregistered_flow_fails_with_a_configuration_error(runtime: Runtime) -> None:
    item = _invoice("CIV-7")
    with registered({}):
        runtime.services.state.work_queue.enqueue(WorkLane.OUTBOUND, item)
        assert _drain(runtime) == {DispositionKind.FAILED: 1}
    entry = runtime.services.state.ledger.get(item.flow, item.natural_key)
    assert entry is not None
    assert entry.failure_reason is not None
    assert "no handler is registered for flow outbound_810" in entry.failure_reason


def test_follow_ups_are_queued_and_an_inbound_document_replays_from_its_archived_payload(runtime: Runtime) -> None:
    state = runtime.services.state
    payload = state.payloads.put(b"ISA*00*...*850 for PO-9~")
    document = WorkItem(
        kind=WorkKind.INBOUND_DOCUMENT.value,
        flow=FlowName.INBOUND_850.value,
        natural_key=document_key("BIGBOX", "PO-9"),
        partner="BIGBOX",
        correlation_id="c-1",
        payload=payload,
    )
    message_flow = ScriptedFlow(direction=Direction.INBOUND, follow_up=(document,))
    order_flow = ScriptedFlow(direction=Direction.INBOUND, broken=ConfigurationError("no sales pool"))
    message = WorkItem(
        WorkKind.STERLING_MESSAGE.value, FlowName.INBOUND_MESSAGE.value, "7001", "BIGBOX", "c-1", payload
    )
    with registered({FlowName.INBOUND_MESSAGE: message_flow, FlowName.INBOUND_850: order_flow}):
        state.work_queue.enqueue(WorkLane.INBOUND, message)
        assert _drain(runtime, WorkLane.INBOUND) == {DispositionKind.DONE: 1, DispositionKind.FAILED: 1}
        failed = state.ledger.get(document.flow, document.natural_key)
        assert failed is not None
        assert failed.input_payload == payload
        order_flow.broken = None
        assert answer_replay({"key": document.natural_key}, runtime, INVOCATION).status == 202
        assert _drain(runtime, WorkLane.INBOUND) == {DispositionKind.DONE: 1}
    created = state.ledger.get(document.flow, document.natural_key)
    assert created is not None
    assert created.status is LedgerStatus.CREATED
    message_entry = state.ledger.find_by_message_id("7001")
    assert message_entry is not None
    assert message_entry.status is LedgerStatus.CREATED
