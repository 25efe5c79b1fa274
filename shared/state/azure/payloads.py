"""The payload archive on Blob Storage: one blob per SHA-256, written once and never overwritten."""

from __future__ import annotations

import hashlib
from contextlib import suppress

from azure.core.exceptions import ResourceExistsError, ResourceNotFoundError
from azure.storage.blob import ContainerClient, ContentSettings

from shared.state.azure.storage_errors import storage_errors
from shared.state.errors import PayloadNotFoundError
from shared.state.records import PayloadRef

__all__ = ["BlobPayloadArchive"]


def _blob_name(ref: PayloadRef) -> str:
    # Two-level fan-out keeps listings of the container browsable.
    return f"sha256/{ref.sha256[:2]}/{ref.sha256}"


class BlobPayloadArchive:
    def __init__(self, container: ContainerClient) -> None:
        self._container = container

    def put(self, data: bytes) -> PayloadRef:
        ref = PayloadRef(hashlib.sha256(data).hexdigest())
        # Content-addressed: if the blob exists, the same bytes are already there.
        with storage_errors("archive a payload", {"payload": ref.text}), suppress(ResourceExistsError):
            self._container.upload_blob(
                _blob_name(ref),
                data,
                overwrite=False,
                metadata={"sha256": ref.sha256},
                content_settings=ContentSettings(content_type="application/octet-stream"),
            )
        return ref

    def get(self, ref: PayloadRef) -> bytes:
        context = {"payload": ref.text, "container": self._container.container_name}
        with storage_errors("read an archived payload", context):
            try:
                data = self._container.download_blob(_blob_name(ref)).readall()
            except ResourceNotFoundError as exc:
                raise PayloadNotFoundError(
                    "no archived payload has this reference",
                    context=context,
                    hint="the reference may come from another environment, or the blob was deleted by retention",
                ) from exc
        if hashlib.sha256(data).hexdigest() != ref.sha256:
            raise PayloadNotFoundError(
                "the archived payload no longer matches its SHA-256",
                context=context,
                hint="the blob was altered outside the connector; restore it from a backup or soft-deleted version",
            )
        return data
