"""The Sterling client against the B2Bi emulator over real sockets: delivery at most once, polling, payloads."""

from __future__ import annotations

import time

import pytest

from sandbox.faults import FaultKind, System
from sandbox.launcher import RunningSandbox
from sandbox.sterling import LIMITED_USER, LIMITED_USER_LACKS
from sandbox.sterling.auth import TOKEN_PATH, AuthMode
from shared.errors import AuthenticationError
from shared.http.retry import RetryPolicy
from shared.sterling.auth import OAuthCredentials
from shared.sterling.client import SterlingClient
from shared.sterling.cursor import MessageCursor
from shared.sterling.errors import SterlingNotFoundError
from tests.integration.clients.conftest import sterling_settings
from tests.sandbox_fixtures import SandboxFactory

pytestmark = pytest.mark.integration

PAYLOAD = (
    b"ISA*00*          *00*          *ZZ*CONTOSOUSMF    *ZZ*ACMEPACK       *260101*1200*U*00401*000000001*0*P*>~\n"
)


def _count_named(client: SterlingClient, mailbox: str, name: str) -> int:
    return sum(1 for message in client.mailbox_messages(mailbox) if message.name == name)


def test_deliver_then_read_back(sterling: SterlingClient) -> None:
    payload = PAYLOAD + "Grüße €".encode()
    delivery = sterling.deliver(payload, "/ACMEPACK/Outbound", "ACMEPACK_850_usmf_PO-1.x12")
    assert not delivery.already_delivered
    assert ":" in delivery.document_id  # colons survive the round trip through URL paths
    message = sterling.find_message("/ACMEPACK/Outbound", "ACMEPACK_850_usmf_PO-1.x12")
    assert message is not None
    assert message.id == delivery.message_id
    assert sterling.fetch_payload(message.document_id) == payload
    again = sterling.deliver(payload, "/ACMEPACK/Outbound", "ACMEPACK_850_usmf_PO-1.x12")
    assert again.already_delivered
    assert again.message_id == delivery.message_id
    assert _count_named(sterling, "/ACMEPACK/Outbound", "ACMEPACK_850_usmf_PO-1.x12") == 1


@pytest.mark.parametrize("kind", [FaultKind.LOST_RESPONSE, FaultKind.FAIL_AFTER_STORE])
def test_a_lost_create_answer_is_recovered_by_name_without_a_duplicate(
    sandbox: RunningSandbox, sterling: SterlingClient, kind: FaultKind
) -> None:
    name = f"STEELWORX_850_usmf_{kind.value}.x12"
    sandbox.faults.inject(System.STERLING, kind, methods=["POST"], path="/mailboxmessages/?$")
    delivery = sterling.deliver(PAYLOAD, "/STEELWORX/Outbound", name)
    assert sandbox.faults.stats().count(System.STERLING, kind) >= 1
    assert not delivery.already_delivered
    assert _count_named(sterling, "/STEELWORX/Outbound", name) == 1
    assert sterling.fetch_payload(delivery.document_id) == PAYLOAD
    # A redelivery of the same document later finds it too.
    assert sterling.deliver(PAYLOAD, "/STEELWORX/Outbound", name).already_delivered


def test_a_lost_upload_answer_is_not_resent(sandbox: RunningSandbox, sterling: SterlingClient) -> None:
    sandbox.faults.inject(System.STERLING, FaultKind.LOST_RESPONSE, methods=["POST"], path="/documents/?$")
    with pytest.raises(Exception, match="may or may not have been processed"):
        sterling.deliver(PAYLOAD, "/POLYMERX/Outbound", "POLYMERX_850_usmf_lost-upload.x12")
    assert sterling.find_message("/POLYMERX/Outbound", "POLYMERX_850_usmf_lost-upload.x12") is None


@pytest.mark.parametrize(
    "kind", [FaultKind.THROTTLE, FaultKind.UNAVAILABLE, FaultKind.SERVER_ERROR, FaultKind.RESET, FaultKind.SLOW]
)
def test_reads_survive_every_http_fault(sandbox: RunningSandbox, kind: FaultKind) -> None:
    with SterlingClient(sterling_settings(sandbox), policy=RetryPolicy(base_delay=0.05, max_delay=0.2)) as client:
        sandbox.faults.inject(
            System.STERLING,
            kind,
            times=1,
            methods=["GET"],
            path="/mailboxes/",
            delay_seconds=0.2,
            retry_after_seconds=0,
        )
        assert client.resolve_mailbox("/BIGBOX/Inbound").path == "/BIGBOX/Inbound"


def test_polling_with_a_cursor_pages_and_equal_timestamps(sandbox_factory: SandboxFactory) -> None:
    running = sandbox_factory()
    simulator = running.sterling.simulator  # type: ignore[attr-defined]
    first = [simulator.drop("BIGBOX", PAYLOAD, f"in-{n:04d}.x12") for n in range(130)]
    with SterlingClient(sterling_settings(running, STERLING_PAGE_SIZE="50")) as client:
        fresh = client.new_messages("/BIGBOX/Inbound", MessageCursor())
        assert sorted(m.id for m in fresh) == sorted(d.message_id for d in first)  # three pages, each message once
        assert [(m.creation_date, m.id) for m in fresh] == sorted((m.creation_date, m.id) for m in fresh)
        assert len({m.creation_date for m in fresh}) < len(fresh)  # many share a timestamp
        cursor = MessageCursor().advance_all(fresh)
        assert client.new_messages("/BIGBOX/Inbound", cursor) == []
        later = [simulator.drop("BIGBOX", PAYLOAD, f"late-{n}.x12") for n in range(3)]
        again = client.new_messages("/BIGBOX/Inbound", cursor)
        assert [m.id for m in again] == [d.message_id for d in later]
        assert client.fetch_payload(again[0].document_id) == PAYLOAD


def test_extracting_a_message_and_empty_mailboxes(sandbox_factory: SandboxFactory) -> None:
    running = sandbox_factory()
    with SterlingClient(sterling_settings(running)) as client:
        assert list(client.mailbox_messages("/HANSEHAUS/Inbound")) == []  # empty (404 or []) reads as empty
        dropped = running.sterling.simulator.drop("HANSEHAUS", PAYLOAD, "orders-1.edi")  # type: ignore[attr-defined]
        client.mark_extracted(dropped.message_id)
        message = client.get_message(dropped.message_id)
        assert message.name == "orders-1.edi"
        with pytest.raises(SterlingNotFoundError, match="no mailbox"):
            client.resolve_mailbox("/NOSUCHPARTNER/Inbound")


def test_wrong_password_and_missing_mailbox_permission(sandbox: RunningSandbox) -> None:
    with (
        SterlingClient(sterling_settings(sandbox, STERLING_PASSWORD="wrong")) as client,
        pytest.raises(AuthenticationError, match="does not accept the credentials"),
    ):
        client.resolve_mailbox("/BIGBOX/Inbound")
    limited = sterling_settings(sandbox, STERLING_USER=LIMITED_USER)
    lacking = f"/{LIMITED_USER_LACKS}/Outbound"
    with SterlingClient(limited) as client:
        assert client.check_mailbox("/BIGBOX/Outbound").path == "/BIGBOX/Outbound"
        with pytest.raises(AuthenticationError, match="lacks") as info:
            client.deliver(PAYLOAD, lacking, "not-allowed.x12")
    assert info.value.context["status"] == "403"


def test_oauth_bearer_mode(sandbox_factory: SandboxFactory) -> None:
    running = sandbox_factory()
    running.sterling.set_auth_mode(AuthMode.OAUTH)  # type: ignore[attr-defined]
    settings = sterling_settings(
        running,
        STERLING_AUTH="oauth",
        STERLING_TOKEN_URL=running.info.sterling + TOKEN_PATH,
        STERLING_CLIENT_ID=running.info.credentials.sterling_user,
        STERLING_CLIENT_SECRET=running.info.credentials.sterling_password,
        STERLING_USER="",
        STERLING_PASSWORD="",
    )
    with SterlingClient(settings) as client:
        delivery = client.deliver(PAYLOAD, "/ACMEPACK/Outbound", "oauth-delivery.x12")
        assert client.fetch_payload(delivery.document_id) == PAYLOAD
    wrong = sterling_settings(
        running,
        STERLING_AUTH="oauth",
        STERLING_TOKEN_URL=running.info.sterling + TOKEN_PATH,
        STERLING_CLIENT_ID=running.info.credentials.sterling_user,
        STERLING_CLIENT_SECRET="wrong",
    )
    with SterlingClient(wrong) as client, pytest.raises(AuthenticationError, match="token endpoint refused"):
        client.resolve_mailbox("/ACMEPACK/Outbound")


def test_oauth_token_renewed_before_expiry_and_after_a_401(sandbox_factory: SandboxFactory) -> None:
    running = sandbox_factory()
    running.sterling.set_auth_mode(AuthMode.OAUTH)  # type: ignore[attr-defined]
    running.sterling.tokens.lifetime = 2  # type: ignore[attr-defined]
    settings = sterling_settings(
        running,
        STERLING_AUTH="oauth",
        STERLING_TOKEN_URL=running.info.sterling + TOKEN_PATH,
        STERLING_CLIENT_ID=running.info.credentials.sterling_user,
        STERLING_CLIENT_SECRET=running.info.credentials.sterling_password,
    )
    # Renewed ahead of expiry: a 2-second token is replaced after 0.5 s, so no request meets a 401.
    ahead = CountingOAuth(settings)
    tokens: set[str] = set()
    with SterlingClient(settings, credentials=ahead) as client:
        deadline = time.monotonic() + 1.5
        while time.monotonic() < deadline:
            assert client.resolve_mailbox("/ACMEPACK/Outbound").path == "/ACMEPACK/Outbound"
            tokens.add(ahead.access_token())
            time.sleep(0.3)
    assert len(tokens) >= 2
    assert ahead.refreshes == 0
    # A clock that never advances never renews: the server's 401 makes the client fetch a new token once.
    frozen = CountingOAuth(settings, clock=lambda: 0.0)
    with SterlingClient(settings, credentials=frozen) as client:
        client.resolve_mailbox("/ACMEPACK/Outbound")
        first = frozen.access_token()
        time.sleep(2.1)
        assert client.resolve_mailbox("/ACMEPACK/Outbound").path == "/ACMEPACK/Outbound"
        assert frozen.access_token() != first
    assert frozen.refreshes == 1


class CountingOAuth(OAuthCredentials):
    """OAuth credentials that count how often the server rejected a token (a 401 triggers ``refresh``)."""

    refreshes = 0

    def refresh(self) -> None:
        self.refreshes += 1
        super().refresh()
