"""The ingestion pipeline: poll feeds → new entries → fetch page (and the next pages of a
paginated article) → extract → clean → summarize → tag → store.

:class:`Ingestor` runs one poll of every catalogue feed with :meth:`Ingestor.poll_once` and
returns an :class:`IngestReport` (with the ids of the newly stored articles, for the bot to
match and push). It is safe to await from the bot's event loop: network I/O is async, and
every blocking step (extraction, summarization, topic tagging, hashing, SQLite) runs in a
worker thread through :func:`off_loop`.

Feed health: a failing feed is retried after ``poll_interval × 2^failures`` (capped at
:data:`MAX_BACKOFF`); one failing for :data:`REPORT_AFTER` is reported once with a WARNING log
line and keeps being retried at the capped backoff. Ingestion goes on past every bad feed or
page and records why in the report (and in the store, for ``warta feeds``).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import Enum
from typing import TYPE_CHECKING, ParamSpec, TypeVar
from urllib.parse import urlsplit

from bot.core import dedupe
from bot.core.models import FeedSource, FeedState, NewArticle, Topic
from bot.core.sites import SiteRules, load_site_rules
from bot.core.sources import load_sources
from bot.core.topics import TopicMatcher, load_topics
from bot.core.urls import canonical_url, image_url, resolve_canonical, same_site
from bot.ingest.feeds import FeedEntry, FeedError, parse_feed
from bot.ingest.fetch import Fetcher, FetchError, FetchResult

if TYPE_CHECKING:
    from bot.core.config import Settings
    from bot.storage import Store
    from summaries.extract import Extracted

__all__ = [
    "MAX_BACKOFF",
    "REPORT_AFTER",
    "IngestReport",
    "Ingestor",
    "Progress",
    "StageHook",
    "build_ingestor",
    "off_loop",
]

logger = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(hours=6)
REPORT_AFTER = timedelta(hours=24)
BULLETS = 3
CLAIM_CHECK_EVERY = 0.05  # seconds: how often a worker's idle feed slot looks for free capacity
FEED_START_OVERLAP = 0.25  # seconds a claimed feed may take to download before another is claimed
MAX_ARTICLE_PAGES = 5  # pages of one paginated article read at most (the first included)
TEASER_CHARS = 600  # a page text shorter than this and than the feed's description is a teaser
_FALLBACK_BULLET_CHARS = 280

P = ParamSpec("P")
T = TypeVar("T")

Progress = Callable[[int, int, str], None]
"""Called after each feed: (feeds done, feeds in total, name of the feed just done)."""

StageHook = Callable[[str, float], None]
"""Timing hook: (stage, seconds). Stages: feed_fetch, parse, page_fetch, extract, summarize,
tag, store. Called from worker threads for the blocking stages."""


async def off_loop(func: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run blocking work (extraction, summarization, SQLite) in a worker thread, so the bot's
    event loop never waits on it. The one place ingestion leaves the loop."""
    return await asyncio.to_thread(func, *args, **kwargs)


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class IngestReport:
    """What one poll did. ``feeds_ok`` includes the feeds that answered 304."""

    feeds_ok: int = 0
    feeds_failed: int = 0
    feeds_not_modified: int = 0
    feeds_waiting: int = 0  # not polled: backing off after failures
    new_articles: int = 0
    duplicates: int = 0  # the same article offered twice in this poll (other URL, feed, text)
    stories: int = 0  # new stories (an article joining an existing story does not count)
    known: int = 0  # entries stored by an earlier poll: not downloaded again
    from_description: int = 0  # stored with the feed's description: the page was unusable
    skipped_entries: int = 0  # entries with neither a usable page nor a description, or no URL
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    new_article_ids: list[int] = field(default_factory=list)
    long_failing: list[str] = field(default_factory=list)  # feeds reported in this poll

    def summary_line(self) -> str:
        """The one-line summary the CLI prints."""
        return (
            f"feeds: {self.feeds_ok} ok, {self.feeds_failed} failed; "
            f"new articles: {self.new_articles}; duplicates: {self.duplicates}; "
            f"stories: {self.stories}"
        )


class _Outcome(Enum):
    STORED = "stored"
    DUPLICATE = "duplicate"
    KNOWN = "known"
    SKIPPED = "skipped"  # unusable for good (no URL): never retried
    RETRY = "retry"  # nothing usable now (page down, no description): retried next poll
    LOST = "lost"  # an unexpected error: retried next poll


@dataclass
class _Poll:
    """State shared by the feeds of one poll."""

    report: IngestReport
    urls: set[str] = field(default_factory=set)
    guids: set[tuple[str, str]] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class _Body:
    """The text an article will be stored with."""

    title: str
    text: str
    canonical_url: str
    published_at: datetime | None
    author: str | None
    from_description: bool
    image_url: str | None = None  # the page's lead image, checked (bot.core.urls.image_url)


class Ingestor:
    """Polls the catalogue feeds and stores their new articles (see the module docstring)."""

    def __init__(
        self,
        store: Store,
        fetcher: Fetcher,
        sources: Sequence[FeedSource],
        topics: Sequence[Topic],
        *,
        clock: Callable[[], datetime] = utc_now,
        poll_interval: float = 600,
        max_backoff: timedelta = MAX_BACKOFF,
        report_after: timedelta = REPORT_AFTER,
        feed_concurrency: int = 4,
        entry_concurrency: int = 4,
        bullets: int = BULLETS,
        max_article_pages: int = MAX_ARTICLE_PAGES,
        site_rules: SiteRules | None = None,
        on_stage: StageHook | None = None,
    ) -> None:
        self.store = store
        self.fetcher = fetcher
        self.sources = list(sources)
        self.topics = list(topics)
        self.clock = clock
        self.poll_interval = poll_interval
        self.max_backoff = max_backoff
        self.report_after = report_after
        self.feed_concurrency = feed_concurrency
        self.entry_concurrency = entry_concurrency
        self.bullets = bullets
        self.max_article_pages = max(1, max_article_pages)
        self.site_rules = site_rules or SiteRules()
        self.on_stage = on_stage
        self._matcher = TopicMatcher(self.topics)
        self._lock = asyncio.Lock()

    # -- timing --------------------------------------------------------------------------------
    def _timed(self, stage: str, func: Callable[P, T]) -> Callable[P, T]:
        """``func`` reporting its own run time to ``on_stage`` (inside the worker thread)."""
        hook = self.on_stage
        if hook is None:
            return func

        def run(*args: P.args, **kwargs: P.kwargs) -> T:
            start = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                hook(stage, time.perf_counter() - start)

        return run

    async def _fetch(
        self,
        stage: str,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> FetchResult:
        start = time.perf_counter()
        try:
            return await self.fetcher.fetch(url, etag=etag, last_modified=last_modified)
        finally:
            if self.on_stage is not None:
                self.on_stage(stage, time.perf_counter() - start)

    # -- one poll ------------------------------------------------------------------------------
    async def poll_once(
        self, progress: Progress | None = None, *, holder: str | None = None
    ) -> IngestReport:
        """Poll every feed once (those backing off are left for later); never raises for a
        bad feed or page. Concurrent calls wait for each other.

        With ``holder`` (one of several worker processes), the feeds are claimed one at a time
        in the store (``claim_due_feeds``), so each due feed is polled by one worker and the
        workers share the feeds between them.
        """
        async with self._lock:
            poll = _Poll(IngestReport())
            await off_loop(self.store.sync_feeds, self.sources)
            if holder is not None:
                await self._poll_claimed(holder, poll)
            else:
                await self._poll_all(poll, progress)
            report = poll.report
            report.new_article_ids.sort()  # the order they were stored in
            # A line at INFO only when something happened (workers poll every few seconds).
            eventful = report.new_articles or report.feeds_failed or report.duplicates
            logger.log(
                logging.INFO if eventful else logging.DEBUG, "ingestion: %s", report.summary_line()
            )
            return report

    async def _poll_all(self, poll: _Poll, progress: Progress | None) -> None:
        states = {s.url: s for s in await off_loop(self.store.feed_states)}
        semaphore = asyncio.Semaphore(self.feed_concurrency)
        total, done = len(self.sources), 0

        async def run(source: FeedSource) -> None:
            nonlocal done
            async with semaphore:
                await self._poll_feed_safely(source, states.get(source.url), poll)
            done += 1
            if progress is not None:
                progress(done, total, source.name)

        await asyncio.gather(*(run(source) for source in self.sources))

    async def _poll_claimed(self, holder: str, poll: _Poll) -> None:
        by_url = {source.url: source for source in self.sources}
        lease = timedelta(seconds=max(300.0, self.poll_interval))
        # The entries of all the feeds this worker polls share one set of slots, and a
        # further feed is claimed only when an entry slot is free (no entry waits) and no
        # claimed feed is being read (parsed, its entries queued) or still downloading;
        # a download that takes FEED_START_OVERLAP already does not hold the next claim up
        # (slow feeds are fetched side by side). So a worker does not hold feeds it is not
        # working on. With a slot per feed instead, each worker claimed feed_concurrency
        # feeds at a time and worked through them side by side, and the last ones kept one
        # worker busy long after the other had nothing left to claim (bench/scale.py: a 10 s
        # tail in a 50 s run of two workers).
        loop = asyncio.get_running_loop()
        entry_slots = asyncio.Semaphore(self.feed_concurrency * self.entry_concurrency)
        fetching = reading = 0  # claimed feeds downloading; being read
        last_claim = float("-inf")

        def may_claim() -> bool:
            if entry_slots.locked() or reading:
                return False
            return fetching == 0 or loop.time() - last_claim >= FEED_START_OVERLAP

        async def slot() -> None:
            nonlocal fetching, reading, last_claim
            while True:
                while not may_claim():
                    await asyncio.sleep(CLAIM_CHECK_EVERY)
                fetching += 1
                last_claim = loop.time()
                phase = "fetching"

                def fetched() -> None:
                    nonlocal fetching, reading, phase
                    if phase == "fetching":
                        fetching, reading, phase = fetching - 1, reading + 1, "reading"

                def queued() -> None:
                    nonlocal fetching, reading, phase
                    if phase == "fetching":
                        fetching -= 1
                    elif phase == "reading":
                        reading -= 1
                    phase = "done"

                try:
                    claimed = await off_loop(
                        self.store.claim_due_feeds, holder, now=self.clock(), limit=1, lease=lease
                    )
                    if not claimed:
                        return
                    url = claimed[0]
                    try:
                        source = by_url.get(url)
                        if source is not None:
                            state = await off_loop(self.store.feed_state, url)
                            await self._poll_feed_safely(
                                source,
                                state,
                                poll,
                                claimed=True,
                                entry_slots=entry_slots,
                                on_fetched=fetched,
                                on_entries=queued,
                            )
                    finally:
                        await off_loop(self.store.release_feed, url, holder)
                finally:
                    queued()

        await asyncio.gather(*(slot() for _ in range(self.feed_concurrency)))

    async def _poll_feed_safely(
        self,
        source: FeedSource,
        state: FeedState | None,
        poll: _Poll,
        *,
        claimed: bool = False,
        entry_slots: asyncio.Semaphore | None = None,
        on_fetched: Callable[[], None] | None = None,
        on_entries: Callable[[], None] | None = None,
    ) -> None:
        try:
            await self._poll_feed(
                source,
                state,
                poll,
                claimed=claimed,
                entry_slots=entry_slots,
                on_fetched=on_fetched,
                on_entries=on_entries,
            )
        except Exception as exc:  # a bug or a store problem must not stop the other feeds
            logger.exception("ingestion of feed %s failed unexpectedly", source.url)
            try:
                await self._record_failure(source, state, f"internal error: {exc!r}", poll)
            except Exception:
                logger.exception("could not record the failure of feed %s", source.url)

    async def _poll_feed(
        self,
        source: FeedSource,
        state: FeedState | None,
        poll: _Poll,
        *,
        claimed: bool = False,
        entry_slots: asyncio.Semaphore | None = None,
        on_fetched: Callable[[], None] | None = None,
        on_entries: Callable[[], None] | None = None,
    ) -> None:
        """Poll one feed and store its new entries, ``entry_concurrency`` at a time or, with
        ``entry_slots``, in those slots (shared with other feeds). ``on_fetched`` is called
        when the feed is downloaded, ``on_entries`` once its entries are queued (neither
        when the feed failed; not ``on_entries`` when it is unchanged)."""
        report = poll.report
        now = self.clock()
        slack = timedelta(seconds=min(60.0, self.poll_interval / 10))
        # A claimed feed was due; it is next due one poll interval from now (for every worker).
        next_poll_at = now + timedelta(seconds=self.poll_interval) if claimed else None
        if not claimed and state and state.next_poll_at and state.next_poll_at > now + slack:
            report.feeds_waiting += 1
            return
        try:
            result = await self._fetch(
                "feed_fetch",
                source.url,
                etag=state.etag if state else None,
                last_modified=state.last_modified if state else None,
            )
        except FetchError as exc:
            await self._record_failure(source, state, exc.reason, poll)
            return
        if on_fetched is not None:
            on_fetched()
        if result.not_modified:
            await off_loop(
                self.store.record_feed_success,
                source.url,
                at=self.clock(),
                etag=result.etag or (state.etag if state else None),
                last_modified=result.last_modified or (state.last_modified if state else None),
                next_poll_at=next_poll_at,
            )
            report.feeds_ok += 1
            report.feeds_not_modified += 1
            return
        try:
            parsed = await off_loop(
                self._timed("parse", parse_feed),
                result.content,
                result.final_url,
                utc_is_local=self.site_rules.utc_is_local,
            )
        except FeedError as exc:
            await self._record_failure(source, state, str(exc), poll)
            return
        if parsed.warning:
            report.warnings.append(f"{source.name} ({source.url}): {parsed.warning}")
        for reason in parsed.skipped:
            report.skipped_entries += 1
            report.warnings.append(f"{source.name}: skipped {reason}")

        semaphore = entry_slots or asyncio.Semaphore(self.entry_concurrency)

        async def run(entry: FeedEntry) -> _Outcome:
            async with semaphore:
                return await self._entry_safely(source, entry, poll)

        runs = asyncio.gather(*(run(entry) for entry in parsed.entries))
        if on_entries is not None:
            try:
                await asyncio.sleep(0)  # let the entries take the free slots (or queue for them)
            except asyncio.CancelledError:
                runs.cancel()
                raise
            on_entries()
        outcomes = await runs
        # Keep the validators only when every entry was dealt with: otherwise the next poll must
        # get the full feed (not a 304) to retry the entries that could not be stored.
        lost = _Outcome.LOST in outcomes or _Outcome.RETRY in outcomes
        await off_loop(
            self.store.record_feed_success,
            source.url,
            at=self.clock(),
            etag=None if lost else result.etag,
            last_modified=None if lost else result.last_modified,
            next_poll_at=next_poll_at,
        )
        report.feeds_ok += 1

    async def _record_failure(
        self, source: FeedSource, state: FeedState | None, reason: str, poll: _Poll
    ) -> None:
        now = self.clock()
        failures = (state.consecutive_failures if state else 0) + 1
        delay = min(
            timedelta(seconds=self.poll_interval * 2 ** min(failures, 30)), self.max_backoff
        )
        poll.report.feeds_failed += 1
        poll.report.errors.append(f"{source.name} ({source.url}): {reason}")
        logger.info("feed %s failed (%d in a row): %s", source.url, failures, reason)
        updated = await off_loop(
            self.store.record_feed_failure,
            source.url,
            at=now,
            error=reason,
            next_poll_at=now + delay,
        )
        since = updated.failing_since
        if since is not None and updated.reported_at is None and now - since >= self.report_after:
            logger.warning(
                "feed %s (%s) has been failing since %s (%d failures in a row; last error: %s); "
                "still retrying every %s",
                source.name,
                source.url,
                since.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC"),
                updated.consecutive_failures,
                reason,
                self.max_backoff,
            )
            await off_loop(self.store.mark_feed_reported, source.url, at=now)
            poll.report.long_failing.append(f"{source.name} ({source.url}): {reason}")

    # -- one entry -----------------------------------------------------------------------------
    async def _entry_safely(self, source: FeedSource, entry: FeedEntry, poll: _Poll) -> _Outcome:
        try:
            return await self._entry(source, entry, poll)
        except Exception as exc:
            logger.exception("ingestion of %s failed unexpectedly", entry.link)
            poll.report.errors.append(f"{source.name}: {entry.link}: internal error: {exc!r}")
            return _Outcome.LOST

    async def _entry(self, source: FeedSource, entry: FeedEntry, poll: _Poll) -> _Outcome:
        report = poll.report
        try:
            link_key = canonical_url(entry.link)
        except ValueError as exc:
            report.skipped_entries += 1
            report.warnings.append(f"{source.name}: skipped an entry: {exc}")
            return _Outcome.SKIPPED
        guid = entry.guid or link_key
        if link_key in poll.urls or (source.url, guid) in poll.guids:
            report.duplicates += 1
            return _Outcome.DUPLICATE
        poll.urls.add(link_key)
        poll.guids.add((source.url, guid))
        known = await off_loop(
            self._timed("store", self.store.has_article),
            canonical_url=link_key,
            guid=guid,
            feed_url=source.url,
        )
        if known:
            report.known += 1
            return _Outcome.KNOWN

        body = await self._body(source, entry, link_key, report)
        if body is None:
            poll.urls.discard(link_key)  # another feed listing it may have what this one lacks
            poll.guids.discard((source.url, guid))
            return _Outcome.RETRY
        article = await off_loop(self._analyse, source, entry, guid, body)
        result = await off_loop(self._timed("store", self.store.add_article), article)
        if result.duplicate or result.article_id is None:
            report.duplicates += 1
            return _Outcome.DUPLICATE
        report.new_articles += 1
        report.new_article_ids.append(result.article_id)
        if result.new_story:
            report.stories += 1
        if body.from_description:
            report.from_description += 1
        return _Outcome.STORED

    async def _body(
        self, source: FeedSource, entry: FeedEntry, link_key: str, report: IngestReport
    ) -> _Body | None:
        """The page's article text, else the feed's description, else None (skipped)."""
        from summaries.clean import clean_text

        why: str
        try:
            page = await self._fetch("page_fetch", entry.link)
        except FetchError as exc:
            why = exc.reason
        else:
            extracted = await self._extract(page)
            text = ""
            if extracted is not None and extracted.text.strip():
                text = await self._whole_text(source, page, extracted, report)
            if extracted is None or not text:
                why = "no article text found on the page"
            elif len(text) < min(len(entry.description), TEASER_CHARS):
                # A teaser (paywall, gallery): the feed's description says more than the page.
                why = "the page shows less text than the feed's description"
            else:
                return _Body(
                    title=entry.title or (extracted.title or "").strip(),
                    text=text,
                    canonical_url=_page_canonical(page.final_url, extracted.canonical_url),
                    published_at=entry.published or _utc(extracted.published_at),
                    author=entry.author or extracted.author,
                    from_description=False,
                    image_url=image_url(extracted.image),
                )
        text = (
            await off_loop(clean_text, entry.description, entry.title or None)
            if entry.description
            else ""
        )
        if not text.strip():
            report.skipped_entries += 1
            report.errors.append(
                f"{source.name}: {entry.link}: skipped: page unusable ({why}) "
                "and the feed gives no description"
            )
            return None
        report.warnings.append(
            f"{source.name}: {entry.link}: page unusable ({why}); stored the feed's description"
        )
        return _Body(
            title=entry.title,
            text=text.strip(),
            canonical_url=link_key,
            published_at=entry.published,
            author=entry.author,
            from_description=True,
        )

    async def _extract(self, page: FetchResult) -> Extracted | None:
        """Text and metadata of a fetched page, with its site's rules (off the loop)."""
        from summaries.extract import extract_article

        return await off_loop(
            self._timed("extract", extract_article),
            page.content,
            page.final_url,
            encoding=page.encoding,
            utc_is_local=self.site_rules.utc_is_local(page.final_url),
        )

    async def _whole_text(
        self, source: FeedSource, first: FetchResult, extracted: Extracted, report: IngestReport
    ) -> str:
        """The article's text over all its pages: the next pages of a paginated article are
        followed (same site and article path, no loops, at most ``max_article_pages`` pages
        in all) and their new paragraphs appended. A page that fails ends the walk with what
        was read so far."""
        paragraphs = extracted.text.split("\n\n")
        seen_paragraphs = set(paragraphs)
        seen_urls = {_url_key(first.url), _url_key(first.final_url)}
        article_path = _article_path(first.final_url)
        next_url, pages = extracted.next_page, 1
        while next_url and pages < self.max_article_pages:
            key = _url_key(next_url)
            if key in seen_urls:
                break  # a loop (page 2 pointing back to page 1)
            seen_urls.add(key)
            if not _same_article(next_url, first.final_url, article_path):
                logger.debug(
                    "not following %s from %s: another site or article", next_url, first.url
                )
                break
            try:
                page = await self._fetch("page_fetch", next_url)
                if not _same_article(page.final_url, first.final_url, article_path):
                    raise FetchError(next_url, "redirects", f"redirected to {page.final_url}")
            except FetchError as exc:
                logger.info(
                    "page %d of %s failed: %s; kept %d page(s)",
                    pages + 1,
                    first.url,
                    exc.reason,
                    pages,
                )
                report.warnings.append(
                    f"{source.name}: {first.url}: page {pages + 1} ({next_url}) failed: "
                    f"{exc.reason}; kept the first {pages} page(s)"
                )
                break
            seen_urls.add(_url_key(page.final_url))
            more = await self._extract(page)
            if more is None or not more.text.strip():
                logger.info(
                    "page %d of %s has no article text: kept %d page(s)",
                    pages + 1,
                    first.url,
                    pages,
                )
                report.warnings.append(
                    f"{source.name}: {first.url}: page {pages + 1} ({next_url}) has no article "
                    f"text; kept the first {pages} page(s)"
                )
                break
            pages += 1
            for paragraph in more.text.split("\n\n"):
                if paragraph not in seen_paragraphs:  # a "show all" page repeats page 1
                    seen_paragraphs.add(paragraph)
                    paragraphs.append(paragraph)
            next_url = more.next_page
        return "\n\n".join(paragraphs)

    def _analyse(self, source: FeedSource, entry: FeedEntry, guid: str, body: _Body) -> NewArticle:
        """Summarize, tag and hash (blocking; runs in a worker thread)."""
        from summaries import SummaryError, summarize

        title = body.title or _first_words(body.text)
        start = time.perf_counter()
        try:
            bullets = tuple(summarize(body.text, title=title, bullets=self.bullets))
        except SummaryError:
            bullets = ()
        if not bullets:
            bullets = (_first_words(body.text, _FALLBACK_BULLET_CHARS),)
        self._report_stage("summarize", start)
        start = time.perf_counter()
        topics = self._matcher.match(title, body.text)
        text_hash = dedupe.text_hash(body.text)
        minhash = dedupe.minhash_signature(body.text)
        self._report_stage("tag", start)
        return NewArticle(
            url=entry.link,
            canonical_url=body.canonical_url,
            outlet=source.name,
            title=title,
            text=body.text,
            bullets=bullets,
            topics=topics,
            guid=guid,
            feed_url=source.url,
            author=body.author,
            published_at=body.published_at,
            fetched_at=self.clock(),
            from_description=body.from_description,
            text_hash=text_hash,
            minhash=minhash,
            image_url=body.image_url,
        )

    def _report_stage(self, stage: str, start: float) -> None:
        if self.on_stage is not None:
            self.on_stage(stage, time.perf_counter() - start)


def _page_canonical(page_url: str, declared: str | None) -> str:
    try:
        return resolve_canonical(page_url, declared)
    except ValueError:
        return canonical_url(page_url)


def _url_key(url: str) -> str:
    try:
        return canonical_url(url)
    except ValueError:
        return url


def _article_path(url: str) -> str:
    return urlsplit(url).path.rstrip("/")


def _same_article(url: str, first_url: str, article_path: str) -> bool:
    """A next page of the article at ``first_url``: the same site, and the article's path
    (``?page=2``, ``?page=all``) or one below it (``/2``); never another article."""
    if not same_site(url, first_url):
        return False
    path = _article_path(url)
    return path == article_path or path.startswith(article_path + "/")


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


def _first_words(text: str, limit: int = 120) -> str:
    """The start of ``text`` cut at a word boundary, for a missing title or bullet."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0] + "…"


def build_ingestor(
    settings: Settings, store: Store, fetcher: Fetcher, *, on_stage: StageHook | None = None
) -> Ingestor:
    """An :class:`Ingestor` for the configured feeds and topics (raises ``ConfigError`` for a
    missing or invalid feeds/topics file); ``on_stage`` times its stages (benchmarks)."""
    return Ingestor(
        store,
        fetcher,
        load_sources(settings.feeds_file),
        load_topics(settings.topics_file),
        poll_interval=settings.poll_interval,
        max_article_pages=settings.max_article_pages,
        site_rules=load_site_rules(settings.sites_file),
        on_stage=on_stage,
    )
