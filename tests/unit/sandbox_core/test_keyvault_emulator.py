"""The Key Vault emulator, called directly: challenge, token checks, RBAC, secret bundles and errors."""

from __future__ import annotations

import json

import pytest

from sandbox.context import SandboxContext
from sandbox.entra import KEYVAULT_RESOURCE, TokenSubject, issue_token, issuer_for
from sandbox.jwt import SigningKey
from sandbox.keyvault import KeyVaultApp, SecretRole, create_keyvault
from sandbox.web import Headers, Request, Response
from tests.unit.sandbox_core.conftest import with_hook

pytestmark = pytest.mark.unit

API = "api-version=2026-04-01"


def token(
    ctx: SandboxContext,
    key: SigningKey,
    *,
    audience: str = KEYVAULT_RESOURCE,
    client_id: str | None = None,
    lifetime: int = 600,
) -> str:
    subject = TokenSubject(ctx.tenant_id, client_id or ctx.client_id, "oid-1")
    return issue_token(key, issuer_for(ctx.entra_url, ctx.tenant_id), subject, audience, lifetime).access_token


def call(
    app: KeyVaultApp, method: str, path: str, bearer: str | None, body: object = None, query: str = API
) -> Response:
    headers = [] if bearer is None else [("Authorization", f"Bearer {bearer}")]
    data = b"" if body is None else json.dumps(body).encode()
    return app.handle(Request(method, path, query, Headers(headers), data, "https", "127.0.0.1:1004"))


def error(response: Response) -> dict[str, object]:
    payload = json.loads(response.body)["error"]
    assert isinstance(payload, dict)
    return payload


def test_request_without_token_gets_the_challenge(ctx: SandboxContext) -> None:
    response = call(create_keyvault(ctx), "GET", "/secrets/sterling-password/", None)
    assert response.status == 401
    assert response.header("WWW-Authenticate") == (
        f'Bearer authorization="{ctx.entra_url}/{ctx.tenant_id}", resource="https://vault.azure.net"'
    )
    assert error(response) == {"code": "Unauthorized", "message": "AKV10000: Request is missing a Bearer or PoP token."}


def test_seeded_secret_bundle(ctx: SandboxContext, signing_key: SigningKey) -> None:
    response = call(create_keyvault(ctx), "GET", "/secrets/dynamics-client-secret/", token(ctx, signing_key))
    assert response.status == 200
    bundle = json.loads(response.body)
    assert bundle["value"] == ctx.client_secret
    name, version = bundle["id"].removeprefix(f"{ctx.keyvault_url}/secrets/").split("/")
    assert name == "dynamics-client-secret"
    assert len(version) == 32
    assert bundle["attributes"]["enabled"] is True
    assert bundle["attributes"]["recoveryLevel"] == "Recoverable+Purgeable"
    assert response.header("x-ms-request-id")


def test_put_adds_a_version_and_old_versions_stay_readable(ctx: SandboxContext, signing_key: SigningKey) -> None:
    app = create_keyvault(ctx)
    bearer = token(ctx, signing_key)
    first = json.loads(call(app, "GET", "/secrets/sterling-password", bearer).body)
    put = call(
        app,
        "PUT",
        "/secrets/sterling-password",
        bearer,
        {"value": "v2", "contentType": "text/plain", "tags": {"by": "test"}},
    )
    assert put.status == 200
    second = json.loads(put.body)
    assert second["contentType"] == "text/plain"
    assert second["tags"] == {"by": "test"}
    latest = json.loads(call(app, "GET", "/secrets/STERLING-PASSWORD/", bearer).body)
    old = json.loads(call(app, "GET", f"/secrets/sterling-password/{first['id'].rsplit('/', 1)[1]}", bearer).body)
    assert latest["value"] == "v2"
    assert latest["id"] == second["id"]
    assert old["value"] == ctx.sterling_password


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/secrets/missing/", "A secret with (name/id) missing was not found"),
        ("/secrets/sterling-password/0123456789abcdef0123456789abcdef", "(name/id) sterling-password/0123"),
    ],
)
def test_missing_secret_or_version_is_secret_not_found(
    ctx: SandboxContext, signing_key: SigningKey, path: str, message: str
) -> None:
    response = call(create_keyvault(ctx), "GET", path, token(ctx, signing_key))
    assert response.status == 404
    assert error(response)["code"] == "SecretNotFound"
    assert message in str(error(response)["message"])


def test_wrong_audience_is_akv10022_with_a_fresh_challenge(ctx: SandboxContext, signing_key: SigningKey) -> None:
    response = call(
        create_keyvault(ctx), "GET", "/secrets/sterling-password/", token(ctx, signing_key, audience=ctx.dynamics_url)
    )
    assert response.status == 401
    assert str(error(response)["message"]).startswith("AKV10022: Invalid audience")
    assert response.header("WWW-Authenticate") is not None


def test_expired_and_foreign_tokens_are_refused(ctx: SandboxContext, signing_key: SigningKey) -> None:
    app = create_keyvault(ctx)
    assert call(app, "GET", "/secrets/sterling-password/", token(ctx, signing_key, lifetime=-1)).status == 401
    foreign = token(ctx, SigningKey.generate("someone-else"))
    assert call(app, "GET", "/secrets/sterling-password/", foreign).status == 401


def test_token_expired_fault_refuses_a_valid_token(ctx: SandboxContext, signing_key: SigningKey) -> None:
    app = create_keyvault(with_hook(ctx, True))
    response = call(app, "GET", "/secrets/sterling-password/", token(ctx, signing_key))
    assert response.status == 401
    assert "expired" in str(error(response)["message"])


def test_rbac_user_reads_officer_writes_others_are_forbidden(ctx: SandboxContext, signing_key: SigningKey) -> None:
    app = create_keyvault(ctx)
    other = token(ctx, signing_key, client_id="other-app")
    denied = call(app, "GET", "/secrets/sterling-password/", other)
    assert denied.status == 403
    assert error(denied)["code"] == "Forbidden"
    assert error(denied)["innererror"] == {"code": "ForbiddenByRbac"}
    app.assign_role("other-app", SecretRole.USER)
    assert call(app, "GET", "/secrets/sterling-password/", other).status == 200
    assert call(app, "PUT", "/secrets/sterling-password", other, {"value": "x"}).status == 403
    app.assign_role("other-app", SecretRole.OFFICER)
    assert call(app, "PUT", "/secrets/sterling-password", other, {"value": "x"}).status == 200
    app.assign_role("other-app", None)
    assert call(app, "GET", "/secrets/sterling-password/", other).status == 403


@pytest.mark.parametrize(
    ("method", "path", "body", "query"),
    [
        ("GET", "/secrets/sterling-password/", None, ""),
        ("PUT", "/secrets/sterling-password", {"novalue": 1}, API),
        ("PUT", "/secrets/bad_name", {"value": "x"}, API),
        ("PUT", "/secrets/sterling-password", {"value": "x", "tags": {"n": 1}}, API),
    ],
)
def test_bad_requests_are_bad_parameter(
    ctx: SandboxContext, signing_key: SigningKey, method: str, path: str, body: object, query: str
) -> None:
    response = call(create_keyvault(ctx), method, path, token(ctx, signing_key), body, query)
    assert response.status == 400
    assert error(response)["code"] == "BadParameter"


def test_disabled_latest_version_is_forbidden(ctx: SandboxContext, signing_key: SigningKey) -> None:
    app = create_keyvault(ctx)
    bearer = token(ctx, signing_key)
    call(app, "PUT", "/secrets/sterling-password", bearer, {"value": "off", "attributes": {"enabled": False}})
    response = call(app, "GET", "/secrets/sterling-password/", bearer)
    assert response.status == 403
    assert error(response)["innererror"] == {"code": "SecretDisabled"}


def test_secret_values_stay_out_of_repr(ctx: SandboxContext) -> None:
    app = create_keyvault(ctx)
    version = app.store.get("sterling-password")
    assert version is not None
    assert ctx.sterling_password not in repr(version)
