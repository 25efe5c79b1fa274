"""The ledger on Table Storage: PartitionKey = flow, RowKey = natural key (both encoded), ETag = version.

``find_by_message_id`` uses a second table whose rows point from a Sterling message id to an entry. The pointer is
written before the entry and checked against it on read, so a crash between the two writes leaves a harmless
pointer, never a wrong answer.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

from azure.core import MatchConditions
from azure.core.exceptions import ResourceExistsError, ResourceNotFoundError
from azure.data.tables import TableClient, TableEntity, UpdateMode

from shared.errors import ConcurrencyConflictError
from shared.state.azure.storage_errors import storage_errors
from shared.state.keys import encode_key
from shared.state.ledger_rules import apply_change, new_entry, replay
from shared.state.records import (
    ClaimResult,
    Direction,
    EnvelopeControls,
    LedgerChange,
    LedgerClaim,
    LedgerEntry,
    LedgerStatus,
)
from shared.state.serial import (
    history_from_json,
    history_to_json,
    ref_or_none,
    time_from_text,
    time_or_none,
    time_to_text,
    utcnow,
)

__all__ = ["TableLedger"]

_TimeText = str | None
_Properties = dict[str, str | int | None]


def _properties(entry: LedgerEntry) -> _Properties:
    # None properties are left out by the SDK and read back as absent.
    # Times are stored as fixed-width ISO text: exact to the microsecond on every backend, and they compare as text.
    def when(value: datetime | None) -> _TimeText:
        return time_to_text(value) if value else None

    return {
        "PartitionKey": encode_key(entry.flow),
        "RowKey": encode_key(entry.natural_key),
        "Flow": entry.flow,
        "NaturalKey": entry.natural_key,
        "Partner": entry.partner,
        "Direction": entry.direction.value,
        "Status": entry.status.value,
        "CorrelationId": entry.correlation_id,
        "Attempts": entry.attempts,
        "ClaimedAt": time_to_text(entry.claimed_at),
        "UpdatedAt": time_to_text(entry.updated_at),
        "DeliveredAt": when(entry.delivered_at),
        "AcknowledgedAt": when(entry.acknowledged_at),
        "FailureReason": entry.failure_reason,
        "SterlingDocumentId": entry.sterling_document_id,
        "SterlingMessageId": entry.sterling_message_id,
        "SterlingMessageName": entry.sterling_message_name,
        "DynamicsRecordKey": entry.dynamics_record_key,
        "InputPayload": entry.input_payload.text if entry.input_payload else None,
        "OutputPayload": entry.output_payload.text if entry.output_payload else None,
        "InterchangeControl": entry.controls.interchange,
        "GroupControl": entry.controls.group,
        "TransactionControl": entry.controls.transaction,
        "History": history_to_json(entry.history),
    }


def _text(entity: TableEntity, name: str) -> str | None:
    value = entity.get(name)
    return None if value is None else str(value)


def _entry(entity: TableEntity) -> LedgerEntry:
    return LedgerEntry(
        flow=str(entity["Flow"]),
        natural_key=str(entity["NaturalKey"]),
        partner=str(entity["Partner"]),
        direction=Direction(entity["Direction"]),
        status=LedgerStatus(entity["Status"]),
        version=str(entity.metadata["etag"]),
        correlation_id=str(entity["CorrelationId"]),
        attempts=int(entity["Attempts"]),
        claimed_at=time_from_text(str(entity["ClaimedAt"])),
        updated_at=time_from_text(str(entity["UpdatedAt"])),
        delivered_at=time_or_none(_text(entity, "DeliveredAt")),
        acknowledged_at=time_or_none(_text(entity, "AcknowledgedAt")),
        failure_reason=_text(entity, "FailureReason"),
        sterling_document_id=_text(entity, "SterlingDocumentId"),
        sterling_message_id=_text(entity, "SterlingMessageId"),
        sterling_message_name=_text(entity, "SterlingMessageName"),
        dynamics_record_key=_text(entity, "DynamicsRecordKey"),
        input_payload=ref_or_none(_text(entity, "InputPayload")),
        output_payload=ref_or_none(_text(entity, "OutputPayload")),
        controls=EnvelopeControls(
            _text(entity, "InterchangeControl"), _text(entity, "GroupControl"), _text(entity, "TransactionControl")
        ),
        history=history_from_json(_text(entity, "History")),
    )


class TableLedger:
    def __init__(self, entries: TableClient, message_index: TableClient) -> None:
        self._entries = entries
        self._index = message_index

    @staticmethod
    def _context(flow: str, natural_key: str) -> dict[str, str]:
        return {"flow": flow, "natural_key": natural_key}

    def _point(self, message_id: str, flow: str, natural_key: str) -> None:
        with storage_errors("index a Sterling message id", {"message_id": message_id, "flow": flow}):
            self._index.upsert_entity(
                {"PartitionKey": encode_key(message_id), "RowKey": "", "Flow": flow, "NaturalKey": natural_key},
                mode=UpdateMode.REPLACE,
            )

    def claim(self, claim: LedgerClaim) -> ClaimResult:
        entry = new_entry(claim, now=utcnow(), version="")
        if claim.sterling_message_id:
            self._point(claim.sterling_message_id, claim.flow, claim.natural_key)
        context = self._context(claim.flow, claim.natural_key)
        with storage_errors("claim a ledger entry", context):
            try:
                metadata = self._entries.create_entity(_properties(entry))
            except ResourceExistsError:
                existing = self.get(claim.flow, claim.natural_key)
                if existing is None:  # claimed and deleted in between: only an operator deletes entries
                    raise
                return ClaimResult(existing, won=False)
        return ClaimResult(dataclasses.replace(entry, version=str(metadata["etag"])), won=True)

    def get(self, flow: str, natural_key: str) -> LedgerEntry | None:
        with storage_errors("read a ledger entry", self._context(flow, natural_key)):
            try:
                entity = self._entries.get_entity(encode_key(flow), encode_key(natural_key))
            except ResourceNotFoundError:
                return None
        return _entry(entity)

    def _swap(self, before: LedgerEntry, after: LedgerEntry) -> LedgerEntry:
        if after.sterling_message_id and after.sterling_message_id != before.sterling_message_id:
            self._point(after.sterling_message_id, after.flow, after.natural_key)
        context = self._context(before.flow, before.natural_key)
        # A lost race (412) becomes ConcurrencyConflictError at the edge; so does an entry that is gone (404).
        with storage_errors("update a ledger entry that changed since it was read", context):
            try:
                metadata = self._entries.update_entity(
                    _properties(after),
                    mode=UpdateMode.REPLACE,
                    etag=before.version,
                    match_condition=MatchConditions.IfNotModified,
                )
            except ResourceNotFoundError as exc:
                raise ConcurrencyConflictError(
                    "ledger entry no longer exists; it was not updated",
                    context=context,
                    hint="an operator removed it; claim the document again if it must be processed",
                ) from exc
        return dataclasses.replace(after, version=str(metadata["etag"]))

    def transition(self, entry: LedgerEntry, change: LedgerChange) -> LedgerEntry:
        return self._swap(entry, apply_change(entry, change, now=utcnow()))

    def reset_for_replay(self, entry: LedgerEntry) -> LedgerEntry:
        return self._swap(entry, replay(entry, now=utcnow()))

    def _query(self, action: str, text: str, parameters: dict[str, str]) -> list[LedgerEntry]:
        with storage_errors(action, {"table": self._entries.table_name}):
            return [_entry(e) for e in self._entries.query_entities(text, parameters=parameters)]

    def failed(self, *, partner: str | None = None, flow: str | None = None, limit: int = 100) -> list[LedgerEntry]:
        text = "Status eq @status"
        parameters = {"status": LedgerStatus.FAILED.value}
        if flow is not None:
            text += " and PartitionKey eq @pk"
            parameters["pk"] = encode_key(flow)
        if partner is not None:
            text += " and Partner eq @partner"
            parameters["partner"] = partner
        found = self._query("list failed ledger entries", text, parameters)
        found.sort(key=lambda e: e.updated_at, reverse=True)
        return found[:limit]

    def awaiting_acknowledgment(
        self, *, delivered_before: datetime, partner: str | None = None, limit: int = 100
    ) -> list[LedgerEntry]:
        text = "Status eq @status and DeliveredAt lt @before"
        parameters = {"status": LedgerStatus.DELIVERED.value, "before": time_to_text(delivered_before)}
        if partner is not None:
            text += " and Partner eq @partner"
            parameters["partner"] = partner
        found = self._query("list ledger entries awaiting acknowledgment", text, parameters)
        found.sort(key=lambda e: e.delivered_at or e.updated_at)
        return found[:limit]

    def find_by_message_id(self, sterling_message_id: str) -> LedgerEntry | None:
        with storage_errors("look up a Sterling message id", {"message_id": sterling_message_id}):
            try:
                pointer = self._index.get_entity(encode_key(sterling_message_id), "")
            except ResourceNotFoundError:
                return None
        entry = self.get(str(pointer["Flow"]), str(pointer["NaturalKey"]))
        if entry is None or entry.sterling_message_id != sterling_message_id:
            return None
        return entry
