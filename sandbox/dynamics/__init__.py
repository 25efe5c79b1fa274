"""Emulator of Microsoft Dynamics 365 Finance & Operations: OData ``/data``, ``$batch``, business events, seed data.

``create_dynamics(ctx)`` is what the sandbox launcher serves; docs/adr/0220 records what is modelled and from
which part of the reference.
"""

from sandbox.dynamics.emulator import DynamicsEmulator, create_dynamics

__all__ = ["DynamicsEmulator", "create_dynamics"]
