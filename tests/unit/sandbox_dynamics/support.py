"""Helpers for the Dynamics emulator tests: real SandboxContexts and a client that signs its own tokens."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from sandbox.context import SandboxContext
from sandbox.dynamics import DynamicsEmulator
from sandbox.dynamics.events import DeliveryPolicy
from sandbox.jwt import ClaimValue, SigningKey, encode
from sandbox.web import Headers, JsonValue, Request, Response

ENV_URL = "https://contoso-sandbox.operations.dynamics.com"
TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
CLIENT_ID = "0f9d2b1c-3c55-4a7e-9e0c-4a3c2d6b8a11"


@pytest.fixture(scope="session")
def signing_key() -> SigningKey:
    return SigningKey.generate("sandbox-test-key")


def make_context(key: SigningKey, *, scale: int = 1, seed: int = 7, ca: Path | None = None) -> SandboxContext:
    return SandboxContext(
        seed=seed,
        scale=scale,
        tenant_id=TENANT,
        client_id=CLIENT_ID,
        client_secret="not-used-by-dynamics",
        token_keys=(key.public_key,),
        entra_url="https://127.0.0.1:9",
        dynamics_url=ENV_URL,
        sterling_url="https://127.0.0.1:10",
        keyvault_url="https://127.0.0.1:11",
        sterling_user="edi",
        sterling_password="not-used-by-dynamics",
        ca_cert_path=ca or Path("/nonexistent-ca.pem"),
    )


def token(key: SigningKey, **overrides: ClaimValue) -> str:
    now = int(time.time())
    claims: dict[str, ClaimValue] = {
        "aud": ENV_URL,
        "iss": f"https://sts.windows.net/{TENANT}/",
        "tid": TENANT,
        "oid": "5b1c7e0e-5b36-4a52-8a43-4a0e6b5f2c10",
        "appid": CLIENT_ID,
        "iat": now,
        "nbf": now - 5,
        "exp": now + 3600,
    }
    claims.update(overrides)
    return encode(claims, key)


@dataclass
class Client:
    """Talks to the emulator through ``handle`` exactly as the socket server would."""

    emulator: DynamicsEmulator
    bearer: str

    def request(
        self,
        method: str,
        path: str,
        query: str = "",
        body: JsonValue | bytes | None = None,
        headers: dict[str, str] | None = None,
        *,
        auth: bool = True,
    ) -> Response:
        pairs = list((headers or {}).items())
        if auth:
            pairs.append(("Authorization", f"Bearer {self.bearer}"))
        raw = body if isinstance(body, bytes) else b"" if body is None else json.dumps(body).encode()
        if body is not None and not isinstance(body, bytes):
            pairs.append(("Content-Type", "application/json"))
        return self.emulator.handle(
            Request(method, path, query, Headers(pairs), raw, "https", "contoso-sandbox.operations.dynamics.com")
        )

    def get_json(self, path: str, query: str = "", headers: dict[str, str] | None = None) -> JsonValue:
        response = self.request("GET", path, query, headers=headers)
        assert response.status == 200, response.body[:500]
        return json.loads(response.body)


def body_of(response: Response) -> dict[str, JsonValue]:
    value = json.loads(response.body)
    assert isinstance(value, dict)
    return value


@pytest.fixture
def emulator(signing_key: SigningKey) -> Iterator[DynamicsEmulator]:
    emu = DynamicsEmulator(make_context(signing_key), delivery=DeliveryPolicy(retry_wait_seconds=0.01))
    yield emu
    emu.close()


@pytest.fixture
def client(emulator: DynamicsEmulator, signing_key: SigningKey) -> Client:
    return Client(emulator, token(signing_key))


def with_faults(ctx: SandboxContext, kinds: set[str]) -> SandboxContext:
    return replace(ctx, faults=lambda kind, request: kind in kinds)
