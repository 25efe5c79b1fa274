"""Documents (colon ids, payload round trips) and mailbox messages (shapes, dates, extractability)."""

from __future__ import annotations

import base64
from datetime import timedelta, timezone
from urllib.parse import unquote

import pytest

from sandbox.sterling.api import Behaviour
from tests.unit.sandbox_sterling.helpers import Client, FakeClock, body_of, encoded, make_emulator

pytestmark = pytest.mark.unit

PAYLOAD = bytes(range(256)) + "ISA*00*Ünïcode~".encode()


@pytest.fixture
def client() -> Client:
    return Client(make_emulator())


def test_document_id_with_colons_round_trips_through_getpayload(client: Client) -> None:
    document_id = client.upload(PAYLOAD)
    assert document_id.count(":") == 3  # the Location carries the id with bare colons, as real servers do
    raw_path = client.call("POST", f"/documents/{document_id}/actions/getpayload", {})
    assert base64.b64decode(body_of(raw_path)["response"]) == PAYLOAD
    response = client.call("POST", f"/documents/{encoded(document_id)}/actions/getpayload", {"isPlainText": False})
    assert base64.b64decode(body_of(response)["response"]) == PAYLOAD
    # Some clients send the flag in the query and no body; some send the action name in another case.
    text = client.call("POST", f"/documents/{encoded(document_id)}/actions/GetPayload", None, {"isPlainText": "true"})
    assert body_of(text)["response"] == PAYLOAD.decode("utf-8", "replace")


def test_plain_text_documents_and_delete(client: Client) -> None:
    response = client.call("POST", "/documents", {"payload": "UNA:+.? 'UNB+...", "isPlainText": True})
    assert response.status == 201
    document_id = unquote(body_of(response)["Location"].rsplit("/", 1)[1])
    fetched = client.call("POST", f"/documents/{encoded(document_id)}/actions/getpayload/", {})
    assert base64.b64decode(body_of(fetched)["response"]) == b"UNA:+.? 'UNB+..."
    assert body_of(client.call("DELETE", f"/documents/{encoded(document_id)}")) == {"rowsAffected": "1"}
    gone = client.call("POST", f"/documents/{encoded(document_id)}/actions/getpayload", {})
    assert gone.status == 404
    assert "API000464" in body_of(gone)["errorDescription"]


def test_bad_base64_is_refused(client: Client) -> None:
    response = client.call("POST", "/documents/", {"payload": "not base64!"})
    assert response.status == 400


def test_location_header_is_off_by_default_and_switchable() -> None:
    client = Client(make_emulator())
    assert client.call("POST", "/documents/", {"payload": ""}).header("Location") is None
    client = Client(make_emulator(behaviour=Behaviour(location_header=True)))
    created = client.call("POST", "/documents/", {"payload": ""})
    assert created.header("Location") == body_of(created)["Location"]


def test_message_read_shape_dates_and_metadata() -> None:
    clock = FakeClock()
    zone = timezone(timedelta(hours=-5))
    client = Client(make_emulator(clock, behaviour=Behaviour(zone=zone)))
    message_id = client.post_message("/BIGBOX/Outbound", "INV_0001.x12", b"12345", extractableAlways=True)
    item = body_of(client.call("GET", f"/mailboxmessages/{message_id}/"))
    assert item["_id"] == str(message_id)
    assert item["_title"] == f"MailboxMessage({message_id})"
    assert item["href"] == item["$ref"] == f"http://127.0.0.1:5074/B2BAPIs/svc/mailboxmessages/{message_id}"
    assert item["actions"]["href"].endswith(f"/{message_id}/actions")
    assert item["extractableAlways"] == {"code": True, "display": "Yes"}
    assert item["size"] == 5
    # Server zone, millis, offset without a colon; the second is kept, the fraction is not.
    assert item["creationDate"] == "2026-03-14T12:19:20.000-0500"


def test_writes_take_plain_values_not_the_read_shape(client: Client) -> None:
    message_id = client.post_message("/BIGBOX/Outbound", "a.x12")
    refused = client.call(
        "PUT", f"/mailboxmessages/{message_id}", {"extractableAlways": {"code": True, "display": "Yes"}}
    )
    assert refused.status == 400
    assert client.call("PUT", f"/mailboxmessages/{message_id}", {"extractableAlways": 0}).status == 200
    assert body_of(client.call("GET", f"/mailboxmessages/{message_id}"))["extractableAlways"]["code"] is False


def test_extract_decrements_the_count_and_then_refuses(client: Client) -> None:
    message_id = client.post_message("/BIGBOX/Inbound", "PO.x12", extractableCount=1)
    action = f"/mailboxmessages/{message_id}/actions/extractmailboxmessage"
    first = client.call("POST", action, {})
    assert first.status == 200
    assert body_of(client.call("GET", f"/mailboxmessages/{message_id}"))["extractableCount"] == 0
    second = client.call("POST", action.replace("extractmailboxmessage", "ExtractMailboxMessage"), {})
    assert second.status == 400
    # The message is still listed (clients must filter on extractability themselves).
    box = client.mailbox_id("/BIGBOX/Inbound")
    listed = body_of(client.call("GET", "/mailboxcontents/", query={"parentMailboxId": str(box), "detail": "true"}))
    assert [(m["id"], m["extractableCount"]) for m in listed] == [(message_id, 0)]


def test_extract_leaves_extractable_always_messages_extractable(client: Client) -> None:
    message_id = client.post_message("/BIGBOX/Inbound", "PO.x12", extractableAlways=True)
    for _ in range(3):
        assert client.call("POST", f"/mailboxmessages/{message_id}/actions/extractmailboxmessage", {}).status == 200
    assert body_of(client.call("GET", f"/mailboxmessages/{message_id}"))["extractableAlways"]["code"] is True


def test_extractable_until_accepts_ibms_compact_format_and_expires() -> None:
    clock = FakeClock()
    client = Client(make_emulator(clock))
    message_id = client.post_message("/BIGBOX/Inbound", "PO.x12", extractableUntil="20260314T1730")
    item = body_of(client.call("GET", f"/mailboxmessages/{message_id}"))
    assert item["extractableUntil"] == "2026-03-14T17:30:00.000+0000"
    clock.advance(3600)
    assert client.call("POST", f"/mailboxmessages/{message_id}/actions/extractmailboxmessage", {}).status == 400


def test_messages_without_extractability_default_to_always(client: Client) -> None:
    message_id = client.post_message("/BIGBOX/Inbound", "PO.x12")
    assert body_of(client.call("GET", f"/mailboxmessages/{message_id}"))["extractableAlways"]["code"] is True


def test_extract_response_content_is_switchable(client: Client) -> None:
    message_id = client.post_message("/BIGBOX/Inbound", "PO.x12", b"ISA*payload~")
    client.call("PUT", "/sandbox/sterling/settings", {"extractResponse": "payload"})
    response = body_of(client.call("POST", f"/mailboxmessages/{message_id}/actions/extractmailboxmessage", {}))
    assert base64.b64decode(response["response"]) == b"ISA*payload~"


def test_message_validation(client: Client) -> None:
    document_id = unquote(client.upload(b"x"))
    base = {"documentId": document_id, "mailboxPath": "/BIGBOX/Outbound", "name": "n"}
    assert client.call("POST", "/mailboxmessages/", {**base, "name": "x" * 256}).status == 400
    assert client.call("POST", "/mailboxmessages/", {**base, "documentId": "nope:1"}).status == 404
    assert client.call("POST", "/mailboxmessages/", {**base, "extractableCount": -1}).status == 400
    assert client.call("POST", "/mailboxmessages/", [base]).status == 400
    assert client.call("PATCH", "/mailboxmessages/1").status == 405
    assert client.call("GET", "/nosuchresource/").status == 404


def test_api_calls_are_counted_per_resource_and_method(client: Client) -> None:
    client.post_message("/BIGBOX/Outbound", "a.x12")
    client.call("GET", "/mailboxmessages/")
    counts = body_of(client.call("GET", "/sandbox/sterling/counters"))["calls"]
    assert counts["documents"] == {"POST": 1}
    assert counts["mailboxmessages"] == {"GET": 1, "POST": 1}
    assert client.call("DELETE", "/sandbox/sterling/counters").status == 200
    assert client.emulator.call_counts() == {}


def test_server_zone_is_switchable_through_the_control_api(client: Client) -> None:
    message_id = client.post_message("/BIGBOX/Outbound", "a.x12")
    assert client.call("PUT", "/sandbox/sterling/settings", {"utcOffsetMinutes": 120}).status == 200
    item = body_of(client.call("GET", f"/mailboxmessages/{message_id}"))
    assert item["creationDate"] == "2026-03-14T19:19:20.000+0200"
    assert client.call("PUT", "/sandbox/sterling/settings", {"utcOffsetMinutes": "2h"}).status == 400


def test_setting_one_extractability_field_replaces_the_others(client: Client) -> None:
    message_id = client.post_message("/BIGBOX/Inbound", "PO.x12")  # extractable: always
    assert client.call("PUT", f"/mailboxmessages/{message_id}", {"extractableCount": 0}).status == 200
    item = body_of(client.call("GET", f"/mailboxmessages/{message_id}"))
    assert "extractableAlways" not in item
    assert item["extractableCount"] == 0
    assert client.call("POST", f"/mailboxmessages/{message_id}/actions/extractmailboxmessage", {}).status == 400
