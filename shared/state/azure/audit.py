"""The audit log on Table Storage, laid out so every query reads newest first and can stop at its limit.

Each event is written twice, with the same RowKey (inverted microseconds, then a unique id):
- in its day partition, ``d`` + the inverted day number, so a table-wide range over day partitions returns newest
  days first (Table Storage returns rows ordered by PartitionKey, then RowKey);
- in its natural key's partition, ``k`` + the encoded key, so a document's history is one partition read.
Other dimensions (flow, partner, outcome, time range) are filters on those reads. The two writes are separate
(different partitions cannot share a transaction); a crash between them loses the event from the key view only.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from azure.data.tables import TableClient, TableEntity, UpdateMode

from shared.state.azure.storage_errors import storage_errors
from shared.state.keys import encode_key
from shared.state.records import AuditEvent, AuditOutcome, AuditQuery
from shared.state.serial import ref_or_none, time_from_text, time_to_text

__all__ = ["TableAuditLog"]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROS_CEILING = 10**17  # well past year 3000 in microseconds since 1970
_DAY_CEILING = 99_999_999


def _inverted_micros(at: datetime) -> int:
    return _MICROS_CEILING - (at - _EPOCH) // timedelta(microseconds=1)


def _day_partition(at: datetime) -> str:
    return f"d{_DAY_CEILING - int(at.strftime('%Y%m%d')):08d}"


def _key_partition(natural_key: str) -> str:
    return "k" + encode_key(natural_key)


def _event(entity: TableEntity) -> AuditEvent:
    def text(name: str) -> str | None:
        value = entity.get(name)
        return None if value is None else str(value)

    return AuditEvent(
        at=time_from_text(str(entity["At"])),
        flow=str(entity["Flow"]),
        natural_key=str(entity["NaturalKey"]),
        partner=str(entity["Partner"]),
        step=str(entity["Step"]),
        outcome=AuditOutcome(entity["Outcome"]),
        message=str(entity["Message"]),
        invocation_id=text("InvocationId"),
        correlation_id=text("CorrelationId"),
        payload=ref_or_none(text("Payload")),
    )


class TableAuditLog:
    def __init__(self, table: TableClient) -> None:
        self._table = table

    def append(self, event: AuditEvent) -> None:
        row_key = f"{_inverted_micros(event.at):017d}-{uuid.uuid4().hex}"
        properties = {
            "RowKey": row_key,
            "At": time_to_text(event.at),
            "Flow": event.flow,
            "NaturalKey": event.natural_key,
            "Partner": event.partner,
            "Step": event.step,
            "Outcome": event.outcome.value,
            "Message": event.message,
            "InvocationId": event.invocation_id,
            "CorrelationId": event.correlation_id,
            "Payload": event.payload.text if event.payload else None,
        }
        context = {"flow": event.flow, "natural_key": event.natural_key, "step": event.step}
        with storage_errors("append an audit event", context):
            for partition in (_day_partition(event.at), _key_partition(event.natural_key)):
                # Upsert, so a retried append after a timeout does not fail on the row it already wrote.
                self._table.upsert_entity({**properties, "PartitionKey": partition}, mode=UpdateMode.REPLACE)

    def _filter(self, query: AuditQuery) -> tuple[str, dict[str, str]]:
        clauses: list[str] = []
        parameters: dict[str, str] = {}
        if query.natural_key is not None:
            clauses.append("PartitionKey eq @pk")
            parameters["pk"] = _key_partition(query.natural_key)
        else:
            # Day partitions sort newest first, so the range runs from the ``until`` day down to the ``since`` day.
            clauses.append("PartitionKey ge @newest_day")
            parameters["newest_day"] = _day_partition(query.until) if query.until else "d00000000"
            clauses.append("PartitionKey le @oldest_day")
            parameters["oldest_day"] = _day_partition(query.since) if query.since else "d99999999"
        for name, value in (
            ("Flow", query.flow),
            ("Partner", query.partner),
            ("Outcome", query.outcome.value if query.outcome else None),
        ):
            if value is not None:
                clauses.append(f"{name} eq @{name.lower()}")
                parameters[name.lower()] = value
        if query.since is not None:
            clauses.append("At ge @since")
            parameters["since"] = time_to_text(query.since)
        if query.until is not None:
            clauses.append("At lt @until")
            parameters["until"] = time_to_text(query.until)
        return " and ".join(clauses), parameters

    def _rows(self, query: AuditQuery) -> Iterator[TableEntity]:
        text, parameters = self._filter(query)
        yield from self._table.query_entities(text, parameters=parameters, results_per_page=min(query.limit, 1000))

    def query(self, query: AuditQuery) -> list[AuditEvent]:
        events: list[AuditEvent] = []
        with storage_errors("query the audit log", {"table": self._table.table_name}):
            for entity in self._rows(query):
                events.append(_event(entity))
                if len(events) >= query.limit:
                    break
        return events
