"""The Sterling B2B Integrator settings section.

``STERLING_BASE_URL`` is the customer's host and Liberty port (HTTPS is base port + 75, sterling.md §1.1); the
REST root ``/B2BAPIs/svc/`` is appended when missing.  Credentials are sent on every request (Basic) or are
bearer tokens, so plain ``http://`` is accepted only for a loopback host (the built-in sandbox).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit

from shared.settings import Secret, SettingsProblems

__all__ = [
    "STERLING_CLIENT_SECRET_NAME",
    "STERLING_PASSWORD_NAME",
    "SterlingAuth",
    "SterlingSettings",
    "parse_sterling_settings",
]

STERLING_PASSWORD_NAME = "sterling-password"  # noqa: S105 - the Key Vault name, not a value
STERLING_CLIENT_SECRET_NAME = "sterling-client-secret"  # noqa: S105 - the Key Vault name, not a value
API_ROOT = "/B2BAPIs/svc"
_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
# Super-users: the connector must run as a dedicated API user holding only the partner mailboxes' permissions.
_SUPER_USERS = frozenset({"admin", "administrator", "superuser"})


class SterlingAuth(StrEnum):
    BASIC = "basic"
    OAUTH = "oauth"


@dataclass(frozen=True)
class SterlingSettings:
    api_url: str  # ends with /B2BAPIs/svc, no trailing slash
    auth: SterlingAuth
    user: str
    password: Secret | None  # None when Key Vault holds it
    token_url: str
    client_id: str
    client_secret: Secret | None
    scope: str
    ca_bundle: str | None
    connect_timeout: float
    read_timeout: float
    page_size: int
    password_name: str = STERLING_PASSWORD_NAME
    client_secret_name: str = STERLING_CLIENT_SECRET_NAME

    @property
    def host(self) -> str:
        return urlsplit(self.api_url).hostname or ""

    @property
    def port(self) -> int:
        parts = urlsplit(self.api_url)
        return parts.port or (443 if parts.scheme == "https" else 80)

    @property
    def uses_tls(self) -> bool:
        return self.api_url.startswith("https://")


def parse_sterling_settings(
    src: Mapping[str, str], problems: SettingsProblems, *, secret_in_key_vault: bool
) -> SterlingSettings:
    api_url = _api_url(src, problems)
    auth = SterlingAuth(problems.choice(src, "STERLING_AUTH", ("basic", "oauth"), "basic"))
    user = password = client_secret = None
    token_url = client_id = scope = ""
    if auth is SterlingAuth.BASIC:
        user = problems.text(src, "STERLING_USER")
        if user.lower() in _SUPER_USERS:
            problems.add(
                "STERLING_USER",
                f"{user!r} is a super-user; create a dedicated user with the 'API User' permission and "
                "the partner mailboxes' permissions only",
            )
        password = problems.secret(src, "STERLING_PASSWORD", required=not secret_in_key_vault)
    else:
        token_url = _token_url(src, problems)
        client_id = problems.text(src, "STERLING_CLIENT_ID")
        client_secret = problems.secret(src, "STERLING_CLIENT_SECRET", required=not secret_in_key_vault)
        scope = problems.optional_text(src, "STERLING_SCOPE") or ""
    return SterlingSettings(
        api_url=api_url,
        auth=auth,
        user=user or "",
        password=password,
        token_url=token_url,
        client_id=client_id,
        client_secret=client_secret,
        scope=scope,
        ca_bundle=problems.optional_text(src, "STERLING_CA_BUNDLE"),
        connect_timeout=problems.number(src, "STERLING_CONNECT_TIMEOUT_SECONDS", 10.0, minimum=0.1),
        # Payloads travel inline as base64 JSON (sterling.md §11), so large documents need a generous read timeout.
        read_timeout=problems.number(src, "STERLING_READ_TIMEOUT_SECONDS", 120.0, minimum=0.1),
        page_size=problems.integer(src, "STERLING_PAGE_SIZE", 1000, minimum=1, maximum=10_000),
    )


def _api_url(src: Mapping[str, str], problems: SettingsProblems) -> str:
    name = "STERLING_BASE_URL"
    raw = src.get(name)
    if raw is None:
        problems.add(name, "is required: the Sterling host and Liberty HTTPS port, e.g. https://b2bi.example.com:5075")
        return ""
    parts = urlsplit(raw.strip())
    host = (parts.hostname or "").lower()
    if parts.scheme not in {"http", "https"} or not host:
        problems.add(name, f"must be an https URL, got {raw!r}")
        return ""
    if parts.username or parts.password or parts.query or parts.fragment:
        problems.add(name, "must not carry credentials, a query or a fragment (credentials go in STERLING_USER / ...)")
        return ""
    if parts.scheme == "http" and host not in _LOOPBACK:
        problems.add(
            name,
            "must use https: credentials go with every request (Sterling's Liberty HTTPS port is the base port + 75)",
        )
        return ""
    path = parts.path.rstrip("/")
    if not path.lower().endswith(API_ROOT.lower()):
        path = path + API_ROOT
    port = f":{parts.port}" if parts.port is not None else ""
    return f"{parts.scheme}://{host}{port}{path}"


def _token_url(src: Mapping[str, str], problems: SettingsProblems) -> str:
    """HTTPS, or plain HTTP to a loopback host (the sandbox): the client secret travels in the request."""
    url = problems.url(src, "STERLING_TOKEN_URL", schemes=("https", "http"))
    parts = urlsplit(url)
    if url and parts.scheme == "http" and (parts.hostname or "").lower() not in _LOOPBACK:
        problems.add("STERLING_TOKEN_URL", "must use https: the client secret is sent to it")
        return ""
    return url
