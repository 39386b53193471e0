"""Articles and story clusters (PostgreSQL)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime

import psycopg

from bot.models import ArchiveRow, Article, NewArticle, StoreResult
from bot.storage import stories
from bot.storage.index import index_terms
from bot.storage.postgres.base import PostgresBase, article_row
from bot.storage.postgres.tsv import tsvector_literal
from bot.storage.rows import ARTICLE_COLUMNS, ARTICLE_FROM
from bot.storage.values import aware_utc

ARTICLE_LOCK = 0x5741_5254_4132  # "WARTA2": the advisory lock serializing article inserts

_DUPLICATE = StoreResult(article_id=None, story_id=None, duplicate=True, new_story=False)


class _Duplicate(Exception):
    """Raised inside the transaction to roll it back when the article turned out a duplicate."""


def count_terms(conn: psycopg.Connection, counts: dict[str, int]) -> None:
    """Add to the document count of each term, in term order (no deadlock between writers)."""
    if not counts:
        return
    terms = sorted(counts)
    conn.execute(
        "INSERT INTO term_df(term, df) SELECT * FROM unnest(%s::text[], %s::bigint[]) "
        "ON CONFLICT (term) DO UPDATE SET df = term_df.df + excluded.df",
        (terms, [counts[t] for t in terms]),
    )


class ArticlesSection(PostgresBase):
    """Articles: duplicates, story clustering, indexing, reading back."""

    def has_article(
        self,
        *,
        canonical_url: str | None = None,
        guid: str | None = None,
        feed_url: str | None = None,
    ) -> bool:
        with self._tx() as conn:
            if (
                canonical_url
                and conn.execute(
                    "SELECT 1 FROM articles WHERE canonical_url = %s", (canonical_url,)
                ).fetchone()
            ):
                return True
            return bool(
                guid
                and feed_url
                and conn.execute(
                    "SELECT 1 FROM articles WHERE feed_url = %s AND guid = %s", (feed_url, guid)
                ).fetchone()
            )

    @staticmethod
    def _duplicate_of(conn: psycopg.Connection, article: NewArticle, text_hash: str | None) -> bool:
        row = conn.execute(
            "SELECT EXISTS (SELECT 1 FROM articles WHERE canonical_url = %s) "
            "OR EXISTS (SELECT 1 FROM articles WHERE feed_url = %s AND guid = %s) "
            "OR EXISTS (SELECT 1 FROM articles WHERE text_hash = %s)",
            (article.canonical_url, article.feed_url, article.guid, text_hash),
        ).fetchone()
        return bool(row and row[0])

    @staticmethod
    def _find_story(conn: psycopg.Connection, prepared: stories.PreparedArticle) -> int | None:
        """The story of the most similar recent article, if similar enough."""
        if not prepared.band_keys:
            return None
        rows = conn.execute(
            "SELECT a.story_id, b.minhash FROM articles a "
            "JOIN article_bodies b ON b.article_id = a.id "
            "WHERE a.id IN (SELECT DISTINCT article_id FROM story_bands "
            "WHERE band_key = ANY(%s)) AND a.fetched_at >= %s "
            "ORDER BY a.id DESC LIMIT %s",
            (
                prepared.band_keys,
                prepared.fetched_at - stories.STORY_WINDOW,
                stories.STORY_CANDIDATES,
            ),
        ).fetchall()
        return stories.best_story(prepared.signature, rows)

    def add_article(self, article: NewArticle) -> StoreResult:
        """Store the article unless it is a duplicate; assign its story and index it."""
        prepared = stories.prepare_article(article, self._clock())
        article = prepared.article
        document = tsvector_literal(*prepared.indexed)
        try:
            with self._tx() as conn:
                # One article at a time across all processes (as SQLite's single writer): a
                # second article of the same story, stored at the same moment by another
                # thread or worker, must see the first to join its story. The lock is held
                # only for these few statements; stemming happened before.
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (ARTICLE_LOCK,))
                if self._duplicate_of(conn, article, prepared.text_hash):
                    return _DUPLICATE
                story_id = self._find_story(conn, prepared)
                new_story = story_id is None
                at = prepared.fetched_at
                if story_id is None:
                    row = conn.execute(
                        "INSERT INTO stories(created_at, updated_at, article_count) "
                        "VALUES (%s, %s, 1) RETURNING id",
                        (at, at),
                    ).fetchone()
                    assert row is not None
                    story_id = row[0]
                else:
                    conn.execute(
                        "UPDATE stories SET updated_at = GREATEST(updated_at, %s), "
                        "article_count = article_count + 1 WHERE id = %s",
                        (at, story_id),
                    )
                # Another process may store the same article between our check and here:
                # the unique indexes decide, and the whole transaction is rolled back.
                row = conn.execute(
                    "INSERT INTO articles(story_id, dated_at, fetched_at, published_at, outlet, "
                    "title, url, canonical_url, feed_url, guid, author, from_description, "
                    "topics, text_hash) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s) "
                    "ON CONFLICT DO NOTHING RETURNING id",
                    (
                        story_id,
                        prepared.dated_at,
                        at,
                        prepared.published_at,
                        article.outlet,
                        article.title,
                        article.url,
                        article.canonical_url,
                        article.feed_url,
                        article.guid,
                        article.author,
                        article.from_description,
                        json.dumps(prepared.topics, ensure_ascii=False),
                        prepared.text_hash,
                    ),
                ).fetchone()
                if row is None:
                    raise _Duplicate
                article_id = row[0]
                conn.execute(
                    "INSERT INTO article_bodies(article_id, bullets, minhash, text) "
                    "VALUES (%s, %s, %s, %s)",
                    (
                        article_id,
                        json.dumps(list(article.bullets), ensure_ascii=False),
                        stories.pack_minhash(prepared.signature),
                        article.text,
                    ),
                )
                if prepared.topics:
                    conn.execute(
                        "INSERT INTO article_topics(topic, article_id) "
                        "SELECT unnest(%s::text[]), %s",
                        (prepared.topics, article_id),
                    )
                if prepared.band_keys:
                    conn.execute(
                        "INSERT INTO story_bands(band_key, article_id) "
                        "SELECT DISTINCT unnest(%s::bigint[]), %s ON CONFLICT DO NOTHING",
                        (prepared.band_keys, article_id),
                    )
                conn.execute(
                    "INSERT INTO article_search(article_id, story_id, dated_at, doc) "
                    "VALUES (%s, %s, %s, %s::tsvector)",
                    (article_id, story_id, prepared.dated_at, document),
                )
                count_terms(conn, dict.fromkeys(index_terms(*prepared.indexed), 1))
                if article_id % stories.BAND_PRUNE_EVERY == 0:
                    self._prune_bands(conn, at)
        except _Duplicate:
            return _DUPLICATE
        return StoreResult(
            article_id=article_id, story_id=story_id, duplicate=False, new_story=new_story
        )

    @staticmethod
    def _prune_bands(conn: psycopg.Connection, now: datetime) -> None:
        """Forget band keys of articles too old to join a story (keeps the table small)."""
        row = conn.execute(
            "SELECT MIN(id) FROM articles WHERE fetched_at >= %s",
            (now - 2 * stories.STORY_WINDOW,),
        ).fetchone()
        if row and row[0]:
            conn.execute("DELETE FROM story_bands WHERE article_id < %s", (row[0],))

    def get_article(self, article_id: int) -> Article | None:
        with self._tx() as conn:
            row = conn.execute(
                f"SELECT {ARTICLE_COLUMNS} FROM {ARTICLE_FROM} WHERE a.id = %s", (article_id,)
            ).fetchone()
        return None if row is None else article_row(row)

    @staticmethod
    def _articles(conn: psycopg.Connection, ids: Sequence[int]) -> dict[int, Article]:
        if not ids:
            return {}
        rows = conn.execute(
            f"SELECT {ARTICLE_COLUMNS} FROM {ARTICLE_FROM} WHERE a.id = ANY(%s)", (list(ids),)
        ).fetchall()
        return {r[0]: article_row(r) for r in rows}

    @staticmethod
    def _story_outlets(conn: psycopg.Connection, story_id: int) -> list[str]:
        rows = conn.execute(
            "SELECT outlet FROM articles WHERE story_id = %s GROUP BY outlet ORDER BY MIN(id)",
            (story_id,),
        ).fetchall()
        return [r[0] for r in rows]

    def story_outlets(self, story_id: int) -> list[str]:
        """Distinct outlets of a story, in the order their first article was stored."""
        with self._tx() as conn:
            return self._story_outlets(conn, story_id)

    def count_articles(self) -> int:
        with self._tx() as conn:
            row = conn.execute("SELECT COUNT(*) FROM articles").fetchone()
        return int(row[0]) if row else 0

    def articles_since(
        self, since: datetime, *, topics: Sequence[str] | None = None, limit: int = 50
    ) -> list[Article]:
        """Articles fetched after ``since``, newest first, the newest article of each story."""
        if limit <= 0:
            return []
        params: list[object] = [aware_utc(since)]
        topic_filter = ""
        if topics:
            topic_filter = (
                "AND EXISTS (SELECT 1 FROM article_topics t WHERE t.article_id = a.id "
                "AND t.topic = ANY(%s))"
            )
            params.append(list(topics))
        params.append(limit)
        sql = (
            f"SELECT {ARTICLE_COLUMNS} FROM {ARTICLE_FROM} WHERE a.id IN ("
            f"SELECT MAX(a.id) FROM articles a WHERE a.fetched_at > %s {topic_filter} "
            f"GROUP BY a.story_id) ORDER BY a.fetched_at DESC, a.id DESC LIMIT %s"
        )
        with self._tx() as conn:
            rows = conn.execute(sql, params).fetchall()
        return [article_row(r) for r in rows]

    def articles_after(self, article_id: int, *, limit: int) -> list[Article]:
        """Up to ``limit`` articles with an id above ``article_id``, oldest first."""
        if limit <= 0:
            return []
        with self._tx() as conn:
            rows = conn.execute(
                f"SELECT {ARTICLE_COLUMNS} FROM {ARTICLE_FROM} WHERE a.id > %s "
                "ORDER BY a.id LIMIT %s",
                (article_id, limit),
            ).fetchall()
        return [article_row(r) for r in rows]

    def load_archive(self, rows: Iterable[ArchiveRow], *, batch: int = 20_000) -> int:
        """Insert many pre-stemmed articles fast (COPY), each its own story, without duplicate
        checks (benchmarks); returns how many."""
        count = 0
        buffer: list[ArchiveRow] = []

        def flush() -> None:
            terms: Counter[str] = Counter()
            with self._tx() as conn:
                row = conn.execute("SELECT COALESCE(MAX(id), 0) FROM articles").fetchone()
                first = int(row[0]) if row else 0
                pairs = list(zip(range(first + 1, first + 1 + len(buffer)), buffer, strict=True))
                with conn.cursor() as cur:
                    with cur.copy(
                        "COPY stories(id, created_at, updated_at, article_count) FROM STDIN"
                    ) as copy:
                        for i, r in pairs:
                            copy.write_row((i, aware_utc(r.fetched_at), r.fetched_at, 1))
                    with cur.copy(
                        "COPY articles(id, story_id, dated_at, fetched_at, published_at, "
                        "outlet, title, url, canonical_url, topics) FROM STDIN"
                    ) as copy:
                        for i, r in pairs:
                            copy.write_row(
                                (
                                    i,
                                    i,
                                    aware_utc(r.dated_at),
                                    r.fetched_at,
                                    r.dated_at,
                                    r.outlet,
                                    r.title,
                                    r.url,
                                    r.url,
                                    json.dumps(list(r.topics), ensure_ascii=False),
                                )
                            )
                    with cur.copy(
                        "COPY article_bodies(article_id, bullets, minhash, text) FROM STDIN"
                    ) as copy:
                        for i, r in pairs:
                            copy.write_row(
                                (
                                    i,
                                    json.dumps(list(r.bullets), ensure_ascii=False),
                                    stories.pack_minhash(r.minhash),
                                    r.text,
                                )
                            )
                    with cur.copy("COPY article_topics(topic, article_id) FROM STDIN") as copy:
                        for i, r in pairs:
                            for topic in dict.fromkeys(r.topics):
                                copy.write_row((topic, i))
                    with cur.copy(
                        "COPY article_search(article_id, story_id, dated_at, doc) FROM STDIN"
                    ) as copy:
                        for i, r in pairs:
                            copy.write_row((i, i, r.dated_at, tsvector_literal(*r.stemmed)))
                            terms.update(index_terms(*r.stemmed))
                count_terms(conn, terms)
                for table in ("stories", "articles"):
                    conn.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
                    )
            buffer.clear()

        for item in rows:
            buffer.append(item)
            if len(buffer) >= batch:
                count += len(buffer)
                flush()
        if buffer:
            count += len(buffer)
            flush()
        return count

    def optimize(self) -> None:
        """Refresh the planner's statistics and the visibility map (after a bulk load)."""
        with self._pool.connection() as conn:
            conn.autocommit = True
            try:
                conn.execute("VACUUM ANALYZE")
            finally:
                conn.autocommit = False
