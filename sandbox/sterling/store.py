"""The emulator's state and the rules B2Bi applies to it (ids, parents, extraction, moves).

Every mutation is complete when its method returns, so an HTTP-level fault injected after the handler ran
("stored, then failed", "created, response lost") leaves exactly the state a real server would.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime

from sandbox.sterling.records import Document, DocumentMetadata, Extractability, Mailbox, MailboxMessage, MailboxType
from sandbox.sterling.wire import ApiCode, ApiError

__all__ = ["Clock", "SterlingStore"]

Clock = Callable[[], datetime]


class SterlingStore:
    """Documents, mailboxes and messages with B2Bi-style ids; thread-safe (the server is multi-threaded)."""

    def __init__(self, clock: Clock, *, node: str = "sandboxb2bi:node1") -> None:
        self._clock = clock
        self._node = node
        self._lock = threading.RLock()
        self._documents: dict[str, Document] = {}
        self._mailboxes: dict[int, Mailbox] = {}
        self._messages: dict[int, MailboxMessage] = {}
        self._document_seq = 0
        # Real ids are large and unrelated across resources; starting away from 1 keeps clients honest.
        self._next_mailbox_id = 101
        self._next_message_id = 7001
        self.created_at = clock()
        self._add_mailbox_locked("/", "Root mailbox")

    @contextmanager
    def locked(self) -> Iterator[None]:
        with self._lock:
            yield

    def now(self) -> datetime:
        return self._clock()

    # -- documents -------------------------------------------------------------------------------------------

    def add_document(self, content: bytes, metadata: DocumentMetadata) -> Document:
        with self._lock:
            now = self._clock()
            self._document_seq += 1
            millis = int(now.timestamp() * 1000)
            document_id = f"{self._node}:{millis:x}:{self._document_seq}"
            document = Document(document_id, content, now, now, metadata)
            self._documents[document_id] = document
            return document

    def document(self, document_id: str) -> Document:
        with self._lock:
            found = self._documents.get(document_id)
        if found is None:
            raise ApiError(404, ApiCode.NOT_FOUND, f"Document '{document_id}' does not exist")
        return found

    def append_to_document(self, document_id: str, content: bytes) -> Document:
        with self._lock:
            current = self.document(document_id)
            updated = replace(current, content=current.content + content, modified=self._clock())
            self._documents[document_id] = updated
            return updated

    def delete_document(self, document_id: str) -> None:
        with self._lock:
            self.document(document_id)
            del self._documents[document_id]

    # -- mailboxes -------------------------------------------------------------------------------------------

    def _add_mailbox_locked(
        self, path: str, description: str, mailbox_type: MailboxType = MailboxType.REGULAR, groups: str = ""
    ) -> Mailbox:
        mailbox = Mailbox(self._next_mailbox_id, path, description, mailbox_type, None, groups)
        self._next_mailbox_id += 1
        self._mailboxes[mailbox.id] = mailbox
        return mailbox

    def add_mailbox(
        self,
        path: str,
        description: str,
        *,
        create_parents: bool = False,
        mailbox_type: MailboxType = MailboxType.REGULAR,
        groups: str = "",
    ) -> Mailbox:
        if not path.startswith("/") or (path != "/" and path.endswith("/")) or "//" in path:
            raise ApiError(400, ApiCode.INVALID_INPUT, f"Mailbox path '{path}' must be absolute, like /Partner/Inbox")
        with self._lock:
            if self.find_mailbox(path) is not None:
                raise ApiError(400, ApiCode.ALREADY_EXISTS, f"Mailbox '{path}' already exists")
            parts = path.strip("/").split("/")
            for depth in range(1, len(parts)):
                parent = "/" + "/".join(parts[:depth])
                if self.find_mailbox(parent) is None:
                    if not create_parents:
                        raise ApiError(
                            400,
                            ApiCode.INVALID_INPUT,
                            f"Parent mailbox '{parent}' does not exist; set createParentMailbox to create it",
                        )
                    self._add_mailbox_locked(parent, f"Parent of {path}")
            return self._add_mailbox_locked(path, description, mailbox_type, groups)

    def find_mailbox(self, path: str) -> Mailbox | None:
        with self._lock:
            return next((m for m in self._mailboxes.values() if m.path == path), None)

    def mailbox(self, mailbox_id: int) -> Mailbox:
        with self._lock:
            found = self._mailboxes.get(mailbox_id)
        if found is None:
            raise ApiError(404, ApiCode.NOT_FOUND, f"Mailbox with id {mailbox_id} does not exist")
        return found

    def mailbox_at(self, path: str) -> Mailbox:
        found = self.find_mailbox(path)
        if found is None:
            raise ApiError(400, ApiCode.INVALID_INPUT, f"Mailbox '{path}' does not exist")
        return found

    def mailboxes(self) -> list[Mailbox]:
        with self._lock:
            return sorted(self._mailboxes.values(), key=lambda m: m.id)

    def update_mailbox(self, mailbox_id: int, description: str, groups: str | None) -> Mailbox:
        with self._lock:
            current = self.mailbox(mailbox_id)
            updated = replace(current, description=description, groups=current.groups if groups is None else groups)
            self._mailboxes[mailbox_id] = updated
            return updated

    def delete_mailbox(self, mailbox_id: int) -> None:
        with self._lock:
            current = self.mailbox(mailbox_id)
            if self.children(mailbox_id) or self.messages_in(mailbox_id):
                raise ApiError(
                    400, ApiCode.NOT_EMPTY, f"Mailbox '{current.path}' is not empty; delete its contents first"
                )
            del self._mailboxes[mailbox_id]

    def children(self, mailbox_id: int) -> list[Mailbox]:
        with self._lock:
            parent = self.mailbox(mailbox_id)
            return [m for m in self.mailboxes() if m.parent_path == parent.path]

    # -- messages --------------------------------------------------------------------------------------------

    def add_message(
        self, mailbox_path: str, name: str, document_id: str, extractability: Extractability
    ) -> MailboxMessage:
        with self._lock:
            mailbox = self.mailbox_at(mailbox_path)
            document = self.document(document_id)
            # B2Bi keeps creation dates to the second, so a burst of messages shares one timestamp.
            created = self._clock().replace(microsecond=0)
            message = MailboxMessage(
                self._next_message_id, mailbox.id, name, document_id, len(document.content), created, extractability
            )
            self._next_message_id += 1
            self._messages[message.id] = message
            return message

    def message(self, message_id: int) -> MailboxMessage:
        with self._lock:
            found = self._messages.get(message_id)
        if found is None:
            raise ApiError(404, ApiCode.NOT_FOUND, f"Mailbox message with id {message_id} does not exist")
        return found

    def messages(self) -> list[MailboxMessage]:
        """All messages by ascending id (ids only grow and updates keep their slot, so insertion order is id order)."""
        with self._lock:
            return list(self._messages.values())

    def messages_in(self, mailbox_id: int) -> list[MailboxMessage]:
        return [m for m in self.messages() if m.mailbox_id == mailbox_id]

    def set_extractability(self, message_id: int, extractability: Extractability) -> MailboxMessage:
        with self._lock:
            updated = replace(self.message(message_id), extractability=extractability)
            self._messages[message_id] = updated
            return updated

    def extract(self, message_id: int) -> MailboxMessage:
        with self._lock:
            current = self.message(message_id)
            if not current.extractability.allows(self._clock()):
                raise ApiError(
                    400,
                    ApiCode.NOT_EXTRACTABLE,
                    f"Mailbox message {message_id} ('{current.name}') is no longer extractable",
                )
            return self.set_extractability(message_id, current.extractability.after_extract())

    def move_message(self, message_id: int, target_path: str) -> MailboxMessage:
        with self._lock:
            target = self.mailbox_at(target_path)
            updated = replace(self.message(message_id), mailbox_id=target.id)
            self._messages[message_id] = updated
            return updated

    def delete_message(self, message_id: int) -> None:
        with self._lock:
            self.message(message_id)
            del self._messages[message_id]
