"""``ml-connector demo``: the connector's whole document cycle against the sandbox, run twice and summarised.

Modules: ``endpoints`` (the sandbox's contract line), ``settings`` (the connector's settings for it), ``control``
(the sandbox control APIs), ``scenario`` (what people and partners do), ``rounds`` / ``cycle`` (the passes),
``tally`` / ``counting`` (the figures), ``report`` (table, JSON, ``--out``), ``session`` (all of it together).
"""
