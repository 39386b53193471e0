"""Readers' messages, update -> reply: one handler module per feature (``handlers/``), the
answering path for questions (``answer``), search snippets (``snippets``), "did you mean"
suggestions (``suggest``), and what a handler may use of the application (``context``).

May import ``delivery`` (an on-demand digest), ``present``, ``storage`` and ``core``; never
``ingest`` or ``runtime``.
"""
