"""Ingestion, feed -> store: fetch feeds and pages (``fetch``), parse feeds (``feeds``), and run
the pipeline (``pipeline``: extract, clean, summarize, tag topics, dedupe, store).

May import ``storage``, ``core`` and ``summaries``; never Telegram, ``present``, ``delivery``,
``chat`` or ``runtime``.
"""
