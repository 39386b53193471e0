"""/langganan, /berhenti and /langgananku: topic and keyword subscriptions.

A keyword is checked before it is saved: too short or too vague is refused with an example;
one that names catalogue topics ("bpjs") offers them as buttons; one that finds nothing in
the archive but is close to a known term ("bpjs kesehatn") offers the close spellings. The
reader can always keep the keyword as typed; a tap keeps the offer's other buttons (the one
taken marked ✅), so a second choice is one more tap. /berhenti alone and /langgananku list the
subscriptions with ✖ buttons that remove one and edit the list in place.
"""

from __future__ import annotations

from collections.abc import Set

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.chat import button_state
from bot.chat.context import MAX_SUBSCRIPTIONS, WartaContext
from bot.chat.handlers.common import (
    GROUP_TYPES,
    MANAGE_UPDATES,
    argument_text,
    edit,
    html,
    known_chat,
    remember_chat,
    remember_thread,
    reply,
    services,
)
from bot.chat.handlers.follow import subscribe_keyword
from bot.chat.handlers.groups import can_manage, refuse_non_admin
from bot.chat.handlers.topics import send_catalogue, subscribe_topic
from bot.chat.suggest import close_terms, has_matches, topics_named
from bot.core.match import (
    MAX_KEYWORD_LENGTH,
    MIN_KEYWORD_LENGTH,
    is_vague_keyword,
    normalise_keyword,
)
from bot.core.models import ChatSettings, Subscription
from bot.present import texts
from bot.present.callbacks import Offer, RemoveSubscription
from bot.present.keyboards import BUTTON_NAME_MAX, subscription_name
from bot.present.render import shorten
from bot.present.timefmt import timezone_label

OFFER_KINDS = ("topic", "keyword")


def _group(chat_type: str) -> bool:
    """Groups are spoken to as the group; a channel's admins post as themselves."""
    return chat_type in GROUP_TYPES


def _say(chat_type: str, private_text: str, group_text: str) -> str:
    """The text for a private chat, or its variant that speaks to the group."""
    return group_text if _group(chat_type) else private_text


async def _remember_offer(
    context: WartaContext, chat_id: int, options: list[tuple[str, str]]
) -> str:
    """Keep the options behind a short token (callback data holds 64 bytes, not keywords)."""
    db = services(context).db
    return await button_state.remember(db, chat_id, button_state.OFFER, options)


async def _recall_offer(
    context: WartaContext, chat_id: int, token: str
) -> list[tuple[str, str]] | None:
    """The options kept under ``token`` as (kind, value) pairs; None when unknown, forgotten
    or not a list of such pairs."""
    kept = await button_state.recall(services(context).db, chat_id, button_state.OFFER, token)
    if not isinstance(kept, list):
        return None
    options: list[tuple[str, str]] = []
    for item in kept:
        if not (isinstance(item, list) and len(item) == 2 and item[0] in OFFER_KINDS):
            return None
        if not isinstance(item[1], str):
            return None
        options.append((item[0], item[1]))
    return options


def _offer_keyboard(
    key: str, options: list[tuple[str, str]], labels: list[str], taken: Set[int] = frozenset()
) -> InlineKeyboardMarkup:
    """One button per option; those already followed marked ✅ (a second tap on one says it
    is followed already)."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.BUTTON_SELECTED.format(label=label) if i in taken else label,
                    callback_data=Offer(key, i).encode(),
                )
            ]
            for i, label in enumerate(labels)
        ]
    )


def _option_key(option: tuple[str, str]) -> tuple[str, str]:
    """An option as its subscription is stored: (kind, value folded), a keyword normalised."""
    kind, value = option
    stored = normalise_keyword(value) if kind == "keyword" else value
    return kind, (stored or value).casefold()


def _offer_labels(context: WartaContext, options: list[tuple[str, str]]) -> list[str]:
    """The labels :func:`subscribe` gave the options: a topic by name, a suggested keyword,
    and last the keyword as typed."""
    labels = []
    for i, (kind, value) in enumerate(options):
        if kind == "topic":
            topic = services(context).topic(value)
            labels.append(texts.BUTTON_SUGGEST_TOPIC.format(name=topic.name if topic else value))
        elif i == len(options) - 1:
            labels.append(texts.BUTTON_KEEP_KEYWORD.format(keyword=_short(value)))
        else:
            labels.append(texts.BUTTON_SUGGEST_KEYWORD.format(keyword=_short(value)))
    return labels


async def add_keyword(context: WartaContext, chat: ChatSettings, keyword: str) -> str:
    """Save a keyword subscription; the reply text (subscribed, already, or over the limit)."""
    outcome = await subscribe_keyword(context, chat.chat_id, keyword)
    if outcome == "invalid":
        return texts.FOLLOW_ALERT_INVALID
    if outcome == "too_many":
        return _say(
            chat.chat_type, texts.TOO_MANY_SUBSCRIPTIONS, texts.TOO_MANY_SUBSCRIPTIONS_GROUP
        ).format(count=MAX_SUBSCRIPTIONS)
    private, group = {
        "already": (texts.ALREADY_KEYWORD, texts.ALREADY_KEYWORD_GROUP),
        "added": (texts.SUBSCRIBED_KEYWORD, texts.SUBSCRIBED_KEYWORD_GROUP),
    }[outcome]
    return _say(chat.chat_type, private, group).format(keyword=html(keyword))


async def add_topic(context: WartaContext, chat: ChatSettings, slug: str) -> str:
    """Subscribe to a catalogue topic; the reply text."""
    topic = services(context).topic(slug)
    if topic is None:
        return texts.TOPIC_GONE
    added, refusal = await subscribe_topic(context, chat.chat_id, slug)
    if refusal:
        return _say(
            chat.chat_type, texts.TOO_MANY_SUBSCRIPTIONS, texts.TOO_MANY_SUBSCRIPTIONS_GROUP
        ).format(count=MAX_SUBSCRIPTIONS)
    if added:
        template = _say(chat.chat_type, texts.SUBSCRIBED_TOPIC, texts.SUBSCRIBED_TOPIC_GROUP)
    else:
        template = _say(chat.chat_type, texts.ALREADY_TOPIC, texts.ALREADY_TOPIC_GROUP)
    return template.format(topic=html(topic.name))


def _short(value: str) -> str:
    return shorten(value, BUTTON_NAME_MAX)


async def subscribe(update: Update, context: WartaContext) -> None:
    if update.effective_chat is None:
        return
    wanted = argument_text(update)
    if not wanted:
        await reply(update, texts.SUBSCRIBE_USAGE)
        await send_catalogue(update, context)
        return
    if not await can_manage(update, context):
        await refuse_non_admin(update)
        return
    chat = await remember_thread(update, context, await remember_chat(update, context))
    s = services(context)
    topic = s.find_topic(wanted)
    if topic is not None:
        await reply(update, await add_topic(context, chat, topic.slug))
        return
    keyword = normalise_keyword(wanted)
    if keyword is None:
        await reply(update, texts.KEYWORD_INVALID.format(max_length=MAX_KEYWORD_LENGTH))
        return
    if is_vague_keyword(keyword):
        await reply(
            update,
            texts.KEYWORD_TOO_VAGUE.format(keyword=html(keyword), min_length=MIN_KEYWORD_LENGTH),
        )
        return
    keep = texts.BUTTON_KEEP_KEYWORD.format(keyword=_short(keyword))
    named = topics_named(keyword, s.topics)
    if named:
        options = [("topic", t.slug) for t in named] + [("keyword", keyword)]
        labels = [texts.BUTTON_SUGGEST_TOPIC.format(name=t.name) for t in named] + [keep]
        key = await _remember_offer(context, chat.chat_id, options)
        await reply(
            update,
            texts.KEYWORD_IS_TOPIC.format(keyword=html(keyword)),
            reply_markup=_offer_keyboard(key, options, labels),
        )
        return
    if not await s.db.run(has_matches, keyword):
        close = await s.db.run(close_terms, keyword, s.topics, now=s.now())
        if close:
            options, labels = [], []
            for term in close:
                found = s.find_topic(term)
                if found is not None:
                    options.append(("topic", found.slug))
                    labels.append(texts.BUTTON_SUGGEST_TOPIC.format(name=found.name))
                else:
                    options.append(("keyword", term))
                    labels.append(texts.BUTTON_SUGGEST_KEYWORD.format(keyword=_short(term)))
            options.append(("keyword", keyword))
            labels.append(keep)
            key = await _remember_offer(context, chat.chat_id, options)
            await reply(
                update,
                texts.KEYWORD_NOT_FOUND_SUGGEST.format(keyword=html(keyword)),
                reply_markup=_offer_keyboard(key, options, labels),
            )
            return
    await reply(update, await add_keyword(context, chat, keyword))


async def on_offer(update: Update, context: WartaContext) -> None:
    """A tap on an offered topic, a suggested spelling, or "Tetap kata kunci …"."""
    query = update.callback_query
    if query is None or query.data is None or update.effective_chat is None:
        return
    if not await can_manage(update, context):
        await refuse_non_admin(update)
        return
    pressed = Offer.parse(query.data)
    options = None
    if pressed is not None:
        options = await _recall_offer(context, update.effective_chat.id, pressed.key)
    if pressed is None or not options or pressed.option >= len(options):
        await query.answer(texts.BUTTON_EXPIRED, show_alert=True)
        return
    kind, value = options[pressed.option]
    chat = await remember_thread(update, context, await remember_chat(update, context))
    add = add_topic if kind == "topic" else add_keyword
    text = await add(context, chat, value)
    # The other choices stay: a reader who meant two of them takes the second with one tap.
    followed = await services(context).db.subscriptions(chat.chat_id)
    kept = {(sub.kind, sub.value.casefold()) for sub in followed}
    taken = {i for i, option in enumerate(options) if _option_key(option) in kept}
    labels = _offer_labels(context, options)
    await edit(update, text, reply_markup=_offer_keyboard(pressed.key, options, labels, taken))
    await query.answer()


# -- the list with ✖ buttons ---------------------------------------------------------------


async def listing(
    context: WartaContext, chat: ChatSettings, *, buttons: bool
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The chat's subscriptions as text, with a ✖ button per subscription when ``buttons``."""
    s = services(context)
    subscriptions = await s.db.subscriptions(chat.chat_id)
    if not subscriptions:
        return (
            _say(chat.chat_type, texts.MY_SUBSCRIPTIONS_EMPTY, texts.MY_SUBSCRIPTIONS_EMPTY_GROUP),
            None,
        )
    topics = {t.slug: t for t in s.topics}
    topic_subs = [sub for sub in subscriptions if sub.kind == "topic"]
    keyword_subs = [sub for sub in subscriptions if sub.kind == "keyword"]
    text = _say(chat.chat_type, texts.MY_SUBSCRIPTIONS_HEADER, texts.MY_SUBSCRIPTIONS_HEADER_GROUP)
    if topic_subs:
        items = "\n".join(
            texts.MY_SUBSCRIPTIONS_ITEM.format(value=html(subscription_name(sub, topics)))
            for sub in topic_subs
        )
        text += texts.MY_TOPICS.format(items=items)
    if keyword_subs:
        items = "\n".join(
            texts.MY_SUBSCRIPTIONS_ITEM.format(value=html(sub.value)) for sub in keyword_subs
        )
        text += texts.MY_KEYWORDS.format(items=items)
    mode = texts.MODE_INSTANT if chat.mode == "instant" else texts.MODE_DIGEST
    hour = f"{chat.digest_hour:02d}.00 {timezone_label(chat.timezone)}"
    text += texts.MY_SUBSCRIPTIONS_FOOTER.format(mode=mode, hour=hour)
    if not buttons:
        return text + texts.READ_ONLY_NOTE, None
    text += texts.MY_SUBSCRIPTIONS_TAP
    rows = [[_remove_button(sub, topics)] for sub in [*topic_subs, *keyword_subs]]
    return text, InlineKeyboardMarkup(rows)


def _remove_button(sub: Subscription, topics: dict) -> InlineKeyboardButton:
    name = _short(subscription_name(sub, topics))
    template = texts.BUTTON_REMOVE_TOPIC if sub.kind == "topic" else texts.BUTTON_REMOVE_KEYWORD
    label = template.format(name=name) if sub.kind == "topic" else template.format(keyword=name)
    return InlineKeyboardButton(label, callback_data=RemoveSubscription(sub.id).encode())


async def show_listing(update: Update, context: WartaContext) -> None:
    chat = await known_chat(update, context)
    text, keyboard = await listing(context, chat, buttons=await can_manage(update, context))
    await reply(update, text, reply_markup=keyboard)


async def unsubscribe(update: Update, context: WartaContext) -> None:
    chat = update.effective_chat
    if chat is None:
        return
    wanted = argument_text(update)
    if not wanted:
        await show_listing(update, context)
        return
    if not await can_manage(update, context):
        await refuse_non_admin(update)
        return
    db = services(context).db
    settings = await known_chat(update, context)
    topic = services(context).find_topic(wanted)
    if topic is not None and await db.remove_subscription(chat.id, "topic", topic.slug):
        template = _say(chat.type, texts.UNSUBSCRIBED_TOPIC, texts.UNSUBSCRIBED_TOPIC_GROUP)
        await reply(update, template.format(topic=html(topic.name)))
        return
    keyword = normalise_keyword(wanted)
    if keyword is not None and await db.remove_subscription(chat.id, "keyword", keyword):
        template = _say(chat.type, texts.UNSUBSCRIBED_KEYWORD, texts.UNSUBSCRIBED_KEYWORD_GROUP)
        await reply(update, template.format(keyword=html(keyword)))
        return
    shown = topic.name if topic is not None else (keyword or wanted[:MAX_KEYWORD_LENGTH])
    template = _say(settings.chat_type, texts.NOT_SUBSCRIBED, texts.NOT_SUBSCRIBED_GROUP)
    _, keyboard = await listing(context, settings, buttons=True)  # ✖ buttons: tap instead of type
    await reply(update, template.format(value=html(shown)), reply_markup=keyboard)


async def on_remove(update: Update, context: WartaContext) -> None:
    """✖: remove one subscription and show the list as it now is, in the same message."""
    query = update.callback_query
    if query is None or query.data is None or update.effective_chat is None:
        return
    if not await can_manage(update, context):
        await refuse_non_admin(update)
        return
    pressed = RemoveSubscription.parse(query.data)
    s = services(context)
    chat = await known_chat(update, context)
    removed = None
    if pressed is not None:  # malformed: nothing removed, the list shown as it is
        removed = await s.db.remove_subscription_id(chat.chat_id, pressed.subscription_id)
    text, keyboard = await listing(context, chat, buttons=True)
    await edit(update, text, reply_markup=keyboard)
    if removed is None:
        await query.answer(texts.ALREADY_REMOVED)
        return
    name = subscription_name(removed, {t.slug: t for t in s.topics})
    await query.answer(_say(chat.chat_type, texts.REMOVED, texts.REMOVED_GROUP).format(name=name))


def register(application: Application) -> None:
    application.add_handler(
        CommandHandler(["langganan", "subscribe"], subscribe, filters=MANAGE_UPDATES)
    )
    application.add_handler(
        CommandHandler(["berhenti", "unsubscribe"], unsubscribe, filters=MANAGE_UPDATES)
    )
    application.add_handler(
        CommandHandler(["langgananku", "mysubs"], show_listing, filters=MANAGE_UPDATES)
    )
    application.add_handler(CallbackQueryHandler(on_remove, pattern=RemoveSubscription.pattern()))
    application.add_handler(CallbackQueryHandler(on_offer, pattern=Offer.pattern()))
