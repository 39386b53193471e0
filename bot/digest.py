"""The daily digest: the top new stories for each of a chat's subscriptions, as messages."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta

from bot import texts
from bot.match import matches, prepare_article
from bot.models import Article, ChatSettings, Subscription, Topic
from bot.render import article_block, escape, format_local_time, shorten, split_messages
from bot.storage import Store

__all__ = [
    "DEFAULT_WINDOW",
    "MAX_WINDOW",
    "PER_SUBSCRIPTION",
    "build_digest",
    "digest_window",
    "gather_digest_articles",
]

DEFAULT_WINDOW = timedelta(hours=24)  # the first digest looks back one day
MAX_WINDOW = timedelta(days=7)  # after a long pause, at most a week of news
PER_SUBSCRIPTION = 5  # stories under one topic or keyword
DIGEST_BULLETS = 2
DIGEST_BULLET_MAX = 300

ArticleSource = (
    Mapping[Subscription, Sequence[Article]] | Callable[[Subscription], Sequence[Article]]
)


def _aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=UTC)


def digest_window(chat: ChatSettings, now: datetime) -> datetime:
    """Where this digest starts: the previous digest, else 24 hours ago; never more than a
    week back, and never in the future."""
    now = _aware(now)
    if chat.last_digest_at is None:
        return now - DEFAULT_WINDOW
    last = _aware(chat.last_digest_at)
    if last > now:  # a clock that went backwards: behave like a first digest
        return now - DEFAULT_WINDOW
    return max(last, now - MAX_WINDOW)


def gather_digest_articles(
    store: Store,
    subscriptions: Sequence[Subscription],
    *,
    since: datetime,
    per_subscription: int = PER_SUBSCRIPTION,
) -> dict[Subscription, list[Article]]:
    """Fetch each subscription's articles since ``since``: topics by tag, keywords by search,
    keeping only articles where the keyword really occurs (see ``bot.match``)."""
    found: dict[Subscription, list[Article]] = {}
    for sub in subscriptions:
        if sub.kind == "topic":
            found[sub] = store.articles_since(since, topics=[sub.value], limit=per_subscription)
        elif sub.kind == "keyword":
            hits = store.search(sub.value, limit=per_subscription * 3, since=since)
            found[sub] = [
                hit.article for hit in hits if matches(prepare_article(hit.article), sub)
            ][:per_subscription]
    return found


def _heading(sub: Subscription, topics: Mapping[str, Topic]) -> str:
    if sub.kind == "topic":
        topic = topics.get(sub.value)
        name = topic.name if topic else sub.value
        return texts.DIGEST_TOPIC_HEADING.format(name=escape(shorten(name, 100)))
    return texts.DIGEST_KEYWORD_HEADING.format(keyword=escape(shorten(sub.value, 100)))


def build_digest(
    chat: ChatSettings,
    subscriptions: Sequence[Subscription],
    articles: ArticleSource,
    *,
    topics: Mapping[str, Topic],
    now: datetime,
    other_outlets: Mapping[int, Sequence[str]] | None = None,
    per_subscription: int = PER_SUBSCRIPTION,
) -> list[str]:
    """The digest as Telegram HTML messages (each within 4,096 characters), or [] when there
    is nothing new.

    ``articles`` gives each subscription's articles for the window (a mapping, or a function
    of the subscription), newest first; stories carried by more outlets (``other_outlets``)
    move to the top. Stories are grouped under a heading per subscription,
    in the order of ``subscriptions``; a story appears once in the whole digest (under the
    first subscription that has it), at most ``per_subscription`` per heading.
    ``other_outlets`` maps a story id to the outlets that carried it.
    """
    lookup = articles if callable(articles) else (lambda sub: articles.get(sub, ()))
    outlets = other_outlets or {}
    seen_stories: set[int] = set()
    seen_subscriptions: set[tuple[str, str]] = set()
    sections: list[str] = []
    for sub in subscriptions:
        key = (sub.kind, sub.value.casefold())
        if sub.kind not in ("topic", "keyword") or key in seen_subscriptions:
            continue
        seen_subscriptions.add(key)
        stories: list[str] = []
        # Top stories first: those carried by more outlets; otherwise in the order given.
        ranked = sorted(lookup(sub), key=lambda a: -len(outlets.get(a.story_id, ())))
        for article in ranked:
            if len(stories) >= per_subscription:
                break
            if article.story_id in seen_stories:
                continue
            seen_stories.add(article.story_id)
            stories.append(
                article_block(
                    article,
                    tz=chat.timezone,
                    other_outlets=outlets.get(article.story_id, ()),
                    max_bullets=DIGEST_BULLETS,
                    bullet_max=DIGEST_BULLET_MAX,
                    title_link=True,
                )
            )
        if stories:
            # The heading travels with its first story so it never ends a message alone.
            sections.append(_heading(sub, topics) + "\n\n" + stories[0])
            sections.extend(stories[1:])
    if not sections:
        return []
    since = format_local_time(digest_window(chat, now), chat.timezone)
    header = texts.DIGEST_HEADER.format(since=escape(since))
    return split_messages([header, *sections])
