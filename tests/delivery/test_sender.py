"""The outbox sender against the fake Bot API server and a real SQLite store."""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import time
from datetime import UTC, datetime

import pytest
import telegram
from telegram.ext import ApplicationBuilder

from bot.delivery.sender import ReplyMeter, Sender
from tests.support.fake_telegram import TOKEN, FakeTelegram, RateLimits

FAST = {"global_rate": 200.0, "per_chat_interval": 0.02, "backoff_base": 0.05, "idle_poll": 0.2}


def enqueue(store, chat_id: int, text: str, **kwargs) -> int:
    message_id = store.enqueue(chat_id, "push", text, dedupe_key=f"{chat_id}:{text}", **kwargs)
    assert message_id is not None
    return message_id


def deliver(server: FakeTelegram, store, timeout: float = 20.0, **options) -> Sender:
    """Run a Sender until the outbox is drained; returns it (for its stats)."""

    async def main() -> Sender:
        async with telegram.Bot(TOKEN, base_url=server.bot_base_url) as bot:
            sender = Sender(bot, store, **{**FAST, **options})
            await sender.run_until_idle(timeout=timeout)
            return sender

    return asyncio.run(main())


def texts(server: FakeTelegram, chat_id: int) -> list[str]:
    return [m.plain_text for m in server.sent_messages(chat_id)]


def test_broadcast_arrives_in_order_per_chat_within_telegram_limits(store):
    limits = RateLimits(global_per_second=100, per_chat_per_second=20, per_chat_burst=1)
    keyboard = json.dumps({"inline_keyboard": [[{"text": "Baca", "url": "https://warta.id/1"}]]})
    ids = [
        enqueue(store, chat_id, f"<b>Berita {n}</b> untuk {chat_id}", reply_markup=keyboard)
        for n in range(5)
        for chat_id in range(1, 11)
    ]
    with FakeTelegram(rate_limits=limits) as server:
        sender = deliver(server, store, global_rate=90, per_chat_interval=0.06)

        assert len(server.sent_messages()) == 50
        for chat_id in range(1, 11):
            assert texts(server, chat_id) == [f"Berita {n} untuk {chat_id}" for n in range(5)]
        assert server.sent_messages(1)[0].buttons[0]["url"] == "https://warta.id/1"
        assert server.count_429 == 0
    assert sender.stats.sent == 50
    assert {store.get_message(i).status for i in ids} == {"sent"}
    assert store.get_message(ids[0]).attempts == 1


def test_default_pacing_keeps_telegram_global_limit(store):
    for chat_id in range(1, 46):
        enqueue(store, chat_id, f"Ringkasan harian {chat_id}")
    with FakeTelegram(rate_limits=True) as server:
        started = time.monotonic()
        deliver(server, store, global_rate=29.0, per_chat_interval=1.0)
        elapsed = time.monotonic() - started

        assert len(server.sent_messages()) == 45
        assert server.count_429 == 0
    assert elapsed >= 44 / 29 - 0.1  # paced, not burst


@pytest.mark.parametrize(
    ("make_unreachable", "reason"),
    [
        (lambda server, chat: server.block_user(chat), "blocked by the user"),
        (lambda server, chat: server.mark_unknown(chat), "chat not found"),
    ],
)
def test_unreachable_chat_is_deactivated_and_its_messages_dropped(
    fake_telegram, store, make_unreachable, reason
):
    for chat_id in (1, 2, 3):
        store.upsert_chat(chat_id)
    dropped = [enqueue(store, 2, f"Pesan {n}") for n in range(3)]
    for chat_id in (1, 3):
        for n in range(3):
            enqueue(store, chat_id, f"Pesan {n}")
    make_unreachable(fake_telegram, 2)

    sender = deliver(fake_telegram, store)

    assert texts(fake_telegram, 1) == texts(fake_telegram, 3) == ["Pesan 0", "Pesan 1", "Pesan 2"]
    assert texts(fake_telegram, 2) == []
    chat = store.get_chat(2)
    assert not chat.active and reason in chat.inactive_reason.lower()
    assert store.get_chat(1).active
    assert [store.get_message(i).status for i in dropped] == ["failed"] * 3
    assert sum(1 for r in fake_telegram.calls("sendMessage") if r.params["chat_id"] == "2") == 1
    assert sender.stats.chats_deactivated == 1


def test_kicked_from_group_deactivates_the_group(fake_telegram, store):
    fake_telegram.add_to_group(-100, by_user_id=7)
    store.upsert_chat(-100, chat_type="group", title="Koperasi")
    message = enqueue(store, -100, "Berita koperasi")
    fake_telegram.kick_from_group(-100)

    deliver(fake_telegram, store)

    assert "kicked" in store.get_chat(-100).inactive_reason
    assert store.get_message(message).status == "failed"


def test_group_that_became_a_supergroup_gets_its_messages_at_the_new_id(fake_telegram, store):
    """Telegram answers a send to the old group id with 400 and migrate_to_chat_id: the chat
    moves (subscriptions and settings) and every pending message goes to the new id."""
    old, new = -200, -1000000000200
    fake_telegram.add_to_group(old, by_user_id=7, title="Warga RT 7")
    store.upsert_chat(old, chat_type="group", title="Warga RT 7")
    store.update_chat(old, digest_hour=20)
    store.add_subscription(old, "topic", "koperasi")
    for n in range(3):
        enqueue(store, old, f"Berita {n}")
    fake_telegram.migrate_to_supergroup(old, new)

    deliver(fake_telegram, store)

    assert texts(fake_telegram, new) == ["Berita 0", "Berita 1", "Berita 2"]
    moved = store.get_chat(new)
    assert (moved.chat_type, moved.digest_hour) == ("supergroup", 20)
    assert [(s.kind, s.value) for s in store.subscriptions(new)] == [("topic", "koperasi")]
    assert not store.get_chat(old).active


def test_429_storm_delivers_everything_exactly_once(fake_telegram, store):
    ids = [enqueue(store, chat_id, f"Berita untuk {chat_id}") for chat_id in range(1, 21)]
    fake_telegram.fail_next("sendMessage", status=429, retry_after=1, times=3)

    started = time.monotonic()
    sender = deliver(fake_telegram, store)

    assert sorted(m.chat_id for m in fake_telegram.sent_messages()) == list(range(1, 21))
    assert fake_telegram.count_429 == 3 == sender.stats.rate_limited
    assert {store.get_message(i).status for i in ids} == {"sent"}
    assert time.monotonic() - started >= 1.0  # it did wait retry_after


def test_429_keeps_the_chats_order(fake_telegram, store):
    for n in range(4):
        enqueue(store, 5, f"Bagian {n}")
    fake_telegram.fail_next("sendMessage", status=429, retry_after=1, chat_id=5)

    deliver(fake_telegram, store)

    assert texts(fake_telegram, 5) == ["Bagian 0", "Bagian 1", "Bagian 2", "Bagian 3"]


def test_network_error_then_success_delivers_once(fake_telegram, store):
    message = enqueue(store, 9, "Iuran BPJS naik")
    fake_telegram.drop_next("sendMessage", times=2)

    deliver(fake_telegram, store)

    assert texts(fake_telegram, 9) == ["Iuran BPJS naik"]
    stored = store.get_message(message)
    assert stored.status == "sent" and stored.attempts == 3


def test_network_errors_give_up_after_max_attempts(fake_telegram, store):
    failing = enqueue(store, 9, "Tidak sampai")
    fake_telegram.drop_next("sendMessage", times=3)

    deliver(fake_telegram, store, max_attempts=3)

    stored = store.get_message(failing)
    assert stored.status == "failed" and stored.attempts == 3
    assert "NetworkError" in stored.last_error
    assert fake_telegram.sent_messages() == []


def test_unparsable_message_fails_and_the_rest_goes_on(fake_telegram, store):
    first = enqueue(store, 4, "<b>Satu</b>")
    broken = enqueue(store, 4, "<b>Dua tanpa penutup")
    third = enqueue(store, 4, "Tiga &amp; empat")

    deliver(fake_telegram, store)

    assert texts(fake_telegram, 4) == ["Satu", "Tiga & empat"]
    assert store.get_message(first).status == store.get_message(third).status == "sent"
    stored = store.get_message(broken)
    assert stored.status == "failed" and "can't parse entities" in stored.last_error.lower()
    assert stored.attempts == 1


def test_token_never_in_last_error_or_logs(fake_telegram, store, caplog):
    caplog.set_level(logging.DEBUG)
    leaky = enqueue(store, 3, "Satu")
    dropped = enqueue(store, 6, "Dua")
    fake_telegram.fail_next(
        "sendMessage",
        status=400,
        description=f"Bad Request: wrong URL /bot{TOKEN}/sendMessage",
        chat_id=3,
    )
    fake_telegram.drop_next("sendMessage", times=2, chat_id=6)

    deliver(fake_telegram, store, max_attempts=2)

    secret = TOKEN.split(":", 1)[1]
    for message_id in (leaky, dropped):
        stored = store.get_message(message_id)
        assert stored.status == "failed" and stored.last_error
        assert secret not in stored.last_error
    assert "<token>" in store.get_message(leaky).last_error
    assert any(r.name == "bot.delivery.sender" for r in caplog.records)
    for record in caplog.records:
        if record.name.startswith(("bot", "tests")):
            assert secret not in record.getMessage()


def test_wake_sends_new_rows_at_once(fake_telegram, store):
    async def main() -> list[float]:
        async with telegram.Bot(TOKEN, base_url=fake_telegram.bot_base_url) as bot:
            sender = Sender(bot, store, idle_poll=30.0)
            task = asyncio.create_task(sender.run())
            await asyncio.sleep(0.3)  # idle, nothing queued
            latencies = []
            for chat_id, from_thread in ((8, False), (9, True)):
                started = time.monotonic()
                enqueue(store, chat_id, "Berita baru")
                if from_thread:  # e.g. ingestion running in a worker thread
                    await asyncio.to_thread(sender.wake)
                else:
                    sender.wake()
                await fake_telegram.wait_for_messages(1, chat_id=chat_id, timeout=3)
                latencies.append(time.monotonic() - started)
            await sender.stop()
            await task
            return latencies

    # far sooner than the 30 s idle poll: the wake-up, not the timer, sent them
    assert max(asyncio.run(main())) < 5.0


def test_a_chat_with_a_long_backlog_does_not_hold_up_the_others(fake_telegram, store):
    for n in range(15):
        enqueue(store, 1, f"Antrean panjang {n}")
    for chat_id in range(2, 22):
        enqueue(store, chat_id, "Berita singkat")

    deliver(fake_telegram, store, batch=10, per_chat_interval=0.1)

    assert texts(fake_telegram, 1) == [f"Antrean panjang {n}" for n in range(15)]
    order = [m.chat_id for m in fake_telegram.sent_messages()]
    assert len(order) == 35
    assert order[0] == 1  # chat 1 started at once ...
    others_done = max(i for i, chat in enumerate(order) if chat != 1)
    # ... and the others did not wait for it (they would have waited for 10 of them)
    assert order[: others_done + 1].count(1) <= 7


def test_groups_are_paced_to_their_own_limit(store):
    limits = RateLimits(group_per_minute=600, group_burst=1, per_chat_per_second=50)
    with FakeTelegram(rate_limits=limits) as server:
        server.add_to_group(-300, by_user_id=7)
        for n in range(5):
            enqueue(store, -300, f"Berita grup {n}")

        deliver(server, store, group_per_minute=600)  # at most one per 0.1 s

        sent = server.sent_messages(-300)
        assert [m.plain_text for m in sent] == [f"Berita grup {n}" for n in range(5)]
        assert server.count_429 == 0
        assert min(b.time - a.time for a, b in itertools.pairwise(sent)) >= 0.09


def test_stop_is_graceful_and_a_restart_finishes_the_job(fake_telegram, store):
    ids = [enqueue(store, chat_id, f"Digest {chat_id}") for chat_id in range(1, 31)]

    async def partial() -> None:
        async with telegram.Bot(TOKEN, base_url=fake_telegram.bot_base_url) as bot:
            sender = Sender(bot, store, global_rate=20.0)
            task = asyncio.create_task(sender.run())
            await fake_telegram.wait_for_messages(5, timeout=5)
            await sender.stop()
            await asyncio.wait_for(task, timeout=5)

    asyncio.run(partial())
    statuses = [store.get_message(i).status for i in ids]
    assert "sending" not in statuses and "pending" in statuses
    assert len(fake_telegram.sent_messages()) == statuses.count("sent")

    deliver(fake_telegram, store)
    assert sorted(m.chat_id for m in fake_telegram.sent_messages()) == list(range(1, 31))


def test_stop_does_not_wait_out_a_long_flood_wait(fake_telegram, store):
    ids = [enqueue(store, chat_id, f"Berita {chat_id}") for chat_id in range(1, 6)]
    fake_telegram.fail_next("sendMessage", status=429, retry_after=30)

    async def main() -> float:
        async with telegram.Bot(TOKEN, base_url=fake_telegram.bot_base_url) as bot:
            sender = Sender(bot, store)
            task = asyncio.create_task(sender.run())
            while fake_telegram.count_429 == 0:
                await asyncio.sleep(0.01)
            await asyncio.sleep(0.2)
            started = time.monotonic()
            await sender.stop()
            await asyncio.wait_for(task, timeout=5)
            return time.monotonic() - started

    assert asyncio.run(main()) < 10.0  # not the 30 s flood wait
    statuses = [store.get_message(i).status for i in ids]
    # Sends that got their turn before the 429 came back may have gone out; the 429'd message
    # and those never started stay pending, none is left half-sent.
    assert set(statuses) <= {"sent", "pending"} and statuses.count("pending") >= 1
    assert len(fake_telegram.sent_messages()) == statuses.count("sent")  # sent before the 429


def test_replies_are_not_delayed_and_the_total_stays_under_the_limit(store):
    """With ReplyMeter on the app's bot, replies go out at once during a broadcast and the
    broadcast makes room for them: no 429 from a server enforcing Telegram's limits."""
    for chat_id in range(1, 61):
        enqueue(store, chat_id, f"Siaran {chat_id}")

    async def main(server: FakeTelegram) -> tuple[list[float], Sender]:
        app = (
            ApplicationBuilder()
            .token(TOKEN)
            .base_url(server.bot_base_url)
            .rate_limiter(ReplyMeter())
            .build()
        )
        async with app:
            sender = Sender(app.bot, store)
            task = asyncio.create_task(sender.run())
            latencies = []
            for n in range(15):
                started = time.monotonic()
                await app.bot.send_message(1000 + n, f"Hasil pencarian {n}")
                latencies.append(time.monotonic() - started)
                await asyncio.sleep(0.1)
            while len(server.sent_messages()) < 75:
                await asyncio.sleep(0.05)
            await sender.stop()
            await task
        return latencies, sender

    with FakeTelegram(rate_limits=True) as server:
        latencies, sender = asyncio.run(main(server))
        assert server.count_429 == 0
        assert len(server.sent_messages()) == 75
    assert max(latencies) < 0.25
    assert sender.stats.direct_sends == 15 and sender.stats.sent == 60


def test_a_restart_during_a_429_back_off_keeps_the_chats_order(fake_telegram, store, store_factory):
    """Per-chat FIFO survives a restart: the message waiting out retry_after goes first, and
    the chat's later messages wait for it even though their own not_before has passed."""
    parts = [enqueue(store, 5, f"Bagian {n}") for n in range(4)]
    for chat_id in (6, 7):
        enqueue(store, chat_id, f"Berita untuk {chat_id}")
    fake_telegram.fail_next("sendMessage", status=429, retry_after=2, chat_id=5)

    async def until_the_429() -> None:
        async with telegram.Bot(TOKEN, base_url=fake_telegram.bot_base_url) as bot:
            sender = Sender(bot, store, **FAST)
            task = asyncio.create_task(sender.run())
            while fake_telegram.count_429 == 0:
                await asyncio.sleep(0.01)
            await sender.stop()  # the process goes away while chat 5 backs off
            await asyncio.wait_for(task, timeout=5)

    asyncio.run(until_the_429())
    assert texts(fake_telegram, 5) == []
    first = store.get_message(parts[0])
    assert first.status == "pending" and first.not_before > datetime.now(UTC)
    assert {store.get_message(i).status for i in parts[1:]} == {"pending"}

    restarted = store_factory()  # a new process: a new connection and a new sender
    deliver(fake_telegram, restarted)

    assert texts(fake_telegram, 5) == ["Bagian 0", "Bagian 1", "Bagian 2", "Bagian 3"]
    assert sorted(texts(fake_telegram, 6) + texts(fake_telegram, 7)) == [
        "Berita untuk 6",
        "Berita untuk 7",
    ]
    assert fake_telegram.count_429 == 1
