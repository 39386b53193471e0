"""Full-text search (PostgreSQL ``tsvector`` with a GIN index, ts_rank and recency)."""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from datetime import datetime

import psycopg

from bot.models import SearchHit, SearchPage
from bot.storage import query as search_query
from bot.storage import ranking
from bot.storage.index import fold
from bot.storage.postgres import tsv
from bot.storage.postgres.articles import ArticlesSection
from bot.storage.values import aware_utc

logger = logging.getLogger(__name__)

RANK_NORMALIZATION = 1
"""ts_rank's normalization: 1 divides by 1 + log(document length), like bm25's length term.
Closest to SQLite's ranking on bench/search.py at 200,000 articles (top-5 overlap 0.78, same
first hit 73 %; 0: 0.73 / 65 %, 2: 0.60 / 52 %, 8: 0.61 / 48 %, 32: 0.73 / 66 %)."""


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
        phrase: str | None = None,
    ) -> tuple[list[tuple[int, float]], int]:
        """One page of (article id, score), the best article of each story, among the newest
        ``SEARCH_CANDIDATES`` matches: from the GIN index when ``use_index`` (few matches
        expected), else walking the articles newest first (many matches: the first thousand
        come soon). Articles matching the ``phrase`` tsquery score ``PHRASE_BOOST`` times
        more. Also the number of distinct stories among those candidates (0 when the page is
        empty)."""
        where, params = self._filters(since, topics)
        order = "s.article_id + 0 DESC" if use_index else "s.article_id DESC"
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
                FROM article_search s
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
                (SELECT COUNT(DISTINCT story_id) FROM candidates) AS stories
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
        return [(r[0], float(r[1])) for r in rows], int(rows[0][2]) if rows else 0

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
        rows = conn.execute(
            "SELECT term, df FROM term_df WHERE term = ANY(%s)", (lexemes,)
        ).fetchall()
        counts.update({r[0]: int(r[1]) for r in rows})
        return counts

    def document_frequencies(self, terms: Sequence[str]) -> dict[str, int]:
        """How many stored articles contain each stemmed index term (0 when none does), from
        the per-term counts kept as articles are stored (``term_df``)."""
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
                    page, total = self._ranked(
                        conn,
                        expression,
                        now=self._now(),
                        limit=limit,
                        offset=offset,
                        use_index=expected <= break_even,
                        phrase=phrase if exact else None,
                        **filters,
                    )
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
