"""Every text a reader sees, in Indonesian, grouped by feature."""

# --- Rendering, digest and answers (render.py, digest.py, answer.py) ---
# Templates that contain HTML are filled with values that are already escaped.

UNTITLED = "(tanpa judul)"
READ_MORE = "Baca selengkapnya"
ALSO_REPORTED_BY = "Juga diberitakan oleh: {outlets}"
AND_MORE_OUTLETS = "{outlets} dan {count} media lainnya"
FROM_DESCRIPTION_NOTE = "Isi lengkap berita tidak dapat diambil; ringkasan ini dari cuplikannya."

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
ANSWER_SOURCE = "— {source}, {outlet}, {date}"
NO_ANSWER = (
    "Maaf, saya belum menemukan jawaban untuk pertanyaan itu di arsip berita. "
    "Coba tanyakan dengan kata lain, atau cari beritanya dengan /cari."
)

DIGEST_HEADER = "📰 <b>Ringkasan berita Anda</b>\n<i>Sejak {since}</i>"
DIGEST_TOPIC_HEADING = "📌 <b>{name}</b>"
DIGEST_KEYWORD_HEADING = "🔑 <b>Kata kunci: {keyword}</b>"
DIGEST_EMPTY = "Belum ada berita baru untuk langganan Anda sejak ringkasan terakhir."

KEYWORD_EMPTY = "Kata kunci tidak boleh kosong. Contoh: /langganan kartu prakerja"
KEYWORD_TOO_LONG = "Kata kunci terlalu panjang. Gunakan paling banyak {max} karakter."
