"""Articles and story clusters (PostgreSQL)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime

import psycopg

from bot.core.models import ArchiveRow, Article, NewArticle, StoreResult
from bot.core.urls import image_url
from bot.storage import stories
from bot.storage.errors import StoreError
from bot.storage.index import index_terms
from bot.storage.postgres.base import PostgresBase, article_row
from bot.storage.postgres.tsv import tsvector_literal
from bot.storage.rows import ARTICLE_COLUMNS, ARTICLE_FROM
from bot.storage.values import aware_utc

# How concurrent writers (threads, worker processes) store articles. Two kinds of locks,
# both advisory and transaction-scoped (released by the commit or rollback):
#
# * BAND_LOCKS: one lock per LSH band key of the article, taken (in key order, so two
#   writers never deadlock) before looking for the article's story. Two articles can join
#   each other's story only through a shared band key (``_candidates_query`` finds candidates
#   by band key), so two articles of one story stored at the same moment share a lock: the
#   second waits for the first to commit, then sees it and joins its story. Articles of
#   unrelated stories go on side by side: the lookups, and the stemming, MinHash comparison
#   and Python work between them, no longer wait for each other.
# * ARTICLE_LOCK: one global lock over the writes: from taking the article's id to the
#   commit. Ids then become visible in id order, which the fan-out cursor relies on
#   (``articles_after`` reads the ids after the last one fanned out: an id committed after a
#   greater one would be skipped for good). It also serializes the writes to the shared rows
#   (``stories``, ``article_search_recent``'s trigger). It is held only for
#   server work: the lock, the writes and the COMMIT go in one query string, so the server
#   runs them back to back and never waits, lock held, for this client (whose threads share
#   Python's GIL with extraction and summarizing: one round trip can take milliseconds, and
#   when every statement was one, the lock was held mostly waiting for the client).
#
# The writes commit without waiting for the WAL flush (``synchronous_commit`` off for that
# transaction only): the flush was most of the time ARTICLE_LOCK was held (measured with
# bench/scale.py). Atomicity is unchanged: an article is all there or not at all. A crash of
# the server (not of a worker) can lose the articles of its last fraction of a second, and
# only those that nothing durable refers to yet: every later synchronous commit (the feed's
# success, fan-out's pushes) flushes the WAL up to itself first, and an article lost with its
# feed's success is fetched again by the next poll.
#
# No deadlock: band locks are the only locks a writer holds while it waits for another
# writer's lock (ARTICLE_LOCK), and every other row or index lock is taken under ARTICLE_LOCK.
# The housekeeping after some articles (folding counts, pruning band keys) runs in its own
# transaction, by one writer at a time (HOUSEKEEPING_LOCK, tried, never waited for).
ARTICLE_LOCK = 0x5741_5254_4132  # "WARTA2"
BAND_LOCKS = 0x5742  # "WB": the class (first key) of the per-band-key locks
HOUSEKEEPING_LOCK = 0x5741_5254_4133  # "WARTA3"

_DUPLICATE = StoreResult(article_id=None, story_id=None, duplicate=True, new_story=False)


def band_lock_keys(band_keys: Iterable[int]) -> list[int]:
    """The band keys folded to 32-bit lock keys, distinct and in order (the locking order).
    Two keys folding alike only make two writers wait for each other needlessly."""
    folded = set()
    for key in band_keys:
        value = (key ^ (key >> 32)) & 0xFFFF_FFFF
        folded.add(value - (1 << 32) if value >= 1 << 31 else value)
    return sorted(folded)


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


TERM_FOLD_EVERY = 128
"""Every this-many article ids, the pending document counts are folded into ``term_df``."""


def fold_terms(conn: psycopg.Connection) -> None:
    """Move the pending document counts (``term_df_pending``, appended by each article) into
    ``term_df``, in term order. Rows of transactions not yet committed stay for the next
    fold; two folds at once do not count a row twice (the second waits for the first's
    DELETE, then skips the rows it deleted)."""
    conn.execute(
        "WITH moved AS (DELETE FROM term_df_pending RETURNING term, df) "
        "INSERT INTO term_df(term, df) SELECT term, SUM(df) FROM moved GROUP BY term "
        "ORDER BY term ON CONFLICT (term) DO UPDATE SET df = term_df.df + excluded.df"
    )


def _fetch_flag(cursor: psycopg.Cursor) -> bool:
    row = cursor.fetchone()
    return bool(row and row[0])


# Phase 1, under the article's band locks: is it stored already, and which recent articles
# share a band key (story candidates)? One query string, three results (the locks' unread).
_LOOKUP = """
SELECT pg_advisory_xact_lock(%(band_class)s, k) FROM unnest(%(band_locks)s::int4[]) AS k;
SELECT EXISTS (SELECT 1 FROM articles WHERE canonical_url = %(canonical_url)s)
    OR EXISTS (SELECT 1 FROM articles WHERE feed_url = %(feed_url)s AND guid = %(guid)s)
    OR EXISTS (SELECT 1 FROM articles WHERE text_hash = %(text_hash)s);
SELECT a.story_id, b.minhash FROM articles a
JOIN article_bodies b ON b.article_id = a.id
WHERE a.id IN (SELECT DISTINCT article_id FROM story_bands WHERE band_key = ANY(%(band_keys)s))
    AND a.fetched_at >= %(since)s
ORDER BY a.id DESC LIMIT %(candidates)s
"""

# Phase 2: the article's document counts (appended: they need no id and no lock), then under
# ARTICLE_LOCK the story (new, or the one it joins), the article and everything keyed by its
# new id, then COMMIT. Each statement of the string takes its own snapshot, so the writes see
# every article committed before the lock was granted. A unique index refusing the article
# (or the joined story gone: a foreign key) fails its statement, and the rest of the string
# (COMMIT) is skipped: the transaction, counts included, is rolled back.
_COUNT_TERMS = "INSERT INTO term_df_pending(term, df) SELECT unnest(%(terms)s::text[]), 1;\n"
_NEW_STORY = (
    "stories AS (INSERT INTO stories(created_at, updated_at, article_count) "
    "VALUES (%(at)s, %(at)s, 1) RETURNING id)"
)
_JOIN_STORY = (
    "stories AS (UPDATE stories SET updated_at = GREATEST(updated_at, %(at)s), "
    "article_count = article_count + 1 WHERE id = %(story_id)s RETURNING id)"
)
_INSERT_REST = """,
a AS (
    INSERT INTO articles(story_id, dated_at, fetched_at, published_at, outlet, title, url,
        canonical_url, feed_url, guid, author, from_description, topics, text_hash, image_url)
    SELECT id, %(dated_at)s, %(at)s, %(published_at)s, %(outlet)s, %(title)s, %(url)s,
        %(canonical_url)s, %(feed_url)s, %(guid)s, %(author)s, %(from_description)s,
        %(topics_json)s, %(text_hash)s, %(image_url)s
    FROM (SELECT COALESCE((SELECT id FROM stories), %(story_id)s::bigint) AS id) AS s
    RETURNING id, story_id
),
bodies AS (
    INSERT INTO article_bodies(article_id, bullets, minhash, text)
    SELECT id, %(bullets)s, %(minhash)s, %(text)s FROM a
),
topics AS (
    INSERT INTO article_topics(topic, article_id)
    SELECT DISTINCT t, a.id FROM a, unnest(%(topics)s::text[]) AS t
),
bands AS (
    INSERT INTO story_bands(band_key, article_id)
    SELECT DISTINCT k, a.id FROM a, unnest(%(band_keys)s::bigint[]) AS k
    ON CONFLICT DO NOTHING
),
search AS (
    INSERT INTO article_search(article_id, story_id, dated_at, doc)
    SELECT id, story_id, %(dated_at)s, %(doc)s::tsvector FROM a
)
SELECT id, story_id FROM a;
COMMIT
"""


def _insert_sql(*, new_story: bool) -> str:
    return (
        _COUNT_TERMS + "SELECT set_config('synchronous_commit', 'off', true), "
        "pg_advisory_xact_lock(%(article_lock)s);\nWITH "
        + (_NEW_STORY if new_story else _JOIN_STORY)
        + _INSERT_REST
    )


def _params(prepared: stories.PreparedArticle, document: str) -> dict[str, object]:
    """The parameters of both phases' query strings."""
    article = prepared.article
    return {
        "band_class": BAND_LOCKS,
        "band_locks": band_lock_keys(prepared.band_keys),
        "since": prepared.fetched_at - stories.STORY_WINDOW,
        "candidates": stories.STORY_CANDIDATES,
        "article_lock": ARTICLE_LOCK,
        "terms": sorted(index_terms(*prepared.indexed)),
        "at": prepared.fetched_at,
        "dated_at": prepared.dated_at,
        "published_at": prepared.published_at,
        "outlet": article.outlet,
        "title": article.title,
        "url": article.url,
        "canonical_url": article.canonical_url,
        "feed_url": article.feed_url,
        "guid": article.guid,
        "author": article.author,
        "from_description": article.from_description,
        "topics_json": json.dumps(prepared.topics, ensure_ascii=False),
        "text_hash": prepared.text_hash,
        "image_url": article.image_url,
        "bullets": json.dumps(list(article.bullets), ensure_ascii=False),
        "minhash": stories.pack_minhash(prepared.signature),
        "text": article.text,
        "topics": prepared.topics,
        "band_keys": prepared.band_keys,
        "doc": document,
    }


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

    def add_article(self, article: NewArticle) -> StoreResult:
        """Store the article unless it is a duplicate; assign its story and index it.

        One transaction, in two query strings (see the comment above ``ARTICLE_LOCK``)."""
        prepared = stories.prepare_article(article, self._clock())
        params = _params(prepared, tsvector_literal(*prepared.indexed))
        try:
            with self._tx() as conn, psycopg.ClientCursor(conn) as cur:
                cur.execute(_LOOKUP, params)
                cur.nextset()
                if _fetch_flag(cur):
                    return _DUPLICATE
                cur.nextset()
                story_id = stories.best_story(prepared.signature, cur.fetchall())
                new_story = story_id is None
                cur.execute(_insert_sql(new_story=new_story), {**params, "story_id": story_id})
                cur.nextset()  # past the counts
                cur.nextset()  # past the lock: the article's id and story
                row = cur.fetchone()
                if row is None:  # cannot happen: the INSERT stores one row or fails
                    raise StoreError("the article was neither stored nor refused")
                article_id, story_id = row
        except psycopg.errors.UniqueViolation:
            return _DUPLICATE  # stored by another writer since the lookup: nothing was kept
        fold = article_id % TERM_FOLD_EVERY == 0
        prune = article_id % stories.BAND_PRUNE_EVERY == 0
        if fold or prune:
            self._housekeeping(fold=fold, prune=prune, now=prepared.fetched_at)
        return StoreResult(
            article_id=article_id, story_id=story_id, duplicate=False, new_story=new_story
        )

    def _housekeeping(self, *, fold: bool, prune: bool, now: datetime) -> None:
        """Fold the pending document counts and/or prune old band keys, unless another
        writer is doing it (then the next time does it: skipping once is harmless)."""
        with self._tx() as conn:
            row = conn.execute(
                "SELECT pg_try_advisory_xact_lock(%s)", (HOUSEKEEPING_LOCK,)
            ).fetchone()
            if not (row and row[0]):
                return
            if fold:
                fold_terms(conn)
            if prune:
                self._prune_bands(conn, now)

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
    def _stories_outlets(
        conn: psycopg.Connection, story_ids: Iterable[int]
    ) -> dict[int, list[str]]:
        """Each story's distinct outlets, in the order their first article was stored (one
        query for all the stories)."""
        ids = sorted(set(story_ids))
        outlets: dict[int, list[str]] = {story_id: [] for story_id in ids}
        if not ids:
            return outlets
        rows = conn.execute(
            "SELECT story_id, outlet FROM articles WHERE story_id = ANY(%s) "
            "GROUP BY story_id, outlet ORDER BY story_id, MIN(id)",
            (ids,),
        ).fetchall()
        for story_id, outlet in rows:
            outlets[story_id].append(outlet)
        return outlets

    def story_outlets(self, story_id: int) -> list[str]:
        """Distinct outlets of a story, in the order their first article was stored."""
        with self._tx() as conn:
            return self._stories_outlets(conn, [story_id])[story_id]

    def count_articles(self) -> int:
        with self._tx() as conn:
            row = conn.execute("SELECT COUNT(*) FROM articles").fetchone()
        return int(row[0]) if row else 0

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
        params: list[object] = [aware_utc(since)]
        dated_filter = ""
        if published_after is not None:
            dated_filter = "AND a.dated_at >= %s"
            params.append(aware_utc(published_after))
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
            f"SELECT MAX(a.id) FROM articles a WHERE a.fetched_at > %s "
            f"{dated_filter} {topic_filter} "
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
                        "outlet, title, url, canonical_url, topics, image_url) FROM STDIN"
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
                                    image_url(r.image_url),
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
