"""The question inside a reader's message: greetings, politeness and context set aside.

Readers write "Selamat sore min, mau tanya dong, iuran kelas 2 sekarang berapa? soalnya saya
mau turun kelas. Makasih". Only "iuran kelas 2 sekarang berapa?" is searched for: a greeting,
the asking formula, thanks and a "soalnya …" clause explaining why they ask would otherwise
count as words the answer must hold. Context that narrows the question ("saya peserta
mandiri", "ortu saya pensiunan pns") stays. Pure text rules: no network, no database.
"""

from __future__ import annotations

import re

from summaries.question import CLASS, YEAR

__all__ = ["core_question", "is_follow_up", "with_previous"]

_ADDRESS = (
    r"(?:min|mimin|admin|kak|kakak|ka|gan|agan|bang|bro|sis|mas|mbak|mba|pak|bu|om|tante|"
    r"bot|warta|semua|all|guys|teman-teman|temen-temen)"
)
_STRONG_GREETING = (
    r"(?:selamat\s+(?:pagi|siang|sore|malam|malem|petang)|"
    r"assalamu'?alaikum(?:\s+wr\.?\s*wb\.?|\s+warahmatullahi\s+wabarakatuh)?|"
    r"ass?alamualaikum|halo+|hallo+|helo+|hai+|permisi|punten|"
    r"(?:maaf|mohon\s+maaf)(?:\s+(?:mengganggu|ganggu|menganggu))?)"
)
# Words that greet only when an address or a comma follows: "pagi min," but "pagi ini …".
_WEAK_GREETING = r"(?:pagi|siang|sore|malam|malem|salam|hi|hei|hey|misi|p)"
_ASKING = (
    r"(?:(?:saya|aku|sy|gue|gw)\s+)?(?:(?:mau|ingin|pengen|pingin|boleh|izin|ijin|numpang|"
    r"sekadar|cuma|cuman|mo)\s+)?(?:tanya|nanya|bertanya|menanyakan|nanyain|konfirmasi|"
    r"minta\s+info|minta\s+informasi)(?:\s+(?:dong|donk|nih|ni|ya|yah|sedikit|sikit|"
    r"lagi|aja|saja))*|tolong\s+(?:dibantu|bantu|bantuannya|infonya|info)|"
    r"mohon\s+(?:info|infonya|informasinya|bantuannya|penjelasannya|pencerahannya|"
    r"pencerahan|dijelaskan)|(?:minta|butuh)\s+(?:info|pencerahan|bantuan)|"
    r"(?:ada\s+yang|ada\s+yg)\s+(?:tahu|tau)(?:\s+(?:gak|nggak|ga|tidak|ngga))?"
)
_TAIL = rf"(?:\s+{_ADDRESS}\b)*\s*[,.!:;-]*\s*"
_OPENING_UNIT = re.compile(
    rf"^(?:(?:{_STRONG_GREETING}|{_ASKING})\b{_TAIL}"
    rf"|{_WEAK_GREETING}(?:(?:\s+{_ADDRESS}\b)+\s*[,.!:;-]*|\s*[,.!:;-]+)\s*"
    rf"|{_ADDRESS}(?=\s*[,.!:;-]|\s+(?:{_ASKING}|{_STRONG_GREETING})\b)\s*[,.!:;-]*\s*)",
    re.IGNORECASE,
)
_THANKS = re.compile(
    r"(?:[,.!?]\s*|\s+)(?:(?:terima\s*kasih|makasih|makasi|mksh|trims|thx|thanks|tq|"
    r"tengkyu|nuhun|suwun)(?:\s+(?:banyak|sebelumnya|ya|yah|kak|min|bot|sekali|atas\s+"
    r"(?:infonya|jawabannya|bantuannya)))*|mohon\s+(?:infonya|jawabannya|dibantu)|"
    r"(?:ditunggu|dtunggu)\s+(?:jawabannya|infonya|balasannya))\s*[.!🙏]*\s*$",
    re.IGNORECASE,
)
_BECAUSE_TAIL = re.compile(
    r"(?:[,.!?]\s*|\s+)(?:soalnya|soale|karna\s+(?:saya|aku|sy)|karena\s+(?:saya|aku|sy)|"
    r"krn\s+(?:saya|aku|sy)|biar\s+(?:saya|aku|sy)\s+(?:tahu|tau|paham))\b[^?]*$",
    re.IGNORECASE,
)
_TRAILING_ADDRESS = re.compile(rf"(?:\s*[,]?\s+{_ADDRESS})+\s*([?!.]*)\s*$", re.IGNORECASE)
_MIN_WORDS = 2  # a question left shorter than this keeps what was set aside


def core_question(message: str) -> str:
    """``message`` without the greeting and asking formula before the question, the thanks
    after it and a trailing "soalnya …" clause; the message itself when nothing would be
    left of it."""
    text = " ".join(message.split())
    core = text
    while (opening := _OPENING_UNIT.match(core)) and opening.end() > 0:
        core = core[opening.end() :]
    for pattern in (_THANKS, _BECAUSE_TAIL, _THANKS):
        core = pattern.sub("", core).strip()
    core = _TRAILING_ADDRESS.sub(r"\1", core).strip(" ,;:-")
    return core if len(core.split()) >= _MIN_WORDS else text


# -- follow-up questions ------------------------------------------------------------------------

_FOLLOW_OPENING = re.compile(
    r"^\s*(?:(?:terus|trus|trs|lalu|lantas|nah|oh|oke|ok|jadi|jd|tapi|tp|kalau|kalo|klo|"
    r"kl|gimana|bagaimana|gmn|untuk|buat|yang|yg|itu|ini|dan|sama|sm|kok|kenapa|knp)\b"
    r"\s*,?\s*)+",
    re.IGNORECASE,
)
_POINTS_BACK = re.compile(
    r"\b(?:itu|tsb|tersebut|tadi|nya|begitu|gitu|juga|jg)\b|\w+nya\b", re.IGNORECASE
)
FOLLOW_UP_WORDS = 6  # a follow-up is short: at most this many words


def is_follow_up(question: str) -> bool:
    """Whether a short question leans on the previous one ("terus kalau kelas 2?", "itu
    mulai kapan?", "syaratnya apa aja?")."""
    words = question.split()
    if not words or len(words) > FOLLOW_UP_WORDS:
        return False
    return bool(_FOLLOW_OPENING.match(question) or _POINTS_BACK.search(question))


def with_previous(previous: str, follow_up: str) -> str:
    """The follow-up read with the previous question's subject: its asking words with the
    previous question's content around them ("iuran kelas 1 berapa" + "terus kalau kelas
    2?" → "iuran kelas 2 berapa"). A qualifier of the same kind ("kelas 2" for "kelas 1", a
    year for a year) replaces the previous one; the rest is added."""
    asked = _FOLLOW_OPENING.sub("", follow_up).strip(" ?!.,")
    merged = previous.rstrip(" ?!.")
    if _ASKS.search(asked):  # the follow-up asks its own way: drop the previous asking words
        merged = " ".join(_ASKS.sub(" ", merged).split())
    replaced = False
    for pattern in _QUALIFIERS:
        new = pattern.search(asked)
        old = pattern.search(merged)
        if new and old:
            merged = merged[: old.start()] + new.group() + merged[old.end() :]
            asked = (asked[: new.start()] + asked[new.end() :]).strip()
            replaced = True
    if replaced and not asked:
        return merged
    return f"{asked} {merged}".strip() if asked else merged


_ASKS = re.compile(
    r"\b(?:berapa|brp|kapan|bagaimana|gimana|gmn|gmna|kenapa|knp|mengapa|siapa|mana|apakah|"
    r"apa)\b",
    re.IGNORECASE,
)
_QUALIFIERS = (CLASS, YEAR)
