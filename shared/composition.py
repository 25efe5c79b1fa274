"""The composition root: turns settings into the ``Services`` every flow works with, once per process.

Nothing here runs at import time. The Functions entry point calls :func:`current_runtime` on the first
invocation (so cold start pays only for what the first function needs); the CLI and tests call
:func:`build_runtime` with their own settings. Secrets come from Key Vault when ``KEY_VAULT_URI`` is set, else
from local settings; either way they are registered with the redaction filter before anything logs.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from shared.flows.contract import Services
from shared.runtime.settings import RuntimeSettings, read_runtime_settings

if TYPE_CHECKING:
    from shared.dynamics.client import DynamicsClient
    from shared.partners import ItemDirectory

__all__ = ["Runtime", "build_runtime", "current_runtime", "install_log_redaction", "reset_current_runtime"]

# The inbound-flows work provides the Dynamics adapter of the item directory; until it is present the item
# resolver answers with a configuration error rather than guessing.
_DYNAMICS_ITEMS_MODULE = "shared.partners.dynamics_items"


@dataclass(frozen=True)
class Runtime:
    services: Services
    settings: RuntimeSettings
    close: Callable[[], None]


def _utc_now() -> datetime:
    return datetime.now(UTC)


def install_log_redaction() -> None:
    """The one place the redaction filter goes on: the handlers of the root and the connector's loggers."""
    from shared.redaction import install_redacting_filter

    install_redacting_filter([logging.getLogger(), logging.getLogger("ml_connector")])


def build_runtime(source: Mapping[str, str], *, clock: Callable[[], datetime] = _utc_now) -> Runtime:
    """Parse every section (all problems reported at once), then open state and build the clients."""
    from shared.dynamics.client import DynamicsClient
    from shared.dynamics.config import parse_dynamics_settings
    from shared.partners import ItemResolver, PartnerSettings, item_resolver, load_directory
    from shared.redaction import register_secret
    from shared.secrets import build_secret_provider
    from shared.settings import SettingsProblems
    from shared.state import open_state, read_state_settings
    from shared.sterling.client import SterlingClient
    from shared.sterling.config import parse_sterling_settings

    install_log_redaction()
    in_vault = "KEY_VAULT_URI" in source
    problems = SettingsProblems()
    state_settings = read_state_settings(source, problems)
    dynamics_settings = parse_dynamics_settings(source, problems, secret_in_key_vault=in_vault)
    sterling_settings = parse_sterling_settings(source, problems, secret_in_key_vault=in_vault)
    partner_settings = PartnerSettings.parse(source, problems)
    runtime_settings = read_runtime_settings(source, problems)
    problems.raise_if_any()
    for secret in (
        runtime_settings.events_url_token,
        runtime_settings.local_function_key,
        runtime_settings.local_admin_key,
        state_settings.storage_connection,
    ):
        if secret is not None:
            register_secret(secret)

    secrets = build_secret_provider(source) if in_vault else None
    partners = load_directory(partner_settings)
    state = open_state(state_settings)
    dynamics = DynamicsClient(dynamics_settings, secrets=secrets)
    sterling = SterlingClient(sterling_settings, secrets=secrets)
    items: ItemResolver = item_resolver(partner_settings, _item_directory(dynamics))

    def close() -> None:
        dynamics.close()
        sterling.close()
        state.close()

    services = Services(state=state, dynamics=dynamics, sterling=sterling, partners=partners, items=items, clock=clock)
    return Runtime(services=services, settings=runtime_settings, close=close)


def _item_directory(dynamics: DynamicsClient) -> ItemDirectory:
    try:
        module = importlib.import_module(_DYNAMICS_ITEMS_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name != _DYNAMICS_ITEMS_MODULE:
            raise
        from shared.runtime.missing_items import MissingItemDirectory

        return MissingItemDirectory()
    directory: ItemDirectory = module.DynamicsItemDirectory(dynamics)
    return directory


_lock = threading.Lock()
_current: list[Runtime] = []


def current_runtime() -> Runtime:
    """The process's runtime, built from the environment on first use (the Functions worker's way)."""
    with _lock:
        if not _current:
            from shared.settings import process_environment

            _current.append(build_runtime(process_environment()))
        return _current[0]


def reset_current_runtime(runtime: Runtime | None = None) -> None:
    """Use ``runtime`` as the process's runtime (None: build again on next use); the caller closes both."""
    with _lock:
        _current.clear()
        if runtime is not None:
            _current.append(runtime)
