"""The generated TLS material and the launcher's deterministic credentials and contract record."""

from __future__ import annotations

import ipaddress
import json
import re
from pathlib import Path

import pytest
from cryptography import x509

from sandbox.launcher import Credentials, SandboxInfo, make_credentials
from sandbox.tls import generate_tls

pytestmark = pytest.mark.unit

GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def test_server_certificate_names_loopback_and_is_signed_by_the_ca(tmp_path: Path) -> None:
    material = generate_tls(tmp_path)
    ca = x509.load_pem_x509_certificate(material.ca_cert.read_bytes())
    server = x509.load_pem_x509_certificate(material.server_cert.read_bytes())
    names = server.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert names.get_values_for_type(x509.IPAddress) == [ipaddress.IPv4Address("127.0.0.1")]
    assert names.get_values_for_type(x509.DNSName) == ["localhost"]
    server.verify_directly_issued_by(ca)
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is True
    assert material.server_key.stat().st_mode & 0o077 == 0
    assert material.server_context() is not None


def test_credentials_are_deterministic_per_seed_and_shaped_like_real_ones() -> None:
    first, again, other = make_credentials(1), make_credentials(1), make_credentials(2)
    assert first == again
    assert first != other
    assert GUID.match(first.tenant_id)
    assert GUID.match(first.client_id)
    assert len(first.client_secret) == 40
    assert first.client_secret[3:6] == "8Q~"
    assert first.sterling_user == "connector-api"
    assert len(first.sterling_password) == 20


def test_credentials_repr_hides_secrets() -> None:
    credentials = make_credentials(0)
    text = repr(credentials)
    assert credentials.client_secret not in text
    assert credentials.sterling_password not in text


def test_contract_json_has_exactly_the_documented_keys() -> None:
    info = SandboxInfo(
        entra="https://127.0.0.1:1",
        dynamics="https://127.0.0.1:2",
        sterling="http://127.0.0.1:3",
        keyvault="https://127.0.0.1:4",
        ca_cert=Path("/tmp/ca.pem"),
        credentials=Credentials("t", "c", "s", "u", "p"),
    )
    parsed = json.loads(info.to_json())
    assert parsed == {
        "entra": "https://127.0.0.1:1",
        "dynamics": "https://127.0.0.1:2",
        "sterling": "http://127.0.0.1:3",
        "keyvault": "https://127.0.0.1:4",
        "ca_cert": "/tmp/ca.pem",
        "credentials": {
            "tenant_id": "t",
            "client_id": "c",
            "client_secret": "s",
            "sterling_user": "u",
            "sterling_password": "p",
        },
    }
    assert "\n" not in info.to_json()
