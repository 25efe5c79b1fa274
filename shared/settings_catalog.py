"""Every setting the product reads, declared once: the source of local.settings.sample.json and
docs/configuration.md, and the list a test holds the parsers to (a setting read anywhere must be declared here).

Regenerate both files after a change: ``python -m shared.settings_catalog`` (``--check`` fails when they are stale).
Sample values are the local sandbox's: ``ml-connector run --sandbox`` starts the emulators and overlays their URLs,
CA certificate and credentials on the ``sandbox-*`` placeholders below.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

__all__ = ["CATALOG", "Kind", "Setting", "main", "render_configuration", "render_sample"]

REPO = Path(__file__).resolve().parent.parent
SAMPLE_PATH = REPO / "local.settings.sample.json"
DOC_PATH = REPO / "docs" / "configuration.md"


class Kind(StrEnum):
    TEXT = "text"
    SECRET = "secret"  # noqa: S105 - a kind of setting, not a value
    WHOLE_NUMBER = "whole number"
    NUMBER = "number"
    FLAG = "true/false"
    CHOICE = "choice"
    URL = "URL"
    LIST = "comma-separated list"
    PATH = "file path"
    SCHEDULE = "NCRONTAB (6 fields, UTC)"


@dataclass(frozen=True)
class Setting:
    name: str
    section: str
    kind: Kind
    default: str | None  # None: required (or required in the case the description names)
    description: str
    sample: str
    read_by_host: bool = False  # read by the Functions host or worker, not by the connector's code

    @property
    def secret(self) -> bool:
        return self.kind is Kind.SECRET


S = Setting
_STATE = "State (ledger, cursors, control numbers, audit, payloads, queues)"
_DYN = "Dynamics 365 Finance & Operations"
_STE = "Sterling B2B Integrator"
_KV = "Key Vault"
_PAR = "Trading partners"
_RUN = "Runtime (timers, business events)"
_LOCAL = "Local host (`ml-connector run`)"
_HOST = "Azure Functions host"

CATALOG: tuple[Setting, ...] = (
    S("FUNCTIONS_WORKER_RUNTIME", _HOST, Kind.TEXT, None, "Always `python`.", "python", read_by_host=True),
    S(
        "AzureWebJobsStorage",
        _HOST,
        Kind.SECRET,
        None,
        "The host's own storage (timer leases, keys). In Azure prefer `AzureWebJobsStorage__accountName` with the "
        "managed identity.",
        "UseDevelopmentStorage=true",
        read_by_host=True,
    ),
    S(
        "STATE_QUEUES",
        _HOST,
        Kind.SECRET,
        None,
        "Connection of the queue triggers: a connection string, or, with the managed identity, "
        "`STATE_QUEUES__queueServiceUri=https://<account>.queue.core.windows.net`. Same account as the state.",
        "UseDevelopmentStorage=true",
        read_by_host=True,
    ),
    S(
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        _HOST,
        Kind.TEXT,
        "",
        "Where telemetry goes (Application Insights); empty locally.",
        "",
        read_by_host=True,
    ),
    S(
        "PYTHON_APPLICATIONINSIGHTS_ENABLE_TELEMETRY",
        _HOST,
        Kind.FLAG,
        "false",
        "`true` in Azure: the worker exports logs with their custom dimensions (OpenTelemetry mode in host.json).",
        "false",
        read_by_host=True,
    ),
    S("STATE_BACKEND", _STATE, Kind.CHOICE, "sqlite", "`sqlite` (local runs) or `azure` (Storage).", "sqlite"),
    S("STATE_SQLITE_PATH", _STATE, Kind.PATH, ".state/state.db", "The SQLite file of local runs.", ".state/state.db"),
    S(
        "STATE_STORAGE_CONNECTION",
        _STATE,
        Kind.SECRET,
        None,
        "With `STATE_BACKEND=azure`: a Storage connection string (Azurite locally). Either this or "
        "`STATE_STORAGE_ACCOUNT`.",
        "UseDevelopmentStorage=true",
    ),
    S(
        "STATE_STORAGE_ACCOUNT",
        _STATE,
        Kind.TEXT,
        None,
        "With `STATE_BACKEND=azure`: the account name, reached with the app's managed identity.",
        "",
    ),
    S("STATE_TABLE_PREFIX", _STATE, Kind.TEXT, "mlc", "Letters and digits put before every table name.", "mlc"),
    S("STATE_QUEUE_OUTBOUND", _STATE, Kind.TEXT, "mlc-outbound", "Queue of outbound work.", "mlc-outbound"),
    S("STATE_QUEUE_INBOUND", _STATE, Kind.TEXT, "mlc-inbound", "Queue of inbound work.", "mlc-inbound"),
    S("STATE_BLOB_CONTAINER", _STATE, Kind.TEXT, "mlc-payloads", "Container of the payload archive.", "mlc-payloads"),
    S(
        "STATE_QUEUE_MAX_ATTEMPTS",
        _STATE,
        Kind.WHOLE_NUMBER,
        "5",
        "Attempts before a document is recorded as failed; must equal host.json `maxDequeueCount`.",
        "5",
    ),
    S(
        "DYNAMICS_ENV_URL",
        _DYN,
        Kind.URL,
        None,
        "The environment's base URL, e.g. `https://contoso.operations.dynamics.com`.",
        "https://sandbox-dynamics",
    ),
    S("DYNAMICS_TENANT_ID", _DYN, Kind.TEXT, None, "The Entra tenant (directory) id.", "sandbox-tenant-id"),
    S(
        "DYNAMICS_CLIENT_ID",
        _DYN,
        Kind.TEXT,
        None,
        "The app registration's client id (not `AZURE_CLIENT_ID`).",
        "00000000-0000-4000-8000-000000000000",
    ),
    S(
        "DYNAMICS_CLIENT_SECRET",
        _DYN,
        Kind.SECRET,
        None,
        "The app registration's secret; in Azure the Key Vault secret `dynamics-client-secret` instead.",
        "sandbox-client-secret",
    ),
    S("DYNAMICS_LEGAL_ENTITIES", _DYN, Kind.LIST, None, "Legal entities (dataAreaId) traded for.", "usmf,demf"),
    S(
        "DYNAMICS_AUTHORITY_HOST",
        _DYN,
        Kind.URL,
        "https://login.microsoftonline.com",
        "The Entra sign-in host (sovereign clouds differ).",
        "https://sandbox-entra",
    ),
    S(
        "DYNAMICS_ALLOWED_HOST_SUFFIXES",
        _DYN,
        Kind.LIST,
        ".dynamics.com,.dynamics.us,.dynamics.cn",
        "Host suffixes DYNAMICS_ENV_URL may have.",
        ".dynamics.com,.dynamics.us,.dynamics.cn",
    ),
    S(
        "DYNAMICS_ALLOW_SANDBOX_HOST",
        _DYN,
        Kind.FLAG,
        "false",
        "Accept 127.0.0.1 as the environment (the built-in sandbox only).",
        "true",
    ),
    S("DYNAMICS_CA_BUNDLE", _DYN, Kind.PATH, "", "Extra CA bundle (the sandbox's CA).", "sandbox-ca.pem"),
    S("DYNAMICS_CONNECT_TIMEOUT_SECONDS", _DYN, Kind.NUMBER, "10", "Connect timeout per request.", "10"),
    S("DYNAMICS_READ_TIMEOUT_SECONDS", _DYN, Kind.NUMBER, "120", "Read timeout per request.", "120"),
    S("DYNAMICS_PAGE_SIZE", _DYN, Kind.WHOLE_NUMBER, "1000", "Rows per OData page.", "1000"),
    S(
        "STERLING_BASE_URL",
        _STE,
        Kind.URL,
        None,
        "The B2B REST API's host and Liberty HTTPS port; `/B2BAPIs/svc` is added.",
        "http://sandbox-sterling",
    ),
    S("STERLING_AUTH", _STE, Kind.CHOICE, "basic", "`basic` or `oauth`.", "basic"),
    S("STERLING_USER", _STE, Kind.TEXT, None, "With basic: a dedicated API user (not admin).", "connector-api"),
    S(
        "STERLING_PASSWORD",
        _STE,
        Kind.SECRET,
        None,
        "With basic; in Azure the Key Vault secret `sterling-password` instead.",
        "sandbox-sterling-password",
    ),
    S("STERLING_TOKEN_URL", _STE, Kind.URL, None, "With oauth: the token endpoint.", ""),
    S("STERLING_CLIENT_ID", _STE, Kind.TEXT, None, "With oauth: the client id.", ""),
    S("STERLING_CLIENT_SECRET", _STE, Kind.SECRET, None, "With oauth; in Azure from Key Vault.", ""),
    S("STERLING_SCOPE", _STE, Kind.TEXT, "", "With oauth: the scope asked for, if any.", ""),
    S("STERLING_CA_BUNDLE", _STE, Kind.PATH, "", "Extra CA bundle.", "sandbox-ca.pem"),
    S("STERLING_CONNECT_TIMEOUT_SECONDS", _STE, Kind.NUMBER, "10", "Connect timeout per request.", "10"),
    S("STERLING_READ_TIMEOUT_SECONDS", _STE, Kind.NUMBER, "120", "Read timeout per request.", "120"),
    S("STERLING_PAGE_SIZE", _STE, Kind.WHOLE_NUMBER, "1000", "Items per `_range` page.", "1000"),
    S(
        "KEY_VAULT_URI",
        _KV,
        Kind.URL,
        "",
        "Set: secrets come from this vault with the managed identity. Unset: from these settings.",
        "",
    ),
    S("SECRET_CACHE_TTL_SECONDS", _KV, Kind.NUMBER, "300", "How long a secret is cached (rotation delay).", "300"),
    S("KEY_VAULT_CA_BUNDLE", _KV, Kind.PATH, "", "Extra CA bundle (the sandbox's vault).", ""),
    S("KEY_VAULT_EMULATOR", _KV, Kind.FLAG, "false", "Sandbox only: use the Key Vault emulator.", "false"),
    S("KEY_VAULT_EMULATOR_AUTHORITY", _KV, Kind.URL, None, "Sandbox only, with the emulator.", ""),
    S("KEY_VAULT_EMULATOR_TENANT_ID", _KV, Kind.TEXT, None, "Sandbox only, with the emulator.", ""),
    S("KEY_VAULT_EMULATOR_CLIENT_ID", _KV, Kind.TEXT, None, "Sandbox only, with the emulator.", ""),
    S("KEY_VAULT_EMULATOR_CLIENT_SECRET", _KV, Kind.SECRET, None, "Sandbox only, with the emulator.", ""),
    S("PARTNERS_FILE", _PAR, Kind.PATH, None, "The partner file (docs/partners.md).", "config/partners.sandbox.toml"),
    S("PARTNERS_ITEM_CACHE_SECONDS", _PAR, Kind.WHOLE_NUMBER, "300", "How long item lookups are remembered.", "300"),
    S(
        "STERLING_POLL_SCHEDULE",
        _RUN,
        Kind.SCHEDULE,
        "0 */5 * * * *",
        "When partner mailboxes are polled. The timer binding reads it, so it must be set in Azure.",
        "0 */5 * * * *",
    ),
    S(
        "DYNAMICS_SWEEP_SCHEDULE",
        _RUN,
        Kind.SCHEDULE,
        "0 */15 * * * *",
        "When Dynamics is swept for documents without a business event. Must be set in Azure.",
        "0 */15 * * * *",
    ),
    S(
        "ACK_OVERDUE_SCHEDULE",
        _RUN,
        Kind.SCHEDULE,
        "0 0 * * * *",
        "When overdue acknowledgments are reported (`ack.overdue`, once per UTC hour each). Must be set in Azure.",
        "0 0 * * * *",
    ),
    S(
        "EVENTS_URL_TOKEN",
        _RUN,
        Kind.SECRET,
        "",
        "Second secret in the business-event URL (`&token=`), 32+ random characters (docs/business-events.md).",
        "sandbox-url-token-0123456789abcdef0123",
    ),
    S(
        "RUNTIME_SWEEP_OVERLAP_SECONDS",
        _RUN,
        Kind.WHOLE_NUMBER,
        "300",
        "How far back each sweep looks before the last one (Dynamics timestamps can trail commits).",
        "300",
    ),
    S(
        "RUNTIME_POLL_RECOVERY_SECONDS",
        _RUN,
        Kind.WHOLE_NUMBER,
        "600",
        "A message claimed but never queued (a crashed poll) is queued again after this.",
        "600",
    ),
    S(
        "LOCAL_FUNCTION_KEY",
        _LOCAL,
        Kind.SECRET,
        None,
        "The key `ml-connector run` checks on the event endpoint (`?code=` or `x-functions-key`). Required there.",
        "sandbox-function-key",
    ),
    S(
        "LOCAL_ADMIN_KEY",
        _LOCAL,
        Kind.SECRET,
        None,
        "The key `ml-connector run` checks on the `ops/...` endpoints. Unset: they answer 401.",
        "sandbox-admin-key",
    ),
    S("LOCAL_HTTP_PORT", _LOCAL, Kind.WHOLE_NUMBER, "7071", "Port of the local host (127.0.0.1; 0: any).", "7071"),
    S(
        "LOCAL_QUEUE_VISIBILITY_SECONDS",
        _LOCAL,
        Kind.WHOLE_NUMBER,
        "600",
        "How long a local worker holds a message (the Functions host uses 10 minutes too).",
        "600",
    ),
)


def render_sample() -> str:
    values = {s.name: s.sample for s in CATALOG}
    return json.dumps({"IsEncrypted": False, "Values": values}, indent=2) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_configuration() -> str:
    lines = [
        "# Configuration",
        "",
        "<!-- Generated by `python -m shared.settings_catalog` from shared/settings_catalog.py; do not edit. -->",
        "",
        "Settings are app settings in Azure and `Values` of `local.settings.json` locally (the environment overrides "
        "the file). Secrets belong in Key Vault in Azure (`KEY_VAULT_URI`); they never appear in logs. "
        "`local.settings.sample.json` holds every setting with a sandbox value; `ml-connector run --sandbox` fills in "
        "the emulators' URLs and credentials.",
        "",
    ]
    sections: list[str] = []
    for setting in CATALOG:
        if setting.section not in sections:
            sections.append(setting.section)
    for section in sections:
        lines += [f"## {section}", "", "| setting | type | default | meaning |", "|---|---|---|---|"]
        for s in (s for s in CATALOG if s.section == section):
            default = "required" if s.default is None else (f"`{s.default}`" if s.default else "(empty)")
            kind = s.kind.value + (" (read by the host)" if s.read_by_host else "")
            lines.append(f"| `{s.name}` | {kind} | {_cell(default)} | {_cell(s.description)} |")
        lines.append("")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="write local.settings.sample.json and docs/configuration.md")
    parser.add_argument("--check", action="store_true", help="fail if the committed files are out of date")
    args = parser.parse_args(argv)
    outputs = {SAMPLE_PATH: render_sample(), DOC_PATH: render_configuration()}
    if args.check:
        stale = [str(p) for p, text in outputs.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
        for name in stale:
            print(f"{name} is out of date: run python -m shared.settings_catalog", file=sys.stderr)  # noqa: T201
        return 1 if stale else 0
    for path, text in outputs.items():
        path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
