"""``documents``: B2Bi's document store (create with a Base64 payload, read metadata, get the payload, delete)."""

from __future__ import annotations

import base64
import binascii

from sandbox.sterling.api import ROWS_AFFECTED, Call, item_metadata, optional_bool, optional_int, optional_str
from sandbox.sterling.records import Document, DocumentMetadata
from sandbox.sterling.wire import ApiCode, ApiError, JsonObject, render_date
from sandbox.web import Response

__all__ = ["append", "create", "delete", "get_payload", "read_list", "read_one"]

RESOURCE = "documents"


def _decode_payload(payload: str, plain_text: bool, encoding: str | None) -> bytes:
    if plain_text:
        return payload.encode(encoding or "utf-8")
    try:
        return base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ApiError(
            400, ApiCode.INVALID_INPUT, "'payload' is not valid Base64; send isPlainText=true for raw text"
        ) from exc


def view(call: Call, document: Document) -> JsonObject:
    zone = call.behaviour.zone
    meta = document.metadata
    item: JsonObject = item_metadata(call, RESOURCE, document.document_id, "Document")
    item.update(
        {
            "documentId": document.document_id,
            "bodySize": len(document.content),
            "createTime": render_date(document.created, zone),
            "modifiedTime": render_date(document.modified, zone),
            "storageType": meta.storage_type,
            "initialDocumentId": document.document_id,
            "originalDocumentId": document.document_id,
        }
    )
    optional: dict[str, str | int | None] = {
        "documentName": meta.document_name,
        "bodyName": meta.body_name,
        "contentType": meta.content_type,
        "contentSubtype": meta.content_subtype,
        "characterEncoding": meta.character_encoding,
        "subject": meta.subject,
        "lifeSpan": meta.life_span,
    }
    item.update({key: value for key, value in optional.items() if value is not None})
    return item


def create(call: Call) -> Response:
    body = call.body()
    payload = optional_str(body, "payload")
    if payload is None:
        raise ApiError(400, ApiCode.INVALID_INPUT, "'payload' is required (Base64 of the document's bytes)")
    storage = optional_str(body, "storageType") or "DB"
    if storage not in ("FS", "DB"):
        raise ApiError(400, ApiCode.INVALID_INPUT, f"'storageType' must be FS or DB, got '{storage}'")
    encoding = optional_str(body, "characterEncoding")
    metadata = DocumentMetadata(
        document_name=optional_str(body, "documentName"),
        body_name=optional_str(body, "bodyName"),
        content_type=optional_str(body, "contentType"),
        content_subtype=optional_str(body, "contentSubtype"),
        character_encoding=encoding,
        subject=optional_str(body, "subject"),
        storage_type=storage,
        life_span=optional_int(body, "lifeSpan"),
    )
    content = _decode_payload(payload, optional_bool(body, "isPlainText") is True, encoding)
    document = call.store.add_document(content, metadata)
    return call.created(RESOURCE, document.document_id)


def read_list(call: Call) -> Response:
    document_id = call.query("documentId")
    if not document_id:
        raise ApiError(400, ApiCode.INVALID_INPUT, "Query parameter 'documentId' is required")
    return Response.json([view(call, call.store.document(document_id))])


def read_one(call: Call) -> Response:
    return Response.json(view(call, call.store.document(call.params["id"])))


def _plain_text_flag(call: Call, body: JsonObject) -> bool:
    from_body = optional_bool(body, "isPlainText")
    if from_body is not None:
        return from_body
    return (call.query("isPlainText") or "").lower() == "true"


def get_payload(call: Call) -> Response:
    body = call.body()
    document = call.store.document(call.params["id"])
    if _plain_text_flag(call, body):
        text = document.content.decode(document.metadata.character_encoding or "utf-8", "replace")
        return Response.json({"response": text})
    return Response.json({"response": base64.b64encode(document.content).decode("ascii")})


def append(call: Call) -> Response:
    body = call.body()
    payload = optional_str(body, "payload")
    if payload is None:
        raise ApiError(400, ApiCode.INVALID_INPUT, "'payload' is required")
    document = call.store.document(call.params["id"])
    content = _decode_payload(payload, optional_bool(body, "isPlainText") is True, document.metadata.character_encoding)
    updated = call.store.append_to_document(document.document_id, content)
    return Response.json({"response": f"Appended {len(content)} bytes; document size is {len(updated.content)}"})


def delete(call: Call) -> Response:
    call.store.delete_document(call.params["id"])
    return Response.json(ROWS_AFFECTED)
