"""Sterling credentials: HTTP Basic for a dedicated API user, or an OAuth 2.0 bearer token (6.2.2+).

IBM does not document the 6.2.2 identity service's token endpoint (sterling.md §6), so the OAuth mode is a
standard client-credentials request to ``STERLING_TOKEN_URL``; the token is renewed before it expires (the
identity service issues 300-second tokens) and once more after a 401.
"""

from __future__ import annotations

import base64
import threading
import time
from collections.abc import Callable

import requests

from shared.errors import AuthenticationError, RemoteUnavailableError
from shared.redaction import redact, register_secret
from shared.secrets import SecretProvider
from shared.settings import Secret
from shared.sterling.config import SterlingSettings

__all__ = ["BasicCredentials", "OAuthCredentials"]


class BasicCredentials:
    def __init__(self, settings: SterlingSettings, secrets: SecretProvider | None = None) -> None:
        self._settings = settings
        self._secrets = secrets
        self._refresh_secret = False

    def _password(self) -> Secret:
        if self._secrets is not None:
            refresh, self._refresh_secret = self._refresh_secret, False
            return self._secrets.get(self._settings.password_name, refresh=refresh)
        assert self._settings.password is not None
        return self._settings.password

    def authorization(self) -> str:
        raw = f"{self._settings.user}:{self._password().reveal()}".encode()
        header = base64.b64encode(raw).decode("ascii")
        register_secret(header)
        return f"Basic {header}"

    def refresh(self) -> None:
        # The password may have been rotated since it was cached.
        self._refresh_secret = True


class OAuthCredentials:
    def __init__(
        self,
        settings: SterlingSettings,
        secrets: SecretProvider | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._settings = settings
        self._secrets = secrets
        self._clock = clock
        self._lock = threading.Lock()
        self._token: str | None = None
        self._renew_at = 0.0
        self._refresh_secret = False
        self._session = requests.Session()
        self._session.trust_env = False
        self._session.verify = settings.ca_bundle or True

    def _client_secret(self) -> Secret:
        if self._secrets is not None:
            refresh, self._refresh_secret = self._refresh_secret, False
            return self._secrets.get(self._settings.client_secret_name, refresh=refresh)
        assert self._settings.client_secret is not None
        return self._settings.client_secret

    def access_token(self) -> str:
        with self._lock:
            if self._token is None or self._clock() >= self._renew_at:
                self._token, lifetime = self._request_token()
                # Renew with a fifth of the lifetime to spare (at most a minute, at least 1.5 s: `exp` is in whole
                # seconds and clocks drift), so a token never expires in flight.
                self._renew_at = self._clock() + lifetime - min(60.0, max(lifetime / 5, 1.5))
            return self._token

    def _request_token(self) -> tuple[str, float]:
        form = {
            "grant_type": "client_credentials",
            "client_id": self._settings.client_id,
            "client_secret": self._client_secret().reveal(),
        }
        if self._settings.scope:
            form["scope"] = self._settings.scope
        context = {"system": "sterling", "token_url": self._settings.token_url}
        try:
            response = self._session.post(
                self._settings.token_url,
                data=form,
                headers={"Accept": "application/json"},
                timeout=(self._settings.connect_timeout, self._settings.read_timeout),
            )
        except requests.RequestException as exc:
            raise RemoteUnavailableError(
                "Sterling's token endpoint could not be reached",
                context={**context, "reason": redact(type(exc).__name__)},
                hint="check STERLING_TOKEN_URL and the network path to it",
            ) from None
        if response.status_code in (400, 401, 403):
            self._refresh_secret = True
            raise AuthenticationError(
                f"Sterling's token endpoint refused the client ({response.status_code}): "
                + redact(response.text[:300]),
                context=context,
                hint="check STERLING_CLIENT_ID and the client secret (STERLING_CLIENT_SECRET / sterling-client-secret)",
            )
        if response.status_code != 200:
            raise RemoteUnavailableError(f"Sterling's token endpoint answered {response.status_code}", context=context)
        try:
            body = response.json()
            token = body["access_token"]
            lifetime = float(body.get("expires_in", 300))
        except (ValueError, KeyError, TypeError):
            raise AuthenticationError(
                "Sterling's token endpoint answered without an access token", context=context
            ) from None
        if not isinstance(token, str) or not token:
            raise AuthenticationError("Sterling's token endpoint answered an empty access token", context=context)
        register_secret(token)
        return token, max(lifetime, 1.0)

    def authorization(self) -> str:
        return f"Bearer {self.access_token()}"

    def refresh(self) -> None:
        with self._lock:
            self._token = None
