"""Start the whole sandbox: TLS, four servers, credentials, context, emulators, fault wrappers.

Order matters: sockets are bound first so every URL is known, then the context (which holds every URL) is
built, then the emulators, which may need each other's URLs (Dynamics and Key Vault trust the Entra issuer).
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import random
import string
import tempfile
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import cast

from sandbox.context import SandboxContext
from sandbox.entra import EntraApp, create_entra
from sandbox.fault_wrapper import FaultingApp
from sandbox.faults import FaultInjector, System
from sandbox.jwt import SigningKey
from sandbox.keyvault import KeyVaultApp, create_keyvault
from sandbox.server import AppServer, bind
from sandbox.tls import generate_tls
from sandbox.web import App

__all__ = ["AppFactory", "Credentials", "RunningSandbox", "SandboxInfo", "start_sandbox"]

AppFactory = Callable[[SandboxContext], App]

STERLING_USER = "connector-api"

# The real emulators live in packages built beside this one; imported only when a sandbox starts without overrides.
_DEFAULT_FACTORIES: Mapping[System, tuple[str, str]] = {
    System.DYNAMICS: ("sandbox.dynamics", "create_dynamics"),
    System.STERLING: ("sandbox.sterling", "create_sterling"),
}


@dataclass(frozen=True)
class Credentials:
    tenant_id: str
    client_id: str
    client_secret: str
    sterling_user: str
    sterling_password: str

    def __repr__(self) -> str:  # secrets stay out of logs and tracebacks
        return (
            f"Credentials(tenant_id={self.tenant_id!r}, client_id={self.client_id!r}, "
            f"sterling_user={self.sterling_user!r})"
        )


@dataclass(frozen=True)
class SandboxInfo:
    """What clients need to reach the sandbox; ``to_json`` is the contract line of ``ml-connector sandbox``."""

    entra: str
    dynamics: str
    sterling: str
    keyvault: str
    ca_cert: Path
    credentials: Credentials

    def to_json(self) -> str:
        return json.dumps(
            {
                "entra": self.entra,
                "dynamics": self.dynamics,
                "sterling": self.sterling,
                "keyvault": self.keyvault,
                "ca_cert": str(self.ca_cert),
                "credentials": dataclasses.asdict(self.credentials),
            }
        )


def _guid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def make_credentials(seed: int) -> Credentials:
    """Deterministic per seed, shaped like the real ones (Entra secrets: 40 chars with a ``Q~`` marker)."""
    # Seeded on purpose: the same seed gives the same sandbox credentials (they guard nothing but a test run).
    rng = random.Random(f"{seed}:credentials")  # noqa: S311
    secret_chars = string.ascii_letters + string.digits + "_-.~"
    secret_prefix = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(3))
    client_secret = f"{secret_prefix}8Q~" + "".join(rng.choice(secret_chars) for _ in range(34))
    password = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(20))
    return Credentials(
        tenant_id=_guid(rng),
        client_id=_guid(rng),
        client_secret=client_secret,
        sterling_user=STERLING_USER,
        sterling_password=password,
    )


def _default_factory(system: System) -> AppFactory:
    module_name, attribute = _DEFAULT_FACTORIES[system]
    module = importlib.import_module(module_name)
    return cast(AppFactory, getattr(module, attribute))


class RunningSandbox:
    """A started sandbox; use as a context manager or call :meth:`stop`."""

    def __init__(
        self,
        *,
        info: SandboxInfo,
        context: SandboxContext,
        faults: FaultInjector,
        entra: EntraApp,
        dynamics: App,
        sterling: App,
        keyvault: KeyVaultApp,
        servers: Mapping[System, AppServer],
        workdir: tempfile.TemporaryDirectory[str],
    ) -> None:
        self.info = info
        self.context = context
        self.faults = faults
        self.entra = entra
        self.dynamics = dynamics
        self.sterling = sterling
        self.keyvault = keyvault
        self._servers = servers
        self._workdir: tempfile.TemporaryDirectory[str] | None = workdir

    def stop(self) -> None:
        """Stop every server and delete the TLS files; safe to call twice."""
        # In parallel: each server's accept loop notices the stop request only at its next poll.
        stoppers = [threading.Thread(target=server.stop) for server in self._servers.values()]
        for stopper in stoppers:
            stopper.start()
        for stopper in stoppers:
            stopper.join()
        if self._workdir is not None:
            self._workdir.cleanup()
            self._workdir = None

    def __enter__(self) -> RunningSandbox:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def start_sandbox(
    scale: int = 1,
    faults: str = "none",
    seed: int = 0,
    factories: Mapping[System, AppFactory] | None = None,
    token_lifetime_seconds: int | None = None,
) -> RunningSandbox:
    """Start all four emulators on free ports of 127.0.0.1 and return once they answer.

    ``factories`` replaces the Dynamics or Sterling emulator (tests of the sandbox itself pass trivial apps);
    Entra and Key Vault are this package's own.  ``token_lifetime_seconds`` shortens Entra's tokens (tests of
    refresh across expiry).  Raises ``sandbox.faults.UnknownProfileError`` for an unknown fault profile.
    """
    if scale < 1:
        raise ValueError(f"scale must be at least 1, not {scale}")
    injector = FaultInjector(seed=seed, profile=faults)
    workdir = tempfile.TemporaryDirectory(prefix="ml-connector-sandbox-")
    servers: dict[System, AppServer] = {}
    try:
        tls = generate_tls(Path(workdir.name))
        servers = {
            System.ENTRA: bind("https", tls),
            System.DYNAMICS: bind("https", tls),
            System.STERLING: bind("http"),
            System.KEYVAULT: bind("https", tls),
        }
        credentials = make_credentials(seed)
        key = SigningKey.generate(kid=f"sandbox-{seed}")
        context = SandboxContext(
            seed=seed,
            scale=scale,
            tenant_id=credentials.tenant_id,
            client_id=credentials.client_id,
            client_secret=credentials.client_secret,
            token_keys=(key.public_key,),
            entra_url=servers[System.ENTRA].url,
            dynamics_url=servers[System.DYNAMICS].url,
            sterling_url=servers[System.STERLING].url,
            keyvault_url=servers[System.KEYVAULT].url,
            sterling_user=credentials.sterling_user,
            sterling_password=credentials.sterling_password,
            ca_cert_path=tls.ca_cert,
        )

        def context_for(system: System) -> SandboxContext:
            return dataclasses.replace(context, faults=injector.hook(system))

        chosen = dict(factories or {})
        unknown = set(chosen) - set(_DEFAULT_FACTORIES)
        if unknown:
            raise ValueError(f"factories may replace only dynamics and sterling, not {sorted(unknown)}")
        entra = (
            create_entra(context_for(System.ENTRA), key)
            if token_lifetime_seconds is None
            else create_entra(context_for(System.ENTRA), key, token_lifetime_seconds)
        )
        keyvault = create_keyvault(context_for(System.KEYVAULT))
        dynamics = (chosen.get(System.DYNAMICS) or _default_factory(System.DYNAMICS))(context_for(System.DYNAMICS))
        sterling = (chosen.get(System.STERLING) or _default_factory(System.STERLING))(context_for(System.STERLING))
        apps: dict[System, App] = {
            System.ENTRA: entra,
            System.DYNAMICS: dynamics,
            System.STERLING: sterling,
            System.KEYVAULT: keyvault,
        }
        for system, server in servers.items():
            server.start(FaultingApp(system, apps[system], injector), system.value)
    except BaseException:
        for server in servers.values():
            server.stop()
        workdir.cleanup()
        raise
    info = SandboxInfo(
        entra=context.entra_url,
        dynamics=context.dynamics_url,
        sterling=context.sterling_url,
        keyvault=context.keyvault_url,
        ca_cert=tls.ca_cert,
        credentials=credentials,
    )
    return RunningSandbox(
        info=info,
        context=context,
        faults=injector,
        entra=entra,
        dynamics=dynamics,
        sterling=sterling,
        keyvault=keyvault,
        servers=servers,
        workdir=workdir,
    )
