"""``ml-connector ping [--json]``: check every configured system step by step, writing nothing.

For each system (Key Vault when ``KEY_VAULT_URI`` is set, Dynamics when ``DYNAMICS_ENV_URL`` is set, Sterling
when ``STERLING_BASE_URL`` is set): settings, DNS, TCP, TLS, authentication, authorization; a system stops at
its first failure with the cause in plain words and the fix.  Sterling's mailboxes are those named with
``--mailbox`` plus every partner's inbound and outbound mailbox in ``PARTNERS_FILE`` when it is set.  Exit 0
only when every step passed, else 1.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from shared.http.probe import SystemReport
    from shared.partners import PartnerDirectory


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from shared.dynamics.probe import FLOW_ENTITY_SETS

    parser = subparsers.add_parser(
        "ping",
        help="check the connection to Dynamics, Sterling and Key Vault, step by step (writes nothing)",
        description=__doc__,
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object with every system and step")
    parser.add_argument(
        "--settings", type=Path, help="a local.settings.json to read (the environment overrides its values)"
    )
    parser.add_argument(
        "--mailbox",
        action="append",
        default=[],
        metavar="PATH",
        help="a mailbox to check in Sterling, e.g. /BIGBOX/Inbound (repeatable); every partner mailbox in "
        "PARTNERS_FILE is checked as well",
    )
    parser.add_argument(
        "--flow",
        action="append",
        default=[],
        choices=sorted(FLOW_ENTITY_SETS),
        help="check only the entity sets these flows need (repeatable; default: the flows enabled in "
        "PARTNERS_FILE, or every flow)",
    )
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from shared.settings import load_local_settings, process_environment

    _quiet_logging()

    source = load_local_settings(args.settings) if args.settings else process_environment()
    reports = run_ping(source, mailboxes=args.mailbox, flows=args.flow)
    if args.json:
        print(json.dumps({"ok": all(r.ok for r in reports), "systems": [r.to_json() for r in reports]}, indent=2))
    else:
        print(_render(reports))
    return 0 if reports and all(report.ok for report in reports) else 1


def _quiet_logging() -> None:
    """Ping explains every failure itself; library warnings (azure-identity repeats Entra's error text) would
    only repeat it on stderr.  What still gets logged goes through the redacting filter."""
    import logging

    from shared.redaction import install_redacting_filter

    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    install_redacting_filter([root])
    for noisy in ("azure", "msal", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.ERROR)


def run_ping(
    source: Mapping[str, str], *, mailboxes: Sequence[str] = (), flows: Sequence[str] = ()
) -> list[SystemReport]:
    """One report per configured system (an empty list when nothing is configured)."""
    from shared.dynamics.config import parse_dynamics_settings
    from shared.dynamics.probe import FLOW_ENTITY_SETS, dynamics_checks, entity_sets_for
    from shared.http.probe import Step, StepStatus, SystemReport, check_dns, check_tcp, check_tls, run_steps
    from shared.secrets import SecretProvider, build_secret_provider, parse_key_vault_settings
    from shared.settings import SettingsProblems
    from shared.sterling.config import SterlingAuth, parse_sterling_settings
    from shared.sterling.probe import sterling_checks

    reports: list[SystemReport] = []
    later = ("dns", "tcp", "tls", "authentication", "authorization")

    def settings_failed(system: str, target: str, problems: SettingsProblems) -> SystemReport:
        steps = [
            Step(
                "settings",
                StepStatus.FAILED,
                "",
                "invalid settings: " + "; ".join(problems.problems),
                "correct these settings (see docs/configuration.md), then run ping again",
            )
        ]
        steps += [Step(name, StepStatus.SKIPPED, "not run: an earlier step failed") for name in later]
        return SystemReport(system, target, tuple(steps))

    in_vault = "KEY_VAULT_URI" in source
    secrets: SecretProvider | None = None
    if in_vault:
        problems = SettingsProblems()
        vault = parse_key_vault_settings(source, problems)
        target = source.get("KEY_VAULT_URI", "")
        if problems.problems or vault is None:
            reports.append(settings_failed("keyvault", target, problems))
        else:
            secrets = build_secret_provider(source)
            provider = secrets
            parts = urlsplit(vault.uri)
            host, port = parts.hostname or "", parts.port or 443
            wanted = _secret_names(source)

            def read_secrets() -> str:
                for name in wanted:
                    provider.get(name)
                return f"read {', '.join(wanted)}" if wanted else "no secrets needed by the configured systems"

            reports.append(
                run_steps(
                    "keyvault",
                    vault.uri,
                    [
                        ("settings", lambda: "KEY_VAULT_URI is valid"),
                        ("dns", lambda: check_dns(host, port, "KEY_VAULT_URI")),
                        ("tcp", lambda: check_tcp(host, port, "KEY_VAULT_URI")),
                        ("tls", lambda: check_tls(host, port, vault.ca_bundle, "KEY_VAULT_CA_BUNDLE")),
                        ("authentication", read_secrets),
                    ],
                )
            )

    if "DYNAMICS_ENV_URL" in source:
        problems = SettingsProblems()
        dynamics = parse_dynamics_settings(source, problems, secret_in_key_vault=in_vault)
        target = source.get("DYNAMICS_ENV_URL", "")
        if problems.problems:
            reports.append(settings_failed("dynamics", target, problems))
        else:
            chosen = list(flows) or _partner_flows(source) or sorted(FLOW_ENTITY_SETS)
            sets = entity_sets_for(chosen)
            detail = (
                f"environment {dynamics.env_url}, legal entities {', '.join(dynamics.legal_entities)}, "
                f"flows {', '.join(chosen)}"
            )
            checks = [("settings", lambda: detail), *dynamics_checks(dynamics, secrets, sets)]
            reports.append(run_steps("dynamics", dynamics.env_url, checks))

    if "STERLING_BASE_URL" in source:
        partner_mailboxes, partner_problem = _partner_mailboxes(source)
        mailboxes = [*mailboxes, *partner_mailboxes]
        problems = SettingsProblems()
        if partner_problem:
            problems.add("PARTNERS_FILE", partner_problem)
        sterling = parse_sterling_settings(source, problems, secret_in_key_vault=in_vault)
        target = source.get("STERLING_BASE_URL", "")
        if problems.problems:
            reports.append(settings_failed("sterling", target, problems))
        else:
            how = "HTTP Basic" if sterling.auth is SterlingAuth.BASIC else "OAuth bearer token"
            detail = f"API {sterling.api_url}, {how}"
            checks = [("settings", lambda: detail), *sterling_checks(sterling, secrets, mailboxes)]
            reports.append(run_steps("sterling", sterling.api_url, checks))
    return reports


def _partner_mailboxes(source: Mapping[str, str]) -> tuple[list[str], str]:
    """Every partner's inbound and outbound mailbox from the partner file (``PARTNERS_FILE``), if one is set."""
    directory, problem = _partner_directory(source)
    paths: list[str] = []
    for partner in directory or ():
        paths += [partner.mailboxes.inbound, partner.mailboxes.outbound]
    return paths, problem


def _partner_flows(source: Mapping[str, str]) -> list[str]:
    """The flows any partner in ``PARTNERS_FILE`` is enabled for (empty when there is no readable file)."""
    directory, _ = _partner_directory(source)
    return sorted({flow.value for partner in directory or () for flow in partner.flows})


def _partner_directory(source: Mapping[str, str]) -> tuple[PartnerDirectory | None, str]:
    from shared.errors import ConfigurationError
    from shared.partners import PartnerSettings, load_directory
    from shared.settings import SettingsProblems

    if "PARTNERS_FILE" not in source:
        return None, ""
    problems = SettingsProblems()
    settings = PartnerSettings.parse(source, problems)
    if problems.problems:
        return None, "; ".join(problems.problems)
    try:
        return load_directory(settings), ""
    except ConfigurationError as exc:
        return None, f"{exc.message} (run ml-connector partners check)"


def _secret_names(source: Mapping[str, str]) -> list[str]:
    from shared.dynamics.config import DYNAMICS_SECRET_NAME
    from shared.sterling.config import STERLING_CLIENT_SECRET_NAME, STERLING_PASSWORD_NAME

    names = []
    if "DYNAMICS_ENV_URL" in source:
        names.append(DYNAMICS_SECRET_NAME)
    if "STERLING_BASE_URL" in source:
        oauth = source.get("STERLING_AUTH", "basic").strip().lower() == "oauth"
        names.append(STERLING_CLIENT_SECRET_NAME if oauth else STERLING_PASSWORD_NAME)
    return names


_TITLES = {"keyvault": "Azure Key Vault", "dynamics": "Dynamics 365 F&O", "sterling": "Sterling B2B Integrator"}


def _render(reports: Sequence[SystemReport]) -> str:
    if not reports:
        return (
            "ping: nothing to check: set DYNAMICS_ENV_URL, STERLING_BASE_URL (and KEY_VAULT_URI) in the "
            "environment or pass --settings local.settings.json"
        )
    lines: list[str] = []
    for report in reports:
        lines.append(f"{_TITLES.get(report.system, report.system)}  {report.target}")
        for step in report.steps:
            lines.append(f"  {str(step.status).upper() if step.status != 'ok' else 'ok':8}{step.name:16}{step.detail}")
            if step.cause:
                lines.append(f"{'':24}cause: {step.cause}")
            if step.fix:
                lines.append(f"{'':24}fix:   {step.fix}")
        lines.append("")
    failed = [report for report in reports if not report.ok]
    if failed:
        lines.append(f"ping: {len(failed)} of {len(reports)} systems failed: {', '.join(r.system for r in failed)}")
    else:
        lines.append(f"ping: all {len(reports)} systems passed every check")
    return "\n".join(lines)
