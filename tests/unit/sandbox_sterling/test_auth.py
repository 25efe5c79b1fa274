"""Basic auth against the user store (401 vs 403), mailbox permissions, and the OAuth bearer mode."""

from __future__ import annotations

import base64
from urllib.parse import urlencode

import pytest

from sandbox.sterling import LIMITED_USER, LIMITED_USER_LACKS, SterlingEmulator
from sandbox.sterling.auth import TOKEN_PATH, AuthMode
from sandbox.web import Headers, Request
from tests.unit.sandbox_sterling.helpers import (
    ADMIN_PASSWORD,
    PASSWORD,
    USER,
    Client,
    FakeClock,
    basic,
    body_of,
    make_emulator,
)

pytestmark = pytest.mark.unit


def test_wrong_password_is_libertys_401_without_json() -> None:
    emulator = make_emulator()
    for authorization in (basic(USER, "wrong"), None, "Basic !!!notbase64"):
        response = Client(emulator, authorization).call("GET", "/mailboxes/")
        assert response.status == 401
        assert not (response.header("Content-Type") or "").startswith("application/json")
        assert (response.header("WWW-Authenticate") or "").startswith("Basic")
        assert b"errorCode" not in response.body


def test_user_without_api_user_permission_is_forbidden() -> None:
    emulator = make_emulator()
    Client(emulator).call("POST", "/sandbox/sterling/users", {"user": "ops", "password": "pw", "permissions": []})
    response = Client(emulator, basic("ops", "pw")).call("GET", "/mailboxes/")
    assert response.status == 403
    assert b"errorCode" not in response.body


def test_missing_mailbox_permission_is_a_json_403_and_a_grant_fixes_it() -> None:
    emulator = make_emulator()
    limited = Client(emulator, basic(LIMITED_USER, PASSWORD))
    inbound = f"/{LIMITED_USER_LACKS}/Inbound"
    box = limited.mailbox_id(inbound)  # mailbox metadata stays visible
    refused = limited.call("GET", "/mailboxcontents/", query={"parentMailboxId": str(box)})
    assert refused.status == 403
    assert f"{inbound} Mailbox" in body_of(refused)["errorDescription"]
    allowed = limited.call(
        "GET", "/mailboxcontents/", query={"parentMailboxId": str(limited.mailbox_id("/BIGBOX/Inbound"))}
    )
    assert allowed.status == 404  # permitted, and empty

    control = Client(emulator, None)
    granted = control.call(
        "PUT", f"/sandbox/sterling/users/{LIMITED_USER}/permissions/{inbound.replace('/', '%2F')}%20Mailbox"
    )
    assert granted.status == 200
    assert limited.call("GET", "/mailboxcontents/", query={"parentMailboxId": str(box)}).status == 404
    control.call(
        "DELETE", f"/sandbox/sterling/users/{LIMITED_USER}/permissions/{inbound.replace('/', '%2F')}%20Mailbox"
    )
    assert limited.call("GET", "/mailboxcontents/", query={"parentMailboxId": str(box)}).status == 403


def test_messages_in_unpermitted_mailboxes_are_hidden_from_lists_and_refused_by_id() -> None:
    emulator = make_emulator()
    admin = Client(emulator, basic("admin", ADMIN_PASSWORD))
    message_id = admin.post_message(f"/{LIMITED_USER_LACKS}/Inbound", "secret.x12")
    limited = Client(emulator, basic(LIMITED_USER, PASSWORD))
    assert limited.call("GET", "/mailboxmessages/", query={"name": "secret.x12"}).status == 404
    assert limited.call("GET", f"/mailboxmessages/{message_id}").status == 403
    assert Client(emulator).call("GET", f"/mailboxmessages/{message_id}").status == 200
    create = limited.call(
        "POST", "/mailboxmessages/", {"documentId": "x", "mailboxPath": f"/{LIMITED_USER_LACKS}/Outbound", "name": "n"}
    )
    assert create.status == 403


def test_only_super_users_change_mailboxes() -> None:
    emulator = make_emulator()
    response = Client(emulator).call("POST", "/mailboxes/", {"path": "/X", "description": "x"})
    assert response.status == 403
    admin = Client(emulator, basic("admin", ADMIN_PASSWORD))
    assert admin.call("POST", "/mailboxes/", {"path": "/X", "description": "x"}).status == 201
    duplicate = admin.call("POST", "/mailboxes/", {"path": "/X", "description": "x"})
    assert duplicate.status == 400
    assert "already exists" in body_of(duplicate)["errorDescription"]


def _token(
    emulator: SterlingEmulator, client_id: str, secret: str, *, in_header: bool = True
) -> tuple[int, dict[str, object]]:
    form = {"grant_type": "client_credentials"}
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if in_header:
        headers["Authorization"] = "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    else:
        form.update(client_id=client_id, client_secret=secret)
    request = Request("POST", TOKEN_PATH, "", Headers(headers.items()), urlencode(form).encode(), "http", "127.0.0.1")
    response = emulator.handle(request)
    return response.status, body_of(response)


def test_oauth_mode_issues_short_lived_bearer_tokens() -> None:
    clock = FakeClock()
    emulator = make_emulator(clock, auth_mode=AuthMode.OAUTH)
    status, token = _token(emulator, USER, PASSWORD)
    assert status == 200
    assert token["token_type"] == "Bearer"
    assert token["expires_in"] == 300
    bearer = Client(emulator, f"Bearer {token['access_token']}")
    assert bearer.call("GET", "/mailboxes/", query={"path": "/BIGBOX/Inbound"}).status == 200
    # Basic is not accepted once the API is switched to OAuth.
    assert Client(emulator).call("GET", "/mailboxes/").status == 401
    clock.advance(301)
    expired = bearer.call("GET", "/mailboxes/")
    assert expired.status == 401
    assert "expired" in (expired.header("WWW-Authenticate") or "")


def test_oauth_token_endpoint_refuses_bad_clients_and_grants() -> None:
    emulator = make_emulator(auth_mode=AuthMode.OAUTH)
    assert _token(emulator, USER, "wrong")[0] == 401
    assert _token(emulator, USER, PASSWORD, in_header=False)[0] == 200
    request = Request("POST", TOKEN_PATH, "", Headers(), b"grant_type=password&username=a&password=b")
    assert emulator.handle(request).status == 400
    tampered = _token(emulator, USER, PASSWORD)[1]["access_token"]
    assert isinstance(tampered, str)
    forged = tampered[:-4] + ("AAAA" if not tampered.endswith("AAAA") else "BBBB")
    assert Client(emulator, f"Bearer {forged}").call("GET", "/mailboxes/").status == 401


def test_oauth_mode_is_switchable_at_run_time_and_off_by_default() -> None:
    emulator = make_emulator()
    assert _token(emulator, USER, PASSWORD)[0] == 404
    Client(emulator, None).call("PUT", "/sandbox/sterling/settings", {"authMode": "oauth"})
    status, token = _token(emulator, USER, PASSWORD)
    assert status == 200
    assert Client(emulator, f"Bearer {token['access_token']}").call("GET", "/tradingpartners/").status == 200
