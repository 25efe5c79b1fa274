"""The HTTP endpoints as plain functions of (query, body) → answer, so the Functions host and the local host run
exactly the same code. Authentication by key is the host's job (function key for the event endpoint, master key
for the operations endpoints); the event endpoint's own URL token is checked here, in both hosts.

Routes are in :mod:`shared.runtime.routes`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from shared.composition import Runtime
from shared.errors import ConnectorError, UnknownPartnerError
from shared.flows.ack_overdue import list_overdue
from shared.runtime.event_intake import EventAnswerKind, receive_event, url_token_matches
from shared.runtime.journal import Invocation
from shared.runtime.replay import replay_failed, replay_one
from shared.runtime.routes import (
    ACKS_OVERDUE_ROUTE,
    AUDIT_ROUTE,
    EVENT_TOKEN_PARAMETER,
    EVENTS_ROUTE,
    FAILURES_ROUTE,
    REPLAY_ROUTE,
)
from shared.runtime.views import JsonScalar, audit_json, entry_json, overdue_json, poisoned_json
from shared.state.records import AuditOutcome, AuditQuery, WorkLane

__all__ = [
    "ACKS_OVERDUE_ROUTE",
    "AUDIT_ROUTE",
    "EVENTS_ROUTE",
    "EVENT_TOKEN_PARAMETER",
    "FAILURES_ROUTE",
    "REPLAY_ROUTE",
    "HttpAnswer",
    "answer_audit",
    "answer_event",
    "answer_failures",
    "answer_overdue_acks",
    "answer_replay",
]


Rows = list[dict[str, JsonScalar]]
Body = dict[str, JsonScalar | Rows]


@dataclass(frozen=True)
class HttpAnswer:
    status: int
    body: Body

    def text(self) -> str:
        return json.dumps(self.body, ensure_ascii=False)


class _BadRequestError(ValueError):
    pass


def answer_event(body: bytes, query: Mapping[str, str], runtime: Runtime, invocation: Invocation) -> HttpAnswer:
    if not url_token_matches(query.get(EVENT_TOKEN_PARAMETER), runtime.settings.events_url_token):
        # Say nothing about which part was wrong.
        return HttpAnswer(401, {"status": EventAnswerKind.UNAUTHORIZED.value, "message": "unauthorized"})
    answer = receive_event(body, runtime.services, invocation)
    return HttpAnswer(answer.status, {"status": answer.kind.value, "message": answer.message})


def _limit(query: Mapping[str, str], default: int = 100) -> int:
    raw = query.get("limit")
    if raw is None:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= 1000:
        raise _BadRequestError(f"limit must be a whole number from 1 to 1000, got {raw!r}")
    return int(raw)


def _moment(query: Mapping[str, str], name: str) -> datetime | None:
    raw = query.get(name)
    if raw is None:
        return None
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise _BadRequestError(f"{name} must be an ISO 8601 date-time with an offset, got {raw!r}") from None
    if moment.tzinfo is None:
        raise _BadRequestError(f"{name} must carry a UTC offset (e.g. 2026-11-27T00:00:00Z), got {raw!r}")
    return moment


def _bad(exc: Exception) -> HttpAnswer:
    return HttpAnswer(400, {"status": "bad_request", "message": str(exc)})


def answer_failures(query: Mapping[str, str], runtime: Runtime) -> HttpAnswer:
    try:
        limit = _limit(query)
    except _BadRequestError as exc:
        return _bad(exc)
    state = runtime.services.state
    failed = state.ledger.failed(partner=query.get("partner"), flow=query.get("flow"), limit=limit)
    poisoned: Rows = [poisoned_json(p) for lane in WorkLane for p in state.work_queue.poisoned(lane)]
    return HttpAnswer(200, {"failed": [entry_json(e) for e in failed], "poisoned": poisoned})


def answer_overdue_acks(query: Mapping[str, str], runtime: Runtime) -> HttpAnswer:
    """Reading only: the ``ack.overdue`` events come from the timer, so looking does not fire the alert."""
    try:
        limit = _limit(query)
    except _BadRequestError as exc:
        return _bad(exc)
    partner = query.get("partner") or None
    try:
        overdue = list_overdue(runtime.services, partner=partner, limit=limit)
    except UnknownPartnerError as exc:
        return HttpAnswer(404, {"status": "not_found", "message": str(exc)})
    return HttpAnswer(200, {"overdue": [overdue_json(o) for o in overdue]})


def answer_audit(query: Mapping[str, str], runtime: Runtime) -> HttpAnswer:
    try:
        outcome_text = query.get("outcome")
        try:
            outcome = AuditOutcome(outcome_text) if outcome_text else None
        except ValueError:
            choices = ", ".join(o.value for o in AuditOutcome)
            raise _BadRequestError(f"outcome must be one of {choices}, got {outcome_text!r}") from None
        audit_query = AuditQuery(
            natural_key=query.get("key"),
            flow=query.get("flow"),
            partner=query.get("partner"),
            outcome=outcome,
            since=_moment(query, "since"),
            until=_moment(query, "until"),
            limit=_limit(query),
        )
    except (_BadRequestError, ValueError) as exc:
        return _bad(exc)
    events = runtime.services.state.audit.query(audit_query)
    return HttpAnswer(200, {"events": [audit_json(e) for e in events]})


def answer_replay(query: Mapping[str, str], runtime: Runtime, invocation: Invocation) -> HttpAnswer:
    key, flow, partner = query.get("key"), query.get("flow"), query.get("partner")
    if not (key or flow or partner):
        return _bad(ValueError("name a document (key, optionally flow) or a partner and/or flow to replay"))
    try:
        _limit(query)
    except _BadRequestError as exc:
        return _bad(exc)
    services = runtime.services
    if key:
        try:
            result = replay_one(services, invocation, key, flow)
        except ConnectorError as exc:
            return HttpAnswer(409, {"status": "refused", "message": str(exc)})
        results = [result]
    else:
        results = replay_failed(services, invocation, partner=partner, flow=flow, limit=_limit(query))
    rows: Rows = [
        {
            "flow": r.flow,
            "natural_key": r.natural_key,
            "partner": r.partner,
            "queued": int(r.queued),
            "message": r.message,
        }
        for r in results
    ]
    queued = sum(1 for r in results if r.queued)
    return HttpAnswer(202 if queued else 200, {"queued": queued, "results": rows})
