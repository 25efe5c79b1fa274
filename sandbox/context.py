"""What every emulator is built from: the sandbox's addresses, credentials, signing keys, seed and fault hook.

The launcher binds all servers first (ports chosen by the OS), then builds this context, then creates each
emulator with ``create_<system>(context)``; so every emulator knows every other one's URL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey

from sandbox.web import Request

__all__ = ["FaultHook", "SandboxContext", "no_faults"]

# Asked by an emulator at the points where a system-specific fault can happen, e.g.
# hook("batch_part_failure", request) in Dynamics' $batch, hook("lost_response", request) in Sterling.
# True means: act the fault out now.  Generic faults (429, 5xx, slow, reset) are applied around the app by
# sandbox.faults and need no hook.
FaultHook = Callable[[str, Request], bool]


def no_faults(kind: str, request: Request) -> bool:
    return False


@dataclass(frozen=True)
class SandboxContext:
    seed: int
    scale: int
    # Entra ID: the one registered confidential client the connector uses.
    tenant_id: str
    client_id: str
    client_secret: str
    token_keys: tuple[RSAPublicKey, ...]
    # Base URLs, no trailing slash. dynamics_url is the F&O environment URL (token audience).
    entra_url: str
    dynamics_url: str
    sterling_url: str
    keyvault_url: str
    # Sterling API user (HTTP Basic) for the connector; it holds the partner mailboxes' permissions.
    sterling_user: str
    sterling_password: str
    ca_cert_path: Path
    faults: FaultHook = no_faults
