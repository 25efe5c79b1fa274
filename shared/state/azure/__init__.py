"""The Azure Storage adapters: Tables (ledger, cursors, control numbers, audit), Queues (work), Blobs (payloads)."""

from shared.state.azure.audit import TableAuditLog
from shared.state.azure.clients import StorageServices, connect_with_account, connect_with_connection_string
from shared.state.azure.control_numbers import TableControlNumbers
from shared.state.azure.cursors import TableCursors
from shared.state.azure.ledger import TableLedger
from shared.state.azure.payloads import BlobPayloadArchive
from shared.state.azure.storage_errors import storage_errors
from shared.state.azure.work_queue import StorageWorkQueue

__all__ = [
    "BlobPayloadArchive",
    "StorageServices",
    "StorageWorkQueue",
    "TableAuditLog",
    "TableControlNumbers",
    "TableCursors",
    "TableLedger",
    "connect_with_account",
    "connect_with_connection_string",
    "storage_errors",
]
