"""Settings from the environment (and an optional ``.env`` file), built once at start-up."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.database_url import (
    DatabaseURL,
    DatabaseURLError,
    parse_database_url,
    with_password,
)
from bot.core.logs import FORMATS, LEVELS

DEFAULT_API_URL = "https://api.telegram.org"
DEFAULT_DATABASE = DatabaseURL("sqlite", path=Path("data/warta.db"))
DEFAULT_LISTEN = ("0.0.0.0", 8080)
DEFAULT_PUSH_MAX_AGE_HOURS = 6.0
_SECRET_CHARS = re.compile(r"[A-Za-z0-9_-]{1,256}")


def _find_seeds() -> Path:
    """The seeds/ folder (default feeds, topics, site rules), wherever ``warta`` runs from.

    A wheel installs it as the data package ``seeds`` beside ``bot`` (pyproject.toml); a
    source checkout has it beside the source tree; the working directory is the last resort.
    """
    try:
        feeds = resources.files("seeds").joinpath("feeds.toml")
    except (ImportError, OSError, TypeError, ValueError):
        # e.g. an editable install, whose namespace path holds a finder hook, not a folder
        feeds = None
    if isinstance(feeds, Path) and feeds.is_file():
        return feeds.parent
    beside = Path(__file__).resolve().parents[2] / "seeds"
    return beside if beside.is_dir() else Path.cwd() / "seeds"


SEEDS_DIR = _find_seeds()


class ConfigError(ValueError):
    """The configuration is missing or invalid; the message says how to fix it."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything configurable about Warta. See the configuration table in README.md."""

    telegram_token: str | None = field(default=None, repr=False)
    telegram_api_url: str = DEFAULT_API_URL
    # WARTA_DATABASE: a SQLite file (the default) or a PostgreSQL server; open_store() takes it.
    database: DatabaseURL | Path = DEFAULT_DATABASE
    feeds_file: Path = SEEDS_DIR / "feeds.toml"
    topics_file: Path = SEEDS_DIR / "topics.toml"
    sites_file: Path = SEEDS_DIR / "sites.toml"
    poll_interval: int = 600
    max_article_pages: int = 5
    admin_ids: frozenset[int] = frozenset()
    timezone: str = "Asia/Jakarta"
    # Operations (see "Running at scale" in README.md).
    webhook_url: str | None = None  # set: webhook mode; unset: long polling
    webhook_secret: str | None = field(default=None, repr=False)
    listen: tuple[str, int] = DEFAULT_LISTEN  # where the webhook server listens
    metrics_listen: tuple[str, int] | None = None  # where /metrics and /healthz are served
    push_max_age_hours: float = DEFAULT_PUSH_MAX_AGE_HOURS  # older news: digests only
    paid_broadcast: bool = False  # allow_paid_broadcast and the higher pace (costs Stars)
    log_level: str = "INFO"  # DEBUG, INFO, WARNING or ERROR
    log_format: str = "text"  # text, or json: one object per line

    @property
    def webhook_path(self) -> str:
        """The path part of the webhook URL, where the local server takes updates."""
        return urlsplit(self.webhook_url or "").path.rstrip("/") or "/"

    @property
    def tzinfo(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def bot_base_url(self) -> str:
        """Base URL for python-telegram-bot: the API root with ``/bot`` appended."""
        return self.telegram_api_url.rstrip("/") + "/bot"

    @property
    def bot_base_file_url(self) -> str:
        return self.telegram_api_url.rstrip("/") + "/file/bot"

    def require_token(self) -> str:
        if not self.telegram_token:
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN is not set. Create a bot with @BotFather in Telegram "
                "(send /newbot), copy the token it gives you, and run:\n"
                "  export TELEGRAM_BOT_TOKEN=123456:ABC...\n"
                "or put TELEGRAM_BOT_TOKEN=... in a .env file in the working directory."
            )
        return self.telegram_token


def read_config_file(
    path: str | Path, *, what: str, variable: str, table: str, error: type[ConfigError]
) -> str:
    """The text of a TOML catalogue file, or ``error`` naming the file and how to fix it."""
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise error(
            f"{what} file not found: {path} (set {variable} to a TOML file of [[{table}]] tables)"
        ) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"cannot read {what} file {path}: {exc}") from exc


def parse_listen(value: str, variable: str) -> tuple[str, int]:
    """``host:port`` (``[::1]:8080`` for IPv6, ``:8080`` for every interface) as a pair."""
    host, sep, port_text = value.strip().rpartition(":")
    host = host.strip("[]") or "0.0.0.0"
    try:
        port = int(port_text)
    except ValueError:
        port = -1
    if not sep or not 0 < port < 65536:
        raise ConfigError(f"{variable} must be host:port, for example 0.0.0.0:8080 (got {value!r})")
    return host, port


def _webhook(url: str | None, secret: str | None) -> tuple[str | None, str | None]:
    """The webhook URL and secret, checked together (a URL needs a secret)."""
    if url is None:
        return None, None
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        raise ConfigError(
            "WARTA_WEBHOOK_URL must be the bot's public https:// address, for example "
            "https://warta.example.id/telegram (Telegram only calls https webhooks)"
        )
    if secret is None:
        raise ConfigError(
            "WARTA_WEBHOOK_SECRET is required with WARTA_WEBHOOK_URL: Telegram sends it with "
            "every update, and requests without it are refused. Use 1-256 letters, digits, "
            "_ or -, for example the output of: python3 -c 'import secrets; "
            "print(secrets.token_urlsafe(32))'"
        )
    if not _SECRET_CHARS.fullmatch(secret):
        raise ConfigError(
            "WARTA_WEBHOOK_SECRET may only have 1-256 letters, digits, _ or - (Telegram's rule)"
        )
    return url, secret


def _choice(value: str | None, variable: str, choices: tuple[str, ...], default: str) -> str:
    if value is None:
        return default
    for choice in choices:
        if value.casefold() == choice.casefold():
            return choice
    raise ConfigError(f"{variable} must be one of {', '.join(choices)} (got {value!r})")


def read_secret_file(path: str, variable: str) -> str:
    """The secret in the file ``variable`` names (Docker secrets), stripped; the error
    names the variable and the file, never the content."""
    try:
        secret = Path(path).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not text"
        raise ConfigError(f"{variable}: cannot read {path}: {reason}") from None
    if not secret:
        raise ConfigError(f"{variable}: {path} is empty")
    return secret


def _token(value: str | None, file: str | None) -> str | None:
    """TELEGRAM_BOT_TOKEN, or the content of TELEGRAM_BOT_TOKEN_FILE; both must agree."""
    if file is None:
        return value
    token = read_secret_file(file, "TELEGRAM_BOT_TOKEN_FILE")
    if value is not None and value != token:
        raise ConfigError(
            "TELEGRAM_BOT_TOKEN and TELEGRAM_BOT_TOKEN_FILE are both set, to different tokens; "
            "set only one of them"
        )
    return token


def _database(value: str | None, password_file: str | None) -> DatabaseURL:
    """WARTA_DATABASE, with the password of WARTA_DATABASE_PASSWORD_FILE put into the URL."""
    try:
        database = parse_database_url(value or "data/warta.db")
    except DatabaseURLError as exc:
        raise ConfigError(f"WARTA_DATABASE: {exc}") from exc
    if password_file is None:
        return database
    if database.kind != "postgresql" or database.dsn is None:
        raise ConfigError(
            "WARTA_DATABASE_PASSWORD_FILE is only for a PostgreSQL server: set WARTA_DATABASE "
            "to postgresql://user@host:5432/dbname"
        )
    password = read_secret_file(password_file, "WARTA_DATABASE_PASSWORD_FILE")
    try:
        return DatabaseURL("postgresql", dsn=with_password(database.dsn, password))
    except DatabaseURLError as exc:
        raise ConfigError(f"WARTA_DATABASE_PASSWORD_FILE: {exc}") from None


def _flag(value: str | None, variable: str) -> bool:
    if value is None:
        return False
    folded = value.casefold()
    if folded in ("1", "true", "yes", "on"):
        return True
    if folded in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{variable} must be 1 or 0 (got {value!r})")


def read_dotenv(path: Path) -> dict[str, str]:
    """Parse a simple ``KEY=value`` .env file (comments, ``export``, quotes allowed)."""
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.removeprefix("export ").partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def load_settings(
    environ: Mapping[str, str] | None = None, dotenv: Path | None = Path(".env")
) -> Settings:
    """Build settings from ``environ`` (default ``os.environ``) over an optional .env file."""
    env = dict(read_dotenv(dotenv)) if dotenv else {}
    env.update(os.environ if environ is None else environ)

    def get(name: str) -> str | None:
        value = env.get(name, "").strip()
        return value or None

    try:
        poll_interval = int(get("WARTA_POLL_INTERVAL") or 600)
    except ValueError as exc:
        raise ConfigError("WARTA_POLL_INTERVAL must be a whole number of seconds") from exc
    if poll_interval < 10:
        raise ConfigError("WARTA_POLL_INTERVAL must be at least 10 seconds")
    try:
        max_article_pages = int(get("WARTA_MAX_ARTICLE_PAGES") or 5)
    except ValueError as exc:
        raise ConfigError("WARTA_MAX_ARTICLE_PAGES must be a whole number of pages") from exc
    if not 1 <= max_article_pages <= 20:
        raise ConfigError("WARTA_MAX_ARTICLE_PAGES must be between 1 and 20")
    try:
        admin_ids = frozenset(
            int(part)
            for part in (get("WARTA_ADMIN_IDS") or "").replace(";", ",").split(",")
            if part.strip()
        )
    except ValueError as exc:
        raise ConfigError("WARTA_ADMIN_IDS must be Telegram user ids separated by commas") from exc
    timezone = get("WARTA_TIMEZONE") or "Asia/Jakarta"
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(f"WARTA_TIMEZONE {timezone!r} is not a known time zone") from exc
    api_url = get("TELEGRAM_API_URL") or DEFAULT_API_URL
    if not api_url.startswith(("http://", "https://")):
        raise ConfigError("TELEGRAM_API_URL must start with http:// or https://")
    webhook_url, webhook_secret = _webhook(get("WARTA_WEBHOOK_URL"), get("WARTA_WEBHOOK_SECRET"))
    listen = get("WARTA_LISTEN")
    metrics_listen = get("WARTA_METRICS_LISTEN")
    try:
        push_max_age = float(get("WARTA_PUSH_MAX_AGE") or DEFAULT_PUSH_MAX_AGE_HOURS)
    except ValueError:
        push_max_age = -1.0
    if not 0 <= push_max_age <= 24 * 365:
        raise ConfigError("WARTA_PUSH_MAX_AGE must be a number of hours, for example 6")
    database = _database(get("WARTA_DATABASE"), get("WARTA_DATABASE_PASSWORD_FILE"))
    return Settings(
        telegram_token=_token(get("TELEGRAM_BOT_TOKEN"), get("TELEGRAM_BOT_TOKEN_FILE")),
        telegram_api_url=api_url,
        database=database,
        feeds_file=Path(get("WARTA_FEEDS") or SEEDS_DIR / "feeds.toml"),
        topics_file=Path(get("WARTA_TOPICS") or SEEDS_DIR / "topics.toml"),
        sites_file=Path(get("WARTA_SITES") or SEEDS_DIR / "sites.toml"),
        poll_interval=poll_interval,
        max_article_pages=max_article_pages,
        admin_ids=admin_ids,
        timezone=timezone,
        webhook_url=webhook_url,
        webhook_secret=webhook_secret,
        listen=parse_listen(listen, "WARTA_LISTEN") if listen else DEFAULT_LISTEN,
        metrics_listen=parse_listen(metrics_listen, "WARTA_METRICS_LISTEN")
        if metrics_listen
        else None,
        push_max_age_hours=push_max_age,
        paid_broadcast=_flag(get("WARTA_PAID_BROADCAST"), "WARTA_PAID_BROADCAST"),
        log_level=_choice(get("WARTA_LOG_LEVEL"), "WARTA_LOG_LEVEL", LEVELS, "INFO"),
        log_format=_choice(get("WARTA_LOG_FORMAT"), "WARTA_LOG_FORMAT", FORMATS, "text"),
    )
