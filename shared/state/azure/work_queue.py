"""Work queues on Azure Storage queues, in the encoding the Functions queue trigger reads (base64 of UTF-8 JSON).

Producers use ``TextBase64EncodePolicy``, so a queue-triggered function and this class read the same messages.
Receiving decodes here rather than with ``TextBase64DecodePolicy``: that policy fails on a message that is not
base64 with an unrelated ``AttributeError`` (azure-storage-queue 12.18), and such a message must go to the poison
queue by name, not crash the receiver. Messages never expire (TTL -1): a queued document is not silently dropped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import timedelta

from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from azure.storage.queue import QueueClient, QueueServiceClient, TextBase64EncodePolicy

from shared.errors import ConcurrencyConflictError
from shared.state.azure.storage_errors import storage_errors
from shared.state.ports import MAX_RECEIVE_BATCH
from shared.state.records import PoisonedWork, QueueNames, ReceivedWork, WorkItem, WorkLane
from shared.state.work_codec import WorkItemDecodeError, decode_work_item, work_item_json

__all__ = ["StorageWorkQueue"]

_NEVER_EXPIRES = -1


def _seconds(value: timedelta, *, minimum: int) -> int:
    return max(minimum, math.ceil(value.total_seconds()))


class StorageWorkQueue:
    def __init__(self, service: QueueServiceClient, names: QueueNames, *, max_attempts: int) -> None:
        self._names = names
        self._max_attempts = max_attempts
        self._work: dict[WorkLane, QueueClient] = {}
        self._poison: dict[WorkLane, QueueClient] = {}
        for lane in WorkLane:
            self._work[lane] = service.get_queue_client(
                names.for_lane(lane), message_encode_policy=TextBase64EncodePolicy()
            )
            # Poison copies keep the original body, which is already base64: sent as is.
            self._poison[lane] = service.get_queue_client(names.poison_for(lane))

    @property
    def max_attempts(self) -> int:
        return self._max_attempts

    def clients(self) -> list[QueueClient]:
        """Every queue this class uses (the factory creates them)."""
        return [*self._work.values(), *self._poison.values()]

    def enqueue(self, lane: WorkLane, item: WorkItem, *, delay: timedelta = timedelta(0)) -> None:
        text = work_item_json(item)
        context = {"queue": self._names.for_lane(lane), "flow": item.flow, "natural_key": item.natural_key}
        with storage_errors("enqueue a work item", context):
            self._work[lane].send_message(
                text, visibility_timeout=_seconds(delay, minimum=0), time_to_live=_NEVER_EXPIRES
            )

    def receive(self, lane: WorkLane, *, visibility: timedelta, max_items: int = 1) -> Sequence[ReceivedWork]:
        queue = self._work[lane]
        lent: list[ReceivedWork] = []
        with storage_errors("receive work items", {"queue": queue.queue_name}):
            messages = queue.receive_messages(
                messages_per_page=max(1, min(max_items, MAX_RECEIVE_BATCH)),
                max_messages=max(1, min(max_items, MAX_RECEIVE_BATCH)),
                visibility_timeout=_seconds(visibility, minimum=1),
            )
            for message in messages:
                wire = str(message.content)
                item: WorkItem | None = None
                if message.dequeue_count is not None and message.dequeue_count <= self._max_attempts:
                    try:
                        item = decode_work_item(wire)
                    except WorkItemDecodeError:
                        item = None
                if item is None:
                    # Copy first, then delete: a crash in between leaves a duplicate, never a loss.
                    self._poison[lane].send_message(wire, time_to_live=_NEVER_EXPIRES)
                    queue.delete_message(message.id, message.pop_receipt)
                    continue
                lent.append(ReceivedWork(lane, item, message.id, str(message.pop_receipt), message.dequeue_count or 1))
        return lent

    def _settle(self, action: str, work: ReceivedWork, *, delete: bool, after: timedelta) -> None:
        queue = self._work[work.lane]
        context = {"queue": queue.queue_name, "message_id": work.message_id, "flow": work.item.flow}
        with storage_errors(action, context):
            try:
                if delete:
                    queue.delete_message(work.message_id, work.receipt)
                else:
                    queue.update_message(work.message_id, work.receipt, visibility_timeout=_seconds(after, minimum=0))
            except ResourceNotFoundError:
                return  # already gone: completed by whoever held it last
            except HttpResponseError as exc:
                error_code: str | None = getattr(exc, "error_code", None)
                if error_code != "PopReceiptMismatch":
                    raise
                raise ConcurrencyConflictError(
                    "the work item was lent to another consumer after its visibility timeout ran out",
                    context={**context, "natural_key": work.item.natural_key},
                    hint="processing took longer than the visibility timeout; the other consumer will finish it",
                ) from exc

    def complete(self, work: ReceivedWork) -> None:
        self._settle("complete a work item", work, delete=True, after=timedelta(0))

    def release(self, work: ReceivedWork, *, after: timedelta = timedelta(0)) -> None:
        self._settle("release a work item", work, delete=False, after=after)

    def poisoned(self, lane: WorkLane, *, limit: int = 32) -> list[PoisonedWork]:
        queue = self._poison[lane]
        with storage_errors("look at the poison queue", {"queue": queue.queue_name}):
            messages = queue.peek_messages(max_messages=min(limit, MAX_RECEIVE_BATCH))
        out: list[PoisonedWork] = []
        for message in messages:
            wire = str(message.content)
            try:
                item: WorkItem | None = decode_work_item(wire)
            except WorkItemDecodeError:
                item = None
            out.append(PoisonedWork(message.id, wire, item))
        return out
