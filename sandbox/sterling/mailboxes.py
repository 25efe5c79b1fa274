"""``mailboxes`` and ``mailboxcontents``: the mailbox tree and the per-mailbox listing clients poll."""

from __future__ import annotations

from sandbox.sterling.api import (
    ROWS_AFFECTED,
    Call,
    item_metadata,
    optional_bool,
    optional_int,
    optional_str,
    required_str,
)
from sandbox.sterling.records import Mailbox, MailboxMessage, MailboxType
from sandbox.sterling.wire import ApiCode, ApiError, JsonObject, coded, like, render_date
from sandbox.web import Response

__all__ = ["contents", "create", "delete", "read_list", "read_one", "update"]

RESOURCE = "mailboxes"


def view(call: Call, mailbox: Mailbox) -> JsonObject:
    item = item_metadata(call, RESOURCE, mailbox.id, "Mailbox")
    item.update(
        {
            "path": mailbox.path,
            "description": mailbox.description,
            "permission": mailbox.permission,
            "mailboxType": coded(mailbox.mailbox_type.value, mailbox.mailbox_type.display),
            "users": ",".join(call.services.users.holders_of(mailbox.permission)),
            "groups": mailbox.groups,
        }
    )
    if mailbox.linked_to is not None:
        item["linkedToMailbox"] = {
            "href": call.url(RESOURCE, mailbox.linked_to),
            "title": f"Mailbox({mailbox.linked_to})",
            "_id": mailbox.linked_to,
        }
    return item


def _mailbox_id(call: Call, raw: str, what: str) -> int:
    if not raw.isdigit():
        raise ApiError(400, ApiCode.INVALID_INPUT, f"{what} must be a numeric mailbox id, got '{raw}'")
    return int(raw)


def read_list(call: Call) -> Response:
    # Mailbox metadata is listed for any API user; contents and messages need the mailbox's permission.
    path = call.query("path")
    search = call.query("searchFor")
    found = [
        m
        for m in call.store.mailboxes()
        if (path is None or like(m.path, path)) and (not search or like(m.path, search, substring=True))
    ]
    return call.list_answer(found, lambda mailbox: view(call, mailbox), "mailboxes")


def read_one(call: Call) -> Response:
    return Response.json(view(call, call.store.mailbox(_mailbox_id(call, call.params["id"], "id"))))


def _grant_listed_users(call: Call, mailbox: Mailbox, users: str | None) -> None:
    for user_id in filter(None, (u.strip() for u in (users or "").split(","))):
        if call.services.users.get(user_id) is None:
            raise ApiError(400, ApiCode.INVALID_INPUT, f"User '{user_id}' in 'users' does not exist")
        call.services.users.grant(user_id, mailbox.permission)


def create(call: Call) -> Response:
    call.require_super_user("create mailboxes")
    body = call.body()
    path = required_str(body, "path")
    description = required_str(body, "description")
    raw_type = optional_str(body, "mailboxType") or "R"
    try:
        mailbox_type = MailboxType(raw_type)
    except ValueError as exc:
        raise ApiError(400, ApiCode.INVALID_INPUT, f"'mailboxType' must be R, S or L, got '{raw_type}'") from exc
    if mailbox_type is MailboxType.LINKED:
        linked = optional_int(body, "linkedToMailbox", minimum=1)
        if linked is None or call.store.mailbox(linked).mailbox_type is not MailboxType.SHARED:
            raise ApiError(400, ApiCode.INVALID_INPUT, "A linked mailbox needs 'linkedToMailbox': a shared mailbox id")
    mailbox = call.store.add_mailbox(
        path,
        description,
        create_parents=optional_bool(body, "createParentMailbox") is True,
        mailbox_type=mailbox_type,
        groups=optional_str(body, "groups") or "",
    )
    _grant_listed_users(call, mailbox, optional_str(body, "users"))
    return call.created(RESOURCE, mailbox.id)


def update(call: Call) -> Response:
    call.require_super_user("change mailboxes")
    body = call.body()
    mailbox = call.store.update_mailbox(
        _mailbox_id(call, call.params["id"], "id"), required_str(body, "description"), optional_str(body, "groups")
    )
    _grant_listed_users(call, mailbox, optional_str(body, "users"))
    return Response.json(ROWS_AFFECTED)


def delete(call: Call) -> Response:
    call.require_super_user("delete mailboxes")
    call.store.delete_mailbox(_mailbox_id(call, call.params["id"], "id"))
    return Response.json(ROWS_AFFECTED)


def _content_item(call: Call, message: MailboxMessage, detail: bool) -> JsonObject:
    item: JsonObject = {"id": message.id, "name": message.name, "type": "message"}
    if not detail:
        return item
    zone = call.behaviour.zone
    extract = message.extractability
    item.update({"creationDate": render_date(message.created, zone), "documentId": message.document_id})
    item["size"] = message.size
    # ReadMailboxContentsResponseModel types extractableAlways as a plain string, unlike mailboxmessages.
    if extract.always is not None:
        item["extractableAlways"] = "true" if extract.always else "false"
    if extract.count is not None:
        item["extractableCount"] = extract.count
    if extract.until is not None:
        item["extractableUntil"] = render_date(extract.until, zone)
    return item


def contents(call: Call) -> Response:
    raw_parent = call.query("parentMailboxId")
    if not raw_parent:
        raise ApiError(400, ApiCode.INVALID_INPUT, "Query parameter 'parentMailboxId' is required")
    parent = call.store.mailbox(_mailbox_id(call, raw_parent, "parentMailboxId"))
    call.require_access(parent)
    kind = (call.query("type") or "").lower()
    if kind not in ("", "message", "mailbox"):
        raise ApiError(400, ApiCode.INVALID_INPUT, f"'type' must be message or mailbox, got '{kind}'")
    detail = (call.query("detail") or "").lower() == "true"
    name = call.query("name")
    items: list[Mailbox | MailboxMessage] = []
    if kind in ("", "mailbox"):
        items.extend(child for child in call.store.children(parent.id) if name is None or like(child.name, name))
    if kind in ("", "message"):
        items.extend(m for m in call.store.messages_in(parent.id) if name is None or like(m.name, name))

    def render(item: Mailbox | MailboxMessage) -> JsonObject:
        if isinstance(item, MailboxMessage):
            return _content_item(call, item, detail)
        entry: JsonObject = {"id": item.id, "name": item.name, "type": "mailbox"}
        if detail:
            entry["description"] = item.description
        return entry

    return call.list_answer(items, render, "mailbox contents")
