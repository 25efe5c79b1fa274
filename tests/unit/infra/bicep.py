"""The Bicep templates as data, read with pycep (a syntax-level parser: it checks grammar, not types or ARM rules).

pycep turns identifiers and string literals alike into Python strings, so a reference to ``storage`` and the
literal ``'storage'`` look the same; the helpers here resolve a string as a parameter or variable when one of
that name exists in the template, and as a literal otherwise.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from pycep import BicepParser

ROOT = Path(__file__).resolve().parents[3]
INFRA = ROOT / "infra"
MAIN = INFRA / "main.bicep"
PARAMETERS_FILE = INFRA / "main.parameters.json"

# Values ARM computes (uniqueString, deployment outputs), as a deployment would produce them (public cloud).
RUNTIME_VALUES: dict[str, str] = {
    "keyVaultName": "kv-mlc-prod-q2w3e4r5t6",
    "storage.outputs.blobEndpoint": "https://stmlcprodq2w3e4r5t6y7.blob.core.windows.net/",
    "storage.outputs.queueEndpoint": "https://stmlcprodq2w3e4r5t6y7.queue.core.windows.net/",
    "storage.outputs.tableEndpoint": "https://stmlcprodq2w3e4r5t6y7.table.core.windows.net/",
    "storage.outputs.name": "stmlcprodq2w3e4r5t6y7",
    "keyVault.outputs.uri": "https://kv-mlc-prod-q2w3e4r5t6.vault.azure.net/",
    "monitoring.outputs.connectionString": (
        "InstrumentationKey=00000000-0000-0000-0000-000000000000;"
        "IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/"
    ),
    "environment().authentication.loginEndpoint": "https://login.microsoftonline.com/",
}


@dataclass(frozen=True)
class Template:
    path: Path
    data: dict[str, object]

    @property
    def name(self) -> str:
        return self.path.relative_to(INFRA).as_posix()

    def section(self, key: str) -> dict[str, dict[str, object]]:
        value = self.data.get(key) or {}
        assert isinstance(value, dict)
        return value

    @property
    def parameters(self) -> dict[str, dict[str, object]]:
        return self.section("parameters")

    @property
    def variables(self) -> dict[str, dict[str, object]]:
        return self.section("variables")

    @property
    def resources(self) -> dict[str, dict[str, object]]:
        return self.section("resources")

    @property
    def modules(self) -> dict[str, dict[str, object]]:
        return self.section("modules")


def parse_text(text: str, path: Path = MAIN) -> Template:
    """A template from text (tests of the checks feed altered copies of the real files through this)."""
    return Template(path, BicepParser().parse(text=text))


@functools.cache
def load(path: Path) -> Template:
    return Template(path, BicepParser().parse(file_path=path))


def all_templates() -> list[Template]:
    return [load(MAIN)] + [load(path) for path in sorted((INFRA / "modules").glob("*.bicep"))]


def body(resource: Mapping[str, object]) -> dict[str, object]:
    """A resource's properties, unwrapping ``if (...)`` and ``[for ...]`` forms."""
    config = resource["config"]
    assert isinstance(config, dict)
    while "loop_type" in config or "condition" in config:
        inner = config["config"]
        assert isinstance(inner, dict)
        config = inner
    return config


def is_conditional(resource: Mapping[str, object]) -> bool:
    config = resource["config"]
    return isinstance(config, dict) and config.get("condition") is not None


def description(declaration: Mapping[str, object]) -> str | None:
    for decorator in declaration.get("decorators") or []:
        if isinstance(decorator, dict) and decorator.get("type") == "description":
            return str(decorator.get("argument"))
    return None


def is_secure(declaration: Mapping[str, object]) -> bool:
    return any(isinstance(d, dict) and d.get("type") == "secure" for d in declaration.get("decorators") or [])


def walk(node: object) -> Iterator[object]:
    yield node
    if isinstance(node, dict):
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def strings(node: object) -> Iterator[str]:
    for item in walk(node):
        if isinstance(item, str):
            yield item


def references(node: object, name: str) -> bool:
    """Whether ``name`` is referenced anywhere in ``node`` (as an identifier or inside an interpolation)."""
    pattern = re.compile(r"\$\{[^}]*\b" + re.escape(name) + r"\b")
    return any(text == name or pattern.search(text) for text in strings(node))


def accessor_path(node: object) -> str | None:
    """``a.b.c`` for a property accessor chain, ``f().b`` when it starts with a function call; else None."""
    if isinstance(node, str):
        return node
    if not isinstance(node, dict):
        return None
    if "function" in node:
        function = node["function"]
        assert isinstance(function, dict)
        return f"{function['type']}()"
    operator = node.get("operator")
    if not isinstance(operator, dict) or operator.get("type") != "property_accessor":
        return None
    operands = operator["operands"]
    assert isinstance(operands, dict)
    left, right = accessor_path(operands["operand_1"]), accessor_path(operands["operand_2"])
    return None if left is None or right is None else f"{left}.{right}"


def parameter_values(template: Template, file: Path = PARAMETERS_FILE) -> dict[str, object]:
    """Parameter values of a deployment with ``file``: the file's values over the declared defaults."""
    values: dict[str, object] = {}
    for name, declaration in template.parameters.items():
        if "default" in declaration and isinstance(declaration["default"], str | int | bool | list):
            values[name] = declaration["default"]
    document = json.loads(file.read_text(encoding="utf-8"))
    for name, entry in document["parameters"].items():
        values[name] = entry["value"]
    return values


class Evaluator:
    """Evaluates the few expression forms app settings use, so the rendered settings can be parsed by the app."""

    def __init__(self, template: Template, parameters: Mapping[str, object]) -> None:
        self._template = template
        self._parameters = parameters

    def value(self, node: object) -> object:
        if isinstance(node, bool | int | float):
            return node
        if isinstance(node, str):
            return self._name(node)
        path = accessor_path(node)
        if path is not None and path in RUNTIME_VALUES:
            return RUNTIME_VALUES[path]
        if isinstance(node, dict) and "function" in node:
            function = node["function"]
            assert isinstance(function, dict)
            if function["type"] == "string":
                parameters = function["parameters"]
                assert isinstance(parameters, dict)
                converted = self.value(parameters["value_to_convert"])
                return str(converted).lower() if isinstance(converted, bool) else str(converted)
        raise AssertionError(f"no evaluation for {json.dumps(node)[:200]}: add it to RUNTIME_VALUES or the evaluator")

    def _name(self, text: str) -> object:
        if text in RUNTIME_VALUES:
            return RUNTIME_VALUES[text]
        if text in self._parameters:
            return self._parameters[text]
        if text in self._template.variables:
            return self.value(self._template.variables[text]["value"])
        if "${" in text:
            return re.sub(r"\$\{(\w+)\}", lambda m: str(self._name(m.group(1))), text)
        return text
