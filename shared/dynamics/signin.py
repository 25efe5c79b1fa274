"""Entra ID (AADSTS) sign-in failures explained in plain words, and the Dynamics token provider.

One ``ClientSecretCredential`` per process (MSAL caches tokens per credential instance and renews them before
they expire).  It is rebuilt only when the secret changes (a rotation seen through the secret provider) or
after Dynamics rejected a token (a 401): the rebuilt credential re-reads the secret bypassing the cache.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from shared.dynamics.config import DynamicsSettings
from shared.errors import AuthenticationError, ConfigurationError, RemoteUnavailableError
from shared.redaction import redact
from shared.secrets import SecretProvider
from shared.settings import Secret

if TYPE_CHECKING:
    from azure.identity import ClientSecretCredential

__all__ = ["DynamicsCredentials", "SignInProblem", "explain_sign_in_failure"]


@dataclass(frozen=True)
class SignInProblem:
    code: str  # AADSTS code, e.g. "AADSTS7000215"; "" when the text carried none
    cause: str  # what is wrong, in plain words
    fix: str  # what the operator does


# Codes from dynamics.md §2.2 (and §2.5 for 401s).
_EXPLANATIONS: Mapping[str, tuple[str, str]] = {
    "7000215": (
        "wrong client secret: Entra ID does not recognise the secret for this app registration",
        "copy the secret's *value* (not its id) from the app registration into DYNAMICS_CLIENT_SECRET "
        "(Key Vault secret dynamics-client-secret)",
    ),
    "7000222": (
        "the client secret has expired",
        "create a new secret in the app registration and store it as DYNAMICS_CLIENT_SECRET / dynamics-client-secret",
    ),
    "700016": (
        "the app (client) id is not known in this tenant: wrong DYNAMICS_CLIENT_ID or wrong DYNAMICS_TENANT_ID",
        "check DYNAMICS_CLIENT_ID and DYNAMICS_TENANT_ID against the app registration's overview page",
    ),
    "90002": ("the tenant does not exist", "check DYNAMICS_TENANT_ID (the directory id of your organisation)"),
    "500011": (
        "wrong scope: no Dynamics environment with that URL exists in the tenant",
        "check DYNAMICS_ENV_URL: it must be the environment's exact base URL, e.g. https://contoso.operations.dynamics.com",
    ),
    "70011": (
        "wrong scope: the requested scope is not valid",
        "check DYNAMICS_ENV_URL: the scope is <environment URL>/.default",
    ),
    "1002012": (
        "wrong scope: the requested scope is not valid",
        "check DYNAMICS_ENV_URL: the scope is <environment URL>/.default",
    ),
    "65001": (
        "consent is missing for the app, or the audience is mis-spelled",
        "check DYNAMICS_ENV_URL (lowercase, no trailing slash) and grant admin consent",
    ),
    "900144": ("the token request was incomplete", "report this: the connector sent a malformed token request"),
    "7000218": (
        "the request carried no client secret",
        "set DYNAMICS_CLIENT_SECRET or the Key Vault secret dynamics-client-secret",
    ),
}

_CODE = re.compile(r"AADSTS(\d+)")


def explain_sign_in_failure(text: str) -> SignInProblem:
    """Plain words for an Entra ID error text (azure-identity's ClientAuthenticationError message)."""
    match = _CODE.search(text)
    if match is None:
        return SignInProblem(
            "",
            "Entra ID refused the sign-in: " + _first_sentence(text),
            "check DYNAMICS_TENANT_ID, DYNAMICS_CLIENT_ID and the client secret",
        )
    code = match.group(1)
    cause, fix = _EXPLANATIONS.get(
        code,
        (
            "Entra ID refused the sign-in: " + _first_sentence(text),
            "look the code up at https://login.microsoftonline.com/error",
        ),
    )
    return SignInProblem(f"AADSTS{code}", cause, fix)


def _first_sentence(text: str) -> str:
    line = redact(text.strip().splitlines()[0] if text.strip() else "no reason given")
    return line[:300]


class DynamicsCredentials:
    """Bearer tokens for one Dynamics environment (implements ``shared.http.transport.Credentials``)."""

    def __init__(self, settings: DynamicsSettings, secrets: SecretProvider | None = None) -> None:
        if settings.client_secret is None and secrets is None:
            raise ConfigurationError(
                "no Dynamics client secret: neither DYNAMICS_CLIENT_SECRET nor a secret provider is configured",
                hint="set DYNAMICS_CLIENT_SECRET, or KEY_VAULT_URI with the secret dynamics-client-secret",
            )
        self._settings = settings
        self._secrets = secrets
        self._lock = threading.Lock()
        self._credential: ClientSecretCredential | None = None
        self._credential_secret: Secret | None = None
        self._force_secret_refresh = False

    def _current_secret(self) -> Secret:
        if self._secrets is not None:
            refresh, self._force_secret_refresh = self._force_secret_refresh, False
            return self._secrets.get(self._settings.secret_name, refresh=refresh)
        assert self._settings.client_secret is not None
        return self._settings.client_secret

    def _credential_for(self, secret: Secret) -> ClientSecretCredential:
        from azure.identity import ClientSecretCredential

        if self._credential is None or self._credential_secret != secret:
            sandbox = self._settings.allow_sandbox_host
            self._credential = ClientSecretCredential(
                self._settings.tenant_id,
                self._settings.client_id,
                secret.reveal(),
                authority=self._settings.authority_host,
                # Instance discovery calls login.microsoftonline.com; the sandbox's authority is not known there.
                disable_instance_discovery=sandbox,
                connection_verify=self._settings.ca_bundle or True,
            )
            self._credential_secret = secret
        return self._credential

    def access_token(self) -> str:
        from azure.core.exceptions import ClientAuthenticationError, ServiceRequestError

        with self._lock:
            secret = self._current_secret()
            credential = self._credential_for(secret)
        try:
            try:
                return credential.get_token(self._settings.scope).token
            except ClientAuthenticationError:
                # Entra refused the secret: it may have been rotated since it was cached.  Read it afresh and,
                # when it changed, sign in once more with the new one (a rotation needs no restart).
                if self._secrets is None:
                    raise
                with self._lock:
                    fresh = self._secrets.get(self._settings.secret_name, refresh=True)
                    if fresh == secret:
                        raise
                    credential = self._credential_for(fresh)
                return credential.get_token(self._settings.scope).token
        except ClientAuthenticationError as exc:
            text = exc.message or str(exc)
            with self._lock:
                self._credential = None
            if not _CODE.search(text):
                # No AADSTS code: Entra never judged the credentials (HTTP 5xx / 429, or the connection broke
                # after azure-identity's own retries), so this is transient, not a configuration problem.
                raise RemoteUnavailableError(
                    "the Entra ID sign-in endpoint failed: " + _first_sentence(text),
                    context={"system": "entra", "authority": self._settings.authority_host},
                    hint="Entra ID or the network path to it is failing; the work is retried later",
                ) from None
            problem = explain_sign_in_failure(text)
            raise AuthenticationError(
                f"Dynamics sign-in failed: {problem.cause}",
                context={"system": "dynamics", "tenant": self._settings.tenant_id, "code": problem.code or "none"},
                hint=problem.fix,
            ) from None
        except ServiceRequestError as exc:
            raise RemoteUnavailableError(
                "the Entra ID sign-in endpoint could not be reached",
                context={
                    "system": "entra",
                    "authority": self._settings.authority_host,
                    "reason": _first_sentence(str(exc)),
                },
                hint="check DYNAMICS_AUTHORITY_HOST and the network path to it",
            ) from None

    # shared.http.transport.Credentials
    def authorization(self) -> str:
        return f"Bearer {self.access_token()}"

    def refresh(self) -> None:
        """Dynamics rejected the token: next call signs in afresh (new credential, secret re-read)."""
        with self._lock:
            self._credential = None
            self._force_secret_refresh = True
