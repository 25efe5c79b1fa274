"""The local host: the same handlers as the Functions app, without the Functions host.

* HTTP on 127.0.0.1 with the same routes; the event endpoint wants the local function key (``?code=`` or
  ``x-functions-key``, as the host does) and the ``ops/...`` endpoints the local admin key; the admin key opens
  every endpoint, like the host's master key.
* The three timers (poll, sweep, overdue acknowledgments) on their NCRONTAB schedules (UTC); like the host's
  timer, a run that overlaps its next occurrence makes that occurrence be skipped, not queued.
* One worker per lane with the same retry and failure semantics as the queue triggers.

``stop()`` (or SIGINT / SIGTERM in ``ml-connector run``) ends it cleanly: the HTTP server stops, timers stop
waiting, workers finish the message in hand.
"""

from __future__ import annotations

import hmac
import logging
import threading
import uuid
from collections.abc import Callable
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from shared.composition import Runtime
from shared.errors import ConnectorError
from shared.runtime.http_api import (
    HttpAnswer,
    answer_audit,
    answer_event,
    answer_failures,
    answer_overdue_acks,
    answer_replay,
)
from shared.runtime.journal import Invocation
from shared.runtime.ncrontab import Schedule
from shared.runtime.queue_work import drain_lane
from shared.runtime.routes import ACKS_OVERDUE_ROUTE, AUDIT_ROUTE, EVENTS_ROUTE, FAILURES_ROUTE, REPLAY_ROUTE
from shared.runtime.scheduled import scheduled_ack_check, scheduled_poll, scheduled_sweep
from shared.settings import Secret
from shared.state.records import WorkLane

__all__ = ["LocalHost", "run_once"]

_log = logging.getLogger("ml_connector.local_host")
_MAX_BODY = 1024 * 1024
_IDLE_WAIT = 2.0


def _invocation(trigger: str) -> Invocation:
    return Invocation(str(uuid.uuid4()), f"local-{trigger}")


def _key_matches(provided: str | None, *keys: Secret | None) -> bool:
    if not provided:
        return False
    given = provided.encode("utf-8")
    matched = False
    for key in keys:
        if key is not None and hmac.compare_digest(given, key.reveal().encode("utf-8")):
            matched = True
    return matched


def run_once(runtime: Runtime) -> dict[str, int]:
    """One poll, one sweep, then every queued item until the queues are empty (retries without waiting)."""
    counts: dict[str, int] = {}
    for name, job in (("poll", scheduled_poll), ("sweep", scheduled_sweep)):
        try:
            job(runtime, _invocation(name))
        except ConnectorError as exc:
            _log.error("%s failed: %s", name, exc)
            counts[f"{name}_failed"] = 1
    for lane in (WorkLane.OUTBOUND, WorkLane.INBOUND, WorkLane.OUTBOUND):
        # Outbound again last: inbound documents can queue acknowledgments and follow-up work.
        report = drain_lane(
            lane,
            runtime.services,
            _invocation(f"worker-{lane.value}"),
            visibility=runtime.settings.local_visibility,
            max_retry_delay=timedelta(0),
        )
        for kind, count in report.counts.items():
            counts[kind.value] = counts.get(kind.value, 0) + count
    return counts


class LocalHost:
    def __init__(self, runtime: Runtime, *, port: int | None = None) -> None:
        self.runtime = runtime
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._server = ThreadingHTTPServer(
            ("127.0.0.1", runtime.settings.local_http_port if port is None else port), self._handler_class()
        )
        self._server.daemon_threads = True

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def start(self) -> None:
        settings = self.runtime.settings
        self._spawn("http", self._server.serve_forever)
        self._spawn("timer-poll", lambda: self._timer("poll", settings.poll_schedule, scheduled_poll))
        self._spawn("timer-sweep", lambda: self._timer("sweep", settings.sweep_schedule, scheduled_sweep))
        self._spawn("timer-acks", lambda: self._timer("ack-check", settings.ack_overdue_schedule, scheduled_ack_check))
        for lane in WorkLane:
            self._spawn(f"worker-{lane.value}", lambda lane=lane: self._worker(lane))  # type: ignore[misc]
        _log.info("local host listening on http://127.0.0.1:%d/api", self.port)

    def stop(self) -> None:
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()
        for thread in self._threads:
            thread.join(timeout=30)

    def wait(self) -> None:
        self._stop.wait()

    def _spawn(self, name: str, target: Callable[[], None]) -> None:
        thread = threading.Thread(target=target, name=f"mlc-{name}", daemon=True)
        thread.start()
        self._threads.append(thread)

    def _timer(self, name: str, schedule: Schedule, job: Callable[[Runtime, Invocation], object]) -> None:
        clock = self.runtime.services.clock
        while not self._stop.is_set():
            due = schedule.next_after(clock())
            if self._stop.wait(max(0.0, (due - clock()).total_seconds())):
                return
            try:
                job(self.runtime, _invocation(f"timer-{name}"))
            except ConnectorError as exc:
                _log.error("%s run failed: %s", name, exc)

    def _worker(self, lane: WorkLane) -> None:
        while not self._stop.is_set():
            try:
                report = drain_lane(
                    lane,
                    self.runtime.services,
                    _invocation(f"worker-{lane.value}"),
                    visibility=self.runtime.settings.local_visibility,
                    max_messages=32,
                )
            except ConnectorError as exc:
                _log.error("worker %s: %s", lane.value, exc)
                report = None
            if report is None or report.total == 0:
                self._stop.wait(_IDLE_WAIT)

    def _answer(self, method: str, path: str, query: dict[str, str], key: str | None, body: bytes) -> HttpAnswer:
        settings = self.runtime.settings
        route = path.removeprefix("/api/")
        is_admin = _key_matches(key, settings.local_admin_key)
        if route == EVENTS_ROUTE and method == "POST":
            if not (is_admin or _key_matches(key, settings.local_function_key)):
                return HttpAnswer(401, {"status": "unauthorized", "message": "unauthorized"})
            return answer_event(body, query, self.runtime, _invocation("http"))
        ops = {(FAILURES_ROUTE, "GET"), (ACKS_OVERDUE_ROUTE, "GET"), (AUDIT_ROUTE, "GET"), (REPLAY_ROUTE, "POST")}
        if (route, method) not in ops:
            return HttpAnswer(404, {"status": "not_found", "message": f"no function at {method} {path}"})
        if not is_admin:
            return HttpAnswer(401, {"status": "unauthorized", "message": "unauthorized"})
        if route == FAILURES_ROUTE:
            return answer_failures(query, self.runtime)
        if route == ACKS_OVERDUE_ROUTE:
            return answer_overdue_acks(query, self.runtime)
        if route == AUDIT_ROUTE:
            return answer_audit(query, self.runtime)
        return answer_replay(query, self.runtime, _invocation("http-ops"))

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        host = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self, method: str) -> None:
                parts = urlsplit(self.path)
                query = dict(parse_qsl(parts.query, keep_blank_values=True))
                key = self.headers.get("x-functions-key") or query.pop("code", None)
                length = int(self.headers.get("Content-Length") or 0)
                if length > _MAX_BODY:
                    answer = HttpAnswer(413, {"status": "too_large", "message": f"body over {_MAX_BODY} bytes"})
                else:
                    body = self.rfile.read(length) if length else b""
                    answer = host._answer(method, parts.path, query, key, body)
                data = answer.text().encode("utf-8")
                self.send_response(answer.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                self._serve("GET")

            def do_POST(self) -> None:
                self._serve("POST")

            def log_message(self, format: str, *args: object) -> None:
                # The request line may carry ?code= and &token=: log the path only.
                _log.debug("%s %s", self.command, urlsplit(self.path).path)

        return Handler
