"""ASC X12 engine: read (streaming), validate, acknowledge, write and render X12 interchanges.

Pure: bytes or a binary stream in, events / reports / bytes out. The pipeline:

- ``delimiters`` → ``reader`` (envelope events, whole transactions as raw text, tokens on demand)
- ``validate`` (envelope codes) using ``structure`` + ``schemas``, ``element_rules`` + ``dictionary`` + ``codes``,
  and ``business_rules``
- ``acks`` (997 / 999 / TA1 out), ``ack_reader`` (997 / 999 / TA1 in), ``writer`` (interchanges out)
- ``documents`` (typed 850, 810, 856, 820), ``render`` (for people), ``facade`` (the five entry points)

See docs/adr/0100-0103 and docs/adding-an-x12-transaction.md.
"""
