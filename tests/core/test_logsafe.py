import logging

import pytest

from bot.core.logsafe import TokenFilter, add_secret, redact

TOKEN = "123456789:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0"


def test_redact_replaces_token_in_url() -> None:
    url = f"https://api.telegram.org/bot{TOKEN}/sendMessage"
    assert TOKEN not in redact(url)
    assert redact(url) == "https://api.telegram.org/bot<token>/sendMessage"


def test_filter_redacts_messages_arguments_and_tracebacks(
    caplog: pytest.LogCaptureFixture,
) -> None:
    logger = logging.getLogger("test.logsafe")
    caplog.handler.addFilter(TokenFilter())
    with caplog.at_level(logging.DEBUG, logger="test.logsafe"):
        logger.info("HTTP Request: POST %s", f"https://api.telegram.org/bot{TOKEN}/getMe")
        try:
            raise RuntimeError(f"failed for {TOKEN}")
        except RuntimeError:
            logger.exception("boom")
    assert "getMe" in caplog.text
    assert TOKEN not in caplog.text
    for record in caplog.records:
        assert TOKEN not in record.getMessage()


def test_a_known_secret_is_redacted_even_when_it_does_not_look_like_a_token() -> None:
    odd = "not-a-telegram-shaped-secret"
    assert odd in redact(f"GET /bot{odd}/getMe")
    add_secret(odd)
    assert redact(f"GET /bot{odd}/getMe") == "GET /bot<token>/getMe"
