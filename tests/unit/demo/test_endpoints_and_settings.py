"""Reading the sandbox's contract line, and the connector settings the demo builds from it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shared.demo.endpoints import SandboxEndpoints, read_sandbox_info
from shared.demo.settings import StateChoice, StateTarget, connector_settings
from shared.errors import ConfigurationError
from shared.settings import Secret, SettingsProblems

pytestmark = pytest.mark.unit

INFO = {
    "entra": "https://127.0.0.1:40001",
    "dynamics": "https://127.0.0.1:40002",
    "sterling": "http://127.0.0.1:40003",
    "keyvault": "https://127.0.0.1:40004",
    "ca_cert": "/tmp/sandbox/ca.pem",
    "credentials": {
        "tenant_id": "9b1f3c2e-5d6a-4e7b-8c9d-0a1b2c3d4e5f",
        "client_id": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
        "client_secret": "abc8Q~averylongsandboxsecretvalue0123456",
        "sterling_user": "connector-api",
        "sterling_password": "sandboxpassword12345",
    },
}


def test_the_contract_line_is_read_with_secrets_wrapped(tmp_path: Path) -> None:
    path = tmp_path / "sandbox.json"
    path.write_text("\n" + json.dumps(INFO) + "\nlater log lines\n", encoding="utf-8")
    endpoints = read_sandbox_info(path)
    assert endpoints.dynamics == INFO["dynamics"]
    assert endpoints.client_secret == Secret(INFO["credentials"]["client_secret"])  # type: ignore[index]
    assert "averylong" not in repr(endpoints)
    assert "sandboxpassword" not in repr(endpoints)


@pytest.mark.parametrize(
    ("document", "missing"),
    [
        ({**INFO, "dynamics": None}, "dynamics"),
        ({k: v for k, v in INFO.items() if k != "credentials"}, "credentials"),
        ({**INFO, "credentials": {"tenant_id": "t"}}, "credentials.client_id"),
    ],
)
def test_an_incomplete_line_names_what_is_missing(document: dict[str, object], missing: str) -> None:
    with pytest.raises(ConfigurationError, match=missing):
        SandboxEndpoints.from_json(json.dumps(document))


def test_not_json_says_what_to_pass() -> None:
    with pytest.raises(ConfigurationError, match="ml-connector sandbox"):
        SandboxEndpoints.from_json("Sandbox running on ...")


def test_settings_take_secrets_from_the_key_vault_emulator(tmp_path: Path) -> None:
    from shared.dynamics.config import parse_dynamics_settings
    from shared.state import read_state_settings
    from shared.sterling.config import parse_sterling_settings

    endpoints = SandboxEndpoints.from_json(json.dumps(INFO))
    settings = connector_settings(endpoints, StateTarget(StateChoice.SQLITE, sqlite_path=tmp_path / "s.db"))
    assert "DYNAMICS_CLIENT_SECRET" not in settings
    assert "STERLING_PASSWORD" not in settings
    assert settings["KEY_VAULT_URI"] == INFO["keyvault"]
    problems = SettingsProblems()
    dynamics = parse_dynamics_settings(settings, problems, secret_in_key_vault=True)
    sterling = parse_sterling_settings(settings, problems, secret_in_key_vault=True)
    state = read_state_settings(settings, problems)
    assert problems.problems == []
    assert dynamics.legal_entities == ("usmf", "demf")
    assert sterling.user == "connector-api"
    assert state.sqlite_path == tmp_path / "s.db"


def test_azurite_state_gets_names_of_its_own() -> None:
    from shared.state import read_state_settings

    endpoints = SandboxEndpoints.from_json(json.dumps(INFO))
    target = StateTarget(StateChoice.AZURITE, storage_connection=Secret("UseDevelopmentStorage=true"), name_prefix="d1")
    problems = SettingsProblems()
    state = read_state_settings(connector_settings(endpoints, target), problems)
    assert problems.problems == []
    assert (state.queues.outbound, state.queues.inbound, state.table_prefix) == ("d1-outbound", "d1-inbound", "d1")
