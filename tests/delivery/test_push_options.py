"""How pushes and digests are sent: the article's picture as a large link preview (or text
only), quiet hours (held until they end, or silent), and a forum group's topic, with a
deleted topic falling back to the general chat. Real stores of both backends, the real
sender against the fake Bot API."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import telegram

from bot.core.dedupe import minhash_signature, text_hash
from bot.core.models import NewArticle
from bot.delivery.fanout import fan_out
from bot.delivery.send_options import SendOptions
from bot.delivery.sender import Sender
from bot.present import texts
from bot.storage import Store
from tests.support.fake_telegram import TOKEN, FakeTelegram, SentMessage
from tests.support.harness import wait_until

FAST = {
    "global_rate": 200.0,
    "per_chat_interval": 0.02,
    "group_per_minute": 3000.0,
    "backoff_base": 0.05,
    "idle_poll": 0.1,
}
IMAGE = "https://cdn.contoh.id/foto/iuran.jpg"
FORUM = -1000000000931
TEXT = (
    "Pemerintah memastikan iuran BPJS Kesehatan bagi peserta mandiri tidak naik sepanjang "
    "tahun ini, kata Menteri Kesehatan di Jakarta setelah evaluasi keuangan jaminan sosial."
)
OTHER_TEXT = (
    "Kantor cabang BPJS di Medan memperpanjang jam layanan selama musim libur sekolah agar "
    "warga yang mengurus kartu peserta tidak perlu antre sejak subuh di depan loket."
)


def article(n: int, when: datetime, image: str | None = IMAGE, body: str = TEXT) -> NewArticle:
    url = f"https://contoh.id/berita/{n}"
    text = f"Catatan {n}. {body}"
    return NewArticle(
        url=url,
        canonical_url=url,
        outlet="Antara",
        title=f"Iuran BPJS Kesehatan tidak naik ({n})",
        text=text,
        bullets=("Iuran peserta mandiri tidak naik.",),
        published_at=when,
        fetched_at=when,
        text_hash=text_hash(text),
        minhash=minhash_signature(text),
        image_url=image,
    )


def subscribe(store: Store, chat_id: int, **settings: Any) -> None:
    store.upsert_chat(chat_id, chat_type="private" if chat_id > 0 else "supergroup")
    if settings:
        store.update_chat(chat_id, **settings)
    store.add_subscription(chat_id, "keyword", "bpjs")


def pushes(store: Store, now: datetime) -> dict[int, Any]:
    due = store.due_messages(now=now + timedelta(days=2), limit=100)
    return {m.chat_id: m for m in due}


def options(message: Any) -> SendOptions:
    found = SendOptions.from_json(message.send_options)
    assert found is not None
    return found


# -- fan-out: decided once, kept with the row ----------------------------------------------------


def test_a_push_shows_the_picture_large_above_the_text_unless_there_is_none(store: Store):
    now = datetime.now(UTC)
    subscribe(store, 1)
    subscribe(store, 2, pictures=False)
    store.add_article(article(1, now))
    assert fan_out(store, now=now) == 2
    with_picture, without = pushes(store, now)[1], pushes(store, now)[2]
    assert json.loads(with_picture.send_options) == {
        "link_preview": {
            "url": "https://contoh.id/berita/1",
            "prefer_large_media": True,
            "show_above_text": True,
        }
    }
    assert json.loads(without.send_options) == {"link_preview": {"is_disabled": True}}


def test_an_article_without_a_usable_image_is_pushed_text_only(store: Store):
    now = datetime.now(UTC)
    subscribe(store, 1)
    store.add_article(article(1, now, image=None))
    store.add_article(article(2, now, image="javascript:alert(1)", body=OTHER_TEXT))
    assert fan_out(store, now=now) == 2
    for push in store.due_messages(now=now + timedelta(days=1), limit=10):
        assert options(push) == SendOptions(text_only=True)


def test_quiet_hours_across_midnight_hold_a_push_until_they_end_in_the_readers_zone(
    store: Store,
):
    now = datetime(2026, 12, 7, 15, 30, tzinfo=UTC)  # 23.30 WITA, 22.30 WIB
    subscribe(store, 1, timezone="Asia/Makassar", quiet_start=21, quiet_end=6)
    subscribe(store, 2, quiet_start=21, quiet_end=6, quiet_mode="silent")
    subscribe(store, 3, quiet_start=8, quiet_end=17)  # a day window: not now
    store.add_article(article(1, now))
    assert fan_out(store, now=now) == 3
    queued = pushes(store, now)
    assert queued[1].not_before == datetime(2026, 12, 7, 22, 0, tzinfo=UTC)  # 06.00 WITA
    assert not options(queued[1]).silent
    for chat_id in (2, 3):  # not held: due as soon as they were queued
        assert (queued[chat_id].not_before or now) <= datetime.now(UTC)
    assert options(queued[2]).silent
    assert not options(queued[3]).silent
    # Held: not due during the night, due at 06.00 WITA.
    night = store.due_messages(now=datetime(2026, 12, 7, 21, 59, tzinfo=UTC), limit=10)
    assert 1 not in {m.chat_id for m in night}
    morning = store.due_messages(now=datetime(2026, 12, 7, 22, 0, tzinfo=UTC), limit=10)
    assert 1 in {m.chat_id for m in morning}


def test_a_forum_groups_push_goes_to_its_topic(store: Store):
    now = datetime.now(UTC)
    subscribe(store, FORUM, message_thread_id=77)
    store.add_article(article(1, now))
    fan_out(store, now=now)
    assert options(pushes(store, now)[FORUM]).thread_id == 77


# -- the sender ----------------------------------------------------------------------------------


def run_sender(
    server: FakeTelegram, store: Store, until: Callable[[Sender], bool], timeout: float = 20.0
) -> Sender:
    """Run a Sender until ``until(sender)`` holds and nothing is in flight."""

    async def main() -> Sender:
        async with telegram.Bot(TOKEN, base_url=server.bot_base_url) as bot:
            sender = Sender(bot, store, **FAST)
            task = asyncio.create_task(sender.run())
            try:
                await wait_until(lambda: until(sender), timeout=timeout, what="the sender")
            finally:
                await sender.stop()
                await task
            return sender

    return asyncio.run(main())


def open_forum(server: FakeTelegram) -> None:
    server.add_to_group(FORUM, by_user_id=7, title="Forum Warga", chat_type="supergroup")
    server.make_forum(FORUM)


def param(message: SentMessage, name: str) -> Any:
    value = message.params.get(name)
    if (isinstance(value, str) and value[:1] in "{[") or value in ("true", "false"):
        return json.loads(value)
    return value


def status(store: Store, message_id: int) -> str:
    got = store.get_message(message_id)
    assert got is not None
    return got.status


def test_the_sender_passes_the_preview_silence_and_topic(fake_telegram: FakeTelegram, store):
    open_forum(fake_telegram)
    store.upsert_chat(FORUM, chat_type="supergroup")
    look = SendOptions(preview_url="https://contoh.id/berita/1", silent=True, thread_id=5)
    first = store.enqueue(FORUM, "push", "Berita", dedupe_key="p1", send_options=look.to_json())
    plain = store.enqueue(
        1,
        "push",
        "Tanpa gambar",
        dedupe_key="p2",
        send_options=SendOptions(text_only=True).to_json(),
    )
    assert first is not None and plain is not None
    run_sender(fake_telegram, store, lambda s: s.stats.sent == 2)
    (sent,) = fake_telegram.sent_messages(FORUM)
    assert param(sent, "link_preview_options") == {
        "is_disabled": False,
        "url": "https://contoh.id/berita/1",
        "prefer_large_media": True,
        "show_above_text": True,
    }
    assert param(sent, "disable_notification") is True
    assert int(param(sent, "message_thread_id")) == 5
    (text_only,) = fake_telegram.sent_messages(1)
    assert param(text_only, "link_preview_options") == {"is_disabled": True}
    assert param(text_only, "message_thread_id") is None
    assert param(text_only, "disable_notification") in (None, False)


def test_a_deleted_topic_sends_to_the_general_chat_forgets_it_and_says_so_once(
    fake_telegram: FakeTelegram, store: Store
):
    open_forum(fake_telegram)
    store.upsert_chat(FORUM, chat_type="supergroup")
    store.update_chat(FORUM, message_thread_id=77)
    fake_telegram.delete_forum_topic(FORUM, 77)
    look = SendOptions(preview_url="https://contoh.id/berita/1", thread_id=77).to_json()
    ids = [
        store.enqueue(FORUM, "push", f"Berita {n}", dedupe_key=f"p{n}", send_options=look)
        for n in range(2)
    ]
    run_sender(fake_telegram, store, lambda s: s.stats.sent == 3)
    sent = fake_telegram.sent_messages(FORUM)
    assert [m.plain_text for m in sent] == ["Berita 0", "Berita 1", texts.THREAD_GONE]
    assert all(param(m, "message_thread_id") is None for m in sent)
    assert param(sent[0], "link_preview_options")["url"] == "https://contoh.id/berita/1"
    assert [status(store, i) for i in ids if i is not None] == ["sent", "sent"]
    chat = store.get_chat(FORUM)
    assert chat is not None and chat.message_thread_id is None and chat.active
    # The second push did not try the deleted topic again.
    tries = [r for r in fake_telegram.calls("sendMessage") if r.params.get("message_thread_id")]
    assert len(tries) == 1


def test_a_digest_goes_to_the_groups_topic_when_it_is_sent(fake_telegram, store: Store):
    open_forum(fake_telegram)
    store.upsert_chat(FORUM, chat_type="supergroup")
    store.update_chat(FORUM, message_thread_id=12)
    store.enqueue(FORUM, "digest", "Ringkasan", dedupe_key="d1")
    run_sender(fake_telegram, store, lambda s: s.stats.sent == 1)
    (digest,) = fake_telegram.sent_messages(FORUM)
    assert int(param(digest, "message_thread_id")) == 12
    assert param(digest, "link_preview_options") is None  # the app's defaults apply


def window_around_now(zone: str = "Asia/Jakarta") -> tuple[int, int]:
    """Quiet hours from the current local hour, two hours long: now is inside."""
    hour = datetime.now(ZoneInfo(zone)).hour
    return hour, (hour + 2) % 24


def test_a_digest_inside_hold_quiet_hours_waits_for_their_end(fake_telegram, store: Store):
    start, end = window_around_now()
    store.upsert_chat(9)
    store.update_chat(9, quiet_start=start, quiet_end=end)
    digest = store.enqueue(9, "digest", "Ringkasan", dedupe_key="d9")
    assert digest is not None
    run_sender(fake_telegram, store, lambda s: s.stats.held_quiet == 1)
    assert fake_telegram.sent_messages(9) == []
    held = store.get_message(digest)
    assert held is not None and held.status == "pending" and held.not_before is not None
    local_end = held.not_before.astimezone(ZoneInfo("Asia/Jakarta"))
    assert (local_end.hour, local_end.minute) == (end, 0)
    assert held.attempts == 0


def test_a_digest_inside_silent_quiet_hours_comes_without_a_sound(fake_telegram, store: Store):
    start, end = window_around_now("Asia/Jayapura")
    store.upsert_chat(10)
    store.update_chat(
        10, timezone="Asia/Jayapura", quiet_start=start, quiet_end=end, quiet_mode="silent"
    )
    store.enqueue(10, "digest", "Ringkasan", dedupe_key="d10")
    run_sender(fake_telegram, store, lambda s: s.stats.sent == 1)
    (digest,) = fake_telegram.sent_messages(10)
    assert param(digest, "disable_notification") is True
