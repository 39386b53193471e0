"""Plain private messages are questions; odd ones get a polite answer, never an error."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.chat.answer import ask, render_answer
from bot.chat.handlers import questions
from bot.core.models import LastQuestion
from bot.present import texts
from bot.present.render import telegram_length
from bot.storage import Store
from tests.support.clock import SettableClock
from tests.support.fake_telegram import FakeTelegram, utf16_len
from tests.support.harness import started_bot, store_article, wait_until

READER = 6301


def test_odd_questions_get_a_polite_answer(tmp_path: Path, fake_telegram: FakeTelegram):
    odd = ["?", "yang dan atau di ke", "koperasi " * 600, '" OR NEAR( * -bpjs']

    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram) as bot:
            for question in odd:
                (answer,) = await bot.say(READER, question)
                assert texts.ERROR not in answer.plain_text
                assert answer.plain_text.startswith(
                    ("Maaf, saya belum menemukan", "Ini yang", "Saya belum menemukan kalimat")
                )
            (answer,) = await bot.say(READER, "🙏🙏🙏")  # emoji only: small talk, not "not found"
            assert answer.text == texts.SMALL_TALK["emoji"]
            assert fake_telegram.chat_actions  # "typing…" while searching

    asyncio.run(scenario())


def test_reader_who_blocks_the_bot_is_marked_inactive(tmp_path: Path, fake_telegram: FakeTelegram):
    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False) as bot:
            await bot.say(READER, "/langganan umkm")
            store = bot.store
            # Telegram tells the bot with a my_chat_member update (status "kicked").
            with fake_telegram._lock:
                chat = fake_telegram._chat(READER, "private")
                fake_telegram._push_update(
                    "my_chat_member", fake_telegram._member_change(chat, READER, "member", "kicked")
                )
            await wait_until(lambda: not store.get_chat(READER).active, what="inactive")
            assert store.all_subscriptions() == []
            assert [s.value for s in store.subscriptions(READER)] == ["umkm"]  # kept

            # They unblock and come back: /start reactivates the chat.
            await bot.say(READER, "/start")
            assert store.get_chat(READER).active

    asyncio.run(scenario())


def test_a_summary_shared_through_inline_mode_is_not_a_question(
    tmp_path: Path, fake_telegram: FakeTelegram
):
    """Choosing an inline result in the bot's own chat posts it "via @bot": no answer to it."""

    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram) as bot:
            user = {"id": READER, "is_bot": False, "first_name": "Siti"}
            with fake_telegram._lock:
                fake_telegram._push_update(
                    "message",
                    {
                        "message_id": 77,
                        "date": int(time.time()),
                        "chat": {"id": READER, "type": "private", "first_name": "Siti"},
                        "from": user,
                        "text": "Kemenkop Gandeng BPJS Ketenagakerjaan\n• Ringkasan",
                        "via_bot": fake_telegram._bot_user(),
                    },
                )
            await bot.settle()
            assert fake_telegram.sent_messages(READER) == []
            (answer,) = await bot.say(READER, "apa itu bpjs ketenagakerjaan?")
            assert texts.ERROR not in answer.plain_text

    asyncio.run(scenario())


def test_an_edited_command_or_question_gets_no_second_answer(
    tmp_path: Path, fake_telegram: FakeTelegram
):
    """Telegram sends an edit as an edited_message update; only new messages are answered."""

    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram) as bot:
            await bot.say(READER, "/cari koperasi")
            await bot.say(READER, "berapa koperasi yang sudah ikut BPJS Ketenagakerjaan?")
            before = len(fake_telegram.sent_messages(READER))
            message = fake_telegram.send_user_message(READER, "/langgananku")
            await bot.settle()
            assert len(fake_telegram.sent_messages(READER)) == before + 1
            for text in ("/cari pajak", "apakah UMKM bisa ikut BPJS?", "/xyz", "/ringkasan"):
                fake_telegram.edit_user_message(message, text)
            await bot.settle()
            assert len(fake_telegram.sent_messages(READER)) == before + 1

    asyncio.run(scenario())


def bold_words(plain: str, entities: list[dict]) -> list[str]:
    """The bold parts of a message (entity offsets count UTF-16 code units)."""
    units = plain.encode("utf-16-le")
    return [
        units[2 * e["offset"] : 2 * (e["offset"] + e["length"])].decode("utf-16-le")
        for e in entities
        if e["type"] == "bold"
    ]


def test_a_casual_question_is_answered_with_its_figure_in_bold(
    tmp_path: Path, fake_telegram: FakeTelegram
):
    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram) as bot:
            (answer,) = await bot.say(READER, "udah brp koperasi yg ikut bpjs ketenagakerjaan?")
            assert answer.plain_text.startswith(texts.ANSWER_HEADER)
            assert "9.982 koperasi" in bold_words(answer.plain_text, answer.entities)[0]
            assert [e["type"] for e in answer.entities].count("blockquote") >= 1
            # One source line for the article, however many of its sentences are quoted.
            assert answer.plain_text.count("— ") == 1
            assert [b["text"] for b in answer.buttons] == ["👍", "👎"]  # feedback only

    asyncio.run(scenario())


def test_an_answer_fits_a_phone_screen_and_keeps_the_answer_and_its_source(
    tmp_path: Path, fake_telegram: FakeTelegram
):
    """Three articles answer with long sentences: the reply keeps about 700 visible
    characters (the whole of it would be far longer), the answering value in bold inside
    the quote, and the linked source."""
    stories = {
        "https://contoh.id/koperasi-jateng": (
            "Ribuan koperasi di Jawa Tengah mulai daftarkan anggota ke BPJS Ketenagakerjaan",
            "Dinas Koperasi Jawa Tengah mencatat sudah ada 1.250 koperasi yang mendaftarkan "
            "pekerjanya pada program BPJS Ketenagakerjaan, sebagian besar koperasi simpan pinjam "
            "di kabupaten yang selama beberapa tahun terakhir mendapat pendampingan dari "
            "pemerintah provinsi, perguruan tinggi dan lembaga swadaya masyarakat setempat. "
            "Kepala dinas berharap jumlah koperasi yang ikut BPJS Ketenagakerjaan terus bertambah "
            "hingga akhir tahun, seiring sosialisasi yang digelar di setiap kecamatan.",
        ),
        "https://contoh.id/koperasi-nelayan": (
            "Koperasi nelayan di Sulawesi ikut program jaminan sosial ketenagakerjaan",
            "Sebanyak 430 koperasi nelayan di Sulawesi Selatan telah ikut BPJS Ketenagakerjaan "
            "sehingga ribuan anggotanya kini terlindungi dari risiko kecelakaan kerja saat melaut, "
            "menurut keterangan kantor wilayah yang disampaikan dalam rapat koordinasi bersama "
            "pemerintah daerah, himpunan nelayan dan perwakilan perbankan di Makassar.",
        ),
    }

    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram) as bot:  # and the seed article
            for url, (title, text) in stories.items():
                store_article(
                    bot.services,
                    title=title,
                    paragraphs=[text],
                    bullets=[text[:150]],
                    url=url,
                    when=datetime.now(UTC) - timedelta(hours=5),
                )
            question = "berapa koperasi yang sudah ikut BPJS Ketenagakerjaan?"
            (reply,) = await bot.say(READER, question)
            assert reply.plain_text.startswith(texts.ANSWER_HEADER)
            assert utf16_len(reply.plain_text) <= 700
            (bold, *_) = bold_words(reply.plain_text, reply.entities)
            assert "koperasi" in bold and any(ch.isdigit() for ch in bold)
            assert "blockquote" in [e["type"] for e in reply.entities]
            links = [e["url"] for e in reply.entities if e["type"] == "text_link"]
            assert links and set(links) <= {*stories, *(a.url for a in seed_articles(bot))}
            # The same answer without the phone's limit: well past it.
            result = await asyncio.to_thread(ask, bot.store, question)
            assert telegram_length(render_answer(result.answers, "Asia/Jakarta", limit=4096)) > 700

    asyncio.run(scenario())


def seed_articles(bot: Any) -> list[Any]:
    return [hit.article for hit in bot.store.search("kemenkop", limit=3)]


def test_an_unanswerable_question_is_declined_with_a_follow_button(
    tmp_path: Path, fake_telegram: FakeTelegram
):
    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram) as bot:
            (answer,) = await bot.say(READER, "iuran tapera dipotong brp persen dr gaji?")
            assert answer.plain_text.startswith("Maaf, saya belum menemukan")
            assert "/cari iuran tapera" in answer.plain_text
            (button,) = answer.buttons  # the follow button only: no 👍 / 👎 under a decline
            assert button["text"].startswith("🔔 Ikuti '")
            assert bot.store.answer_records() == []
            assert len(button["callback_data"].encode()) <= 64
            alert = await bot.press(READER, answer, button["callback_data"])
            keyword = button["callback_data"].split(":", 1)[1]
            assert keyword == "tapera"  # the question's rarest word, not the whole question
            assert button["text"] == texts.FOLLOW_BUTTON.format(keyword="tapera")
            assert alert["text"] == texts.FOLLOW_ALERT_DONE.format(keyword=keyword)
            subs = bot.store.subscriptions(READER)
            assert [(s.kind, s.value) for s in subs] == [("keyword", keyword)]
            # Pressing it again subscribes nothing twice.
            again = await bot.press(READER, answer, button["callback_data"])
            assert again["text"] == texts.FOLLOW_ALERT_ALREADY.format(keyword=keyword)
            assert len(bot.store.subscriptions(READER)) == 1

    asyncio.run(scenario())


def test_a_declined_question_follows_its_subject_as_corrected(
    tmp_path: Path, fake_telegram: FakeTelegram
):
    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False) as bot:
            store_article(
                bot.services,
                title="Kartu Prakerja gelombang baru dibuka",
                paragraphs=[
                    "Pemerintah membuka pendaftaran Kartu Prakerja gelombang baru. Peserta "
                    "mendapat pelatihan daring dan insentif."
                ],
                bullets=["Pendaftaran Kartu Prakerja gelombang baru dibuka."],
                url="https://contoh.id/prakerja",
            )
            (answer,) = await bot.say(READER, "berapa insentif prakrja gelombang baru?")
            assert answer.plain_text.startswith("Maaf, saya belum menemukan")
            (button,) = answer.buttons
            assert button["text"] == texts.FOLLOW_BUTTON.format(keyword="prakerja")  # not "prakrja"
            assert "prakrja" not in answer.plain_text  # nor in the /cari suggestion

    asyncio.run(scenario())


def test_small_talk_gets_a_friendly_reply(tmp_path: Path, fake_telegram: FakeTelegram):
    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram) as bot:
            for text, kind in [
                ("makasih ya", "thanks"),
                ("Halo", "greeting"),
                ("assalamualaikum", "salam"),
                ("siapa kamu?", "who"),
                ("bisa apa?", "help"),
                ("oke", "ack"),
            ]:
                (answer,) = await bot.say(READER, text)
                assert answer.text == texts.SMALL_TALK[kind]
                assert "Maaf" not in answer.plain_text
                assert answer.reply_markup is None
            # Small talk is not a subject a follow-up could refer to, nor an answer to judge.
            assert bot.store.last_question(READER) is None
            assert bot.store.answer_records() == []

    asyncio.run(scenario())


def test_bad_input_gets_a_polite_reply_telegram_accepts(
    tmp_path: Path, fake_telegram: FakeTelegram
):
    bad = [
        "berapa iuran bpjs " * 250,  # 4,000+ characters
        "🙏🏽🔥😂",  # emoji only
        "yang dan di ke atau",  # stop words only
        "https://www.merdeka.com/uang/kemenkop-gandeng-bpjs.html",  # a bare URL
        '"bpjs" OR koperasi* NEAR(iuran) -pajak',  # FTS syntax
        "'; DROP TABLE articles; --",  # SQL
        "how many koperasi sudah join BPJS Ketenagakerjaan?",  # mixed English
    ]

    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram) as bot:
            for question in bad:
                (answer,) = await bot.say(READER, question)
                assert texts.ERROR not in answer.plain_text
                assert answer.plain_text  # the fake Bot API accepted it (entities, length)
            assert bot.store.count_articles() >= 1  # nothing was dropped

    asyncio.run(scenario())


def test_questions_in_groups_and_edited_questions_get_no_reply(
    tmp_path: Path, fake_telegram: FakeTelegram
):
    group = -100777

    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram) as bot:
            await bot.say(
                READER, "berapa koperasi ikut bpjs?", chat_id=group, chat_type="group", replies=0
            )
            assert fake_telegram.sent_messages(group) == []
            sent = fake_telegram.send_user_message(READER, "berapa koperasi ikut bpjs?")
            await fake_telegram.wait_for_messages(1, READER)
            fake_telegram.edit_user_message(sent, "kapan nota kesepahaman ditandatangani?")
            await bot.settle()
            assert len(fake_telegram.sent_messages(READER)) == 1

    asyncio.run(scenario())


# -- follow-up questions ---------------------------------------------------------------------

OTHER_READER = 6302
FIRST = "udah brp koperasi yg ikut bpjs ketenagakerjaan?"


def test_a_question_within_ten_minutes_is_read_with_the_previous_one(
    tmp_path: Path, fake_telegram: FakeTelegram, monkeypatch: pytest.MonkeyPatch
):
    """The chat's last question is kept in the database and handed to ``ask`` as
    ``previous`` for 10 minutes; small talk neither counts nor replaces it."""
    received: list[tuple[str, str | None]] = []
    real_ask = questions.ask

    def recording_ask(store: Store, question: str, **options: Any) -> Any:
        received.append((question, options.get("previous")))
        return real_ask(store, question, **options)  # the real reading, on the real archive

    monkeypatch.setattr(questions, "ask", recording_ask)

    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram) as bot:
            clock = SettableClock()
            bot.services.clock = clock
            await bot.say(READER, FIRST)
            assert received[-1] == (FIRST, None)
            first = bot.store.last_question(READER)
            assert first is not None and first.asked_at == clock.now
            assert "koperasi" in first.question

            clock.now += timedelta(minutes=4)
            (thanks,) = await bot.say(READER, "makasih ya")
            assert thanks.text == texts.SMALL_TALK["thanks"]
            assert bot.store.last_question(READER) == first  # small talk is not kept

            clock.now += timedelta(minutes=5, seconds=59)  # 9:59 after the question
            (reply,) = await bot.say(READER, "itu mulai kapan?")
            assert texts.ERROR not in reply.plain_text
            assert received[-1] == ("itu mulai kapan?", first.question)
            follow_up = bot.store.last_question(READER)
            assert follow_up is not None and follow_up.asked_at == clock.now

            # Another reader's question has nothing to do with this chat's.
            await bot.say(OTHER_READER, "terus kalau kelas 2?")
            assert received[-1] == ("terus kalau kelas 2?", None)

            # Ten minutes later a question stands alone.
            clock.now += timedelta(minutes=10)
            await bot.say(READER, "kalau kelas 2?")
            assert received[-1] == ("kalau kelas 2?", None)
            assert bot.store.last_question(READER).asked_at == clock.now  # type: ignore[union-attr]

    asyncio.run(scenario())


def test_the_previous_question_survives_a_restart(tmp_path: Path, fake_telegram: FakeTelegram):
    """It lives in the database, not in the process: another bot process (or this one after a
    restart) reads a follow-up with it."""

    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram) as bot:
            await bot.say(READER, FIRST)
            kept = bot.store.last_question(READER)
        assert kept is not None
        async with started_bot(tmp_path, fake_telegram) as again:
            assert again.store.last_question(READER) == kept
            clock = SettableClock()
            clock.now = kept.asked_at + timedelta(minutes=2)
            again.services.clock = clock
            assert questions.follow_up_of(again.store.last_question(READER), clock.now) == (
                kept.question
            )

    asyncio.run(scenario())


def test_a_follow_up_is_read_about_the_previous_subject_and_later_alone(
    tmp_path: Path, fake_telegram: FakeTelegram
):
    """What the reader sees: "itu mulai kapan?" right after a question about koperasi and
    BPJS Ketenagakerjaan is read as a question about them (the reply speaks of them, and the
    question kept for the next follow-up holds them); asked eleven minutes later, the same
    words stand alone and name nothing."""
    follow_up = "itu mulai kapan?"

    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram) as bot:
            clock = SettableClock()
            bot.services.clock = clock
            await bot.say(READER, FIRST)
            clock.now += timedelta(minutes=3)
            (reply,) = await bot.say(READER, follow_up)
            kept = bot.store.last_question(READER)
            assert kept is not None and "koperasi" in kept.question.casefold()
            assert texts.ERROR not in reply.plain_text
            assert "ketenagakerjaan" in reply.plain_text.casefold()

            clock.now += timedelta(minutes=11)
            (alone,) = await bot.say(READER, follow_up)
            assert "ketenagakerjaan" not in alone.plain_text.casefold()
            kept = bot.store.last_question(READER)
            assert kept is not None and kept.asked_at == clock.now
            assert "koperasi" not in kept.question.casefold()

    asyncio.run(scenario())


def test_follow_up_of_counts_ten_minutes_either_way() -> None:
    asked = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
    last = LastQuestion(READER, "berapa iuran bpjs kelas 3?", asked)
    assert questions.follow_up_of(None, asked) is None
    assert questions.follow_up_of(last, asked) == last.question
    assert questions.follow_up_of(last, asked + timedelta(minutes=9, seconds=59)) == last.question
    assert questions.follow_up_of(last, asked + timedelta(minutes=10)) is None
    assert questions.follow_up_of(last, asked - timedelta(seconds=30)) == last.question  # skew
    assert questions.follow_up_of(last, asked - timedelta(minutes=10)) is None


def test_cari_typed_without_the_slash_is_a_search(tmp_path: Path, fake_telegram: FakeTelegram):
    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram) as bot:
            (command,) = await bot.say(READER, "/cari koperasi")
            (typed,) = await bot.say(READER, "cari koperasi")
            (polite,) = await bot.say(READER, "tolong carikan berita tentang koperasi")
            assert typed.plain_text == command.plain_text == polite.plain_text
            # "cari tahu" is asking, not searching.
            (asked,) = await bot.say(READER, "cari tahu berapa koperasi yang ikut bpjs")
            assert asked.plain_text != command.plain_text

    asyncio.run(scenario())
