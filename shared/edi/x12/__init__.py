"""ASC X12 engine: read (streaming), validate, acknowledge, write and render X12 interchanges.

Pure: bytes in, bytes out. The pipeline is ``reader`` (delimiters, tokens, envelope events) →
``validate`` (envelope, structure per ``schemas``, element rules per ``dictionary``, business sums) →
``acks`` (997/999/TA1) and ``writer`` (interchanges from segments or typed ``documents``).
"""
