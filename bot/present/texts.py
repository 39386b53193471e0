"""Every text a reader sees, in Indonesian, grouped by feature.

Texts are Telegram HTML (parse_mode=HTML). Placeholders in ``{braces}`` are filled with
``str.format``; whoever fills them escapes the values (``html.escape``) first.
"""

from __future__ import annotations

# --- Dates and separators (timefmt.py, render.py) ---

TODAY = "Hari ini"
YESTERDAY = "Kemarin"
AT_CLOCK = "{day} pukul {clock}"  # inside a sentence: "kemarin pukul 21.13 WITA"
SEPARATOR = " · "  # between the parts of a byline or a line of details, everywhere

# --- Commands menu (set_my_commands) ---

COMMAND_MENU: tuple[tuple[str, str], ...] = (
    ("start", "Mulai menggunakan Warta"),
    ("topik", "Pilih topik berita yang ingin diikuti"),
    ("langganan", "Ikuti topik atau kata kunci"),
    ("berhenti", "Berhenti ikuti topik atau kata kunci"),
    ("langgananku", "Topik dan kata kunci yang Anda ikuti"),
    ("cari", "Cari berita di arsip"),
    ("ringkasan", "Ringkasan berita terbaru sekarang"),
    ("pengaturan", "Jam ringkasan, zona waktu, jam tenang, dan gambar"),
    ("bantuan", "Bantuan dan daftar perintah"),
)
# The commands offered in a group's "/" menu (a subset of COMMAND_MENU).
GROUP_COMMANDS = frozenset(
    {"topik", "langganan", "berhenti", "langgananku", "cari", "ringkasan", "pengaturan", "bantuan"}
)
# Their descriptions there, speaking to the group (others as in COMMAND_MENU).
GROUP_COMMAND_DESCRIPTIONS = {
    "topik": "Topik berita yang diikuti grup ini",
    "langganan": "Grup ini mengikuti topik atau kata kunci",
    "berhenti": "Grup ini berhenti mengikuti topik atau kata kunci",
    "langgananku": "Topik dan kata kunci yang diikuti grup ini",
    "ringkasan": "Ringkasan berita grup ini sekarang",
    "pengaturan": "Jam ringkasan, zona waktu, jam tenang, dan gambar grup ini",
}

# --- /start and /bantuan (handlers/start.py) ---

WELCOME = (
    "Halo, {name}! 👋\n\n"
    "Saya <b>Warta</b>. Saya membaca berita dari media Indonesia dan mengirimkan "
    "ringkasan singkat tentang hal yang penting bagi Anda: BPJS Ketenagakerjaan, "
    "BPJS Kesehatan, UMKM, koperasi, pajak, dan lainnya.\n\n"
    "<b>Cara memulai:</b>\n"
    "1. Pilih topik dengan /topik, atau ikuti kata kunci, misalnya "
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
    "✅ Anda sekarang mengikuti topik <b>{topic}</b>. "
    "Berita baru tentang topik ini akan saya kirimkan kepada Anda."
)
DEEP_LINK_ALREADY = "Anda sudah mengikuti topik <b>{topic}</b>."
DEEP_LINK_UNKNOWN = (
    "Maaf, topik dari tautan tersebut tidak saya kenal. Silakan pilih dari daftar topik berikut."
)

HELP = (
    "<b>Perintah Warta</b>\n\n"
    "/topik — pilih topik berita yang ingin diikuti\n"
    "/langganan <i>topik atau kata kunci</i> — ikuti topik atau kata kunci, misalnya "
    "<code>/langganan koperasi</code> atau <code>/langganan kartu prakerja</code>\n"
    "/berhenti — berhenti ikuti (ketuk ✖ pada yang ingin dihentikan)\n"
    "/langgananku — lihat dan atur yang Anda ikuti\n"
    "/cari <i>kata kunci</i> — cari berita di arsip, misalnya <code>/cari iuran bpjs</code>\n"
    "/ringkasan — ringkasan berita terbaru sekarang juga\n"
    "/pengaturan — jam ringkasan harian, zona waktu (WIB/WITA/WIT), mode kiriman, "
    "jeda kiriman, jam tenang, dan gambar berita\n"
    "/bantuan — pesan ini\n\n"
    "Anda juga bisa langsung mengirim pertanyaan, misalnya "
    "<i>berapa koperasi yang sudah ikut BPJS Ketenagakerjaan?</i>, dan saya akan "
    "menjawab dari arsip berita.\n\n"
    "Di obrolan lain, ketik <code>@{bot} bpjs</code> untuk membagikan ringkasan berita."
)
HELP_GROUP = (
    "<b>Perintah Warta di grup ini</b>\n\n"
    "/topik — topik yang diikuti grup ini\n"
    "/langganan <i>topik atau kata kunci</i> — grup ini mengikuti topik atau kata kunci, "
    "misalnya <code>/langganan koperasi</code>\n"
    "/berhenti — grup ini berhenti mengikuti (ketuk ✖ pada yang ingin dihentikan)\n"
    "/langgananku — topik dan kata kunci yang diikuti grup ini\n"
    "/cari <i>kata kunci</i> — cari berita di arsip, misalnya <code>/cari iuran bpjs</code>\n"
    "/ringkasan — ringkasan berita grup ini sekarang (selain admin: sekali sejam)\n"
    "/pengaturan — jam ringkasan harian, zona waktu, mode kiriman, jam tenang, dan gambar "
    "berita grup ini\n"
    "/bantuan — pesan ini\n\n"
    "Hanya admin grup yang dapat mengubah yang diikuti grup dan pengaturannya. Di grup, "
    "saya hanya menanggapi perintah; untuk bertanya, sebut @{bot} dalam pesan, lalu "
    "pertanyaannya saya jawab di obrolan pribadi."
)

BUTTON_EXPIRED = "Maaf, tombol ini sudah tidak berlaku. Silakan kirim perintahnya lagi."

UNKNOWN_COMMAND = (
    "Maaf, perintah itu tidak saya kenal. Ketik /bantuan untuk melihat daftar perintah."
)
DID_YOU_MEAN_COMMAND = "Maaf, perintah itu tidak saya kenal. Mungkin maksud Anda yang ini:"
BUTTON_DID_YOU_MEAN_COMMAND = "▶️ {command}"
BUTTON_PICK_TOPICS = "📌 Pilih topik"
BUTTON_HOW_TO = "❓ Cara pakai"

# --- /topik (handlers/topics.py) ---

TOPICS_HEADER = "<b>Daftar topik</b>\nKetuk ➕ untuk mengikuti, ✅ untuk berhenti, lalu Selesai.\n"
TOPICS_HEADER_PAGED = (
    "<b>Daftar topik</b> (halaman {page} dari {pages})\n"
    "Ketuk ➕ untuk mengikuti, ✅ untuk berhenti, lalu Selesai.\n"
)
TOPICS_HEADER_READ_ONLY = "<b>Topik grup ini</b>\n✅ diikuti grup ini.\n"
TOPIC_LINE_FOLLOWED = "\n✅ <b>{name}</b> — {description}"
BUTTON_DONE = "✔️ Selesai"
TOPICS_DONE = (
    "✅ Anda mengikuti {count} topik: {names}.\n\n"
    "{schedule} Ubah kapan saja dengan /topik, /langgananku, atau /pengaturan."
)
TOPICS_DONE_GROUP = (
    "✅ Grup ini mengikuti {count} topik: {names}.\n\n"
    "{schedule} Admin dapat mengubahnya dengan /topik atau /pengaturan."
)
# The schedule as it stands, after "Selesai" (TOPICS_DONE*).
SCHEDULE_INSTANT = (
    "Berita baru akan saya kirimkan begitu terbit, dan ringkasannya setiap hari pukul {hour}."
)
SCHEDULE_DIGEST = "Ringkasannya akan saya kirimkan setiap hari pukul {hour}."
SCHEDULE_PAUSED = "Kiriman sedang dijeda; lanjutkan di /pengaturan."
TOPICS_DONE_NONE = (
    "Belum ada topik yang dipilih. Buka /topik kapan saja, atau ikuti kata kunci dengan "
    "<code>/langganan kartu prakerja</code>."
)
TOPIC_LINE = "\n<b>{name}</b> — {description}"
TOPICS_EMPTY = "Maaf, daftar topik belum tersedia."
TOPIC_BUTTON_ON = "✅ {name}"
TOPIC_BUTTON_OFF = "➕ {name}"
TOPIC_TOGGLED_ON = "✅ Mengikuti topik {name}"
TOPIC_TOGGLED_OFF = "Berhenti mengikuti topik {name}"
TOPIC_GONE = "Maaf, topik ini sudah tidak tersedia. Silakan buka /topik lagi."

# --- /langganan, /berhenti, /langgananku (handlers/subscribe.py) ---

SUBSCRIBE_USAGE = (
    "Tuliskan topik atau kata kunci setelah perintahnya, misalnya:\n"
    "<code>/langganan koperasi</code>\n"
    "<code>/langganan kartu prakerja</code>\n\n"
    "Atau pilih dari daftar topik dengan /topik."
)
SUBSCRIBED_TOPIC = "✅ Anda sekarang mengikuti topik <b>{topic}</b>."
SUBSCRIBED_KEYWORD = (
    "✅ Anda sekarang mengikuti kata kunci <b>{keyword}</b>. "
    "Setiap berita yang menyebutnya akan saya kirimkan."
)
ALREADY_TOPIC = "Anda sudah mengikuti topik <b>{topic}</b>."
ALREADY_KEYWORD = "Anda sudah mengikuti kata kunci <b>{keyword}</b>."
KEYWORD_INVALID = (
    "Maaf, kata kunci itu tidak bisa saya pakai. Gunakan huruf atau angka, paling banyak "
    "{max_length} karakter, misalnya <code>/langganan iuran bpjs</code>."
)
KEYWORD_TOO_VAGUE = (
    "Maaf, kata kunci <b>{keyword}</b> terlalu pendek atau terlalu umum: berita yang "
    "dikirim nanti kebanyakan tidak berhubungan. Gunakan kata yang khas, paling sedikit "
    "{min_length} huruf, misalnya <code>/langganan iuran bpjs</code>."
)
KEYWORD_IS_TOPIC = (
    "Ada topik untuk <b>{keyword}</b>. Topik juga memuat berita yang memakai istilah lain "
    "untuk hal yang sama, sedangkan kata kunci hanya berita yang menyebutnya. "
    "Mau ikuti yang mana?"
)
KEYWORD_NOT_FOUND_SUGGEST = (
    "Belum ada berita yang menyebut <b>{keyword}</b>. Mungkin maksud Anda salah satu ini?"
)
BUTTON_SUGGEST_TOPIC = "📌 {name}"
BUTTON_SUGGEST_KEYWORD = "🔑 {keyword}"
BUTTON_KEEP_KEYWORD = "✏️ Tetap ikuti “{keyword}”"
TOO_MANY_SUBSCRIPTIONS = (
    "Maaf, Anda sudah mencapai batas {count} topik dan kata kunci yang diikuti. "
    "Berhenti ikuti salah satu dengan /berhenti terlebih dahulu."
)
UNSUBSCRIBE_CHOOSE = "Ketuk ✖ pada yang ingin berhenti Anda ikuti:"
UNSUBSCRIBED_TOPIC = "Anda tidak lagi mengikuti topik <b>{topic}</b>."
UNSUBSCRIBED_KEYWORD = "Anda tidak lagi mengikuti kata kunci <b>{keyword}</b>."
NOT_SUBSCRIBED = (
    "Anda tidak sedang mengikuti <b>{value}</b>. Lihat yang Anda ikuti dengan /langgananku."
)
MY_SUBSCRIPTIONS_EMPTY = (
    "Anda belum mengikuti topik atau kata kunci apa pun. Pilih topik dengan /topik atau "
    "ketik <code>/langganan kata kunci</code>."
)
MY_SUBSCRIPTIONS_HEADER = "<b>Yang Anda ikuti</b>"
MY_TOPICS = "\n\n<b>Topik:</b>\n{items}"
MY_KEYWORDS = "\n\n<b>Kata kunci:</b>\n{items}"
MY_SUBSCRIPTIONS_ITEM = "• {value}"
MY_SUBSCRIPTIONS_FOOTER = "\n\nMode: {mode}. Ringkasan harian pukul {hour}. Ubah di /pengaturan."
MY_SUBSCRIPTIONS_TAP = "\nKetuk ✖ untuk berhenti mengikuti."
BUTTON_REMOVE_TOPIC = "✖ 📌 {name}"
BUTTON_REMOVE_KEYWORD = "✖ 🔑 {keyword}"
REMOVED = "Berhenti mengikuti {name}."
ALREADY_REMOVED = "Ini sudah tidak diikuti lagi."

# --- /cari (handlers/search.py) ---

SEARCH_USAGE = "Tuliskan kata kunci setelah perintahnya, misalnya <code>/cari iuran bpjs</code>."
SEARCH_EXPIRED = "Hasil pencarian ini sudah kedaluwarsa. Silakan cari lagi dengan /cari."
SEARCH_NO_MORE = "Tidak ada hasil lain."

# --- /ringkasan and the daily digest (handlers/digest.py, digest_queue.py, digest.py) ---

DIGEST_NO_SUBSCRIPTIONS = (
    "Anda belum mengikuti topik atau kata kunci apa pun, jadi belum ada ringkasan. "
    "Mulai dengan /topik."
)
DIGEST_NOTHING_YET = (
    "Belum ada berita baru tentang yang Anda ikuti. Berita baru akan saya kirimkan sesuai "
    "pengaturan Anda (lihat /pengaturan)."
)
DIGEST_NOTHING_NEW = (
    "Belum ada berita baru sejak ringkasan terakhir ({when}). Berita baru akan saya "
    "kirimkan sesuai pengaturan (lihat /pengaturan)."
)
DIGEST_GROUP_WAIT = (
    "Ringkasan grup ini terakhir dikirim {when}. Selain admin, anggota dapat memintanya "
    "sekali sejam; silakan coba lagi setelah pukul {next}."
)
DIGEST_EXPIRED = "Ringkasan ini sudah kedaluwarsa. Minta yang baru dengan /ringkasan."
BUTTON_SETTINGS = "⚙️ Pengaturan"
PAGER_PREVIOUS_SHORT = "⟨"
PAGER_NEXT_SHORT = "⟩"
PAGE_OF = "{page}/{pages}"

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
SETTINGS_SAVED_INSTANT = (
    "✅ Tersimpan. Ringkasan tiap hari pukul {hour}, berita baru langsung dikirim."
)
SETTINGS_SAVED_DIGEST = "✅ Tersimpan. Ringkasan tiap hari pukul {hour}, tanpa kiriman langsung."
SETTINGS_SAVED_PAUSED = "⏸ Tersimpan. Semua kiriman dijeda sampai dilanjutkan."
SETTINGS_INVALID = "Maaf, pilihan itu tidak valid. Silakan buka /pengaturan lagi."
READ_ONLY_NOTE = "\n\n<i>Hanya admin grup yang dapat mengubahnya.</i>"

# Pictures in pushes and quiet hours ("jam tenang"), also in /pengaturan.
SETTINGS_MORE = "\nGambar berita: <b>{pictures}</b>\nJam tenang: <b>{quiet}</b>"
PICTURES_ON = "ditampilkan"
PICTURES_OFF = "tidak ditampilkan"
QUIET_OFF = "mati"
QUIET_WINDOW = "{start}–{end} {zone}"  # 21.00–06.00 WIB
QUIET_HOLD = "{window}, berita ditahan sampai selesai"
QUIET_SILENT = "{window}, berita dikirim tanpa suara"
QUIET_DIGEST_HELD = (
    "\n<i>Jam ringkasan ({hour}) berada di dalam jam tenang, jadi ringkasan juga ditahan "
    "sampai pukul {end}.</i>"
)
QUIET_DIGEST_SILENT = (
    "\n<i>Jam ringkasan ({hour}) berada di dalam jam tenang, jadi ringkasan dikirim pada "
    "jamnya tanpa suara.</i>"
)
SETTINGS_CHOOSE_QUIET_START = (
    "\n\n<b>Jam tenang</b>: selama jam tenang, berita baru ditahan sampai jam tenang "
    "selesai, atau dikirim tanpa suara. Ringkasan harian tetap datang pada jamnya, kecuali "
    "jamnya jatuh di dalam jam tenang.\n"
    "Pilih jam <b>mulai</b> (waktu {zone}):"
)
SETTINGS_CHOOSE_QUIET_END = (
    "\n\n<b>Jam tenang</b> mulai pukul {start}. Pilih jam <b>selesai</b> (waktu {zone}):"
)
BUTTON_PICTURES_OFF = "🖼 Tanpa gambar"
BUTTON_PICTURES_ON = "🖼 Tampilkan gambar"
BUTTON_QUIET = "🌙 Jam tenang"
BUTTON_QUIET_HOLD = "⏳ Tahan sampai selesai"
BUTTON_QUIET_SILENT = "🔕 Kirim tanpa suara"
BUTTON_QUIET_OFF = "Matikan jam tenang"
SETTINGS_SAVED_PICTURES_ON = "✅ Tersimpan. Berita dikirim dengan gambarnya."
SETTINGS_SAVED_PICTURES_OFF = "✅ Tersimpan. Berita dikirim tanpa gambar."
SETTINGS_SAVED_QUIET_HOLD = (
    "✅ Tersimpan. Jam tenang {window}: berita baru ditahan sampai pukul {end}."
)
SETTINGS_SAVED_QUIET_SILENT = (
    "✅ Tersimpan. Jam tenang {window}: berita baru tetap dikirim, tanpa suara."
)
SETTINGS_SAVED_QUIET_MODE_HOLD = "✅ Tersimpan. Selama jam tenang, berita baru akan ditahan."
SETTINGS_SAVED_QUIET_MODE_SILENT = (
    "✅ Tersimpan. Selama jam tenang, berita baru dikirim tanpa suara."
)
SETTINGS_SAVED_QUIET_OFF = "✅ Jam tenang dimatikan. Berita baru langsung dikirim."
QUIET_SAME_HOURS = (
    "Jam mulai dan jam selesai tidak boleh sama. Silakan pilih jam selesai yang lain."
)

# Forum groups: the topic where the group subscribed was deleted (delivery/sender.py).
THREAD_GONE = (
    "ℹ️ Topik tempat grup ini berlangganan Warta sudah tidak ada, jadi berita kini dikirim ke "
    "topik umum (General). Admin dapat mengirim /langganan atau /topik di topik lain untuk "
    "memindahkannya ke sana."
)

# --- Inline mode (handlers/inline.py) ---

INLINE_NO_BULLETS = "Ringkasan belum tersedia."
INLINE_OPEN_BOT = "Buka Warta"  # the button over an empty inline answer
INLINE_START_PARAMETER = "inline"  # /start payload from that button (A-Za-z0-9_-)
GROUP_START_PARAMETER = "grup"  # /start payload of a group's pointer with no question

# --- Groups (handlers/groups.py) ---

GROUP_ADMINS_ONLY = (
    "Maaf, di grup ini hanya admin grup yang dapat mengubah yang diikuti grup dan pengaturannya."
)
GROUP_ADMINS_ONLY_SHORT = "Maaf, hanya admin yang dapat mengubahnya."
# A member mentions the bot in a group (handlers/group_questions.py): one line, one button.
GROUP_ASK_PRIVATELY = "{name}, pertanyaan Anda saya jawab di obrolan pribadi, ya 👇"
GROUP_TALK_PRIVATELY = "{name}, silakan tanya saya lewat obrolan pribadi, ya 👇"
BUTTON_ASK_PRIVATELY = "💬 Tanya di obrolan pribadi"
GROUP_ADDED = (
    "Halo semuanya! 👋 Terima kasih telah menambahkan <b>Warta</b> ke grup ini.\n\n"
    "Saya mengirimkan ringkasan singkat berita Indonesia tentang topik yang diikuti grup "
    "ini. Admin grup dapat memilih topik dengan tombol di bawah atau /topik; semua anggota "
    "dapat mencari berita dengan <code>/cari iuran bpjs</code>.\n"
    "Di grup ini saya hanya menanggapi perintah. Ketik /bantuan untuk daftar perintah."
)
# Group variants: a group is addressed as the group, never as one person ("Anda").
SUBSCRIBED_TOPIC_GROUP = "✅ Grup ini sekarang mengikuti topik <b>{topic}</b>."
SUBSCRIBED_KEYWORD_GROUP = (
    "✅ Grup ini sekarang mengikuti kata kunci <b>{keyword}</b>. "
    "Setiap berita yang menyebutnya akan saya kirimkan ke grup ini."
)
ALREADY_TOPIC_GROUP = "Grup ini sudah mengikuti topik <b>{topic}</b>."
ALREADY_KEYWORD_GROUP = "Grup ini sudah mengikuti kata kunci <b>{keyword}</b>."
UNSUBSCRIBED_TOPIC_GROUP = "Grup ini tidak lagi mengikuti topik <b>{topic}</b>."
UNSUBSCRIBED_KEYWORD_GROUP = "Grup ini tidak lagi mengikuti kata kunci <b>{keyword}</b>."
NOT_SUBSCRIBED_GROUP = (
    "Grup ini tidak sedang mengikuti <b>{value}</b>. Lihat yang diikuti grup dengan /langgananku."
)
MY_SUBSCRIPTIONS_EMPTY_GROUP = (
    "Grup ini belum mengikuti topik atau kata kunci apa pun. Admin grup dapat memilih "
    "topik dengan /topik."
)
MY_SUBSCRIPTIONS_HEADER_GROUP = "<b>Yang diikuti grup ini</b>"
TOO_MANY_SUBSCRIPTIONS_GROUP = (
    "Maaf, grup ini sudah mencapai batas {count} topik dan kata kunci yang diikuti. "
    "Berhenti ikuti salah satu dengan /berhenti terlebih dahulu."
)
DIGEST_NO_SUBSCRIPTIONS_GROUP = (
    "Grup ini belum mengikuti topik atau kata kunci apa pun, jadi belum ada ringkasan. "
    "Admin grup dapat memilih topik dengan /topik."
)
DIGEST_NOTHING_YET_GROUP = (
    "Belum ada berita baru tentang yang diikuti grup ini. Berita baru akan saya kirimkan "
    "sesuai pengaturan grup (lihat /pengaturan)."
)
REMOVED_GROUP = "Grup ini berhenti mengikuti {name}."
FOLLOWED_AGAIN_GROUP = "✅ Grup ini kembali mengikuti {name}."
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

# --- Characters Warta cannot read: a NUL byte, a broken emoji (handlers/unreadable.py) ---

UNREADABLE_MESSAGE = (
    "Maaf, Warta tidak dapat membaca pesan ini karena ada karakter yang tidak dikenali di "
    "dalamnya (biasanya ikut tersalin dari aplikasi lain). Silakan ketik ulang pesannya, "
    "lalu kirim lagi."
)
# A callback answer: at most 200 characters.
UNREADABLE_BUTTON = (
    "Maaf, tombol ini mengirim data yang tidak dapat dibaca Warta. "
    "Silakan gunakan tombol pada pesan terbaru."
)
# The button over an empty inline answer (short: one line in the reader's app).
UNREADABLE_INLINE = "Ada karakter yang tidak terbaca, ketik ulang"
# The database is unreachable for now: the update stays in the inbox and is answered later.
DATABASE_TROUBLE = (
    "Maaf, Warta sedang mengalami gangguan. Pesan Anda sudah kami terima dan akan dijawab "
    "begitu layanan pulih."
)


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
ANSWER_SOURCE = "— {source}"  # linked title · outlet · date
NO_ANSWER = (
    "Maaf, saya belum menemukan jawaban untuk pertanyaan itu di arsip berita. "
    "Coba tanyakan dengan kata lain, atau cari beritanya dengan /cari."
)

DIGEST_HEADER = "📰 <b>Ringkasan berita Anda</b>\n<i>{period}</i>"
DIGEST_HEADER_GROUP = "📰 <b>Ringkasan berita grup ini</b>\n<i>{period}</i>"
PERIOD_HOURS = "{hours} jam terakhir"
PERIOD_DAYS = "{days} hari terakhir"
PERIOD_SINCE = "Sejak {when}"  # "Sejak kemarin pukul 21.13 WITA"
DIGEST_MORE = "+{count} lainnya — <code>/cari {query}</code>"
DIGEST_ALREADY_SENT = "✔️ <b>Sudah dikirim</b>"
DIGEST_ALREADY_SENT_ITEM = "• {title}"
DIGEST_TOPIC_HEADING = "📌 <b>{name}</b>"
DIGEST_KEYWORD_HEADING = "🔑 <b>Kata kunci: {keyword}</b>"
DIGEST_CONTINUED = "{heading} <i>(lanjutan)</i>"  # a section's heading atop a later page
DIGEST_OUTLET_AND_OTHERS = "{outlet} dan {count} media lain"
DIGEST_FROM_DESCRIPTION = "diringkas dari cuplikan"
DIGEST_OTHER_NEWS = "➕ <b>Berita baru lainnya</b>"
DIGEST_OTHER_NEWS_ITEM = "• {name}: {count} berita — <code>/cari {query}</code>"

# Pushes (fanout.py, handlers/push.py): the first line says why the story came.
PUSH_REASON_TOPIC = "📌 {name}"
PUSH_REASON_KEYWORD = "🔑 {keyword}"
BUTTON_UNFOLLOW = "🔕 Berhenti ikuti {name}"
BUTTON_FOLLOW_AGAIN = "↩️ Ikuti lagi"
BUTTON_SHARE = "📤 Bagikan"
UNFOLLOWED = "Anda tidak lagi mengikuti {name}."
UNFOLLOWED_GROUP = "Grup ini tidak lagi mengikuti {name}."
FOLLOWED_AGAIN = "✅ Anda kembali mengikuti {name}."

# -- questions: the answer's shape (bot/chat/answer.py) ------------------------------------------
ANSWER_VERDICT = {"ya": "<b>Ya.</b>", "tidak": "<b>Tidak.</b>", "tergantung": "<b>Tergantung.</b>"}
ANSWER_STEPS = "Langkahnya menurut berita:"
ANSWER_EARLIER = "Berita yang lebih lama ({date}) menyebut angka yang berbeda."
RELATED_HEADER = (
    "Saya belum menemukan kalimat yang menjawab pertanyaan itu dengan pasti. "
    "Berita berikut membahas hal yang berkaitan:"
)
RELATED_ITEM = "• {title}"  # linked title · outlet · date

# -- questions: not found, follow, small talk (bot/chat/answer.py, handlers/questions.py) --------
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
FOLLOW_ALERT_TOO_MANY = (
    "Yang Anda ikuti sudah mencapai batas. Berhenti ikuti salah satu dengan /berhenti dulu."
)

# -- questions: 👍 / 👎 under an answer (handlers/feedback.py) ----------------------------------
BUTTON_VOTE_UP = "👍"
BUTTON_VOTE_DOWN = "👎"
BUTTON_VOTE_CHOSEN = "✅ {label}"  # the one the reader pressed
VOTE_THANKS = "Terima kasih atas masukannya! 🙏"
VOTE_EXPIRED = "Maaf, jawaban ini sudah tidak bisa dinilai. Silakan kirim pertanyaannya lagi."

_WHAT_I_DO = (
    "Saya Warta, bot berita Indonesia. Saya bisa menjawab pertanyaan dari arsip berita "
    "(misalnya <i>iuran BPJS Kesehatan naik berapa?</i>), mencari berita dengan "
    "<code>/cari</code>, dan mengirimkan ringkasan berita sesuai topik yang Anda ikuti "
    "(/topik). Ketik /bantuan untuk semua perintah."
)
SMALL_TALK = {
    "greeting": "Halo! 👋 " + _WHAT_I_DO,
    "salam": "Waalaikumsalam! 👋 " + _WHAT_I_DO,
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
# Words of the query that no article holds: said first, the closest results after it.
SEARCH_MISSING = "Belum ada berita yang memuat {words}."
WORDS_NEITHER = " maupun "  # "<b>tapera</b> maupun <b>prakerja</b>"
SEARCH_HEADER_CLOSEST = "🔎 Hasil terdekat untuk <b>{query}</b>"
SEARCH_FOLLOW_HINT = " Ketuk 🔔 di bawah, dan berita barunya akan langsung saya kirimkan."
