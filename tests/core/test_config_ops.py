"""Settings for running at scale: webhook, listen addresses, metrics, push age, paid broadcasts."""

import pytest

from bot.core.config import ConfigError, load_settings

SECRET = "s3cret_token-ABC"


def settings(**env: str):
    return load_settings(env, dotenv=None)


def test_defaults_poll_without_webhook_or_metrics() -> None:
    s = settings()
    assert s.webhook_url is None and s.webhook_secret is None
    assert s.listen == ("0.0.0.0", 8080)
    assert s.metrics_listen is None
    assert s.push_max_age_hours == 6
    assert s.paid_broadcast is False


def test_webhook_with_secret_and_listen() -> None:
    s = settings(
        WARTA_WEBHOOK_URL="https://warta.example.id/telegram/",
        WARTA_WEBHOOK_SECRET=SECRET,
        WARTA_LISTEN="127.0.0.1:9000",
        WARTA_METRICS_LISTEN=":9100",
    )
    assert s.webhook_url == "https://warta.example.id/telegram/"
    assert s.webhook_path == "/telegram"
    assert s.listen == ("127.0.0.1", 9000)
    assert s.metrics_listen == ("0.0.0.0", 9100)
    assert SECRET not in repr(s)


def test_ipv6_listen() -> None:
    assert settings(WARTA_LISTEN="[::1]:8443").listen == ("::1", 8443)


def test_webhook_without_secret_is_refused() -> None:
    with pytest.raises(ConfigError, match="WARTA_WEBHOOK_SECRET is required"):
        settings(WARTA_WEBHOOK_URL="https://warta.example.id/telegram")


@pytest.mark.parametrize("url", ["http://warta.example.id/hook", "warta.example.id", "https://"])
def test_webhook_url_must_be_https(url: str) -> None:
    with pytest.raises(ConfigError, match="https://"):
        settings(WARTA_WEBHOOK_URL=url, WARTA_WEBHOOK_SECRET=SECRET)


def test_webhook_secret_characters_follow_telegram() -> None:
    with pytest.raises(ConfigError, match="letters, digits"):
        settings(WARTA_WEBHOOK_URL="https://w.example.id/t", WARTA_WEBHOOK_SECRET="no spaces!")


@pytest.mark.parametrize("value", ["8080", "host:", "host:99999", "host:abc"])
def test_bad_listen_names_the_variable(value: str) -> None:
    with pytest.raises(ConfigError, match="WARTA_METRICS_LISTEN must be host:port"):
        settings(WARTA_METRICS_LISTEN=value)


def test_push_max_age_and_paid_broadcast() -> None:
    s = settings(WARTA_PUSH_MAX_AGE="1.5", WARTA_PAID_BROADCAST="1")
    assert s.push_max_age_hours == 1.5
    assert s.paid_broadcast is True
    with pytest.raises(ConfigError, match="WARTA_PUSH_MAX_AGE"):
        settings(WARTA_PUSH_MAX_AGE="enam jam")
    with pytest.raises(ConfigError, match="WARTA_PAID_BROADCAST must be 1 or 0"):
        settings(WARTA_PAID_BROADCAST="mungkin")
