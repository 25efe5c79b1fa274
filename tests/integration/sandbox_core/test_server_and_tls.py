"""The HTTP(S) server over real sockets: TLS trust, request plumbing, keep-alive, errors, clean stop."""

from __future__ import annotations

import logging
import socket
from pathlib import Path

import pytest
import requests

from sandbox.launcher import RunningSandbox
from sandbox.server import bind
from sandbox.tls import generate_tls
from sandbox.web import Request, Response

pytestmark = pytest.mark.integration


def test_https_with_the_ca_trusted_succeeds(core_sandbox: RunningSandbox) -> None:
    response = requests.get(f"{core_sandbox.info.dynamics}/echo", verify=str(core_sandbox.info.ca_cert), timeout=10)
    assert response.status_code == 200
    assert response.json()["scheme"] == "https"


def test_https_without_the_ca_fails_with_a_certificate_error(core_sandbox: RunningSandbox) -> None:
    with pytest.raises(requests.exceptions.SSLError, match="CERTIFICATE_VERIFY_FAILED"):
        requests.get(f"{core_sandbox.info.dynamics}/echo", timeout=10)


def test_certificate_is_valid_for_localhost_too(core_sandbox: RunningSandbox) -> None:
    url = core_sandbox.info.keyvault.replace("127.0.0.1", "localhost")
    response = requests.get(f"{url}/secrets/x/", verify=str(core_sandbox.info.ca_cert), timeout=10)
    assert response.status_code == 401  # TLS accepted; Key Vault answers its challenge


def test_request_parts_reach_the_app(core_sandbox: RunningSandbox) -> None:
    response = requests.post(f"{core_sandbox.info.sterling}/echo?a=1&b=%24x", data="payload ✓".encode(), timeout=10)
    body = response.json()
    assert body == {
        "method": "POST",
        "path": "/echo",
        "query": "a=1&b=%24x",
        "body": "payload ✓",
        "host": core_sandbox.info.sterling.removeprefix("http://"),
        "scheme": "http",
    }


def test_keep_alive_serves_several_requests_on_one_connection(core_sandbox: RunningSandbox) -> None:
    with socket.create_connection(("127.0.0.1", int(core_sandbox.info.sterling.rsplit(":", 1)[1])), timeout=10) as sock:
        stream = sock.makefile("rb")
        for _ in range(3):
            sock.sendall(b"GET /echo HTTP/1.1\r\nHost: x\r\n\r\n")
            status = stream.readline()
            assert status.startswith(b"HTTP/1.1 200")
            length = 0
            while (line := stream.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            assert b'"path":"/echo"' in stream.read(length)


def test_head_answers_without_a_body(core_sandbox: RunningSandbox) -> None:
    response = requests.head(f"{core_sandbox.info.sterling}/echo", timeout=10)
    assert response.status_code == 200
    assert response.content == b""


def test_an_emulator_bug_answers_500_and_the_server_keeps_serving(core_sandbox: RunningSandbox) -> None:
    assert requests.get(f"{core_sandbox.info.sterling}/boom", timeout=10).status_code == 500
    assert requests.get(f"{core_sandbox.info.sterling}/echo", timeout=10).status_code == 200


def test_stop_releases_the_port(tmp_path: Path) -> None:
    server = bind("https", generate_tls(tmp_path))
    server.start(_Hello(), "test")
    ca = str(tmp_path / "sandbox-ca.pem")
    session = requests.Session()
    assert session.get(f"{server.url}/", verify=ca, timeout=10).text == "hello"  # leaves a keep-alive connection
    server.stop()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", server.port), timeout=5).close()
    session.close()


class _Hello:
    def handle(self, request: Request) -> Response:
        return Response.text("hello")


def test_one_debug_line_per_request_without_secrets(
    core_sandbox: RunningSandbox, caplog: pytest.LogCaptureFixture
) -> None:
    creds = core_sandbox.info.credentials
    with caplog.at_level(logging.DEBUG, logger="sandbox.server"):
        requests.post(
            f"{core_sandbox.info.entra}/{creds.tenant_id}/oauth2/v2.0/token?secret_in_query={creds.client_secret}",
            data={
                "grant_type": "client_credentials",
                "client_id": creds.client_id,
                "client_secret": creds.client_secret,
            },
            headers={"Authorization": "Bearer very-secret-token"},
            verify=str(core_sandbox.info.ca_cert),
            timeout=10,
        )
    lines = [r.getMessage() for r in caplog.records if r.name == "sandbox.server"]
    assert len(lines) == 1
    assert lines[0].startswith(f"entra POST /{creds.tenant_id}/oauth2/v2.0/token -> 400")
    assert creds.client_secret not in lines[0]
    assert "very-secret-token" not in lines[0]
