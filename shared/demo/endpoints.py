"""Where a running sandbox answers: the one JSON line ``ml-connector sandbox`` prints, read into a typed record.

The demo reads that line (``--sandbox-info FILE``) or builds the same record from a sandbox it started itself,
so both ways go through one parser.  Secrets are wrapped in :class:`~shared.settings.Secret` and registered
with the redaction filter as soon as they are read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from shared.errors import ConfigurationError
from shared.redaction import register_secret
from shared.settings import Secret

__all__ = ["SandboxEndpoints", "read_sandbox_info"]

_URL_KEYS = ("entra", "dynamics", "sterling", "keyvault")
_CREDENTIAL_KEYS = ("tenant_id", "client_id", "client_secret", "sterling_user", "sterling_password")


@dataclass(frozen=True)
class SandboxEndpoints:
    entra: str
    dynamics: str
    sterling: str
    keyvault: str
    ca_cert: Path
    tenant_id: str
    client_id: str
    client_secret: Secret
    sterling_user: str
    sterling_password: Secret

    @classmethod
    def from_json(cls, text: str, *, source: str = "the sandbox info") -> SandboxEndpoints:
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ConfigurationError(
                f"{source} is not JSON: {exc.msg} at line {exc.lineno}",
                hint="pass the first line `ml-connector sandbox` prints, saved to a file",
            ) from None
        if not isinstance(document, dict):
            raise ConfigurationError(
                f"{source} is not a JSON object", hint="pass the line `ml-connector sandbox` prints"
            )
        credentials = document.get("credentials")
        missing = [key for key in (*_URL_KEYS, "ca_cert") if not isinstance(document.get(key), str)]
        if not isinstance(credentials, dict):
            missing.append("credentials")
            credentials = {}
        missing += [f"credentials.{key}" for key in _CREDENTIAL_KEYS if not isinstance(credentials.get(key), str)]
        if missing:
            raise ConfigurationError(
                f"{source} lacks {', '.join(missing)}",
                hint="pass the first line `ml-connector sandbox` prints, unchanged",
            )
        for key in _URL_KEYS:
            parts = urlsplit(document[key])
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise ConfigurationError(f"{source}: {key} must be an http(s) URL, got {document[key]!r}")
        client_secret = Secret(credentials["client_secret"])
        sterling_password = Secret(credentials["sterling_password"])
        register_secret(client_secret)
        register_secret(sterling_password)
        return cls(
            entra=document["entra"].rstrip("/"),
            dynamics=document["dynamics"].rstrip("/"),
            sterling=document["sterling"].rstrip("/"),
            keyvault=document["keyvault"].rstrip("/"),
            ca_cert=Path(document["ca_cert"]),
            tenant_id=credentials["tenant_id"],
            client_id=credentials["client_id"],
            client_secret=client_secret,
            sterling_user=credentials["sterling_user"],
            sterling_password=sterling_password,
        )


def read_sandbox_info(path: Path) -> SandboxEndpoints:
    """The first non-empty line of ``path`` (a file holding what ``ml-connector sandbox`` printed)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigurationError(
            f"cannot read the sandbox info file {path}: {exc.strerror}",
            hint="save the first line `ml-connector sandbox` prints to a file and pass its path",
        ) from None
    first = next((line for line in text.splitlines() if line.strip()), "")
    return SandboxEndpoints.from_json(first, source=f"sandbox info file {path}")
