"""Pure translation between Dynamics records and EDI documents: ``outbound/`` (Dynamics → partner) and
``inbound/`` (partner → Dynamics). No I/O: everything a map needs is passed in."""
