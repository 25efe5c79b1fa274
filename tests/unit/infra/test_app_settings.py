"""Every setting the connector reads in Azure is provided by the template, and the values it provides parse."""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Callable, Mapping

import pytest
from azure.identity import DefaultAzureCredential, ManagedIdentityCredential

from shared.dynamics.config import parse_dynamics_settings
from shared.partners.config import PartnerSettings
from shared.secrets import parse_key_vault_settings
from shared.settings import SettingsProblems, SettingsSource
from shared.state.config import read_state_settings
from shared.sterling.config import parse_sterling_settings
from tests.unit.infra.bicep import MAIN, ROOT, Evaluator, load, parameter_values
from tests.unit.infra.checks import app_settings

pytestmark = pytest.mark.unit

# Read by the connector but deliberately not set in Azure, each for a stated reason.
NOT_SET_IN_AZURE: dict[str, str] = {
    "DYNAMICS_CLIENT_SECRET": "a secret: read from Key Vault as dynamics-client-secret",
    "STERLING_PASSWORD": "a secret: read from Key Vault as sterling-password",
    "STERLING_CLIENT_SECRET": "a secret: read from Key Vault as sterling-client-secret",
    "STATE_STORAGE_CONNECTION": "may hold an account key; Azure uses STATE_STORAGE_ACCOUNT and the app's identity",
    "STATE_SQLITE_PATH": "the local SQLite backend only",
    "DYNAMICS_ALLOW_SANDBOX_HOST": "the built-in sandbox only; absent means false",
    "DYNAMICS_CA_BUNDLE": "Dynamics and Entra present publicly trusted certificates",
    "KEY_VAULT_CA_BUNDLE": "Key Vault presents a publicly trusted certificate",
    "KEY_VAULT_EMULATOR": "the built-in sandbox only; absent means false",
    "LOCAL_FUNCTION_KEY": "the local host only; in Azure the Functions host checks its own keys",
    "LOCAL_ADMIN_KEY": "the local host only; in Azure the Functions host checks its own keys",
    "LOCAL_HTTP_PORT": "the local host only",
    "LOCAL_QUEUE_VISIBILITY_SECONDS": "the local host only; in Azure host.json governs redelivery",
    "KEY_VAULT_EMULATOR_AUTHORITY": "the built-in sandbox only",
    "KEY_VAULT_EMULATOR_TENANT_ID": "the built-in sandbox only",
    "KEY_VAULT_EMULATOR_CLIENT_ID": "the built-in sandbox only",
    "KEY_VAULT_EMULATOR_CLIENT_SECRET": "the built-in sandbox only",
    "FUNCTIONS_WORKER_RUNTIME": "Flex Consumption takes the runtime from functionAppConfig and rejects the setting",
}

# Set by the template to something other than the catalog's default, on purpose.
DELIBERATE_OVERRIDES: dict[str, str] = {
    "STATE_BACKEND": "Storage in Azure, SQLite locally",
    "PYTHON_APPLICATIONINSIGHTS_ENABLE_TELEMETRY": "OpenTelemetry export in Azure, off locally",
}

_KEY_VAULT_REFERENCE = re.compile(r"^@Microsoft\.KeyVault\(VaultName=([^;]+);SecretName=([^)]+)\)$")

Parser = Callable[[Mapping[str, str], SettingsProblems], object]


def _runtime_parsers() -> list[Parser]:
    """The runtime's own section (schedules, the events URL token), once the runtime is on this branch."""
    try:
        module = importlib.import_module("shared.runtime.settings")
    except ModuleNotFoundError:
        return []
    return [module.read_runtime_settings]


OAUTH = {
    "STERLING_AUTH": "oauth",
    "STERLING_TOKEN_URL": "https://b2bi.example.com:9443/realms/b2bi/protocol/openid-connect/token",
    "STERLING_CLIENT_ID": "ml-connector",
}


class RecordingSource(SettingsSource):
    """A settings source that remembers every name asked for, present or not."""

    def __init__(self, values: Mapping[str, str]) -> None:
        super().__init__(values)
        self.asked: set[str] = set()

    def __getitem__(self, key: str) -> str:
        self.asked.add(key)
        return super().__getitem__(key)


def rendered_settings_unresolved() -> dict[str, str]:
    """The app settings a deployment with main.parameters.json produces, as text, Key Vault references as written."""
    main = load(MAIN)
    evaluator = Evaluator(main, parameter_values(main))
    return {key: str(evaluator.value(node)) for key, node in app_settings(main).items()}


def rendered_settings(overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    """The app settings as the app sees them: Key Vault references resolved, the partner file present."""
    settings = rendered_settings_unresolved()
    # The platform resolves Key Vault references before the app sees them; a resolved value stands in here.
    settings.update({key: "r" * 64 for key, value in settings.items() if _KEY_VAULT_REFERENCE.match(value)})
    # The partner file is deployed with the package; here the repository's example stands in for it.
    settings["PARTNERS_FILE"] = str(ROOT / "config" / "partners.example.toml")
    settings.update(overrides or {})
    return settings


def parse_as_the_app_does(values: Mapping[str, str]) -> tuple[set[str], list[str]]:
    """The names the connector's settings sections read from ``values``, and the problems they report."""
    source = RecordingSource(values)
    problems = SettingsProblems()
    vault = parse_key_vault_settings(source, problems)
    in_vault = vault is not None
    parse_dynamics_settings(source, problems, secret_in_key_vault=in_vault)
    parse_sterling_settings(source, problems, secret_in_key_vault=in_vault)
    read_state_settings(source, problems)
    PartnerSettings.parse(source, problems)
    for parse in _runtime_parsers():
        parse(source, problems)
    return source.asked, problems.problems


@pytest.mark.parametrize("auth", [{}, OAUTH], ids=["sterling-basic", "sterling-oauth"])
def test_every_setting_the_connector_reads_is_provided_by_the_template(auth: dict[str, str]) -> None:
    provided = set(app_settings(load(MAIN)))
    asked, _ = parse_as_the_app_does(rendered_settings(auth))
    missing = asked - provided - set(NOT_SET_IN_AZURE)
    assert missing == set(), f"add these to appSettings in infra/main.bicep: {sorted(missing)}"


def _provided(name: str, settings: Mapping[str, object]) -> bool:
    """A setting is provided as itself, or, for a host connection, as its identity-based ``<name>__...`` form."""
    return name in settings or any(key.startswith(f"{name}__") for key in settings)


def test_every_setting_in_the_catalog_is_provided_or_kept_out_for_a_reason() -> None:
    catalog = pytest.importorskip("shared.settings_catalog").CATALOG
    settings = app_settings(load(MAIN))
    missing = [s.name for s in catalog if not _provided(s.name, settings) and s.name not in NOT_SET_IN_AZURE]
    assert missing == [], f"add these to appSettings in infra/main.bicep: {missing}"
    unknown = set(NOT_SET_IN_AZURE) - {s.name for s in catalog}
    assert unknown == set(), f"kept out of Azure but not in the catalog any more: {sorted(unknown)}"


def test_secrets_in_the_catalog_reach_azure_only_by_reference_or_identity() -> None:
    catalog = pytest.importorskip("shared.settings_catalog").CATALOG
    rendered = rendered_settings_unresolved()
    for setting in catalog:
        if not setting.secret or setting.name in NOT_SET_IN_AZURE:
            continue
        if setting.name in rendered:
            assert _KEY_VAULT_REFERENCE.match(rendered[setting.name]), f"{setting.name} is a plain secret"
        else:
            identity_form = [key for key in rendered if key.startswith(f"{setting.name}__")]
            assert identity_form, setting.name
            assert all(not _KEY_VAULT_REFERENCE.match(rendered[key]) for key in identity_form)


def test_tuning_values_follow_the_catalog_defaults() -> None:
    catalog = pytest.importorskip("shared.settings_catalog").CATALOG
    main = load(MAIN)
    settings = app_settings(main)
    rendered = rendered_settings_unresolved()
    for setting in catalog:
        literal = settings.get(setting.name)
        is_constant = (
            isinstance(literal, str)
            and "${" not in literal
            and literal not in main.parameters
            and literal not in main.variables
        )
        if not is_constant or setting.secret or setting.default is None or setting.name in DELIBERATE_OVERRIDES:
            continue
        assert rendered[setting.name] == setting.default, setting.name


def test_settings_kept_out_of_azure_are_really_absent() -> None:
    assert set(app_settings(load(MAIN))) & set(NOT_SET_IN_AZURE) == set()


@pytest.mark.parametrize("auth", [{}, OAUTH], ids=["sterling-basic", "sterling-oauth"])
def test_the_values_the_template_sets_pass_the_connectors_own_validation(auth: dict[str, str]) -> None:
    _, problems = parse_as_the_app_does(rendered_settings(auth))
    assert problems == []


def test_the_check_reports_a_setting_the_template_forgot() -> None:
    settings = rendered_settings()
    del settings["DYNAMICS_LEGAL_ENTITIES"]
    asked, problems = parse_as_the_app_does(settings)
    assert "DYNAMICS_LEGAL_ENTITIES" in asked
    assert any(problem.startswith("DYNAMICS_LEGAL_ENTITIES:") for problem in problems)


def test_secrets_come_from_key_vault_in_azure() -> None:
    settings = rendered_settings()
    vault = parse_key_vault_settings(SettingsSource(settings), SettingsProblems())
    assert vault is not None
    assert vault.uri.endswith(".vault.azure.net")
    assert vault.emulator is False
    assert vault.ttl_seconds == 300.0


def test_the_one_secret_read_as_a_setting_is_a_reference_to_the_deployed_vault() -> None:
    main = load(MAIN)
    evaluator = Evaluator(main, parameter_values(main))
    reference = str(evaluator.value(app_settings(main)["EVENTS_URL_TOKEN"]))
    match = _KEY_VAULT_REFERENCE.match(reference)
    assert match is not None, reference
    assert match.group(1) == evaluator.value("keyVaultName")
    key_vault_args = main.modules["keyVault"]["config"]["params"]
    assert match.group(2) == evaluator.value(key_vault_args["eventsUrlTokenName"])


def test_the_connector_poisons_at_the_same_count_as_the_host() -> None:
    host = json.loads((ROOT / "host.json").read_text(encoding="utf-8"))
    settings = rendered_settings()
    assert int(settings["STATE_QUEUE_MAX_ATTEMPTS"]) == host["extensions"]["queues"]["maxDequeueCount"]


def test_state_lives_in_the_deployed_account_with_the_queues_the_template_creates() -> None:
    settings = rendered_settings()
    state = read_state_settings(SettingsSource(settings), problems := SettingsProblems())
    assert problems.problems == []
    assert state.storage_account == settings["STATE_STORAGE_ACCOUNT"]
    assert state.storage_connection is None
    main = load(MAIN)
    storage_params = main.modules["storage"]["config"]["params"]
    evaluator = Evaluator(main, parameter_values(main))
    created = {evaluator.value(name) for name in storage_params["workQueueNames"]}
    assert created == {state.queues.outbound, state.queues.inbound}
    assert evaluator.value(storage_params["payloadContainerName"]) == state.blob_container


def test_the_credential_setting_limits_default_azure_credential_to_the_managed_identity(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AZURE_TOKEN_CREDENTIALS", rendered_settings()["AZURE_TOKEN_CREDENTIALS"])
    credential = DefaultAzureCredential()
    try:
        assert [type(c) for c in credential.credentials] == [ManagedIdentityCredential]
    finally:
        credential.close()
