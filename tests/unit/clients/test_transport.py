"""The transport applies the retry policy to real HTTP over 127.0.0.1 (a scripted responder, no emulator)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from shared.errors import RemoteUnavailableError
from shared.http.retry import RetryPolicy
from shared.http.transport import HttpTransport, NoCredentials

pytestmark = pytest.mark.unit

# Each scripted answer: (status, headers) or "reset" (close the socket without answering).
Script = list[object]


class Responder:
    def __init__(self) -> None:
        self.script: Script = []
        self.seen: list[tuple[str, str]] = []  # (method, Authorization)
        responder = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                responder.seen.append((self.command, self.headers.get("Authorization", "")))
                step = responder.script.pop(0) if responder.script else (200, {})
                if step == "reset":
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                status, headers = step  # type: ignore[misc]
                body = b'{"ok":true}'
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = _answer  # noqa: N815
            do_POST = _answer  # noqa: N815

            def log_message(self, *args: object) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/x"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def responder() -> Iterator[Responder]:
    server = Responder()
    yield server
    server.close()


class CountingCredentials(NoCredentials):
    def __init__(self) -> None:
        self.generation = 0

    def authorization(self) -> str:
        return f"Bearer token-{self.generation}"

    def refresh(self) -> None:
        self.generation += 1


def make(policy: RetryPolicy | None = None) -> tuple[HttpTransport, list[float], CountingCredentials]:
    sleeps: list[float] = []
    credentials = CountingCredentials()
    transport = HttpTransport(
        system="test",
        credentials=credentials,
        policy=policy or RetryPolicy(max_attempts=3, base_delay=0.01, max_delay=0.02, retry_after_jitter=0.0),
        sleep=sleeps.append,
        rng=lambda: 0.0,
    )
    return transport, sleeps, credentials


def test_throttled_read_waits_retry_after_then_succeeds(responder: Responder) -> None:
    responder.script = [(429, {"Retry-After": "3"}), (200, {})]
    transport, sleeps, _ = make()
    assert transport.send("GET", responder.url).status_code == 200
    assert sleeps == [3.0]
    assert [m for m, _ in responder.seen] == ["GET", "GET"]


def test_throttled_post_is_resent_but_a_failed_post_is_not(responder: Responder) -> None:
    responder.script = [(429, {"Retry-After": "1"}), (201, {})]
    transport, sleeps, _ = make()
    assert transport.send("POST", responder.url, data=b"{}").status_code == 201
    responder.script = [(500, {}), (201, {})]
    assert transport.send("POST", responder.url, data=b"{}").status_code == 500
    assert [m for m, _ in responder.seen] == ["POST", "POST", "POST"]
    assert sleeps == [1.0]


def test_server_errors_on_reads_back_off_until_attempts_run_out(responder: Responder) -> None:
    responder.script = [(503, {}), (502, {}), (500, {}), (200, {})]
    transport, sleeps, _ = make()
    assert transport.send("GET", responder.url).status_code == 500
    assert len(responder.seen) == 3
    assert len(sleeps) == 2


def test_401_refreshes_credentials_once(responder: Responder) -> None:
    responder.script = [(401, {}), (401, {}), (200, {})]
    transport, _, credentials = make()
    assert transport.send("GET", responder.url).status_code == 401
    assert [auth for _, auth in responder.seen] == ["Bearer token-0", "Bearer token-1"]
    assert credentials.generation == 1


def test_dropped_connection_on_a_post_raises_without_resending(responder: Responder) -> None:
    responder.script = ["reset", (201, {})]
    transport, _, _ = make()
    with pytest.raises(RemoteUnavailableError) as info:
        transport.send("POST", responder.url, data=b"{}")
    assert "may or may not have been processed" in (info.value.hint or "")
    assert len(responder.seen) == 1


def test_dropped_connection_on_a_read_is_retried(responder: Responder) -> None:
    responder.script = ["reset", (200, {})]
    transport, sleeps, _ = make()
    assert transport.send("GET", responder.url).status_code == 200
    assert len(responder.seen) == 2
    assert len(sleeps) == 1


def test_refused_connection_is_resent_even_for_a_post_then_reported() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    transport, sleeps, _ = make()
    with pytest.raises(RemoteUnavailableError, match="connection refused"):
        transport.send("POST", f"http://127.0.0.1:{port}/x", data=b"{}")
    assert len(sleeps) == 2  # nothing was sent, so resending was safe; three attempts in all
