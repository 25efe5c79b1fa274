"""The Entra emulator's endpoints, called directly: discovery, JWKS, tokens and the AADSTS error shapes."""

from __future__ import annotations

import base64
import json
import time
from urllib.parse import urlencode

import pytest
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicNumbers

from sandbox.context import SandboxContext
from sandbox.entra import KEYVAULT_RESOURCE, EntraApp, InvalidAudience, create_entra, verify_access_token
from sandbox.jwt import InvalidToken, SigningKey
from sandbox.web import Headers, Request, Response

pytestmark = pytest.mark.unit


@pytest.fixture
def entra(ctx: SandboxContext, signing_key: SigningKey) -> EntraApp:
    return create_entra(ctx, signing_key, token_lifetime_seconds=600)


def token_request(ctx: SandboxContext, tenant: str | None = None, **overrides: str | None) -> Request:
    form = {
        "grant_type": "client_credentials",
        "client_id": ctx.client_id,
        "client_secret": ctx.client_secret,
        "scope": f"{ctx.dynamics_url}/.default",
        "client_info": "1",
        "claims": '{"access_token":{"xms_cc":{"values":["CP1"]}}}',
    }
    for key, value in overrides.items():
        if value is None:
            form.pop(key, None)
        else:
            form[key] = value
    return Request(
        "POST",
        f"/{tenant or ctx.tenant_id}/oauth2/v2.0/token",
        headers=Headers([("Content-Type", "application/x-www-form-urlencoded"), ("client-request-id", "corr-123")]),
        body=urlencode(form).encode(),
    )


def body(response: Response) -> dict[str, object]:
    parsed = json.loads(response.body)
    assert isinstance(parsed, dict)
    return parsed


def test_openid_configuration_points_at_the_emulator(entra: EntraApp, ctx: SandboxContext) -> None:
    doc = body(entra.handle(Request("GET", f"/{ctx.tenant_id}/v2.0/.well-known/openid-configuration")))
    assert doc["token_endpoint"] == f"{ctx.entra_url}/{ctx.tenant_id}/oauth2/v2.0/token"
    assert doc["issuer"] == f"{ctx.entra_url}/{ctx.tenant_id}/v2.0"
    assert doc["jwks_uri"] == f"{ctx.entra_url}/{ctx.tenant_id}/discovery/v2.0/keys"
    assert {"authorization_endpoint", "device_authorization_endpoint"} <= doc.keys()


def test_issued_token_verifies_with_the_published_jwks(entra: EntraApp, ctx: SandboxContext) -> None:
    response = entra.handle(token_request(ctx))
    assert response.status == 200
    assert response.header("Cache-Control") == "no-store, no-cache"
    token = body(response)
    assert token["token_type"] == "Bearer"
    assert token["expires_in"] == 600
    jwks = body(entra.handle(Request("GET", f"/{ctx.tenant_id}/discovery/v2.0/keys")))
    keys = jwks["keys"]
    assert isinstance(keys, list)
    jwk = keys[0]

    def number(text: str) -> int:
        return int.from_bytes(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)), "big")

    public = RSAPublicNumbers(number(jwk["e"]), number(jwk["n"])).public_key()
    access_token = token["access_token"]
    assert isinstance(access_token, str)
    claims = verify_access_token(
        access_token, [public], issuer=entra.issuer, tenant_id=ctx.tenant_id, audience=ctx.dynamics_url
    )
    assert claims["exp"] == claims["iat"] + 600  # type: ignore[operator]
    assert claims["idtyp"] == "app"
    assert claims["appid"] == ctx.client_id


def test_key_vault_scope_gives_the_vault_audience(entra: EntraApp, ctx: SandboxContext) -> None:
    token = body(entra.handle(token_request(ctx, scope=f"{KEYVAULT_RESOURCE}/.default")))["access_token"]
    assert isinstance(token, str)
    verify_access_token(token, ctx.token_keys, issuer=entra.issuer, tenant_id=ctx.tenant_id, audience=KEYVAULT_RESOURCE)
    with pytest.raises(InvalidAudience):
        verify_access_token(
            token, ctx.token_keys, issuer=entra.issuer, tenant_id=ctx.tenant_id, audience=ctx.dynamics_url
        )


def test_trailing_slash_in_the_scope_reaches_the_audience(entra: EntraApp, ctx: SandboxContext) -> None:
    # Entra finds the resource either way; F&O then refuses the slashed audience (dynamics.md §2.3).
    token = body(entra.handle(token_request(ctx, scope=f"{ctx.dynamics_url}//.default")))["access_token"]
    assert isinstance(token, str)
    with pytest.raises(InvalidAudience):
        verify_access_token(
            token, ctx.token_keys, issuer=entra.issuer, tenant_id=ctx.tenant_id, audience=ctx.dynamics_url
        )


@pytest.mark.parametrize(
    ("overrides", "status", "error", "code"),
    [
        ({"client_secret": "wrong"}, 401, "invalid_client", 7000215),
        ({"client_secret": None}, 401, "invalid_client", 7000218),
        ({"client_id": "99999999-9999-4999-8999-999999999999"}, 400, "unauthorized_client", 700016),
        ({"grant_type": None}, 400, "invalid_request", 900144),
        ({"grant_type": "password"}, 400, "unsupported_grant_type", 70003),
        ({"scope": None}, 400, "invalid_request", 900144),
        ({"scope": "https://127.0.0.1:1002"}, 400, "invalid_scope", 1002012),
        ({"scope": "https://127.0.0.1:1002/.default https://vault.azure.net/.default"}, 400, "invalid_scope", 70011),
        ({"scope": "https://contoso.operations.dynamics.com/.default"}, 400, "invalid_resource", 500011),
    ],
)
def test_errors_have_entras_shape_and_codes(
    entra: EntraApp, ctx: SandboxContext, overrides: dict[str, str | None], status: int, error: str, code: int
) -> None:
    response = entra.handle(token_request(ctx, **overrides))
    assert response.status == status
    payload = body(response)
    assert payload["error"] == error
    assert payload["error_codes"] == [code]
    description = payload["error_description"]
    assert isinstance(description, str)
    assert description.startswith(f"AADSTS{code}: ")
    assert "Trace ID: " in description
    assert "Correlation ID: corr-123" in description
    assert payload["correlation_id"] == "corr-123"
    assert {"timestamp", "trace_id", "error_uri"} <= payload.keys()
    assert ctx.client_secret not in response.body.decode()


def test_unknown_tenant_is_aadsts90002(entra: EntraApp, ctx: SandboxContext) -> None:
    response = entra.handle(token_request(ctx, tenant="contoso.onmicrosoft.com"))
    assert response.status == 400
    assert body(response)["error_codes"] == [90002]


def test_registered_clients_and_rotation(entra: EntraApp, ctx: SandboxContext) -> None:
    other = entra.register_client("11111111-1111-4111-8111-111111111111", "s3cret")
    assert "s3cret" not in repr(other)
    assert entra.handle(token_request(ctx, client_id=other.client_id, client_secret="s3cret")).status == 200
    entra.rotate_secret(ctx.client_id, "rotated")
    assert entra.handle(token_request(ctx)).status == 401
    assert entra.handle(token_request(ctx, client_secret="rotated")).status == 200


def test_lifetime_is_adjustable_at_run_time(entra: EntraApp, ctx: SandboxContext) -> None:
    entra.token_lifetime_seconds = 2
    assert body(entra.handle(token_request(ctx)))["expires_in"] == 2


def test_verification_rejects_tampering_expiry_issuer_and_tenant(
    entra: EntraApp, ctx: SandboxContext, signing_key: SigningKey
) -> None:
    token = body(entra.handle(token_request(ctx)))["access_token"]
    assert isinstance(token, str)
    rules = {"issuer": entra.issuer, "tenant_id": ctx.tenant_id, "audience": ctx.dynamics_url}
    head, payload, signature = token.split(".")
    forged = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    forged["aud"] = "https://evil"
    forged_payload = base64.urlsafe_b64encode(json.dumps(forged).encode()).rstrip(b"=").decode()
    with pytest.raises(InvalidToken, match="signature"):
        verify_access_token(f"{head}.{forged_payload}.{signature}", ctx.token_keys, **rules)
    with pytest.raises(InvalidToken, match="expired"):
        verify_access_token(token, ctx.token_keys, now=time.time() + 601, **rules)
    with pytest.raises(InvalidToken, match="issuer"):
        verify_access_token(token, ctx.token_keys, **{**rules, "issuer": "https://sts.windows.net/x/"})
    with pytest.raises(InvalidToken, match="tenant"):
        verify_access_token(token, ctx.token_keys, **{**rules, "tenant_id": "other"})
    with pytest.raises(InvalidToken, match="signature"):
        verify_access_token(token, [SigningKey.generate("other").public_key], **rules)
