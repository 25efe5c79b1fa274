"""Who may call the API: B2Bi user accounts with permissions, HTTP Basic, and the 6.2.2-era OAuth mode.

Basic is what IBM documents ("only basic authorization is supported"); a user needs the "API User"
permission, and for anything touching a mailbox also that mailbox's permission ("<path> Mailbox") unless
they are a super-user.  The OAuth mode models a standard client-credentials token endpoint because IBM does
not document its identity service's endpoint (ADR 0241).
"""

from __future__ import annotations

import base64
import binascii
import hmac
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import Enum
from urllib.parse import parse_qsl

from sandbox.jwt import InvalidToken, SigningKey, decode_and_verify, encode
from sandbox.sterling.records import Mailbox
from sandbox.web import Request, Response

__all__ = [
    "API_USER_PERMISSION",
    "TOKEN_PATH",
    "AuthMode",
    "SterlingUser",
    "TokenService",
    "UserStore",
    "basic_credentials",
]

API_USER_PERMISSION = "API User"
# Keycloak's layout, which the identity service's AUTH_SESSION_ID cookie suggests (sterling.md §6).
TOKEN_PATH = "/realms/b2bi/protocol/openid-connect/token"
TOKEN_AUDIENCE = "b2bi"


class AuthMode(Enum):
    BASIC = "basic"
    OAUTH = "oauth"


@dataclass(frozen=True)
class SterlingUser:
    user_id: str
    password: str = field(repr=False)
    permissions: frozenset[str] = frozenset()
    super_user: bool = False

    @property
    def may_use_api(self) -> bool:
        return self.super_user or API_USER_PERMISSION in self.permissions

    def may_access(self, mailbox: Mailbox) -> bool:
        return self.super_user or mailbox.permission in self.permissions


class UserStore:
    """B2Bi user accounts; the control API adds users and grants or revokes permissions."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._users: dict[str, SterlingUser] = {}

    def add(self, user: SterlingUser) -> None:
        with self._lock:
            self._users[user.user_id] = user

    def get(self, user_id: str) -> SterlingUser | None:
        with self._lock:
            return self._users.get(user_id)

    def grant(self, user_id: str, permission: str) -> SterlingUser:
        return self._change(user_id, lambda current: current | {permission})

    def revoke(self, user_id: str, permission: str) -> SterlingUser:
        return self._change(user_id, lambda current: current - {permission})

    def _change(self, user_id: str, change: Callable[[frozenset[str]], frozenset[str]]) -> SterlingUser:
        with self._lock:
            current = self._users.get(user_id)
            if current is None:
                raise KeyError(user_id)
            updated = replace(current, permissions=change(current.permissions))
            self._users[user_id] = updated
            return updated

    def verify(self, user_id: str, password: str) -> SterlingUser | None:
        user = self.get(user_id)
        if user is None or not hmac.compare_digest(user.password.encode(), password.encode()):
            return None
        return user

    def holders_of(self, permission: str) -> list[str]:
        with self._lock:
            return sorted(u.user_id for u in self._users.values() if permission in u.permissions)


def basic_credentials(request: Request) -> tuple[str, str] | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "basic" or not token:
        return None
    try:
        decoded = base64.b64decode(token.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    user, sep, password = decoded.partition(":")
    return (user, password) if sep else None


@dataclass(frozen=True)
class OAuthClient:
    client_id: str
    secret: str = field(repr=False)
    user_id: str  # the B2Bi account whose permissions the client's tokens carry


class TokenService:
    """Client-credentials tokens: RS256 JWTs that expire after ``lifetime`` seconds (identity service: 300)."""

    def __init__(self, issuer: str, clock: Callable[[], float], lifetime: int = 300) -> None:
        self._key_lock = threading.Lock()
        self._signing_key: SigningKey | None = None
        self._issuer = issuer
        self._clock = clock
        self.lifetime = lifetime
        self._clients: dict[str, OAuthClient] = {}

    @property
    def _key(self) -> SigningKey:
        # Generated on first use: RSA key generation is slow and most emulators never run in OAuth mode.
        with self._key_lock:
            if self._signing_key is None:
                self._signing_key = SigningKey.generate("sterling-identity-1")
            return self._signing_key

    def register(self, client_id: str, secret: str, user_id: str) -> None:
        self._clients[client_id] = OAuthClient(client_id, secret, user_id)

    def issue(self, request: Request) -> Response:
        form = dict(parse_qsl(request.body.decode("utf-8", "replace"), keep_blank_values=True))
        if form.get("grant_type") != "client_credentials":
            return _oauth_error(400, "unsupported_grant_type", "only grant_type=client_credentials is supported")
        from_header = basic_credentials(request)
        client_id, secret = from_header or (form.get("client_id", ""), form.get("client_secret", ""))
        client = self._clients.get(client_id)
        if client is None or not hmac.compare_digest(client.secret.encode(), secret.encode()):
            return _oauth_error(401, "invalid_client", "client authentication failed")
        now = int(self._clock())
        claims: dict[str, str | int | float | bool | list[str]] = {
            "iss": self._issuer,
            "aud": TOKEN_AUDIENCE,
            "sub": client.user_id,
            "azp": client.client_id,
            "preferred_username": client.user_id,
            "iat": now,
            "nbf": now,
            "exp": now + self.lifetime,
            "scope": "b2bi",
        }
        body: dict[str, str | int] = {
            "access_token": encode(claims, self._key),
            "token_type": "Bearer",
            "expires_in": self.lifetime,
            "scope": "b2bi",
        }
        return Response.json(dict(body), headers=[("Cache-Control", "no-store")])

    def user_for(self, token: str) -> str:
        """The user id a valid token acts for; raises ``InvalidToken`` otherwise."""
        claims = decode_and_verify(token, [self._key.public_key], now=self._clock())
        if claims.get("iss") != self._issuer or claims.get("aud") != TOKEN_AUDIENCE:
            raise InvalidToken("token was not issued for this server")
        subject = claims.get("sub")
        if not isinstance(subject, str):
            raise InvalidToken("token has no subject")
        return subject


def _oauth_error(status: int, error: str, description: str) -> Response:
    return Response.json({"error": error, "error_description": description}, status)


def bearer_rejected(reason: str) -> Response:
    response = Response.text(f"Error 401: {reason}\n", status=401, content_type="text/html;charset=ISO-8859-1")
    response.headers.append(("WWW-Authenticate", f'Bearer error="invalid_token", error_description="{reason}"'))
    return response
