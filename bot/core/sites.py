"""Per-site reading rules: ``seeds/sites.toml`` (or ``WARTA_SITES``) → :class:`SiteRules`.

One rule for now, ``naive_utc_is_local``: the sites whose "UTC" (or zone-less) publication
times are really local times (detik writes WIB times with a "Z").
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.config import ConfigError, read_config_file

__all__ = ["SiteRule", "SiteRules", "SitesError", "load_site_rules", "parse_site_rules"]

_KEYS = frozenset({"hosts", "naive_utc_is_local"})


class SitesError(ConfigError):
    """The sites file is missing or invalid; the message names the file and the problem."""


@dataclass(frozen=True, slots=True)
class SiteRule:
    """How to read one site (its hosts and their subdomains)."""

    hosts: tuple[str, ...]
    naive_utc_is_local: ZoneInfo | None = None


class SiteRules:
    """The rules of every site, looked up by URL."""

    def __init__(self, rules: Sequence[SiteRule] = ()) -> None:
        self.rules = tuple(rules)

    def rule_for(self, url: str | None) -> SiteRule | None:
        """The rule of the site serving ``url`` (its host or a parent domain), if any."""
        host = (urlsplit(url).hostname or "").lower().rstrip(".") if url else ""
        if not host:
            return None
        for rule in self.rules:
            if any(host == h or host.endswith("." + h) for h in rule.hosts):
                return rule
        return None

    def utc_is_local(self, url: str | None) -> ZoneInfo | None:
        """The zone that "UTC" and zone-less publication times of ``url``'s site are in."""
        rule = self.rule_for(url)
        return rule.naive_utc_is_local if rule is not None else None


def load_site_rules(path: str | Path) -> SiteRules:
    """Read the sites file: ``[[site]]`` tables with ``hosts`` and the rules."""
    text = read_config_file(
        path, what="sites", variable="WARTA_SITES", table="site", error=SitesError
    )
    return parse_site_rules(text, source=str(path))


def parse_site_rules(text: str, source: str = "<sites>") -> SiteRules:
    """Parse and validate the TOML text of a sites file (it may list no sites)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SitesError(f"{source} is not valid TOML: {exc}") from exc
    unknown = set(data) - {"site"}
    if unknown:
        raise SitesError(f"{source}: unknown top-level key(s) {sorted(unknown)}; use [[site]]")
    entries = data.get("site", [])
    if not isinstance(entries, list):
        raise SitesError(f"{source}: site must be [[site]] tables")
    rules: list[SiteRule] = []
    for number, entry in enumerate(entries, start=1):
        where = f"{source}: site #{number}"
        if not isinstance(entry, dict):
            raise SitesError(f"{where} must be a table with hosts")
        extra = set(entry) - _KEYS
        if extra:
            raise SitesError(f"{where}: unknown key(s) {sorted(extra)} (allowed: {sorted(_KEYS)})")
        hosts = entry.get("hosts")
        if (
            not isinstance(hosts, list)
            or not hosts
            or not all(isinstance(h, str) and h.strip() and "/" not in h for h in hosts)
        ):
            raise SitesError(f"{where}: hosts must be a list of host names such as 'detik.com'")
        zone_name = entry.get("naive_utc_is_local")
        zone = None
        if zone_name is not None:
            try:
                zone = ZoneInfo(str(zone_name))
            except (ZoneInfoNotFoundError, ValueError) as exc:
                raise SitesError(
                    f"{where}: naive_utc_is_local {zone_name!r} is not a known time zone "
                    "(use a name such as 'Asia/Jakarta')"
                ) from exc
        rules.append(
            SiteRule(
                hosts=tuple(h.strip().lower().strip(".") for h in hosts),
                naive_utc_is_local=zone,
            )
        )
    return SiteRules(rules)
