"""Typed records of Sterling's REST answers, tolerant of the shapes real servers send (sterling.md §1.3, §3, §7).

* enums and booleans come as ``{"code": ..., "display": ...}`` on read and as scalars elsewhere: both accepted;
* dates look like ``2020-03-14T17:19:20.000+0000`` (no colon in the offset) or ``+00:00`` / ``Z``;
* ids are numbers or strings (``id`` / ``_id``); ``rowsAffected`` is a number or a string;
* the created resource's URL is ``Location`` in the body, or failing that the header.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import unquote, urlsplit

from shared.errors import PermanentError

__all__ = [
    "Document",
    "Mailbox",
    "MailboxEntry",
    "MailboxMessage",
    "SterlingRecordError",
    "SterlingValue",
    "created_id",
    "parse_sterling_datetime",
    "rows_affected",
]

SterlingValue = None | bool | int | float | str | list["SterlingValue"] | dict[str, "SterlingValue"]
_OFFSET_WITHOUT_COLON = re.compile(r"([+-]\d{2})(\d{2})$")


class SterlingRecordError(PermanentError):
    """A Sterling answer does not have the shape the connector reads (missing or mistyped field)."""


def _fail(kind: str, ident: str, name: str, problem: str) -> SterlingRecordError:
    return SterlingRecordError(
        f"a Sterling {kind} is malformed: field {name} {problem}",
        context={"system": "sterling", "record": kind, "id": ident, "field": name},
    )


def code_of(value: SterlingValue) -> SterlingValue:
    """The plain value of a read-side ``{code, display}`` object, or the value itself."""
    if isinstance(value, dict) and "code" in value:
        return value["code"]
    return value


def parse_sterling_datetime(text: str) -> datetime:
    """``2020-03-14T17:19:20.000+0000`` / ``...+00:00`` / ``...Z`` as an aware UTC datetime."""
    value = text.strip()
    if value.endswith("Z"):
        value = value[:-1] + "+00:00"
    value = _OFFSET_WITHOUT_COLON.sub(r"\1:\2", value)
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        # Sterling renders the JVM's zone; without an offset the container default (UTC) is assumed.
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


class _Reader:
    def __init__(self, kind: str, raw: Mapping[str, SterlingValue]) -> None:
        self.kind = kind
        self.raw = raw
        ident = raw.get("id", raw.get("_id", raw.get("documentId", "?")))
        self.ident = str(ident)

    def fail(self, name: str, problem: str) -> SterlingRecordError:
        return _fail(self.kind, self.ident, name, problem)

    def integer(self, *names: str) -> int:
        for name in names:
            value = code_of(self.raw.get(name))
            if isinstance(value, bool):
                continue
            if isinstance(value, int):
                return value
            if isinstance(value, str) and value.strip().lstrip("-").isdigit():
                return int(value.strip())
        raise self.fail("/".join(names), "is missing or not a whole number")

    def optional_integer(self, name: str) -> int | None:
        value = code_of(self.raw.get(name))
        if value is None or value == "":
            return None
        return self.integer(name)

    def text(self, name: str, *, required: bool = True) -> str:
        value = code_of(self.raw.get(name))
        if value is None:
            if required:
                raise self.fail(name, "is missing")
            return ""
        if isinstance(value, bool | dict | list):
            raise self.fail(name, f"should be text, got {type(value).__name__}")
        return str(value)

    def flag(self, name: str) -> bool | None:
        value = code_of(self.raw.get(name))
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            return value
        if isinstance(value, int):
            return value != 0
        if isinstance(value, str) and value.strip().lower() in {"true", "yes", "y", "1"}:
            return True
        if isinstance(value, str) and value.strip().lower() in {"false", "no", "n", "0"}:
            return False
        raise self.fail(name, f"should be yes/no, got {value!r}")

    def moment(self, name: str, *, required: bool = True) -> datetime | None:
        value = self.raw.get(name)
        if value is None or value == "":
            if required:
                raise self.fail(name, "is missing")
            return None
        if not isinstance(value, str):
            raise self.fail(name, f"should be a date-time, got {type(value).__name__}")
        try:
            return parse_sterling_datetime(value)
        except ValueError:
            raise self.fail(name, f"is not a date-time: {value!r}") from None


@dataclass(frozen=True, slots=True)
class MailboxMessage:
    """A message in a mailbox (``mailboxmessages`` item, or a message entry of ``mailboxcontents``)."""

    id: int
    name: str
    creation_date: datetime
    document_id: str
    mailbox_path: str = ""
    mailbox_id: int | None = None
    size: int | None = None
    extractable_always: bool | None = None
    extractable_count: int | None = None
    extractable_until: datetime | None = None

    def extractable(self, now: datetime) -> bool:
        """Whether the message may still be extracted (any of the three rules, sterling.md §5.2)."""
        if self.extractable_always:
            return True
        if self.extractable_count is not None and self.extractable_count > 0:
            return True
        return self.extractable_until is not None and self.extractable_until > now

    @classmethod
    def from_sterling(cls, raw: Mapping[str, SterlingValue]) -> MailboxMessage:
        r = _Reader("mailbox message", raw)
        mailbox_id = code_of(raw.get("mailboxId"))
        created = r.moment("creationDate")
        assert created is not None
        return cls(
            id=r.integer("id", "_id"),
            name=r.text("name"),
            creation_date=created,
            document_id=r.text("documentId", required=False),
            mailbox_path=r.text("mailboxPath", required=False),
            mailbox_id=r.optional_integer("mailboxId") if mailbox_id is not None else None,
            size=r.optional_integer("size"),
            extractable_always=r.flag("extractableAlways"),
            extractable_count=r.optional_integer("extractableCount"),
            extractable_until=r.moment("extractableUntil", required=False),
        )


@dataclass(frozen=True, slots=True)
class MailboxEntry:
    """One child of a mailbox as ``mailboxcontents`` lists it: a message, or a sub-mailbox."""

    is_mailbox: bool
    message: MailboxMessage | None

    @classmethod
    def from_sterling(cls, raw: Mapping[str, SterlingValue]) -> MailboxEntry:
        kind = code_of(raw.get("type"))
        if isinstance(kind, str) and kind.strip().lower() == "mailbox":
            return cls(is_mailbox=True, message=None)
        return cls(is_mailbox=False, message=MailboxMessage.from_sterling(raw))


@dataclass(frozen=True, slots=True)
class Mailbox:
    id: int
    path: str
    description: str
    permission: str
    mailbox_type: str

    @classmethod
    def from_sterling(cls, raw: Mapping[str, SterlingValue]) -> Mailbox:
        r = _Reader("mailbox", raw)
        return cls(
            id=r.integer("_id", "id", "mailboxId"),
            path=r.text("path"),
            description=r.text("description", required=False),
            permission=r.text("permission", required=False),
            mailbox_type=r.text("mailboxType", required=False),
        )


@dataclass(frozen=True, slots=True)
class Document:
    document_id: str
    name: str
    size: int | None
    content_type: str
    created: datetime | None

    @classmethod
    def from_sterling(cls, raw: Mapping[str, SterlingValue]) -> Document:
        r = _Reader("document", raw)
        return cls(
            document_id=r.text("documentId"),
            name=r.text("documentName", required=False),
            size=r.optional_integer("bodySize"),
            content_type=r.text("contentType", required=False),
            created=r.moment("createTime", required=False),
        )


def created_id(body: SterlingValue, location_header: str | None, kind: str) -> str:
    """The id of a created resource: the last path segment of ``Location`` (body first, then header)."""
    location = body.get("Location") if isinstance(body, dict) else None
    if not isinstance(location, str) or not location.strip():
        location = location_header
    if not location or not location.strip():
        raise SterlingRecordError(
            f"Sterling created a {kind} but did not say where (no Location in the body or the header)",
            context={"system": "sterling", "record": kind},
            hint="the resource may exist; it is looked up by name before anything is created again",
        )
    segment = urlsplit(location.strip()).path.rstrip("/").rsplit("/", 1)[-1]
    ident = unquote(segment)
    if not ident:
        raise SterlingRecordError(
            f"Sterling's Location for a new {kind} has no id: {location!r}",
            context={"system": "sterling", "record": kind},
        )
    return ident


def rows_affected(body: SterlingValue) -> int | None:
    """``{"rowsAffected": "1"}`` or ``{"rowsAffected": 1}``; None when absent or unreadable."""
    if not isinstance(body, dict):
        return None
    value = body.get("rowsAffected")
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None
