"""The Sterling B2B Integrator REST client: deliver documents to mailboxes, poll mailboxes, fetch payloads.

Neither POST here is idempotent and Sterling has no idempotency key, so delivery is guarded by the message
name the caller makes deterministic (partner, document type, natural key): :meth:`SterlingClient.deliver`
looks for that name in the mailbox first, and looks again when the create's answer was lost, so a retried
delivery never leaves two messages.  Lists page with ``_range`` until a short page; a 404 on a list is empty.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import quote

import requests

from shared.errors import AuthenticationError, RemoteRejectedError, TransientError
from shared.http.retry import RetryPolicy
from shared.http.transport import Credentials, HttpTransport, Timeouts
from shared.secrets import SecretProvider
from shared.sterling.auth import BasicCredentials, OAuthCredentials
from shared.sterling.config import SterlingAuth, SterlingSettings
from shared.sterling.cursor import MessageCursor
from shared.sterling.errors import SterlingNotFoundError, error_from_response
from shared.sterling.records import (
    Mailbox,
    MailboxEntry,
    MailboxMessage,
    SterlingRecordError,
    SterlingValue,
    created_id,
)

__all__ = ["Delivery", "SterlingClient"]

_HEADERS = {"Accept": "application/json", "Content-Type": "application/json"}


@dataclass(frozen=True)
class Delivery:
    document_id: str
    message_id: int
    # True when the message already existed (an earlier attempt delivered it) and nothing new was created.
    already_delivered: bool


class SterlingClient:
    def __init__(
        self,
        settings: SterlingSettings,
        *,
        secrets: SecretProvider | None = None,
        credentials: Credentials | None = None,
        policy: RetryPolicy | None = None,
        transport: HttpTransport | None = None,
    ) -> None:
        self.settings = settings
        if credentials is None:
            credentials = (
                OAuthCredentials(settings, secrets)
                if settings.auth is SterlingAuth.OAUTH
                else BasicCredentials(settings, secrets)
            )
        self._transport = transport or HttpTransport(
            system="sterling",
            credentials=credentials,
            timeouts=Timeouts(settings.connect_timeout, settings.read_timeout),
            verify=settings.ca_bundle or True,
            policy=policy or RetryPolicy(),
            default_headers=_HEADERS,
        )
        self._mailbox_ids: dict[str, int] = {}

    def close(self) -> None:
        self._transport.close()

    def __enter__(self) -> SterlingClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- mailboxes -----------------------------------------------------------------------------------------

    def resolve_mailbox(self, path: str) -> Mailbox:
        """The mailbox at exactly ``path`` (the ``path`` filter also matches wildcards and children)."""
        wanted = _normal_path(path)
        for raw in self._list("mailboxes", {"path": wanted}, operation="mailbox lookup", mailbox=wanted):
            mailbox = Mailbox.from_sterling(raw)
            if _normal_path(mailbox.path) == wanted:
                self._mailbox_ids[wanted] = mailbox.id
                return mailbox
        raise SterlingNotFoundError(
            f"Sterling has no mailbox {wanted} (or the API user cannot see it)",
            context={"system": "sterling", "mailbox": wanted},
            hint=f"create the mailbox {wanted} in Sterling, or correct the partner's mailbox path",
        )

    def mailbox_id(self, path: str) -> int:
        wanted = _normal_path(path)
        if wanted not in self._mailbox_ids:
            self.resolve_mailbox(wanted)
        return self._mailbox_ids[wanted]

    def mailbox_messages(self, mailbox_path: str) -> Iterator[MailboxMessage]:
        """Every message in the mailbox, lazily (sub-mailboxes skipped)."""
        path = _normal_path(mailbox_path)
        params = {"parentMailboxId": str(self.mailbox_id(path)), "type": "message", "detail": "true"}
        for raw in self._list("mailboxcontents", params, operation="mailbox listing", mailbox=path):
            entry = MailboxEntry.from_sterling(raw)
            if entry.message is not None:
                yield entry.message

    def new_messages(self, mailbox_path: str, cursor: MessageCursor) -> list[MailboxMessage]:
        """Messages newer than ``cursor``, oldest first ((creationDate, id) order, ready for ``cursor.advance``)."""
        fresh = [message for message in self.mailbox_messages(mailbox_path) if cursor.is_new(message)]
        fresh.sort(key=lambda message: (message.creation_date, message.id))
        return fresh

    # -- messages ------------------------------------------------------------------------------------------

    def find_message(self, mailbox_path: str, name: str) -> MailboxMessage | None:
        """The message called exactly ``name`` in the mailbox, or None."""
        path = _normal_path(mailbox_path)
        for raw in self._list("mailboxmessages", {"name": name}, operation="message lookup", mailbox=path):
            message = MailboxMessage.from_sterling(raw)
            if message.name == name and _normal_path(message.mailbox_path) == path:
                return message
        return None

    def get_message(self, message_id: int) -> MailboxMessage:
        response = self._send("GET", f"mailboxmessages/{message_id}", operation="message read")
        body = _json(response, "message read")
        if not isinstance(body, dict):
            raise SterlingRecordError("Sterling answered a message read with something other than an object")
        return MailboxMessage.from_sterling(body)

    def create_message(self, document_id: str, mailbox_path: str, name: str) -> int:
        """Put an uploaded document into a mailbox as message ``name``; the new message id."""
        path = _normal_path(mailbox_path)
        body = {"documentId": document_id, "mailboxPath": path, "name": name, "extractableAlways": True}
        response = self._send(
            "POST", "mailboxmessages/", json_body=body, operation="message create", mailbox=path, expect=(200, 201)
        )
        ident = created_id(_json(response, "message create"), response.headers.get("Location"), "mailbox message")
        if not ident.isdigit():
            raise SterlingRecordError(
                f"Sterling's new mailbox message id is not a number: {ident!r}",
                context={"system": "sterling", "mailbox": path, "name": name},
            )
        return int(ident)

    def mark_extracted(self, message_id: int) -> None:
        """Extract the message: Sterling decrements its extractability (sterling.md §3.2)."""
        self._send(
            "POST",
            f"mailboxmessages/{message_id}/actions/extractmailboxmessage",
            json_body={},
            operation="message extract",
        )

    # -- documents -----------------------------------------------------------------------------------------

    def upload_document(self, payload: bytes, name: str, *, content_subtype: str = "octet-stream") -> str:
        """Store ``payload`` in Sterling's document store; the new documentId."""
        body = {
            "payload": base64.b64encode(payload).decode("ascii"),
            "documentName": name,
            "contentType": "application",
            "contentSubtype": content_subtype,
        }
        response = self._send("POST", "documents/", json_body=body, operation="document upload", expect=(200, 201))
        return created_id(_json(response, "document upload"), response.headers.get("Location"), "document")

    def fetch_payload(self, document_id: str) -> bytes:
        """A document's bytes (asked for as base64, which survives any charset)."""
        response = self._send(
            "POST",
            f"documents/{quote(document_id, safe='')}/actions/getpayload",
            json_body={"isPlainText": False},
            operation="payload fetch",
            extra={"document_id": document_id},
        )
        body = _json(response, "payload fetch")
        encoded = body.get("response") if isinstance(body, dict) else None
        if not isinstance(encoded, str):
            raise SterlingRecordError(
                "Sterling answered a payload fetch without a 'response' text",
                context={"system": "sterling", "document_id": document_id},
            )
        try:
            return base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise SterlingRecordError(
                "Sterling's payload is not valid base64",
                context={"system": "sterling", "document_id": document_id},
            ) from None

    # -- delivery ------------------------------------------------------------------------------------------

    def deliver(self, payload: bytes, mailbox_path: str, name: str, *, document_id: str | None = None) -> Delivery:
        """Deliver ``payload`` as message ``name`` into the mailbox, at most once for that name.

        ``document_id`` reuses a document an earlier attempt uploaded (the ledger records it).
        """
        path = _normal_path(mailbox_path)
        existing = self.find_message(path, name)
        if existing is not None:
            return Delivery(existing.document_id, existing.id, already_delivered=True)
        if document_id is None:
            document_id = self.upload_document(payload, name)
        try:
            message_id = self.create_message(document_id, path, name)
        except TransientError:
            # The create may have happened with its answer lost: look before anyone tries again.
            found = self.find_message(path, name)
            if found is not None:
                return Delivery(found.document_id, found.id, already_delivered=False)
            raise
        return Delivery(document_id, message_id, already_delivered=False)

    # -- checks (ping) -------------------------------------------------------------------------------------

    def check_credentials(self, mailbox_path: str = "/") -> int:
        """One cheap authenticated read; its status.  401 raises; 403 returns (known user, missing permission)."""
        path = _normal_path(mailbox_path)
        try:
            self._send(
                "GET",
                "mailboxes/",
                params={"path": path, "_range": "0-0"},
                operation="sign-in check",
                mailbox=path,
                expect=(200,),
            )
        except SterlingNotFoundError:
            return 404
        except AuthenticationError as exc:
            if exc.context.get("status") == "403":
                return 403
            raise
        return 200

    def check_mailbox(self, mailbox_path: str) -> Mailbox:
        """The mailbox exists and its contents can be listed (one item at most is read)."""
        mailbox = self.resolve_mailbox(mailbox_path)
        params = {"parentMailboxId": str(mailbox.id), "type": "message", "_range": "0-0"}
        # An empty mailbox answers 404 on some versions (sterling.md §5.1).
        with contextlib.suppress(SterlingNotFoundError):
            self._send("GET", "mailboxcontents/", params=params, operation="mailbox listing", mailbox=mailbox.path)
        return mailbox

    # -- plumbing ------------------------------------------------------------------------------------------

    def _url(self, path: str) -> str:
        return f"{self.settings.api_url}/{path}"

    def _send(
        self,
        method: str,
        path: str,
        *,
        operation: str,
        params: Mapping[str, str] | None = None,
        json_body: object | None = None,
        mailbox: str | None = None,
        extra: Mapping[str, str] | None = None,
        expect: tuple[int, ...] = (200,),
    ) -> requests.Response:
        context = dict(extra or {})
        if mailbox:
            context["mailbox"] = mailbox
        url = self._url(path)
        if params:
            url += "?" + "&".join(f"{quote(k, safe='_')}={quote(v, safe='/-_.')}" for k, v in params.items())
        data = json.dumps(json_body).encode("utf-8") if json_body is not None else None
        response = self._transport.send(method, url, data=data, context=context)
        if response.status_code not in expect:
            raise error_from_response(response, operation=operation, context=context)
        return response

    def _list(
        self, resource: str, params: Mapping[str, str], *, operation: str, mailbox: str | None = None
    ) -> Iterator[dict[str, SterlingValue]]:
        """Every item of a collection, ``_range`` page by page until a short page; 404 means empty."""
        size = self.settings.page_size
        start = 0
        seen: set[str] = set()
        while True:
            page_params = {**params, "_range": f"{start}-{start + size - 1}"}
            try:
                response = self._send("GET", f"{resource}/", params=page_params, operation=operation, mailbox=mailbox)
            except SterlingNotFoundError:
                return
            body = _json(response, operation)
            if not isinstance(body, list):
                raise RemoteRejectedError(
                    f"Sterling answered a {operation} with something other than a list",
                    context={"system": "sterling", "operation": operation},
                )
            fresh = 0
            for item in body:
                if not isinstance(item, dict):
                    continue
                ident = str(item.get("id", item.get("_id", "")))
                if ident in seen:
                    continue
                seen.add(ident)
                fresh += 1
                yield item
            # A server that ignores _range answers the same items again: stop rather than loop.
            if len(body) < size or fresh == 0:
                return
            start += size


def _json(response: requests.Response, operation: str) -> SterlingValue:
    if not response.content.strip():
        return None
    try:
        parsed: SterlingValue = json.loads(response.content)
    except ValueError:
        raise RemoteRejectedError(
            f"Sterling answered a {operation} with something that is not JSON",
            context={"system": "sterling", "operation": operation, "status": str(response.status_code)},
            hint="check STERLING_BASE_URL points at the B2B REST API (Liberty port), not a web page",
        ) from None
    return parsed


def _normal_path(path: str) -> str:
    return "/" + path.strip().strip("/")
