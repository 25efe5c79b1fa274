"""The Entra ID emulator: OpenID discovery, JWKS, instance discovery and the v2.0 client-credentials token endpoint.

What azure-identity's ``ClientSecretCredential`` (through MSAL, with ``disable_instance_discovery=True``) calls
is in azure.md §6.3: the tenant's OpenID configuration, then a form POST to its ``token_endpoint``.  The checks
run in the order Entra applies them, so each misconfiguration gets the AADSTS code an operator would see in
production (dynamics.md §2.2).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from urllib.parse import parse_qsl

from sandbox.context import SandboxContext
from sandbox.entra import errors
from sandbox.entra.tokens import KEYVAULT_RESOURCE, TokenSubject, issue_token, issuer_for
from sandbox.jwt import SigningKey
from sandbox.web import JsonValue, Request, Response, Router

__all__ = ["DEFAULT_TOKEN_LIFETIME_SECONDS", "EntraApp", "RegisteredClient", "create_entra"]

# Entra's app-only tokens live 60-90 minutes; 3599 is the typical expires_in (dynamics.md §2.2).
DEFAULT_TOKEN_LIFETIME_SECONDS = 3599
_DEFAULT_SUFFIX = "/.default"
_TENANT = r"(?P<tenant>[^/]+)"


@dataclass(frozen=True)
class RegisteredClient:
    """An app registration with a client secret and its service principal in the tenant."""

    client_id: str
    client_secret: str
    object_id: str

    def __repr__(self) -> str:
        return f"RegisteredClient(client_id={self.client_id!r}, object_id={self.object_id!r})"


def _resource_key(resource: str) -> str:
    # Entra finds a resource by its app ID URI regardless of case and a trailing slash; the token's aud keeps the
    # caller's spelling, which is how a trailing slash in the configured URL reaches F&O (and fails there).
    return resource.rstrip("/").lower()


class EntraApp:
    """One tenant with registered confidential clients and the resources they may request tokens for."""

    def __init__(self, ctx: SandboxContext, key: SigningKey, token_lifetime_seconds: int) -> None:
        self._ctx = ctx
        self._key = key
        self.token_lifetime_seconds = token_lifetime_seconds
        self._clients: dict[str, RegisteredClient] = {}
        self._resources = {_resource_key(ctx.dynamics_url), _resource_key(KEYVAULT_RESOURCE)}
        self.register_client(ctx.client_id, ctx.client_secret, str(uuid.uuid5(uuid.NAMESPACE_URL, ctx.client_id)))
        self._router = Router(self._not_found)
        self._router.add("GET", rf"/{_TENANT}/v2\.0/\.well-known/openid-configuration", self._openid_configuration)
        self._router.add("GET", rf"/{_TENANT}/discovery/v2\.0/keys", self._keys)
        self._router.add("POST", rf"/{_TENANT}/oauth2/v2\.0/token", self._token)
        self._router.add("GET", r"/common/discovery/instance", self._instance_discovery)

    @property
    def issuer(self) -> str:
        return issuer_for(self._ctx.entra_url, self._ctx.tenant_id)

    def register_client(self, client_id: str, client_secret: str, object_id: str | None = None) -> RegisteredClient:
        """Add an app registration (e.g. a second app that has no rights on a resource)."""
        client = RegisteredClient(client_id, client_secret, object_id or str(uuid.uuid5(uuid.NAMESPACE_URL, client_id)))
        self._clients[client_id] = client
        return client

    def rotate_secret(self, client_id: str, new_secret: str) -> None:
        """Replace a client's secret: the old one now fails with AADSTS7000215."""
        old = self._clients[client_id]
        self._clients[client_id] = RegisteredClient(client_id, new_secret, old.object_id)

    def client(self, client_id: str) -> RegisteredClient:
        return self._clients[client_id]

    def handle(self, request: Request) -> Response:
        return self._router.dispatch(request)

    def _not_found(self, status: int, message: str) -> Response:
        return Response.json({"error": "not_found", "error_description": message}, status)

    def _fail(self, request: Request, error: errors.EntraError) -> Response:
        correlation = request.headers.get("client-request-id")
        return error.response(self._ctx.entra_url, correlation)

    def _openid_configuration(self, request: Request, params: dict[str, str]) -> Response:
        tenant = params["tenant"]
        if tenant != self._ctx.tenant_id:
            return self._fail(request, errors.tenant_not_found(tenant))
        base = f"{self._ctx.entra_url}/{tenant}"
        document: JsonValue = {
            "issuer": self.issuer,
            "token_endpoint": f"{base}/oauth2/v2.0/token",
            "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
            "device_authorization_endpoint": f"{base}/oauth2/v2.0/devicecode",
            "jwks_uri": f"{base}/discovery/v2.0/keys",
            "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
            "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "profile", "email", "offline_access"],
            "tenant_region_scope": "NA",
            "cloud_instance_name": "microsoftonline.com",
        }
        return Response.json(document)

    def _keys(self, request: Request, params: dict[str, str]) -> Response:
        if params["tenant"] != self._ctx.tenant_id:
            return self._fail(request, errors.tenant_not_found(params["tenant"]))
        return Response.json({"keys": [dict(self._key.jwk())]})

    def _instance_discovery(self, request: Request, params: dict[str, str]) -> Response:
        # What MSAL asks when instance discovery is on; answering it lets MSAL run without disable_instance_discovery
        # when it is pointed here, although azure.md §6.2 still requires the flag for a non-Microsoft authority.
        host = self._ctx.entra_url.split("://", 1)[1]
        discovery = f"{self._ctx.entra_url}/{self._ctx.tenant_id}/v2.0/.well-known/openid-configuration"
        return Response.json(
            {
                "tenant_discovery_endpoint": discovery,
                "api-version": "1.1",
                "metadata": [{"preferred_network": host, "preferred_cache": host, "aliases": [host]}],
            }
        )

    def _token(self, request: Request, params: dict[str, str]) -> Response:
        tenant = params["tenant"]
        if tenant != self._ctx.tenant_id:
            return self._fail(request, errors.tenant_not_found(tenant))
        form = dict(parse_qsl(request.body.decode("utf-8", errors="replace"), keep_blank_values=True))
        grant_type = form.get("grant_type", "")
        if not grant_type:
            return self._fail(request, errors.missing_parameter("grant_type"))
        if grant_type != "client_credentials":
            return self._fail(request, errors.unsupported_grant(grant_type))
        client_id = form.get("client_id", "")
        if not client_id:
            return self._fail(request, errors.missing_parameter("client_id"))
        client = self._clients.get(client_id)
        if client is None:
            return self._fail(request, errors.application_not_found(client_id, tenant))
        secret = form.get("client_secret", "")
        if not secret:
            return self._fail(request, errors.missing_credential())
        if secret != client.client_secret:
            return self._fail(request, errors.invalid_secret(client_id))
        scope = form.get("scope", "").strip()
        if not scope:
            return self._fail(request, errors.missing_parameter("scope"))
        scopes = scope.split()
        for one in scopes:
            if not one.endswith(_DEFAULT_SUFFIX):
                return self._fail(request, errors.scope_without_default(one))
        resources = {_resource_key(one[: -len(_DEFAULT_SUFFIX)]) for one in scopes}
        if len(resources) > 1:
            # Entra issues a token for one resource at a time (azure.md §6.3).
            return self._fail(request, errors.invalid_scope(scope))
        resource = scopes[0][: -len(_DEFAULT_SUFFIX)]
        if _resource_key(resource) not in self._resources:
            return self._fail(request, errors.resource_not_found(resource, tenant))
        issued = issue_token(
            self._key,
            self.issuer,
            TokenSubject(tenant, client.client_id, client.object_id),
            resource,
            self.token_lifetime_seconds,
        )
        return Response.json(
            {
                "token_type": "Bearer",
                "expires_in": issued.expires_in,
                "ext_expires_in": issued.expires_in,
                "access_token": issued.access_token,
            },
            headers=[("Cache-Control", "no-store, no-cache"), ("Pragma", "no-cache")],
        )


def create_entra(
    ctx: SandboxContext, key: SigningKey, token_lifetime_seconds: int = DEFAULT_TOKEN_LIFETIME_SECONDS
) -> EntraApp:
    return EntraApp(ctx, key, token_lifetime_seconds)
