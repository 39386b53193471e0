"""Full-text search (PostgreSQL ``tsvector`` with a GIN index, ts_rank and recency)."""

from __future__ import annotations

import contextlib
import functools
import logging
import math
from collections.abc import Iterator, Sequence
from datetime import datetime

import psycopg

from bot.models import SearchHit, SearchPage
from bot.storage import query as search_query
from bot.storage import ranking
from bot.storage.index import fold
from bot.storage.postgres import tsv
from bot.storage.postgres.articles import ArticlesSection
from bot.storage.postgres.schema import RECENT_ROWS
from bot.storage.values import aware_utc

logger = logging.getLogger(__name__)

RANK_NORMALIZATION = 1
"""ts_rank's normalization: 1 divides by 1 + log(document length), like bm25's length term.
Closest to SQLite's ranking on bench/search.py at 200,000 articles (top-5 overlap 0.78, same
first hit 73 %; 0: 0.73 / 65 %, 2: 0.60 / 52 %, 8: 0.61 / 48 %, 32: 0.73 / 66 %)."""


WALK_SHARE = 0.4
"""Above this expected share of matching articles, walking the newest articles one by one
(each check reads a whole ``tsvector``) beats the bitmap scan of the recent index (which
fetches every match among the newest ``RECENT_ROWS``)."""


def _recent_first(expected: float, size: int) -> bool:
    """Whether to look among the newest ``RECENT_ROWS`` articles first: when they are
    expected to hold ``SEARCH_CANDIDATES`` matches, and the words are not so common that the
    newest-first walk is cheaper."""
    share = expected / size
    return share * min(size, RECENT_ROWS) >= ranking.SEARCH_CANDIDATES and share <= WALK_SHARE


@contextlib.contextmanager
def _bitmap_scans_only(conn: psycopg.Connection) -> Iterator[None]:
    """Within the block, the planner scans tables only through bitmaps (the GIN index).

    It does not count the cost of reading each ``tsvector`` out of TOAST to check it, so on
    the small recent table it would rather check every row (90 ms for 30,000) than use the
    index (3-8 ms)."""
    row = conn.execute(
        "SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan'), "
        "set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)"
    ).fetchone()
    yield  # on an error the transaction rolls back, and the settings with it
    if row is not None:
        conn.execute(
            "SELECT set_config('enable_seqscan', %s, true), "
            "set_config('enable_indexscan', %s, true)",
            (row[0], row[1]),
        )


class SearchSection(ArticlesSection):
    """Ranked search over ``article_search``."""

    @staticmethod
    def _filters(since: datetime | None, topics: Sequence[str] | None) -> tuple[str, list[object]]:
        where, params = "", []
        if since is not None:
            where += " AND s.dated_at >= %s"
            params.append(aware_utc(since))
        if topics:
            where += (
                " AND EXISTS (SELECT 1 FROM article_topics t WHERE t.article_id = s.article_id "
                "AND t.topic = ANY(%s))"
            )
            params.append(list(topics))
        return where, params

    def _ranked(
        self,
        conn: psycopg.Connection,
        expression: str,
        *,
        now: datetime,
        limit: int,
        offset: int,
        since: datetime | None,
        topics: Sequence[str] | None,
        use_index: bool = True,
        recent: bool = False,
        phrase: str | None = None,
    ) -> tuple[list[tuple[int, float]], int, int]:
        """One page of (article id, score), the best article of each story, among the newest
        ``SEARCH_CANDIDATES`` matches: from the GIN index when ``use_index`` (few matches
        expected), else walking the articles newest first (many matches: the first thousand
        come soon); with ``recent``, from the GIN index of the newest ``RECENT_ROWS``
        articles only. Articles matching the ``phrase`` tsquery score ``PHRASE_BOOST`` times
        more. Also the number of distinct stories and of articles among those candidates
        (both 0 when the page is empty)."""
        where, params = self._filters(since, topics)
        order = "s.article_id + 0 DESC" if use_index or recent else "s.article_id DESC"
        table = "article_search_recent" if recent else "article_search"
        boost, boost_params = "", []
        if phrase is not None:
            boost = " * (CASE WHEN c.doc @@ %s::tsquery THEN %s ELSE 1 END)"
            boost_params = [phrase, ranking.PHRASE_BOOST]
        # The tsquery is a value in each place (not a CTE) and the statement is never
        # prepared: the planner sees the terms and picks the GIN index for rare ones, the
        # newest-first scan for common ones.
        sql = f"""
            WITH candidates AS (
                SELECT s.article_id, s.story_id, s.dated_at, s.doc
                FROM {table} s
                WHERE s.doc @@ %s::tsquery {where}
                ORDER BY {order} LIMIT %s
            ),
            scored AS (
                SELECT c.article_id, c.story_id,
                    (ts_rank(%s::float4[], c.doc, %s::tsquery, %s) + %s)
                    * (%s + (1 - %s) / (1 + GREATEST(0,
                        EXTRACT(EPOCH FROM (%s - c.dated_at)) / 86400.0) / %s)){boost} AS score
                FROM candidates c
            ),
            best AS (
                SELECT DISTINCT ON (story_id) article_id, score FROM scored
                ORDER BY story_id, score DESC, article_id DESC
            )
            SELECT article_id, score,
                (SELECT COUNT(DISTINCT story_id) FROM candidates) AS stories,
                (SELECT COUNT(*) FROM candidates) AS articles
            FROM best ORDER BY score DESC, article_id DESC LIMIT %s OFFSET %s
        """
        rows = conn.execute(
            sql,
            (
                expression,
                *params,
                ranking.SEARCH_CANDIDATES,
                tsv.RANK_WEIGHTS,
                expression,
                RANK_NORMALIZATION,
                ranking.RELEVANCE_EPSILON,
                ranking.RECENCY_FLOOR,
                ranking.RECENCY_FLOOR,
                now,
                ranking.RECENCY_HALF_LIFE_DAYS,
                *boost_params,
                limit,
                offset,
            ),
            prepare=False,  # a prepared statement's generic plan cannot see the terms
        ).fetchall()
        if not rows:
            return [], 0, 0
        return [(r[0], float(r[1])) for r in rows], int(rows[0][2]), int(rows[0][3])

    def _any_match(
        self,
        conn: psycopg.Connection,
        expression: str,
        since: datetime | None,
        topics: Sequence[str] | None,
    ) -> bool:
        where, params = self._filters(since, topics)
        row = conn.execute(
            f"SELECT EXISTS (SELECT 1 FROM article_search s WHERE s.doc @@ %s::tsquery {where})",
            (expression, *params),
            prepare=False,
        ).fetchone()
        return bool(row and row[0])

    @staticmethod
    def _term_counts(conn: psycopg.Connection, lexemes: list[str]) -> dict[str, int]:
        counts = dict.fromkeys(lexemes, 0)
        # term_df plus the counts appended since its last fold (see articles.fold_terms).
        rows = conn.execute(
            "SELECT term, SUM(df) FROM (SELECT term, df FROM term_df WHERE term = ANY(%s) "
            "UNION ALL SELECT term, df FROM term_df_pending WHERE term = ANY(%s)) AS c "
            "GROUP BY term",
            (lexemes, lexemes),
        ).fetchall()
        counts.update({r[0]: int(r[1]) for r in rows})
        return counts

    def document_frequencies(self, terms: Sequence[str]) -> dict[str, int]:
        """How many stored articles contain each stemmed index term (0 when none does), from
        the per-term counts kept as articles are stored (``term_df`` and
        ``term_df_pending``)."""
        folded = {t: fold(t) for t in terms}
        with self._tx() as conn:
            counts = self._term_counts(conn, sorted(set(folded.values())))
        return {t: counts.get(f, 0) for t, f in folded.items()}

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

            (ts_rank + RELEVANCE_EPSILON) × (FLOOR + (1 - FLOOR) / (1 + age_days / HALF_LIFE))

        with ts_rank weighing a term in the title 4×, in the bullets 2×, in the text 1× and
        normalized by document length; the recency factor is SQLite's (``bot.storage.ranking``).
        When every word matched, articles holding the words side by side in order score
        ``PHRASE_BOOST`` times more.

        Speed: when the newest ``RECENT_ROWS`` articles are expected to hold
        ``SEARCH_CANDIDATES`` matches, the candidates come from their own GIN index
        (``article_search_recent``), which touches only the newest rows; only when it has fewer
        is the whole archive asked (its GIN index for rare words, a newest-first walk for very
        common ones). The candidates, and so the results, are the same either way.
        """
        return self.search_page(query, limit=limit, offset=offset, since=since, topics=topics).hits

    def search_page(
        self,
        query: str,
        *,
        limit: int = 5,
        offset: int = 0,
        since: datetime | None = None,
        topics: Sequence[str] | None = None,
    ) -> SearchPage:
        """:meth:`search`, with how many stories match (among the newest
        ``SEARCH_CANDIDATES`` matching articles of the attempt that gave the page) and
        whether every word was found."""
        terms = tuple(search_query.query_terms(query))
        lexemes = tsv.query_lexemes(terms)
        empty = SearchPage(hits=[], total=0, exact=True, terms=terms)
        if limit <= 0 or offset < 0 or not lexemes:
            return empty
        filters = {"since": since, "topics": list(topics) if topics else None}
        try:
            with self._tx() as conn:
                counts = self._term_counts(conn, lexemes)
                row = conn.execute("SELECT COALESCE(MAX(article_id), 0) FROM article_search")
                size = max(1, int(row.fetchone()[0]))  # type: ignore[index]
                # Expected matches: all terms (as if independent), or any of them.
                every = size * math.prod(min(1.0, counts[t] / size) for t in lexemes)
                # The words side by side rank first ("kartu prakerja", not "kartu … prakerja").
                phrase = tsv.phrase(lexemes) if len(lexemes) > 1 else None
                attempts = [(tsv.all_terms(lexemes), every, True)]
                if len(lexemes) > 1:
                    words = ranking.fallback_terms(lexemes, counts)
                    attempts.append((tsv.any_term(words), sum(counts[t] for t in words), False))
                # The index costs about one check per match, the newest-first walk about
                # SEARCH_CANDIDATES × size / matches rows: the index below the break-even.
                break_even = math.sqrt(ranking.SEARCH_CANDIDATES * size)
                page: list[tuple[int, float]] = []
                total, exact = 0, True
                for expression, expected, exact in attempts:
                    ranked = functools.partial(
                        self._ranked,
                        conn,
                        expression,
                        now=self._now(),
                        limit=limit,
                        offset=offset,
                        phrase=phrase if exact else None,
                        **filters,
                    )
                    page, total, found = [], 0, 0
                    if _recent_first(expected, size):
                        with _bitmap_scans_only(conn):
                            page, total, found = ranked(recent=True)
                    if found < ranking.SEARCH_CANDIDATES:
                        page, total, _ = ranked(use_index=expected <= break_even)
                    if page or (offset and self._any_match(conn, expression, **filters)):
                        break
                articles = self._articles(conn, [article_id for article_id, _ in page])
                hits = []
                for article_id, score in page:
                    article = articles[article_id]
                    outlets = self._story_outlets(conn, article.story_id)
                    others = tuple(o for o in outlets if o != article.outlet)
                    hits.append(SearchHit(article=article, score=score, other_outlets=others))
        except psycopg.errors.DataError as exc:
            # tsv.py only builds quoted lexemes, so this should not happen; never let a
            # reader's query crash the bot.
            logger.warning("full-text query for %r failed: %s", lexemes[:8], exc)
            return empty
        return SearchPage(
            hits=hits,
            total=max(total, offset + len(hits)),
            exact=exact or len(lexemes) == 1,
            terms=terms,
        )
