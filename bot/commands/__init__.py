"""The ``warta`` subcommands other than ``run`` (summarize, ingest, search, ask, feeds,
feedback, migrate, copy-db), one module each; :mod:`bot.cli` parses the arguments.

Above every layer but the command line itself: may import ``runtime`` and everything below;
nothing in ``bot`` imports it but :mod:`bot.cli`.
"""
