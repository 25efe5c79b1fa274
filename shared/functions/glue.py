"""What every blueprint needs: the lazily built runtime, the invocation record, JSON responses.

Runtime modules are imported inside the functions: they pull in the HTTP clients and the state SDKs, which the
host should load on the first invocation, not while it indexes the app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import azure.functions as func

if TYPE_CHECKING:
    from shared.composition import Runtime
    from shared.runtime.http_api import HttpAnswer
    from shared.runtime.journal import Invocation

__all__ = ["QUEUE_CONNECTION", "invocation_of", "respond", "runtime"]

# The app-setting prefix the queue triggers connect with: STATE_QUEUES (a connection string, e.g. Azurite) or
# STATE_QUEUES__queueServiceUri (the app's managed identity).
QUEUE_CONNECTION = "STATE_QUEUES"


def runtime() -> Runtime:
    from shared.composition import current_runtime

    return current_runtime()


def invocation_of(context: func.Context, trigger: str) -> Invocation:
    from shared.runtime.journal import Invocation

    return Invocation(invocation_id=context.invocation_id, trigger=trigger)


def respond(answer: HttpAnswer) -> func.HttpResponse:
    return func.HttpResponse(answer.text(), status_code=answer.status, mimetype="application/json")
