"""The ``warta`` subcommands other than ``run`` (summarize, ingest, search, ask, feeds,
migrate, copy-db), one module each; :mod:`bot.cli` parses the arguments."""
