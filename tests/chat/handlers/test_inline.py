"""Inline mode: ``@bot bpjs`` offers summaries as articles to share."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from tests.support.fake_telegram import FakeTelegram, parse_html
from tests.support.harness import SEED_TITLE, started_bot, store_article, wait_until

READER = 6101


def content_html(result: dict) -> str:
    return result["input_message_content"]["message_text"]


def test_inline_query_offers_matching_summaries(tmp_path: Path, fake_telegram: FakeTelegram):
    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram):
            for query in ("bpjs", "", "tidak ada yang cocok zzqx"):
                query_id = fake_telegram.inline_query(READER, query)
                answer = await wait_until(
                    lambda qid=query_id: next(
                        (a for a in fake_telegram.inline_answers if a["inline_query_id"] == qid),
                        None,
                    ),
                    what=f"inline answer to {query!r}",
                )
                results = answer["results"]
                button = answer.get("button")
                if query.startswith("tidak"):
                    assert results == []
                    button = json.loads(button) if isinstance(button, str) else button
                    assert button == {"text": "Buka Warta", "start_parameter": "inline"}
                    continue
                assert button is None
                assert int(answer["cache_time"]) <= 60
                (result,) = results
                assert result["type"] == "article"
                assert result["title"] == SEED_TITLE
                assert result["description"]  # the first bullet of the summary
                assert f"• {result['description']}" in parse_html(content_html(result))[0]
                content = result["input_message_content"]
                assert content["parse_mode"] == "HTML"
                plain, _ = parse_html(content["message_text"])
                assert SEED_TITLE in plain and "• " in plain

    asyncio.run(scenario())


def test_the_open_button_starts_a_private_chat(tmp_path: Path, fake_telegram: FakeTelegram):
    """The "Buka Warta" button sends /start inline: the welcome, with its buttons."""

    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False) as bot:
            (welcome,) = await bot.say(READER, "/start inline", first_name="Rina")
            assert welcome.plain_text.startswith("Halo, Rina! 👋")
            assert welcome.reply_markup == {
                "inline_keyboard": [
                    [
                        {"text": "📌 Pilih topik", "callback_data": "st:topics"},
                        {"text": "❓ Cara pakai", "callback_data": "st:help"},
                    ]
                ]
            }
            count = len(fake_telegram.sent_messages(READER))
            await bot.press(READER, welcome, "st:help")
            helped = fake_telegram.sent_messages(READER)[count]
            assert helped.plain_text.startswith("Perintah Warta\n")
            assert "/help" not in helped.plain_text  # the English aliases work, unlisted
            await bot.press(READER, welcome, "st:topics")
            catalogue = fake_telegram.sent_messages(READER)[count + 1]
            assert catalogue.plain_text.startswith("Daftar topik")
            (english,) = await bot.say(READER, "/help")
            assert english.plain_text == helped.plain_text

    asyncio.run(scenario())


async def inline_answer(fake_telegram: FakeTelegram, user_id: int, query: str) -> dict:
    query_id = fake_telegram.inline_query(user_id, query)
    return await wait_until(
        lambda: next(
            (a for a in fake_telegram.inline_answers if a["inline_query_id"] == query_id), None
        ),
        what=f"inline answer to {query!r}",
    )


def test_inline_answer_is_personal_and_survives_a_malformed_article_url(
    tmp_path: Path, fake_telegram: FakeTelegram
):
    """Times are in the asker's zone, so the answer must not be cached for others; and one
    article whose URL Telegram would reject must not sink the whole answer."""

    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram) as bot:
            store = bot.store
            store.upsert_chat(READER, chat_type="private", title=None)
            store.update_chat(READER, timezone="Asia/Makassar")
            store_article(
                bot.services,
                title="Iuran koperasi zzkop naik",
                paragraphs=["Iuran koperasi zzkop naik mulai bulan depan. " * 3],
                bullets=["Iuran koperasi zzkop naik mulai bulan depan."],
                url="https://contoh.id/berita koperasi zzkop",
            )
            answer = await inline_answer(fake_telegram, READER, "zzkop")
            assert answer["is_personal"] in (True, "true", "True")
            (result,) = answer["results"]
            assert "url" not in result
            plain, _ = parse_html(content_html(result))
            assert "WITA" in plain and "WIB" not in plain

            for hostile in ('"', "*", "OR AND NOT", "bpjs) OR (", "<b>&amp;", "x" * 300):
                hostile_answer = await inline_answer(fake_telegram, READER, hostile)
                assert isinstance(hostile_answer["results"], list)

    asyncio.run(scenario())
