"""The emulator's typed state: documents, mailboxes, mailbox messages and their extractability."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import Enum

__all__ = ["Document", "DocumentMetadata", "Extractability", "Mailbox", "MailboxMessage", "MailboxType"]


class MailboxType(Enum):
    REGULAR = "R"
    SHARED = "S"
    LINKED = "L"

    @property
    def display(self) -> str:
        return {"R": "Regular", "S": "Shared", "L": "Linked"}[self.value]


@dataclass(frozen=True)
class DocumentMetadata:
    """What a client may say about a document when creating it (``CreateDocumentModel`` minus the payload)."""

    document_name: str | None = None
    body_name: str | None = None
    content_type: str | None = None
    content_subtype: str | None = None
    character_encoding: str | None = None
    subject: str | None = None
    storage_type: str = "DB"
    life_span: int | None = None


@dataclass(frozen=True)
class Document:
    """A document in B2Bi's document store; ``content`` is the raw payload (kept out of repr)."""

    document_id: str
    content: bytes = field(repr=False)
    created: datetime
    modified: datetime
    metadata: DocumentMetadata


@dataclass(frozen=True)
class Mailbox:
    id: int
    path: str
    description: str
    mailbox_type: MailboxType = MailboxType.REGULAR
    linked_to: int | None = None
    groups: str = ""

    @property
    def permission(self) -> str:
        """B2Bi's default permission name for a mailbox: ``"<path> Mailbox"``."""
        return f"{self.path} Mailbox"

    @property
    def parent_path(self) -> str | None:
        if self.path == "/":
            return None
        parent = self.path.rsplit("/", 1)[0]
        return parent or "/"

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1] or "/"


@dataclass(frozen=True)
class Extractability:
    """The three ways B2Bi limits extraction; unset fields are omitted on read."""

    always: bool | None = None
    count: int | None = None
    until: datetime | None = None

    def allows(self, now: datetime) -> bool:
        if self.always:
            return True
        if self.count is not None and self.count > 0:
            return self.until is None or now <= self.until
        if self.until is not None and self.count is None:
            return now <= self.until
        return False

    def after_extract(self) -> Extractability:
        """A committed extraction decrements the count; ``extractableAlways`` messages stay extractable."""
        if self.always or self.count is None:
            return self
        return replace(self, count=max(0, self.count - 1))


@dataclass(frozen=True)
class MailboxMessage:
    id: int
    mailbox_id: int
    name: str
    document_id: str
    size: int
    created: datetime
    extractability: Extractability
