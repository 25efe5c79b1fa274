"""Document flows: one module per flow (fetch → resolve partner → map → validate → envelope → deliver → record).

``contract.py`` says what the runtime asks of a flow and what a flow gets to work with; ``registry.py`` lists the
flows the runtime dispatches to.
"""
