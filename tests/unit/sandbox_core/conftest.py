"""A sandbox context without sockets, for calling the emulators' ``handle`` directly."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from sandbox.context import SandboxContext
from sandbox.jwt import SigningKey


@pytest.fixture(scope="session")
def signing_key() -> SigningKey:
    return SigningKey.generate("unit-key")


@pytest.fixture
def ctx(signing_key: SigningKey) -> SandboxContext:
    return SandboxContext(
        seed=0,
        scale=1,
        tenant_id="0d3c9a63-5f3a-4b6e-9a59-1d1c2e3f4a5b",
        client_id="6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        client_secret="abc8Q~unit-test-secret-value-0123456789",
        token_keys=(signing_key.public_key,),
        entra_url="https://127.0.0.1:1001",
        dynamics_url="https://127.0.0.1:1002",
        sterling_url="http://127.0.0.1:1003",
        keyvault_url="https://127.0.0.1:1004",
        sterling_user="connector-api",
        sterling_password="unit-sterling-password",
        ca_cert_path=Path("/nonexistent/ca.pem"),
    )


def with_hook(ctx: SandboxContext, answer: bool) -> SandboxContext:
    return dataclasses.replace(ctx, faults=lambda kind, request: answer)
