"""Full-text search (PostgreSQL ``tsvector`` with a GIN index, ts_rank and recency)."""

from __future__ import annotations

import contextlib
import logging
import math
from collections.abc import Iterator, Sequence
from datetime import datetime

import psycopg

from bot.core.models import SearchHit, SearchPage
from bot.storage import query as search_query
from bot.storage import ranking
from bot.storage.index import fold
from bot.storage.postgres import tsv
from bot.storage.postgres.articles import ArticlesSection
from bot.storage.postgres.schema import NEWER_ROWS, RECENT_ROWS
from bot.storage.query import PageRequest, SearchFilters
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

RECENT_TABLE = "article_search_recent"
NEWER_TABLE = "article_search_newer"
FULL_TABLE = "article_search"


def _enough_in(rows: int, expected: float, size: int) -> bool:
    """Whether the newest ``rows`` articles are expected to hold ``SEARCH_CANDIDATES``
    matches, when ``expected`` of the ``size`` articles match."""
    return expected / size * min(size, rows) >= ranking.SEARCH_CANDIDATES


def _expected(words: list[str], counts: dict[str, int], size: int, *, exact: bool) -> float:
    """Expected matching articles: with every word (as if independent), or any of them."""
    if exact:
        return size * math.prod(min(1.0, counts[t] / size) for t in words)
    return min(float(size), float(sum(counts[t] for t in words)))


def _upper(words: list[str], counts: dict[str, int], size: int, *, exact: bool) -> float:
    """At most how many articles match: the rarest word's count with every word (words of a
    name or title go together: "jurgen klopp" matches about as often as "klopp"), or the
    sum of the counts with any word."""
    if exact:
        return float(min(size, *(counts[t] for t in words)))
    return min(float(size), float(sum(counts[t] for t in words)))


TIER_ROWS = {RECENT_TABLE: RECENT_ROWS, NEWER_TABLE: NEWER_ROWS}


def _tiers(expected: float, upper: float, size: int) -> list[tuple[str, bool]]:
    """Where to look, in order, for the newest ``SEARCH_CANDIDATES`` matches among ``size``
    articles, as (table, walk newest first): the tables of newest articles that may hold them
    (with ``upper`` matches overall), smallest first, and at last the whole archive (its GIN
    index; the newest-first walk when the ``expected`` matches are very many)."""
    if expected / size > WALK_SHARE:
        return [(FULL_TABLE, True)]
    tiers = [
        (table, False)
        for table, rows in TIER_ROWS.items()
        if (table == RECENT_TABLE or size > rows) and _enough_in(rows, upper, size)
    ]
    # The index costs about one check per match, the newest-first walk about
    # SEARCH_CANDIDATES × size / matches rows: the index below the break-even.
    break_even = math.sqrt(ranking.SEARCH_CANDIDATES * size)
    return [*tiers, (FULL_TABLE, expected > break_even)]


def _worth_asking(table: str, short: tuple[int, int] | None, size: int) -> bool:
    """Whether a larger ``table`` of newest articles is worth asking after a smaller one
    fell ``short`` (matches found, rows it holds): when, at the share of matches found
    there, it would hold nearly ``SEARCH_CANDIDATES`` of them."""
    if short is None or table == FULL_TABLE:
        return True
    found, rows = short
    return (found + 1) / rows * min(size, TIER_ROWS[table]) >= 0.75 * ranking.SEARCH_CANDIDATES


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
    def _filters(filters: SearchFilters) -> tuple[str, list[object]]:
        """The `` AND …`` conditions on ``s`` (a search table) for ``filters``, and their
        parameters."""
        where = ""
        params: list[object] = []
        if filters.since is not None:
            where += " AND s.dated_at >= %s"
            params.append(aware_utc(filters.since))
        if filters.topics:
            where += (
                " AND EXISTS (SELECT 1 FROM article_topics t WHERE t.article_id = s.article_id "
                "AND t.topic = ANY(%s))"
            )
            params.append(list(filters.topics))
        return where, params

    def _ranked(
        self,
        conn: psycopg.Connection,
        expression: str,
        filters: SearchFilters,
        request: PageRequest,
        *,
        table: str = FULL_TABLE,
        walk: bool = False,
        phrase: str | None = None,
        needed: int = 0,
    ) -> tuple[list[tuple[int, float]], int, int]:
        """One page of (article id, score), the best article of each story, among the newest
        ``SEARCH_CANDIDATES`` matches in ``table`` (the whole archive, or one of its tiers of
        newest articles): from its GIN index, or with ``walk`` walking the articles newest
        first (many matches: the first thousand come soon). Articles matching the ``phrase``
        tsquery score ``PHRASE_BOOST`` times more. Also the number of distinct stories (0 when
        the page is empty) and of articles among those candidates. With fewer than ``needed``
        candidates nothing is ranked (the page is empty): a tier that falls short costs only
        its bitmap scan."""
        where, params = self._filters(filters)
        order = "s.article_id DESC" if walk else "s.article_id + 0 DESC"
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
                WHERE (SELECT COUNT(*) FROM candidates) >= %s
            ),
            best AS (
                SELECT DISTINCT ON (story_id) article_id, score FROM scored
                ORDER BY story_id, score DESC, article_id DESC
            )
            SELECT b.article_id, b.score, n.stories, n.articles
            FROM (SELECT COUNT(DISTINCT story_id) AS stories, COUNT(*) AS articles
                FROM candidates) n
            LEFT JOIN (SELECT article_id, score FROM best
                ORDER BY score DESC, article_id DESC LIMIT %s OFFSET %s) b ON true
            ORDER BY b.score DESC, b.article_id DESC
        """
        # The tiers are small: see _bitmap_scans_only.
        scans = _bitmap_scans_only(conn) if table != FULL_TABLE else contextlib.nullcontext()
        with scans:
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
                    request.now,
                    ranking.RECENCY_HALF_LIFE_DAYS,
                    *boost_params,
                    needed,
                    request.limit,
                    request.offset,
                ),
                prepare=False,  # a prepared statement's generic plan cannot see the terms
            ).fetchall()
        found = int(rows[0][3])
        if rows[0][0] is None:
            return [], 0, found
        return [(r[0], float(r[1])) for r in rows], int(rows[0][2]), found

    def _attempt(
        self,
        conn: psycopg.Connection,
        words: list[str],
        counts: dict[str, int],
        size: int,
        filters: SearchFilters,
        request: PageRequest,
        *,
        exact: bool,
        phrase: str | None,
    ) -> tuple[list[tuple[int, float]], int, str]:
        """One page for ``words`` (all of them when ``exact``, else any), its number of
        stories, and the tsquery of the candidates it was ranked among.

        Like SQLite: the newest ``RECENT_ROWS`` articles with every word when they hold
        ``SEARCH_CANDIDATES`` matches, else the whole archive without its most common words
        (``ranking.full_index_terms``); the phrase boost only when no word was left out. When
        no word is left out the recent table is simply the first tier of ``_tiers``."""
        combine = tsv.all_terms if exact else tsv.any_term
        page: list[tuple[int, float]] = []
        total, found = 0, 0
        affordable = ranking.full_index_terms(words, counts)
        if affordable != words:
            walk = _expected(words, counts, size, exact=exact) / size > WALK_SHARE
            table = FULL_TABLE if walk else RECENT_TABLE
            page, total, found = self._ranked(
                conn,
                combine(words),
                filters,
                request,
                table=table,
                walk=walk,
                phrase=phrase,
                needed=ranking.SEARCH_CANDIDATES,
            )
            if found >= ranking.SEARCH_CANDIDATES:
                return page, total, combine(words)
            phrase = None
        expression = combine(affordable)
        expected = _expected(affordable, counts, size, exact=exact)
        upper = _upper(affordable, counts, size, exact=exact)
        short: tuple[int, int] | None = None
        for table, walk in _tiers(expected, upper, size):
            if not _worth_asking(table, short, size):
                continue
            needed = ranking.SEARCH_CANDIDATES if table != FULL_TABLE else 0
            page, total, found = self._ranked(
                conn,
                expression,
                filters,
                request,
                table=table,
                walk=walk,
                phrase=phrase,
                needed=needed,
            )
            if found >= ranking.SEARCH_CANDIDATES:
                break
            short = (found, min(size, TIER_ROWS.get(table, size)))
        return page, total, expression

    def _any_match(self, conn: psycopg.Connection, expression: str, filters: SearchFilters) -> bool:
        where, params = self._filters(filters)
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

        As on SQLite, the candidates come from the newest ``RECENT_ROWS`` articles when they
        hold ``SEARCH_CANDIDATES`` matches; else from the whole archive, leaving out the most
        common words of the query (``ranking.full_index_terms``: at most
        ``MAX_FULL_INDEX_TERMS`` of the rarest, their document counts adding up to at most
        ``FULL_INDEX_BUDGET``), and then articles with the words side by side get no boost.

        Speed: the candidates come from the smallest table of newest articles expected to
        hold ``SEARCH_CANDIDATES`` matches, each with its own GIN index: the newest
        ``RECENT_ROWS`` (``article_search_recent``), the newest ``NEWER_ROWS``
        (``article_search_newer``), else the whole archive (its GIN index for rare words, a
        newest-first walk for very common ones). A bitmap scan fetches every match of the
        table it runs on, so a smaller table fetches fewer rows to keep the newest thousand;
        when one holds fewer matches than expected, the next larger one is asked. The
        candidates, and so the results, are the same whichever table gives them.
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
        filters = SearchFilters.of(since, topics)
        try:
            with self._tx() as conn:
                counts = self._term_counts(conn, lexemes)
                row = conn.execute("SELECT COALESCE(MAX(article_id), 0) FROM article_search")
                size = max(1, int(row.fetchone()[0]))  # type: ignore[index]
                # The words side by side rank first ("kartu prakerja", not "kartu … prakerja").
                phrase = tsv.phrase(lexemes) if len(lexemes) > 1 else None
                attempts = [(lexemes, True)]
                if len(lexemes) > 1:
                    attempts.append((ranking.fallback_terms(lexemes, counts), False))
                page: list[tuple[int, float]] = []
                total, exact = 0, True
                for words, exact in attempts:
                    page, total, expression = self._attempt(
                        conn,
                        words,
                        counts,
                        size,
                        filters,
                        PageRequest(now=self._now(), limit=limit, offset=offset),
                        exact=exact,
                        phrase=phrase if exact else None,
                    )
                    if page or (offset and self._any_match(conn, expression, filters)):
                        break
                articles = self._articles(conn, [article_id for article_id, _ in page])
                by_story = self._stories_outlets(conn, (a.story_id for a in articles.values()))
                hits = []
                for article_id, score in page:
                    article = articles[article_id]
                    outlets = by_story[article.story_id]
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
