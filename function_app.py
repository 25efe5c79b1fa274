"""Azure Functions entry point: registers the connector's blueprints and nothing else."""

from __future__ import annotations

import azure.functions as func

from shared.functions import events, operations, queues, timers

app = func.FunctionApp(http_auth_level=func.AuthLevel.FUNCTION)
for blueprint in (events.bp, timers.bp, queues.bp, operations.bp):
    app.register_functions(blueprint)
