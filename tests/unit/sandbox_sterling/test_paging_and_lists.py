"""``_range`` paging, list filters, 404-on-empty lists, field selection."""

from __future__ import annotations

import pytest

from sandbox.sterling.api import Behaviour
from tests.unit.sandbox_sterling.helpers import ADMIN_PASSWORD, Client, FakeClock, basic, body_of, make_emulator

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def crowded() -> tuple[Client, int]:
    """A mailbox of 2,500 messages created in bursts that share one creation second."""
    clock = FakeClock()
    emulator = make_emulator(clock)
    client = Client(emulator)
    document_id = client.upload(b"ISA*00~")
    from urllib.parse import unquote

    for n in range(2500):
        if n % 400 == 0:
            clock.advance(1)
        response = client.call(
            "POST",
            "/mailboxmessages/",
            {"documentId": unquote(document_id), "mailboxPath": "/BIGBOX/Inbound", "name": f"PO_{n:05d}.x12"},
        )
        assert response.status == 201
    return client, client.mailbox_id("/BIGBOX/Inbound")


@pytest.mark.parametrize("page_size", [1000, 333, 999])
def test_range_paging_returns_each_message_exactly_once(crowded: tuple[Client, int], page_size: int) -> None:
    client, box = crowded
    seen: list[int] = []
    start = 0
    while True:
        response = client.call(
            "GET",
            "/mailboxcontents/",
            query={
                "parentMailboxId": str(box),
                "type": "message",
                "detail": "true",
                "_range": f"{start}-{start + page_size - 1}",
            },
        )
        if response.status == 404:  # past the end: B2Bi answers "nothing found" rather than []
            break
        page = body_of(response)
        seen.extend(item["id"] for item in page)
        if len(page) < page_size:
            break
        start += page_size
    assert len(seen) == 2500
    assert len(set(seen)) == 2500


def test_many_messages_share_one_creation_second(crowded: tuple[Client, int]) -> None:
    client, box = crowded
    page = body_of(
        client.call(
            "GET", "/mailboxcontents/", query={"parentMailboxId": str(box), "detail": "true", "_range": "0-999"}
        )
    )
    dates = [item["creationDate"] for item in page]
    assert dates.count(dates[0]) == 400
    assert dates == sorted(dates)


def test_range_is_inclusive_and_capped(crowded: tuple[Client, int]) -> None:
    client, _ = crowded
    two = body_of(client.call("GET", "/mailboxmessages/", query={"_range": "10-11"}))
    assert [m["name"] for m in two] == ["PO_00010.x12", "PO_00011.x12"]
    capped = body_of(client.call("GET", "/mailboxmessages/", query={"_range": "0-4999"}))
    assert len(capped) == 1000
    default = body_of(client.call("GET", "/mailboxmessages/"))
    assert len(default) == 100
    bad = client.call("GET", "/mailboxmessages/", query={"_range": "5-1"})
    assert bad.status == 400


def test_name_filter_with_and_without_wildcard(crowded: tuple[Client, int]) -> None:
    client, _ = crowded
    exact = body_of(client.call("GET", "/mailboxmessages/", query={"name": "PO_00042.x12"}))
    assert [m["name"] for m in exact] == ["PO_00042.x12"]
    wild = body_of(client.call("GET", "/mailboxmessages/", query={"name": "PO_0249%", "_range": "0-99"}))
    assert [m["name"] for m in wild] == [f"PO_0249{n}.x12" for n in range(10)]


def test_include_and_exclude_keep_framework_metadata(crowded: tuple[Client, int]) -> None:
    client, _ = crowded
    only = body_of(client.call("GET", "/mailboxmessages/", query={"_range": "0-0", "_include": "name,size"}))[0]
    assert set(only) == {"_id", "_title", "href", "$ref", "name", "size"}
    without = body_of(client.call("GET", "/mailboxmessages/", query={"_range": "0-0", "_exclude": "documentId"}))[0]
    assert "documentId" not in without
    assert "creationDate" in without


def test_empty_lists_answer_404_or_an_empty_array_by_switch() -> None:
    emulator = make_emulator()
    client = Client(emulator)
    box = client.mailbox_id("/HOMEPRO/Inbound")
    empty = client.call("GET", "/mailboxcontents/", query={"parentMailboxId": str(box)})
    assert empty.status == 404
    assert body_of(empty)["errorCode"] == 404
    assert client.call("GET", "/mailboxmessages/", query={"name": "nothing"}).status == 404
    switched = client.call("PUT", "/sandbox/sterling/settings", {"emptyListStatus": 200})
    assert switched.status == 200
    again = client.call("GET", "/mailboxcontents/", query={"parentMailboxId": str(box)})
    assert (again.status, body_of(again)) == (200, [])


def test_mailbox_contents_lists_sub_mailboxes_then_messages() -> None:
    emulator = make_emulator(behaviour=Behaviour(empty_list_status=200))
    client = Client(emulator, basic("admin", ADMIN_PASSWORD))
    parent = client.mailbox_id("/BIGBOX")
    children = body_of(client.call("GET", "/mailboxcontents/", query={"parentMailboxId": str(parent)}))
    assert [(c["type"], c["name"]) for c in children] == [("mailbox", "Inbound"), ("mailbox", "Outbound")]
    # The connector's account holds the partner mailboxes' permissions, not the parent folder's.
    refused = Client(emulator).call("GET", "/mailboxcontents/", query={"parentMailboxId": str(parent)})
    assert refused.status == 403


def test_mailbox_path_filter_accepts_wildcards_and_matches_several() -> None:
    client = Client(make_emulator())
    found = body_of(client.call("GET", "/mailboxes/", query={"path": "/BIGBOX%"}))
    assert [m["path"] for m in found] == ["/BIGBOX", "/BIGBOX/Inbound", "/BIGBOX/Outbound"]
    exact = body_of(client.call("GET", "/mailboxes/", query={"path": "/BIGBOX/Inbound"}))
    assert [m["path"] for m in exact] == ["/BIGBOX/Inbound"]
    assert exact[0]["permission"] == "/BIGBOX/Inbound Mailbox"
    assert exact[0]["mailboxType"] == {"code": "R", "display": "Regular"}
    assert "connector" in exact[0]["users"].split(",")
