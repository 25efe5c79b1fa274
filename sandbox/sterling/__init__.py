"""Emulator of IBM Sterling B2B Integrator's B2B REST APIs (``/B2BAPIs/svc/``) with a partner simulator."""

from sandbox.sterling.emulator import ADMIN_USER, LIMITED_USER, LIMITED_USER_LACKS, SterlingEmulator, create_sterling

__all__ = ["ADMIN_USER", "LIMITED_USER", "LIMITED_USER_LACKS", "SterlingEmulator", "create_sterling"]
