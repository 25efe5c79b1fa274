"""The Dynamics 365 F&O settings section, validated so the token can only ever go to a Dynamics host.

The access token is a bearer credential for the whole environment and the client secret is sent to the
authority, so both hosts are checked at start: HTTPS, and a host under a Dynamics (or sign-in) domain.  A
typo or a hostile setting fails parsing instead of sending credentials elsewhere.  127.0.0.1 / localhost are
accepted only with ``DYNAMICS_ALLOW_SANDBOX_HOST=true`` (the built-in sandbox).

Names deliberately avoid ``AZURE_CLIENT_ID`` / ``AZURE_CLIENT_SECRET`` / ``AZURE_TENANT_ID``:
DefaultAzureCredential reads those and would sign in to Key Vault and Storage as the Dynamics app.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from shared.settings import Secret, SettingsProblems

__all__ = [
    "DEFAULT_ALLOWED_HOST_SUFFIXES",
    "DEFAULT_AUTHORITY_HOST",
    "DYNAMICS_SECRET_NAME",
    "DynamicsSettings",
    "host_is_allowed",
    "parse_dynamics_settings",
]

DYNAMICS_SECRET_NAME = "dynamics-client-secret"  # noqa: S105 - the Key Vault name, not a value
DEFAULT_AUTHORITY_HOST = "https://login.microsoftonline.com"

# dynamics.com covers production (<env>.operations.dynamics.com), tier-2 sandboxes
# (<env>.sandbox.operations[.eu].dynamics.com), cloud-hosted dev VMs (*.cloudax.dynamics.com) and OneBox
# (*.cloud.onebox.dynamics.com) (dynamics.md §1).  dynamics.us (US Government) and dynamics.cn (China, 21Vianet)
# are the sovereign-cloud domains; the reference does not list them, so an operator can override the list.
DEFAULT_ALLOWED_HOST_SUFFIXES: tuple[str, ...] = (".dynamics.com", ".dynamics.us", ".dynamics.cn")

# Entra sign-in hosts of the public, US Government and China clouds (azure-identity AzureAuthorityHosts).
_KNOWN_AUTHORITY_HOSTS = frozenset(
    {"login.microsoftonline.com", "login.windows.net", "login.microsoftonline.us", "login.chinacloudapi.cn"}
)
_SANDBOX_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
_TENANT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-]*$")
_GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_LEGAL_ENTITY = re.compile(r"^[A-Za-z0-9_]{1,8}$")


@dataclass(frozen=True)
class DynamicsSettings:
    env_url: str  # https://<env>.operations.dynamics.com: lowercase, no trailing slash (the token audience)
    tenant_id: str
    client_id: str
    # Set when the secret comes from local settings; None when Key Vault holds it (``secret_name``).
    client_secret: Secret | None
    authority_host: str
    legal_entities: tuple[str, ...]
    allowed_host_suffixes: tuple[str, ...]
    allow_sandbox_host: bool
    ca_bundle: str | None
    connect_timeout: float
    read_timeout: float
    page_size: int
    secret_name: str = DYNAMICS_SECRET_NAME

    @property
    def scope(self) -> str:
        return f"{self.env_url}/.default"

    @property
    def data_url(self) -> str:
        return f"{self.env_url}/data"

    @property
    def host(self) -> str:
        return urlsplit(self.env_url).hostname or ""

    @property
    def cross_company(self) -> bool:
        """More than one legal entity is configured (reads name their companies either way)."""
        return len(self.legal_entities) > 1


def host_is_allowed(host: str, suffixes: tuple[str, ...]) -> bool:
    """``host`` equals a suffix's domain or lies under it (a leading dot is implied: evil-dynamics.com fails)."""
    host = host.lower().rstrip(".")
    for suffix in suffixes:
        domain = suffix.lower().strip(".")
        if domain and (host == domain or host.endswith("." + domain)):
            return True
    return False


def parse_dynamics_settings(
    src: Mapping[str, str], problems: SettingsProblems, *, secret_in_key_vault: bool
) -> DynamicsSettings:
    allow_sandbox = problems.flag(src, "DYNAMICS_ALLOW_SANDBOX_HOST")
    suffixes = problems.text_list(src, "DYNAMICS_ALLOWED_HOST_SUFFIXES", DEFAULT_ALLOWED_HOST_SUFFIXES)

    env_url = _env_url(src, problems, suffixes, allow_sandbox)
    authority = _authority(src, problems, allow_sandbox)

    tenant_id = problems.text(src, "DYNAMICS_TENANT_ID")
    if tenant_id and not _TENANT.match(tenant_id):
        problems.add("DYNAMICS_TENANT_ID", f"must be the directory (tenant) id or domain, got {tenant_id!r}")
    if tenant_id.lower() in {"common", "organizations", "consumers"}:
        problems.add("DYNAMICS_TENANT_ID", "must be the tenant's own id, not a multi-tenant alias (dynamics.md §2.2)")
    client_id = problems.text(src, "DYNAMICS_CLIENT_ID")
    if client_id and not _GUID.match(client_id):
        problems.add(
            "DYNAMICS_CLIENT_ID", f"must be the app registration's application (client) id, a GUID, got {client_id!r}"
        )
    secret = problems.secret(src, "DYNAMICS_CLIENT_SECRET", required=not secret_in_key_vault)

    entities = tuple(entity.lower() for entity in problems.text_list(src, "DYNAMICS_LEGAL_ENTITIES"))
    if not entities:
        problems.add("DYNAMICS_LEGAL_ENTITIES", "is required: the legal entities (dataAreaId) to trade for, e.g. usmf")
    for entity in entities:
        if not _LEGAL_ENTITY.match(entity):
            problems.add("DYNAMICS_LEGAL_ENTITIES", f"{entity!r} is not a legal entity id (dataAreaId)")

    return DynamicsSettings(
        env_url=env_url,
        tenant_id=tenant_id,
        client_id=client_id,
        client_secret=secret,
        authority_host=authority,
        legal_entities=entities,
        allowed_host_suffixes=suffixes,
        allow_sandbox_host=allow_sandbox,
        ca_bundle=problems.optional_text(src, "DYNAMICS_CA_BUNDLE"),
        connect_timeout=problems.number(src, "DYNAMICS_CONNECT_TIMEOUT_SECONDS", 10.0, minimum=0.1),
        read_timeout=problems.number(src, "DYNAMICS_READ_TIMEOUT_SECONDS", 120.0, minimum=0.1),
        page_size=problems.integer(src, "DYNAMICS_PAGE_SIZE", 1000, minimum=1, maximum=10_000),
    )


def _env_url(src: Mapping[str, str], problems: SettingsProblems, suffixes: tuple[str, ...], allow_sandbox: bool) -> str:
    name = "DYNAMICS_ENV_URL"
    raw = src.get(name)
    if raw is None:
        problems.add(name, "is required: the environment URL, e.g. https://contoso.operations.dynamics.com")
        return ""
    parts = urlsplit(raw.strip())
    host = (parts.hostname or "").lower()
    if parts.scheme.lower() != "https" or not host:
        problems.add(name, f"must be an https URL, got {raw!r}")
        return ""
    if parts.username or parts.password or parts.query or parts.fragment:
        problems.add(name, "must not carry credentials, a query or a fragment")
        return ""
    if parts.path.strip("/"):
        problems.add(name, f"must be the environment's base URL without a path (got {parts.path!r}); /data is added")
        return ""
    sandbox = host in _SANDBOX_HOSTS
    if sandbox and not allow_sandbox:
        problems.add(name, f"{host} is accepted only with DYNAMICS_ALLOW_SANDBOX_HOST=true (the built-in sandbox)")
        return ""
    if not sandbox and not host_is_allowed(host, suffixes):
        problems.add(
            name,
            f"host {host} is not under an allowed Dynamics domain ({', '.join(suffixes)}); "
            "fix the URL, or add its domain to DYNAMICS_ALLOWED_HOST_SUFFIXES",
        )
        return ""
    if parts.port is not None and parts.port != 443 and not sandbox:
        problems.add(name, f"must use the standard https port, got {parts.port}")
        return ""
    port = f":{parts.port}" if parts.port is not None and parts.port != 443 else ""
    # The audience F&O checks is the URL in lowercase with no trailing slash (dynamics.md §2.3).
    return f"https://{host}{port}"


def _authority(src: Mapping[str, str], problems: SettingsProblems, allow_sandbox: bool) -> str:
    name = "DYNAMICS_AUTHORITY_HOST"
    raw = src.get(name, DEFAULT_AUTHORITY_HOST).strip()
    parts = urlsplit(raw if "://" in raw else f"https://{raw}")
    host = (parts.hostname or "").lower()
    if parts.scheme.lower() != "https" or not host:
        problems.add(name, f"must be an https URL, got {raw!r}")
        return DEFAULT_AUTHORITY_HOST
    sandbox = host in _SANDBOX_HOSTS
    if sandbox and not allow_sandbox:
        problems.add(name, f"{host} is accepted only with DYNAMICS_ALLOW_SANDBOX_HOST=true (the built-in sandbox)")
        return DEFAULT_AUTHORITY_HOST
    if not sandbox and host not in _KNOWN_AUTHORITY_HOSTS:
        problems.add(
            name, f"{host} is not a Microsoft Entra sign-in host ({', '.join(sorted(_KNOWN_AUTHORITY_HOSTS))})"
        )
        return DEFAULT_AUTHORITY_HOST
    port = f":{parts.port}" if parts.port is not None else ""
    return f"https://{host}{port}"
