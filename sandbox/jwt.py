"""Minimal RS256 JSON Web Tokens, enough for the Entra emulator to sign and the resource emulators to verify.

Real Entra ID signs access tokens with RS256 and publishes its keys (JWKS); Dynamics checks signature, ``aud``,
``iss``, ``tid``, ``nbf`` and ``exp``.  The emulators do the same with a key generated at start.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

__all__ = ["Claims", "InvalidToken", "SigningKey", "decode_and_verify", "encode"]

ClaimValue = str | int | float | bool | list[str]
Claims = dict[str, ClaimValue]


class InvalidToken(Exception):  # noqa: N818 - reads better at the call sites ("except InvalidToken")
    """The token is malformed, badly signed, expired or not yet valid; ``reason`` says which."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class SigningKey:
    """An RSA key pair with a key id, as published in a JWKS document."""

    kid: str
    private_key: rsa.RSAPrivateKey

    @classmethod
    def generate(cls, kid: str) -> SigningKey:
        return cls(kid, rsa.generate_private_key(public_exponent=65537, key_size=2048))

    @property
    def public_key(self) -> rsa.RSAPublicKey:
        return self.private_key.public_key()

    def public_pem(self) -> bytes:
        return self.public_key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)

    def jwk(self) -> dict[str, str]:
        numbers = self.public_key.public_numbers()

        def as_b64(value: int) -> str:
            return _b64url(value.to_bytes((value.bit_length() + 7) // 8, "big"))

        return {
            "kty": "RSA",
            "use": "sig",
            "alg": "RS256",
            "kid": self.kid,
            "n": as_b64(numbers.n),
            "e": as_b64(numbers.e),
        }


def encode(claims: Mapping[str, ClaimValue], key: SigningKey) -> str:
    header = {"typ": "JWT", "alg": "RS256", "kid": key.kid}
    signing_input = (
        _b64url(json.dumps(header, separators=(",", ":")).encode())
        + "."
        + _b64url(json.dumps(dict(claims), separators=(",", ":")).encode())
    )
    signature = key.private_key.sign(signing_input.encode("ascii"), padding.PKCS1v15(), hashes.SHA256())
    return signing_input + "." + _b64url(signature)


def decode_and_verify(
    token: str, keys: Sequence[rsa.RSAPublicKey], *, now: float | None = None, leeway: float = 0.0
) -> Claims:
    """Verify the signature against any of ``keys`` and the time window; return the claims.

    Audience and issuer are the caller's to check, because each resource knows its own.
    """
    parts = token.split(".")
    if len(parts) != 3:
        raise InvalidToken("malformed token")
    try:
        header = json.loads(_b64url_decode(parts[0]))
        claims = json.loads(_b64url_decode(parts[1]))
        signature = _b64url_decode(parts[2])
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidToken("malformed token") from exc
    if not isinstance(header, dict) or header.get("alg") != "RS256" or not isinstance(claims, dict):
        raise InvalidToken("unsupported token algorithm")
    signing_input = f"{parts[0]}.{parts[1]}".encode("ascii")
    for public_key in keys:
        try:
            public_key.verify(signature, signing_input, padding.PKCS1v15(), hashes.SHA256())
            break
        except InvalidSignature:
            continue
    else:
        raise InvalidToken("signature does not verify")
    current = time.time() if now is None else now
    exp = claims.get("exp")
    nbf = claims.get("nbf")
    if not isinstance(exp, int | float) or current > exp + leeway:
        raise InvalidToken("token expired")
    if isinstance(nbf, int | float) and current + leeway < nbf:
        raise InvalidToken("token not yet valid")
    return claims
