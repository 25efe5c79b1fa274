"""The Entra ID emulator (token endpoint, discovery, JWKS) and the token rules the resource emulators apply."""

from sandbox.entra.app import DEFAULT_TOKEN_LIFETIME_SECONDS, EntraApp, RegisteredClient, create_entra
from sandbox.entra.tokens import (
    KEYVAULT_RESOURCE,
    InvalidAudience,
    IssuedToken,
    TokenSubject,
    issue_token,
    issuer_for,
    verify_access_token,
)

__all__ = [
    "DEFAULT_TOKEN_LIFETIME_SECONDS",
    "KEYVAULT_RESOURCE",
    "EntraApp",
    "InvalidAudience",
    "IssuedToken",
    "RegisteredClient",
    "TokenSubject",
    "create_entra",
    "issue_token",
    "issuer_for",
    "verify_access_token",
]
