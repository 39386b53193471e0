"""Run the real Warta application against the fake Bot API and a local feed server.

The lifecycle is ``warta run``'s own (:func:`bot.runtime.runner.lifecycle`: updates are
stored in the inbox before they are confirmed, then handled), driven from the test's event
loop.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from telegram.ext import Application

from bot.core.config import Settings
from bot.core.database_url import parse_database_url
from bot.core.dedupe import minhash_signature, text_hash
from bot.core.models import NewArticle
from bot.runtime.app import build_application
from bot.runtime.runner import lifecycle
from bot.runtime.services import Services
from bot.storage import Store
from tests.support.fake_telegram import FakeTelegram, SentMessage
from tests.support.feedserver import FeedServer, article_page, rss_feed, rss_item
from tests.support.loop_guard import unguarded

ROOT = Path(__file__).resolve().parents[2]
SEED_ARTICLE = ROOT / "seeds" / "articles" / "merdeka-kemenkop-bpjs-ketenagakerjaan.txt"
TOPICS_FILE = ROOT / "seeds" / "topics.toml"
ADMIN_ID = 7000


def seed_paragraphs() -> list[str]:
    """The body of the seed article (Merdeka.com, 4 Nov 2020), without the page furniture."""
    lines = [p.strip() for p in SEED_ARTICLE.read_text(encoding="utf-8").split("\n\n")]
    start = next(i for i, p in enumerate(lines) if p.startswith("Merdeka.com - "))
    body = [p for p in lines[start:] if len(p) > 60]
    return body


SEED_TITLE = "Kemenkop Gandeng BPJS Ketenagakerjaan Tingkatkan Perlindungan Bagi Pekerja UMKM"


def write_feeds_file(path: Path, feeds: dict[str, str]) -> Path:
    lines = []
    for name, url in feeds.items():
        lines += ["[[feed]]", f'name = "{name}"', f'url = "{url}"', ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@dataclass
class Newsroom:
    """Outlets publishing RSS feeds and article pages on the local feed server."""

    server: FeedServer
    items: dict[str, list[str]] = field(default_factory=dict)

    def feed_path(self, outlet: str) -> str:
        return f"/{outlet.lower()}/rss"

    def publish(
        self,
        outlet: str,
        slug: str,
        title: str,
        paragraphs: Sequence[str],
        when: datetime,
        *,
        image: str | None = None,
    ) -> str:
        """Put an article page online (``image``: its og:image) and add it to the top of the
        outlet's feed."""
        path = f"/{outlet.lower()}/berita/{slug}"
        url = self.server.url(path)
        self.server.set(
            path,
            article_page(title, paragraphs, site=outlet, published=when.isoformat(), image=image),
        )
        item = rss_item(title, url, paragraphs[0][:200], guid=f"{outlet}-{slug}", published=when)
        self.items.setdefault(outlet, []).insert(0, item)
        self.refresh(outlet)
        return url

    def refresh(self, outlet: str) -> None:
        self.server.set(
            self.feed_path(outlet),
            rss_feed(self.items.get(outlet, []), title=outlet),
            content_type="application/rss+xml; charset=utf-8",
        )


@dataclass
class Harness:
    """A running bot plus handles on everything around it."""

    app: Application
    telegram: FakeTelegram
    newsroom: Newsroom

    @property
    def services(self) -> Services:
        return self.app.bot_data

    @property
    def store(self) -> Store:
        """The bot's store, for the test's own reads and writes (past the loop guard)."""
        return unguarded(self.services.store)

    async def say(
        self,
        user_id: int,
        text: str,
        *,
        replies: int = 1,
        chat_id: int | None = None,
        chat_type: str = "private",
        timeout: float = 10.0,
        **kwargs: Any,
    ) -> list[SentMessage]:
        """A user writes ``text``; returns the ``replies`` new messages the bot sent there."""
        target = user_id if chat_id is None else chat_id
        before = len(self.telegram.sent_messages(target))
        self.telegram.send_user_message(
            user_id, text, chat_type=chat_type, chat_id=chat_id, **kwargs
        )
        if replies == 0:
            await self.settle()
            return []
        sent = await self.telegram.wait_for_messages(before + replies, target, timeout=timeout)
        return sent[before:]

    async def press(
        self, user_id: int, message: SentMessage, data: str, *, timeout: float = 10.0
    ) -> dict[str, Any]:
        """A user presses a button; returns the callback answer the bot gave."""
        query_id = self.telegram.press_button(
            user_id, message.message_id, data, chat_id=message.chat_id
        )

        def answered() -> dict[str, Any] | None:
            found = [
                a for a in self.telegram.callback_answers if a.get("callback_query_id") == query_id
            ]
            return found[0] if found else None

        answer = await wait_until(answered, timeout=timeout, what=f"answer to {data}")
        await self.settle()
        return answer

    async def settle(self, timeout: float = 5.0) -> None:
        """Wait until the bot has fetched every injected update and handled it."""
        await wait_until(lambda: self.telegram.pending_updates() == 0, timeout=timeout)
        await wait_until(lambda: self.store.inbox_backlog()[0] == 0, timeout=timeout)
        await asyncio.sleep(0.05)

    async def poll(self) -> int:
        """Run the ingestion poll job now (as the JobQueue does every poll interval); returns
        how many pushes it queued."""
        from bot.runtime.polling import POLL_JOB

        polls = self.services.polls_done
        jobs = [j for j in self.app.job_queue.get_jobs_by_name(POLL_JOB) if j.job.next_run_time]
        await jobs[0].run(self.app)
        assert self.services.polls_done == polls + 1, "the poll failed (see the log)"
        return self.services.last_poll_pushes

    async def sweep(self, timeout: float = 20.0) -> None:
        """Bring the digest sweep job forward (the JobQueue runs it every half minute) and
        wait until it has swept up to ``services.now()``: every digest due by then is queued."""
        from bot.delivery.digest_queue import SWEEP_CURSOR
        from bot.runtime.repeating import run_soon
        from bot.runtime.worker import SWEEP_JOB

        upto = int(self.services.now().timestamp())
        worker = self.services.worker
        await wait_until(lambda: worker is not None and worker.leading, what="the sender")
        (job,) = self.app.job_queue.get_jobs_by_name(SWEEP_JOB)
        deadline = time.monotonic() + timeout
        while self.store.fanout_cursor(SWEEP_CURSOR) < upto:
            if time.monotonic() > deadline:
                raise TimeoutError("timed out waiting for the digest sweep")
            run_soon(job)  # again while a run that began before ``upto`` is still going
            await asyncio.sleep(0.2)


async def wait_until(
    condition: Callable[[], Any], *, timeout: float = 10.0, what: str = "condition"
) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


def make_settings(
    tmp_path: Path,
    telegram: FakeTelegram,
    feeds: dict[str, str],
    database: str | Path | None = None,
) -> Settings:
    """Settings for a test bot; ``database`` (a path or a postgresql:// URL, e.g. the
    ``database_url`` fixture) defaults to a SQLite file in ``tmp_path``."""
    return Settings(
        telegram_token=telegram._token,
        telegram_api_url=telegram.base_url,
        database=parse_database_url(database or tmp_path / "warta.db"),
        feeds_file=write_feeds_file(tmp_path / "feeds.toml", feeds),
        topics_file=TOPICS_FILE,
        poll_interval=600,
        admin_ids=frozenset({ADMIN_ID}),
        timezone="Asia/Jakarta",
    )


@asynccontextmanager
async def running(app: Application) -> AsyncIterator[Application]:
    """Start ``app`` exactly as ``warta run`` does (its updates through the inbox), and stop
    it the same way."""
    async with lifecycle(app):
        yield app


@asynccontextmanager
async def started_bot(
    tmp_path: Path,
    telegram: FakeTelegram,
    *,
    seed: bool = True,
    settings_changes: dict[str, Any] | None = None,
    database: str | Path | None = None,
) -> AsyncIterator[Harness]:
    """The bot running against ``telegram``, with Merdeka and Antara feeds on a local server
    (Merdeka carrying the seed article), after its first, immediate poll. ``database``: see
    :func:`make_settings`."""
    with FeedServer() as feeds:
        newsroom = Newsroom(feeds)
        if seed:
            newsroom.publish(
                "Merdeka",
                "kemenkop-bpjs",
                SEED_TITLE,
                seed_paragraphs(),
                datetime(2020, 11, 4, 7, 0, tzinfo=UTC),
            )
        newsroom.refresh("Merdeka")
        newsroom.refresh("Antara")
        settings = make_settings(
            tmp_path,
            telegram,
            {o: feeds.url(newsroom.feed_path(o)) for o in ("Merdeka", "Antara")},
            database,
        )
        if settings_changes:
            settings = replace(settings, **settings_changes)
        app = build_application(settings)
        async with running(app):
            harness = Harness(app, telegram, newsroom)
            await wait_until(
                lambda: harness.services.polls_done >= 1, timeout=20, what="the first poll"
            )
            yield harness


def store_article(
    services: Services,
    *,
    title: str,
    paragraphs: Sequence[str],
    bullets: Sequence[str],
    outlet: str = "Antara",
    url: str,
    topics: Sequence[str] = (),
    when: datetime | None = None,
) -> int:
    """Put an article straight into the store (for search/digest tests that need many)."""
    text = "\n\n".join(paragraphs)
    when = when or datetime.now(UTC)
    result = unguarded(services.store).add_article(
        NewArticle(
            url=url,
            canonical_url=url,
            outlet=outlet,
            title=title,
            text=text,
            bullets=tuple(bullets),
            topics=tuple(topics),
            published_at=when,
            fetched_at=when,
            text_hash=text_hash(text),
            minhash=minhash_signature(text),
        )
    )
    assert result.article_id is not None, result
    return result.article_id
