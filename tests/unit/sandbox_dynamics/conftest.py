"""Fixtures for the Dynamics emulator tests (the helpers live in support.py, shared with the integration tests)."""

from tests.unit.sandbox_dynamics.support import client, emulator, signing_key

__all__ = ["client", "emulator", "signing_key"]
