"""Every text a reader sees, in Indonesian, grouped by feature.

Texts are Telegram HTML (parse_mode=HTML). Placeholders in ``{braces}`` are filled with
``str.format``; whoever fills them escapes the values (``html.escape``) first.
"""

from __future__ import annotations

# --- Commands menu (set_my_commands) ---

COMMAND_MENU: tuple[tuple[str, str], ...] = (
    ("start", "Mulai menggunakan Warta"),
    ("topik", "Pilih topik berita yang ingin diikuti"),
    ("langganan", "Berlangganan topik atau kata kunci"),
    ("berhenti", "Berhenti berlangganan topik atau kata kunci"),
    ("langgananku", "Lihat langganan Anda"),
    ("cari", "Cari berita di arsip"),
    ("ringkasan", "Ringkasan berita terbaru sekarang"),
    ("pengaturan", "Jam ringkasan, zona waktu, dan mode kiriman"),
    ("bantuan", "Bantuan dan daftar perintah"),
)
# The commands offered in a group's "/" menu (a subset of COMMAND_MENU).
GROUP_COMMANDS = frozenset(
    {"topik", "langganan", "berhenti", "langgananku", "cari", "ringkasan", "pengaturan", "bantuan"}
)

# --- /start and /bantuan (handlers/start.py) ---

WELCOME = (
    "Halo, {name}! 👋\n\n"
    "Saya <b>Warta</b>. Saya membaca berita dari media Indonesia dan mengirimkan "
    "ringkasan singkat tentang hal yang penting bagi Anda: BPJS Ketenagakerjaan, "
    "BPJS Kesehatan, UMKM, koperasi, pajak, dan lainnya.\n\n"
    "<b>Cara memulai:</b>\n"
    "1. Pilih topik dengan /topik, atau berlangganan kata kunci, misalnya "
    "<code>/langganan kartu prakerja</code>.\n"
    "2. Berita baru akan saya kirimkan begitu terbit, dan setiap pagi Anda menerima "
    "ringkasan harian (jamnya bisa diubah di /pengaturan).\n"
    "3. Cari berita kapan saja dengan <code>/cari iuran bpjs</code>, atau langsung kirim "
    "pertanyaan Anda kepada saya.\n\n"
    "Ketik /bantuan untuk melihat semua perintah."
)
WELCOME_GROUP = (
    "Halo! Saya <b>Warta</b>, pengirim ringkasan berita Indonesia.\n\n"
    "Admin grup dapat memilih topik untuk grup ini dengan /topik atau "
    "<code>/langganan koperasi</code>. Di grup, saya hanya menanggapi perintah.\n"
    "Ketik /bantuan untuk melihat semua perintah."
)
WELCOME_CHANNEL = (
    "Halo! Saya <b>Warta</b>, pengirim ringkasan berita Indonesia.\n\n"
    "Admin kanal dapat memilih topik untuk kanal ini dengan mengirim /topik atau "
    "<code>/langganan koperasi</code> di kanal ini.\n"
    "Ketik /bantuan untuk melihat semua perintah."
)
READER_FALLBACK_NAME = "Sahabat Warta"

DEEP_LINK_SUBSCRIBED = (
    "✅ Anda sekarang berlangganan topik <b>{topic}</b>. "
    "Berita baru tentang topik ini akan saya kirimkan kepada Anda."
)
DEEP_LINK_ALREADY = "Anda sudah berlangganan topik <b>{topic}</b>."
DEEP_LINK_UNKNOWN = (
    "Maaf, topik dari tautan tersebut tidak saya kenal. Silakan pilih dari daftar topik berikut."
)

HELP = (
    "<b>Perintah Warta</b>\n\n"
    "/topik — pilih topik berita yang ingin diikuti\n"
    "/langganan <i>topik atau kata kunci</i> — berlangganan, misalnya "
    "<code>/langganan koperasi</code> atau <code>/langganan kartu prakerja</code>\n"
    "/berhenti <i>topik atau kata kunci</i> — berhenti berlangganan\n"
    "/langgananku — lihat langganan Anda\n"
    "/cari <i>kata kunci</i> — cari berita di arsip, misalnya <code>/cari iuran bpjs</code>\n"
    "/ringkasan — ringkasan berita terbaru sekarang juga\n"
    "/pengaturan — jam ringkasan harian, zona waktu (WIB/WITA/WIT), mode kiriman, "
    "jeda kiriman\n"
    "/bantuan — pesan ini\n\n"
    "Anda juga bisa langsung mengirim pertanyaan, misalnya "
    "<i>berapa koperasi yang sudah ikut BPJS Ketenagakerjaan?</i>, dan saya akan "
    "menjawab dari arsip berita.\n\n"
    "Di obrolan lain, ketik <code>@{bot} bpjs</code> untuk membagikan ringkasan berita.\n\n"
    "Perintah dalam bahasa Inggris juga bisa dipakai: /help, /topics, /subscribe, "
    "/unsubscribe, /mysubs, /search, /digest, /settings."
)

BUTTON_EXPIRED = "Maaf, tombol ini sudah tidak berlaku. Silakan kirim perintahnya lagi."

UNKNOWN_COMMAND = (
    "Maaf, perintah itu tidak saya kenal. Ketik /bantuan untuk melihat daftar perintah."
)

# --- /topik (handlers/topics.py) ---

TOPICS_HEADER = (
    "<b>Daftar topik</b> (halaman {page} dari {pages})\n"
    "Ketuk ➕ untuk berlangganan, ✅ untuk berhenti.\n"
)
TOPIC_LINE = "\n<b>{name}</b> — {description}"
TOPICS_EMPTY = "Maaf, daftar topik belum tersedia."
TOPIC_BUTTON_ON = "✅ {name}"
TOPIC_BUTTON_OFF = "➕ {name}"
TOPIC_TOGGLED_ON = "✅ Berlangganan topik {name}"
TOPIC_TOGGLED_OFF = "Langganan topik {name} dihentikan"
TOPIC_GONE = "Maaf, topik ini sudah tidak tersedia. Silakan buka /topik lagi."

# --- /langganan, /berhenti, /langgananku (handlers/subscribe.py) ---

SUBSCRIBE_USAGE = (
    "Tuliskan topik atau kata kunci setelah perintahnya, misalnya:\n"
    "<code>/langganan koperasi</code>\n"
    "<code>/langganan kartu prakerja</code>\n\n"
    "Atau pilih dari daftar topik dengan /topik."
)
SUBSCRIBED_TOPIC = "✅ Anda sekarang berlangganan topik <b>{topic}</b>."
SUBSCRIBED_KEYWORD = (
    "✅ Anda sekarang berlangganan kata kunci <b>{keyword}</b>. "
    "Setiap berita yang menyebutnya akan saya kirimkan."
)
ALREADY_TOPIC = "Anda sudah berlangganan topik <b>{topic}</b>."
ALREADY_KEYWORD = "Anda sudah berlangganan kata kunci <b>{keyword}</b>."
KEYWORD_INVALID = (
    "Maaf, kata kunci itu tidak bisa saya pakai. Gunakan huruf atau angka, paling banyak "
    "{max_length} karakter, misalnya <code>/langganan iuran bpjs</code>."
)
TOO_MANY_SUBSCRIPTIONS = (
    "Maaf, Anda sudah mencapai batas {count} langganan. "
    "Hentikan salah satu dengan /berhenti terlebih dahulu."
)
UNSUBSCRIBE_USAGE = (
    "Tuliskan topik atau kata kunci yang ingin dihentikan, misalnya "
    "<code>/berhenti koperasi</code>. Lihat langganan Anda dengan /langgananku."
)
UNSUBSCRIBED_TOPIC = "Anda tidak lagi berlangganan topik <b>{topic}</b>."
UNSUBSCRIBED_KEYWORD = "Anda tidak lagi berlangganan kata kunci <b>{keyword}</b>."
NOT_SUBSCRIBED = (
    "Anda tidak sedang berlangganan <b>{value}</b>. Lihat langganan Anda dengan /langgananku."
)
MY_SUBSCRIPTIONS_EMPTY = (
    "Anda belum berlangganan apa pun. Pilih topik dengan /topik atau ketik "
    "<code>/langganan kata kunci</code>."
)
MY_SUBSCRIPTIONS_HEADER = "<b>Langganan Anda</b>"
MY_TOPICS = "\n\n<b>Topik:</b>\n{items}"
MY_KEYWORDS = "\n\n<b>Kata kunci:</b>\n{items}"
MY_SUBSCRIPTIONS_ITEM = "• {value}"
MY_SUBSCRIPTIONS_FOOTER = "\n\nMode: {mode}. Ringkasan harian pukul {hour}. Ubah di /pengaturan."

# --- /cari (handlers/search.py) ---

SEARCH_USAGE = "Tuliskan kata kunci setelah perintahnya, misalnya <code>/cari iuran bpjs</code>."
SEARCH_EXPIRED = "Hasil pencarian ini sudah kedaluwarsa. Silakan cari lagi dengan /cari."
SEARCH_NO_MORE = "Tidak ada hasil lain."

# --- /ringkasan and the daily digest (handlers/digest.py, jobs.py) ---

DIGEST_NO_SUBSCRIPTIONS = (
    "Anda belum berlangganan topik atau kata kunci apa pun, jadi belum ada ringkasan. "
    "Mulai dengan /topik."
)
DIGEST_NOTHING_YET = (
    "Belum ada berita baru tentang langganan Anda. Berita baru akan saya kirimkan sesuai "
    "pengaturan Anda (lihat /pengaturan)."
)

# --- /pengaturan (handlers/settings.py) ---

SETTINGS = (
    "<b>Pengaturan</b>\n\n"
    "Ringkasan harian: pukul <b>{hour}</b>\n"
    "Zona waktu: <b>{zone}</b>\n"
    "Mode kiriman: <b>{mode}</b>\n"
    "Status: <b>{status}</b>"
)
SETTINGS_CHOOSE_HOUR = "\n\nPilih jam ringkasan harian (waktu {zone}):"
MODE_INSTANT = "berita langsung + ringkasan harian"
MODE_DIGEST = "ringkasan harian saja"
STATUS_ACTIVE = "aktif"
STATUS_PAUSED = "dijeda — tidak ada kiriman sampai dilanjutkan"
BUTTON_HOUR = "🕖 Ubah jam ringkasan"
BUTTON_MODE_INSTANT = "Langsung + ringkasan"
BUTTON_MODE_DIGEST = "Ringkasan saja"
BUTTON_PAUSE = "⏸ Jeda kiriman"
BUTTON_RESUME = "▶ Lanjutkan kiriman"
BUTTON_BACK = "◀ Kembali"
BUTTON_SELECTED = "✅ {label}"
SETTINGS_SAVED = "Pengaturan disimpan."
SETTINGS_INVALID = "Maaf, pilihan itu tidak valid. Silakan buka /pengaturan lagi."

# --- Inline mode (handlers/inline.py) ---

INLINE_NO_BULLETS = "Ringkasan belum tersedia."

# --- Groups (handlers/groups.py) ---

GROUP_ADMINS_ONLY = (
    "Maaf, di grup ini hanya admin grup yang dapat mengubah langganan dan pengaturan."
)
GROUP_ADMINS_ONLY_SHORT = "Maaf, hanya admin yang dapat mengubahnya."
GROUP_ADDED = (
    "Terima kasih telah menambahkan saya! Admin grup dapat memilih topik dengan /topik. "
    "Di grup ini saya hanya menanggapi perintah."
)
CHANNEL_ADDED = (
    "Terima kasih telah menambahkan saya! Admin kanal dapat memilih topik dengan mengirim "
    "/topik di kanal ini."
)

# --- Admin commands (handlers/admin.py) ---

ADMIN_ONLY = "Maaf, perintah ini hanya untuk pengelola Warta."
STATS = (
    "<b>Statistik Warta</b>\n\n"
    "Obrolan: {chats} (aktif {active_chats})\n"
    "Langganan: {subscriptions}\n"
    "Artikel: {articles} dalam {stories} kelompok berita\n"
    "Kiriman: {sent} terkirim, {pending} menunggu, {failed} gagal\n"
    "Sumber bermasalah: {feeds_failing}"
)
SOURCES_HEADER = "<b>Kesehatan sumber berita</b> ({count} sumber)"
SOURCES_EMPTY = "Belum ada sumber berita yang tercatat."
SOURCE_OK = "✅ <b>{name}</b> — terakhir berhasil {last_success}"
SOURCE_FAILING = (
    "⚠️ <b>{name}</b> — gagal {failures}× berturut-turut, terakhir berhasil {last_success}\n"
    "    <i>{error}</i>"
)
SOURCE_NEVER = "belum pernah"

# --- Errors (handlers/errors.py) ---

ERROR = "Maaf, terjadi kesalahan saat memproses permintaan Anda. Silakan coba beberapa saat lagi."


# --- Rendering, digest and answers (render.py, digest.py, answer.py) ---
# Templates that contain HTML are filled with values that are already escaped.

UNTITLED = "(tanpa judul)"
READ_MORE = "Baca selengkapnya"
ALSO_REPORTED_BY = "Juga diberitakan oleh: {outlets}"
AND_MORE_OUTLETS = "{outlets} dan {count} media lainnya"
FROM_DESCRIPTION_NOTE = (
    "Isi lengkap berita tidak dapat diambil; ringkasan ini dibuat dari cuplikannya."
)

SEARCH_HEADER = "🔎 Hasil pencarian <b>{query}</b>"
SEARCH_PAGE = "Halaman {page}"
SEARCH_PAGE_OF = "Halaman {page} dari {total}"
SEARCH_NO_RESULTS = (
    "Maaf, belum ada berita yang cocok dengan <b>{query}</b>. "
    "Coba kata kunci lain, misalnya <i>BPJS</i> atau <i>UMKM</i>."
)
PAGER_PREVIOUS = "◀ Sebelumnya"
PAGER_NEXT = "Berikutnya ▶"

ANSWER_HEADER = "Ini yang saya temukan di arsip berita:"
ANSWER_SOURCE = "— {source}"  # linked title, outlet, date
NO_ANSWER = (
    "Maaf, saya belum menemukan jawaban untuk pertanyaan itu di arsip berita. "
    "Coba tanyakan dengan kata lain, atau cari beritanya dengan /cari."
)

DIGEST_HEADER = "📰 <b>Ringkasan berita Anda</b>\n<i>Sejak {since}</i>"
DIGEST_TOPIC_HEADING = "📌 <b>{name}</b>"
DIGEST_KEYWORD_HEADING = "🔑 <b>Kata kunci: {keyword}</b>"

# -- questions: not found, follow, small talk (bot/answer.py, handlers/questions.py) --------
NO_ANSWER_SHORT = "Maaf, saya belum menemukan jawaban untuk pertanyaan itu di arsip berita."
NO_ANSWER_SUGGEST = (
    "Coba cari beritanya dengan <code>/cari {query}</code>, atau tekan tombol di bawah untuk "
    "mengikuti <b>{keyword}</b>: berita barunya akan langsung saya kirimkan."
)
FOLLOW_BUTTON = "🔔 Ikuti '{keyword}'"
FOLLOWED_KEYWORD = "Siap! Berita baru tentang <b>{keyword}</b> akan saya kirimkan ke sini."
FOLLOW_ALERT_DONE = "Anda sekarang mengikuti '{keyword}'."
FOLLOW_ALERT_ALREADY = "Anda sudah mengikuti '{keyword}'."
FOLLOW_ALERT_INVALID = "Maaf, kata kunci ini tidak bisa diikuti."
FOLLOW_ALERT_TOO_MANY = "Langganan Anda sudah penuh. Hapus salah satu dengan /berhenti dulu."

_WHAT_I_DO = (
    "Saya Warta, bot berita Indonesia. Saya bisa menjawab pertanyaan dari arsip berita "
    "(misalnya <i>iuran BPJS Kesehatan naik berapa?</i>), mencari berita dengan "
    "<code>/cari</code>, dan mengirimkan ringkasan berita sesuai topik yang Anda ikuti "
    "(/topik). Ketik /bantuan untuk semua perintah."
)
SMALL_TALK = {
    "greeting": "Halo! 👋 " + _WHAT_I_DO,
    "thanks": "Sama-sama! 😊 Silakan tanya lagi kapan saja, atau cari berita dengan /cari.",
    "who": _WHAT_I_DO,
    "help": _WHAT_I_DO,
    "ack": "Siap! 👍 Kalau ada yang ingin ditanyakan tentang berita, tulis saja pertanyaannya.",
    "emoji": "😊 Kalau ada yang ingin ditanyakan tentang berita, tulis saja pertanyaannya. "
    "Ketik /bantuan untuk semua perintah.",
}

# -- search: how well the results match (handlers/search.py) --------------------------------
SEARCH_PARTIAL = "Tidak ada hasil yang memuat semua kata; ini hasil yang paling mendekati."
SEARCH_COUNT = "Ditemukan {count} hasil"
SEARCH_PAGE_SHORT = "halaman {page}/{pages}"
