"""The package the deploy workflow publishes can be indexed by the Functions host on its own.

The workflow copies a fixed list of paths into the package. A module that the entry point imports from outside
that list, such as the sandbox, would leave the deployed app with "0 functions found" and nothing else in the
log. This test builds the package the same way and indexes it in a fresh interpreter.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.unit.infra.bicep import ROOT

pytestmark = pytest.mark.unit

DEPLOY_WORKFLOW = ROOT / ".github" / "workflows" / "deploy.yml"
_COPY = re.compile(r"cp -r (?P<paths>[^\n]+?) dist/app/")

INDEX = """
import json, sys
import function_app
functions = [f.get_function_name() for f in function_app.app.get_functions()]
modules = {name: getattr(module, "__file__", None) for name, module in sys.modules.items()}
print(json.dumps({"functions": functions, "modules": modules}))
"""


def packaged_paths() -> list[str]:
    match = _COPY.search(DEPLOY_WORKFLOW.read_text(encoding="utf-8"))
    assert match is not None, "deploy.yml no longer builds dist/app with cp -r"
    return match.group("paths").split()


def build_package(target: Path) -> Path:
    app = target / "app"
    app.mkdir()
    for name in packaged_paths():
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, app / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, app / name)
    return app


def test_the_package_holds_what_the_host_needs() -> None:
    assert {"function_app.py", "host.json", "requirements.txt", "shared"} <= set(packaged_paths())
    assert not {"sandbox", "tests", "infra", "bench"} & set(packaged_paths())


def test_the_package_indexes_without_anything_outside_it(tmp_path: Path) -> None:
    app = build_package(tmp_path)
    # -E -s: no PYTHONPATH and no user site, so only the package (the working directory) and the installed
    # requirements can be imported, as on the host.
    result = subprocess.run(
        [sys.executable, "-E", "-s", "-c", INDEX], cwd=app, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    ours = {
        name: file
        for name, file in report["modules"].items()
        if name == "function_app" or name.split(".")[0] in {"shared", "sandbox"}
    }
    assert "function_app" in ours
    assert not [name for name in ours if name.split(".")[0] == "sandbox"], "the entry point imports the sandbox"
    outside = {name: file for name, file in ours.items() if file and not Path(file).resolve().is_relative_to(app)}
    assert outside == {}, "modules imported from outside the package"
