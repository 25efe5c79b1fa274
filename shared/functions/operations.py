"""Operations endpoints behind the master (admin) key: failures, overdue acknowledgments, a document's audit
trail, replay."""

from __future__ import annotations

import azure.functions as func

from shared.functions.glue import invocation_of, respond, runtime
from shared.runtime.routes import ACKS_OVERDUE_ROUTE, AUDIT_ROUTE, FAILURES_ROUTE, REPLAY_ROUTE

bp = func.Blueprint()  # type: ignore[no-untyped-call]


@bp.function_name(name="ops_failures")
@bp.route(route=FAILURES_ROUTE, methods=["GET"], auth_level=func.AuthLevel.ADMIN)
def ops_failures(req: func.HttpRequest) -> func.HttpResponse:
    from shared.runtime.http_api import answer_failures

    return respond(answer_failures(req.params, runtime()))


@bp.function_name(name="ops_acks_overdue")
@bp.route(route=ACKS_OVERDUE_ROUTE, methods=["GET"], auth_level=func.AuthLevel.ADMIN)
def ops_acks_overdue(req: func.HttpRequest) -> func.HttpResponse:
    from shared.runtime.http_api import answer_overdue_acks

    return respond(answer_overdue_acks(req.params, runtime()))


@bp.function_name(name="ops_audit")
@bp.route(route=AUDIT_ROUTE, methods=["GET"], auth_level=func.AuthLevel.ADMIN)
def ops_audit(req: func.HttpRequest) -> func.HttpResponse:
    from shared.runtime.http_api import answer_audit

    return respond(answer_audit(req.params, runtime()))


@bp.function_name(name="ops_replay")
@bp.route(route=REPLAY_ROUTE, methods=["POST"], auth_level=func.AuthLevel.ADMIN)
def ops_replay(req: func.HttpRequest, context: func.Context) -> func.HttpResponse:
    from shared.runtime.http_api import answer_replay

    return respond(answer_replay(req.params, runtime(), invocation_of(context, "http-ops")))
