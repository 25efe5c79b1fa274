"""The token gate: every way a token can be wrong answers 401 with an empty body."""

from __future__ import annotations

import time

import pytest

from sandbox.dynamics import DynamicsEmulator
from sandbox.jwt import SigningKey
from tests.unit.sandbox_dynamics.support import Client, make_context, token, with_faults

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "make_bearer",
    [
        pytest.param(lambda key: None, id="missing"),
        pytest.param(lambda key: "not-a-jwt", id="malformed"),
        pytest.param(lambda key: token(key, exp=int(time.time()) - 60), id="expired"),
        pytest.param(
            lambda key: token(key, aud="https://contoso-sandbox.operations.dynamics.com/"), id="trailing-slash-aud"
        ),
        pytest.param(lambda key: token(key, aud="https://other.operations.dynamics.com"), id="wrong-aud"),
        pytest.param(lambda key: token(key, tid="00000000-0000-0000-0000-000000000001"), id="wrong-tenant"),
        pytest.param(lambda key: token(key, appid="11111111-2222-3333-4444-555555555555"), id="unknown-app"),
        pytest.param(lambda key: token(SigningKey.generate("rogue")), id="foreign-signature"),
    ],
)
def test_bad_tokens_get_401(emulator: DynamicsEmulator, signing_key: SigningKey, make_bearer: object) -> None:
    bearer = make_bearer(signing_key)  # type: ignore[operator]
    client = Client(emulator, bearer or "")
    response = client.request("GET", "/data/CustomersV3", auth=bearer is not None)
    assert response.status == 401
    assert response.body == b""
    assert response.header("WWW-Authenticate") == "Bearer"


def test_good_token_passes_and_token_expired_fault_rejects_it(signing_key: SigningKey) -> None:
    good = DynamicsEmulator(make_context(signing_key))
    assert Client(good, token(signing_key)).request("GET", "/data/CustomersV3", "$top=1").status == 200
    faulty = DynamicsEmulator(with_faults(make_context(signing_key), {"token_expired"}))
    assert Client(faulty, token(signing_key)).request("GET", "/data/CustomersV3", "$top=1").status == 401
    good.close()
    faulty.close()


def test_control_api_needs_no_token(emulator: DynamicsEmulator) -> None:
    response = Client(emulator, "").request("GET", "/sandbox/dynamics/counters", auth=False)
    assert response.status == 200
