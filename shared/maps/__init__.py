"""Pure translation between Dynamics records and EDI documents, one module per transaction and direction."""
