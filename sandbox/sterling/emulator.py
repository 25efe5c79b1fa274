"""The IBM Sterling B2B Integrator emulator: ``/B2BAPIs/svc/`` plus the sandbox control API.

``create_sterling(ctx)`` builds it with the seed mailboxes, users and partner fixtures; the launcher serves it
(faults such as 429, 500, resets and lost responses are applied by a wrapper around it).
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import unquote

from sandbox.context import SandboxContext
from sandbox.jwt import InvalidToken
from sandbox.seed.catalog import catalog
from sandbox.seed.partners import PARTNERS
from sandbox.sterling import documents, fixtures, mailboxes, messages
from sandbox.sterling.api import API_BASE, Behaviour, Call, Handler, Services
from sandbox.sterling.auth import (
    API_USER_PERMISSION,
    TOKEN_PATH,
    AuthMode,
    SterlingUser,
    TokenService,
    UserStore,
    basic_credentials,
    bearer_rejected,
)
from sandbox.sterling.control import CONTROL_BASE, ControlApi
from sandbox.sterling.partner_sim import PartnerSimulator
from sandbox.sterling.store import Clock, SterlingStore
from sandbox.sterling.wire import ApiCode, ApiError, error_response, liberty_forbidden, liberty_unauthorized
from sandbox.web import Request, Response

__all__ = ["ADMIN_USER", "LIMITED_USER", "LIMITED_USER_LACKS", "SterlingEmulator", "create_sterling"]

ADMIN_USER = "admin"
# A connector-like account missing one partner's mailbox permissions, for the connector's ping tests.
LIMITED_USER = "apiuser_limited"
LIMITED_USER_LACKS = "NORTHCO"


@dataclass(frozen=True)
class _Route:
    method: str
    pattern: re.Pattern[str]
    resource: str
    handler: Handler


def _routes() -> list[_Route]:
    item = r"(?P<id>[^/]+)"
    table: list[tuple[str, str, Handler]] = [
        ("POST", r"documents/?", documents.create),
        ("GET", r"documents/?", documents.read_list),
        ("GET", rf"documents/{item}/?", documents.read_one),
        ("DELETE", rf"documents/{item}/?", documents.delete),
        ("POST", rf"documents/{item}/actions/(?i:getpayload)/?", documents.get_payload),
        ("POST", rf"documents/{item}/actions/(?i:appendtodocument)/?", documents.append),
        ("POST", r"mailboxes/?", mailboxes.create),
        ("GET", r"mailboxes/?", mailboxes.read_list),
        ("GET", rf"mailboxes/{item}/?", mailboxes.read_one),
        ("PUT", rf"mailboxes/{item}/?", mailboxes.update),
        ("DELETE", rf"mailboxes/{item}/?", mailboxes.delete),
        ("GET", r"mailboxcontents/?", mailboxes.contents),
        ("POST", r"mailboxmessages/?", messages.create),
        ("GET", r"mailboxmessages/?", messages.read_list),
        ("GET", rf"mailboxmessages/{item}/?", messages.read_one),
        ("PUT", rf"mailboxmessages/{item}/?", messages.update),
        ("DELETE", rf"mailboxmessages/{item}/?", messages.delete),
        ("POST", rf"mailboxmessages/{item}/actions/(?i:extractmailboxmessage)/?", messages.extract),
        ("POST", rf"mailboxmessages/{item}/actions/(?i:movemailboxmessage)/?", messages.move),
        ("GET", r"tradingpartners/?", fixtures.tradingpartners),
        ("GET", rf"tradingpartners/{item}/?", fixtures.tradingpartner_one),
        ("GET", r"codelists/?", fixtures.codelists),
        ("GET", rf"codelists/{item}/?", fixtures.codelist_one),
    ]
    return [
        _Route(method, re.compile(f"^{API_BASE}/{pattern}$"), pattern.split("/")[0], handler)
        for method, pattern, handler in table
    ]


class SterlingEmulator:
    """An ``App`` answering like B2Bi's Liberty API server, with the partner simulator attached."""

    def __init__(
        self,
        *,
        issuer_url: str,
        clock: Clock | None = None,
        behaviour: Behaviour | None = None,
        auth_mode: AuthMode = AuthMode.BASIC,
        seed: int = 0,
        scale: int = 1,
        token_lifetime: int = 300,
    ) -> None:
        self._clock: Clock = clock or (lambda: datetime.now(UTC))
        self.services = Services(SterlingStore(self._clock), UserStore(), behaviour or Behaviour())
        self.auth_mode = auth_mode
        self.tokens = TokenService(
            f"{issuer_url}/realms/b2bi",
            lambda: self._clock().timestamp(),
            token_lifetime,
        )
        self.simulator = PartnerSimulator(self.services.store, catalog(scale), seed)
        self._routes = _routes()
        self._calls: Counter[tuple[str, str]] = Counter()
        self._calls_lock = threading.Lock()
        self.control = ControlApi(
            self.services, self.simulator, self.set_auth_mode, self.call_counts, self.reset_call_counts
        )

    @property
    def store(self) -> SterlingStore:
        return self.services.store

    @property
    def users(self) -> UserStore:
        return self.services.users

    def set_auth_mode(self, mode: AuthMode) -> None:
        self.auth_mode = mode

    def add_user(
        self, user_id: str, password: str, permissions: Iterable[str] = (), *, super_user: bool = False
    ) -> SterlingUser:
        """A B2Bi account; give it ``API_USER_PERMISSION`` to let it use the API at all."""
        user = SterlingUser(user_id, password, frozenset(permissions), super_user)
        self.users.add(user)
        return user

    def grant(self, user_id: str, permission: str) -> SterlingUser:
        return self.users.grant(user_id, permission)

    def revoke(self, user_id: str, permission: str) -> SterlingUser:
        return self.users.revoke(user_id, permission)

    def call_counts(self) -> dict[str, dict[str, int]]:
        """API calls so far, by resource and method (every call that reached ``/B2BAPIs/svc``)."""
        counts: dict[str, dict[str, int]] = {}
        with self._calls_lock:
            for (resource, method), count in sorted(self._calls.items()):
                counts.setdefault(resource, {})[method] = count
        return counts

    def reset_call_counts(self) -> None:
        with self._calls_lock:
            self._calls.clear()

    def seed_partners(self, connector_user: str, connector_password: str, admin_password: str) -> None:
        """Mailboxes ``/<CODE>``, ``/<CODE>/Inbound``, ``/<CODE>/Outbound`` for every partner; the connector's
        account with every partner mailbox's permission; ``LIMITED_USER`` (same password) lacking
        ``LIMITED_USER_LACKS``'s; the ``admin`` super-user; OAuth clients for the first two."""
        store = self.store
        permissions = {API_USER_PERMISSION}
        limited = {API_USER_PERMISSION}
        for partner in PARTNERS:
            store.add_mailbox(f"/{partner.code}", partner.name)
            for path, role in (
                (partner.inbound_mailbox, "documents from"),
                (partner.outbound_mailbox, "documents for"),
            ):
                mailbox = store.add_mailbox(path, f"EDI {role} {partner.name}")
                permissions.add(mailbox.permission)
                if partner.code != LIMITED_USER_LACKS:
                    limited.add(mailbox.permission)
        self.users.add(SterlingUser(connector_user, connector_password, frozenset(permissions)))
        self.users.add(SterlingUser(LIMITED_USER, connector_password, frozenset(limited)))
        self.users.add(SterlingUser(ADMIN_USER, admin_password, frozenset({API_USER_PERMISSION}), super_user=True))
        self.tokens.register(connector_user, connector_password, connector_user)
        self.tokens.register(LIMITED_USER, connector_password, LIMITED_USER)

    # -- serving ---------------------------------------------------------------------------------------------

    def handle(self, request: Request) -> Response:
        path = request.path
        if path == CONTROL_BASE or path.startswith(CONTROL_BASE + "/"):
            return self.control.handle(request)
        if path == TOKEN_PATH:
            if self.auth_mode is not AuthMode.OAUTH:
                return error_response(404, f"{ApiCode.NOT_FOUND.value}: OAuth is not enabled on this server")
            if request.method.upper() != "POST":
                return error_response(405, f"{ApiCode.INVALID_INPUT.value}: use POST for the token endpoint")
            return self.tokens.issue(request)
        if path != API_BASE and not path.startswith(API_BASE + "/"):
            return error_response(404, f"{ApiCode.NOT_FOUND.value}: no resource at {path}")
        return self._api(request)

    def _authenticate(self, request: Request) -> SterlingUser | Response:
        if self.auth_mode is AuthMode.OAUTH:
            header = request.headers.get("Authorization", "")
            scheme, _, token = header.partition(" ")
            if scheme.lower() != "bearer" or not token.strip():
                return bearer_rejected("a Bearer access token is required")
            try:
                user = self.users.get(self.tokens.user_for(token.strip()))
            except InvalidToken as exc:
                return bearer_rejected(exc.reason)
            if user is None:
                return bearer_rejected("the token's user does not exist")
        else:
            credentials = basic_credentials(request)
            found = self.users.verify(*credentials) if credentials else None
            if found is None:
                return liberty_unauthorized()
            user = found
        return user if user.may_use_api else liberty_forbidden()

    def _api(self, request: Request) -> Response:
        relative = request.path[len(API_BASE) :].strip("/")
        resource = relative.split("/")[0] if relative else ""
        with self._calls_lock:
            self._calls[(resource, request.method.upper())] += 1
        user = self._authenticate(request)
        if isinstance(user, Response):
            return user
        path_matched = False
        for route in self._routes:
            match = route.pattern.match(request.path)
            if match is None:
                continue
            path_matched = True
            if route.method != request.method.upper():
                continue
            params = {key: unquote(value) for key, value in match.groupdict().items() if value is not None}
            return self._run(route.handler, Call(request, params, user, self.services))
        if path_matched:
            return error_response(
                405, f"{ApiCode.INVALID_INPUT.value}: {request.method} is not supported on {request.path}"
            )
        return error_response(404, f"{ApiCode.NOT_FOUND.value}: no resource at {request.path}")

    @staticmethod
    def _run(handler: Callable[[Call], Response], call: Call) -> Response:
        try:
            return handler(call)
        except ApiError as exc:
            return error_response(exc.status, f"{exc.code.value}: {exc.text}")


def create_sterling(ctx: SandboxContext) -> SterlingEmulator:
    """The emulator the launcher serves: Basic auth, seed partners' mailboxes, the connector user and admin."""
    emulator = SterlingEmulator(issuer_url=ctx.sterling_url, seed=ctx.seed, scale=ctx.scale)
    emulator.seed_partners(ctx.sterling_user, ctx.sterling_password, admin_password=f"{ctx.sterling_password}-admin")
    return emulator
