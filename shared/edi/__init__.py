"""The EDI engine: X12 and EDIFACT read, write, validate and acknowledge. Pure: bytes in, bytes out, no I/O."""
