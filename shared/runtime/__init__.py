"""The runtime: how work reaches the flows (queues, timers, the business-event endpoint) and what happens after.

Import the submodules directly; this package imports nothing so the Functions entry point stays cheap to load.
"""
