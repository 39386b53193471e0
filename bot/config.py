"""Settings from the environment (and an optional ``.env`` file), built once at start-up."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_API_URL = "https://api.telegram.org"


def _find_seeds() -> Path:
    """The seeds/ folder: beside the source tree, else in the working directory."""
    beside = Path(__file__).resolve().parent.parent / "seeds"
    return beside if beside.is_dir() else Path.cwd() / "seeds"


SEEDS_DIR = _find_seeds()


class ConfigError(ValueError):
    """The configuration is missing or invalid; the message says how to fix it."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything configurable about Warta. See the configuration table in README.md."""

    telegram_token: str | None = field(default=None, repr=False)
    telegram_api_url: str = DEFAULT_API_URL
    database: Path = Path("data/warta.db")
    feeds_file: Path = SEEDS_DIR / "feeds.toml"
    topics_file: Path = SEEDS_DIR / "topics.toml"
    sites_file: Path = SEEDS_DIR / "sites.toml"
    poll_interval: int = 600
    max_article_pages: int = 5
    admin_ids: frozenset[int] = frozenset()
    timezone: str = "Asia/Jakarta"

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
    return Settings(
        telegram_token=get("TELEGRAM_BOT_TOKEN"),
        telegram_api_url=api_url,
        database=Path(get("WARTA_DATABASE") or "data/warta.db"),
        feeds_file=Path(get("WARTA_FEEDS") or SEEDS_DIR / "feeds.toml"),
        topics_file=Path(get("WARTA_TOPICS") or SEEDS_DIR / "topics.toml"),
        sites_file=Path(get("WARTA_SITES") or SEEDS_DIR / "sites.toml"),
        poll_interval=poll_interval,
        max_article_pages=max_article_pages,
        admin_ids=admin_ids,
        timezone=timezone,
    )
