"""Which database ``WARTA_DATABASE`` names: a SQLite file or a PostgreSQL server."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit, urlunsplit

ACCEPTED_FORMS = (
    "a file path (data/warta.db), sqlite:///path/to/warta.db, "
    "or postgresql://user:password@host:5432/dbname (postgres:// also works)"
)

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


class DatabaseURLError(ValueError):
    """``WARTA_DATABASE`` is not a form Warta accepts; the message names the accepted ones."""


@dataclass(frozen=True, slots=True)
class DatabaseURL:
    """A parsed database location: ``kind`` is "sqlite" (``path``) or "postgresql" (``dsn``)."""

    kind: str
    path: Path | None = None
    dsn: str | None = None

    def __str__(self) -> str:
        return str(self.path) if self.kind == "sqlite" else redact_dsn(self.dsn or "")

    def exists(self) -> bool:
        """SQLite: the file is there. A server database is assumed to be there."""
        return self.path.exists() if self.path is not None else True


def is_server_database(database: str | Path | DatabaseURL) -> bool:
    """Whether ``WARTA_DATABASE`` names a database server that several processes can share."""
    return parse_database_url(database).kind == "postgresql"


def parse_database_url(value: str | Path | DatabaseURL) -> DatabaseURL:
    """Parse a plain path, ``sqlite:///path`` or ``postgresql://…``/``postgres://…``."""
    if isinstance(value, DatabaseURL):
        return value
    if isinstance(value, Path):
        return DatabaseURL("sqlite", path=value)
    text = str(value).strip()
    if not text:
        raise DatabaseURLError(f"the database is empty; use {ACCEPTED_FORMS}")
    match = _SCHEME.match(text)
    # "C:\\data\\warta.db" has a one-letter "scheme": a Windows drive, so a path.
    if match is None or len(match.group(1)) == 1:
        return DatabaseURL("sqlite", path=Path(text))
    scheme = match.group(1).lower()
    if scheme == "sqlite":
        if not text.lower().startswith("sqlite:///") or len(text) <= len("sqlite:///"):
            raise DatabaseURLError(
                f"a SQLite URL is sqlite:/// followed by the path (sqlite:///data/warta.db, "
                f"sqlite:////abs/warta.db); got {text!r}; use {ACCEPTED_FORMS}"
            )
        return DatabaseURL("sqlite", path=Path(text[len("sqlite:///") :]))
    if scheme in ("postgresql", "postgres"):
        parts = urlsplit(text)
        if not parts.hostname and "host=" not in parts.query:
            raise DatabaseURLError(
                f"a PostgreSQL URL needs a host: postgresql://user@host:5432/dbname; "
                f"got {redact_dsn(text)!r}"
            )
        return DatabaseURL("postgresql", dsn=urlunsplit(("postgresql", *parts[1:])))
    raise DatabaseURLError(
        f"unsupported database scheme {scheme + '://'!r} in {redact_dsn(text)!r}; "
        f"use {ACCEPTED_FORMS}"
    )


def with_password(dsn: str, password: str) -> str:
    """The PostgreSQL URL with ``password`` as its password (kept out of every message).

    A URL that already has another password is refused: two sources, no telling which wins.
    """
    parts = urlsplit(dsn)
    userinfo, at, host = parts.netloc.rpartition("@")
    if not at:
        raise DatabaseURLError(
            "the database URL needs a user to give the password to: "
            f"postgresql://user@host:5432/dbname; got {redact_dsn(dsn)!r}"
        )
    user, colon, current = userinfo.partition(":")
    if colon and unquote(current) != password:
        raise DatabaseURLError(
            "WARTA_DATABASE has a password already, and it is not the one in the file; "
            "leave it out of the URL"
        )
    netloc = f"{user}:{quote(password, safe='')}@{host}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def redact_dsn(dsn: str) -> str:
    """The DSN with any password replaced by ``***`` (for messages and logs)."""
    try:
        parts = urlsplit(dsn)
    except ValueError:
        return "<unparseable database URL>"
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, host = netloc.rpartition("@")
        if ":" in userinfo:
            userinfo = userinfo.split(":", 1)[0] + ":***"
        netloc = f"{userinfo}@{host}"
    query = re.sub(r"(?i)(password=)[^&]*", r"\1***", parts.query)
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
