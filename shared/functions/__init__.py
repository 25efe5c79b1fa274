"""Azure Functions blueprints: parse the trigger, call the runtime, map the answer. No logic lives here.

Each module imports only azure.functions and the runtime's entry points at load time; the composition root
builds clients and opens state on the first invocation, so indexing the app (and cold start) stays fast.
"""
