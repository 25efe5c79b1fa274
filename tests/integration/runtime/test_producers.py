"""The Sterling poll and the Dynamics sweeps against the sandbox: overlapping and repeated runs enqueue once."""

from __future__ import annotations

import base64
import dataclasses
import threading
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

import pytest
import requests

from sandbox.launcher import RunningSandbox
from shared.composition import Runtime
from shared.flows.contract import FlowName, Services, WorkKind, document_key
from shared.runtime.dispatch import DispositionKind
from shared.runtime.journal import Invocation
from shared.runtime.polling import cursor_name, poll_sterling
from shared.runtime.queue_work import drain_lane
from shared.runtime.sweeps import run_sweeps, sweep_cursor_name
from shared.state.records import Direction, LedgerClaim, LedgerStatus, ReceivedWork, WorkItem, WorkLane
from shared.sterling.cursor import MessageCursor
from tests.integration.runtime.support import ScriptedFlow, registered

pytestmark = pytest.mark.integration

INVOCATION = Invocation("test-poll", "test")


def _drop(sandbox: RunningSandbox, partner: str, names: Iterable[str]) -> list[int]:
    ids = []
    for name in names:
        response = requests.post(
            f"{sandbox.info.sterling}/sandbox/sterling/partners/{partner}/drop",
            json={"payload": base64.b64encode(f"ISA*{name}~".encode()).decode(), "name": name},
            verify=str(sandbox.info.ca_cert),
            timeout=10,
        )
        response.raise_for_status()
        ids.append(int(response.json()["messages"][0]["messageId"]))
    return ids


def _drain_inbound(runtime: Runtime) -> dict[DispositionKind, int]:
    return drain_lane(
        WorkLane.INBOUND, runtime.services, INVOCATION, visibility=timedelta(seconds=30), max_retry_delay=timedelta(0)
    ).counts


def _mailbox_ids(runtime: Runtime, path: str) -> list[str]:
    return [str(m.id) for m in runtime.services.sterling.new_messages(path, MessageCursor())]


def test_two_overlapping_polls_deliver_each_message_once(runtime: Runtime, sandbox: RunningSandbox) -> None:
    dropped = {str(i) for i in _drop(sandbox, "HOMEPRO", [f"overlap-{n}.edi" for n in range(6)])}
    # The sandbox lives for the session: the mailbox may hold earlier tests' messages too; all are new to this state.
    ids = _mailbox_ids(runtime, "/HOMEPRO/Inbound")
    start = threading.Barrier(2)
    reports = []
    errors: list[Exception] = []

    def poll() -> None:
        start.wait()
        try:
            reports.append(poll_sterling(runtime.services, INVOCATION, recovery=timedelta(minutes=10)))
        except Exception as exc:  # noqa: BLE001 - surfaced by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=poll) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    # A third, late run (the timer firing twice) finds nothing new.
    reports.append(poll_sterling(runtime.services, INVOCATION, recovery=timedelta(minutes=10)))
    homepro = [m for report in reports for m in report.mailboxes if m.mailbox == "/HOMEPRO/Inbound"]
    assert sum(m.enqueued for m in homepro) == len(ids)

    flow = ScriptedFlow(direction=Direction.INBOUND)
    with registered({FlowName.INBOUND_MESSAGE: flow}):
        counts = _drain_inbound(runtime)
    # Other tests drop into other partners' mailboxes; every message, theirs too, ran exactly once.
    assert set(counts) == {DispositionKind.DONE}
    assert max(Counter(flow.calls).values()) == 1
    assert set(ids) <= set(flow.calls)

    cursor = runtime.services.state.cursors.read(cursor_name("/HOMEPRO/Inbound"))
    assert cursor.position is not None
    for message_id in ids:
        entry = runtime.services.state.ledger.find_by_message_id(message_id)
        assert entry is not None
        assert entry.status is LedgerStatus.CREATED
        assert entry.input_payload is not None
        if message_id in dropped:  # other tests' messages may hold anything, even deliberately broken bytes
            assert runtime.services.state.payloads.get(entry.input_payload).startswith(b"ISA*")


def test_a_message_claimed_by_a_poll_that_died_before_queueing_is_queued_again_later(
    runtime: Runtime, sandbox: RunningSandbox
) -> None:
    [message_id] = [str(i) for i in _drop(sandbox, "VALUEMART", ["orphan.edi"])]
    state = runtime.services.state
    # What a poll that crashed between its claim and its enqueue leaves behind: a claim, no message, no cursor move.
    state.ledger.claim(
        LedgerClaim(
            flow=FlowName.INBOUND_MESSAGE.value,
            natural_key=message_id,
            partner="VALUEMART",
            direction=Direction.INBOUND,
            correlation_id="crashed-poll",
            sterling_message_id=message_id,
        )
    )

    def queued() -> list[str]:
        # Other tests share the session's sandbox, so the lane may hold more than one batch: look at all of it.
        works: list[ReceivedWork] = []
        while batch := state.work_queue.receive(WorkLane.INBOUND, visibility=timedelta(seconds=30), max_items=32):
            works.extend(batch)
        for work in works:
            state.work_queue.release(work)
        return [w.item.natural_key for w in works]

    # A poll soon after respects the claim: the crashed poll might still be about to enqueue it.
    soon = poll_sterling(runtime.services, INVOCATION, recovery=timedelta(minutes=10))
    assert message_id not in queued()
    assert sum(m.already_claimed for m in soon.mailboxes) >= 1
    # The cursor did not move past it (nothing was queued for it), so a later poll still lists it.
    later = runtime.services.clock() + timedelta(minutes=11)
    late = dataclasses.replace(runtime.services, clock=lambda: later)
    poll_sterling(late, INVOCATION, recovery=timedelta(minutes=10))
    assert queued().count(message_id) == 1


def test_sweeps_enqueue_new_documents_and_skip_finished_ones(runtime: Runtime) -> None:
    seen_since: list[datetime | None] = []
    numbers = ["CIV-100", "CIV-101"]

    def sweeper(services: Services, since: datetime | None) -> Iterable[WorkItem]:
        seen_since.append(since)
        return [
            WorkItem(WorkKind.DYNAMICS_RECORD.value, FlowName.OUTBOUND_810.value, document_key("usmf", n), "BIGBOX", n)
            for n in numbers
        ]

    flow = ScriptedFlow()
    with registered({FlowName.OUTBOUND_810: flow}, {FlowName.OUTBOUND_810: sweeper}):
        first = run_sweeps(runtime.services, INVOCATION, overlap=timedelta(minutes=5))
        assert first.enqueued == 2
        counts = drain_lane(WorkLane.OUTBOUND, runtime.services, INVOCATION, visibility=timedelta(seconds=30)).counts
        assert counts == {DispositionKind.DONE: 2}
        second = run_sweeps(runtime.services, INVOCATION, overlap=timedelta(minutes=5))
    assert second.enqueued == 0  # both already delivered: not even queued
    assert seen_since[0] is None
    cursor = runtime.services.state.cursors.read(sweep_cursor_name(FlowName.OUTBOUND_810))
    assert cursor.position is not None
    assert seen_since[1] == cursor.position.mark - timedelta(minutes=5) or seen_since[1] is not None
    assert seen_since[1] is not None
    assert seen_since[1] < datetime.now(UTC)


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_secrets_come_from_key_vault_when_it_is_configured(values: dict[str, str], sandbox: RunningSandbox) -> None:
    from shared.composition import build_runtime
    from shared.settings import SettingsSource

    info = sandbox.info
    in_vault = {k: v for k, v in values.items() if k not in {"DYNAMICS_CLIENT_SECRET", "STERLING_PASSWORD"}}
    in_vault |= {
        "KEY_VAULT_URI": info.keyvault,
        "KEY_VAULT_EMULATOR": "true",
        "KEY_VAULT_EMULATOR_AUTHORITY": info.entra,
        "KEY_VAULT_EMULATOR_TENANT_ID": info.credentials.tenant_id,
        "KEY_VAULT_EMULATOR_CLIENT_ID": info.credentials.client_id,
        "KEY_VAULT_EMULATOR_CLIENT_SECRET": info.credentials.client_secret,
        "KEY_VAULT_CA_BUNDLE": str(info.ca_cert),
    }
    _drop(sandbox, "BIGBOX", ["vault.edi"])
    runtime = build_runtime(SettingsSource(in_vault))
    try:
        report = poll_sterling(runtime.services, INVOCATION, recovery=timedelta(minutes=10))
    finally:
        runtime.close()
    assert report.failures == ()  # Sterling accepted the password read from the vault
    assert report.enqueued >= 1
