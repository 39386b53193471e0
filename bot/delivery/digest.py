"""The digest: each subscription's new stories, ranked, within a budget, as pages.

The window counts publication time (fetch time only for a feed that gives none). Within a
subscription, stories that name it in their title come first, then the newest. A story
appears once per digest; stories already pushed to the chat in the window are not repeated
but listed at the end by title ("Sudah dikirim"), and alone they make no digest. The pages
are Telegram HTML of about 1,500 visible characters, turned with ⟨ 1/3 ⟩ buttons
(``bot.present.keyboards``), each continuing a section under its heading
(``bot.present.digest_page``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import UTC, datetime, timedelta

from bot.core.match import matches, prepare_article, title_mentions
from bot.core.models import Article, ChatSettings, Subscription, Topic
from bot.present import texts
from bot.present.digest_page import PAGE_LIMIT, Section, digest_entry, paginate
from bot.present.render import BLOCK_SEPARATOR, escape, link, shorten
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
ALREADY_SENT_MAX = 15  # titles listed under "Sudah dikirim"
ALREADY_SENT_TITLE = 100  # characters of such a title
FEED_LAG = timedelta(hours=2)  # news published this long before the window, fetched in it
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
    """Each subscription's news of the window: topics by tag, keywords by search (keeping
    only articles where the keyword really occurs, see ``bot.core.match``).

    The window counts publication time (fetch time for a feed that gives none): an article
    is in it when it was published since ``since`` (or up to ``FEED_LAG`` before, from a
    feed slower than the digest) and first fetched since then, so an old article found only
    now is not news, and no article is listed in two digests."""
    published_after = since - FEED_LAG
    found: dict[Subscription, list[Article]] = {}
    for sub in subscriptions:
        if sub.kind == "topic":
            found[sub] = store.articles_since(
                since, topics=[sub.value], limit=limit, published_after=published_after
            )
        elif sub.kind == "keyword":
            hits = store.search(sub.value, limit=limit, since=published_after)
            found[sub] = [
                hit.article
                for hit in hits
                if _aware(hit.article.fetched_at) > since
                and matches(prepare_article(hit.article), sub)
            ]
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


def _allot(counts: Sequence[int], budget: int) -> list[int]:
    """Stories shown per section: one for each section first (in order, while the budget
    lasts), then the rest in order, each at most its count."""
    shown = [0] * len(counts)
    left = budget
    for i, count in enumerate(counts):
        if left > 0 and count > 0:
            shown[i], left = 1, left - 1
    for i, count in enumerate(counts):
        extra = max(0, min(count - shown[i], left))
        shown[i] += extra
        left -= extra
    return shown


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
    """The digest as pages of Telegram HTML, or [] when there is nothing new in the window
    (stories already pushed alone are not a digest).

    ``articles`` gives each subscription's articles in the window (a mapping, or a function
    of the subscription). Sections follow the order of ``subscriptions``; each shows at
    least one story and at most ``per_subscription``, the digest at most ``budget``, with
    "+N lainnya — /cari …" for the rest (subscriptions past the budget are one line each
    under "Berita baru lainnya"). Stories in ``pushed`` (story ids) are listed once at the
    end by title only. ``other_outlets`` maps a story id to the outlets that carried it.
    ``since`` defaults to :func:`digest_window`. Pages hold about ``page_limit`` visible
    characters, each continuing a section under its heading (``bot.present.digest_page``).
    """
    lookup = articles if callable(articles) else (lambda sub: articles.get(sub, ()))
    outlets = other_outlets or {}
    seen_stories: set[int] = set()
    seen_subscriptions: set[tuple[str, str]] = set()
    already_sent: dict[int, Article] = {}
    found: list[tuple[Subscription, list[Article]]] = []
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
        if fresh:
            found.append((sub, rank(fresh, sub, topics)))
    if not found:
        return []
    counts = [min(per_subscription, len(fresh)) for _, fresh in found]
    sections: list[Section] = []
    overflow: list[str] = []
    for (sub, fresh), shown in zip(found, _allot(counts, budget), strict=True):
        query = escape(shorten(sub.value if sub.kind == "keyword" else _name(sub, topics), 60))
        if not shown:  # past the budget: one line, never an empty section
            name = escape(shorten(_name(sub, topics), 60))
            overflow.append(
                texts.DIGEST_OTHER_NEWS_ITEM.format(name=name, count=len(fresh), query=query)
            )
            continue
        stories = [
            digest_entry(
                article,
                tz=chat.timezone,
                now=now,
                other_outlets=_other_count(article, outlets.get(article.story_id, ())),
            )
            for article in fresh[:shown]
        ]
        if len(fresh) > shown:
            more = texts.DIGEST_MORE.format(count=len(fresh) - shown, query=query)
            stories[-1] += BLOCK_SEPARATOR + more
        sections.append(Section(_heading(sub, topics), tuple(stories)))
    if overflow:
        sections.append(Section(texts.DIGEST_OTHER_NEWS, tuple(overflow), separator="\n"))
    already = [a for story, a in already_sent.items() if story not in seen_stories]
    if already:
        items = tuple(
            texts.DIGEST_ALREADY_SENT_ITEM.format(
                title=link(
                    article.url, shorten(article.title, ALREADY_SENT_TITLE) or texts.UNTITLED
                )
            )
            for article in already[:ALREADY_SENT_MAX]
        )
        sections.append(Section(texts.DIGEST_ALREADY_SENT, items, separator="\n"))
    start = since or digest_window(chat, now)
    period = escape(describe_period(start, now, chat.timezone))
    group = chat.chat_type in ("group", "supergroup")
    header = (texts.DIGEST_HEADER_GROUP if group else texts.DIGEST_HEADER).format(period=period)
    return paginate(header, sections, limit=page_limit)


def _other_count(article: Article, others: Sequence[str]) -> int:
    """How many other outlets carried the story (its own outlet and repeats not counted)."""
    own = article.outlet.strip().casefold()
    return len({" ".join(o.split()).casefold() for o in others} - {own, ""})
