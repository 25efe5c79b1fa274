"""Azure Storage service clients from a connection string or from an account name and the app's identity."""

from __future__ import annotations

from dataclasses import dataclass

from azure.core.credentials import TokenCredential
from azure.data.tables import TableServiceClient
from azure.storage.blob import BlobServiceClient
from azure.storage.queue import QueueServiceClient

from shared.settings import Secret

__all__ = ["StorageServices", "connect_with_account", "connect_with_connection_string"]


@dataclass(frozen=True)
class StorageServices:
    """One client per storage service; the ports take their table, queue and container clients from these."""

    tables: TableServiceClient
    queues: QueueServiceClient
    blobs: BlobServiceClient

    def close(self) -> None:
        self.tables.close()
        self.queues.close()
        self.blobs.close()


def connect_with_connection_string(connection: Secret) -> StorageServices:
    """Clients from a connection string (``UseDevelopmentStorage=true``, Azurite's, or an account key one)."""
    text = connection.reveal()
    return StorageServices(
        tables=TableServiceClient.from_connection_string(text),
        queues=QueueServiceClient.from_connection_string(text),
        blobs=BlobServiceClient.from_connection_string(text),
    )


def connect_with_account(account: str, credential: TokenCredential | None = None) -> StorageServices:
    """Identity-based clients for ``account`` on the public cloud; no keys.

    ``credential`` defaults to ``DefaultAzureCredential`` (the Function App's managed identity in Azure, the
    developer's Azure CLI login locally).
    """
    if credential is None:
        from azure.identity import DefaultAzureCredential  # only identity-based deployments pay for the import

        credential = DefaultAzureCredential()
    return StorageServices(
        tables=TableServiceClient(f"https://{account}.table.core.windows.net", credential=credential),
        queues=QueueServiceClient(f"https://{account}.queue.core.windows.net", credential=credential),
        blobs=BlobServiceClient(f"https://{account}.blob.core.windows.net", credential=credential),
    )
