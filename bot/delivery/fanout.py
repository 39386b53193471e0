"""Fan-out: new articles matched to subscribers and queued as pushes, driven by the database.

A cursor in the database (``Store.fanout_cursor``) remembers the last article fanned out.
Whoever runs :func:`fan_out` (the single process, or any worker) reads the articles after it,
matches them to the subscriptions and, in ONE transaction, queues the pushes and moves the
cursor (``Store.commit_fanout``). So an article stored by another process, by ``warta ingest
--once`` while the bot was stopped, or just before a crash is pushed when fan-out next runs,
and exactly once: a process that lost the race to another one writes nothing and reads
again. A fan-out of more than ``CHUNK`` pushes queues the first ones in transactions of their
own just before (so it never holds the database for long); the outbox's unique dedupe keys
make a repeat after a crash or a lost race harmless. Articles older than ``max_age`` are not
pushed; the digests still carry them.

How each push is sent is decided here too, once, and kept with its row (``send_options``):
the article's picture as a large link preview (or text only), the group's forum topic, and
the chat's quiet hours, which hold the push until they end (``not_before``) or send it
without a sound.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta

from bot.core.match import match_article, prepare_article
from bot.core.models import Article, ChatSettings, NewOutboxMessage, Subscription, Topic
from bot.core.quiet import quiet_decision
from bot.delivery.send_options import for_push
from bot.present.keyboards import PushKeyboards, push_reason, subscription_name
from bot.present.render import article_message
from bot.storage import Store

log = logging.getLogger(__name__)

CURSOR = "push"
BATCH = 100  # articles per transaction
CHUNK = 10_000  # pushes per transaction: a big fan-out never holds the database for long
MAX_RACES = 50  # give up for now after losing this many races in a row (someone else runs)

Compose = Callable[
    [Article, ChatSettings, Sequence[Subscription], Sequence[str], datetime], NewOutboxMessage
]


class PushComposer:
    """Composes the push of one story to one chat (the one place a push message is made).

    The push starts with the subscription that brought it ("📌 Pajak" or "🔑 kartu
    prakerja": the chat's oldest matching one) and carries its "🔕 Berhenti ikuti …" and
    share buttons (:mod:`bot.present.keyboards`). Text and keyboard are built once per article, time
    zone and reason, however many chats get them; only the subscription id in the unfollow
    button differs from chat to chat.
    """

    def __init__(self, topics: Mapping[str, Topic] | None = None) -> None:
        self.topics: Mapping[str, Topic] = topics or {}
        self._keyboards = PushKeyboards()
        self._reasons: dict[tuple[str, str], tuple[str, str]] = {}

    def _reason(self, sub: Subscription) -> tuple[str, str]:
        """The reason line and the subscription's name, once per subscription value."""
        key = (sub.kind, sub.value)
        found = self._reasons.get(key)
        if found is None:
            found = self._reasons[key] = (
                push_reason(sub, self.topics),
                subscription_name(sub, self.topics),
            )
        return found

    def __call__(
        self,
        article: Article,
        chat: ChatSettings,
        subscriptions: Sequence[Subscription],
        other_outlets: Sequence[str],
        now: datetime,
    ) -> NewOutboxMessage:
        sub = subscriptions[0]
        reason, name = self._reason(sub)
        text = _rendered(article, chat.timezone, tuple(other_outlets), reason)
        markup = self._keyboards.json(sub, name, article.title)
        quiet = quiet_decision(chat, now)
        return NewOutboxMessage(
            chat_id=chat.chat_id,
            kind="push",
            text=text,
            dedupe_key=f"push:{chat.chat_id}:{article.story_id}",
            reply_markup=markup,
            not_before=quiet.until,
            send_options=for_push(article, chat, silent=quiet.silent).to_json(),
        )


@functools.lru_cache(maxsize=256)
def _rendered(article: Article, tz: str, other_outlets: tuple[str, ...], reason: str) -> str:
    """One rendering per article, time zone and reason, however many chats get it."""
    return article_message(article, tz=tz, other_outlets=other_outlets, reason=reason)


def article_age(article: Article, now: datetime) -> timedelta:
    """How old the news is: since publication (or since it was fetched, when undated)."""
    when = article.published_at or article.fetched_at
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return now - when


def pushes_for(
    store: Store,
    articles: Iterable[Article],
    subscriptions: Sequence[Subscription],
    chats: Mapping[int, ChatSettings],
    *,
    now: datetime,
    max_age: timedelta,
    compose: Compose | None = None,
) -> list[NewOutboxMessage]:
    """The pushes for ``articles``: one per story per subscribed chat that wants instant news
    (active, not paused, mode ``instant``); none for news older than ``max_age``.
    ``compose`` makes each push (default: :class:`PushComposer` without topic names)."""
    compose = compose or PushComposer()
    messages: list[NewOutboxMessage] = []
    seen: set[tuple[int, int]] = set()  # (chat, story): one push per story in a batch
    for article in articles:
        if article_age(article, now) > max_age:
            continue
        wanted = match_article(prepare_article(article), subscriptions)
        if not wanted:
            continue
        others = [o for o in store.story_outlets(article.story_id) if o != article.outlet]
        for chat_id, matched in wanted.items():
            chat = chats.get(chat_id)
            if chat is None or chat.paused or not chat.active or chat.mode != "instant":
                continue
            if (chat_id, article.story_id) in seen:
                continue
            seen.add((chat_id, article.story_id))
            messages.append(compose(article, chat, matched, others, now))
    return messages


def fan_out(
    store: Store,
    *,
    now: datetime | None = None,
    max_age: timedelta = timedelta(hours=6),
    batch: int = BATCH,
    topics: Mapping[str, Topic] | None = None,
) -> int:
    """Fan out every article after the cursor; returns how many pushes were queued.
    ``topics`` (the catalogue by slug) names topic subscriptions in the pushes.

    Blocking (store calls): run it off the event loop.
    """
    compose = PushComposer(topics)
    queued = 0
    races = 0
    subscriptions: list[Subscription] | None = None
    chats: dict[int, ChatSettings] = {}
    while True:
        cursor = store.fanout_cursor(CURSOR)
        articles = store.articles_after(cursor, limit=batch)
        if not articles:
            return queued
        if subscriptions is None:  # read once per run, and only when there is news
            subscriptions = store.all_subscriptions()
            chats = {c.chat_id: c for c in store.chats(active_only=True)}
        moment = now or datetime.now(UTC)
        messages = pushes_for(
            store, articles, subscriptions, chats, now=moment, max_age=max_age, compose=compose
        )
        # A fan-out to many readers goes in chunks before the transaction that moves the
        # cursor; a crash or a lost race in between is harmless: running again queues the
        # same dedupe keys, which the outbox skips.
        early = 0
        while len(messages) > CHUNK:
            early += store.enqueue_many(messages[:CHUNK])
            messages = messages[CHUNK:]
        queued += early
        written = store.commit_fanout(
            CURSOR, expected=cursor, upto=articles[-1].id, messages=messages
        )
        if written is None:  # another process fanned these out first: read again
            races += 1
            if races >= MAX_RACES:
                log.warning("fan-out: another process keeps moving the cursor; later")
                return queued
            continue
        races = 0
        queued += written
        log.debug("fan-out: articles %d..%d, %d pushes", cursor + 1, articles[-1].id, written)
