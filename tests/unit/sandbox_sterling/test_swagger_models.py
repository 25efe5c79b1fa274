"""Every response body the emulator produces for the implemented operations validates against IBM's Swagger."""

from __future__ import annotations

import pytest

from tests.unit.sandbox_sterling.helpers import (
    ADMIN_PASSWORD,
    Client,
    assert_valid,
    basic,
    body_of,
    encoded,
    make_emulator,
    schema_errors,
    swagger,
)

pytestmark = pytest.mark.unit


@pytest.fixture
def client() -> Client:
    return Client(make_emulator())


def test_the_validator_catches_wrong_types_and_missing_fields() -> None:
    schema = {"$ref": "#/definitions/ReadMailboxMessagesResponseModel"}
    assert schema_errors({"id": 1}, schema)  # required fields missing
    good = {
        "mailboxPath": "/A",
        "mailboxId": 1,
        "name": "n",
        "id": 1,
        "creationDate": "2020-03-14T17:19:20.000+0000",
        "size": 1,
        "documentId": "x",
    }
    assert schema_errors(good, schema) == []
    assert schema_errors({**good, "extractableAlways": True}, schema)  # read shape is {code, display}
    assert schema_errors({**good, "size": "1"}, schema)


def test_document_operations(client: Client) -> None:
    created = client.call("POST", "/documents/", {"payload": "SVNBKg==", "documentName": "a.edi"})
    assert created.status == 201
    location = assert_valid(created, "/documents/", "post")["Location"]
    document_id = location.rsplit("/", 1)[1]
    from urllib.parse import unquote

    raw_id = unquote(document_id)
    listed = client.call("GET", "/documents/", query={"documentId": raw_id})
    assert assert_valid(listed, "/documents/", "get")[0]["documentName"] == "a.edi"
    payload = client.call("POST", f"/documents/{document_id}/actions/getpayload", {"isPlainText": False})
    assert_valid(payload, "/documents/{id}/actions/getpayload", "post")
    deleted = client.call("DELETE", f"/documents/{document_id}")
    assert assert_valid(deleted, "/documents/{id}", "delete") == {"rowsAffected": "1"}


def test_mailbox_operations(client: Client) -> None:
    admin = Client(client.emulator, basic("admin", ADMIN_PASSWORD))
    created = admin.call("POST", "/mailboxes/", {"path": "/TEST/Sub", "description": "t", "createParentMailbox": True})
    assert created.status == 201
    assert_valid(created, "/mailboxes/", "post")
    mailbox_id = body_of(created)["Location"].rsplit("/", 1)[1]
    listed = admin.call("GET", "/mailboxes/", query={"path": "/TEST%"})
    assert [m["path"] for m in assert_valid(listed, "/mailboxes/", "get")] == ["/TEST", "/TEST/Sub"]
    updated = admin.call("PUT", f"/mailboxes/{mailbox_id}", {"description": "changed", "users": "connector"})
    assert_valid(updated, "/mailboxes/{id}", "put")
    deleted = admin.call("DELETE", f"/mailboxes/{mailbox_id}")
    assert_valid(deleted, "/mailboxes/{id}", "delete")


def test_mailbox_message_operations(client: Client) -> None:
    message_id = client.post_message("/BIGBOX/Outbound", "INV_1.x12", extractableCount=2)
    one = client.call("GET", f"/mailboxmessages/{message_id}")
    # GET by id is missing from the Swagger; its body is the list's item model.
    read = body_of(one)
    assert (
        schema_errors(read, swagger()["paths"]["/mailboxmessages/"]["get"]["responses"]["200"]["schema"]["items"]) == []
    )
    listed = client.call("GET", "/mailboxmessages/", query={"name": "INV_1.x12"})
    assert len(assert_valid(listed, "/mailboxmessages/", "get")) == 1
    box = client.mailbox_id("/BIGBOX/Outbound")
    for detail in ("true", "false"):
        contents = client.call("GET", "/mailboxcontents/", query={"parentMailboxId": str(box), "detail": detail})
        assert_valid(contents, "/mailboxcontents/", "get")
    updated = client.call("PUT", f"/mailboxmessages/{message_id}", {"extractableCount": 1})
    assert_valid(updated, "/mailboxmessages/{id}", "put")
    extracted = client.call("POST", f"/mailboxmessages/{message_id}/actions/extractmailboxmessage", {})
    assert_valid(extracted, "/mailboxmessages/{id}/actions/extractmailboxmessage", "post")
    moved = client.call(
        "POST", f"/mailboxmessages/{message_id}/actions/movemailboxmessage", {"path": "/BIGBOX/Inbound"}
    )
    assert_valid(moved, "/mailboxmessages/{id}/actions/movemailboxmessage", "post")
    deleted = client.call("DELETE", f"/mailboxmessages/{message_id}")
    assert_valid(deleted, "/mailboxmessages/{id}", "delete")


def test_fixtures(client: Client) -> None:
    partners = assert_valid(client.call("GET", "/tradingpartners/"), "/tradingpartners/", "get")
    assert {p["partnerName"] for p in partners} >= {"BIGBOX", "EUROMARKT"}
    lists = assert_valid(client.call("GET", "/codelists/"), "/codelists/", "get")
    codes = {c["senderCode"]: c for c in lists[0]["codes"]}
    assert codes["BIGBOX"]["receiverCode"] == "0078742000008"
    assert codes["BIGBOX"]["text1"] == "01"
    by_id = client.call("GET", "/codelists/" + encoded(lists[0]["_id"]))
    assert body_of(by_id)["codeListName"] == lists[0]["codeListName"]


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("POST", "/documents/", {}, 400),
        ("GET", "/documents/", None, 400),
        ("GET", "/mailboxmessages/99999999", None, 404),
        ("POST", "/mailboxmessages/", {"documentId": "x", "mailboxPath": "/NOPE", "name": "n"}, 400),
        ("GET", "/mailboxcontents/", None, 400),
    ],
)
def test_errors_follow_the_error_model(client: Client, method: str, path: str, body: object, status: int) -> None:
    response = client.call(method, path, body)
    assert response.status == status
    error = body_of(response)
    assert schema_errors(error, {"$ref": "#/definitions/errorModel"}) == []
    assert error["errorCode"] == status
    assert error["errorDescription"].startswith("API000")
