"""Warta, the application: an article and a reader's message, each flowing one way.

    article:  ingest (feed -> fetch -> extract -> clean -> summarize) -> storage
              -> delivery (match -> fan-out -> outbox -> sender) -> Telegram
    message:  Telegram -> runtime (application) -> chat (handler -> search/answer)
              -> present (text, buttons) -> reply

Layers, top to bottom; a package imports only the ones below it (``lint-imports`` checks
this): ``cli`` and ``commands``, ``runtime``, ``chat``, ``delivery`` | ``ingest`` (independent),
``present``, ``storage``, ``core``. Text processing lives apart, in ``summaries``.
"""
