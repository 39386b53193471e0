"""/pengaturan's pictures and quiet hours ("jam tenang"), and a forum group's topic: the real
bot against the fake Bot API."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.present import texts
from tests.support.fake_telegram import FakeTelegram, SentMessage
from tests.support.harness import started_bot, wait_until

READER = 8101
FORUM, OWNER = -1000000000811, 8102
TITLE = "Pupuk Bersubsidi untuk Anggota Koperasi Tani Mulai Disalurkan"
PARAGRAPHS = [
    "Kementerian Pertanian mulai menyalurkan pupuk bersubsidi kepada anggota koperasi tani di "
    "sejumlah kabupaten sentra padi untuk musim tanam pertama tahun depan.",
    "Penyaluran melalui koperasi dinilai lebih tepat sasaran karena data anggota sudah "
    "tercatat dan diverifikasi oleh dinas pertanian setempat sejak awal tahun.",
    "Petani yang belum tergabung dalam koperasi diminta segera mendaftar agar tidak kehabisan "
    "kuota pupuk pada puncak musim tanam yang diperkirakan jatuh pada bulan Desember.",
]
SECOND_TITLE = "Koperasi Nelayan Dapat Kapal Baru dari Pemerintah Daerah"
SECOND = [
    "Pemerintah daerah menyerahkan tiga kapal baru kepada koperasi nelayan di pesisir utara "
    "untuk memperluas wilayah tangkapan dan menambah penghasilan anggota koperasi.",
    "Ketua koperasi mengatakan kapal itu akan dipakai bergiliran oleh anggota, dengan biaya "
    "perawatan ditanggung bersama dari sisa hasil usaha koperasi setiap tahun.",
]


def buttons(message: SentMessage | None) -> list[str]:
    assert message is not None
    return [b["text"] for b in message.buttons]


def param(message: SentMessage, name: str) -> Any:
    value = message.params.get(name)
    if isinstance(value, str) and (value[:1] in "{[" or value in ("true", "false")):
        return json.loads(value)
    return value


def test_quiet_hours_and_pictures_are_set_with_buttons(
    tmp_path: Path, fake_telegram: FakeTelegram
) -> None:
    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False) as bot:
            (panel,) = await bot.say(READER, "/pengaturan")
            assert "Gambar berita: ditampilkan" in panel.plain_text
            assert "Jam tenang: mati" in panel.plain_text
            assert {texts.BUTTON_PICTURES_OFF, texts.BUTTON_QUIET} <= set(buttons(panel))

            await bot.press(READER, panel, "s:quiet")
            shown = fake_telegram.message(READER, panel.message_id)
            assert "Pilih jam mulai (waktu WIB)" in shown.plain_text
            assert texts.BUTTON_QUIET_OFF not in buttons(shown)  # nothing to turn off yet
            assert "✅ " + texts.BUTTON_QUIET_HOLD in buttons(shown)

            # Start 21.00, then the end hours from 22.00 round the clock, never 21.00.
            await bot.press(READER, panel, "s:qs:21")
            shown = fake_telegram.message(READER, panel.message_id)
            assert "mulai pukul 21.00. Pilih jam selesai" in shown.plain_text
            ends = buttons(shown)[:-1]
            assert ends[0] == "22.00" and ends[-1] == "20.00" and "21.00" not in ends
            answer = await bot.press(READER, panel, "s:qh:21-6")
            assert answer["text"] == (
                "✅ Tersimpan. Jam tenang 21.00–06.00 WIB: berita baru ditahan sampai pukul 06.00."
            )
            chat = bot.store.get_chat(READER)
            assert chat is not None
            assert (chat.quiet_start, chat.quiet_end, chat.quiet_mode) == (21, 6, "hold")
            shown = fake_telegram.message(READER, panel.message_id)
            assert "Jam tenang: 21.00–06.00 WIB, berita ditahan sampai selesai" in (
                shown.plain_text
            )

            # Equal hours (a tampered button) are refused with the reason, nothing changes.
            answer = await bot.press(READER, panel, "s:qh:21-21")
            assert answer["text"] == texts.QUIET_SAME_HOURS and answer.get("show_alert")
            answer = await bot.press(READER, panel, "s:qh:25-6")
            assert answer["text"] == texts.SETTINGS_INVALID
            chat = bot.store.get_chat(READER)
            assert chat is not None and (chat.quiet_start, chat.quiet_end) == (21, 6)

            # Silently instead, a digest hour inside the window, pictures off.
            answer = await bot.press(READER, panel, "s:qm:silent")
            assert answer["text"] == texts.SETTINGS_SAVED_QUIET_MODE_SILENT
            await bot.press(READER, panel, "s:h:5")
            shown = fake_telegram.message(READER, panel.message_id)
            assert "Jam ringkasan (05.00 WIB) berada di dalam jam tenang" in shown.plain_text
            assert "tanpa suara" in shown.plain_text
            answer = await bot.press(READER, panel, "s:g:0")
            assert answer["text"] == texts.SETTINGS_SAVED_PICTURES_OFF
            shown = fake_telegram.message(READER, panel.message_id)
            assert "Gambar berita: tidak ditampilkan" in shown.plain_text
            assert texts.BUTTON_PICTURES_ON in buttons(shown)

            # Off again, from the quiet hours screen.
            await bot.press(READER, panel, "s:quiet")
            assert texts.BUTTON_QUIET_OFF in buttons(
                fake_telegram.message(READER, panel.message_id)
            )
            answer = await bot.press(READER, panel, "s:qh:off")
            assert answer["text"] == texts.SETTINGS_SAVED_QUIET_OFF
            chat = bot.store.get_chat(READER)
            assert chat is not None and (chat.quiet_start, chat.quiet_end) == (None, None)
            assert (chat.quiet_mode, chat.pictures) == ("silent", False)

    asyncio.run(scenario())


def test_a_forum_group_gets_its_pushes_in_its_topic_and_in_general_once_it_is_deleted(
    tmp_path: Path, fake_telegram: FakeTelegram, database_url: str
) -> None:
    """Subscribed in topic 42: the push comes there, the article's picture large above it.
    The topic is deleted: the next push comes to the general chat, with a notice, never
    lost, and the group's topic is forgotten."""

    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False, database=database_url) as bot:
            fake_telegram.add_to_group(
                FORUM, by_user_id=OWNER, title="Tani", chat_type="supergroup"
            )
            fake_telegram.make_forum(FORUM)
            await bot.settle()
            (answer,) = await bot.say(
                OWNER,
                "/langganan koperasi",
                chat_id=FORUM,
                chat_type="supergroup",
                message_thread_id=42,
            )
            assert int(param(answer, "message_thread_id")) == 42  # answered in the topic
            chat = bot.store.get_chat(FORUM)
            assert chat is not None and chat.message_thread_id == 42

            count = len(fake_telegram.sent_messages(FORUM))
            when = datetime.now(UTC) - timedelta(minutes=5)
            url = bot.newsroom.publish(
                "Antara", "pupuk", TITLE, PARAGRAPHS, when, image="/foto/pupuk.jpg"
            )
            assert await bot.poll() == 1
            push = (await fake_telegram.wait_for_messages(count + 1, FORUM, timeout=20))[-1]
            assert push.plain_text.splitlines()[1] == TITLE
            assert int(param(push, "message_thread_id")) == 42
            assert param(push, "link_preview_options") == {
                "is_disabled": False,
                "url": url,
                "prefer_large_media": True,
                "show_above_text": True,
            }

            fake_telegram.delete_forum_topic(FORUM, 42)
            bot.newsroom.publish("Antara", "kapal", SECOND_TITLE, SECOND, when)  # no image
            assert await bot.poll() == 1
            sent = await fake_telegram.wait_for_messages(count + 3, FORUM, timeout=30)
            second, notice = sent[-2], sent[-1]
            assert second.plain_text.splitlines()[1] == SECOND_TITLE
            assert param(second, "message_thread_id") is None
            assert param(second, "link_preview_options") == {"is_disabled": True}
            assert notice.plain_text == texts.THREAD_GONE.replace("<b>", "").replace("</b>", "")
            await wait_until(
                lambda: (
                    (c := bot.store.get_chat(FORUM)) is not None and c.message_thread_id is None
                ),
                what="the topic forgotten",
            )
            failed = bot.store.due_messages(now=datetime.now(UTC) + timedelta(days=1), limit=10)
            assert failed == []  # nothing left behind
            chat = bot.store.get_chat(FORUM)
            assert chat is not None and chat.active

    asyncio.run(scenario())
