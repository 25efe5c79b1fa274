"""Work queues on SQLite with Storage-queue semantics: visibility timeout, dequeue count, pop receipt, poison.

Messages are stored exactly as they sit in an Azure queue (base64 of the JSON), so the codec is exercised the same
way on both adapters.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from datetime import timedelta

from shared.errors import ConcurrencyConflictError
from shared.state.local.database import SqliteDatabase
from shared.state.ports import MAX_RECEIVE_BATCH
from shared.state.records import PoisonedWork, QueueNames, ReceivedWork, WorkItem, WorkLane
from shared.state.work_codec import WorkItemDecodeError, decode_work_item, work_item_wire

__all__ = ["SqliteWorkQueue"]


class SqliteWorkQueue:
    def __init__(self, db: SqliteDatabase, names: QueueNames, *, max_attempts: int) -> None:
        self._db = db
        self._names = names
        self._max_attempts = max_attempts

    @property
    def max_attempts(self) -> int:
        return self._max_attempts

    def enqueue(self, lane: WorkLane, item: WorkItem, *, delay: timedelta = timedelta(0)) -> None:
        wire = work_item_wire(item)
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO work (id, queue, wire, visible_at, dequeue_count) VALUES (?, ?, ?, ?, 0)",
                (uuid.uuid4().hex, self._names.for_lane(lane), wire, time.time() + delay.total_seconds()),
            )

    def receive(self, lane: WorkLane, *, visibility: timedelta, max_items: int = 1) -> Sequence[ReceivedWork]:
        now = time.time()
        lent: list[ReceivedWork] = []
        with self._db.write() as conn:
            rows = conn.execute(
                "SELECT seq, id, wire, dequeue_count FROM work WHERE queue = ? AND visible_at <= ? "
                "ORDER BY seq LIMIT ?",
                (self._names.for_lane(lane), now, max(1, min(max_items, MAX_RECEIVE_BATCH))),
            ).fetchall()
            for row in rows:
                count = int(row["dequeue_count"]) + 1
                item: WorkItem | None = None
                if count <= self._max_attempts:
                    try:
                        item = decode_work_item(row["wire"])
                    except WorkItemDecodeError:
                        item = None
                if item is None:
                    # Like the Functions host: the poison copy starts again at dequeue count 0.
                    conn.execute(
                        "UPDATE work SET queue = ?, dequeue_count = 0, visible_at = ?, receipt = NULL WHERE seq = ?",
                        (self._names.poison_for(lane), now, row["seq"]),
                    )
                    continue
                receipt = uuid.uuid4().hex
                conn.execute(
                    "UPDATE work SET dequeue_count = ?, visible_at = ?, receipt = ? WHERE seq = ?",
                    (count, now + visibility.total_seconds(), receipt, row["seq"]),
                )
                lent.append(ReceivedWork(lane, item, row["id"], receipt, count))
        return lent

    def _lost_lease(self, work: ReceivedWork) -> ConcurrencyConflictError:
        return ConcurrencyConflictError(
            "the work item was lent to another consumer after its visibility timeout ran out",
            context={"message_id": work.message_id, "flow": work.item.flow, "natural_key": work.item.natural_key},
            hint="processing took longer than the visibility timeout; the other consumer will finish it",
        )

    def complete(self, work: ReceivedWork) -> None:
        with self._db.write() as conn:
            deleted = conn.execute(
                "DELETE FROM work WHERE id = ? AND receipt = ?", (work.message_id, work.receipt)
            ).rowcount
            still_there = (
                deleted == 0 and conn.execute("SELECT 1 FROM work WHERE id = ?", (work.message_id,)).fetchone()
            )
        if still_there:
            raise self._lost_lease(work)

    def release(self, work: ReceivedWork, *, after: timedelta = timedelta(0)) -> None:
        with self._db.write() as conn:
            changed = conn.execute(
                "UPDATE work SET visible_at = ?, receipt = NULL WHERE id = ? AND receipt = ?",
                (time.time() + after.total_seconds(), work.message_id, work.receipt),
            ).rowcount
            still_there = (
                changed == 0 and conn.execute("SELECT 1 FROM work WHERE id = ?", (work.message_id,)).fetchone()
            )
        if still_there:
            raise self._lost_lease(work)

    def poisoned(self, lane: WorkLane, *, limit: int = 32) -> list[PoisonedWork]:
        rows = self._db.read(
            "SELECT id, wire FROM work WHERE queue = ? ORDER BY seq LIMIT ?", (self._names.poison_for(lane), limit)
        )
        out: list[PoisonedWork] = []
        for row in rows:
            try:
                item: WorkItem | None = decode_work_item(row["wire"])
            except WorkItemDecodeError:
                item = None
            out.append(PoisonedWork(row["id"], row["wire"], item))
        return out
