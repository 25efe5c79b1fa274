"""Sterling's answer shapes: {code, display} vs scalars, +0000 dates, Location ids, rowsAffected, the cursor."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from shared.sterling.cursor import MessageCursor
from shared.sterling.errors import sterling_error_text
from shared.sterling.records import (
    Mailbox,
    MailboxEntry,
    MailboxMessage,
    SterlingRecordError,
    created_id,
    parse_sterling_datetime,
    rows_affected,
)

pytestmark = pytest.mark.unit

READ_SHAPE = {
    "_id": "78",
    "_title": "MailboxMessage(78)",
    "href": "http://h:5074/B2BAPIs/svc/mailboxmessages/78",
    "mailboxPath": "/BIGBOX/Inbound",
    "mailboxId": 333,
    "name": "850_0001.edi",
    "id": 78,
    "creationDate": "2020-03-14T17:19:20.000+0000",
    "extractableAlways": {"code": True, "display": "Yes"},
    "size": 17966,
    "documentId": "restclient1:node1:170d8cdabf4:17",
}


def test_message_read_shape() -> None:
    message = MailboxMessage.from_sterling(READ_SHAPE)
    assert message.id == 78
    assert message.mailbox_id == 333
    assert message.creation_date == datetime(2020, 3, 14, 17, 19, 20, tzinfo=UTC)
    assert message.extractable_always is True
    assert message.document_id == "restclient1:node1:170d8cdabf4:17"
    assert message.extractable(datetime(2030, 1, 1, tzinfo=UTC))


def test_contents_shape_with_scalars_and_strings() -> None:
    entry = MailboxEntry.from_sterling(
        {
            "id": "79",
            "name": "x.edi",
            "type": "message",
            "creationDate": "2020-03-14T17:19:20.000+00:00",
            "documentId": "a:b:c:1",
            "extractableAlways": "false",
            "extractableCount": "0",
            "extractableUntil": "2020-03-15T00:00:00Z",
        }
    )
    assert entry.message is not None
    assert entry.message.id == 79
    assert entry.message.extractable_always is False
    assert entry.message.extractable_count == 0
    assert not entry.message.extractable(datetime(2021, 1, 1, tzinfo=UTC))
    assert entry.message.extractable(datetime(2020, 3, 14, tzinfo=UTC))
    assert MailboxEntry.from_sterling({"id": 5, "name": "Sub", "type": {"code": "mailbox"}}).is_mailbox


def test_mailbox_shape() -> None:
    mailbox = Mailbox.from_sterling(
        {"_id": "12", "path": "/BIGBOX/Inbound", "mailboxType": {"code": "R", "display": "Regular"}, "description": ""}
    )
    assert (mailbox.id, mailbox.path, mailbox.mailbox_type) == (12, "/BIGBOX/Inbound", "R")


def test_malformed_message_names_the_field() -> None:
    with pytest.raises(SterlingRecordError) as info:
        MailboxMessage.from_sterling({k: v for k, v in READ_SHAPE.items() if k != "creationDate"})
    assert info.value.context["field"] == "creationDate"
    with pytest.raises(SterlingRecordError):
        MailboxMessage.from_sterling(READ_SHAPE | {"creationDate": "yesterday"})


@pytest.mark.parametrize(
    "text",
    [
        "2020-03-14T17:19:20.000+0000",
        "2020-03-14T17:19:20.000+00:00",
        "2020-03-14T17:19:20Z",
        "2020-03-14T12:19:20-0500",
    ],
)
def test_dates_with_and_without_colon_offsets(text: str) -> None:
    assert parse_sterling_datetime(text) == datetime(2020, 3, 14, 17, 19, 20, tzinfo=UTC)


def test_created_ids_from_body_or_header() -> None:
    body = {"Location": "https://b2bi:5075/B2BAPIs/svc/documents/b2bihost1%3Anode1%3A18c2f4a1b3d%3A1234567"}
    assert created_id(body, None, "document") == "b2bihost1:node1:18c2f4a1b3d:1234567"
    assert created_id({}, "https://b2bi:5075/B2BAPIs/svc/mailboxmessages/1043/", "message") == "1043"
    assert created_id(None, "http://h/B2BAPIs/svc/mailboxmessages/7", "message") == "7"
    with pytest.raises(SterlingRecordError):
        created_id({}, None, "message")


def test_rows_affected_number_or_string() -> None:
    assert rows_affected({"rowsAffected": "1"}) == 1
    assert rows_affected({"rowsAffected": 1}) == 1
    assert rows_affected({"rowsAffected": True}) is None
    assert rows_affected([]) is None


def test_error_bodies() -> None:
    assert sterling_error_text(b'{"errorCode":400,"errorDescription":"API000464: Mailbox not found"}') == (
        "API000464: Mailbox not found",
        "API000464",
    )
    assert sterling_error_text(b'{"errorCode":400,"errorDiscription":"API000451: Invalid key"}')[1] == "API000451"
    assert sterling_error_text(b"<html><body><h1>Error 401: Unauthorized</h1></body></html>") == (
        "Error 401: Unauthorized",
        None,
    )


def _message(ident: int, when: datetime) -> MailboxMessage:
    return MailboxMessage(id=ident, name=f"m{ident}", creation_date=when, document_id=f"d:{ident}")


def test_cursor_copes_with_equal_timestamps() -> None:
    t0 = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    t1 = t0 + timedelta(seconds=1)
    first = [_message(1, t0), _message(2, t0)]
    cursor = MessageCursor().advance_all(first)
    assert cursor == MessageCursor(t0, frozenset({1, 2}))
    # A third message arrives in the same second, and one later: both new, the first two not.
    late_same_second = _message(3, t0)
    later = _message(4, t1)
    assert [m.id for m in [*first, late_same_second, later] if cursor.is_new(m)] == [3, 4]
    cursor = cursor.advance(late_same_second).advance(later)
    assert cursor == MessageCursor(t1, frozenset({4}))
    assert not cursor.is_new(_message(3, t0))  # older than the cursor
    assert MessageCursor.from_text(cursor.to_text()) == cursor
    assert MessageCursor.from_text("") == MessageCursor()
