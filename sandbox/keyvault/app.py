"""The Key Vault emulator: the secrets data plane the connector reads (and a rotation job writes).

It answers what azure.md §5.3 recorded from the real service for ``SecretClient`` 4.12: the 401 challenge on a
request without a token, the secret bundle, and the error bodies.  Tokens are checked as a resource does
(signature against the sandbox's Entra keys, issuer, tenant, audience ``https://vault.azure.net``, lifetime),
then the caller's role assignment (RBAC: Secrets User reads, Secrets Officer also writes, azure.md §5.1).
"""

from __future__ import annotations

import uuid
from enum import StrEnum

from sandbox.context import SandboxContext
from sandbox.entra.tokens import KEYVAULT_RESOURCE, InvalidAudience, issuer_for, verify_access_token
from sandbox.jwt import Claims, InvalidToken
from sandbox.keyvault.store import SECRET_NAME, SecretStore, SecretVersion
from sandbox.web import JsonValue, Request, Response, Router

__all__ = ["KeyVaultApp", "SecretRole", "create_keyvault"]

_NAME = r"(?P<name>[^/]+)"
_NOT_FOUND_HELP = (
    "If you recently deleted this secret you may be able to recover it using the correct recovery command. "
    "For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182"
)


class SecretRole(StrEnum):
    USER = "Key Vault Secrets User"  # read secret contents
    OFFICER = "Key Vault Secrets Officer"  # read and write


def _error(
    status: int, code: str, message: str, inner: str | None = None, headers: list[tuple[str, str]] | None = None
) -> Response:
    error: dict[str, JsonValue] = {"code": code, "message": message}
    if inner is not None:
        error["innererror"] = {"code": inner}
    return Response.json({"error": error}, status, headers or [])


class KeyVaultApp:
    def __init__(self, ctx: SandboxContext) -> None:
        self._ctx = ctx
        self.store = SecretStore(ctx.seed)
        self.store.set("dynamics-client-secret", ctx.client_secret)
        self.store.set("sterling-password", ctx.sterling_password)
        # The sandbox's one app may also rotate secrets, so it holds Officer; production grants the app User only.
        self._roles: dict[str, SecretRole] = {ctx.client_id: SecretRole.OFFICER}
        self._issuer = issuer_for(ctx.entra_url, ctx.tenant_id)
        self._router = Router(self._route_error)
        self._router.add("GET", rf"/secrets/{_NAME}/?", self._get)
        self._router.add("GET", rf"/secrets/{_NAME}/(?P<version>[^/]+)", self._get)
        self._router.add("PUT", rf"/secrets/{_NAME}/?", self._put)

    def assign_role(self, client_id: str, role: SecretRole | None) -> None:
        """Grant an app a role on the vault, or (``None``) remove its assignment."""
        if role is None:
            self._roles.pop(client_id, None)
        else:
            self._roles[client_id] = role

    def handle(self, request: Request) -> Response:
        claims_or_refusal = self._authenticate(request)
        if isinstance(claims_or_refusal, Response):
            return claims_or_refusal
        if request.query_value("api-version") is None:
            return _error(400, "BadParameter", "The api-version query parameter is required.")
        response = self._authorize(request, claims_or_refusal)
        if response is not None:
            return response
        response = self._router.dispatch(request)
        response.headers.append(("x-ms-request-id", str(uuid.uuid4())))
        return response

    def _challenge(self, message: str) -> Response:
        # Only the tenant (last path segment of authorization) is taken from the challenge by the SDK; the
        # credential keeps its own authority host (azure.md §5.3).
        header = f'Bearer authorization="{self._ctx.entra_url}/{self._ctx.tenant_id}", resource="{KEYVAULT_RESOURCE}"'
        return _error(401, "Unauthorized", message, headers=[("WWW-Authenticate", header)])

    def _authenticate(self, request: Request) -> Claims | Response:
        authorization = request.headers.get("Authorization", "")
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return self._challenge("AKV10000: Request is missing a Bearer or PoP token.")
        try:
            claims = verify_access_token(
                token.strip(),
                self._ctx.token_keys,
                issuer=self._issuer,
                tenant_id=self._ctx.tenant_id,
                audience=KEYVAULT_RESOURCE,
            )
        except InvalidAudience:
            return self._challenge(f"AKV10022: Invalid audience. Expected {KEYVAULT_RESOURCE}.")
        except InvalidToken as exc:
            if exc.reason.startswith("invalid issuer"):
                return self._challenge(f"AKV10032: Invalid issuer. Expected {self._issuer}.")
            return self._challenge(f"Access token is not valid: {exc.reason}.")
        if self._ctx.faults("token_expired", request):
            return self._challenge("Access token is not valid: token expired.")
        return claims

    def _authorize(self, request: Request, claims: Claims) -> Response | None:
        caller = str(claims.get("appid", ""))
        role = self._roles.get(caller)
        writing = request.method in ("PUT", "PATCH", "DELETE", "POST")
        if role is SecretRole.OFFICER or (role is SecretRole.USER and not writing):
            return None
        action = "setSecret" if writing else "getSecret"
        return _error(
            403,
            "Forbidden",
            "Caller is not authorized to perform action on resource. If role assignments, deny assignments or role "
            f"definitions were changed recently, please observe propagation time. Caller: appid={caller};"
            f"oid={claims.get('oid', '')} Action: 'Microsoft.KeyVault/vaults/secrets/{action}/action' "
            f"Assignment: (not found) Vault: {self._ctx.keyvault_url}",
            inner="ForbiddenByRbac",
        )

    def _route_error(self, status: int, message: str) -> Response:
        return _error(status, "BadParameter" if status == 405 else "NotFound", message)

    def _bundle(self, secret: SecretVersion) -> Response:
        body: dict[str, JsonValue] = {
            "value": secret.value,
            "id": f"{self._ctx.keyvault_url}/secrets/{secret.name}/{secret.version}",
            "attributes": {
                "enabled": secret.enabled,
                "created": secret.created,
                "updated": secret.created,
                "recoveryLevel": "Recoverable+Purgeable",
                "recoverableDays": 90,
            },
        }
        if secret.content_type is not None:
            body["contentType"] = secret.content_type
        if secret.tags:
            body["tags"] = dict(secret.tags)
        return Response.json(body)

    def _get(self, request: Request, params: dict[str, str]) -> Response:
        name = params["name"]
        version = params.get("version")
        secret = self.store.get(name, version)
        if secret is None:
            shown = name if version is None else f"{name}/{version}"
            return _error(
                404,
                "SecretNotFound",
                f"A secret with (name/id) {shown} was not found in this key vault. {_NOT_FOUND_HELP}",
            )
        if not secret.enabled:
            return _error(
                403, "Forbidden", "Operation get is not allowed on a disabled secret.", inner="SecretDisabled"
            )
        return self._bundle(secret)

    def _put(self, request: Request, params: dict[str, str]) -> Response:
        name = params["name"]
        if not SECRET_NAME.match(name):
            return _error(
                400, "BadParameter", f"The secret name {name!r} is invalid: use 1-127 letters, digits or dashes."
            )
        try:
            body = request.json()
        except ValueError:
            body = None
        if not isinstance(body, dict) or not isinstance(body.get("value"), str):
            return _error(400, "BadParameter", "The request body must be a JSON object with a string 'value'.")
        content_type = body.get("contentType")
        tags = body.get("tags") or {}
        attributes = body.get("attributes") or {}
        if content_type is not None and not isinstance(content_type, str):
            return _error(400, "BadParameter", "'contentType' must be a string.")
        if not isinstance(tags, dict) or not all(isinstance(v, str) for v in tags.values()):
            return _error(400, "BadParameter", "'tags' must be an object of strings.")
        if not isinstance(attributes, dict):
            return _error(400, "BadParameter", "'attributes' must be an object.")
        enabled = attributes.get("enabled", True)
        value = body["value"]
        assert isinstance(value, str)
        secret = self.store.set(
            name,
            value,
            content_type=content_type,
            tags={k: v for k, v in tags.items() if isinstance(v, str)},
            enabled=enabled is not False,
        )
        return self._bundle(secret)


def create_keyvault(ctx: SandboxContext) -> KeyVaultApp:
    return KeyVaultApp(ctx)
