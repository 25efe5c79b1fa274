"""Structural checks over the templates. Each returns the problems it found, so the tests can run the same
check on the real templates (expecting none) and on altered copies (expecting the problem to be named)."""

from __future__ import annotations

import re

from tests.unit.infra.bicep import Template, body, description, is_secure, load, references, strings

# Every resource type the templates may declare, with the API version reviewed for it. A new type or version
# fails until it is added here on purpose.
API_VERSIONS: dict[str, str] = {
    "Microsoft.Authorization/roleAssignments": "2022-04-01",
    "Microsoft.Insights/actionGroups": "2023-01-01",
    "Microsoft.Insights/components": "2020-02-02",
    "Microsoft.Insights/scheduledQueryRules": "2023-12-01",
    "Microsoft.Insights/workbooks": "2023-06-01",
    "Microsoft.KeyVault/vaults": "2023-07-01",
    "Microsoft.KeyVault/vaults/secrets": "2023-07-01",
    "Microsoft.OperationalInsights/workspaces": "2023-09-01",
    "Microsoft.Storage/storageAccounts": "2023-05-01",
    "Microsoft.Storage/storageAccounts/blobServices": "2023-05-01",
    "Microsoft.Storage/storageAccounts/blobServices/containers": "2023-05-01",
    "Microsoft.Storage/storageAccounts/queueServices": "2023-05-01",
    "Microsoft.Storage/storageAccounts/queueServices/queues": "2023-05-01",
    "Microsoft.Storage/storageAccounts/tableServices": "2023-05-01",
    "Microsoft.Storage/storageAccounts/tableServices/tables": "2023-05-01",
    "Microsoft.Web/serverfarms": "2024-04-01",
    "Microsoft.Web/sites": "2024-04-01",
    "Microsoft.Web/sites/basicPublishingCredentialsPolicies": "2024-04-01",
    "Microsoft.Web/sites/config": "2024-04-01",
}

# Built-in role definitions (the same GUID in every tenant).
BUILT_IN_ROLES: dict[str, str] = {
    "Storage Blob Data Owner": "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
    "Storage Queue Data Contributor": "974c5e8b-45b9-4653-ba55-5f855dd0fb88",
    "Storage Table Data Contributor": "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3",
    "Key Vault Secrets User": "4633458b-17de-408a-b874-0445c86b69e6",
    "Key Vault Secrets Officer": "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
    "Monitoring Metrics Publisher": "3913510d-42f4-4e42-8a64-420c390055eb",
    "Storage Blob Data Reader": "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
}

# Settings Flex Consumption rejects or ignores (functions-app-settings, "Flex Consumption plan deprecations").
FLEX_FORBIDDEN_SETTINGS = frozenset(
    {
        "FUNCTIONS_WORKER_RUNTIME",
        "FUNCTIONS_EXTENSION_VERSION",
        "WEBSITE_RUN_FROM_PACKAGE",
        "WEBSITE_CONTENTSHARE",
        "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING",
        "SCM_DO_BUILD_DURING_DEPLOYMENT",
        "ENABLE_ORYX_BUILD",
        "WEBSITE_TIME_ZONE",
        "TZ",
    }
)

_KEY_MATERIAL = re.compile(r"AccountKey=|SharedAccessSignature=|listKeys|listAccountSas|primaryKey", re.IGNORECASE)


def module_problems(template: Template) -> list[str]:
    """Every module file exists; every argument is a declared parameter; every parameter without a default is given."""
    problems: list[str] = []
    for name, module in template.modules.items():
        detail = module["detail"]
        assert isinstance(detail, dict)
        path = (template.path.parent / str(detail["path"])).resolve()
        if not path.is_file():
            problems.append(f"module {name}: {detail['path']} does not exist")
            continue
        declared = load(path).parameters
        config = body(module)
        given = config.get("params") or {}
        assert isinstance(given, dict)
        problems += [f"module {name}: {arg} is not a parameter of {path.name}" for arg in given if arg not in declared]
        problems += [
            f"module {name}: required parameter {param} is not given"
            for param, declaration in declared.items()
            if declaration.get("default") is None and param not in given
        ]
    return problems


def parameter_problems(template: Template) -> list[str]:
    """Every parameter is described and used."""
    problems: list[str] = []
    rest = {key: value for key, value in template.data.items() if key != "parameters"}
    for name, declaration in template.parameters.items():
        if not (description(declaration) or "").strip():
            problems.append(f"{template.name}: parameter {name} has no @description")
        if not references(rest, name):
            problems.append(f"{template.name}: parameter {name} is never used")
    return problems


def api_version_problems(template: Template) -> list[str]:
    problems: list[str] = []
    for name, resource in template.resources.items():
        kind, version = str(resource["type"]), str(resource["api_version"])
        expected = API_VERSIONS.get(kind)
        if expected is None:
            problems.append(f"{template.name}: resource {name} has unreviewed type {kind}")
        elif version != expected:
            problems.append(f"{template.name}: resource {name} uses {kind}@{version}, reviewed is {expected}")
    return problems


def role_assignment_problems(template: Template) -> list[str]:
    """Role assignments are named with guid(), name a built-in role by its GUID, and set the principal type."""
    problems: list[str] = []
    guids = set(BUILT_IN_ROLES.values())
    for name, resource in template.resources.items():
        if resource["type"] != "Microsoft.Authorization/roleAssignments":
            continue
        config = body(resource)
        assignment_name = config.get("name")
        if not (isinstance(assignment_name, dict) and assignment_name.get("function", {}).get("type") == "guid"):
            problems.append(f"{template.name}: role assignment {name} is not named with guid(...)")
        properties = config["properties"]
        assert isinstance(properties, dict)
        role = role_guid(template, properties["roleDefinitionId"])
        if role not in guids:
            problems.append(f"{template.name}: role assignment {name} grants {role!r}, not a known built-in role")
        if "principalType" not in properties:
            problems.append(f"{template.name}: role assignment {name} has no principalType")
    return problems


def role_guid(template: Template, role_definition: object) -> str | None:
    """The role GUID of ``subscriptionResourceId('Microsoft.Authorization/roleDefinitions', <var or literal>)``."""
    if not isinstance(role_definition, dict):
        return None
    function = role_definition.get("function") or {}
    if function.get("type") != "subscription_resource_id":
        return None
    argument = str(function["parameters"]["resource_name_1"])
    variable = template.variables.get(argument)
    return str(variable["value"]) if variable is not None else argument


def app_settings_problems(main: Template) -> list[str]:
    """No key material, no secure parameter, no Flex-deprecated setting, identity-based host storage."""
    problems: list[str] = []
    settings = app_settings(main)
    secure = {name for name, declaration in main.parameters.items() if is_secure(declaration)}
    for key, value in settings.items():
        if key in FLEX_FORBIDDEN_SETTINGS:
            problems.append(f"app setting {key} is not supported on Flex Consumption")
        if any(references(value, name) for name in secure):
            problems.append(f"app setting {key} carries a secure parameter: secrets belong in Key Vault")
        if any(_KEY_MATERIAL.search(text) for text in _strings_of(value)):
            problems.append(f"app setting {key} carries key material")
        if key.endswith(("_SECRET", "_PASSWORD", "_CONNECTION")) or key == "AzureWebJobsStorage":
            problems.append(f"app setting {key} would hold a credential in plain configuration")
    for required in ("AzureWebJobsStorage__credential", "AzureWebJobsStorage__queueServiceUri"):
        if required not in settings:
            problems.append(f"app setting {required} is missing: identity-based queue triggers need it")
    return problems


def app_settings(main: Template) -> dict[str, object]:
    """The app settings object main.bicep hands to the function app module."""
    module = body(main.modules["functionApp"])
    params = module["params"]
    assert isinstance(params, dict)
    reference = params["appSettings"]
    value = main.variables[str(reference)]["value"] if isinstance(reference, str) else reference
    assert isinstance(value, dict)
    return value


def queries(template: Template) -> list[str]:
    """Every KQL text in a template (strings that read a table), with ${eventRows} references left in."""
    return [text for text in _strings_of(template.data) if re.search(r"\b(traces|requests|eventRows)\b.*\|", text)]


def _strings_of(node: object) -> list[str]:
    return list(strings(node))
