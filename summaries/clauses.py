"""Cutting a long sentence at a clause boundary, never inside a quote, a number or a name.

A boundary is a comma, semicolon or spaced dash followed by a word that starts a clause
("…, sehingga …", "…, yang …", "…; …"). The head before it is kept: Indonesian news puts the
main clause first. A boundary inside quotation marks or brackets is never used, nor one that
would end the head inside a fronted phrase ("Meski turun, …") or a list ("A, B, dan C").
A trailing place or date ("… di Bandung, Senin (19/9).") or the detail of a trailing
attribution ("…, kata Budi | saat ditemui di Jakarta.") may also go, and a bracketed aside with
a number ("(19/9)", "(45)"); a place inside the clause ("hingga situasi di Palestina kembali
normal") and short forms ("(BPJS)") never do. The longest shortening within the limit wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["MIN_HEAD", "boundaries", "cut", "has_predicate"]

# The head kept must have at least this many characters.
MIN_HEAD = 60

_FINAL = ".!?…"
_BREAK = re.compile(r"\s*[,;]\s+|\s+[–—-]\s+")
# Words that open a clause after a comma or dash.
_CLAUSE_WORDS_TEXT = (
    "yang sehingga karena sebab agar supaya hingga sampai dan serta tetapi namun tapi "
    "sedangkan sementara padahal bahkan meski meskipun walau walaupun kendati jika bila "
    "apabila ketika saat setelah sebelum usai seusai sejak untuk termasuk yakni yaitu "
    "seperti lantaran mengingat menyusul terutama khususnya misalnya sekaligus lalu "
    "kemudian melainkan sebagaimana seiring demi guna dimana selama kecuali apalagi "
    "terlebih sambil seraya tanpa"
)
_CLAUSE_WORDS = frozenset(_CLAUSE_WORDS_TEXT.split())
# Words that open a clause even without a comma before them ("… naik sehingga …").
_BARE_CLAUSE_WORDS_TEXT = (
    "sehingga karena lantaran menyusul setelah sebelum agar supaya demi ketika sejak meski "
    "meskipun walaupun padahal sedangkan namun tetapi"
)
_BARE_CLAUSE_WORDS = frozenset(_BARE_CLAUSE_WORDS_TEXT.split())
_DAYS = "Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu"
_BARE_BREAK = re.compile(r"\s+(?=(?:" + "|".join(sorted(_BARE_CLAUSE_WORDS)) + r")\s)")
# A place or time adjunct that ends the sentence: "… di Stadion Patriot, Bekasi, Senin (3/4)
# lalu.", "…, kata Budi di Jakarta, Rabu (13/12)." Only names, numbers, dates and a few time
# words may follow, so that "… hingga situasi di Palestina kembali normal" is never cut.
_ADJUNCT = re.compile(
    rf",?\s+(?=(?:di\s+[A-Z]|(?:pada\s+)?(?:{_DAYS})\b))"
    r"(?=(?:[\s,/]|\((?:[^()]){0,40}\)|[A-Z0-9][\w.'’/-]*|(?:di|pada|dan|lalu|pagi|siang|sore|"
    r"malam|dini|hari|kemarin|waktu|setempat|sekitar|pukul)\b)+[.!?]?[\"”’']?\s*$)"
)
_TWO_WORD_CLAUSES = frozenset({"di mana", "antara lain", "di antaranya", "salah satunya"})
# Conjunctions that also close a list ("A, B, dan C"): not a boundary after a short item.
_LIST_WORDS = frozenset({"dan", "serta", "hingga", "sampai"})
# Words that open a fronted phrase ending at the first comma ("Meski turun, Budi …").
_FRONTED_TEXT = (
    "meski meskipun walau walaupun kendati karena jika bila apabila saat ketika setelah "
    "sebelum usai seusai sejak agar untuk dengan dalam pada di menurut berdasarkan selain "
    "sebagai seperti akibat bagi demi guna terkait mengenai sesuai melalui lewat dari "
    "sementara selama sambil tanpa"
)
_FRONTED = frozenset(_FRONTED_TEXT.split())
_WORD = re.compile(r"[\w-]+")
# A bracketed aside with a number inside a sentence: a date "(19/9)", an age "(45)", a score.
# Short forms ("(BPJS)", "(Kemenpora)") are kept: readers search for them.
_ASIDE = re.compile(r" \([^()\"“”\d]{0,20}\d[^()\"“”]{0,20}\)(?=[\s,.;:!?])")
# A head may not end on a word that needs what follows ("… sesuai target yakni.").
_DANGLING_TEXT = (
    "yakni yaitu yang dan serta atau di ke dari pada untuk dengan bahwa sesuai oleh bagi "
    "dalam sebagai adalah merupakan ialah para sang antara tentang terhadap akan telah "
    "sudah masih juga tidak tak belum tetap seperti sebagaimana"
)
_DANGLING = frozenset(_DANGLING_TEXT.split())

# Where the detail of a trailing attribution starts: "…, kata Budi | saat ditemui di Jakarta,
# Senin.", "…," ujar Ani | seperti dikutip Reuters." The speaker is kept, only the detail goes.
_ATTRIBUTION_DETAIL = re.compile(
    r",?\s+(?=(?:seperti\s+|sebagaimana\s+)?(?:dikutip|dilansir|mengutip)\b"
    r"|(?:saat|ketika|usai|seusai|sewaktu)\s+(?:ditemui|dihubungi|dikonfirmasi|dimintai|"
    r"berbincang|memberikan|menyampaikan|berbicara|jumpa|konferensi|wawancara)\b"
    r"|kepada\s+(?:wartawan|media|awak|pers|jurnalis|[A-Z])"
    r"|(?:dalam|melalui|lewat|pada)\s+(?:keterangan|siaran|rilis|pernyataan|konferensi|jumpa|"
    r"wawancara|diskusi|acara|kesaksian|sidang|unggahan|akun)\b)"
)
_SAID_TEXT = (
    "kata ujar ungkap tutur jelas papar tegas imbuh tambah sebut terang ucap tandas pungkas "
    "katanya ujarnya ungkapnya tuturnya jelasnya paparnya tegasnya imbuhnya tambahnya "
    "sebutnya terangnya mengatakan menjelaskan mengungkapkan menuturkan menyebutkan "
    "menegaskan menambahkan menyatakan demikian"
)
_SAID = frozenset(_SAID_TEXT.split())


# A head must keep the sentence's predicate: a lower-case word shaped like a verb (me-, ber-,
# di-, ter-, per-) or one of the words that carry a predicate without a prefix. Names are
# capitalised, so "Kepala Seksi Humas PT Angkasa I, Eka Asmadi" (its "mengatakan" cut off)
# has none and is never a bullet.
_VERB_SHAPE = re.compile(r"^(?:me|ber|be|di|ter|per)[a-z]{3,}$")
_NOT_VERBS_TEXT = (
    "dengan dalam depan dari dini diri dirinya dia dimana begitu bersama beberapa berbagai "
    "berupa berikut berikutnya bersangkutan tersebut terhadap tertentu terutama terkait "
    "terakhir terbaru terbesar tertinggi terendah terlebih pertama persen perusahaan "
    "pemerintah meski meskipun menurut melalui mengenai bagi belum benar besar beserta"
)
_NOT_VERBS = frozenset(_NOT_VERBS_TEXT.split())
_PREDICATE_WORDS_TEXT = (
    "adalah merupakan ialah menjadi akan telah sudah sedang masih bisa dapat harus perlu "
    "ingin mau tidak tak belum ada naik turun tiba mulai resmi siap punya kata ujar jadi "
    "tetap hanya pun mampu boleh enggan gagal lolos usai tewas meninggal wafat hilang pulang"
)
_PREDICATE_WORDS = frozenset(_PREDICATE_WORDS_TEXT.split())


def has_predicate(head: str) -> bool:
    """Whether a shortened sentence still holds a predicate (it is a clause, not a name)."""
    for word in _WORD.findall(head)[1:]:
        if not word.islower():
            continue
        if word in _PREDICATE_WORDS or (_VERB_SHAPE.match(word) and word not in _NOT_VERBS):
            return True
    return False


def _after_speaker(text: str, start: int) -> bool:
    """Whether text[:start] ends with a said-word and the speaker ("…, kata Kapolda Budi")."""
    words = _WORD.findall(text[max(0, start - 80) : start].lower())
    return any(w in _SAID for w in words[-8:])


def _dangles(head: str) -> bool:
    """Whether a head ends on a word that needs more, or in a one-word "yang" clause."""
    words = _WORD.findall(head[-60:].lower())
    return not words or words[-1] in _DANGLING or (len(words) > 1 and words[-2] == "yang")


def _open_at(text: str, end: int) -> bool:
    """Whether a quotation or bracket is still open at text[:end]."""
    head = text[:end]
    return (
        head.count('"') % 2 == 1
        or head.count("“") > head.count("”")
        or head.count("(") > head.count(")")
        or head.count("[") > head.count("]")
        or bool(re.search(r"(?:^|\s)'[^']*$", head))
    )


def boundaries(text: str) -> list[int]:
    """Indices where a clause may end the sentence (the head is text[:index])."""
    words = _WORD.findall(text[:40].lower())
    fronted = bool(words) and words[0] in _FRONTED
    out: list[int] = []
    previous = 0
    for m in _BREAK.finditer(text):
        start = m.start()
        after = _WORD.findall(text[m.end() : m.end() + 30].lower())
        item = text[previous:start]
        previous = m.end()
        if not after or _open_at(text, start):
            continue
        if fronted and not out and "," not in text[:start] and ";" not in text[:start]:
            # The first comma closes the fronted phrase: what precedes it is no clause.
            continue
        first = after[0]
        two = " ".join(after[:2])
        if m.group().strip() == ";" and start > 0:
            out.append(start)
        elif two in _TWO_WORD_CLAUSES or first in _CLAUSE_WORDS:
            if first in _LIST_WORDS and len(_WORD.findall(item)) <= 3:
                continue
            out.append(start)
    return out


def _fronted_end(text: str) -> int:
    """Where the main clause starts after a fronted phrase ("Pada kategori beregu, …"), or 0."""
    words = _WORD.findall(text[:40].lower())
    if not words or words[0] not in _FRONTED:
        return 0
    for m in _BREAK.finditer(text):
        if m.group().strip() != "," or _open_at(text, m.start()):
            continue
        rest = text[m.end() :]
        first = _WORD.match(rest)
        if first is None or first.group().lower() in _CLAUSE_WORDS | _FRONTED:
            return 0
        return m.end()
    return 0


def _heads(text: str) -> list[int]:
    """Every index where the head of the sentence may end: clause boundaries, then bare ones."""
    points = set(boundaries(text))
    fronted = _fronted_end(text)
    for pattern in (_BARE_BREAK, _ADJUNCT, _ATTRIBUTION_DETAIL):
        for m in pattern.finditer(text):
            if m.start() <= fronted or _open_at(text, m.start()):
                continue
            if pattern is _ATTRIBUTION_DETAIL and not _after_speaker(text, m.start()):
                continue
            points.add(m.start())
    return sorted(points)


def _finish(head: str) -> str:
    head = head.rstrip(" ,;–—-")
    return head if head.endswith(tuple(_FINAL)) else head + "."


def _without_brackets(text: str) -> list[str]:
    """The text with one bracketed aside dropped, for each aside, then with all of them."""
    spans = [m.span() for m in _ASIDE.finditer(text) if not _open_at(text, m.start())]
    out = [text[:a] + text[b:] for a, b in spans]
    if len(spans) > 1:
        out.append(_ASIDE.sub("", text))
    return out


def cut(text: str, limit: int, accept: Callable[[str], bool] = lambda short: True) -> str:
    """The text, or its longest shortening within ``limit`` characters.

    A shortening drops a bracketed aside ("(19/9)", "(Spanyol)"), ends the sentence at a
    clause boundary, or may drop a fronted phrase ("Pada kategori beregu, kompetisi …" ->
    "Kompetisi …"). Left whole when it already fits or no shortening keeps MIN_HEAD
    characters; ``accept`` can refuse a shortening.
    """
    if len(text) <= limit:
        return text
    options: list[str] = []
    for variant in [text, *_without_brackets(text)]:
        front = _fronted_end(variant)
        starts = [0, front] if front else [0]
        ends = [p for p in _heads(variant) if p >= MIN_HEAD] + [len(variant)]
        for start in starts:
            for end in ends:
                if end - start < MIN_HEAD or end <= start:
                    continue
                if end < len(variant) and (
                    _dangles(variant[start:end]) or not has_predicate(variant[start:end])
                ):
                    continue
                body = variant[start:end]
                if start:
                    body = body[0].upper() + body[1:]
                short = _finish(body) if end < len(variant) else body
                if len(short) <= limit and accept(short):
                    options.append(short)
    return max(options, key=len) if options else text
