"""One pooled HTTPS session per remote system, sending through the retry policy.

The transport knows nothing about OData or Sterling: it sends, applies :mod:`shared.http.retry`, refreshes
credentials once on a 401, and returns the final response.  Each client turns non-success responses into the
project's errors with its own system's error format.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

import requests
from requests.adapters import HTTPAdapter

from shared.errors import RemoteUnavailableError
from shared.http.retry import Action, NetworkFailure, Outcome, RetryPolicy, parse_retry_after
from shared.redaction import redact

__all__ = ["Credentials", "HttpTransport", "NoCredentials", "Timeouts", "classify_network_failure"]

log = logging.getLogger(__name__)


class Credentials(Protocol):
    """Where the ``Authorization`` header comes from."""

    def authorization(self) -> str:
        """The header value for the next request (cached; renewed before it expires)."""
        ...

    def refresh(self) -> None:
        """Discard what is cached: the server rejected it (a 401)."""
        ...


class NoCredentials:
    def authorization(self) -> str:
        return ""

    def refresh(self) -> None:
        return None


@dataclass(frozen=True)
class Timeouts:
    connect: float = 10.0
    read: float = 60.0


@dataclass
class HttpTransport:
    """Sends requests for one system (``system`` names it in errors and logs)."""

    system: str
    credentials: Credentials
    timeouts: Timeouts = field(default_factory=Timeouts)
    # True, or a CA bundle path (a private CA, or the sandbox's).
    verify: bool | str = True
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    pool_size: int = 10
    default_headers: Mapping[str, str] = field(default_factory=dict)
    sleep: Callable[[float], None] = time.sleep
    rng: Callable[[], float] = random.random
    session: requests.Session = field(init=False)

    def __post_init__(self) -> None:
        session = requests.Session()
        # Settings decide the CA bundle and proxies; REQUESTS_CA_BUNDLE in the environment would otherwise
        # override the verify argument (azure.md §6.4) and make behaviour depend on the machine.
        session.trust_env = False
        session.verify = self.verify
        adapter = HTTPAdapter(pool_connections=self.pool_size, pool_maxsize=self.pool_size, max_retries=0)
        session.mount("https://", adapter)
        session.mount("http://", adapter)
        session.headers.update(self.default_headers)
        self.session = session

    def close(self) -> None:
        self.session.close()

    def send(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        json_body: object | None = None,
        data: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        context: Mapping[str, str] | None = None,
    ) -> requests.Response:
        """Send with retries; the final response whatever its status, or RemoteUnavailableError."""
        attempt = 0
        auth_refreshed = False
        while True:
            attempt += 1
            request_headers = dict(headers or {})
            authorization = self.credentials.authorization()
            if authorization:
                request_headers["Authorization"] = authorization
            try:
                response = self.session.request(
                    method,
                    url,
                    params=params,
                    json=json_body,
                    data=data,
                    headers=request_headers,
                    timeout=(self.timeouts.connect, self.timeouts.read),
                    allow_redirects=False,
                )
            except requests.RequestException as exc:
                failure = classify_network_failure(exc)
                decision = self.policy.decide(
                    method, Outcome.network(failure), attempt, auth_refreshed=auth_refreshed, rng=self.rng
                )
                log.info(
                    "%s %s %s: network failure (%s), attempt %d: %s",
                    self.system,
                    method,
                    redact(url),
                    failure,
                    attempt,
                    decision.action,
                )
                if decision.action is Action.RETRY:
                    self.sleep(decision.delay)
                    continue
                raise RemoteUnavailableError(
                    f"{self.system} could not be reached: {redact(_describe_network_error(exc))}",
                    context={"system": self.system, "method": method, "url": redact(url), **(context or {})},
                    hint=(
                        "the request may or may not have been processed; the caller re-checks before writing again"
                        if failure is NetworkFailure.INTERRUPTED and method.upper() != "GET"
                        else f"check the network path to {self.system}; the work is retried later"
                    ),
                ) from None

            outcome = Outcome.http(response.status_code, parse_retry_after(response.headers.get("Retry-After")))
            decision = self.policy.decide(method, outcome, attempt, auth_refreshed=auth_refreshed, rng=self.rng)
            if decision.action is Action.RETURN:
                return response
            log.info(
                "%s %s %s: HTTP %d, attempt %d: %s after %.2fs (%s)",
                self.system,
                method,
                redact(url),
                response.status_code,
                attempt,
                decision.action,
                decision.delay,
                decision.reason,
            )
            response.close()
            if decision.action is Action.REFRESH_AUTH:
                auth_refreshed = True
                self.credentials.refresh()
                continue
            self.sleep(decision.delay)


def classify_network_failure(exc: requests.RequestException) -> NetworkFailure:
    """Whether a failed request could have reached the server."""
    if isinstance(exc, requests.ConnectTimeout):
        return NetworkFailure.NOT_CONNECTED
    if isinstance(exc, requests.exceptions.SSLError):
        # The TLS handshake precedes any request bytes.
        return NetworkFailure.NOT_CONNECTED
    if isinstance(exc, requests.ConnectionError):
        text = repr(exc)
        if any(
            marker in text
            for marker in ("NewConnectionError", "NameResolutionError", "Connection refused", "Failed to resolve")
        ):
            return NetworkFailure.NOT_CONNECTED
    return NetworkFailure.INTERRUPTED


def _describe_network_error(exc: requests.RequestException) -> str:
    if isinstance(exc, requests.ConnectTimeout):
        return "connection timed out"
    if isinstance(exc, requests.ReadTimeout):
        return "no answer within the read timeout"
    if isinstance(exc, requests.exceptions.SSLError):
        return "TLS handshake failed (certificate not trusted or not valid for the host)"
    text = str(exc)
    if "Connection refused" in text:
        return "connection refused (nothing listens on that host and port)"
    if "NameResolutionError" in text or "Failed to resolve" in text:
        return "host name does not resolve"
    if "RemoteDisconnected" in text or "Connection aborted" in text or "reset" in text.lower():
        return "the connection was closed before an answer arrived"
    return type(exc).__name__
