"""Delivery, store -> Telegram: fan a new article out to the subscribers it matches
(``fanout``), build and queue each chat's digest (``digest``, ``digest_queue``), and send
the outbox within Telegram's limits (``sender``).

May import ``present``, ``storage`` and ``core``; never ``ingest``, ``chat`` or ``runtime``.
"""
