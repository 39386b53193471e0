"""Full-text search (SQLite FTS5 with bm25 and recency)."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from datetime import datetime

from bot.core.models import SearchHit, SearchPage
from bot.storage import query as fts_query
from bot.storage import ranking
from bot.storage.index import fold
from bot.storage.query import PageRequest, SearchFilters
from bot.storage.sqlite import fts
from bot.storage.sqlite.articles import ArticlesSection
from bot.storage.sqlite.base import to_db_time

logger = logging.getLogger(__name__)


class SearchSection(ArticlesSection):
    """Ranked search over the FTS5 indexes."""

    @staticmethod
    def _matching(
        table: str, expression: str, filters: SearchFilters
    ) -> tuple[str, dict[str, object]]:
        """FROM … WHERE … selecting the articles of ``table`` that match, and its parameters."""
        where = [f"{table} MATCH :expression"]
        params: dict[str, object] = {"expression": expression}
        if filters.since is not None:
            where.append("a.dated_at >= :since")
            params["since"] = to_db_time(filters.since)
        if topics := filters.topics:
            names = [f"topic{i}" for i in range(len(topics))]
            where.append(
                "EXISTS (SELECT 1 FROM article_topics t WHERE t.article_id = a.id AND t.topic "
                f"IN ({', '.join(':' + n for n in names)}))"
            )
            params.update(zip(names, topics, strict=True))
        sql = f"FROM {table} f JOIN articles a ON a.id = f.rowid WHERE {' AND '.join(where)}"
        return sql, params

    def _count_candidates(
        self, table: str, expression: str, filters: SearchFilters, *, stories: bool = False
    ) -> int:
        """How many of the newest ``SEARCH_CANDIDATES`` matches there are, or with ``stories``
        how many distinct stories they belong to (0 on FTS errors)."""
        matching, params = self._matching(table, expression, filters)
        counted = "COUNT(DISTINCT story_id)" if stories else "COUNT(*)"
        sql = (
            f"SELECT {counted} FROM (SELECT a.story_id AS story_id {matching} "
            f"ORDER BY f.rowid DESC LIMIT {ranking.SEARCH_CANDIDATES})"
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
        filters: SearchFilters,
        request: PageRequest,
        *,
        phrase: str | None = None,
    ) -> list[tuple[int, float]]:
        """One page of (article id, score), the best article of each story.

        Candidates are the newest ``SEARCH_CANDIDATES`` matches in ``table``; see
        :meth:`search` for the score. Articles matching the FTS5 ``phrase`` expression get
        their score multiplied by ``PHRASE_BOOST``.
        """
        matching, params = self._matching(table, expression, filters)
        params.update(
            now=to_db_time(request.now),
            epsilon=ranking.RELEVANCE_EPSILON,
            floor=ranking.RECENCY_FLOOR,
            half_life=ranking.RECENCY_HALF_LIFE_DAYS,
            limit=request.limit,
            offset=request.offset,
        )
        weights = ", ".join(str(w) for w in ranking.FIELD_WEIGHTS)
        boost = ""
        if phrase is not None:
            params.update(phrase=phrase, boost=ranking.PHRASE_BOOST)
            boost = (
                f" * (CASE WHEN f.rowid IN (SELECT rowid FROM {table} WHERE {table} "
                "MATCH :phrase) THEN :boost ELSE 1 END)"
            )
        sql = f"""
            SELECT article_id, MAX(score) AS best FROM (
                SELECT f.rowid AS article_id, a.story_id AS story_id,
                    (-bm25({table}, {weights}) + :epsilon) * (:floor + (1 - :floor) / (1 +
                        MAX(0, julianday(:now) - julianday(a.dated_at)) / :half_life)){boost}
                        AS score
                {matching}
                ORDER BY f.rowid DESC LIMIT {ranking.SEARCH_CANDIDATES}
            )
            GROUP BY story_id ORDER BY best DESC, article_id DESC LIMIT :limit OFFSET :offset
        """
        return [(r[0], r[1]) for r in self._conn.execute(sql, params).fetchall()]

    def _affordable_terms(self, terms: list[str]) -> list[str]:
        """The rarest terms whose document counts add up to at most ``FULL_INDEX_BUDGET``
        (``bot.storage.ranking``)."""
        counts = fts.term_counts(self._conn, [fold(t) for t in terms])
        by_term = {t: counts[fold(t)] for t in terms}
        return ranking.rarest(terms, by_term, most=len(terms), budget=ranking.FULL_INDEX_BUDGET)

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
        return self._search(query, limit, offset, since, topics, count=False).hits

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
        ``SEARCH_CANDIDATES`` matching articles) and whether every word was found."""
        return self._search(query, limit, offset, since, topics, count=True)

    def document_frequencies(self, terms: Sequence[str]) -> dict[str, int]:
        """How many stored articles contain each stemmed index term (0 when none does)."""
        folded = {t: fold(t) for t in terms}
        with self._read():
            counts = fts.term_counts(self._conn, sorted(set(folded.values())))
        return {t: counts.get(f, 0) for t, f in folded.items()}

    def _search(
        self,
        query: str,
        limit: int,
        offset: int,
        since: datetime | None,
        topics: Sequence[str] | None,
        *,
        count: bool,
    ) -> SearchPage:
        """The search behind :meth:`search` and :meth:`search_page` (``count``: also count
        the matching stories)."""
        terms = fts_query.query_terms(query)
        if limit <= 0 or offset < 0 or not terms:
            return SearchPage(hits=[], total=0, exact=True, terms=tuple(terms))
        filters = SearchFilters.of(since, topics)
        with self._read():
            counts = fts.term_counts(self._conn, [fold(t) for t in terms])
            by_term = {t: counts[fold(t)] for t in terms}
            attempts = [(fts.all_terms_expression, terms)]
            if len(terms) > 1:
                or_terms = ranking.fallback_terms(terms, by_term)
                attempts.append((fts.any_term_expression, or_terms))
            page: list[tuple[int, float]] = []
            request = PageRequest(now=self._clock(), limit=limit, offset=offset)
            exact, table, expression = True, fts.FTS_TABLE, ""
            for combine, words in attempts:
                exact = combine is fts.all_terms_expression
                # The words side by side rank first ("kartu prakerja", not "kartu … prakerja").
                phrase = fts.phrase_expression(words) if exact and len(words) > 1 else None
                # When the recent index alone has enough matches, they are the newest ones
                # overall, and its bm25 is cheap.
                table, expression = fts.RECENT_TABLE, combine(words)
                if self._count_candidates(table, expression, filters) >= ranking.SEARCH_CANDIDATES:
                    page = self._ranked(table, expression, filters, request, phrase=phrase)
                    break
                # Else the words are not common lately: ask the full index, leaving out the
                # words so common there that counting them for bm25 would be slow.
                affordable = ranking.full_index_terms(words, by_term)
                table, expression = fts.FTS_TABLE, combine(affordable)
                phrase = phrase if affordable == words else None
                page = self._ranked(table, expression, filters, request, phrase=phrase)
                if page or self._count_candidates(table, expression, filters):
                    break
            total = (
                self._count_candidates(table, expression, filters, stories=True)
                if count and page
                else 0
            )
            articles = self._articles([article_id for article_id, _ in page])
            hits = []
            for article_id, score in page:
                article = articles[article_id]
                outlets = self.story_outlets(article.story_id)
                others = tuple(o for o in outlets if o != article.outlet)
                hits.append(SearchHit(article=article, score=score, other_outlets=others))
        return SearchPage(
            hits=hits,
            total=max(total, offset + len(hits)),
            exact=exact or len(terms) == 1,
            terms=tuple(terms),
        )
