"""The shape of an answer: a yes/no verdict, a how-to's steps, the value to set in bold.

- :func:`verdict`: "ya", "tidak" or "tergantung" when the quoted sentence settles a yes/no
  question (a negation before the asked act; a condition; the act stated plainly), else None.
- :func:`steps_of`: the steps of a how-to when the quote lists them ("1. … 2. …", "pertama
  …, kemudian …", items after a colon), else [].
- :func:`highlight_span`: the value that answers, with its qualifier ("kelas 1" for "iuran
  kelas 1 berapa?"), or None when the quote holds no value for what was asked (it names
  only other classes, or no value of the asked type).

Pure text rules: no network, no database.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from summaries.question import CLASS, TYPED, Question, class_number, find_answer, unit_matches
from summaries.stem import stem
from summaries.tokenize import split_words

__all__ = ["highlight_span", "steps_of", "verdict"]

_NEGATION = r"(?:tidak|tak|belum|bukan|tanpa|nggak|ngga|enggak|gak|ga|tdk|blm)"
_ACTS = (
    r"(?:ditanggung|dijamin|dicover|dicakup|menanggung|menjamin|mencakup|bisa|dapat|boleh|"
    r"wajib|harus|perlu|termasuk|berlaku|ada|gratis|dibayar|dibayarkan|membayar|naik|turun|"
    r"berubah|dihapus|dihapuskan|diterima|menerima|berhak|mendapat|mendapatkan|cair|dicairkan|"
    r"benar|sah|resmi|akan)"
)
_DENIAL = re.compile(
    rf"\b{_NEGATION}\s+(?:\w+\s+){{0,2}}?{_ACTS}\b|\b(?:dikecualikan|dilarang|hoaks|hoax|"
    r"bohong|tidak benar|di luar tanggung jawab|di luar tanggungan|tidak ada)\b",
    re.IGNORECASE,
)
_CONDITION = re.compile(
    r"\b(?:jika|apabila|bila|asalkan|selama|dengan syarat|sepanjang|kecuali|"
    r"hanya (?:jika|bila|apabila|untuk|bagi|pada|yang)|sesuai (?:dengan )?indikasi|"
    r"indikasi medis|dengan catatan|tergantung)\b",
    re.IGNORECASE,
)
_AFFIRM = re.compile(
    rf"\b{_ACTS}\b|\b(?:tetap|sudah|telah|resmi|dipastikan|memastikan)\b", re.IGNORECASE
)


def verdict(question: Question, quote: str) -> str | None:
    """How the quote settles a yes/no question: "tidak" when it denies the act, "tergantung"
    when it states a condition, "ya" when it states the act plainly; None when it does not
    say (no act of the question or the quote)."""
    own = {stem(w.lower()) for w in question.focus}
    words = {stem(w.lower()) for w in split_words(quote)}
    if not own & words:
        return None
    if _DENIAL.search(quote):
        return "tidak"
    if _CONDITION.search(quote):
        return "tergantung"
    if _AFFIRM.search(quote):
        return "ya"
    return None


_NUMBERED = re.compile(r"(?:^|(?<=[\s.;:]))(\d{1,2})[.)]\s+(?=\S)")
_ORDINAL = re.compile(
    r"\b(?:pertama|kedua|ketiga|keempat|kelima|kemudian|selanjutnya|setelah itu|lalu|"
    r"terakhir)\b,?\s*",
    re.IGNORECASE,
)
MAX_STEPS = 6
MIN_STEP_CHARS = 8


def _clean_step(step: str) -> str:
    return step.strip(" ,;:.-–—").strip()


def steps_of(quote: str) -> list[str]:
    """The steps a how-to quote lists, in order; [] when it is not a list of two or more."""
    numbered = list(_NUMBERED.finditer(quote))
    if len(numbered) >= 2 and [int(m.group(1)) for m in numbered[:2]] == [1, 2]:
        bounds = [m.end() for m in numbered] + [len(quote)]
        starts = [m.start() for m in numbered[1:]] + [len(quote)]
        steps = [_clean_step(quote[a:b]) for a, b in zip(bounds, starts, strict=False)]
        return [s for s in steps if len(s) >= MIN_STEP_CHARS][:MAX_STEPS]
    _, colon, rest = quote.partition(":")
    if colon and ";" in rest:
        steps = [_clean_step(s) for s in rest.split(";")]
        steps = [re.sub(r"^(?:dan|serta)\s+", "", s) for s in steps]
        steps = [s for s in steps if len(s) >= MIN_STEP_CHARS]
        if len(steps) >= 2:
            return steps[:MAX_STEPS]
    ordinals = list(_ORDINAL.finditer(quote))
    if len(ordinals) >= 2:
        bounds = [m.end() for m in ordinals]
        ends = [m.start() for m in ordinals[1:]] + [len(quote)]
        steps = [_clean_step(quote[a:b]) for a, b in zip(bounds, ends, strict=False)]
        steps = [s for s in steps if len(s) >= MIN_STEP_CHARS]
        if len(steps) >= 2:
            return steps[:MAX_STEPS]
    return []


_QUALIFIER_GAP = 25  # characters between a value and its qualifier to bold them together


def highlight_span(
    question: Question, text: str, spans: Sequence[tuple[int, int]] = ()
) -> tuple[int, int] | None:
    """Where in ``text`` the value answering ``question`` is, with its qualifier; None when
    the question asks for no value or the text holds none for what was asked."""
    if question.kind not in TYPED:
        return None
    found = find_answer(question.kind, text, frozenset(w.lower() for w in question.focus))
    if not found:
        return None
    asked = {class_number(m) for m in CLASS.finditer(question.text)}
    classes = [(m.start(), m.end(), class_number(m)) for m in CLASS.finditer(text)]
    if asked:
        mine = [(a, b) for a, b, c in classes if c in asked]
        if not mine:
            return None  # the text speaks of other classes only ("iuran kelas 3 …")
        q_start, q_end = mine[0]
        others = [(a, b) for a, b, c in classes if c not in asked]

        def distance(span: tuple[int, int]) -> int:
            return span[0] - q_end if span[0] >= q_end else q_start - span[1] + 10

        def owned(span: tuple[int, int]) -> bool:  # no other class stands between
            lo, hi = sorted((span[0], q_end if span[0] >= q_end else q_start))
            return not any(lo <= a < hi for a, _ in others)

        candidates = [s for s in found if owned(s) and distance(s) >= 0]
        if not candidates:
            return None
        best = _merged(min(candidates, key=distance), [s for s in found if owned(s)])
        start, end = min(best[0], q_start), max(best[1], q_end)
        if end - start - (best[1] - best[0]) - (q_end - q_start) > _QUALIFIER_GAP:
            start, end = best
        return start, end
    if question.unit:
        with_unit = [s for s in found if unit_matches(question.unit, text[s[0] : s[1] + 25])]
        if with_unit:
            return _merged(with_unit[0], found)
    return _merged(found[0], found)


_MERGE_GAP = 30  # values this close are one answer ("Rp35.000 menjadi Rp42.000")
_MERGE_MAX = 160


def _merged(first: tuple[int, int], spans: Sequence[tuple[int, int]]) -> tuple[int, int]:
    """The span with the values right after it ("naik dari Rp35.000 menjadi Rp42.000")."""
    start, end = first
    for a, b in sorted(s for s in set(spans) if s[0] >= end):
        if a - end > _MERGE_GAP or b - start > _MERGE_MAX:
            break
        end = max(end, b)
    return start, end
