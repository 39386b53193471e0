"""Keep the bot token out of logs, whatever library logs a URL or an exception."""

from __future__ import annotations

import logging
import re

# A Telegram bot token: the bot's numeric id, a colon, and 35 URL-safe characters.
TOKEN_PATTERN = re.compile(r"\d{5,}:[A-Za-z0-9_-]{30,}")
REDACTED = "<token>"


_SECRETS: set[str] = set()


def add_secret(secret: str | None) -> None:
    """Redact this exact string too, even where it does not look like a Telegram token."""
    if secret:
        _SECRETS.add(secret)


def redact(text: str) -> str:
    """``text`` with the known secrets and anything that looks like a bot token replaced."""
    for secret in _SECRETS:
        text = text.replace(secret, REDACTED)
    return TOKEN_PATTERN.sub(REDACTED, text)


class TokenFilter(logging.Filter):
    """Rewrites every record's message (and exception text) with tokens redacted."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def install_token_filter() -> None:
    """Attach the filter to every handler of the root logger (idempotent)."""
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, TokenFilter) for f in handler.filters):
            handler.addFilter(TokenFilter())
