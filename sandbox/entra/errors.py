"""Entra ID's OAuth error responses, in the shape the real token endpoint answers (dynamics.md §2.2).

MSAL and azure-identity show ``error_description`` to the operator, so it starts with the AADSTS code the way
Microsoft's does, and ends with the trace/correlation ids and timestamp lines.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from sandbox.web import Response

__all__ = [
    "EntraError",
    "application_not_found",
    "invalid_scope",
    "invalid_secret",
    "missing_credential",
    "missing_parameter",
    "resource_not_found",
    "scope_without_default",
    "tenant_not_found",
    "unsupported_grant",
]


@dataclass(frozen=True)
class EntraError:
    """One AADSTS failure: HTTP status, OAuth ``error``, numeric code and message (without the prefix)."""

    status: int
    error: str
    code: int
    message: str

    def response(self, error_base_url: str, correlation_id: str | None = None) -> Response:
        trace_id = str(uuid.uuid4())
        # Entra echoes the client's client-request-id as the correlation id; MSAL sends one on every call.
        correlation = correlation_id or str(uuid.uuid4())
        timestamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M:%SZ")
        description = (
            f"AADSTS{self.code}: {self.message} Trace ID: {trace_id} Correlation ID: {correlation} "
            f"Timestamp: {timestamp}"
        )
        return Response.json(
            {
                "error": self.error,
                "error_description": description,
                "error_codes": [self.code],
                "timestamp": timestamp,
                "trace_id": trace_id,
                "correlation_id": correlation,
                "error_uri": f"{error_base_url}/error?code={self.code}",
            },
            self.status,
            [("Cache-Control", "no-store, no-cache"), ("Pragma", "no-cache")],
        )


def tenant_not_found(tenant: str) -> EntraError:
    return EntraError(
        400,
        "invalid_tenant",
        90002,
        f"Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the "
        "correct cloud. Check with your subscription administrator, this may happen if there are no active "
        "subscriptions for the tenant.",
    )


def missing_parameter(name: str) -> EntraError:
    return EntraError(
        400, "invalid_request", 900144, f"The request body must contain the following parameter: '{name}'."
    )


def unsupported_grant(grant_type: str) -> EntraError:
    return EntraError(
        400, "unsupported_grant_type", 70003, f"The app requested an unsupported grant type '{grant_type}'."
    )


def application_not_found(client_id: str, tenant: str) -> EntraError:
    return EntraError(
        400,
        "unauthorized_client",
        700016,
        f"Application with identifier '{client_id}' was not found in the directory '{tenant}'. This can happen if "
        "the application has not been installed by the administrator of the tenant or consented to by any user in "
        "the tenant. You may have sent your authentication request to the wrong tenant.",
    )


def missing_credential() -> EntraError:
    return EntraError(
        401,
        "invalid_client",
        7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    )


def invalid_secret(client_id: str) -> EntraError:
    return EntraError(
        401,
        "invalid_client",
        7000215,
        "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, "
        f"not the client secret ID, for a secret added to app '{client_id}'.",
    )


def scope_without_default(scope: str) -> EntraError:
    return EntraError(
        400,
        "invalid_scope",
        1002012,
        f"The provided value for scope {scope} is not valid. Client credential flows must have a scope value with "
        "/.default suffixed to the resource identifier (application ID URI).",
    )


def invalid_scope(scope: str) -> EntraError:
    return EntraError(
        400,
        "invalid_scope",
        70011,
        f"The provided value for the input parameter 'scope' is not valid. The scope {scope} is not valid.",
    )


def resource_not_found(resource: str, tenant: str) -> EntraError:
    return EntraError(
        400,
        "invalid_resource",
        500011,
        f"The resource principal named {resource} was not found in the tenant named {tenant}. This can happen if "
        "the application has not been installed by the administrator of the tenant or consented to by any user in "
        "the tenant. You might have sent your authentication request to the wrong tenant.",
    )
