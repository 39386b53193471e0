"""End to end: the real application, python-telegram-bot's real stack, the fake Bot API, a
local feed server and a SQLite file. Nothing of ours is mocked."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.cli import main as cli_main
from bot.present import texts
from bot.runtime.runner import run as run_bot
from tests.support.fake_telegram import TOKEN, FakeTelegram
from tests.support.harness import (
    ADMIN_ID,
    ROOT,
    SEED_TITLE,
    Harness,
    make_settings,
    started_bot,
    store_article,
    wait_until,
    write_feeds_file,
)

READER = 1001
OTHER_READER = 1002

# A new story, told by two outlets in slightly different words.
MORNING_TITLE = "Klaim JHT BPJS Ketenagakerjaan Kini Bisa Lewat Aplikasi"
STORY_TITLE = "Koperasi Desa Merah Putih Mulai Salurkan Pupuk Bersubsidi ke Petani"
STORY = [
    "Kementerian Koperasi menyatakan ribuan Koperasi Desa Merah Putih mulai menyalurkan pupuk "
    "bersubsidi langsung kepada petani di desa mulai pekan ini.",
    "Menteri Koperasi mengatakan penyaluran melalui koperasi desa akan memotong rantai "
    "distribusi yang selama ini membuat harga pupuk di tingkat petani lebih mahal dari harga "
    "eceran tertinggi yang ditetapkan pemerintah.",
    "Pada tahap awal, sebanyak 1.200 koperasi desa di Jawa Tengah, Jawa Timur dan Sulawesi "
    "Selatan ditunjuk sebagai penyalur resmi. Koperasi tersebut telah melalui verifikasi "
    "gudang, modal kerja, dan kesiapan pengurus.",
    "Pemerintah menargetkan seluruh koperasi desa dapat menjadi penyalur pupuk bersubsidi "
    "pada akhir tahun depan, seiring penguatan modal melalui pinjaman bank milik negara.",
]
STORY_AGAIN = [
    "Ribuan Koperasi Desa Merah Putih mulai menyalurkan pupuk bersubsidi langsung kepada "
    "petani di desa mulai pekan ini, kata Kementerian Koperasi.",
    *STORY[1:],
]
# A second story, published by both outlets before the same poll.
LOAN_TITLE = "Bunga Pinjaman Koperasi Simpan Pinjam Dibatasi Mulai Tahun Depan"
LOAN = [
    "Otoritas pengawas menetapkan batas atas bunga pinjaman koperasi simpan pinjam mulai "
    "tahun depan untuk melindungi anggota dari beban cicilan yang berlebihan.",
    "Koperasi simpan pinjam yang melanggar batas bunga akan mendapat teguran tertulis, lalu "
    "pembekuan kegiatan usaha bila pelanggaran berulang dalam enam bulan.",
    "Kebijakan itu disusun setelah banyak pengaduan anggota koperasi tentang bunga harian "
    "yang mencapai puluhan persen per bulan di sejumlah daerah.",
]
LOAN_AGAIN = [
    "Mulai tahun depan, bunga pinjaman koperasi simpan pinjam dibatasi oleh otoritas "
    "pengawas untuk melindungi anggota dari beban cicilan yang berlebihan.",
    *LOAN[1:],
]


def run(coro: object) -> None:
    asyncio.run(coro)  # type: ignore[arg-type]


@pytest.fixture
def telegram() -> FakeTelegram:
    with FakeTelegram() as server:
        yield server


def publish(bot: Harness, outlet: str, slug: str, title: str, body: list[str]) -> None:
    bot.newsroom.publish(outlet, slug, title, body, datetime.now(UTC) - timedelta(minutes=5))


def test_subscribe_then_push_arrives_once_per_story(
    tmp_path: Path, telegram: FakeTelegram, database_url: str
):
    async def scenario() -> None:
        async with started_bot(tmp_path, telegram, database=database_url) as bot:
            welcome = await bot.say(READER, "/start", first_name="Siti")
            assert "Halo, Siti!" in welcome[0].plain_text
            assert "/topik" in welcome[0].plain_text

            done = await bot.say(READER, "/langganan koperasi")
            assert "mengikuti topik Koperasi" in done[0].plain_text
            count = len(telegram.sent_messages(READER))

            # A new article in Merdeka's feed; the poll job runs; the push arrives.
            publish(bot, "Merdeka", "pupuk-koperasi", STORY_TITLE, STORY)
            assert await bot.poll() == 1
            push = (await telegram.wait_for_messages(count + 1, READER))[-1]
            count += 1
            assert push.parse_mode == "HTML"
            assert f"<b>{STORY_TITLE}</b>" in push.text
            bullets = [line for line in push.plain_text.splitlines() if line.startswith("• ")]
            assert bullets, push.plain_text
            assert "Baca selengkapnya" in push.plain_text
            links = [e["url"] for e in push.entities if e["type"] == "text_link"]
            assert any(url.endswith("/merdeka/berita/pupuk-koperasi") for url in links)

            # The same story from Antara, an hour later: not pushed again.
            publish(bot, "Antara", "pupuk-koperasi", STORY_TITLE, STORY_AGAIN)
            assert await bot.poll() == 0
            assert bot.store.count_articles() == 3  # stored, in the same story

            # Another story carried by both outlets in one poll: one push naming the other.
            publish(bot, "Merdeka", "bunga-ksp", LOAN_TITLE, LOAN)
            publish(bot, "Antara", "bunga-ksp", LOAN_TITLE, LOAN_AGAIN)
            assert await bot.poll() == 1
            push = (await telegram.wait_for_messages(count + 1, READER))[-1]
            count += 1
            assert LOAN_TITLE in push.plain_text
            outlets_line = next(
                line for line in push.plain_text.splitlines() if "Juga diberitakan" in line
            )
            assert ("Antara" in outlets_line) != ("Merdeka" in outlets_line)

            # Polling again (the feeds answer the same) sends nothing more.
            assert await bot.poll() == 0
            await asyncio.sleep(0.3)
            assert len(telegram.sent_messages(READER)) == count

    run(scenario())


def test_search_question_and_deep_link(tmp_path: Path, telegram: FakeTelegram, database_url: str):
    async def scenario() -> None:
        async with started_bot(tmp_path, telegram, database=database_url) as bot:
            # Deep link t.me/<bot>?start=koperasi
            linked = await bot.say(READER, "/start koperasi")
            assert "mengikuti topik Koperasi" in linked[0].plain_text
            subs = bot.store.subscriptions(READER)
            assert [(s.kind, s.value) for s in subs] == [("topic", "koperasi")]

            unknown = await bot.say(OTHER_READER, "/start tidak-ada", replies=2)
            assert "tidak saya kenal" in unknown[0].plain_text
            assert "Daftar topik" in unknown[1].plain_text

            found = await bot.say(READER, "/cari bpjs ketenagakerjaan koperasi")
            assert SEED_TITLE in found[0].plain_text

            answer = await bot.say(READER, "berapa koperasi yang sudah ikut BPJS Ketenagakerjaan?")
            assert "9.982 koperasi" in answer[0].plain_text
            assert "Merdeka" in answer[0].plain_text

            nothing = await bot.say(READER, "siapa juara piala dunia 2022?")
            assert "belum menemukan jawaban" in nothing[0].plain_text

    run(scenario())


def test_blocked_reader_and_429_storm(tmp_path: Path, telegram: FakeTelegram):
    async def scenario() -> None:
        async with started_bot(tmp_path, telegram) as bot:
            for reader in (READER, OTHER_READER):
                await bot.say(reader, "/langganan pupuk bersubsidi")
            telegram.block_user(OTHER_READER)
            telegram.fail_next("sendMessage", 429, retry_after=1, times=3)
            before = len(telegram.sent_messages(READER))

            publish(bot, "Merdeka", "pupuk-koperasi", STORY_TITLE, STORY)
            assert await bot.poll() == 2
            await telegram.wait_for_messages(before + 1, READER, timeout=15)
            store = bot.store
            await wait_until(
                lambda: not store.get_chat(OTHER_READER).active, what="blocked chat inactive"
            )
            await asyncio.sleep(0.5)
            pushes = [m for m in telegram.sent_messages(READER)[before:]]
            assert len(pushes) == 1  # the 429s were waited out, nothing sent twice
            assert STORY_TITLE in pushes[0].plain_text
            assert telegram.count_429 >= 1
            assert telegram.sent_messages(OTHER_READER)[-1].plain_text.startswith("✅")

    run(scenario())


def next_local_hour(zone: str, *, ahead: int) -> tuple[int, datetime]:
    """The local hour ``ahead`` hours from now in ``zone`` and its next start (UTC)."""
    local = datetime.now(ZoneInfo(zone)).replace(minute=0, second=0, microsecond=0)
    start = local + timedelta(hours=ahead)
    return start.hour, start.astimezone(UTC)


def test_digest_goes_out_at_the_hour_set_in_settings_from_the_sweep(
    tmp_path: Path, telegram: FakeTelegram, database_url: str
):
    """The reader picks an hour and a zone in /pengaturan; nothing is scheduled for them: the
    database sweep (role all) queues their digest at that hour, once that day."""
    hour, due = next_local_hour("Asia/Makassar", ahead=2)  # keeps this morning's story in 24 h

    async def scenario() -> None:
        async with started_bot(tmp_path, telegram, database=database_url) as bot:
            await bot.say(READER, "/langganan bpjs ketenagakerjaan")
            store_article(  # the seed article is of 2020: not news of the last 24 hours
                bot.services,
                title=MORNING_TITLE,
                paragraphs=[
                    "Peserta BPJS Ketenagakerjaan kini dapat mengajukan klaim Jaminan Hari Tua "
                    "lewat aplikasi tanpa datang ke kantor cabang bila saldonya kecil."
                ],
                bullets=["Klaim JHT bersaldo kecil cukup lewat aplikasi."],
                url="https://contoh.id/klaim-jht-aplikasi",
                topics=["bpjs-ketenagakerjaan"],
                when=datetime.now(UTC) - timedelta(hours=8),  # older than pushes go
            )
            shown = await bot.say(READER, "/pengaturan")
            panel = shown[0]
            assert "07.00 WIB" in panel.plain_text
            await bot.press(READER, panel, "s:hours")
            hours = telegram.message(READER, panel.message_id)
            assert "Pilih jam" in hours.plain_text
            rows = hours.reply_markup["inline_keyboard"]
            assert [len(row) for row in rows] == [4, 4, 4, 4, 4, 4, 1]  # at most 4 a row
            assert [b["text"] for b in rows[0]] == ["00.00", "01.00", "02.00", "03.00"]
            assert rows[1][3]["text"] == "✅ 07.00"
            answer = await bot.press(READER, panel, "s:h:18")
            assert answer.get("text") == (
                "✅ Tersimpan. Ringkasan tiap hari pukul 18.00 WIB, berita baru langsung dikirim."
            )
            await bot.press(READER, panel, f"s:h:{hour}")
            answer = await bot.press(READER, panel, "s:z:WITA")
            assert f"pukul {hour:02d}.00 WITA" in answer.get("text")
            edited = telegram.message(READER, panel.message_id)
            assert f"{hour:02d}.00 WITA" in edited.plain_text
            chat = bot.store.get_chat(READER)
            assert (chat.digest_hour, chat.timezone) == (hour, "Asia/Makassar")

            # One scheduler: the loops' jobs, none per chat.
            names = {job.name for job in bot.app.job_queue.jobs()}
            assert {"poll", "sender", "sweep"} <= names
            assert not [name for name in names if name and name.startswith("digest")]
            (sweep,) = bot.app.job_queue.get_jobs_by_name("sweep")
            assert sweep.job.trigger.interval <= timedelta(seconds=30)

            # A minute before the hour the sweep finds nothing due.
            before = len(telegram.sent_messages(READER))
            bot.services.clock = lambda: due - timedelta(minutes=1)
            await bot.sweep()
            # At the hour (the clock set to it) the sweep queues the digest and it is sent.
            now = due + timedelta(seconds=20)
            bot.services.clock = lambda: now
            await bot.sweep()
            sent = await telegram.wait_for_messages(before + 1, READER, timeout=20)
            digest = sent[-1]
            assert len(sent) == before + 1
            assert digest.plain_text.startswith("📰 Ringkasan berita Anda\n")
            assert MORNING_TITLE in digest.plain_text
            # One page: only the settings button (through the outbox, as JSON).
            assert digest.reply_markup == {
                "inline_keyboard": [[{"text": "⚙️ Pengaturan", "callback_data": "s:open"}]]
            }
            assert bot.store.get_chat(READER).last_digest_at == now

            # No second digest that day, even with news since and the hour moved later: the
            # outbox's dedupe key (one digest a chat a local day).
            store_article(
                bot.services,
                title=STORY_TITLE,
                paragraphs=STORY,
                bullets=["Koperasi desa menyalurkan pupuk bersubsidi."],
                url="https://contoh.id/koperasi-pupuk",
                topics=["bpjs-ketenagakerjaan"],
                when=now + timedelta(minutes=10),
            )
            if (hour + 1) % 24:  # the same local day at the new hour
                bot.store.update_chat(READER, digest_hour=(hour + 1) % 24)
                latest = due + timedelta(hours=1, seconds=20)
                bot.services.clock = lambda: latest
                await bot.sweep()
                await asyncio.sleep(0.5)
            digests = [m for m in telegram.sent_messages(READER) if m.plain_text.startswith("📰")]
            assert [m.message_id for m in digests] == [digest.message_id]

    run(scenario())


def test_group_admin_rules_and_admin_commands(
    tmp_path: Path, telegram: FakeTelegram, database_url: str
):
    group = -100123
    owner, member = 2001, 2002

    async def scenario() -> None:
        async with started_bot(tmp_path, telegram, database=database_url) as bot:
            telegram.add_to_group(group, by_user_id=owner, title="Paguyuban UMKM")
            await telegram.wait_for_messages(1, group)
            stored = bot.store.get_chat(group)
            assert stored is not None and stored.chat_type == "group"

            refused = await bot.say(member, "/langganan umkm", chat_id=group, chat_type="group")
            assert refused[0].plain_text == texts.GROUP_ADMINS_ONLY
            assert bot.store.subscriptions(group) == []

            allowed = await bot.say(owner, "/langganan umkm", chat_id=group, chat_type="group")
            assert allowed[0].plain_text == "✅ Grup ini sekarang mengikuti topik UMKM."

            # Plain talk in a group is not a question for the bot.
            await bot.say(member, "apa kabar semua?", chat_id=group, chat_type="group", replies=0)
            assert len(telegram.sent_messages(group)) == 3

            # Admin commands.
            no = await bot.say(READER, "/stats")
            assert no[0].plain_text == texts.ADMIN_ONLY
            yes = await bot.say(ADMIN_ID, "/stats")
            assert "Statistik Warta" in yes[0].plain_text
            assert "Artikel: 1" in yes[0].plain_text
            feeds = await bot.say(ADMIN_ID, "/sumber")
            assert "Merdeka" in feeds[0].plain_text and "Antara" in feeds[0].plain_text
            assert "WIB" in feeds[0].plain_text
            # Times are in the operator's own zone (here WIT), not the server default.
            bot.store.upsert_chat(ADMIN_ID, chat_type="private", title=None)
            bot.store.update_chat(ADMIN_ID, timezone="Asia/Jayapura")
            feeds = await bot.say(ADMIN_ID, "/sumber")
            assert "WIT" in feeds[0].plain_text and "WIB" not in feeds[0].plain_text

            # Removed from the group: the chat is marked inactive.
            telegram.kick_from_group(group, by_user_id=owner)
            await wait_until(lambda: not bot.store.get_chat(group).active, what="group inactive")

    run(scenario())


def test_token_never_logged(tmp_path: Path, telegram: FakeTelegram, caplog):
    caplog.set_level(logging.DEBUG)
    # `warta` itself quiets httpx to WARNING (its INFO lines carry request URLs); a CLI test run
    # earlier in this process leaves that level behind, so ask for httpx's DEBUG lines here.
    caplog.set_level(logging.DEBUG, logger="httpx")

    async def scenario() -> None:
        async with started_bot(tmp_path, telegram) as bot:
            await bot.say(READER, "/start")
            await bot.say(READER, "/cari koperasi")
            telegram.fail_next("sendMessage", 400, description="Bad Request: chat not found")
            await bot.say(READER, "/bantuan", replies=0)

    run(scenario())
    assert caplog.records, "expected some log records at DEBUG"
    assert any("httpx" in r.name for r in caplog.records)  # URLs were logged, redacted
    for record in caplog.records:
        assert TOKEN not in record.getMessage(), record.name
    assert TOKEN not in caplog.text
    assert TOKEN.split(":")[1] not in caplog.text


def test_missing_token_exits_2_with_botfather_help(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    assert cli_main(["run"]) == 2
    err = capsys.readouterr().err
    assert "TELEGRAM_BOT_TOKEN" in err and "@BotFather" in err


def test_bad_feeds_file_exits_2(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("WARTA_FEEDS", str(tmp_path / "tidak-ada.toml"))
    assert cli_main(["run"]) == 2
    err = capsys.readouterr().err
    assert "tidak-ada.toml" in err
    assert TOKEN not in err


def test_rejected_token_exits_2_without_printing_it(tmp_path, telegram: FakeTelegram, capsys):
    wrong = "987654321:AAWrongTokenWrongTokenWrongToken_xyz"
    settings = make_settings(tmp_path, telegram, {"Mati": "http://127.0.0.1:9/rss"})
    settings = replace(settings, telegram_token=wrong)
    assert run_bot(settings) == 2
    err = capsys.readouterr().err
    assert "rejected" in err and wrong not in err


def test_warta_run_process_answers_and_stops_on_sigterm(tmp_path, telegram: FakeTelegram):
    """The real ``warta run`` (run_polling) in its own process: answers, then stops cleanly."""
    feeds = write_feeds_file(tmp_path / "feeds.toml", {"Mati": "http://127.0.0.1:9/rss"})
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": telegram.base_url,
        "WARTA_DATABASE": str(tmp_path / "warta.db"),
        "WARTA_FEEDS": str(feeds),
        "PYTHONPATH": str(ROOT),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        telegram.send_user_message(READER, "/start")
        (welcome,) = telegram.wait_for_messages_sync(1, READER, timeout=30)
        assert "Warta" in welcome.plain_text
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "Warta stopped" in err
    assert TOKEN not in err


def test_unreachable_telegram_exits_1_with_a_clear_message(tmp_path, telegram, capsys):
    settings = make_settings(tmp_path, telegram, {"Mati": "http://127.0.0.1:9/rss"})
    settings = replace(settings, telegram_api_url="http://127.0.0.1:9")
    assert run_bot(settings) == 1
    err = capsys.readouterr().err
    assert "could not reach Telegram at http://127.0.0.1:9" in err
    assert TOKEN not in err
