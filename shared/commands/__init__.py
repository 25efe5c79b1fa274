"""One module per ``ml-connector`` command; each exposes ``register(subparsers)``."""
