"""Emulator of IBM Sterling B2B Integrator's B2B REST APIs (``/B2BAPIs/svc/``) with a partner simulator.

``create_sterling(ctx)`` builds what the launcher serves.  The control API lives under ``CONTROL_BASE`` (JSON,
no auth; the fault wrapper should leave it alone) and the OAuth token endpoint at ``TOKEN_PATH`` (ADR 0241).
"""

from sandbox.sterling.auth import TOKEN_PATH, AuthMode
from sandbox.sterling.control import CONTROL_BASE
from sandbox.sterling.emulator import ADMIN_USER, LIMITED_USER, LIMITED_USER_LACKS, SterlingEmulator, create_sterling

__all__ = [
    "ADMIN_USER",
    "CONTROL_BASE",
    "LIMITED_USER",
    "LIMITED_USER_LACKS",
    "TOKEN_PATH",
    "AuthMode",
    "SterlingEmulator",
    "create_sterling",
]
