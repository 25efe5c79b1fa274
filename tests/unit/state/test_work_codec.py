"""Work items on the wire: the exact encoding, the size limit at the byte, and refusal of foreign messages."""

from __future__ import annotations

import base64
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.state.errors import WorkItemTooLargeError
from shared.state.records import PayloadRef, ReceivedWork, WorkItem, WorkLane
from shared.state.work_codec import (
    MAX_MESSAGE_BYTES,
    WorkItemDecodeError,
    decode_work_item,
    work_item_json,
    work_item_wire,
)

pytestmark = pytest.mark.unit

ITEM = WorkItem("deliver", "po-850", "USMF|PO#1", "BIGBOX", "corr-1", PayloadRef("d" * 64), attempt=2)


def test_wire_is_base64_of_compact_utf8_json() -> None:
    document = json.loads(base64.b64decode(work_item_wire(ITEM)).decode("utf-8"))
    assert document == {
        "v": 1,
        "kind": "deliver",
        "flow": "po-850",
        "natural_key": "USMF|PO#1",
        "partner": "BIGBOX",
        "correlation_id": "corr-1",
        "payload": "sha256:" + "d" * 64,
        "attempt": 2,
    }


@settings(deadline=None)  # a loaded CI machine must not turn slowness into failure
@given(st.text(max_size=200), st.text(max_size=50), st.integers(min_value=1, max_value=10**6))
def test_round_trip(key: str, partner: str, attempt: int) -> None:
    item = WorkItem("translate", "inbound-850", key, partner, "c", None, attempt)
    assert decode_work_item(work_item_wire(item)) == item


def test_the_limit_is_counted_in_utf8_bytes_before_base64() -> None:
    overhead = len(work_item_json(WorkItem("k", "f", "", "p", "c")).encode())
    room = MAX_MESSAGE_BYTES - overhead
    assert len(base64.b64decode(work_item_wire(WorkItem("k", "f", "é" * (room // 2), "p", "c")))) <= MAX_MESSAGE_BYTES
    with pytest.raises(WorkItemTooLargeError):
        work_item_json(WorkItem("k", "f", "é" * (room // 2 + 1), "p", "c"))  # fits in characters, not in bytes


@pytest.mark.parametrize(
    "wire",
    [
        '{"v":1}',  # not base64
        base64.b64encode(b"\xff\xfe").decode(),  # not UTF-8
        base64.b64encode(b"[1,2]").decode(),  # not an object
        base64.b64encode(b'{"v":2,"kind":"x"}').decode(),  # another format version
        base64.b64encode(json.dumps({"v": 1, "kind": "k", "flow": "f"}).encode()).decode(),  # fields missing
        base64.b64encode(
            json.dumps(
                {
                    "v": 1,
                    "kind": "k",
                    "flow": "f",
                    "natural_key": "n",
                    "partner": "p",
                    "correlation_id": "c",
                    "payload": "md5:abc",
                    "attempt": 1,
                }
            ).encode()
        ).decode(),
    ],
)
def test_foreign_messages_are_refused_by_name(wire: str) -> None:
    with pytest.raises(WorkItemDecodeError):
        decode_work_item(wire)


def test_a_received_items_receipt_stays_out_of_logs() -> None:
    work = ReceivedWork(WorkLane.OUTBOUND, ITEM, "msg-1", "pop-receipt-secret", 2)
    text = repr(work)
    assert "pop-receipt-secret" not in text
    assert "msg-1" in text
    assert "dequeue_count=2" in text
