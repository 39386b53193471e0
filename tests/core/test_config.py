from pathlib import Path

import pytest

from bot.core.config import DEFAULT_API_URL, ConfigError, load_settings


def test_defaults_without_environment(tmp_path: Path) -> None:
    settings = load_settings({}, dotenv=tmp_path / "missing.env")
    assert settings.telegram_token is None
    assert settings.telegram_api_url == DEFAULT_API_URL
    assert settings.database.kind == "sqlite"
    assert settings.database.path == Path("data/warta.db")
    assert settings.poll_interval == 600
    assert settings.timezone == "Asia/Jakarta"
    assert settings.feeds_file.name == "feeds.toml"
    assert settings.sites_file.name == "sites.toml" and settings.sites_file.is_file()
    assert settings.max_article_pages == 5


def test_environment_overrides(tmp_path: Path) -> None:
    settings = load_settings(
        {
            "TELEGRAM_BOT_TOKEN": "123456:abc",
            "TELEGRAM_API_URL": "http://127.0.0.1:8081/",
            "WARTA_DATABASE": str(tmp_path / "w.db"),
            "WARTA_FEEDS": str(tmp_path / "feeds.toml"),
            "WARTA_POLL_INTERVAL": "120",
            "WARTA_ADMIN_IDS": "11, 22;33",
            "WARTA_TIMEZONE": "Asia/Makassar",
            "WARTA_SITES": str(tmp_path / "sites.toml"),
            "WARTA_MAX_ARTICLE_PAGES": "3",
        },
        dotenv=None,
    )
    assert settings.require_token() == "123456:abc"
    assert settings.bot_base_url == "http://127.0.0.1:8081/bot"
    assert settings.database.path == tmp_path / "w.db"
    assert settings.poll_interval == 120
    assert settings.admin_ids == {11, 22, 33}
    assert settings.tzinfo.key == "Asia/Makassar"
    assert settings.sites_file == tmp_path / "sites.toml"
    assert settings.max_article_pages == 3


def test_dotenv_is_read_and_environment_wins(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text(
        '# comment\nexport TELEGRAM_BOT_TOKEN="111:from-dotenv"\nWARTA_POLL_INTERVAL=90\n',
        encoding="utf-8",
    )
    settings = load_settings({"WARTA_POLL_INTERVAL": "300"}, dotenv=dotenv)
    assert settings.telegram_token == "111:from-dotenv"
    assert settings.poll_interval == 300


def test_token_is_not_in_repr() -> None:
    settings = load_settings({"TELEGRAM_BOT_TOKEN": "123456:secret-token"}, dotenv=None)
    assert "secret-token" not in repr(settings)


def test_missing_token_explains_botfather() -> None:
    settings = load_settings({}, dotenv=None)
    with pytest.raises(ConfigError, match="@BotFather"):
        settings.require_token()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("WARTA_POLL_INTERVAL", "often"),
        ("WARTA_POLL_INTERVAL", "1"),
        ("WARTA_ADMIN_IDS", "alice"),
        ("WARTA_TIMEZONE", "Mars/Olympus"),
        ("TELEGRAM_API_URL", "api.telegram.org"),
        ("WARTA_MAX_ARTICLE_PAGES", "banyak"),
        ("WARTA_MAX_ARTICLE_PAGES", "0"),
    ],
)
def test_invalid_values_are_clear_errors(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name):
        load_settings({name: value}, dotenv=None)


@pytest.mark.parametrize(
    ("value", "kind", "where"),
    [
        ("data/warta.db", "sqlite", "data/warta.db"),
        ("/var/lib/warta/w.db", "sqlite", "/var/lib/warta/w.db"),
        ("sqlite:///data/warta.db", "sqlite", "data/warta.db"),
        ("sqlite:////var/lib/w.db", "sqlite", "/var/lib/w.db"),
        ("postgresql://warta@db.example:5432/warta", "postgresql", "db.example"),
        ("postgres://warta:rahasia@127.0.0.1/warta", "postgresql", "127.0.0.1"),
    ],
)
def test_database_accepts_a_path_or_a_sqlite_or_postgresql_url(
    value: str, kind: str, where: str
) -> None:
    database = load_settings({"WARTA_DATABASE": value}, dotenv=None).database
    assert database.kind == kind
    if kind == "sqlite":
        assert database.path == Path(where)
    else:
        assert database.dsn.startswith("postgresql://") and where in database.dsn
        assert "rahasia" not in str(database)  # printed forms hide the password


@pytest.mark.parametrize(
    "value", ["mysql://root@localhost/warta", "http://example.com/db", "sqlite://relative.db"]
)
def test_other_database_schemes_are_refused_naming_the_accepted_forms(value: str) -> None:
    with pytest.raises(ConfigError, match="WARTA_DATABASE") as error:
        load_settings({"WARTA_DATABASE": value}, dotenv=None)
    assert "sqlite:///" in str(error.value) and "postgresql://" in str(error.value)


def test_a_refused_database_url_never_shows_its_password() -> None:
    with pytest.raises(ConfigError) as error:
        load_settings({"WARTA_DATABASE": "mysql://root:rahasia@localhost/warta"}, dotenv=None)
    assert "rahasia" not in str(error.value)
