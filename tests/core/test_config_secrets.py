"""Secrets from files (Docker secrets) and the log settings."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from bot.core.config import ConfigError, load_settings
from bot.core.database_url import DatabaseURL, DatabaseURLError, redact_dsn, with_password

TOKEN = "123456789:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0"
OTHER = "987654321:BBHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0"
PASSWORD = "p@ss:w/rd#1 ok"


def settings(**env: str):
    return load_settings(env, dotenv=None)


def secret_file(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_token_file_is_read_and_stripped(tmp_path: Path) -> None:
    path = secret_file(tmp_path, "token", f"  {TOKEN}\n")
    assert settings(TELEGRAM_BOT_TOKEN_FILE=path).telegram_token == TOKEN


def test_token_file_and_variable_may_agree(tmp_path: Path) -> None:
    path = secret_file(tmp_path, "token", TOKEN)
    s = settings(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_BOT_TOKEN_FILE=path)
    assert s.telegram_token == TOKEN


def test_token_file_and_a_different_variable_are_refused_without_either_token(
    tmp_path: Path,
) -> None:
    path = secret_file(tmp_path, "token", TOKEN)
    with pytest.raises(ConfigError, match="both set") as caught:
        settings(TELEGRAM_BOT_TOKEN=OTHER, TELEGRAM_BOT_TOKEN_FILE=path)
    assert TOKEN not in str(caught.value) and OTHER not in str(caught.value)


def test_a_missing_token_file_names_the_variable_and_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope" / "token"
    with pytest.raises(ConfigError, match="TELEGRAM_BOT_TOKEN_FILE") as caught:
        settings(TELEGRAM_BOT_TOKEN_FILE=str(missing))
    assert str(missing) in str(caught.value)
    assert caught.value.__cause__ is None  # no chained exception to print more than asked


def test_an_empty_token_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="is empty"):
        settings(TELEGRAM_BOT_TOKEN_FILE=secret_file(tmp_path, "token", "\n"))


def test_a_binary_token_file_is_refused_without_its_content(tmp_path: Path) -> None:
    path = tmp_path / "token"
    path.write_bytes(b"\xff\xfe" + TOKEN.encode())
    with pytest.raises(ConfigError, match="cannot read") as caught:
        settings(TELEGRAM_BOT_TOKEN_FILE=str(path))
    assert TOKEN not in str(caught.value)


def test_database_password_file_goes_into_the_postgresql_url(tmp_path: Path) -> None:
    path = secret_file(tmp_path, "pw", PASSWORD + "\n")
    s = settings(
        WARTA_DATABASE="postgresql://warta@postgres:5432/warta",
        WARTA_DATABASE_PASSWORD_FILE=path,
    )
    assert isinstance(s.database, DatabaseURL) and s.database.dsn is not None
    parts = urlsplit(s.database.dsn)
    assert parts.username == "warta" and unquote(parts.password or "") == PASSWORD
    assert (parts.hostname, parts.port, parts.path) == ("postgres", 5432, "/warta")
    assert "p%40ss" in str(s.database.dsn)
    assert "p%40ss" not in str(s.database) and "p%40ss" not in redact_dsn(s.database.dsn)
    assert "***" in str(s.database)


def test_database_password_file_needs_postgresql(tmp_path: Path) -> None:
    path = secret_file(tmp_path, "pw", PASSWORD)
    with pytest.raises(ConfigError, match="only for a PostgreSQL server"):
        settings(WARTA_DATABASE="data/warta.db", WARTA_DATABASE_PASSWORD_FILE=path)


def test_database_password_file_and_another_password_in_the_url_are_refused(
    tmp_path: Path,
) -> None:
    path = secret_file(tmp_path, "pw", PASSWORD)
    with pytest.raises(ConfigError, match="password already") as caught:
        settings(
            WARTA_DATABASE="postgresql://warta:older@postgres/warta",
            WARTA_DATABASE_PASSWORD_FILE=path,
        )
    assert "older" not in str(caught.value) and PASSWORD not in str(caught.value)


def test_a_missing_password_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="WARTA_DATABASE_PASSWORD_FILE: cannot read"):
        settings(
            WARTA_DATABASE="postgresql://warta@postgres/warta",
            WARTA_DATABASE_PASSWORD_FILE=str(tmp_path / "missing"),
        )


def test_with_password_keeps_the_rest_of_the_url() -> None:
    dsn = "postgresql://warta@db.example.id:6543/warta?sslmode=require"
    assert (
        with_password(dsn, "s3cret")
        == "postgresql://warta:s3cret@db.example.id:6543/warta?sslmode=require"
    )
    assert with_password("postgresql://warta:s3cret@db/warta", "s3cret").endswith("@db/warta")
    with pytest.raises(DatabaseURLError, match="needs a user"):
        with_password("postgresql://db.example.id/warta", "s3cret")


def test_log_settings_default_to_info_text() -> None:
    s = settings()
    assert (s.log_level, s.log_format) == ("INFO", "text")


def test_log_settings_are_read_case_insensitively() -> None:
    s = settings(WARTA_LOG_LEVEL="debug", WARTA_LOG_FORMAT="JSON")
    assert (s.log_level, s.log_format) == ("DEBUG", "json")


@pytest.mark.parametrize(
    ("variable", "value"),
    [("WARTA_LOG_LEVEL", "verbose"), ("WARTA_LOG_LEVEL", "CRITICAL"), ("WARTA_LOG_FORMAT", "xml")],
)
def test_bad_log_settings_name_the_variable_and_the_choices(variable: str, value: str) -> None:
    with pytest.raises(ConfigError, match=f"{variable} must be one of") as caught:
        settings(**{variable: value})
    assert value in str(caught.value)
