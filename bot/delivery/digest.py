"""The digest: each subscription's new stories, ranked, within a budget, as pages.

Within a subscription, stories that name it in their title come first, then the newest.
A story appears once per digest; stories already pushed to the chat in the window are not
repeated but listed at the end by title ("Sudah dikirim"). The pages are Telegram HTML,
each well within 4,096 characters, turned with ⟨ 1/3 ⟩ buttons (``bot.present.keyboards``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.core.match import matches, prepare_article, title_mentions
from bot.core.models import Article, ChatSettings, Subscription, Topic
from bot.present import texts
from bot.present.render import article_block, escape, link, shorten, split_messages
from bot.present.timefmt import format_moment
from bot.storage import Store

__all__ = [
    "DEFAULT_WINDOW",
    "MAX_WINDOW",
    "PER_DIGEST",
    "PER_SUBSCRIPTION",
    "build_digest",
    "describe_period",
    "digest_window",
    "gather_digest_articles",
]

DEFAULT_WINDOW = timedelta(hours=24)  # the first digest looks back one day
MAX_WINDOW = timedelta(days=7)  # after a long pause, at most a week of news
PER_SUBSCRIPTION = 5  # stories under one topic or keyword
PER_DIGEST = 12  # stories in the whole digest (the budget)
GATHER_LIMIT = 40  # candidates read per subscription (to count "+N lainnya")
DIGEST_BULLETS = 2
DIGEST_BULLET_MAX = 300
PAGE_LIMIT = 3000  # characters of one page: a screen or two, not a wall of text
ALREADY_SENT_MAX = 15  # titles listed under "Sudah dikirim"
ROUND_TO = timedelta(minutes=10)  # a window this close to whole hours is said in hours

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


def describe_period(since: datetime, now: datetime, tz: str) -> str:
    """The window in words: "24 jam terakhir", "3 hari terakhir", else
    "Sejak kemarin pukul 21.13 WITA" (or "Sejak Senin, 23 Nov pukul …")."""
    span = _aware(now) - _aware(since)
    hours = round(span / timedelta(hours=1))
    if hours >= 1 and abs(span - timedelta(hours=hours)) <= ROUND_TO:
        if hours <= 36:
            return texts.PERIOD_HOURS.format(hours=hours)
        if hours % 24 == 0:
            return texts.PERIOD_DAYS.format(days=hours // 24)
    return texts.PERIOD_SINCE.format(when=format_moment(since, tz, now=now))


def gather_digest_articles(
    store: Store,
    subscriptions: Sequence[Subscription],
    *,
    since: datetime,
    limit: int = GATHER_LIMIT,
) -> dict[Subscription, list[Article]]:
    """Fetch each subscription's articles since ``since``: topics by tag, keywords by search,
    keeping only articles where the keyword really occurs (see ``bot.core.match``)."""
    found: dict[Subscription, list[Article]] = {}
    for sub in subscriptions:
        if sub.kind == "topic":
            found[sub] = store.articles_since(since, topics=[sub.value], limit=limit)
        elif sub.kind == "keyword":
            hits = store.search(sub.value, limit=limit, since=since)
            found[sub] = [hit.article for hit in hits if matches(prepare_article(hit.article), sub)]
    return found


def _name(sub: Subscription, topics: Mapping[str, Topic]) -> str:
    if sub.kind == "topic":
        topic = topics.get(sub.value)
        return topic.name if topic else sub.value
    return sub.value


def _heading(sub: Subscription, topics: Mapping[str, Topic]) -> str:
    name = escape(shorten(_name(sub, topics), 100))
    if sub.kind == "topic":
        return texts.DIGEST_TOPIC_HEADING.format(name=name)
    return texts.DIGEST_KEYWORD_HEADING.format(keyword=name)


def _title_terms(sub: Subscription, topics: Mapping[str, Topic]) -> tuple[str, ...]:
    """The words whose presence in a title makes a story clearly about the subscription."""
    if sub.kind == "keyword":
        return (sub.value,)
    topic = topics.get(sub.value)
    if topic is None:
        return (sub.value.replace("-", " "),)
    parts = [p.strip() for p in re.split(r"[&,/]| dan ", topic.name) if p.strip()]
    return (topic.name, *parts, *topic.aliases, *topic.keywords)


def _when(article: Article) -> datetime:
    return _aware(article.published_at or article.fetched_at)


def rank(
    articles: Sequence[Article], sub: Subscription, topics: Mapping[str, Topic]
) -> list[Article]:
    """Stories naming the subscription in their title first, then the newest first."""
    terms = _title_terms(sub, topics)
    return sorted(
        articles, key=lambda a: (not title_mentions(a.title, terms), -_when(a).timestamp())
    )


@dataclass
class _Section:
    heading: str
    stories: list[str]
    more: int
    query: str


def build_digest(
    chat: ChatSettings,
    subscriptions: Sequence[Subscription],
    articles: ArticleSource,
    *,
    topics: Mapping[str, Topic],
    now: datetime,
    since: datetime | None = None,
    other_outlets: Mapping[int, Sequence[str]] | None = None,
    pushed: Collection[int] = (),
    per_subscription: int = PER_SUBSCRIPTION,
    budget: int = PER_DIGEST,
    page_limit: int = PAGE_LIMIT,
) -> list[str]:
    """The digest as pages of Telegram HTML, or [] when there is nothing in the window.

    ``articles`` gives each subscription's articles in the window (a mapping, or a function
    of the subscription). Sections follow the order of ``subscriptions``; each shows at
    most ``per_subscription`` stories and the digest at most ``budget``, with
    "+N lainnya — /cari …" for the rest. Stories in ``pushed`` (story ids) are listed once
    at the end by title only. ``other_outlets`` maps a story id to the outlets that carried
    it. ``since`` defaults to :func:`digest_window`.
    """
    lookup = articles if callable(articles) else (lambda sub: articles.get(sub, ()))
    outlets = other_outlets or {}
    seen_stories: set[int] = set()
    seen_subscriptions: set[tuple[str, str]] = set()
    already_sent: dict[int, Article] = {}
    sections: list[_Section] = []
    left = budget
    for sub in subscriptions:
        key = (sub.kind, sub.value.casefold())
        if sub.kind not in ("topic", "keyword") or key in seen_subscriptions:
            continue
        seen_subscriptions.add(key)
        fresh: list[Article] = []
        for article in lookup(sub):
            if article.story_id in pushed:
                already_sent.setdefault(article.story_id, article)
            elif article.story_id not in seen_stories:
                seen_stories.add(article.story_id)
                fresh.append(article)
        if not fresh:
            continue
        shown = rank(fresh, sub, topics)[: max(0, min(per_subscription, left))]
        left -= len(shown)
        stories = [
            article_block(
                article,
                tz=chat.timezone,
                other_outlets=outlets.get(article.story_id, ()),
                max_bullets=DIGEST_BULLETS,
                bullet_max=DIGEST_BULLET_MAX,
                title_link=True,
                now=now,
            )
            for article in shown
        ]
        query = shorten(sub.value if sub.kind == "keyword" else _name(sub, topics), 60)
        sections.append(_Section(_heading(sub, topics), stories, len(fresh) - len(shown), query))
    already = [a for story, a in already_sent.items() if story not in seen_stories]
    if not sections and not already:
        return []
    blocks: list[str] = []
    for section in sections:
        more = (
            texts.DIGEST_MORE.format(count=section.more, query=escape(section.query))
            if section.more
            else ""
        )
        body = [*section.stories]
        if more:
            body = [*body[:-1], body[-1] + "\n\n" + more] if body else [more]
        # The heading travels with its first story so it never ends a page alone.
        blocks.append(section.heading + "\n\n" + body[0])
        blocks.extend(body[1:])
    if already:
        lines = [texts.DIGEST_ALREADY_SENT]
        for article in already[:ALREADY_SENT_MAX]:
            title = shorten(article.title, 150) or texts.UNTITLED
            lines.append(texts.DIGEST_ALREADY_SENT_ITEM.format(title=link(article.url, title)))
        blocks.append("\n".join(lines))
    start = since or digest_window(chat, now)
    period = escape(describe_period(start, now, chat.timezone))
    group = chat.chat_type in ("group", "supergroup")
    header = (texts.DIGEST_HEADER_GROUP if group else texts.DIGEST_HEADER).format(period=period)
    return split_messages([header, *blocks], limit=page_limit)
