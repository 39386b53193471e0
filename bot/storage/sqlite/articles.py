"""Articles and story clusters (SQLite)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import datetime

from bot.core.models import ArchiveRow, Article, NewArticle, StoreResult
from bot.core.urls import image_url
from bot.storage import stories
from bot.storage.index import index_terms
from bot.storage.rows import ARTICLE_COLUMNS, ARTICLE_FROM
from bot.storage.sqlite import fts
from bot.storage.sqlite.base import (
    SQLiteBase,
    article_row,
    inserted_id,
    opt_db_time,
    to_db_time,
)


class ArticlesSection(SQLiteBase):
    """Articles: duplicates, story clustering, indexing, reading back."""

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

    def _find_story(
        self, conn: sqlite3.Connection, prepared: stories.PreparedArticle
    ) -> int | None:
        """The story of the most similar recent article, if similar enough."""
        keys = prepared.band_keys
        if not keys:
            return None
        marks = ",".join("?" * len(keys))
        rows = conn.execute(
            f"SELECT a.story_id, b.minhash FROM articles a "
            f"JOIN article_bodies b ON b.article_id = a.id "
            f"WHERE a.id IN (SELECT DISTINCT article_id FROM story_bands "
            f"WHERE band_key IN ({marks})) AND a.fetched_at >= ? "
            f"ORDER BY a.id DESC LIMIT {stories.STORY_CANDIDATES}",
            (*keys, to_db_time(prepared.fetched_at - stories.STORY_WINDOW)),
        ).fetchall()
        return stories.best_story(prepared.signature, rows)

    def add_article(self, article: NewArticle) -> StoreResult:
        """Store the article unless it is a duplicate; assign its story and index it."""
        # Check, hash and stem outside the lock: stemming is the slow part.
        prepared = stories.prepare_article(article, self._clock())
        article = prepared.article
        indexed = prepared.indexed
        duplicate = StoreResult(article_id=None, story_id=None, duplicate=True, new_story=False)
        try:
            with self._write() as conn:
                if self._duplicate_of(conn, article, prepared.text_hash):
                    return duplicate
                story_id = self._find_story(conn, prepared)
                now = to_db_time(prepared.fetched_at)
                new_story = story_id is None
                if story_id is None:
                    story_id = inserted_id(
                        conn.execute(
                            "INSERT INTO stories(created_at, updated_at, article_count) "
                            "VALUES (?, ?, 1)",
                            (now, now),
                        ),
                        "stories",
                    )
                else:
                    conn.execute(
                        "UPDATE stories SET updated_at = MAX(updated_at, ?), "
                        "article_count = article_count + 1 WHERE id = ?",
                        (now, story_id),
                    )
                cursor = conn.execute(
                    "INSERT INTO articles(story_id, dated_at, fetched_at, published_at, outlet, "
                    "title, url, canonical_url, feed_url, guid, author, from_description, "
                    "topics, text_hash, image_url) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        story_id,
                        to_db_time(prepared.dated_at),
                        now,
                        opt_db_time(prepared.published_at),
                        article.outlet,
                        article.title,
                        article.url,
                        article.canonical_url,
                        article.feed_url,
                        article.guid,
                        article.author,
                        int(article.from_description),
                        json.dumps(prepared.topics, ensure_ascii=False),
                        prepared.text_hash,
                        article.image_url,
                    ),
                )
                article_id = inserted_id(cursor, "articles")
                conn.execute(
                    "INSERT INTO article_bodies(article_id, bullets, minhash, text) "
                    "VALUES (?, ?, ?, ?)",
                    (
                        article_id,
                        json.dumps(list(article.bullets), ensure_ascii=False),
                        stories.pack_minhash(prepared.signature),
                        article.text,
                    ),
                )
                conn.executemany(
                    "INSERT INTO article_topics(topic, article_id) VALUES (?, ?)",
                    [(t, article_id) for t in prepared.topics],
                )
                conn.executemany(
                    "INSERT OR IGNORE INTO story_bands(band_key, article_id) VALUES (?, ?)",
                    [(k, article_id) for k in prepared.band_keys],
                )
                conn.execute(fts.INSERT_SQL, (article_id, *indexed))
                fts.count_terms(conn, index_terms(*indexed))
                conn.execute(fts.INSERT_RECENT_SQL, (article_id, *indexed))
                if article_id % stories.BAND_PRUNE_EVERY == 0:
                    self._prune_bands(conn, prepared.fetched_at)
                    fts.prune_recent(conn, article_id)
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
            (to_db_time(now - 2 * stories.STORY_WINDOW),),
        ).fetchone()
        if row and row[0]:
            conn.execute("DELETE FROM story_bands WHERE article_id < ?", (row[0],))

    def get_article(self, article_id: int) -> Article | None:
        with self._lock:
            row = self._conn.execute(
                f"SELECT {ARTICLE_COLUMNS} FROM {ARTICLE_FROM} WHERE a.id = ?", (article_id,)
            ).fetchone()
        return None if row is None else article_row(row)

    def _articles(self, ids: Sequence[int]) -> dict[int, Article]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self._conn.execute(
            f"SELECT {ARTICLE_COLUMNS} FROM {ARTICLE_FROM} WHERE a.id IN ({marks})", tuple(ids)
        ).fetchall()
        return {r[0]: article_row(r) for r in rows}

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

    def articles_since(
        self,
        since: datetime,
        *,
        topics: Sequence[str] | None = None,
        limit: int = 50,
        published_after: datetime | None = None,
    ) -> list[Article]:
        """Articles fetched after ``since`` (and dated at or after ``published_after``),
        newest first, the newest article of each story."""
        if limit <= 0:
            return []
        params: list[object] = [to_db_time(since)]
        dated_filter = ""
        if published_after is not None:
            dated_filter = "AND a.dated_at >= ?"
            params.append(to_db_time(published_after))
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
            f"SELECT {ARTICLE_COLUMNS} FROM {ARTICLE_FROM} WHERE a.id IN ("
            f"SELECT MAX(a.id) FROM articles a WHERE a.fetched_at > ? "
            f"{dated_filter} {topic_filter} "
            f"GROUP BY a.story_id) ORDER BY a.fetched_at DESC, a.id DESC LIMIT ?"
        )
        with self._lock:
            rows = self._conn.execute(sql, params).fetchall()
        return [article_row(r) for r in rows]

    def articles_after(self, article_id: int, *, limit: int) -> list[Article]:
        """Up to ``limit`` articles with an id above ``article_id``, oldest first."""
        if limit <= 0:
            return []
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {ARTICLE_COLUMNS} FROM {ARTICLE_FROM} WHERE a.id > ? "
                "ORDER BY a.id LIMIT ?",
                (article_id, limit),
            ).fetchall()
        return [article_row(r) for r in rows]

    def load_archive(self, rows: Iterable[ArchiveRow], *, batch: int = 20_000) -> int:
        """Insert many pre-stemmed articles fast, each its own story, without duplicate checks
        (benchmarks); returns how many. The indexes are rebuilt at the end."""
        count = 0
        buffer: list[ArchiveRow] = []

        def flush() -> None:
            with self._write() as conn:
                first = conn.execute("SELECT COALESCE(MAX(id), 0) FROM articles").fetchone()[0]
                ids = range(first + 1, first + 1 + len(buffer))
                pairs = list(zip(ids, buffer, strict=True))
                conn.executemany(
                    "INSERT INTO stories(id, created_at, updated_at, article_count) "
                    "VALUES (?, ?, ?, 1)",
                    [(i, to_db_time(r.fetched_at), to_db_time(r.fetched_at)) for i, r in pairs],
                )
                conn.executemany(
                    "INSERT INTO articles(id, story_id, dated_at, fetched_at, published_at, "
                    "outlet, title, url, canonical_url, topics, image_url) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    [
                        (
                            i,
                            i,
                            to_db_time(r.dated_at),
                            to_db_time(r.fetched_at),
                            to_db_time(r.dated_at),
                            r.outlet,
                            r.title,
                            r.url,
                            r.url,
                            json.dumps(list(r.topics), ensure_ascii=False),
                            image_url(r.image_url),
                        )
                        for i, r in pairs
                    ],
                )
                conn.executemany(
                    "INSERT INTO article_bodies(article_id, bullets, minhash, text) "
                    "VALUES (?, ?, ?, ?)",
                    [
                        (
                            i,
                            json.dumps(list(r.bullets), ensure_ascii=False),
                            stories.pack_minhash(r.minhash),
                            r.text,
                        )
                        for i, r in pairs
                    ],
                )
                conn.executemany(
                    "INSERT INTO article_topics(topic, article_id) VALUES (?, ?)",
                    [(t, i) for i, r in pairs for t in dict.fromkeys(r.topics)],
                )
                conn.executemany(fts.INSERT_SQL, [(i, *r.stemmed) for i, r in pairs])
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
            fts.refill_recent(conn)
            fts.refill_term_counts(conn)
        return count

    def optimize(self) -> None:
        """Merge the full-text index and checkpoint the WAL (after a bulk load)."""
        with self._lock:
            self._conn.execute(f"INSERT INTO {fts.FTS_TABLE}({fts.FTS_TABLE}) VALUES ('optimize')")
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
