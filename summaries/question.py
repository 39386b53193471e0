"""What a reader's question asks for, and where a sentence holds that kind of answer.

:func:`analyze` reads a (casual) question: its asked type and its focus words.
:func:`find_answer` finds, in a sentence, the words that answer a type (an amount with its
unit, a date or time, a person's or organization's name, a place, a reason), as character
spans so the caller can bold them. Pure text rules: no network, no database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summaries.normalize import is_root_word, normalize
from summaries.stem import STOP_WORDS, stem
from summaries.tokenize import split_words

__all__ = [
    "AMOUNT",
    "CLASS",
    "DATE",
    "ENTITY",
    "PERSON",
    "PLACE",
    "PROCESS",
    "REASON",
    "TYPED",
    "UNKNOWN",
    "YEAR",
    "YES_NO",
    "Question",
    "analyze",
    "class_number",
    "find_answer",
    "small_talk",
    "unit_matches",
]

AMOUNT = "amount"
DATE = "date"
PERSON = "person"
PLACE = "place"
ENTITY = "entity"
YES_NO = "yes_no"
REASON = "reason"
PROCESS = "process"
UNKNOWN = "unknown"
TYPED = frozenset([AMOUNT, DATE, PERSON, PLACE])
"""Types whose answer a sentence either holds or not: the first quote must hold one."""

# Words that ask, not words the answer must contain (beyond the stop-word list).
QUESTION_WORDS = frozenset(
    [
        "apa",
        "apakah",
        "apaan",
        "siapa",
        "siapakah",
        "berapa",
        "berapakah",
        "kapan",
        "kapankah",
        "mana",
        "manakah",
        "bagaimana",
        "bagaimanakah",
        "kenapa",
        "mengapa",
        "kok",
        "benarkah",
        "betulkah",
        "bener",
        "benar",
        "emang",
        "memang",
        "tidak",
        "belum",
        "sudah",
        "ya",
        "dong",
        "sih",
        "kah",
        "nya",
        "cara",
        "caranya",
        "tolong",
        "mohon",
        "min",
        "admin",
        "kak",
        "bang",
        "gan",
        "sob",
        "bot",
        "warta",
        "info",
        "infonya",
        "kabar",
        "kabarnya",
        # Chat filler around a question: "takut disuruh pulang", "biar cepat", "kata dokter".
        *("pakai", "biar", "bilang", "dibilang", "takut", "kemarin", "ketemu", "gitu", "kayak"),
        *("soalnya", "nih", "deh", "aja", "saja", "banget", "mau", "ingin", "pengen", "katanya"),
        *("sekarang", "skrg", "gimana", "terus", "trus", "lalu"),
    ]
)

_DATE_ASKS = re.compile(
    r"\b(?:kapan|kapankah|sejak kapan|(?:tanggal|tgl|jam|pukul|tahun|bulan|hari) berapa|"
    r"hari apa|bulan apa|tahun apa|tanggal apa)\b"
)
_AMOUNT_ASKS = re.compile(r"\b(?:berapa|berapakah)\b")
_PERSON_ASKS = re.compile(r"\b(?:siapa|siapakah)\b")
_PLACE_ASKS = re.compile(
    r"\b(?:di mana|di manakah|ke mana|dari mana|dimana|kemana|darimana|lokasinya|"
    r"(?:di|ke|dari)\s+(?:[^\W\d_]+\s+){1,2}(?:mana|manakah)|"
    r"(?:kota|stadion|pantai|kampus|negara|provinsi|daerah|kabupaten|tempat|lokasi|gedung|"
    r"wilayah|pulau|desa|kecamatan|bandara|pelabuhan|sirkuit|rumah sakit)\s+(?:mana|apa))\b"
)
_REASON_ASKS = re.compile(r"\b(?:kenapa|mengapa|apa sebab|apa alasan|alasannya|penyebab)\b|^kok\b")
_PROCESS_ASKS = re.compile(r"\b(?:bagaimana|bagaimanakah|cara|caranya|langkah|syarat|prosedur)\b")
_YES_NO_ASKS = re.compile(
    r"^(?:apakah|apa benar|benarkah|betulkah|benar|emang|memang|masa|jadi)\b|"
    r"\b(?:tidak|belum|bukan|kan|ya)\s*\??$"
)
_ENTITY_ASKS = re.compile(r"\bapa\b")
_NEGATION = re.compile(r"\b(?:tidak|belum|bukan)\b")


_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Question:
    """A question as understood: normalized text, asked type, focus words (as normalized)."""

    text: str
    kind: str
    focus: tuple[str, ...]
    unit: str | None = None  # what "berapa" counts: "berapa koperasi" -> "koperasi"


_CLAUSE = re.compile(r"(?<=[?!.;])\s+")


def asked_type(normalized: str) -> str:
    """The type of answer a normalized question asks for: that of its first clause asking a
    definite type ("bisa gratis tidak? apa harus ada indikasi medis" asks yes or no)."""
    clauses = [c for c in _CLAUSE.split(normalized) if c.strip()]
    if len(clauses) > 1:
        for clause in clauses:
            kind = _clause_type(clause)
            if kind not in (UNKNOWN, ENTITY):
                return kind
    return _clause_type(normalized)


def _clause_type(normalized: str) -> str:
    q = " ".join(normalized.lower().split())
    if _DATE_ASKS.search(q):
        return DATE
    if _AMOUNT_ASKS.search(q):
        return AMOUNT
    if _PERSON_ASKS.search(q):
        return PERSON
    if _PLACE_ASKS.search(q):
        return PLACE
    if _REASON_ASKS.search(q):
        return REASON
    if _PROCESS_ASKS.search(q):
        return PROCESS
    if _YES_NO_ASKS.search(q.rstrip("?!. ")):
        return YES_NO
    if _ENTITY_ASKS.search(q):
        return ENTITY
    if _NEGATION.search(q):  # "aguero jadi pindah tidak musim ini"
        return YES_NO
    return UNKNOWN


def analyze(question: str) -> Question:
    """Normalize a reader's question and read its asked type and focus words."""
    text = normalize(" ".join(_URL.sub(" ", question).split()))
    focus: list[str] = []
    for word in split_words(text):
        lowered = word.lower()
        if lowered in STOP_WORDS or lowered in QUESTION_WORDS or word in focus:
            continue
        focus.append(word)
    kind = asked_type(text)
    unit = None
    if kind == AMOUNT:
        lowered = text.lower()
        after = _UNIT_ASKED.search(lowered)
        if after and (after.group(1) in _UNIT_ALIASES or after.group(1) not in STOP_WORDS):
            unit = after.group(1)
        elif _MONEY_ASKS.search(lowered):
            unit = "uang"
        elif focus:
            before = lowered.split("berapa")[0].split()
            words = [w for w in before if w not in STOP_WORDS and w not in QUESTION_WORDS]
            unit = words[-1].removesuffix("nya") if words else None
    return Question(text=text, kind=kind, focus=tuple(focus), unit=unit)


_MONEY_ASKS = re.compile(
    r"\b(?:harga|harganya|biaya|biayanya|tarif|tarifnya|gaji|gajinya|upah|iuran|iurannya|"
    r"dana|anggaran|modal|uang|duit|ongkos|denda|tiket|cicilan|pinjaman|utang|nilai)\b"
)
# Qualifiers a question and its answer must agree on: the BPJS class and the year.
CLASS = re.compile(r"\bkelas\s+(1|2|3|i{1,3}|satu|dua|tiga)\b", re.IGNORECASE)
"""A class of BPJS Kesehatan ("kelas 2", "kelas III", "kelas dua"); group 1 is its number."""
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_CLASS_NAMES = {"i": "1", "ii": "2", "iii": "3", "satu": "1", "dua": "2", "tiga": "3"}


def class_number(match: re.Match[str]) -> str:
    """The number of a :data:`CLASS` match as a digit ("kelas III" → "3")."""
    value = match.group(1).lower()
    return _CLASS_NAMES.get(value, value)


_UNIT_ASKED = re.compile(r"\bberapa(?:kah)?\s+([^\W\d_]+)")
# Units a reader names and the words an article uses for them.
_UNIT_ALIASES = {
    "km": ("km", "kilometer"),
    "kilo": ("kg", "kilogram", "kilo"),
    "sr": ("sr", "skala richter", "magnitudo"),
    "persen": ("persen", "%"),
    "lama": ("tahun", "bulan", "hari", "jam", "menit", "pekan", "minggu", "detik"),
    "umur": ("tahun",),
    "usia": ("tahun",),
    "duit": ("rp", "rupiah", "us$", "usd", "dolar", "dollar"),
    "uang": ("rp", "rupiah", "us$", "usd", "dolar", "dollar"),
    "harga": ("rp", "rupiah"),
    "biaya": ("rp", "rupiah"),
    "triliun": ("triliun",),
    "miliar": ("miliar",),
    "juta": ("juta",),
}


def unit_matches(unit: str, text: str) -> bool:
    """Whether an amount's text (with the words after it) names the asked unit."""
    lowered = text.lower()
    names = _UNIT_ALIASES.get(unit, (unit,))
    return any(re.search(rf"(?<![^\W\d_]){re.escape(n)}", lowered) for n in names) or (
        stem(unit) in {stem(w) for w in split_words(lowered)}
    )


# -- answers inside a sentence ----------------------------------------------------------------

_MONTHS = (
    "januari|februari|pebruari|maret|april|mei|juni|juli|agustus|september|oktober|"
    "november|nopember|desember|jan|feb|mar|apr|jun|jul|agu|agt|ags|sep|sept|okt|nov|des"
)
_DAYS = "senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad"
_NUMBER = r"\d+(?:[.,]\d+)*"
_SCALE = r"(?:ribu|rb|juta|jt|miliar|milyar|triliun|M|T|K)"
_UNITS = (
    r"(?:persen|%|per ?sen|(?i:skala richter|magnitudo)|SR|poin|basis poin|bps|"
    r"orang|jiwa|warga|peserta|pekerja|pegawai|"
    r"unit|buah|kali|kg|kilogram|gram|ton|liter|km|kilometer|meter|m2|m³|hektare|ha|"
    r"tahun|bulan|minggu|pekan|hari|jam|menit|detik|kursi|suara|desa|kota|kabupaten|provinsi|"
    r"perusahaan|sekolah|rumah|kendaraan|kasus|dosis|barel|rupiah|dolar|dollar|USD|US\$|"
    r"kepala keluarga|KK|keluarga|mahasiswa|siswa|pasien|korban|personel|lembaga|negara)"
)
_AMOUNT = re.compile(
    rf"(?:(?:Rp|IDR|US\$|USD|\$|€|S\$|RM)\.?\s?{_NUMBER}(?:\s?{_SCALE}\b)?"
    rf"|{_NUMBER}(?:\s?{_SCALE}\b)?\s?{_UNITS}(?![^\W\d_])"
    rf"|{_NUMBER}\s?{_SCALE}\b"
    rf"|\b(?i:satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|seratus|"
    rf"seribu|sejuta|puluhan|ratusan|ribuan|jutaan|miliaran)"
    rf"(?:\s(?:belas|puluh|ratus|ribu|juta|miliar|triliun))*\s{_UNITS}(?![^\W\d_]))",
)
_BARE_NUMBER = re.compile(rf"(?<![\w.,]){_NUMBER}(?![\w])")
_DATE = re.compile(
    rf"(?:\b(?:{_DAYS})\b(?:\s?\(\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?\))?(?:,?\s\d{{1,2}}\s(?:{_MONTHS})\b\.?(?:\s\d{{4}})?)?"
    rf"|\b\d{{1,2}}(?:\s?-\s?\d{{1,2}})?\s(?:{_MONTHS})\b\.?(?:\s\d{{4}})?"
    rf"|\b(?:{_MONTHS})\s\d{{4}}\b"
    rf"|\b(?:pada|sejak|mulai|awal|akhir|pertengahan|hingga|sampai|bulan)\s(?:{_MONTHS})\b"
    rf"|\b(?:{_MONTHS})\s(?:mendatang|depan|lalu|nanti)\b"
    rf"|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b"
    rf"|\b(?:pukul|jam)\s\d{{1,2}}(?:[.:]\d{{2}})?(?:\s?(?:WIB|WITA|WIT))?"
    rf"|\b(?:tahun|akhir|awal|pertengahan|sejak|mulai|per)\s(?:tahun\s)?(?:19|20)\d{{2}}\b"
    rf"|\b(?:hari ini|besok|lusa|kemarin|pekan depan|minggu depan|bulan depan|tahun depan|"
    rf"pekan lalu|minggu lalu|bulan lalu|tahun lalu|tahun ini|bulan ini|pekan ini)\b"
    rf"|\b(?:19|20)\d{{2}}\b)",
    re.IGNORECASE,
)
_TITLES = (
    "Presiden|Wakil Presiden|Wapres|Menteri|Menko|Wamen|Wakil Menteri|Kepala|Ketua|Wakil Ketua|"
    "Direktur|Dirut|Direktur Utama|Sekretaris|Sekjen|Gubernur|Wagub|Bupati|Wali Kota|Walikota|"
    "Kapolri|Kapolda|Kapolres|Panglima|Jaksa|Hakim|Juru Bicara|Jubir|Komisioner|Anggota|Deputi|"
    "Dirjen|Kadis|Camat|Lurah|Rektor|Dekan|Gubernur BI|Pj|Plt|Kabid|Kasubdit|Manajer|Ekonom|"
    "Pengamat|Peneliti|Analis|Dokter|Prof|Dr|Ir|Bapak|Ibu|Pak|Bu|CEO|Founder|Pendiri|Pemilik"
)
_CAP = r"(?:[A-Z][\w'’-]*)"
_NAME_SEQ = rf"{_CAP}(?:\s(?:bin|binti|van|de)\s)?(?:\s?(?:\d+\s)?{_CAP})*"  # "Stadion 17 Mei"
_NOT_PLACE = rf"(?:Rp|US|IDR|{_MONTHS}|{_DAYS})\b"
_PERSON_PATTERNS = (
    # a title and the name after it: "Menteri Kesehatan Budi Gunadi Sadikin"
    re.compile(rf"\b(?:{_TITLES})(?:\s{_CAP})+"),
    # a name before or after a verb of saying: "Budi Santoso mengatakan", "kata Budi Santoso"
    re.compile(
        rf"\b{_CAP}(?:\s{_CAP})+(?=,?\s(?:mengatakan|menyatakan|menjelaskan|menuturkan|"
        rf"mengungkapkan|menegaskan|menyebut|menyebutkan|berkata|kata|ujar|ungkap|tutur|jelas))"
    ),
    re.compile(rf"\b(?:kata|ujar|ungkap|tutur|jelas|tegas|sebut) ({_CAP}(?:\s{_CAP})+)"),
    # an organization: "Kementerian Keuangan", "BPJS Kesehatan", "OJK"
    re.compile(
        r"\b(?:Kementerian|Badan|Komisi|Dinas|Lembaga|Otoritas|Bank|PT|Pemerintah|Pemkot|"
        r"Pemprov|Pemkab|Mahkamah|Kejaksaan|Kepolisian|Polda|Polres|Direktorat|Universitas|"
        rf"Partai)(?:\s{_CAP})+|\b(?![IVXLCDM]+\b)[A-Z]{{2,}}(?:\s{_CAP})*"
    ),
)
_PLACE = re.compile(
    rf"\b(?:di|ke|Di|Ke|dari|asal|kawasan|wilayah|daerah|dekat) (?!{_NOT_PLACE})({_NAME_SEQ})"
    rf"|\b(?i:provinsi|kabupaten|kota|kecamatan|desa|kelurahan|pulau|jalan|jl\.|stadion|"
    rf"gedung|bandara|pelabuhan|pantai|gunung|sungai|pasar|rumah sakit|rs|universitas|kampus|"
    rf"hotel|masjid|istana|sirkuit|arena|lapas|rutan|kampung|dusun|teluk|selat|danau|taman|"
    rf"TPU|alun-alun)\s{_NAME_SEQ}"
)
_REASON = re.compile(
    r"\b(?:karena|dikarenakan|sebab|disebabkan|akibat|lantaran|dipicu|imbas|dampak|alasan|alasannya|"
    r"mengingat|oleh karena itu|sehingga|agar|supaya|demi|bertujuan|tujuannya|guna)\b[^.;!?]*",
    re.IGNORECASE,
)
_PROCESS = re.compile(
    r"\b(?:melalui|lewat|dengan cara|caranya|cara|langkah|tahap|tahapan|syarat|persyaratan|"
    r"mendaftar|daftar|mengakses|aplikasi|situs|laman|website|mengisi|mengunggah|membawa|"
    r"cukup|harus|wajib|dapat|bisa)\b[^.;!?]*",
    re.IGNORECASE,
)
_YES_NO = re.compile(
    r"\b(?:tidak|tak|belum|bukan|batal|gagal|hoaks|hoax|bohong|keliru|benar|betul|memang|"
    r"dipastikan|resmi|menolak|membantah|membenarkan|mengonfirmasi|menegaskan)\b[^.;!?]*",
    re.IGNORECASE,
)
_SENTENCE_START_CAPS = re.compile(r"^\W*\w+")


def _spans(pattern: re.Pattern[str], sentence: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for m in pattern.finditer(sentence):
        groups = [i for i in range(1, (pattern.groups or 0) + 1) if m.group(i)]
        start, end = (m.span(groups[0]) if groups else m.span()) if m.group() else (0, 0)
        if end > start:
            spans.append((start, end))
    return spans


_ROMAN_NUMERAL = re.compile(r"[IVXLCDM]+")
_CAPITALISED = re.compile(r"[A-Z][\w'’-]*")
_NAME_LINKS = frozenset(["bin", "binti", "van", "de", "da", "al", "el"])


def _name_like(word: str) -> bool:
    """A capitalised word that is no common Indonesian word: "Argentina", "Messi", "OJK"."""
    if any(ch.isdigit() for ch in word) or _ROMAN_NUMERAL.fullmatch(word):
        return False  # "Rp42", "III"
    if len(word) >= 2 and word.isupper():
        return True
    lowered = word.lower().strip("'’-")
    if lowered in STOP_WORDS or re.fullmatch(_MONTHS + "|" + _DAYS, lowered):
        return False
    return not is_root_word(lowered) and not is_root_word(stem(lowered))


def _names(sentence: str) -> list[tuple[int, int]]:
    """Runs of name-like capitalised words ("Lionel Messi", "Sri Mulyani Indrawati")."""
    spans: list[tuple[int, int]] = []
    words = [(m.start(), m.end(), m.group()) for m in re.finditer(r"[\w'’-]+", sentence)]
    run: list[tuple[int, int]] = []
    for start, end, word in [*words, (len(sentence), len(sentence), "")]:
        if word and word[0].isupper() and _name_like(word):
            if run and sentence[run[-1][1] : start].strip() not in ("", "bin", "binti"):
                spans.append((run[0][0], run[-1][1]))
                run = []
            run.append((start, end))
        elif word in _NAME_LINKS and run:
            continue
        elif run:
            spans.append((run[0][0], run[-1][1]))
            run = []
    return spans


def find_answer(
    kind: str, sentence: str, exclude: frozenset[str] = frozenset()
) -> list[tuple[int, int]]:
    """Character spans of ``sentence`` that answer a question of type ``kind``, best first;
    [] when it holds none (or the type asks for no particular words). A name or place made
    only of ``exclude`` words (lower case: the question's own) answers nothing."""
    spans = _find(kind, sentence)
    if exclude and kind in (PERSON, PLACE, ENTITY):
        spans = [s for s in spans if _new_words(sentence[s[0] : s[1]], exclude)]
    return spans


def _new_words(text: str, exclude: frozenset[str]) -> bool:
    return any(
        w.lower() not in exclude and stem(w.lower()) not in exclude
        for w in _CAPITALISED.findall(text)
    )


_SPELLED = (
    r"(?i:satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|seratus|"
    r"seribu|sejuta|puluhan|ratusan|ribuan|jutaan)(?:\s(?:belas|puluh|ratus|ribu|juta))*"
)
_COUNTED = re.compile(
    rf"(?:(?<![\w.,/]){_NUMBER}(?:\s?{_SCALE})?|\b{_SPELLED})\s(?:medali\s)?([a-z][a-z-]{{2,}})"
)


def _counted(sentence: str) -> list[tuple[int, int]]:
    """A figure and the thing it counts: "9.982 koperasi", "120 merek", "5.000 ekor"."""
    spans = []
    for m in _COUNTED.finditer(sentence):
        word = m.group(1)
        if word in STOP_WORDS or re.fullmatch(_MONTHS + "|" + _DAYS, word):
            continue
        spans.append(m.span())
    return spans


def _find(kind: str, sentence: str) -> list[tuple[int, int]]:
    if kind == AMOUNT:
        spans = _spans(_AMOUNT, sentence)
        spans += [s for s in _counted(sentence) if not any(a < s[1] and s[0] < b for a, b in spans)]
        spans.sort()
        if not spans:  # a bare figure that is not a year or a date's day
            dates = _spans(_DATE, sentence)
            spans = [
                s
                for s in _spans(_BARE_NUMBER, sentence)
                if not any(a <= s[0] < b for a, b in dates)
            ]
        return spans
    if kind == DATE:
        return _spans(_DATE, sentence)
    if kind == PERSON:
        spans = [s for p in _PERSON_PATTERNS for s in _spans(p, sentence)]
        spans = [s for s in spans if not _is_sentence_start_word(sentence, s)]
        return spans + [s for s in _names(sentence) if s not in spans]
    if kind == ENTITY:
        return _names(sentence)
    if kind == PLACE:
        return _spans(_PLACE, sentence)
    if kind == REASON:
        return _spans(_REASON, sentence)
    if kind == PROCESS:
        return _spans(_PROCESS, sentence)
    if kind == YES_NO:
        return _spans(_YES_NO, sentence)
    return []


def _is_sentence_start_word(sentence: str, span: tuple[int, int]) -> bool:
    """A single capitalised word at the start of a sentence is no name ("Hal", "Ia")."""
    start, end = span
    first = _SENTENCE_START_CAPS.match(sentence)
    return first is not None and " " not in sentence[start:end] and first.end() >= end


# -- small talk -------------------------------------------------------------------------------

_SMALL_TALK = (
    (
        "thanks",
        r"(?:terima kasih|makasih|makasi|mksh|trims|trimakasih|thx|thanks|thank you|tq|"
        r"tengkyu|nuhun|suwun|matur nuwun)(?: (?:banyak|ya|yah|kak|min|bot|warta|sekali))*",
    ),
    (
        "greeting",
        r"(?:(?:halo|hallo|helo|hai|hi|hey|hei|hello|assalamualaikum|assalamu'alaikum|"
        r"permisi|punten|salam|p)|(?:selamat )?(?:pagi|siang|sore|malam|datang))"
        r"(?: (?:juga|semua|kak|min|bot|warta|bang|gan|pagi|siang|sore|malam))*",
    ),
    (
        "who",
        r"(?:kamu|anda|ini|lu|lo|km) (?:siapa|apa)|siapa (?:kamu|anda|ini|lu|lo|km)|"
        r"(?:kamu|anda|ini) (?:bot )?apa|(?:kamu|anda) (?:itu )?bot(?: ya| kah)?",
    ),
    (
        "help",
        r"(?:(?:kamu|anda|bot ini|warta) )?(?:bisa apa(?: saja)?|bisa ngapain(?: aja)?|"
        r"bisa bantu apa(?: saja)?)|bantuan|tolong|help|menu|cara pakai|cara pakainya|"
        r"gimana cara pakainya|bagaimana cara pakainya|bagaimana cara menggunakannya|"
        r"apa yang bisa kamu lakukan|fitur(?:nya)? apa(?: saja)?",
    ),
)
# Words a message may open with to be only an acknowledgement ("oke", "mantap", "haha").
_ACK_FIRST = frozenset(
    [
        "ok",
        "oke",
        "okay",
        "okey",
        "okee",
        "sip",
        "siap",
        "mantap",
        "mantul",
        "keren",
        "bagus",
        "baik",
        "baiklah",
        "iya",
        "ya",
        "yoi",
        "noted",
        "wah",
        "wow",
        "hmm",
        "hm",
        "haha",
        "hehe",
        "wkwk",
        "wkwkwk",
        "lol",
        "good",
        "nice",
        "cool",
        "top",
        "jos",
        "paham",
    ]
)
# ...and every word of it must be one of these ("oke makasih ya kak", "mantap sekali").
_ACK_WORDS = _ACK_FIRST | frozenset(
    [
        "sekali",
        "banget",
        "deh",
        "dong",
        "lah",
        "kak",
        "min",
        "bot",
        "warta",
        "nih",
        "juga",
        "terima",
        "kasih",
        "makasih",
        "sudah",
        "udah",
        "mengerti",
    ]
)
_SMALL_TALK_RES = tuple((name, re.compile(rf"^(?:{p})$")) for name, p in _SMALL_TALK)
_NOT_WORD = re.compile(r"[^\w\s']+")
_HAS_LETTER_OR_DIGIT = re.compile(r"[^\W_]")


def small_talk(text: str) -> str | None:
    """The kind of small talk a message is ("greeting", "salam", "thanks", "who", "help", "ack",
    "emoji"), or None when it is (or may be) a real question."""
    if not text.strip():
        return None
    if not _HAS_LETTER_OR_DIGIT.search(text):
        return "emoji" if any(not ch.isspace() and not ch.isascii() for ch in text) else None
    words = " ".join(_NOT_WORD.sub(" ", normalize(text).lower()).split())
    words = _REPEATED_LETTERS.sub(r"\1", words)
    for name, pattern in _SMALL_TALK_RES:
        if pattern.match(words):
            if name == "greeting" and _SALAM.match(words):
                return "salam"  # answered with the salam, not with "Halo"
            return name
    tokens = words.split()
    if tokens and tokens[0] in _ACK_FIRST and all(t in _ACK_WORDS for t in tokens):
        return "ack"
    return None


_REPEATED_LETTERS = re.compile(r"([a-z])\1{2,}")
_SALAM = re.compile(r"^(?:ass?alamu'?alaikum|salam|asww?|ass?wrwb)\b")
