"""``--state azurite``: run the Azure Storage state adapters against a private, in-memory Azurite.

Azurite is found on PATH or where scripts/bootstrap installs it (``.tools/node_modules/.bin``); it listens on free
loopback ports and is stopped when the demo ends.  Its account key is Microsoft's published development key.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from shared.errors import ConfigurationError
from shared.settings import Secret

__all__ = ["running_azurite"]

_REPO = Path(__file__).resolve().parents[2]
_ACCOUNT = "devstoreaccount1"
# Azurite's well-known development key, the same in every installation (documented by Microsoft).
_ACCOUNT_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
_START_SECONDS = 30.0


def _find() -> Path:
    found = shutil.which("azurite")
    if found:
        return Path(found)
    local = _REPO / ".tools" / "node_modules" / ".bin" / "azurite"
    if local.exists():
        return local
    raise ConfigurationError(
        "Azurite is not installed (not on PATH, not in .tools/)",
        hint="run scripts/bootstrap (it installs Azurite with npm), or use --state sqlite",
    )


def _free_ports(count: int) -> list[int]:
    sockets = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def _listening(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.2)
        return s.connect_ex(("127.0.0.1", port)) == 0


@contextmanager
def running_azurite(workdir: Path) -> Iterator[Secret]:
    """Start Azurite in memory; yields its connection string."""
    blob, queue, table = _free_ports(3)
    command = [str(_find()), "--inMemoryPersistence", "--silent", "--loose", "--skipApiVersionCheck"]
    command += ["--disableTelemetry", "--blobHost", "127.0.0.1", "--blobPort", str(blob)]
    command += ["--queueHost", "127.0.0.1", "--queuePort", str(queue), "--tableHost", "127.0.0.1"]
    command += ["--tablePort", str(table)]
    log_path = workdir / "azurite.log"
    with log_path.open("wb") as log:
        # The command is built here from a fixed argument list and a path found on PATH or in .tools.
        process = subprocess.Popen(  # noqa: S603
            command, cwd=workdir, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
        try:
            deadline = time.monotonic() + _START_SECONDS
            while not all(_listening(p) for p in (blob, queue, table)):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise ConfigurationError(
                        "Azurite did not start: " + log_path.read_text(errors="replace")[-500:],
                        hint="run scripts/bootstrap again, or use --state sqlite",
                    )
                time.sleep(0.05)
            yield Secret(
                f"DefaultEndpointsProtocol=http;AccountName={_ACCOUNT};AccountKey={_ACCOUNT_KEY};"
                f"BlobEndpoint=http://127.0.0.1:{blob}/{_ACCOUNT};"
                f"QueueEndpoint=http://127.0.0.1:{queue}/{_ACCOUNT};"
                f"TableEndpoint=http://127.0.0.1:{table}/{_ACCOUNT};"
            )
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
