"""The work queue's contract: at-least-once, redelivery with a rising dequeue count, poison, the 48 KiB guard."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from shared.errors import ConcurrencyConflictError
from shared.state import StateStores
from shared.state.errors import WorkItemTooLargeError
from shared.state.records import PayloadRef, WorkItem, WorkLane
from shared.state.work_codec import MAX_MESSAGE_BYTES, work_item_json
from tests.contract.isolation import MAX_ATTEMPTS

pytestmark = pytest.mark.contract

OUT = WorkLane.OUTBOUND
SHORT = timedelta(seconds=1)  # the smallest visibility timeout Storage queues accept
LONG = timedelta(seconds=30)


def item(key: str = "USMF|PO#1/2", **changes: object) -> WorkItem:
    fields: dict[str, object] = {
        "kind": "deliver",
        "flow": "purchase-order-850",
        "natural_key": key,
        "partner": "BIGBOX",
        "correlation_id": "corr-1",
        "payload": PayloadRef("c" * 64),
        "attempt": 1,
    }
    fields.update(changes)
    return WorkItem(**fields)  # type: ignore[arg-type]


def test_enqueue_receive_complete(stores: StateStores) -> None:
    queue = stores.work_queue
    queue.enqueue(OUT, item())

    [work] = queue.receive(OUT, visibility=LONG)
    assert work.item == item()
    assert work.dequeue_count == 1
    assert work.lane is OUT
    assert queue.receive(OUT, visibility=LONG) == []  # lent out, invisible

    queue.complete(work)
    queue.complete(work)  # completing twice is harmless
    assert queue.receive(OUT, visibility=SHORT) == []
    assert queue.poisoned(OUT) == []


def test_lanes_are_separate_queues(stores: StateStores) -> None:
    stores.work_queue.enqueue(WorkLane.INBOUND, item("inbound-1", kind="translate"))
    assert stores.work_queue.receive(OUT, visibility=LONG) == []
    [work] = stores.work_queue.receive(WorkLane.INBOUND, visibility=LONG)
    assert work.item.natural_key == "inbound-1"
    assert work.lane is WorkLane.INBOUND


def test_redelivery_after_the_visibility_timeout_with_a_higher_count(stores: StateStores) -> None:
    queue = stores.work_queue
    queue.enqueue(OUT, item())
    [first] = queue.receive(OUT, visibility=SHORT)
    time.sleep(1.2)

    [second] = queue.receive(OUT, visibility=LONG)

    assert second.item == first.item
    assert (first.dequeue_count, second.dequeue_count) == (1, 2)
    with pytest.raises(ConcurrencyConflictError):
        queue.complete(first)  # the first consumer's lease is gone
    queue.complete(second)
    assert queue.receive(OUT, visibility=SHORT) == []


def test_release_makes_an_item_visible_again_at_once(stores: StateStores) -> None:
    queue = stores.work_queue
    queue.enqueue(OUT, item())
    [work] = queue.receive(OUT, visibility=LONG)
    queue.release(work)
    [again] = queue.receive(OUT, visibility=LONG)
    assert again.dequeue_count == 2


def test_poison_after_max_attempts(stores: StateStores) -> None:
    queue = stores.work_queue
    assert queue.max_attempts == MAX_ATTEMPTS
    queue.enqueue(OUT, item("doomed"))
    counts = []
    for _ in range(MAX_ATTEMPTS):
        [work] = queue.receive(OUT, visibility=LONG)
        counts.append(work.dequeue_count)
        queue.release(work)

    assert counts == list(range(1, MAX_ATTEMPTS + 1))
    assert queue.receive(OUT, visibility=LONG) == []  # the next delivery went to poison instead
    [parked] = queue.poisoned(OUT)
    assert parked.item == item("doomed")
    assert queue.poisoned(WorkLane.INBOUND) == []


def test_delayed_enqueue_is_invisible_until_due(stores: StateStores) -> None:
    stores.work_queue.enqueue(OUT, item(), delay=timedelta(seconds=30))
    assert stores.work_queue.receive(OUT, visibility=LONG) == []


def test_several_items_in_one_receive(stores: StateStores) -> None:
    for n in range(5):
        stores.work_queue.enqueue(OUT, item(f"k{n}"))
    lent = stores.work_queue.receive(OUT, visibility=LONG, max_items=10)
    assert sorted(w.item.natural_key for w in lent) == ["k0", "k1", "k2", "k3", "k4"]


def test_the_48_kib_guard_applies_before_encoding(stores: StateStores) -> None:
    overhead = len(work_item_json(item("")).encode())
    fits = item("x" * (MAX_MESSAGE_BYTES - overhead))
    assert len(work_item_json(fits).encode()) == MAX_MESSAGE_BYTES

    stores.work_queue.enqueue(OUT, fits)  # exactly 48 KiB: base64 makes it the 64 KiB the service allows
    with pytest.raises(WorkItemTooLargeError) as caught:
        stores.work_queue.enqueue(OUT, item("x" * (MAX_MESSAGE_BYTES - overhead + 1)))
    assert "payload archive" in str(caught.value)

    [work] = stores.work_queue.receive(OUT, visibility=LONG)
    assert work.item == fits


def test_multibyte_keys_count_in_bytes_and_survive(stores: StateStores) -> None:
    key = "Müller/Straße#ü?\\ 注文"
    stores.work_queue.enqueue(OUT, item(key))
    [work] = stores.work_queue.receive(OUT, visibility=LONG)
    assert work.item.natural_key == key
