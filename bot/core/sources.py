"""The feeds catalogue: ``seeds/feeds.toml`` (or ``WARTA_FEEDS``) → ``list[FeedSource]``."""

from __future__ import annotations

import tomllib
from pathlib import Path

from bot.core.config import ConfigError, read_config_file
from bot.core.models import FeedSource
from bot.core.urls import canonical_url

__all__ = ["SourcesError", "load_sources", "parse_sources"]

_KEYS = frozenset({"name", "url"})


class SourcesError(ConfigError):
    """The feeds file is missing or invalid; the message names the file and the problem."""


def load_sources(path: str | Path) -> list[FeedSource]:
    """Read the feeds file: ``[[feed]]`` tables with ``name`` and ``url``."""
    text = read_config_file(
        path, what="feeds", variable="WARTA_FEEDS", table="feed", error=SourcesError
    )
    return parse_sources(text, source=str(path))


def parse_sources(text: str, source: str = "<feeds>") -> list[FeedSource]:
    """Parse and validate the TOML text of a feeds file."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SourcesError(f"{source} is not valid TOML: {exc}") from exc
    unknown = set(data) - {"feed"}
    if unknown:
        raise SourcesError(f"{source}: unknown top-level key(s) {sorted(unknown)}; use [[feed]]")
    feeds = data.get("feed")
    if not isinstance(feeds, list) or not feeds:
        raise SourcesError(f"{source} lists no feeds: add [[feed]] tables with name and url")
    sources: list[FeedSource] = []
    seen: dict[str, int] = {}
    for number, entry in enumerate(feeds, start=1):
        where = f"{source}: feed #{number}"
        if not isinstance(entry, dict):
            raise SourcesError(f"{where} must be a table with name and url")
        extra = set(entry) - _KEYS
        if extra:
            raise SourcesError(f"{where}: unknown key(s) {sorted(extra)} (allowed: name, url)")
        name, url = entry.get("name"), entry.get("url")
        if not isinstance(name, str) or not name.strip():
            raise SourcesError(f"{where} needs a non-empty name")
        if not isinstance(url, str) or not url.strip():
            raise SourcesError(f"{where} ({name}) needs a url")
        try:
            key = canonical_url(url)
        except ValueError as exc:
            raise SourcesError(f"{where} ({name}): {exc}") from exc
        if key in seen:
            raise SourcesError(f"{where} ({name}) repeats the url of feed #{seen[key]}: {url}")
        seen[key] = number
        sources.append(FeedSource(name=name.strip(), url=url.strip()))
    return sources
