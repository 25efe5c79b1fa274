"""Azure Functions entry point: registers the connector's blueprints and nothing else."""

from __future__ import annotations

import azure.functions as func

app = func.FunctionApp()
