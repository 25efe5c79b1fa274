"""The bearer-token gate in front of ``/data`` (reference §2.3, §2.5).

F&O accepts a token only when it verifies against Entra's keys, is within its lifetime, has ``aud`` equal to
the environment URL exactly (lowercase, no trailing slash), ``tid`` equal to the environment's tenant, an
``oid``, and a client id registered under "Microsoft Entra applications"; anything else is 401.
"""

from __future__ import annotations

from dataclasses import dataclass

from sandbox.context import SandboxContext
from sandbox.jwt import InvalidToken, decode_and_verify
from sandbox.web import Request

__all__ = ["AppRegistration", "authenticate"]


@dataclass(frozen=True)
class AppRegistration:
    """A row of System administration > Microsoft Entra applications: client id -> user -> default company."""

    client_id: str
    user_id: str
    default_company: str


def authenticate(
    ctx: SandboxContext, registrations: dict[str, AppRegistration], request: Request
) -> AppRegistration | None:
    """The calling app's registration, or ``None`` when the request must be answered 401."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    try:
        claims = decode_and_verify(token.strip(), ctx.token_keys)
    except InvalidToken:
        return None
    if ctx.faults("token_expired", request):
        return None
    if claims.get("aud") != ctx.dynamics_url or claims.get("tid") != ctx.tenant_id or not claims.get("oid"):
        return None
    client = claims.get("appid", claims.get("azp"))
    if not isinstance(client, str):
        return None
    return registrations.get(client)
