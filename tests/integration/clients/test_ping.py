"""``ml-connector ping`` against the sandbox: all green when configured right, the right cause when broken."""

from __future__ import annotations

import json
import logging
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from sandbox.launcher import RunningSandbox
from sandbox.sterling import LIMITED_USER, LIMITED_USER_LACKS
from shared.cli import main
from shared.commands.ping import run_ping
from shared.http.probe import StepStatus, SystemReport
from tests.integration.clients.conftest import sandbox_settings

pytestmark = pytest.mark.integration

MAILBOXES = ["/BIGBOX/Inbound", "/BIGBOX/Outbound", f"/{LIMITED_USER_LACKS}/Outbound"]


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """The ping command quiets library loggers for its own process; give the next test the levels back."""
    names = ("azure", "msal", "urllib3")
    levels = {name: logging.getLogger(name).level for name in names}
    handlers = {handler: list(handler.filters) for handler in logging.getLogger().handlers}
    yield
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)
    for handler, filters in handlers.items():
        handler.filters = filters


def _failed_step(reports: list[SystemReport], system: str) -> tuple[str, str, str]:
    report = next(r for r in reports if r.system == system)
    failed = [step for step in report.steps if step.status is StepStatus.FAILED]
    assert len(failed) == 1, report
    after = report.steps[report.steps.index(failed[0]) + 1 :]
    assert all(step.status is StepStatus.SKIPPED for step in after)  # it stops at the first failure
    return failed[0].name, failed[0].cause, failed[0].fix


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_cli_all_green_with_json(sandbox: RunningSandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = tmp_path / "local.settings.json"
    settings.write_text(json.dumps({"IsEncrypted": False, "Values": dict(sandbox_settings(sandbox))}))
    code = main(["ping", "--json", "--settings", str(settings), *[f"--mailbox={m}" for m in MAILBOXES]])
    result = json.loads(capsys.readouterr().out)
    assert code == 0, result
    assert result["ok"] is True
    assert [s["system"] for s in result["systems"]] == ["dynamics", "sterling"]
    for system in result["systems"]:
        assert [step["step"] for step in system["steps"]] == [
            "settings",
            "dns",
            "tcp",
            "tls",
            "authentication",
            "authorization",
        ]
        assert {step["status"] for step in system["steps"]} == {"ok"}
    assert sandbox.info.credentials.client_secret not in json.dumps(result)


def test_wrong_secret(sandbox: RunningSandbox) -> None:
    reports = run_ping(sandbox_settings(sandbox, DYNAMICS_CLIENT_SECRET="not-the-right-secret", STERLING_BASE_URL=""))
    step, cause, fix = _failed_step(reports, "dynamics")
    assert step == "authentication"
    assert "wrong client secret" in cause
    assert "DYNAMICS_CLIENT_SECRET" in fix


def test_wrong_scope(sandbox: RunningSandbox) -> None:
    # A reachable HTTPS host with a trusted certificate that is not the Dynamics environment (the vault).
    reports = run_ping(sandbox_settings(sandbox, DYNAMICS_ENV_URL=sandbox.info.keyvault, STERLING_BASE_URL=""))
    step, cause, fix = _failed_step(reports, "dynamics")
    assert step == "authentication"
    assert "wrong scope" in cause
    assert "DYNAMICS_ENV_URL" in fix


def test_wrong_port(sandbox: RunningSandbox) -> None:
    reports = run_ping(
        sandbox_settings(sandbox, STERLING_BASE_URL=f"http://127.0.0.1:{_closed_port()}", DYNAMICS_ENV_URL="")
    )
    step, cause, fix = _failed_step(reports, "sterling")
    assert step == "tcp"
    assert "connection refused" in cause
    assert "STERLING_BASE_URL" in fix


def test_wrong_password(sandbox: RunningSandbox) -> None:
    reports = run_ping(
        sandbox_settings(sandbox, STERLING_PASSWORD="wrong-password", DYNAMICS_ENV_URL=""), mailboxes=MAILBOXES
    )
    step, cause, _ = _failed_step(reports, "sterling")
    assert step == "authentication"
    assert "wrong user name or password" in cause


def test_missing_mailbox_permission(sandbox: RunningSandbox) -> None:
    reports = run_ping(sandbox_settings(sandbox, STERLING_USER=LIMITED_USER, DYNAMICS_ENV_URL=""), mailboxes=MAILBOXES)
    step, cause, fix = _failed_step(reports, "sterling")
    assert step == "authorization"
    assert (
        f"/{LIMITED_USER_LACKS}/Outbound: the user lacks the permission '/{LIMITED_USER_LACKS}/Outbound Mailbox'"
        in cause
    )
    assert "/BIGBOX" not in cause
    assert LIMITED_USER in fix


def test_missing_mailbox(sandbox: RunningSandbox) -> None:
    reports = run_ping(sandbox_settings(sandbox, DYNAMICS_ENV_URL=""), mailboxes=["/BIGBOX/Inbound", "/NOSUCH/Inbound"])
    step, cause, _ = _failed_step(reports, "sterling")
    assert step == "authorization"
    assert "/NOSUCH/Inbound: does not exist" in cause


def test_untrusted_certificate(sandbox: RunningSandbox) -> None:
    reports = run_ping(sandbox_settings(sandbox, DYNAMICS_CA_BUNDLE="", STERLING_BASE_URL=""))
    step, cause, fix = _failed_step(reports, "dynamics")
    assert step == "tls"
    assert "not trusted" in cause
    assert "DYNAMICS_CA_BUNDLE" in fix


def test_app_not_registered_in_dynamics(sandbox: RunningSandbox) -> None:
    # A second app that Entra knows but F&O has no "Microsoft Entra applications" row for.
    entra = sandbox.entra
    entra.register_client("99999999-8888-7777-6666-555555555555", "another-app-secret-value")
    reports = run_ping(
        sandbox_settings(
            sandbox,
            DYNAMICS_CLIENT_ID="99999999-8888-7777-6666-555555555555",
            DYNAMICS_CLIENT_SECRET="another-app-secret-value",
            STERLING_BASE_URL="",
        ),
        flows=["inbound_850"],
    )
    step, cause, fix = _failed_step(reports, "dynamics")
    assert step == "authorization"
    assert "not registered in this environment" in cause
    assert "Microsoft Entra applications" in fix


def test_text_output_and_exit_code(sandbox: RunningSandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = tmp_path / "local.settings.json"
    values = dict(sandbox_settings(sandbox, DYNAMICS_CLIENT_SECRET="nope-nope-nope"))
    settings.write_text(json.dumps({"Values": values}))
    assert main(["ping", "--settings", str(settings)]) == 1
    out = capsys.readouterr().out
    assert "FAILED  authentication" in out
    assert "wrong client secret" in out
    assert "nope-nope-nope" not in out
    assert "ping: 1 of 2 systems failed: dynamics" in out


def test_partner_file_mailboxes_are_checked(sandbox: RunningSandbox) -> None:
    partners = Path(__file__).resolve().parents[3] / "config" / "partners.sandbox.toml"
    reports = run_ping(sandbox_settings(sandbox, PARTNERS_FILE=str(partners), DYNAMICS_ENV_URL=""))
    sterling = next(r for r in reports if r.system == "sterling")
    assert sterling.ok, sterling
    assert "20 mailboxes exist and are accessible" in sterling.steps[-1].detail
    limited = run_ping(
        sandbox_settings(sandbox, PARTNERS_FILE=str(partners), STERLING_USER=LIMITED_USER, DYNAMICS_ENV_URL="")
    )
    step, cause, _ = _failed_step(limited, "sterling")
    assert step == "authorization"
    assert f"/{LIMITED_USER_LACKS}/Inbound" in cause
    broken = run_ping(
        sandbox_settings(sandbox, PARTNERS_FILE=str(partners.with_name("missing.toml")), DYNAMICS_ENV_URL="")
    )
    step, cause, _ = _failed_step(broken, "sterling")
    assert step == "settings"
    assert "PARTNERS_FILE" in cause


def test_a_legal_entity_the_app_cannot_see(sandbox: RunningSandbox) -> None:
    reports = run_ping(
        sandbox_settings(sandbox, DYNAMICS_LEGAL_ENTITIES="usmf,usrt", STERLING_BASE_URL=""), flows=["outbound_850"]
    )
    step, cause, fix = _failed_step(reports, "dynamics")
    assert step == "authorization"
    assert "legal entity usrt: no customer or vendor is visible" in cause
    assert "usmf" not in cause
    assert "DYNAMICS_LEGAL_ENTITIES" in fix
