"""``POST /api/events/dynamics``: Dynamics business events (docs/business-events.md sets up the endpoint).

Function-level key: F&O puts the function key in the endpoint URL (``?code=``) it reads from Key Vault; the
app then checks its own URL token (``&token=``) in constant time. ADR 0600 explains the choice.
"""

from __future__ import annotations

import azure.functions as func

from shared.functions.glue import invocation_of, respond, runtime
from shared.runtime.routes import EVENTS_ROUTE

bp = func.Blueprint()  # type: ignore[no-untyped-call]


@bp.function_name(name="dynamics_business_event")
@bp.route(route=EVENTS_ROUTE, methods=["POST"], auth_level=func.AuthLevel.FUNCTION)
def dynamics_business_event(req: func.HttpRequest, context: func.Context) -> func.HttpResponse:
    from shared.runtime.http_api import answer_event

    return respond(answer_event(req.get_body(), req.params, runtime(), invocation_of(context, "http")))
