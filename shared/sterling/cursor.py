"""The polling cursor of one mailbox: the newest ``creationDate`` seen, and the ids seen at that instant.

Sterling has no server-side "newer than" filter and many messages can share one ``creationDate`` (it is
rendered to the millisecond, often the second), so a timestamp alone would either skip or repeat messages.
The cursor keeps every id seen at its timestamp; a message is new when it is later, or equally timed with an
id not yet seen.  The state store persists it (with an ETag) between polls.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from shared.sterling.records import MailboxMessage

__all__ = ["MessageCursor"]


@dataclass(frozen=True)
class MessageCursor:
    creation_date: datetime | None = None
    ids_at_date: frozenset[int] = field(default_factory=frozenset)

    def is_new(self, message: MailboxMessage) -> bool:
        if self.creation_date is None or message.creation_date > self.creation_date:
            return True
        return message.creation_date == self.creation_date and message.id not in self.ids_at_date

    def advance(self, message: MailboxMessage) -> MessageCursor:
        """The cursor after ``message`` was handled (messages are handled in (creationDate, id) order)."""
        if self.creation_date is None or message.creation_date > self.creation_date:
            return MessageCursor(message.creation_date, frozenset({message.id}))
        if message.creation_date == self.creation_date:
            return MessageCursor(self.creation_date, self.ids_at_date | {message.id})
        return self

    def advance_all(self, messages: Iterable[MailboxMessage]) -> MessageCursor:
        cursor = self
        for message in messages:
            cursor = cursor.advance(message)
        return cursor

    def to_text(self) -> str:
        """A compact, stable text form for the state store: ``<iso date>|<id>,<id>``."""
        if self.creation_date is None:
            return ""
        return self.creation_date.isoformat() + "|" + ",".join(str(i) for i in sorted(self.ids_at_date))

    @classmethod
    def from_text(cls, text: str) -> MessageCursor:
        if not text.strip():
            return cls()
        moment, _, ids = text.partition("|")
        return cls(datetime.fromisoformat(moment), frozenset(int(i) for i in ids.split(",") if i.strip()))
