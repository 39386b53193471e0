"""The embedded SQLite implementation of :class:`bot.storage.Store`.

Threading: one connection (``check_same_thread=False``) guarded by a re-entrant lock; every
public method takes the lock, so the asyncio thread and ``asyncio.to_thread`` workers can share
one store. Other processes (``warta search`` while ``warta run`` runs) open their own store on
the same file: WAL lets readers work beside the one writer, and ``busy_timeout`` makes a writer
wait for another instead of failing.

Durability: the connection is in autocommit mode and every write method runs in its own
``BEGIN IMMEDIATE … COMMIT``, so what a method wrote survives a SIGKILL right after it returns
(WAL with ``synchronous=NORMAL`` loses nothing on a process crash; only a power cut can roll
back the last commits).
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import fields, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np

from bot import dedupe
from bot.logsafe import redact
from bot.models import (
    Article,
    ChatSettings,
    FeedSource,
    FeedState,
    NewArticle,
    NewOutboxMessage,
    OutboxMessage,
    SearchHit,
    Stats,
    StoreResult,
    Subscription,
)
from bot.storage import query as fts_query
from bot.storage.index import (
    INSERT_RECENT_SQL,
    INSERT_SQL,
    count_terms,
    fold,
    index_terms,
    prune_recent,
    refill_recent,
    refill_term_counts,
    stemmed_fields,
    term_counts,
)
from bot.storage.schema import FTS_TABLE, RECENT_TABLE, SchemaError, migrate

logger = logging.getLogger(__name__)

__all__ = ["SQLiteStore", "SchemaError", "StoreError"]

BUSY_TIMEOUT_MS = 10_000

STORY_WINDOW = timedelta(days=7)
"""Only articles fetched this recently are candidates for joining a story."""

STORY_CANDIDATES = 200
"""Most articles compared (MinHash) when assigning a story."""

SEARCH_CANDIDATES = 1000
"""Search ranks the newest this-many matching articles (see :meth:`SQLiteStore.search`)."""

FULL_INDEX_BUDGET = 60_000
"""Most term occurrences (summed document counts) bm25 may count on the full index."""

MAX_OR_TERMS = 8
"""When no article has all the words, search for any of this many of the rarest ones."""

MAX_FULL_INDEX_TERMS = 8
"""The full index is searched for at most this many of the rarest words of a query."""

BM25_WEIGHTS = (4.0, 2.0, 1.0)
"""bm25 column weights: a term in the title counts 4×, in the bullets 2×, in the text 1×."""

RECENCY_HALF_LIFE_DAYS = 14.0
RECENCY_FLOOR = 0.25
RELEVANCE_EPSILON = 1e-3
"""Search ranking constants; the formula is in :meth:`SQLiteStore.search`."""

CHAT_FIELDS = frozenset(f.name for f in fields(ChatSettings)) - {"chat_id"}
CHAT_TYPES = ("private", "group", "supergroup", "channel")
CHAT_MODES = ("instant", "digest")
SUBSCRIPTION_KINDS = ("topic", "keyword")
OUTBOX_KINDS = ("push", "digest", "reply")
ERROR_MAX_CHARS = 1000
_ALL_TOPICS = object()


class StoreError(ValueError):
    """Invalid input to the store; the message says what is wrong."""


# -- time and value helpers ------------------------------------------------------------------


def _utc_now() -> datetime:
    return datetime.now(UTC)


def to_db_time(value: datetime) -> str:
    """UTC ISO-8601 text of fixed width; naive datetimes are refused."""
    if not isinstance(value, datetime):
        raise StoreError(f"expected a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise StoreError(f"datetime {value.isoformat()} has no time zone; pass an aware one")
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _opt_db_time(value: datetime | None) -> str | None:
    return None if value is None else to_db_time(value)


def from_db_time(value: str | None) -> datetime | None:
    """An aware UTC datetime from stored text."""
    return None if value is None else datetime.fromisoformat(value).astimezone(UTC)


def _clean_error(error: object) -> str:
    """An error text fit to store: token redacted, bounded length."""
    text = redact(str(error))
    return text if len(text) <= ERROR_MAX_CHARS else text[: ERROR_MAX_CHARS - 1] + "…"


def pack_minhash(signature: Sequence[int]) -> bytes | None:
    """A MinHash signature as 5 bytes per value (values are below 2**33), lossless."""
    if not signature:
        return None
    values = np.asarray(signature, dtype="<u8")
    return values.view(np.uint8).reshape(-1, 8)[:, :5].tobytes()


def unpack_minhash(blob: bytes | None) -> tuple[int, ...]:
    if not blob:
        return ()
    raw = np.frombuffer(blob, dtype=np.uint8).reshape(-1, 5)
    padded = np.zeros((raw.shape[0], 8), dtype=np.uint8)
    padded[:, :5] = raw
    return tuple(int(v) for v in padded.view("<u8").ravel())


def band_key_ints(signature: Sequence[int]) -> list[int]:
    """``bot.dedupe.band_keys`` folded into signed 64-bit integers (compact index keys)."""
    out = []
    for key in dedupe.band_keys(tuple(signature)):
        band, _, digest = key.partition(":")
        value = (int(digest, 16) ^ (int(band) << 56)) & 0xFFFFFFFFFFFFFFFF
        out.append(value - (1 << 64) if value >= 1 << 63 else value)
    return out


def _nonempty(name: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise StoreError(f"{name} must be a non-empty string, got {value!r}")
    return value.strip()


def check_message(kind: str, text: str, dedupe_key: str, reply_markup: str | None) -> None:
    """StoreError unless this is a message the outbox can take."""
    if kind not in OUTBOX_KINDS:
        raise StoreError(f"outbox kind must be one of {OUTBOX_KINDS}, got {kind!r}")
    _nonempty("message text", text)
    _nonempty("dedupe_key", dedupe_key)
    if reply_markup is not None:
        try:
            json.loads(reply_markup)
        except (TypeError, ValueError) as exc:
            raise StoreError(f"reply_markup must be JSON text: {exc}") from exc


def outbox_rows(messages: Sequence[NewOutboxMessage], now: str) -> list[tuple]:
    """Validated insert rows ``(chat_id, kind, text, reply_markup, dedupe_key, not_before,
    created_at)``; the first bad message raises StoreError and nothing is written."""
    rows = []
    for m in messages:
        check_message(m.kind, m.text, m.dedupe_key, m.reply_markup)
        not_before = now if m.not_before is None else to_db_time(m.not_before)
        rows.append((int(m.chat_id), m.kind, m.text, m.reply_markup, m.dedupe_key, not_before, now))
    return rows


# -- row mappers -----------------------------------------------------------------------------

_FEED_COLUMNS = (
    "url, name, etag, last_modified, last_success_at, last_error_at, last_error, "
    "consecutive_failures, next_poll_at, failing_since, reported_at"
)
_ARTICLE_COLUMNS = (
    "a.id, a.url, a.canonical_url, a.outlet, a.title, b.text, b.bullets, a.topics, a.story_id, "
    "a.published_at, a.fetched_at, a.author, a.from_description"
)
_ARTICLE_FROM = "articles a JOIN article_bodies b ON b.article_id = a.id"
_CHAT_COLUMNS = (
    "chat_id, chat_type, title, timezone, digest_hour, mode, paused, active, inactive_reason, "
    "last_digest_at"
)
_OUTBOX_COLUMNS = (
    "id, chat_id, kind, text, dedupe_key, reply_markup, attempts, status, not_before, last_error"
)


def _feed(row: sqlite3.Row) -> FeedState:
    return FeedState(
        url=row[0],
        name=row[1],
        etag=row[2],
        last_modified=row[3],
        last_success_at=from_db_time(row[4]),
        last_error_at=from_db_time(row[5]),
        last_error=row[6],
        consecutive_failures=row[7],
        next_poll_at=from_db_time(row[8]),
        failing_since=from_db_time(row[9]),
        reported_at=from_db_time(row[10]),
    )


def _article(row: sqlite3.Row) -> Article:
    fetched = from_db_time(row[10])
    assert fetched is not None
    return Article(
        id=row[0],
        url=row[1],
        canonical_url=row[2],
        outlet=row[3],
        title=row[4],
        text=row[5],
        bullets=tuple(json.loads(row[6])),
        topics=tuple(json.loads(row[7])),
        story_id=row[8],
        published_at=from_db_time(row[9]),
        fetched_at=fetched,
        author=row[11],
        from_description=bool(row[12]),
    )


def _chat(row: sqlite3.Row) -> ChatSettings:
    return ChatSettings(
        chat_id=row[0],
        chat_type=row[1],
        title=row[2],
        timezone=row[3],
        digest_hour=row[4],
        mode=row[5],
        paused=bool(row[6]),
        active=bool(row[7]),
        inactive_reason=row[8],
        last_digest_at=from_db_time(row[9]),
    )


def _outbox(row: sqlite3.Row) -> OutboxMessage:
    return OutboxMessage(
        id=row[0],
        chat_id=row[1],
        kind=row[2],
        text=row[3],
        dedupe_key=row[4],
        reply_markup=row[5],
        attempts=row[6],
        status=row[7],
        not_before=from_db_time(row[8]),
        last_error=row[9],
    )


class SQLiteStore:
    """Warta's store in one SQLite file (created, with its parent folder, when missing)."""

    def __init__(self, path: str | Path, *, clock: Callable[[], datetime] = _utc_now) -> None:
        self.path = Path(path)
        self._clock = clock
        self._lock = threading.RLock()
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._conn = sqlite3.connect(
                str(path),
                isolation_level=None,
                check_same_thread=False,
                timeout=BUSY_TIMEOUT_MS / 1000,
            )
        except sqlite3.Error as exc:
            raise SchemaError(f"cannot open database {str(path)!r}: {exc}") from exc
        try:
            self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA synchronous = NORMAL")
            self._conn.execute("PRAGMA foreign_keys = ON")
            migrate(self._conn)
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            raise SchemaError(f"{str(path)!r} is not a usable Warta database: {exc}") from exc
        except BaseException:
            self._conn.close()
            raise

    # -- plumbing ----------------------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, committed when the block ends."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """A consistent read (one snapshot) across several statements."""
        with self._lock:
            self._conn.execute("BEGIN")
            try:
                yield self._conn
            finally:
                self._conn.execute("COMMIT")

    def _now(self) -> str:
        return to_db_time(self._clock())

    # -- feeds -------------------------------------------------------------------------------

    def sync_feeds(self, sources: Iterable[FeedSource]) -> None:
        """Upsert catalogue feeds; feeds no longer listed keep their history, marked retired."""
        items = [(_nonempty("feed url", s.url), _nonempty("feed name", s.name)) for s in sources]
        with self._write() as conn:
            conn.execute("UPDATE feeds SET in_catalogue = 0")
            conn.executemany(
                "INSERT INTO feeds(url, name) VALUES (?, ?) "
                "ON CONFLICT(url) DO UPDATE SET name = excluded.name, in_catalogue = 1",
                items,
            )

    def feed_states(self) -> list[FeedState]:
        """States of the feeds in the current catalogue (see :meth:`sync_feeds`), by name."""
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {_FEED_COLUMNS} FROM feeds WHERE in_catalogue ORDER BY name, url"
            ).fetchall()
        return [_feed(r) for r in rows]

    def feed_state(self, url: str) -> FeedState | None:
        with self._lock:
            row = self._conn.execute(
                f"SELECT {_FEED_COLUMNS} FROM feeds WHERE url = ?", (url,)
            ).fetchone()
        return None if row is None else _feed(row)

    def _ensure_feed(self, conn: sqlite3.Connection, url: str) -> None:
        """A feed polled without being synced still gets a row (named after its URL)."""
        conn.execute(
            "INSERT INTO feeds(url, name, in_catalogue) VALUES (?, ?, 0) ON CONFLICT DO NOTHING",
            (_nonempty("feed url", url), url),
        )

    def record_feed_success(
        self,
        url: str,
        *,
        at: datetime,
        etag: str | None,
        last_modified: str | None,
        next_poll_at: datetime | None = None,
    ) -> None:
        with self._write() as conn:
            self._ensure_feed(conn, url)
            conn.execute(
                "UPDATE feeds SET last_success_at = ?, etag = ?, last_modified = ?, "
                "consecutive_failures = 0, failing_since = NULL, reported_at = NULL, "
                "next_poll_at = ? WHERE url = ?",
                (to_db_time(at), etag, last_modified, _opt_db_time(next_poll_at), url),
            )

    def record_feed_failure(
        self, url: str, *, at: datetime, error: str, next_poll_at: datetime
    ) -> FeedState:
        with self._write() as conn:
            self._ensure_feed(conn, url)
            when = to_db_time(at)
            conn.execute(
                "UPDATE feeds SET last_error_at = ?, last_error = ?, "
                "consecutive_failures = consecutive_failures + 1, next_poll_at = ?, "
                "failing_since = COALESCE(failing_since, ?) WHERE url = ?",
                (when, _clean_error(error), to_db_time(next_poll_at), when, url),
            )
        state = self.feed_state(url)
        assert state is not None
        return state

    def mark_feed_reported(self, url: str, *, at: datetime) -> None:
        with self._write() as conn:
            conn.execute("UPDATE feeds SET reported_at = ? WHERE url = ?", (to_db_time(at), url))

    # -- articles ----------------------------------------------------------------------------

    def has_article(
        self,
        *,
        canonical_url: str | None = None,
        guid: str | None = None,
        feed_url: str | None = None,
    ) -> bool:
        with self._lock:
            if (
                canonical_url
                and self._conn.execute(
                    "SELECT 1 FROM articles WHERE canonical_url = ?", (canonical_url,)
                ).fetchone()
            ):
                return True
            return bool(
                guid
                and feed_url
                and self._conn.execute(
                    "SELECT 1 FROM articles WHERE feed_url = ? AND guid = ?", (feed_url, guid)
                ).fetchone()
            )

    def _duplicate_of(
        self, conn: sqlite3.Connection, article: NewArticle, text_hash: str | None
    ) -> bool:
        if conn.execute(
            "SELECT 1 FROM articles WHERE canonical_url = ?", (article.canonical_url,)
        ).fetchone():
            return True
        if (
            article.guid
            and article.feed_url
            and conn.execute(
                "SELECT 1 FROM articles WHERE feed_url = ? AND guid = ?",
                (article.feed_url, article.guid),
            ).fetchone()
        ):
            return True
        return bool(
            text_hash
            and conn.execute("SELECT 1 FROM articles WHERE text_hash = ?", (text_hash,)).fetchone()
        )

    def _validate(self, article: NewArticle) -> None:
        _nonempty("url", article.url)
        _nonempty("canonical_url", article.canonical_url)
        _nonempty("outlet", article.outlet)
        if not (article.title.strip() or article.text.strip()):
            raise StoreError(f"article {article.canonical_url} has neither title nor text")
        for value in (article.published_at, article.fetched_at):
            if value is not None:
                to_db_time(value)
        if article.minhash and len(article.minhash) != dedupe.NUM_PERM:
            raise StoreError(
                f"minhash must have {dedupe.NUM_PERM} values, got {len(article.minhash)}"
            )

    def _find_story(
        self, conn: sqlite3.Connection, signature: tuple[int, ...], fetched_at: datetime
    ) -> int | None:
        """The story of the most similar recent article, if similar enough."""
        keys = band_key_ints(signature)
        if not keys:
            return None
        marks = ",".join("?" * len(keys))
        rows = conn.execute(
            f"SELECT a.story_id, b.minhash FROM articles a "
            f"JOIN article_bodies b ON b.article_id = a.id "
            f"WHERE a.id IN (SELECT DISTINCT article_id FROM story_bands "
            f"WHERE band_key IN ({marks})) AND a.fetched_at >= ? "
            f"ORDER BY a.id DESC LIMIT {STORY_CANDIDATES}",
            (*keys, to_db_time(fetched_at - STORY_WINDOW)),
        ).fetchall()
        best, best_story = 0.0, None
        for story_id, blob in rows:
            score = dedupe.similarity(signature, unpack_minhash(blob))
            if score > best:
                best, best_story = score, story_id
        return best_story if best >= dedupe.SAME_STORY else None

    def add_article(self, article: NewArticle) -> StoreResult:
        """Store the article unless it is a duplicate; assign its story and index it."""
        self._validate(article)
        article = replace(
            article,
            url=article.url.strip(),
            canonical_url=article.canonical_url.strip(),
            outlet=article.outlet.strip(),
            title=article.title.strip(),
        )
        fetched_at = article.fetched_at or self._clock()
        text_hash = article.text_hash
        if text_hash is None and dedupe.normalized_words(article.text):
            text_hash = dedupe.text_hash(article.text)
        signature = tuple(article.minhash) or dedupe.minhash_signature(article.text)
        published = article.published_at
        # The news date used for ranking and for search's `since`: the publication time,
        # unless missing or implausibly far in the future of the fetch.
        dated = published if published and published <= fetched_at + timedelta(days=1) else None
        dated = dated or fetched_at
        # Stem outside the lock: it is the slow part.
        indexed = stemmed_fields(article.title, article.bullets, article.text)
        topics = list(dict.fromkeys(t.strip() for t in article.topics if t.strip()))
        duplicate = StoreResult(article_id=None, story_id=None, duplicate=True, new_story=False)
        try:
            with self._write() as conn:
                if self._duplicate_of(conn, article, text_hash):
                    return duplicate
                story_id = self._find_story(conn, signature, fetched_at)
                now = to_db_time(fetched_at)
                new_story = story_id is None
                if story_id is None:
                    story_id = conn.execute(
                        "INSERT INTO stories(created_at, updated_at, article_count) "
                        "VALUES (?, ?, 1)",
                        (now, now),
                    ).lastrowid
                else:
                    conn.execute(
                        "UPDATE stories SET updated_at = MAX(updated_at, ?), "
                        "article_count = article_count + 1 WHERE id = ?",
                        (now, story_id),
                    )
                article_id = conn.execute(
                    "INSERT INTO articles(story_id, dated_at, fetched_at, published_at, outlet, "
                    "title, url, canonical_url, feed_url, guid, author, from_description, "
                    "topics, text_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        story_id,
                        to_db_time(dated),
                        now,
                        _opt_db_time(published),
                        article.outlet,
                        article.title,
                        article.url,
                        article.canonical_url,
                        article.feed_url,
                        article.guid,
                        article.author,
                        int(article.from_description),
                        json.dumps(topics, ensure_ascii=False),
                        text_hash,
                    ),
                ).lastrowid
                conn.execute(
                    "INSERT INTO article_bodies(article_id, bullets, minhash, text) "
                    "VALUES (?, ?, ?, ?)",
                    (
                        article_id,
                        json.dumps(list(article.bullets), ensure_ascii=False),
                        pack_minhash(signature),
                        article.text,
                    ),
                )
                conn.executemany(
                    "INSERT INTO article_topics(topic, article_id) VALUES (?, ?)",
                    [(t, article_id) for t in topics],
                )
                conn.executemany(
                    "INSERT OR IGNORE INTO story_bands(band_key, article_id) VALUES (?, ?)",
                    [(k, article_id) for k in band_key_ints(signature)],
                )
                conn.execute(INSERT_SQL, (article_id, *indexed))
                count_terms(conn, index_terms(*indexed))
                conn.execute(INSERT_RECENT_SQL, (article_id, *indexed))
                if article_id % 256 == 0:
                    self._prune_bands(conn, fetched_at)
                    prune_recent(conn, article_id)
        except sqlite3.IntegrityError as exc:
            # Another process stored the same article between our check and our insert.
            if "UNIQUE" in str(exc):
                return duplicate
            raise
        return StoreResult(
            article_id=article_id, story_id=story_id, duplicate=False, new_story=new_story
        )

    def _prune_bands(self, conn: sqlite3.Connection, now: datetime) -> None:
        """Forget band keys of articles too old to join a story (keeps the table small)."""
        row = conn.execute(
            "SELECT MIN(id) FROM articles WHERE fetched_at >= ?",
            (to_db_time(now - 2 * STORY_WINDOW),),
        ).fetchone()
        if row and row[0]:
            conn.execute("DELETE FROM story_bands WHERE article_id < ?", (row[0],))

    def get_article(self, article_id: int) -> Article | None:
        with self._lock:
            row = self._conn.execute(
                f"SELECT {_ARTICLE_COLUMNS} FROM {_ARTICLE_FROM} WHERE a.id = ?", (article_id,)
            ).fetchone()
        return None if row is None else _article(row)

    def _articles(self, ids: Sequence[int]) -> dict[int, Article]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self._conn.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM {_ARTICLE_FROM} WHERE a.id IN ({marks})", tuple(ids)
        ).fetchall()
        return {r[0]: _article(r) for r in rows}

    def story_outlets(self, story_id: int) -> list[str]:
        """Distinct outlets of a story, in the order their first article was stored."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT outlet FROM articles WHERE story_id = ? GROUP BY outlet ORDER BY MIN(id)",
                (story_id,),
            ).fetchall()
        return [r[0] for r in rows]

    def count_articles(self) -> int:
        with self._lock:
            return self._conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    # -- search ------------------------------------------------------------------------------

    @staticmethod
    def _matching(
        table: str, expression: str, since: datetime | None, topics: Sequence[str] | None
    ) -> tuple[str, dict[str, object]]:
        """FROM … WHERE … selecting the articles of ``table`` that match, and its parameters."""
        where = [f"{table} MATCH :expression"]
        params: dict[str, object] = {"expression": expression}
        if since is not None:
            where.append("a.dated_at >= :since")
            params["since"] = to_db_time(since)
        if topics:
            names = [f"topic{i}" for i in range(len(topics))]
            where.append(
                "EXISTS (SELECT 1 FROM article_topics t WHERE t.article_id = a.id AND t.topic "
                f"IN ({', '.join(':' + n for n in names)}))"
            )
            params.update(zip(names, topics, strict=True))
        sql = f"FROM {table} f JOIN articles a ON a.id = f.rowid WHERE {' AND '.join(where)}"
        return sql, params

    def _count_candidates(self, table: str, expression: str, **filters: object) -> int:
        """How many of the newest ``SEARCH_CANDIDATES`` matches there are (0 on FTS errors)."""
        matching, params = self._matching(table, expression, **filters)  # type: ignore[arg-type]
        sql = (
            f"SELECT COUNT(*) FROM (SELECT f.rowid {matching} "
            f"ORDER BY f.rowid DESC LIMIT {SEARCH_CANDIDATES})"
        )
        try:
            return self._conn.execute(sql, params).fetchone()[0]
        except sqlite3.OperationalError as exc:
            # query.py only builds quoted terms, so this should not happen; never let a
            # reader's query crash the bot.
            logger.warning("full-text query %r failed: %s", expression, exc)
            return 0

    def _ranked(
        self,
        table: str,
        expression: str,
        *,
        now: datetime,
        limit: int,
        offset: int,
        **filters: object,
    ) -> list[tuple[int, float]]:
        """One page of (article id, score), the best article of each story.

        Candidates are the newest ``SEARCH_CANDIDATES`` matches in ``table``; see
        :meth:`search` for the score.
        """
        matching, params = self._matching(table, expression, **filters)  # type: ignore[arg-type]
        params.update(
            now=to_db_time(now),
            epsilon=RELEVANCE_EPSILON,
            floor=RECENCY_FLOOR,
            half_life=RECENCY_HALF_LIFE_DAYS,
            limit=limit,
            offset=offset,
        )
        weights = ", ".join(str(w) for w in BM25_WEIGHTS)
        sql = f"""
            SELECT article_id, MAX(score) AS best FROM (
                SELECT f.rowid AS article_id, a.story_id AS story_id,
                    (-bm25({table}, {weights}) + :epsilon) * (:floor + (1 - :floor) / (1 +
                        MAX(0, julianday(:now) - julianday(a.dated_at)) / :half_life)) AS score
                {matching}
                ORDER BY f.rowid DESC LIMIT {SEARCH_CANDIDATES}
            )
            GROUP BY story_id ORDER BY best DESC, article_id DESC LIMIT :limit OFFSET :offset
        """
        return [(r[0], r[1]) for r in self._conn.execute(sql, params).fetchall()]

    @staticmethod
    def _rarest(terms: list[str], counts: dict[str, int], *, most: int, budget: int) -> list[str]:
        """At most ``most`` of the rarest terms whose document counts add up to at most
        ``budget`` (at least one term), in query order."""
        kept: set[str] = set()
        total = 0
        for term in sorted(terms, key=lambda t: counts[t]):
            if kept and (len(kept) >= most or total + counts[term] > budget):
                break
            kept.add(term)
            total += counts[term]
        return [t for t in terms if t in kept]

    def _affordable_terms(self, terms: list[str]) -> list[str]:
        """The rarest terms whose document counts add up to at most ``FULL_INDEX_BUDGET``."""
        counts = term_counts(self._conn, [fold(t) for t in terms])
        by_term = {t: counts[fold(t)] for t in terms}
        return self._rarest(terms, by_term, most=len(terms), budget=FULL_INDEX_BUDGET)

    def search(
        self,
        query: str,
        *,
        limit: int = 5,
        offset: int = 0,
        since: datetime | None = None,
        topics: Sequence[str] | None = None,
    ) -> list[SearchHit]:
        """Ranked search; one hit per story (its best article), ``limit`` from ``offset``.

        Candidates are the ``SEARCH_CANDIDATES`` newest articles matching all terms (or, when
        none does, any of the ``MAX_OR_TERMS`` rarest terms found in the archive). Each gets
        the score

            (-bm25 + RELEVANCE_EPSILON) × (FLOOR + (1 - FLOOR) / (1 + age_days / HALF_LIFE))

        where bm25 weighs a term in the title 4×, in the bullets 2×, in the text 1×, and
        ``age_days`` counts from the article's news date (publication, else fetch time). The
        recency factor is 1 today, about 0.63 after ``RECENCY_HALF_LIFE_DAYS`` (14), and tends
        to ``RECENCY_FLOOR`` (0.25) for old news, so a much better match still wins over a
        newer one. The epsilon orders hits newest first when bm25 cannot tell them apart
        (FTS5 gives ~0 to a term found in more than half of a small archive).

        Speed: FTS5's bm25 counts every match of each term in the table it runs on. The
        candidates are first taken from the index of the newest ``RECENT_ROWS`` articles; only
        when it has fewer than ``SEARCH_CANDIDATES`` matches is the full index asked, and
        there the most common words are left out of the match until at most
        ``MAX_FULL_INDEX_TERMS`` remain and their document counts add up to at most
        ``FULL_INDEX_BUDGET`` (a word found in a large share of all articles tells little
        about relevance). The prices: for very common words,
        articles older than the newest thousand matches are not considered (they would rank
        low anyway); and an old article may be found without one of the most common words of
        the query.
        """
        if limit <= 0 or offset < 0:
            return []
        terms = fts_query.query_terms(query)
        if not terms:
            return []
        filters = {"since": since, "topics": list(topics) if topics else None}
        with self._read():
            counts = term_counts(self._conn, [fold(t) for t in terms])
            by_term = {t: counts[fold(t)] for t in terms}
            attempts = [(fts_query.all_terms_expression, terms)]
            if len(terms) > 1:
                known = [t for t in terms if by_term[t]] or terms  # unknown words match nothing
                or_terms = self._rarest(known, by_term, most=MAX_OR_TERMS, budget=2**62)
                attempts.append((fts_query.any_term_expression, or_terms))
            page: list[tuple[int, float]] = []
            ranking = {"now": self._clock(), "limit": limit, "offset": offset, **filters}
            for combine, words in attempts:
                # When the recent index alone has enough matches, they are the newest ones
                # overall, and its bm25 is cheap.
                expression = combine(words)
                if self._count_candidates(RECENT_TABLE, expression, **filters) >= (
                    SEARCH_CANDIDATES
                ):
                    page = self._ranked(RECENT_TABLE, expression, **ranking)
                    break
                # Else the words are not common lately: ask the full index, leaving out the
                # words so common there that counting them for bm25 would be slow.
                affordable = self._rarest(
                    words, by_term, most=MAX_FULL_INDEX_TERMS, budget=FULL_INDEX_BUDGET
                )
                expression = combine(affordable)
                page = self._ranked(FTS_TABLE, expression, **ranking)
                if page or self._count_candidates(FTS_TABLE, expression, **filters):
                    break
            articles = self._articles([article_id for article_id, _ in page])
            hits = []
            for article_id, score in page:
                article = articles[article_id]
                outlets = self.story_outlets(article.story_id)
                others = tuple(o for o in outlets if o != article.outlet)
                hits.append(SearchHit(article=article, score=score, other_outlets=others))
        return hits

    def articles_since(
        self, since: datetime, *, topics: Sequence[str] | None = None, limit: int = 50
    ) -> list[Article]:
        """Articles fetched after ``since``, newest first, the newest article of each story."""
        if limit <= 0:
            return []
        params: list[object] = [to_db_time(since)]
        topic_filter = ""
        if topics:
            marks = ",".join("?" * len(topics))
            topic_filter = (
                f"AND EXISTS (SELECT 1 FROM article_topics t WHERE t.article_id = a.id "
                f"AND t.topic IN ({marks}))"
            )
            params.extend(topics)
        params.append(limit)
        sql = (
            f"SELECT {_ARTICLE_COLUMNS} FROM {_ARTICLE_FROM} WHERE a.id IN ("
            f"SELECT MAX(a.id) FROM articles a WHERE a.fetched_at > ? {topic_filter} "
            f"GROUP BY a.story_id) ORDER BY a.fetched_at DESC, a.id DESC LIMIT ?"
        )
        with self._lock:
            rows = self._conn.execute(sql, params).fetchall()
        return [_article(r) for r in rows]

    # -- chats and subscriptions ------------------------------------------------------------

    def upsert_chat(
        self, chat_id: int, *, chat_type: str = "private", title: str | None = None
    ) -> ChatSettings:
        """Create the chat, or update its type/title and reactivate it (they came back)."""
        if chat_type not in CHAT_TYPES:
            raise StoreError(f"chat_type must be one of {CHAT_TYPES}, got {chat_type!r}")
        now = self._now()
        with self._write() as conn:
            conn.execute(
                "INSERT INTO chats(chat_id, chat_type, title, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT(chat_id) DO UPDATE SET "
                "chat_type = excluded.chat_type, title = COALESCE(excluded.title, title), "
                "active = 1, inactive_reason = NULL, updated_at = excluded.updated_at",
                (int(chat_id), chat_type, title, now, now),
            )
        chat = self.get_chat(chat_id)
        assert chat is not None
        return chat

    def get_chat(self, chat_id: int) -> ChatSettings | None:
        with self._lock:
            row = self._conn.execute(
                f"SELECT {_CHAT_COLUMNS} FROM chats WHERE chat_id = ?", (chat_id,)
            ).fetchone()
        return None if row is None else _chat(row)

    @staticmethod
    def _chat_value(name: str, value: object) -> object:
        """The stored form of one settings field, or StoreError."""
        if name == "chat_type" and value not in CHAT_TYPES:
            raise StoreError(f"chat_type must be one of {CHAT_TYPES}, got {value!r}")
        if name == "mode" and value not in CHAT_MODES:
            raise StoreError(f"mode must be one of {CHAT_MODES}, got {value!r}")
        if name == "digest_hour" and (
            isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 23
        ):
            raise StoreError(f"digest_hour must be a whole hour 0-23, got {value!r}")
        if name == "timezone":
            try:
                ZoneInfo(str(value))
            except (ZoneInfoNotFoundError, ValueError) as exc:
                raise StoreError(f"timezone {value!r} is not a known time zone") from exc
        if name in ("paused", "active"):
            if not isinstance(value, bool):
                raise StoreError(f"{name} must be True or False, got {value!r}")
            return int(value)
        if (
            name in ("title", "inactive_reason")
            and value is not None
            and not isinstance(value, str)
        ):
            raise StoreError(f"{name} must be text or None, got {value!r}")
        if name == "last_digest_at":
            return None if value is None else to_db_time(value)  # type: ignore[arg-type]
        return value

    def update_chat(self, chat_id: int, **changes: object) -> ChatSettings:
        """Change settings fields (names as in :class:`ChatSettings`); unknown names refused."""
        unknown = sorted(set(changes) - CHAT_FIELDS)
        if unknown:
            raise StoreError(
                f"unknown chat setting(s) {', '.join(unknown)}; "
                f"known: {', '.join(sorted(CHAT_FIELDS))}"
            )
        values = {name: self._chat_value(name, value) for name, value in changes.items()}
        with self._write() as conn:
            if not conn.execute("SELECT 1 FROM chats WHERE chat_id = ?", (chat_id,)).fetchone():
                raise StoreError(f"chat {chat_id} is not known; call upsert_chat first")
            if values:
                assignments = ", ".join(f"{name} = ?" for name in values)
                conn.execute(
                    f"UPDATE chats SET {assignments}, updated_at = ? WHERE chat_id = ?",
                    (*values.values(), self._now(), chat_id),
                )
        chat = self.get_chat(chat_id)
        assert chat is not None
        return chat

    def set_chat_inactive(self, chat_id: int, reason: str) -> None:
        """Stop sending to the chat (no-op for a chat never seen); its data is kept."""
        with self._write() as conn:
            conn.execute(
                "UPDATE chats SET active = 0, inactive_reason = ?, updated_at = ? "
                "WHERE chat_id = ?",
                (_clean_error(reason), self._now(), chat_id),
            )

    def chats(self, *, active_only: bool = True) -> list[ChatSettings]:
        sql = f"SELECT {_CHAT_COLUMNS} FROM chats"
        if active_only:
            sql += " WHERE active"
        with self._lock:
            rows = self._conn.execute(sql + " ORDER BY chat_id").fetchall()
        return [_chat(r) for r in rows]

    @staticmethod
    def _subscription_key(kind: str, value: str) -> tuple[str, str]:
        if kind not in SUBSCRIPTION_KINDS:
            raise StoreError(f"subscription kind must be one of {SUBSCRIPTION_KINDS}, not {kind!r}")
        value = _nonempty(f"{kind} value", value)
        return value, value.casefold()

    def add_subscription(self, chat_id: int, kind: str, value: str) -> bool:
        """Subscribe; False when it already existed (keywords compared case-insensitively).

        The chat must exist (:meth:`upsert_chat`), else :class:`StoreError`.
        """
        value, key = self._subscription_key(kind, value)
        with self._write() as conn:
            if not conn.execute("SELECT 1 FROM chats WHERE chat_id = ?", (chat_id,)).fetchone():
                raise StoreError(f"chat {chat_id} is not known; call upsert_chat first")
            cursor = conn.execute(
                "INSERT INTO subscriptions(chat_id, kind, value, value_key, created_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (chat_id, kind, value, key, self._now()),
            )
            return cursor.rowcount == 1

    def remove_subscription(self, chat_id: int, kind: str, value: str) -> bool:
        _, key = self._subscription_key(kind, value)
        with self._write() as conn:
            cursor = conn.execute(
                "DELETE FROM subscriptions WHERE chat_id = ? AND kind = ? AND value_key = ?",
                (chat_id, kind, key),
            )
            return cursor.rowcount > 0

    def subscriptions(self, chat_id: int) -> list[Subscription]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT chat_id, kind, value FROM subscriptions WHERE chat_id = ? ORDER BY id",
                (chat_id,),
            ).fetchall()
        return [Subscription(*r) for r in rows]

    def all_subscriptions(self) -> list[Subscription]:
        """Subscriptions of active, unpaused chats."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT s.chat_id, s.kind, s.value FROM subscriptions s "
                "JOIN chats c ON c.chat_id = s.chat_id "
                "WHERE c.active AND NOT c.paused ORDER BY s.chat_id, s.id"
            ).fetchall()
        return [Subscription(*r) for r in rows]

    # -- outbox ------------------------------------------------------------------------------

    def enqueue(
        self,
        chat_id: int,
        kind: str,
        text: str,
        *,
        dedupe_key: str,
        reply_markup: str | None = None,
    ) -> int | None:
        """Queue a message; None when ``dedupe_key`` was queued before (whatever its status)."""
        check_message(kind, text, dedupe_key, reply_markup)
        now = self._now()
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT INTO outbox(chat_id, kind, text, reply_markup, dedupe_key, not_before, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(dedupe_key) DO NOTHING",
                (chat_id, kind, text, reply_markup, dedupe_key, now, now),
            )
            return cursor.lastrowid if cursor.rowcount == 1 else None

    def due_messages(self, *, now: datetime, limit: int = 100) -> list[OutboxMessage]:
        """Pending messages whose ``not_before`` has passed, the longest-due first."""
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {_OUTBOX_COLUMNS} FROM outbox INDEXED BY outbox_due "
                "WHERE status = 'pending' AND not_before <= ? ORDER BY not_before, id LIMIT ?",
                (to_db_time(now), max(0, limit)),
            ).fetchall()
        return [_outbox(r) for r in rows]

    def get_message(self, message_id: int) -> OutboxMessage | None:
        """One outbox message, whatever its status (for tests and diagnostics)."""
        with self._lock:
            row = self._conn.execute(
                f"SELECT {_OUTBOX_COLUMNS} FROM outbox WHERE id = ?", (message_id,)
            ).fetchone()
        return None if row is None else _outbox(row)

    def mark_sending(self, message_id: int) -> None:
        """Claim the message just before the HTTP call (counts one attempt)."""
        with self._write() as conn:
            conn.execute(
                "UPDATE outbox SET status = 'sending', attempts = attempts + 1 WHERE id = ?",
                (message_id,),
            )

    def mark_sent(
        self, message_id: int, *, at: datetime, telegram_message_id: int | None = None
    ) -> None:
        with self._write() as conn:
            conn.execute(
                "UPDATE outbox SET status = 'sent', sent_at = ?, telegram_message_id = ?, "
                "last_error = NULL WHERE id = ?",
                (to_db_time(at), telegram_message_id, message_id),
            )

    def mark_retry(self, message_id: int, *, error: str, not_before: datetime) -> None:
        with self._write() as conn:
            conn.execute(
                "UPDATE outbox SET status = 'pending', last_error = ?, not_before = ? WHERE id = ?",
                (_clean_error(error), to_db_time(not_before), message_id),
            )

    def mark_failed(self, message_id: int, *, error: str) -> None:
        with self._write() as conn:
            conn.execute(
                "UPDATE outbox SET status = 'failed', last_error = ? WHERE id = ?",
                (_clean_error(error), message_id),
            )

    def requeue_in_flight(self) -> int:
        with self._write() as conn:
            return conn.execute(
                "UPDATE outbox SET status = 'pending' WHERE status = 'sending'"
            ).rowcount

    def drop_pending_for_chat(self, chat_id: int, *, error: str) -> int:
        with self._write() as conn:
            return conn.execute(
                "UPDATE outbox SET status = 'failed', last_error = ? "
                "WHERE chat_id = ? AND status = 'pending'",
                (_clean_error(error), chat_id),
            ).rowcount

    def enqueue_many(self, messages: Sequence[NewOutboxMessage]) -> int:
        """Queue many messages in one transaction; returns how many were new (by dedupe_key)."""
        rows = outbox_rows(messages, self._now())
        with self._write() as conn:
            return self._insert_outbox(conn, rows)

    @staticmethod
    def _insert_outbox(conn: sqlite3.Connection, rows: list[tuple]) -> int:
        before = conn.total_changes
        conn.executemany(
            "INSERT INTO outbox(chat_id, kind, text, reply_markup, dedupe_key, not_before, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(dedupe_key) DO NOTHING",
            rows,
        )
        return conn.total_changes - before

    # -- several processes: leases, feed claims, fan-out -------------------------------------

    def acquire_lease(self, name: str, holder: str, *, ttl: timedelta) -> bool:
        """Take the lease if free or expired, or renew it for its holder; True when held."""
        _nonempty("lease name", name)
        _nonempty("lease holder", holder)
        now = self._clock()
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT INTO leases(name, holder, expires_at) VALUES (?, ?, ?) "
                "ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, "
                "expires_at = excluded.expires_at "
                "WHERE leases.holder = excluded.holder OR leases.expires_at <= ?",
                (name, holder, to_db_time(now + ttl), to_db_time(now)),
            )
            return cursor.rowcount == 1

    def release_lease(self, name: str, holder: str) -> None:
        with self._write() as conn:
            conn.execute("DELETE FROM leases WHERE name = ? AND holder = ?", (name, holder))

    def lease_holder(self, name: str) -> str | None:
        """The live holder of the lease, or None when free or expired."""
        with self._lock:
            row = self._conn.execute(
                "SELECT holder FROM leases WHERE name = ? AND expires_at > ?", (name, self._now())
            ).fetchone()
        return None if row is None else row[0]

    def claim_due_feeds(
        self, holder: str, *, now: datetime, limit: int, lease: timedelta
    ) -> list[str]:
        """Claim for ``lease`` up to ``limit`` catalogue feeds that are due and not claimed
        (a live claim, even ``holder``'s own, keeps a feed from being handed out twice);
        never-polled first, then longest-due; returns their URLs."""
        _nonempty("holder", holder)
        if limit <= 0:
            return []
        at = to_db_time(now)
        with self._write() as conn:
            rows = conn.execute(
                "SELECT url FROM feeds WHERE in_catalogue "
                "AND (next_poll_at IS NULL OR next_poll_at <= ?) "
                "AND (claimed_by IS NULL OR claimed_until <= ?) "
                "ORDER BY next_poll_at IS NOT NULL, next_poll_at, id LIMIT ?",
                (at, at, limit),
            ).fetchall()
            urls = [r[0] for r in rows]
            conn.executemany(
                "UPDATE feeds SET claimed_by = ?, claimed_until = ? WHERE url = ?",
                [(holder, to_db_time(now + lease), url) for url in urls],
            )
        return urls

    def release_feed(self, url: str, holder: str) -> None:
        with self._write() as conn:
            conn.execute(
                "UPDATE feeds SET claimed_by = NULL, claimed_until = NULL "
                "WHERE url = ? AND claimed_by = ?",
                (url, holder),
            )

    def fanout_cursor(self, name: str = "push") -> int:
        """The id of the last article fanned out under ``name`` (0 before the first)."""
        with self._lock:
            row = self._conn.execute(
                "SELECT article_id FROM fanout_cursors WHERE name = ?", (name,)
            ).fetchone()
        return 0 if row is None else row[0]

    def articles_after(self, article_id: int, *, limit: int) -> list[Article]:
        """Up to ``limit`` articles with an id above ``article_id``, oldest first."""
        if limit <= 0:
            return []
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {_ARTICLE_COLUMNS} FROM {_ARTICLE_FROM} WHERE a.id > ? "
                "ORDER BY a.id LIMIT ?",
                (article_id, limit),
            ).fetchall()
        return [_article(r) for r in rows]

    def commit_fanout(
        self, name: str, *, expected: int, upto: int, messages: Sequence[NewOutboxMessage]
    ) -> int | None:
        """Move cursor ``name`` from ``expected`` to ``upto`` and queue ``messages``, in one
        transaction; None (nothing written) when the cursor was not at ``expected``."""
        _nonempty("cursor name", name)
        if upto < expected:
            raise StoreError(f"fan-out cursor cannot move back from {expected} to {upto}")
        rows = outbox_rows(messages, self._now())
        with self._write() as conn:
            row = conn.execute(
                "SELECT article_id FROM fanout_cursors WHERE name = ?", (name,)
            ).fetchone()
            if (0 if row is None else row[0]) != expected:
                return None
            conn.execute(
                "INSERT INTO fanout_cursors(name, article_id) VALUES (?, ?) "
                "ON CONFLICT(name) DO UPDATE SET article_id = excluded.article_id",
                (name, upto),
            )
            return self._insert_outbox(conn, rows)

    # -- figures -----------------------------------------------------------------------------

    def stats(self) -> Stats:
        with self._read() as conn:
            chats, active = conn.execute(
                "SELECT COUNT(*), COALESCE(SUM(active), 0) FROM chats"
            ).fetchone()
            subscriptions = conn.execute("SELECT COUNT(*) FROM subscriptions").fetchone()[0]
            articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            stories = conn.execute("SELECT COUNT(*) FROM stories").fetchone()[0]
            by_status = dict(
                conn.execute("SELECT status, COUNT(*) FROM outbox GROUP BY status").fetchall()
            )
            feeds, failing = conn.execute(
                "SELECT COUNT(*), COALESCE(SUM(consecutive_failures > 0), 0) FROM feeds "
                "WHERE in_catalogue"
            ).fetchone()
            paused = conn.execute("SELECT COUNT(*) FROM chats WHERE active AND paused").fetchone()[
                0
            ]
        return Stats(
            chats=chats,
            active_chats=active,
            subscriptions=subscriptions,
            articles=articles,
            stories=stories,
            sent=by_status.get("sent", 0),
            pending=by_status.get("pending", 0),
            failed=by_status.get("failed", 0),
            feeds_failing=failing,
            extra={"feeds": feeds, "sending": by_status.get("sending", 0), "paused_chats": paused},
        )

    # -- bench only --------------------------------------------------------------------------

    def _bulk_load(self, rows: Iterable[tuple], *, batch: int = 20_000) -> int:
        """Insert pre-built, pre-stemmed articles fast (used only by ``bench/search.py``).

        Each row: ``(story_id, dated_at, fetched_at, outlet, title, url, topics_json,
        bullets_json, text, minhash_blob, stem_title, stem_bullets, stem_text)`` with times
        as stored text. Each article is its own story; no duplicate checks.
        """
        count = 0
        buffer: list[tuple] = []

        def flush() -> None:
            with self._write() as conn:
                first = conn.execute("SELECT COALESCE(MAX(id), 0) FROM articles").fetchone()[0]
                ids = range(first + 1, first + 1 + len(buffer))
                conn.executemany(
                    "INSERT INTO stories(id, created_at, updated_at, article_count) "
                    "VALUES (?, ?, ?, 1)",
                    [(i, r[2], r[2]) for i, r in zip(ids, buffer, strict=True)],
                )
                conn.executemany(
                    "INSERT INTO articles(id, story_id, dated_at, fetched_at, published_at, "
                    "outlet, title, url, canonical_url, topics) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    [
                        (i, i, r[1], r[2], r[1], r[3], r[4], r[5], r[5], r[6])
                        for i, r in zip(ids, buffer, strict=True)
                    ],
                )
                conn.executemany(
                    "INSERT INTO article_bodies(article_id, bullets, minhash, text) "
                    "VALUES (?, ?, ?, ?)",
                    [(i, r[7], r[9], r[8]) for i, r in zip(ids, buffer, strict=True)],
                )
                conn.executemany(
                    "INSERT INTO article_topics(topic, article_id) VALUES (?, ?)",
                    [(t, i) for i, r in zip(ids, buffer, strict=True) for t in json.loads(r[6])],
                )
                conn.executemany(
                    INSERT_SQL,
                    [(i, r[10], r[11], r[12]) for i, r in zip(ids, buffer, strict=True)],
                )
            buffer.clear()

        for row in rows:
            buffer.append(row)
            if len(buffer) >= batch:
                count += len(buffer)
                flush()
        if buffer:
            count += len(buffer)
            flush()
        with self._write() as conn:
            refill_recent(conn)
            refill_term_counts(conn)
        return count
