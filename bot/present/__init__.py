"""How Warta looks in Telegram: every Indonesian string (``texts``), HTML rendering
(``render``), buttons and their callback data (``keyboards``, ``callbacks``), Indonesian dates
and time zones (``timefmt``), and the Bot API's error answers (``telegram_errors``).

May import ``storage`` and ``core``; never ``ingest``, ``delivery``, ``chat`` or ``runtime``.
"""
