"""Starts Azurite (the Azure Storage emulator) for the test session: in memory, on free loopback ports."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# Azurite's published development account (documented by Microsoft; not a secret).
ACCOUNT = "devstoreaccount1"
ACCOUNT_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="


class AzuriteUnavailableError(RuntimeError):
    pass


@dataclass(frozen=True)
class Azurite:
    blob_port: int
    queue_port: int
    table_port: int

    @property
    def connection_string(self) -> str:
        return (
            f"DefaultEndpointsProtocol=http;AccountName={ACCOUNT};AccountKey={ACCOUNT_KEY};"
            f"BlobEndpoint=http://127.0.0.1:{self.blob_port}/{ACCOUNT};"
            f"QueueEndpoint=http://127.0.0.1:{self.queue_port}/{ACCOUNT};"
            f"TableEndpoint=http://127.0.0.1:{self.table_port}/{ACCOUNT};"
        )


def find_azurite(repo: Path = REPO, search_path: str | None = None) -> Path:
    """Azurite on PATH (or ``search_path``), else the copy scripts/bootstrap installs under ``repo``/.tools."""
    on_path = shutil.which("azurite", path=search_path)
    if on_path:
        return Path(on_path)
    local = repo / ".tools" / "node_modules" / ".bin" / "azurite"
    if local.exists():
        return local
    raise AzuriteUnavailableError(
        f"Azurite is not installed (not on PATH, not at {local}); run scripts/bootstrap to install it"
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
def running_azurite(workdir: Path, *, start_timeout: float = 30.0) -> Iterator[Azurite]:
    binary = find_azurite()
    blob, queue, table = _free_ports(3)
    log_path = workdir / "azurite.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                str(binary),
                "--inMemoryPersistence",
                "--silent",
                "--loose",
                "--skipApiVersionCheck",
                "--disableTelemetry",
                "--blobHost",
                "127.0.0.1",
                "--blobPort",
                str(blob),
                "--queueHost",
                "127.0.0.1",
                "--queuePort",
                str(queue),
                "--tableHost",
                "127.0.0.1",
                "--tablePort",
                str(table),
            ],
            cwd=workdir,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + start_timeout
            # The table service starts last; wait for all three anyway.
            while not all(_listening(p) for p in (blob, queue, table)):
                if process.poll() is not None:
                    raise AzuriteUnavailableError(
                        f"Azurite exited with code {process.returncode} at start: "
                        f"{log_path.read_text(errors='replace')[-2000:]}"
                    )
                if time.monotonic() > deadline:
                    raise AzuriteUnavailableError(f"Azurite did not listen on ports {blob}/{queue}/{table} in time")
                time.sleep(0.05)
            yield Azurite(blob, queue, table)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
