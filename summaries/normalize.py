"""Casual Indonesian, as readers type it, turned into standard forms (pure text, no I/O).

Readers write *udah*, *gak*, *dapet*, *yg*, *brp*, *dinaikin*, *ngirit*, *bangeeet*; the
archive says *sudah*, *tidak*, *dapat*, *yang*, *berapa*, *dinaikkan*, *mengirit*, *banget*.
:func:`normalize` rewrites a reader's text word by word, keeping everything else (spacing,
punctuation, numbers, capitalised names) as typed:

1. letters repeated three times or more become one (*bangeeet* → *banget*, *udahhh* → *udah*);
2. the lexicon in ``data/slang-id.txt`` maps casual words and abbreviations (*gak* → *tidak*);
3. colloquial affixes on a word that is not a standard word itself: the suffix *-in* becomes
   *-kan* (*dinaikin* → *dinaikkan*, *nonaktifin* → *nonaktifkan*) and the prefixes *nge-*,
   *ng-*, *ny-*, *n-* become the standard *meN-* form (*ngirit* → *mengirit*, *nuntut* →
   *menuntut*, *ngecek* → *mengecek*), only when what remains is a known root word.

Standard words are never rewritten by the affix rules: *ingin*, *dingin*, *angin*, *nganga*,
*nyata* and every other root of the Sastrawi dictionary stay as they are.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

from summaries.stem import stem

__all__ = ["is_root_word", "lexicon", "normalize", "normalize_word", "standard_prefix"]

# A word: letters, maybe hyphenated ("nonaktif-in" is not a thing; "anak-anak" is).
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*2?(?![\w])")
_REPEATS = re.compile(r"([^\W\d_])\1{2,}")
_VOWELS = frozenset("aeiou")
_ROMAN = re.compile(r"[ivxlcdm]+")


def _read_data(name: str) -> list[list[str]]:
    text = resources.files("summaries").joinpath(f"data/{name}").read_text("utf-8")
    rows = (line.split("#", 1)[0].split() for line in text.splitlines())
    return [row for row in rows if row]


@functools.cache
def lexicon() -> dict[str, str]:
    """Casual word → standard word(s), from ``data/slang-id.txt``."""
    return {row[0].lower(): " ".join(row[1:]).lower() for row in _read_data("slang-id.txt")}


@functools.cache
def _roots() -> frozenset[str]:
    """Standard root words: Sastrawi's dictionary plus ``data/roots-extra.txt``."""
    extra = {row[0].lower() for row in _read_data("roots-extra.txt")}
    return frozenset(StemmerFactory().get_words()) | extra


def is_root_word(word: str) -> bool:
    """Whether the lower-case ``word`` is a standard root word (the dictionaries above)."""
    return word in _roots()


def _is_root(word: str) -> bool:
    roots = _roots()
    return word in roots or (word.startswith("non") and word[3:] in roots)


def standard_prefix(root: str) -> str:
    """The standard active verb of ``root`` with *meN-* (*irit* → *mengirit*, *tuntut* →
    *menuntut*, *sapu* → *menyapu*, *pukul* → *memukul*, *cek* → *mengecek*)."""
    if sum(c in _VOWELS for c in root) <= 1:  # one syllable: menge-
        return "menge" + root
    first = root[0]
    if first in _VOWELS or first in "gh":
        return "meng" + root
    if first == "k":
        return "meng" + root[1:]
    if first in "bfv":
        return "mem" + root
    if first == "p":
        return "mem" + root[1:]
    if first == "t":
        return "men" + root[1:]
    if first == "s" and not root.startswith("sy"):
        return "meny" + root[1:]
    if first in "cdjz" or root.startswith("sy"):
        return "men" + root
    return "me" + root


_FINAL_E = re.compile(r"e([^aeiou]+)$")
_FINAL_O = re.compile(r"o([^aeiou]+)$")


def _vowel_pairs(form: str) -> list[int]:
    """Positions between two different vowels, where a spoken *h* may have been dropped."""
    return [
        i
        for i in range(1, len(form))
        if form[i - 1] in _VOWELS and form[i] in _VOWELS and form[i - 1] != form[i]
    ]


def _casual_root(form: str) -> str | None:
    """The root a casual spelling stands for: itself; *e* for *a* in a closed last syllable
    (*dapet* → *dapat*, *tangkep* → *tangkap*); *e*/*o* for a final *ai*/*au* (*sampe* →
    *sampai*, *kalo* → *kalau*); *o* for *u* in a closed last syllable (*jatoh* → *jatuh*); a
    dropped *h* (*ujan* → *hujan*, *taun* → *tahun*)."""
    if len(form) < 3:
        return None
    candidates = [form, _FINAL_E.sub(r"a\1", form), _FINAL_O.sub(r"u\1", form)]
    candidates += [form[:i] + "h" + form[i:] for i in _vowel_pairs(form)]  # taun → tahun
    if form.endswith("e"):
        candidates.append(form[:-1] + "ai")
    if form.endswith("o"):
        candidates.append(form[:-1] + "au")
    if form[0] in _VOWELS:
        candidates.append("h" + form)
    return next((c for c in candidates if _is_root(c)), None)


def _nasal_roots(word: str) -> list[str]:
    """Roots a casual nasal prefix may stand for (the nasal replaced a consonant, or was
    added): *ngirim* → kirim, *ngirit* → irit, *nyari* → cari, *nuntut* → tuntut, *mukul* →
    pukul, *ngecek* → cek, *ndiri* → diri."""
    candidates: list[str] = []
    if word.startswith("ny") and len(word) > 4 and word[2] in _VOWELS:
        candidates += ["c" + word[2:], "s" + word[2:]]
    elif word.startswith("ng") and len(word) > 4:
        rest = word[3:]
        if word.startswith("nge") and sum(c in _VOWELS for c in rest) == 1:
            candidates.append(rest)  # nge- before a one-syllable root: ngecek → cek
        candidates += ["k" + word[2:], word[2:]]
        if word.startswith("nge") and len(word) > 5:
            candidates.append(word[3:])  # ngeboyong → boyong
    elif word.startswith("nd") and len(word) > 4:
        candidates.append(word[1:])
    elif word.startswith("n") and len(word) > 3 and word[1] in _VOWELS:
        candidates.append("t" + word[1:])
    elif word.startswith("m") and len(word) > 4 and word[1] in _VOWELS:
        candidates.append("p" + word[1:])
    return candidates


def _verb(root: str, suffix: str) -> str:
    """The *meN-* verb of ``root`` when the stemmer reads it back as ``root`` (so it finds
    the same words in the archive), else the root itself with the suffix."""
    verb = standard_prefix(root) + suffix
    return verb if stem(verb) == root else root + suffix


def _affixed(word: str) -> str | None:
    """The standard form of a casual word (spelling or affixes), or None when we know none."""
    if _is_root(word) or len(word) < 4:
        return None
    base, suffix = word, ""
    if word.endswith("in") and len(word) > 5:
        base = word[:-2]
        if base.endswith(base[-1] * 2) and base[-1] not in _VOWELS:
            base = base[:-1]  # "dinaikkin"
        suffix = "kan"
    root = _casual_root(base)
    if root is not None and (suffix or root != base):
        return root + suffix  # dapet → dapat, nonaktifin → nonaktifkan
    for prefix in ("di", "ter", "ke"):
        if base.startswith(prefix) and (suffix or prefix != "ke"):
            root = _casual_root(base[len(prefix) :])
            if root is not None:
                return prefix + root + suffix  # dinaikin → dinaikkan, ditangkep → ditangkap
    for nasal in _nasal_roots(base):
        root = _casual_root(nasal)
        if root is not None:
            return _verb(root, suffix)  # ngirit → mengirit, nyariin → mencarikan
    if suffix and stem(base) != base and _is_root(stem(base)):
        return base + suffix  # pertahanin → pertahankan
    return None


@functools.lru_cache(maxsize=32_768)
def normalize_word(word: str) -> str:
    """The standard form of one word (maybe several words, *dmn* → *di mana*); unchanged
    when it is standard already or unknown."""
    if word.endswith("2") and word[:-1].isalpha():  # anak2 → anak-anak, gara2 → karena
        double = normalize_word(f"{word[:-1]}-{word[:-1]}")
        return double if double != f"{word[:-1]}-{word[:-1]}" else f"{word[:-1]}-{word[:-1]}"
    if not word or (not word.isalpha() and "-" not in word):
        return word
    roman = bool(_ROMAN.fullmatch(word.lower()))  # "III" is a numeral, not a "bangeeet"
    lowered = word.lower() if roman else _REPEATS.sub(r"\1", word.lower())
    changed = lowered != word.lower()
    table = lexicon()
    if lowered in table:
        return table[lowered]
    if roman or (len(word) > 1 and word.isupper()):
        return word  # numerals and acronyms ("BPJS") as typed
    if word[0].isupper() and word.lower() == lowered and not word.istitle():
        return word  # an acronym or a name in capitals: leave it
    if not lowered.isascii() or "-" in lowered:
        return lowered if changed else word
    affixed = _affixed(lowered)
    if affixed is not None:
        return affixed
    return lowered if changed else word


def normalize(text: str) -> str:
    """``text`` with every casual word replaced by its standard form; the rest as typed."""
    return _WORD.sub(lambda m: normalize_word(m.group()), text)
