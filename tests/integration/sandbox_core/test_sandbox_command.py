"""``ml-connector sandbox`` as scripts run it: a subprocess whose first stdout line is the JSON contract."""

from __future__ import annotations

import importlib.util
import json
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[3]
CONTRACT_KEYS = {"entra", "dynamics", "sterling", "keyvault", "ca_cert", "credentials"}
CREDENTIAL_KEYS = {"tenant_id", "client_id", "client_secret", "sterling_user", "sterling_password"}

# The command runs exactly as a script would once both real emulators are present; until then the real CLI runs
# with a stub registered under the missing emulator's module name (and nothing else changed).
_MISSING = [m for m in ("sandbox.dynamics", "sandbox.sterling") if importlib.util.find_spec(m) is None]
_WITH_STUBS = """
import sys, types
from tests.integration.sandbox_core.stub_apps import StoreApp
for name in sys.argv[1].split(","):
    module = types.ModuleType(name)
    setattr(module, "create_" + name.rsplit(".", 1)[1], StoreApp)
    sys.modules[name] = module
from shared.cli import main
sys.exit(main(sys.argv[2:]))
"""


def command(*args: str) -> list[str]:
    if not _MISSING:
        return [sys.executable, "-m", "shared.cli", "sandbox", *args]
    return [sys.executable, "-c", _WITH_STUBS, ",".join(_MISSING), "sandbox", *args]


@contextmanager
def start(*args: str) -> Iterator[subprocess.Popen[str]]:
    """The command as a child process; killed if a test leaves it running, pipes closed either way."""
    with subprocess.Popen(
        command(*args), cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    ) as process:
        try:
            yield process
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=20)


def read_first_line(process: subprocess.Popen[str], timeout: float = 60) -> str:
    assert process.stdout is not None
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.append(process.stdout.readline() if process.stdout else ""))
    reader.start()
    reader.join(timeout)
    if not lines:
        process.kill()
        pytest.fail(f"ml-connector sandbox printed no line within {timeout} s")
    return lines[0]


def test_prints_the_contract_line_first_serves_and_exits_on_sigint() -> None:
    with start("--seed", "7") as process:
        info = run_contract_checks(process)
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0
    assert not Path(info["ca_cert"]).exists()  # the TLS files are removed on exit


def run_contract_checks(process: subprocess.Popen[str]) -> dict[str, str]:
    info = json.loads(read_first_line(process))
    assert set(info) >= CONTRACT_KEYS
    assert set(info["credentials"]) == CREDENTIAL_KEYS
    for system, scheme in (("entra", "https"), ("dynamics", "https"), ("sterling", "http"), ("keyvault", "https")):
        assert info[system].startswith(f"{scheme}://127.0.0.1:")
        assert not info[system].endswith("/")
    assert Path(info["ca_cert"]).read_text().startswith("-----BEGIN CERTIFICATE-----")
    assert info["credentials"]["sterling_user"] == "connector-api"

    ca = info["ca_cert"]
    tenant = info["credentials"]["tenant_id"]
    token = requests.post(
        f"{info['entra']}/{tenant}/oauth2/v2.0/token",
        data={
            "grant_type": "client_credentials",
            "client_id": info["credentials"]["client_id"],
            "client_secret": info["credentials"]["client_secret"],
            "scope": f"{info['dynamics']}/.default",
        },
        verify=ca,
        timeout=10,
    )
    assert token.status_code == 200
    assert token.json()["token_type"] == "Bearer"
    vault = requests.get(f"{info['keyvault']}/secrets/sterling-password/?api-version=7.4", verify=ca, timeout=10)
    assert vault.status_code == 401
    assert requests.get(f"{info['sterling']}/sandbox/faults", timeout=10).json()["profile"] == "none"
    return info


def test_same_seed_gives_the_same_credentials_and_sigterm_also_stops() -> None:
    first: list[dict[str, str]] = []
    for _ in range(2):
        with start("--seed", "3", "--faults", "flaky") as process:
            first.append(json.loads(read_first_line(process))["credentials"])
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=20) == 0
    assert first[0] == first[1]


def test_unknown_fault_profile_is_a_usage_error() -> None:
    result = subprocess.run(
        command("--faults", "meteor"), cwd=REPO, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 2
    assert "meteor" in result.stderr
    assert "chaos" in result.stderr
    assert result.stdout == ""
