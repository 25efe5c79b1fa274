"""``ping`` checks for Sterling: DNS, TCP, TLS, the API user's credentials, and every partner mailbox.

Nothing is written: the mailbox check resolves the mailbox by path and lists at most one of its entries.
"""

from __future__ import annotations

from collections.abc import Sequence

from shared.errors import AuthenticationError
from shared.http.probe import Check, StepFailed, check_dns, check_tcp, check_tls
from shared.http.retry import RetryPolicy
from shared.secrets import SecretProvider
from shared.sterling.auth import OAuthCredentials
from shared.sterling.client import SterlingClient
from shared.sterling.config import SterlingAuth, SterlingSettings
from shared.sterling.errors import SterlingNotFoundError

__all__ = ["sterling_checks"]

PING_POLICY = RetryPolicy(max_attempts=2, base_delay=0.2, max_delay=1.0, max_retry_after=5.0)


def sterling_checks(
    settings: SterlingSettings, secrets: SecretProvider | None, mailboxes: Sequence[str]
) -> list[Check]:
    host, port = settings.host, settings.port

    def tls() -> str:
        if not settings.uses_tls:
            return "plain HTTP to a loopback host (the sandbox): no TLS to check"
        return check_tls(host, port, settings.ca_bundle, "STERLING_CA_BUNDLE")

    def sign_in() -> str:
        with SterlingClient(settings, secrets=secrets, policy=PING_POLICY) as client:
            if settings.auth is SterlingAuth.OAUTH:
                OAuthCredentials(settings, secrets).access_token()
            status = client.check_credentials(mailboxes[0] if mailboxes else "/")
        who = f"user {settings.user}" if settings.auth is SterlingAuth.BASIC else f"client {settings.client_id}"
        if status == 403:
            return f"credentials of {who} accepted (some permissions are missing: see authorization)"
        return f"credentials of {who} accepted"

    def mailbox_access() -> str:
        if not mailboxes:
            return "no partner mailboxes to check (name them with --mailbox PATH)"
        problems: list[str] = []
        with SterlingClient(settings, secrets=secrets, policy=PING_POLICY) as client:
            for path in dict.fromkeys(mailboxes):
                try:
                    client.check_mailbox(path)
                except SterlingNotFoundError:
                    problems.append(f"{path}: does not exist (or the user cannot see it)")
                except AuthenticationError as exc:
                    if exc.context.get("status") == "401":
                        raise
                    problems.append(f"{path}: the user lacks the permission '{path} Mailbox'")
        if problems:
            who = settings.user or settings.client_id
            raise StepFailed(
                "some partner mailboxes cannot be used: " + "; ".join(problems),
                f"in Sterling, create the missing mailboxes and give {who} each mailbox's permission "
                "('<path> Mailbox'), or correct the mailbox paths",
                detail=f"{len(mailboxes) - len(problems)} of {len(mailboxes)} mailboxes accessible",
            )
        return f"{len(mailboxes)} mailboxes exist and are accessible: {', '.join(mailboxes)}"

    return [
        ("dns", lambda: check_dns(host, port, "STERLING_BASE_URL")),
        (
            "tcp",
            lambda: check_tcp(
                host,
                port,
                "STERLING_BASE_URL",
                "Sterling's REST API listens on the Liberty port: base port + 75 for HTTPS",
            ),
        ),
        ("tls", tls),
        ("authentication", sign_in),
        ("authorization", mailbox_access),
    ]
