"""The templates hold together: modules, parameters, resource types and versions, roles, keyless storage, Flex."""

from __future__ import annotations

import json

import pytest

from shared.dynamics.config import DYNAMICS_SECRET_NAME
from shared.sterling.config import STERLING_CLIENT_SECRET_NAME, STERLING_PASSWORD_NAME
from tests.unit.infra import checks
from tests.unit.infra.bicep import (
    INFRA,
    MAIN,
    PARAMETERS_FILE,
    Template,
    all_templates,
    body,
    is_conditional,
    is_secure,
    load,
    parse_text,
)

pytestmark = pytest.mark.unit

TEMPLATES = all_templates()
IDS = [template.name for template in TEMPLATES]


def modules_dir(name: str) -> Template:
    return load(INFRA / "modules" / name)


def test_every_bicep_file_parses_and_every_module_file_is_used() -> None:
    on_disk = {path.relative_to(INFRA).as_posix() for path in INFRA.rglob("*.bicep")}
    used = {"main.bicep"} | {f"modules/{p.name}" for p in (INFRA / "modules").glob("*.bicep")}
    referenced = {str(module["detail"]["path"]) for module in load(MAIN).modules.values()}
    assert on_disk == used
    assert referenced == on_disk - {"main.bicep"}, "a module file that main.bicep does not deploy"


@pytest.mark.parametrize("template", TEMPLATES, ids=IDS)
def test_modules_are_called_with_their_declared_parameters(template: Template) -> None:
    assert checks.module_problems(template) == []


@pytest.mark.parametrize("template", TEMPLATES, ids=IDS)
def test_parameters_are_documented_and_used(template: Template) -> None:
    assert checks.parameter_problems(template) == []


@pytest.mark.parametrize("template", TEMPLATES, ids=IDS)
def test_resources_have_reviewed_types_and_api_versions(template: Template) -> None:
    assert checks.api_version_problems(template) == []


@pytest.mark.parametrize("template", TEMPLATES, ids=IDS)
def test_role_assignments_use_guid_names_and_built_in_roles(template: Template) -> None:
    assert checks.role_assignment_problems(template) == []


def test_the_app_identity_gets_exactly_the_roles_it_needs_on_the_right_scopes() -> None:
    roles = modules_dir("roles.bicep")
    by_guid = {guid: name for name, guid in checks.BUILT_IN_ROLES.items()}
    granted: dict[str, set[tuple[str, str]]] = {"principalId": set(), "operatorsPrincipalId": set()}
    for resource in roles.resources.values():
        if resource["type"] != "Microsoft.Authorization/roleAssignments":
            continue
        config = body(resource)
        properties = config["properties"]
        assert isinstance(properties, dict)
        principal = str(properties["principalId"])
        # Assignments to people are optional; the app's are not.
        assert is_conditional(resource) == (principal != "principalId")
        if principal == "principalId":
            assert properties["principalType"] == "ServicePrincipal"
        role = by_guid[str(checks.role_guid(roles, properties["roleDefinitionId"]))]
        scope = roles.resources[str(config["scope"])]["type"]
        granted[principal].add((role, str(scope)))
    assert granted["operatorsPrincipalId"] == {
        ("Key Vault Secrets Officer", "Microsoft.KeyVault/vaults"),
        ("Storage Table Data Contributor", "Microsoft.Storage/storageAccounts"),
        ("Storage Queue Data Contributor", "Microsoft.Storage/storageAccounts"),
        ("Storage Blob Data Reader", "Microsoft.Storage/storageAccounts"),
    }
    assert granted["principalId"] == {
        ("Storage Blob Data Owner", "Microsoft.Storage/storageAccounts"),
        ("Storage Queue Data Contributor", "Microsoft.Storage/storageAccounts"),
        ("Storage Table Data Contributor", "Microsoft.Storage/storageAccounts"),
        ("Key Vault Secrets User", "Microsoft.KeyVault/vaults"),
        ("Monitoring Metrics Publisher", "Microsoft.Insights/components"),
    }


def test_storage_refuses_account_keys_and_key_vault_uses_rbac() -> None:
    storage = body(modules_dir("storage.bicep").resources["account"])["properties"]
    vault = body(modules_dir("keyvault.bicep").resources["vault"])["properties"]
    insights = body(modules_dir("monitoring.bicep").resources["appInsights"])["properties"]
    assert isinstance(storage, dict)
    assert isinstance(vault, dict)
    assert isinstance(insights, dict)
    assert storage["allowSharedKeyAccess"] is False
    assert storage["allowBlobPublicAccess"] is False
    assert storage["minimumTlsVersion"] == "TLS1_2"
    assert vault["enableRbacAuthorization"] is True
    assert vault["enableSoftDelete"] is True
    assert insights["DisableLocalAuth"] is True
    assert insights["WorkspaceResourceId"] is not None


def test_the_function_app_is_linux_python_on_flex_consumption_deployed_through_its_identity() -> None:
    app = modules_dir("functionapp.bicep")
    plan = body(app.resources["plan"])
    site = body(app.resources["site"])
    assert plan["sku"] == {"tier": "FlexConsumption", "name": "FC1"}
    assert plan["properties"] == {"reserved": True}
    assert site["kind"] == "functionapp,linux"
    assert site["identity"] == {"type": "SystemAssigned"}
    config = site["properties"]["functionAppConfig"]
    assert config["runtime"] == {"name": "python", "version": "pythonVersion"}
    assert config["deployment"]["storage"]["type"] == "blobContainer"
    assert config["deployment"]["storage"]["authentication"] == {"type": "SystemAssignedIdentity"}
    assert set(config["scaleAndConcurrency"]) == {"maximumInstanceCount", "instanceMemoryMB"}
    assert load(MAIN).parameters["pythonVersion"]["default"] == "3.11"
    policies = {
        body(r)["name"]: body(r)["properties"] for r in app.resources.values() if "basicPublishing" in str(r["type"])
    }
    assert policies == {"scm": {"allow": False}, "ftp": {"allow": False}}


def test_app_settings_hold_no_secret_no_key_and_nothing_flex_rejects() -> None:
    assert checks.app_settings_problems(load(MAIN)) == []


def test_key_vault_secrets_have_the_names_the_connector_reads() -> None:
    main = load(MAIN)
    names = {
        str(main.variables[str(arg)]["value"])
        for key, arg in body(main.modules["keyVault"])["params"].items()
        if key.endswith("Name") and key != "name"
    }
    # events-url-token is read by the runtime as the EVENTS_URL_TOKEN setting, through a Key Vault reference.
    assert names == {DYNAMICS_SECRET_NAME, STERLING_PASSWORD_NAME, STERLING_CLIENT_SECRET_NAME, "events-url-token"}
    vault = modules_dir("keyvault.bicep")
    secrets = [r for r in vault.resources.values() if r["type"] == "Microsoft.KeyVault/vaults/secrets"]
    assert len(secrets) == 4
    # Written only when given, so a redeploy without secrets never blanks a rotated value.
    assert all(is_conditional(secret) for secret in secrets)
    assert all(is_secure(vault.parameters[str(body(s)["properties"]["value"])]) for s in secrets)


def test_the_parameters_file_sets_every_plain_parameter_and_no_secret() -> None:
    main = load(MAIN)
    given = set(json.loads(PARAMETERS_FILE.read_text(encoding="utf-8"))["parameters"])
    plain = {name for name, declaration in main.parameters.items() if not is_secure(declaration)}
    secure = set(main.parameters) - plain
    assert given - set(main.parameters) == set(), "the file sets parameters main.bicep does not declare"
    assert plain - given - {"location"} == set(), "document every parameter by giving it in the file"
    assert given & secure == set(), "secrets go to Key Vault with az keyvault secret set, not into a file"


# The checks themselves: each must name the defect it exists for.


def test_checks_name_an_undocumented_and_an_unused_parameter() -> None:
    template = parse_text("param used string\n@description('x')\nparam idle string\noutput o string = used\n")
    assert checks.parameter_problems(template) == [
        "main.bicep: parameter used has no @description",
        "main.bicep: parameter idle is never used",
    ]


def test_checks_name_a_missing_module_and_a_wrong_argument() -> None:
    text = (
        "module a 'modules/nope.bicep' = {\n  name: 'a'\n}\n"
        "module b 'modules/roles.bicep' = {\n  name: 'b'\n  params: {\n    principalId: 'x'\n    typo: 1\n  }\n}\n"
    )
    problems = checks.module_problems(parse_text(text))
    assert problems[0] == "module a: modules/nope.bicep does not exist"
    assert "module b: typo is not a parameter of roles.bicep" in problems
    assert "module b: required parameter keyVaultName is not given" in problems


def test_checks_name_a_plain_secret_a_key_and_a_deprecated_setting() -> None:
    main_text = MAIN.read_text(encoding="utf-8")
    broken = main_text.replace(
        "  AzureWebJobsStorage__credential: 'managedidentity'\n",
        "  FUNCTIONS_WORKER_RUNTIME: 'python'\n"
        "  DYNAMICS_CLIENT_SECRET: dynamicsClientSecret\n"
        "  STORAGE: 'DefaultEndpointsProtocol=https;AccountKey=abc'\n",
    )
    assert broken != main_text
    problems = checks.app_settings_problems(parse_text(broken))
    assert "app setting FUNCTIONS_WORKER_RUNTIME is not supported on Flex Consumption" in problems
    assert "app setting DYNAMICS_CLIENT_SECRET carries a secure parameter: secrets belong in Key Vault" in problems
    assert "app setting STORAGE carries key material" in problems
    assert "app setting AzureWebJobsStorage__credential is missing: identity-based queue triggers need it" in problems


def test_checks_name_an_unreviewed_api_version_and_an_unknown_role() -> None:
    text = (
        "resource s 'Microsoft.Storage/storageAccounts@2021-01-01' = {\n  name: 'x'\n}\n"
        "resource r 'Microsoft.Authorization/roleAssignments@2022-04-01' = {\n  name: 'fixed'\n  properties: {\n"
        "    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', "
        "'8e3af657-a8ff-443c-a75c-2fe8c4bcb635')\n    principalId: 'p'\n  }\n}\n"
    )
    template = parse_text(text)
    assert checks.api_version_problems(template) == [
        "main.bicep: resource s uses Microsoft.Storage/storageAccounts@2021-01-01, reviewed is 2023-05-01"
    ]
    assert checks.role_assignment_problems(template) == [
        "main.bicep: role assignment r is not named with guid(...)",
        "main.bicep: role assignment r grants '8e3af657-a8ff-443c-a75c-2fe8c4bcb635', not a known built-in role",
        "main.bicep: role assignment r has no principalType",
    ]
