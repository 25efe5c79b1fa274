"""Serve an emulator App on 127.0.0.1 over real sockets, HTTP or HTTPS, threaded, HTTP/1.1 keep-alive.

The socket is bound before the App exists (:func:`bind`), so the launcher knows every port before it builds the
emulators that need each other's URLs.  The server acts out the misbehaviours a Response asks for:
``delay_seconds`` (sleep, then answer) and ``reset_connection`` (close with a TCP reset and no answer; the work,
if any, is already done).  One DEBUG line per request: method, path, status, time; never bodies, query strings or
headers, because they carry secrets (client secrets in token forms, bearer tokens, Basic credentials).
"""

from __future__ import annotations

import contextlib
import http.server
import logging
import socket
import socketserver
import ssl
import struct
import threading
import time
from dataclasses import dataclass
from typing import Literal
from urllib.parse import unquote, urlsplit

from sandbox.tls import TlsMaterial
from sandbox.web import App, Headers, Request, Response

__all__ = ["AppServer", "Scheme", "bind"]

_log = logging.getLogger("sandbox.server")

Scheme = Literal["http", "https"]

# Requests are small JSON/form/EDI bodies; anything bigger is a client bug worth refusing loudly.
_MAX_BODY = 64 * 1024 * 1024
# A keep-alive connection idle this long is closed, so threads do not pile up behind forgotten sessions.
_IDLE_TIMEOUT_SECONDS = 30.0


def _reset(sock: socket.socket) -> None:
    """Close with RST (SO_LINGER 0): the client sees 'connection reset', not a polite end of stream."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        sock.close()


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Keep-alive clients otherwise wait on Nagle's algorithm + delayed ACK (~40 ms) for every small response.
    disable_nagle_algorithm = True
    server: _ThreadingServer
    timeout = _IDLE_TIMEOUT_SECONDS

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_PUT(self) -> None:
        self._serve()

    def do_PATCH(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:
        self._serve()

    def do_HEAD(self) -> None:
        self._serve()

    def do_OPTIONS(self) -> None:
        self._serve()

    def _read_body(self) -> bytes | None:
        length_text = self.headers.get("Content-Length")
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            self.send_error(411, "chunked request bodies are not supported by the sandbox; send Content-Length")
            return None
        if length_text is None:
            return b""
        try:
            length = int(length_text)
        except ValueError:
            self.send_error(400, "Content-Length is not a number")
            return None
        if length < 0 or length > _MAX_BODY:
            self.send_error(413, f"request body of {length} bytes is outside 0..{_MAX_BODY}")
            return None
        return self.rfile.read(length)

    def _serve(self) -> None:
        started = time.monotonic()
        body = self._read_body()
        if body is None:
            return
        target = urlsplit(self.path)
        request = Request(
            method=self.command.upper(),
            path=unquote(target.path) or "/",
            raw_query=target.query,
            headers=Headers(self.headers.items()),
            body=body,
            scheme=self.server.scheme,
            host=self.headers.get("Host") or self.server.netloc,
        )
        try:
            response = self.server.app.handle(request)
        except Exception:  # noqa: BLE001 - an emulator bug must answer 500, not kill the connection thread silently
            _log.exception("%s %s %s raised", self.server.label, request.method, request.path)
            response = Response.text("sandbox emulator error; see the sandbox log", status=500)
        if response.delay_seconds > 0:
            time.sleep(response.delay_seconds)
        elapsed_ms = (time.monotonic() - started) * 1000
        if response.reset_connection:
            _log.debug(
                "%s %s %s -> connection reset (%.0f ms)", self.server.label, request.method, request.path, elapsed_ms
            )
            self.close_connection = True
            self.wfile.flush()
            _reset(self.connection)
            return
        _log.debug(
            "%s %s %s -> %d (%.0f ms)", self.server.label, request.method, request.path, response.status, elapsed_ms
        )
        self.send_response(response.status)
        for name, value in response.headers:
            if name.lower() not in ("content-length", "connection"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if request.method != "HEAD":
            self.wfile.write(response.body)

    def log_message(self, format: str, *args: object) -> None:
        # BaseHTTPRequestHandler would print the request line (with its query string) to stderr; the one DEBUG line
        # per request above is the sandbox's log.
        return


class _ThreadingServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    # The launcher binds port 0 and reads the port back; reusing addresses avoids TIME_WAIT trouble on restarts.
    allow_reuse_address = True

    def __init__(self, scheme: Scheme, tls: ssl.SSLContext | None) -> None:
        super().__init__(("127.0.0.1", 0), _Handler, bind_and_activate=True)
        self.scheme: Scheme = scheme
        self.tls = tls
        self.app: App = _NotReady()
        self.label: str = scheme
        self.netloc = f"127.0.0.1:{self.server_address[1]}"
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()

    def server_bind(self) -> None:
        # HTTPServer.server_bind would resolve the host name (socket.getfqdn), which can stall without DNS.
        socketserver.TCPServer.server_bind(self)
        self.server_name = "127.0.0.1"
        self.server_port = int(self.server_address[1])

    def finish_request(self, request: socket.socket | tuple[bytes, socket.socket], client_address: object) -> None:
        assert isinstance(request, socket.socket)
        connection: socket.socket = request
        if self.tls is not None:
            # The handshake runs here, in the connection's own thread, so a client that never finishes it (or
            # rejects our certificate) cannot stall the accept loop.
            try:
                connection.settimeout(_IDLE_TIMEOUT_SECONDS)
                connection = self.tls.wrap_socket(request, server_side=True)
            except (ssl.SSLError, OSError) as exc:
                _log.debug("%s TLS handshake from %s failed: %s", self.label, client_address, exc)
                return
        with self._open_lock:
            self._open.add(connection)
        try:
            _Handler(connection, client_address, self)
        except (ConnectionError, ssl.SSLError, TimeoutError):
            pass  # the client went away mid-request; nothing to answer
        finally:
            with self._open_lock:
                self._open.discard(connection)
            if connection is not request:
                with contextlib.suppress(OSError):
                    connection.close()

    def handle_error(self, request: socket.socket | tuple[bytes, socket.socket], client_address: object) -> None:
        _log.debug("%s connection from %s ended with an error", self.label, client_address, exc_info=True)

    def close_open_connections(self) -> None:
        with self._open_lock:
            connections = list(self._open)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)


class _NotReady:
    def handle(self, request: Request) -> Response:
        return Response.text("sandbox is starting", status=503)


@dataclass
class AppServer:
    """A bound listening socket; :meth:`start` serves an App on it in a background thread."""

    _server: _ThreadingServer
    _thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """Base URL without a trailing slash, e.g. ``https://127.0.0.1:50123``."""
        return f"{self._server.scheme}://{self._server.netloc}"

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def start(self, app: App, label: str) -> None:
        """Serve ``app`` in a background thread; ``label`` names the server in log lines."""
        if self._thread is not None:
            raise RuntimeError(f"the server at {self.url} is already serving")
        self._server.app = app
        self._server.label = label
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name=f"sandbox-{label}", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop accepting, close open keep-alive connections, release the port."""
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._server.close_open_connections()
        self._server.server_close()


def bind(scheme: Scheme, tls: TlsMaterial | None = None) -> AppServer:
    """Bind a free port on 127.0.0.1 now; serve later. HTTPS needs the sandbox's TLS material."""
    if scheme == "https":
        if tls is None:
            raise ValueError("an HTTPS server needs TLS material (sandbox.tls.generate_tls)")
        return AppServer(_ThreadingServer(scheme, tls.server_context()))
    return AppServer(_ThreadingServer(scheme, None))
