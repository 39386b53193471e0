"""The fake Bot API server, exercised through python-telegram-bot's real Bot and Application."""

from __future__ import annotations

import asyncio
import logging

import httpx
import pytest
import telegram
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import (
    BadRequest,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
)
from telegram.ext import ApplicationBuilder, CallbackQueryHandler, CommandHandler, ContextTypes

from tests.support.fake_telegram import TOKEN, FakeTelegram, RateLimits


def run(coro_fn, server: FakeTelegram, token: str = TOKEN):
    """Run ``coro_fn(bot)`` with an initialized PTB Bot pointed at the fake server."""

    async def main():
        async with telegram.Bot(token, base_url=server.bot_base_url) as bot:
            return await coro_fn(bot)

    return asyncio.run(main())


def test_good_html_is_accepted_and_parsed_like_telegram(fake_telegram):
    html = '<b>BPJS</b> &amp; <i>UMKM</i>: <a href="https://a.id/?x=1&amp;y=2">baca</a> &#128512;'

    message = run(lambda bot: bot.send_message(42, html, parse_mode="HTML"), fake_telegram)

    assert message.text == "BPJS & UMKM: baca 😀"
    assert [e.type for e in message.entities] == ["bold", "italic", "text_link"]
    assert message.entities[2].url == "https://a.id/?x=1&y=2"
    [sent] = fake_telegram.sent_messages(42)
    assert sent.text == html and sent.plain_text == "BPJS & UMKM: baca 😀"


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        "<b>tebal tanpa penutup",
        "<b><i>salah</b></i>",
        "Tom & Jerry",
        "2 < 3",
        "&nbsp;spasi",
        '<span class="x">bukan spoiler</span>',
        "</b>",
    ],
)
def test_bad_html_is_rejected_with_cant_parse_entities(fake_telegram, html):
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        run(lambda bot: bot.send_message(42, html, parse_mode="HTML"), fake_telegram)
    assert fake_telegram.sent_messages() == []


def test_all_supported_tags_pass(fake_telegram):
    html = (
        "<strong>a</strong><em>b</em><u>c</u><ins>d</ins><s>e</s><strike>f</strike><del>g</del>"
        '<code>h</code><pre><code class="language-python">i</code></pre><blockquote>j</blockquote>'
        '<span class="tg-spoiler">k</span><tg-spoiler>l</tg-spoiler>&lt;&gt;&quot;&#x41;'
    )
    message = run(lambda bot: bot.send_message(42, html, parse_mode="HTML"), fake_telegram)
    assert message.text == 'abcdefghijkl<>"A'


def test_text_without_parse_mode_is_not_parsed(fake_telegram):
    message = run(lambda bot: bot.send_message(42, "Tom & Jerry <3"), fake_telegram)
    assert message.text == "Tom & Jerry <3"


def test_length_limit_counts_utf16_after_entity_parsing(fake_telegram):
    # 4096 characters once "&amp;" becomes "&": accepted although the source is longer.
    fits = "&amp;" * 4096
    run(lambda bot: bot.send_message(42, fits, parse_mode="HTML"), fake_telegram)
    # An emoji is two UTF-16 code units: 2049 of them are 4098 units.
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        run(lambda bot: bot.send_message(42, "😀" * 2049), fake_telegram)
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        run(lambda bot: bot.send_message(42, "a" * 4097), fake_telegram)
    assert len(fake_telegram.sent_messages()) == 1


def test_empty_text_is_rejected(fake_telegram):
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        run(lambda bot: bot.send_message(42, "<b> </b>", parse_mode="HTML"), fake_telegram)


def test_callback_data_over_64_bytes_is_rejected(fake_telegram):
    def keyboard(data: str) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup([[InlineKeyboardButton("Ikuti", callback_data=data)]])

    run(lambda bot: bot.send_message(42, "ok", reply_markup=keyboard("s" * 64)), fake_telegram)
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        run(lambda bot: bot.send_message(42, "x", reply_markup=keyboard("é" * 33)), fake_telegram)
    [sent] = fake_telegram.sent_messages(42)
    assert sent.buttons == [{"text": "Ikuti", "callback_data": "s" * 64}]


@pytest.mark.parametrize(
    "url", ["https://contoh.id/berita baru", "javascript:alert(1)", "https://", "ftp://a.id/x"]
)
def test_bad_button_urls_are_rejected(fake_telegram, url):
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Baca", url=url)]])
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_URL_INVALID"):
        run(lambda bot: bot.send_message(42, "x", reply_markup=markup), fake_telegram)
    good = InlineKeyboardMarkup([[InlineKeyboardButton("Baca", url="https://contoh.id/a?b=1")]])
    run(lambda bot: bot.send_message(42, "ok", reply_markup=good), fake_telegram)


def test_more_than_100_buttons_are_rejected(fake_telegram):
    def keyboard(count: int) -> InlineKeyboardMarkup:
        buttons = [InlineKeyboardButton(str(i), callback_data=str(i)) for i in range(count)]
        return InlineKeyboardMarkup([buttons[i : i + 5] for i in range(0, count, 5)])

    run(lambda bot: bot.send_message(42, "ok", reply_markup=keyboard(100)), fake_telegram)
    with pytest.raises(BadRequest, match=r"(?i)BUTTONS_TOO_MUCH"):
        run(lambda bot: bot.send_message(42, "x", reply_markup=keyboard(101)), fake_telegram)


def test_injected_429_raises_retry_after(fake_telegram):
    fake_telegram.fail_next("sendMessage", status=429, retry_after=3)

    with pytest.raises(RetryAfter) as caught:
        run(lambda bot: bot.send_message(42, "halo"), fake_telegram)

    retry_after = caught.value.retry_after
    assert getattr(retry_after, "total_seconds", lambda: retry_after)() == 3
    assert fake_telegram.count_429 == 1
    run(lambda bot: bot.send_message(42, "halo"), fake_telegram)  # only the next one failed
    assert len(fake_telegram.sent_messages(42)) == 1


def test_blocked_user_and_kicked_group_are_forbidden(fake_telegram):
    fake_telegram.block_user(42)
    fake_telegram.add_to_group(-1001, by_user_id=7)
    fake_telegram.kick_from_group(-1001)

    with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
        run(lambda bot: bot.send_message(42, "halo"), fake_telegram)
    with pytest.raises(Forbidden, match=r"(?i)bot was kicked from the group chat"):
        run(lambda bot: bot.send_message(-1001, "halo"), fake_telegram)
    run(lambda bot: bot.send_message(43, "halo"), fake_telegram)
    assert [m.chat_id for m in fake_telegram.sent_messages()] == [43]


def test_blocking_can_be_announced_like_telegram_does(fake_telegram):
    fake_telegram.block_user(42, notify=True)

    [update] = run(lambda bot: bot.get_updates(timeout=1), fake_telegram)

    change = update.my_chat_member
    assert change.chat.id == 42 and change.chat.type == "private"
    assert (change.old_chat_member.status, change.new_chat_member.status) == ("member", "kicked")


def test_unknown_chats_are_not_found(fake_telegram):
    fake_telegram.mark_unknown(99)
    for chat_id in (99, -5):  # marked unknown; a group the bot was never added to
        with pytest.raises(BadRequest, match=r"(?i)chat not found"):
            run(lambda bot, c=chat_id: bot.send_message(c, "halo"), fake_telegram)


def test_wrong_token_is_unauthorized_and_unknown_method_not_found(fake_telegram):
    with pytest.raises(InvalidToken):
        run(lambda bot: bot.get_me(), fake_telegram, token="111111:" + "x" * 35)
    with pytest.raises(EndPointNotFound):
        run(lambda bot: bot.do_api_request("noSuchMethod"), fake_telegram)


def test_dropped_connection_is_a_network_error(fake_telegram):
    fake_telegram.drop_next("sendMessage")
    with pytest.raises(NetworkError):
        run(lambda bot: bot.send_message(42, "halo"), fake_telegram)
    run(lambda bot: bot.send_message(42, "halo lagi"), fake_telegram)
    assert [m.text for m in fake_telegram.sent_messages(42)] == ["halo lagi"]


def test_edit_with_identical_content_is_not_modified(fake_telegram):
    async def scenario(bot):
        sent = await bot.send_message(42, "<b>satu</b>", parse_mode="HTML")
        await bot.edit_message_text("<b>dua</b>", 42, sent.message_id, parse_mode="HTML")
        with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
            await bot.edit_message_text("<b>dua</b>", 42, sent.message_id, parse_mode="HTML")
        with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
            await bot.edit_message_text("x", 42, 999)
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("Lagi", callback_data="more")]])
        await bot.edit_message_reply_markup(42, sent.message_id, reply_markup=markup)
        return sent.message_id

    message_id = run(scenario, fake_telegram)
    record = fake_telegram.message(42, message_id)
    assert record.plain_text == "dua" and record.edits == 2
    assert record.buttons[0]["callback_data"] == "more"


def test_rate_limits_per_chat_and_global():
    limits = RateLimits(global_per_second=1, global_burst=5, per_chat_burst=1)
    with FakeTelegram(rate_limits=limits) as server:

        async def burst(bot):
            await bot.send_message(1, "a")
            with pytest.raises(RetryAfter):
                await bot.send_message(1, "b")  # same chat within a second
            for chat_id in range(2, 6):
                await bot.send_message(chat_id, "c")
            with pytest.raises(RetryAfter):
                await bot.send_message(6, "d")  # the global bucket is empty

        run(burst, server)
        assert server.count_429 == 2
        assert len(server.sent_messages()) == 5


def test_group_limit_is_twenty_per_minute():
    with FakeTelegram(rate_limits=RateLimits(per_chat_burst=30)) as server:
        server.add_to_group(-100, by_user_id=7)

        async def flood(bot):
            for i in range(20):
                await bot.send_message(-100, f"pesan {i}")
            with pytest.raises(RetryAfter):
                await bot.send_message(-100, "satu lagi")

        run(flood, server)


def test_updates_long_poll_and_offset(fake_telegram):
    async def scenario(bot):
        first = await bot.get_updates(timeout=0.2)
        assert first == ()
        waiter = asyncio.create_task(bot.get_updates(timeout=5))
        await asyncio.sleep(0.1)
        fake_telegram.send_user_message(7, "/cari bpjs")
        [update] = await waiter
        assert update.message.text == "/cari bpjs"
        assert update.message.entities[0].type == "bot_command"
        again = await bot.get_updates(timeout=0)
        assert [u.update_id for u in again] == [update.update_id]  # not confirmed yet
        return await bot.get_updates(offset=update.update_id + 1, timeout=0)

    assert run(scenario, fake_telegram) == ()


def test_group_admins_and_membership(fake_telegram):
    fake_telegram.add_to_group(-200, by_user_id=7, admins=[8])

    async def scenario(bot):
        [update] = await bot.get_updates(timeout=1)
        assert update.my_chat_member.new_chat_member.status == "member"
        assert update.my_chat_member.chat.id == -200
        statuses = {
            user_id: (await bot.get_chat_member(-200, user_id)).status for user_id in (7, 8, 9)
        }
        admins = await bot.get_chat_administrators(-200)
        return statuses, {a.user.id for a in admins}

    statuses, admins = run(scenario, fake_telegram)
    assert statuses == {7: "creator", 8: "administrator", 9: "member"}
    assert admins == {7, 8}


def test_commands_round_trip(fake_telegram):
    async def scenario(bot):
        await bot.set_my_commands([("cari", "Cari berita"), ("ikuti", "Ikuti topik")])
        return await bot.get_my_commands()

    commands = run(scenario, fake_telegram)
    assert [c.command for c in commands] == ["cari", "ikuti"]


def test_application_polling_command_button_and_inline(fake_telegram, caplog):
    """A real PTB Application polls the server, answers a command and a button press."""
    caplog.set_level(logging.DEBUG, logger="tests.support.fake_telegram")

    async def cari(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Lagi", callback_data="more")]])
        await update.message.reply_text(
            f"Hasil untuk <b>{' '.join(context.args)}</b>", parse_mode="HTML", reply_markup=keyboard
        )

    async def more(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.callback_query.answer("Memuat…")
        await update.callback_query.edit_message_text("Hasil berikutnya")

    async def scenario():
        app = ApplicationBuilder().token(TOKEN).base_url(fake_telegram.bot_base_url).build()
        app.add_handler(CommandHandler("cari", cari))
        app.add_handler(CallbackQueryHandler(more))
        async with app:
            await app.updater.start_polling(poll_interval=0, timeout=1)
            await app.start()
            fake_telegram.send_user_message(7, "/cari bpjs kesehatan")
            [reply] = await fake_telegram.wait_for_messages(1, chat_id=7)
            fake_telegram.press_button(7, reply.message_id, "more")
            for _ in range(200):
                if fake_telegram.callback_answers and reply.edits:
                    break
                await asyncio.sleep(0.01)
            await app.updater.stop()
            await app.stop()
        return reply

    reply = asyncio.run(scenario())
    assert reply.plain_text == "Hasil berikutnya"
    assert fake_telegram.callback_answers[0]["text"] == "Memuat…"
    server_logs = [
        r.getMessage() for r in caplog.records if r.name == "tests.support.fake_telegram"
    ]
    assert any("/bot<token>/sendMessage" in line for line in server_logs)
    assert not any(TOKEN.split(":")[1] in line for line in server_logs)
    assert TOKEN.split(":")[1] not in repr(fake_telegram.requests)


def test_inline_query_answer_is_recorded(fake_telegram):
    query_id = fake_telegram.inline_query(7, "pajak")

    async def scenario(bot):
        [update] = await bot.get_updates(timeout=1)
        assert update.inline_query.query == "pajak"
        result = telegram.InlineQueryResultArticle(
            "1", "Pajak", telegram.InputTextMessageContent("isi")
        )
        await update.inline_query.answer([result])

    run(scenario, fake_telegram)
    [answer] = fake_telegram.inline_answers
    assert answer["inline_query_id"] == query_id
    assert answer["results"][0]["title"] == "Pajak"


def test_control_api_for_a_server_in_another_process(fake_telegram):
    control = fake_telegram.base_url + "/_fake/"
    injected = httpx.post(control + "message", data={"user_id": 7, "text": "/cari pajak"}).json()
    assert injected["result"]["text"] == "/cari pajak"
    assert fake_telegram.pending_updates() == 1

    run(lambda bot: bot.send_message(7, "Hasil pencarian"), fake_telegram)
    waited = httpx.post(control + "wait", data={"chat_id": 7, "n": 1, "timeout": 2}).json()
    assert waited["result"][0]["text"] == "Hasil pencarian"
    assert waited["result"][0]["time"] >= injected["time"]
    assert httpx.post(control + "sent").json()["result"][0][0] == 7
    assert httpx.post(control + "stats").json()["result"]["sent"] == 1
    timed_out = httpx.post(control + "wait", data={"chat_id": 8, "timeout": 0.1})
    assert timed_out.status_code == 408


@pytest.mark.parametrize(
    ("result", "error"),
    [
        ({"title": ""}, "RESULT_TITLE_EMPTY"),
        ({"message_text": "<b>tanpa penutup"}, "can't parse entities"),
        ({"message_text": "x" * 4097}, "MESSAGE_TOO_LONG"),
        ({"message_text": "<b></b> "}, "MESSAGE_EMPTY"),
        ({"url": "https://contoh.id/a b"}, "URL_INVALID"),
    ],
)
def test_inline_results_are_checked_like_telegram(fake_telegram, result, error):
    fake_telegram.inline_query(7, "pajak")

    async def scenario(bot):
        [update] = await bot.get_updates(timeout=1)
        article = telegram.InlineQueryResultArticle(
            "1",
            result.get("title", "Pajak"),
            telegram.InputTextMessageContent(
                result.get("message_text", "<b>isi</b>"), parse_mode="HTML"
            ),
            url=result.get("url"),
        )
        with pytest.raises(BadRequest, match=f"(?i){error}"):
            await update.inline_query.answer([article])
        same_id = telegram.InlineQueryResultArticle(
            "1", "Pajak", telegram.InputTextMessageContent("isi")
        )
        with pytest.raises(BadRequest, match=r"(?i)RESULT_ID_DUPLICATE"):
            await update.inline_query.answer([same_id, same_id])

    run(scenario, fake_telegram)
    assert fake_telegram.inline_answers == []
