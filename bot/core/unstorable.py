"""Characters that no database can keep, whatever a reader sends.

PostgreSQL's ``text`` refuses the NUL byte (U+0000), and neither backend can encode a lone
UTF-16 surrogate (U+D800-U+DFFF) as UTF-8. Telegram passes both through in a message's text,
a caption, an inline query or a button's data (JSON escapes such as ``\\u0000``), so Warta
checks for them before anything is stored.
"""

from __future__ import annotations


def is_unstorable(text: str) -> bool:
    """Whether ``text`` holds a NUL byte or a lone surrogate (cheap: the outbox checks every
    message it queues)."""
    if "\x00" in text:
        return True
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
