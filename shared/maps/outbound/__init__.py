"""Maps from posted or confirmed Dynamics documents to the X12 transaction sets a partner receives.

Each map is a pure function of typed records, the item identifiers already resolved for each line, and an
``OutboundContext`` (partner, our identity, the moment of translation); it returns the ``TransactionSpec`` the
X12 writer envelopes.  The partner's business rules that retailers charge back for (ids on every line, totals
that add up, cartons with SSCCs) are checked here, where the record that is wrong is still known by name.
"""
