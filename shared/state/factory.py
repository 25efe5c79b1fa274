"""Opens the configured backend and hands back the six ports, creating tables, queues and containers if missing."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass

from shared.state.config import StateBackend, StateSettings
from shared.state.ports import AuditLog, ControlNumbers, Cursors, Ledger, PayloadArchive, WorkQueue

__all__ = ["StateStores", "open_state"]


@dataclass(frozen=True)
class StateStores:
    """The state ports of one backend; ``close`` releases its connections."""

    ledger: Ledger
    cursors: Cursors
    control_numbers: ControlNumbers
    audit: AuditLog
    payloads: PayloadArchive
    work_queue: WorkQueue
    close: Callable[[], None]


def open_state(settings: StateSettings) -> StateStores:
    if settings.backend is StateBackend.AZURE:
        return _open_azure(settings)
    return _open_sqlite(settings)


def _open_sqlite(settings: StateSettings) -> StateStores:
    from shared.state import local

    db = local.SqliteDatabase(settings.sqlite_path)
    return StateStores(
        ledger=local.SqliteLedger(db),
        cursors=local.SqliteCursors(db),
        control_numbers=local.SqliteControlNumbers(db),
        audit=local.SqliteAuditLog(db),
        payloads=local.SqlitePayloadArchive(db),
        work_queue=local.SqliteWorkQueue(db, settings.queues, max_attempts=settings.queue_max_attempts),
        close=db.close,
    )


def _open_azure(settings: StateSettings) -> StateStores:
    # Imported here so local runs and the CLI's --help never load the Azure SDKs.
    from azure.core.exceptions import ResourceExistsError

    from shared.errors import ConfigurationError
    from shared.state.azure import (
        BlobPayloadArchive,
        StorageWorkQueue,
        TableAuditLog,
        TableControlNumbers,
        TableCursors,
        TableLedger,
        connect_with_account,
        connect_with_connection_string,
        storage_errors,
    )

    if settings.storage_connection is not None:
        services = connect_with_connection_string(settings.storage_connection)
        where = {"storage": "connection string"}
    elif settings.storage_account is not None:
        services = connect_with_account(settings.storage_account)
        where = {"storage": settings.storage_account}
    else:
        raise ConfigurationError(
            "STATE_BACKEND=azure but no storage is configured",
            hint="set STATE_STORAGE_CONNECTION or STATE_STORAGE_ACCOUNT",
        )
    prefix = settings.table_prefix
    tables = {}
    with storage_errors("create the state tables, queues and container", where):
        for name in ("ledger", "ledgermessages", "cursors", "controlnumbers", "audit"):
            tables[name] = services.tables.create_table_if_not_exists(f"{prefix}{name}")
        work_queue = StorageWorkQueue(services.queues, settings.queues, max_attempts=settings.queue_max_attempts)
        for queue in work_queue.clients():
            with suppress(ResourceExistsError):
                queue.create_queue()
        container = services.blobs.get_container_client(settings.blob_container)
        with suppress(ResourceExistsError):
            container.create_container()
    return StateStores(
        ledger=TableLedger(tables["ledger"], tables["ledgermessages"]),
        cursors=TableCursors(tables["cursors"]),
        control_numbers=TableControlNumbers(tables["controlnumbers"]),
        audit=TableAuditLog(tables["audit"]),
        payloads=BlobPayloadArchive(container),
        work_queue=work_queue,
        close=services.close,
    )
