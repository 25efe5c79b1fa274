"""Access tokens as the Entra emulator issues them and as the resource emulators check them.

Claims follow what F&O checks (dynamics.md §2.3: ``aud`` exactly the environment URL, ``tid``, ``oid``) plus the
app-only claims Entra puts in every client-credentials token (``appid``/``azp``, ``idtyp``).  Resources verify
with :func:`verify_access_token`, which rejects by the same rules a real resource applies.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey

from sandbox.jwt import Claims, InvalidToken, SigningKey, decode_and_verify, encode

__all__ = [
    "KEYVAULT_RESOURCE",
    "InvalidAudience",
    "IssuedToken",
    "TokenSubject",
    "issue_token",
    "issuer_for",
    "verify_access_token",
]

# The Key Vault data plane's resource (its 401 challenge names it, azure.md §5.3); tokens for it carry this aud.
KEYVAULT_RESOURCE = "https://vault.azure.net"


class InvalidAudience(InvalidToken):
    """A good token for another resource: resources answer this differently from a bad token."""


def issuer_for(entra_url: str, tenant_id: str) -> str:
    """The ``iss`` of the emulator's tokens (the v2.0 issuer, as in its OpenID configuration)."""
    return f"{entra_url}/{tenant_id}/v2.0"


@dataclass(frozen=True)
class TokenSubject:
    """Who a token is for: a registered app's ids in the tenant."""

    tenant_id: str
    client_id: str
    object_id: str


@dataclass(frozen=True)
class IssuedToken:
    access_token: str
    expires_in: int
    claims: Claims


def issue_token(
    key: SigningKey, issuer: str, subject: TokenSubject, audience: str, lifetime_seconds: int
) -> IssuedToken:
    now = int(time.time())
    claims: Claims = {
        "aud": audience,
        "iss": issuer,
        "iat": now,
        "nbf": now,
        "exp": now + lifetime_seconds,
        "tid": subject.tenant_id,
        "oid": subject.object_id,
        "sub": subject.object_id,
        "appid": subject.client_id,
        "azp": subject.client_id,
        "appidacr": "1",
        "azpacr": "1",
        "idtyp": "app",
        "ver": "2.0",
        # Unique per token, as Entra's uti: two tokens issued in the same second still differ.
        "uti": uuid.uuid4().hex,
    }
    return IssuedToken(encode(claims, key), lifetime_seconds, claims)


def verify_access_token(
    token: str,
    keys: Sequence[RSAPublicKey],
    *,
    issuer: str,
    tenant_id: str,
    audience: str,
    now: float | None = None,
) -> Claims:
    """Signature, time window, issuer, tenant and audience; raises ``InvalidToken`` with the failing rule.

    No clock leeway: the emulators share one clock with the issuer, and tests shorten lifetimes to seconds.
    ``aud`` must match exactly (F&O rejects a trailing slash or different case, dynamics.md §2.3).
    """
    claims = decode_and_verify(token, keys, now=now)
    if claims.get("iss") != issuer:
        raise InvalidToken(f"invalid issuer {claims.get('iss')!r}")
    if claims.get("tid") != tenant_id:
        raise InvalidToken(f"token is for tenant {claims.get('tid')!r}")
    if claims.get("aud") != audience:
        raise InvalidAudience(f"invalid audience {claims.get('aud')!r}; expected {audience}")
    return claims
