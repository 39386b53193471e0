"""Bullets that stand alone: no opening connective or back-pointing pronoun.

A sentence taken out of its article may lean on the one before it ("Namun, …", "Ia
mengatakan …", "Hal itu …"). ``repair`` drops a leading connective, puts the person's name in
place of a pronoun when the sentence before names exactly one person, or joins the sentence
before when the bullet needs it; what it cannot repair is marked so that the summarizer takes
another sentence. The openers are data: ``summaries/data/openers-id.txt``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Literal, Protocol

__all__ = [
    "JOIN_LIMIT",
    "Opener",
    "Repair",
    "find_opener",
    "person_named",
    "repair",
]

OpenerKind = Literal["connective", "person", "anaphor"]

# A bullet joined with the sentence before it may be at most this long (characters).
JOIN_LIMIT = 200
# How many sentences back a join may reach for one that stands alone.
JOIN_BACK = 2

_OPENERS_FILE = "openers-id.txt"
_QUOTES = "\"'“”‘’"
_LEAD = re.compile(r"[\"'“‘(\[]*")
_TOKEN = re.compile(r"[\w'’.-]+|[^\w\s]", re.UNICODE)
_NAME_TOKEN = re.compile(r"(?:[A-Z][a-z]+(?:[-'’][A-Za-z]+)*|[A-Z]\.)$")
_ACRONYM = re.compile(r"[A-Z]{2,}[a-z]?$")
# Words around a name that say a person is speaking: "kata Budi", "Budi mengatakan".
_SAID_BEFORE_TEXT = (
    "kata ujar ungkap tutur jelas papar tegas imbuh tambah sebut terang ucap tandas pungkas "
    "lanjut menurut disampaikan diungkapkan dijelaskan dikatakan ditegaskan dituturkan "
    "diumumkan disebutkan diakui"
)
_SAID_BEFORE = frozenset(_SAID_BEFORE_TEXT.split())
_SAID_AFTER_TEXT = (
    "mengatakan menjelaskan mengungkapkan menuturkan menyebutkan menegaskan menambahkan "
    "menyatakan mengaku mengakui berharap menilai menyebut meminta memastikan mengklaim "
    "membantah menerangkan memaparkan mengimbau berpendapat bilang mengutarakan mengingatkan "
    "berkata menduga menyampaikan menganggap meyakini mengungkap menampik berujar"
)
_SAID_AFTER = frozenset(_SAID_AFTER_TEXT.split())
# Titles, roles and portfolio words that come before a person's name and are not part of it.
_ROLE_WORDS_TEXT = (
    "presiden wakil menteri menko ketua umum kepala direktur utama dirut juru bicara jubir "
    "gubernur bupati wali kota walikota kapolri kapolda kapolres kapolsek kadiv humas kabid "
    "kasat kanit kabag jenderal irjen brigjen kombes akbp akp komisaris polisi pol letjen "
    "mayjen marsekal laksamana kolonel komjen kompol ipda iptu aiptu bripka briptu brigadir "
    "ajun kapten mayor letkol kasubdit kasubbag kabag ops kasi kadis kajari kajati kabiro "
    "panglima pelatih manajer sekretaris sekjen anggota "
    "hakim jaksa pengacara kuasa hukum dekan rektor profesor prof dokter dr ir haji kh "
    "ustaz ustad pebalap pemain penyerang gelandang bek kiper striker aktor aktris penyanyi "
    "artis pengamat peneliti ekonom analis pendiri ceo cto coo chief officer executive "
    "director head deputi asisten staf khusus pimpinan pemimpin raja ratu pangeran putra "
    "mahkota perdana menlu menkeu mendagri menhan mendikbud menpora bapak ibu pak bu mas "
    "mbak sang tuan nyonya saudara tersangka terdakwa saksi korban keuangan luar negeri dalam "
    "agama sosial perhubungan pertahanan kesehatan pendidikan kebudayaan perdagangan "
    "perindustrian pertanian kelautan perikanan pariwisata koperasi ketenagakerjaan energi "
    "sumber daya mineral pemuda olahraga koordinator bidang perekonomian politik keamanan "
    "kemaritiman lingkungan hidup kehutanan agraria tata ruang pekerjaan perumahan rakyat "
    "negara kabinet riset teknologi komunikasi informatika desa pembangunan daerah "
    "transmigrasi pemberdayaan perempuan perlindungan anak aparatur reformasi birokrasi "
    "investasi dan jakarta jawa barat timur tengah selatan utara sumatera sulawesi "
    "kalimantan papua bali indonesia republik"
)
_ROLE_WORDS = frozenset(_ROLE_WORDS_TEXT.split())
# Words that make a capitalized run an organisation or a place, not a person.
_BODY_WORDS_TEXT = (
    "kementerian badan komisi dewan partai pt tbk universitas polda polres polsek polri "
    "kepolisian pemerintah pemprov pemkot pemkab dinas bank klub fc tim kantor lembaga "
    "pengadilan kejaksaan mahkamah majelis asosiasi federasi persatuan perusahaan grup group "
    "inc ltd corp stadion rumah sakit rs hotel gedung istana kota kabupaten provinsi"
)
_BODY_WORDS = frozenset(_BODY_WORDS_TEXT.split())


@dataclass(frozen=True, slots=True)
class Opener:
    """An opener found at the start of a sentence."""

    kind: OpenerKind
    words: str  # the opener as written in the sentence ("Namun", "Hal itu")
    end: int  # index in the sentence just past the opener (and a comma after it)
    quoted: bool  # the sentence opens with a quotation mark before the opener
    replacement: str | None = None  # for a person pronoun: "{name}", "menurut {name}"


@dataclass(frozen=True, slots=True)
class Repair:
    """A sentence made into a bullet text: which sentences it spans and whether it stands alone."""

    text: str
    first: int  # index of the first sentence used (the sentence before, when joined)
    last: int
    standalone: bool


class _Sentence(Protocol):
    text: str
    paragraph: int


@dataclass(frozen=True, slots=True)
class _Entry:
    kind: OpenerKind | None  # None: an exception ("lalu lintas" is no opener)
    words: tuple[str, ...]
    needs_comma: bool
    replacement: str | None


@functools.cache
def _entries() -> tuple[_Entry, ...]:
    """The opener list, longest first."""
    text = resources.files("summaries").joinpath("data", _OPENERS_FILE).read_text("utf-8")
    entries: list[_Entry] = []
    kind: OpenerKind | None = None
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            name = line[1:-1]
            if name not in ("connective", "person", "anaphor"):
                raise ValueError(f"{_OPENERS_FILE}: unknown section {line}")
            kind = name  # type: ignore[assignment]
            continue
        if kind is None:
            raise ValueError(f"{_OPENERS_FILE}: entry before any section: {line!r}")
        words, _, replacement = (part.strip() for part in line.partition("="))
        exception = words.startswith("!")
        words = words.lstrip("!").strip()
        needs_comma = words.endswith(",")
        entries.append(
            _Entry(
                None if exception else kind,
                tuple(words.rstrip(",").split()),
                needs_comma,
                replacement or None,
            )
        )
    entries.sort(key=lambda e: -len(e.words))
    return tuple(entries)


def _lead_words(text: str, start: int, count: int) -> list[tuple[str, int]]:
    """The first ``count`` words from ``start``, lower-cased, with the index past each one."""
    out: list[tuple[str, int]] = []
    for m in re.finditer(r"[\w-]+|[^\w\s]", text[start:]):
        if len(out) >= count:
            break
        if not m.group().isalnum() and "-" not in m.group():
            break
        out.append((m.group().lower(), start + m.end()))
    return out


def find_opener(text: str) -> Opener | None:
    """The connective or back-pointing pronoun a sentence opens with, if any."""
    start = _LEAD.match(text).end()  # type: ignore[union-attr]
    quoted = any(ch in _QUOTES for ch in text[:start])
    lead = _lead_words(text, start, 4)
    if not lead:
        return None
    words = [w for w, _ in lead]
    for entry in _entries():
        n = len(entry.words)
        if tuple(words[:n]) != entry.words:
            continue
        end = lead[n - 1][1]
        rest = text[end:]
        has_comma = rest.lstrip().startswith(",")
        if entry.needs_comma and not has_comma:
            continue
        if entry.kind is None:
            return None
        if has_comma:
            end += len(rest) - len(rest.lstrip()) + 1
        return Opener(entry.kind, text[start : lead[n - 1][1]], end, quoted, entry.replacement)
    return None


def _capitalize(text: str) -> str:
    """Upper-case the first letter (after any opening quotation mark)."""
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1 :]
        if ch not in _QUOTES + "([":
            break
    return text


def _name_runs(text: str) -> list[tuple[int, int, list[str]]]:
    """Runs of capitalized tokens: (token start, token end, tokens)."""
    tokens = _TOKEN.findall(text)
    runs: list[tuple[int, int, list[str]]] = []
    i = 0
    while i < len(tokens):
        if _NAME_TOKEN.match(tokens[i]) or _ACRONYM.match(tokens[i]):
            j = i
            while j < len(tokens) and (
                _NAME_TOKEN.match(tokens[j]) or _ACRONYM.match(tokens[j]) or tokens[j] == "bin"
            ):
                j += 1
            runs.append((i, j, tokens[i:j]))
            i = j
        else:
            i += 1
    return runs


def _person_in(run: list[str]) -> str | None:
    """The person's name at the end of a capitalized run, without titles ("Menteri Keuangan
    Sri Mulyani" -> "Sri Mulyani"); None for a body ("PT Adira Finance"), a place or a run
    too long to tell."""
    tail: list[str] = []
    stop = ""
    for token in reversed(run):
        word = token.lower().rstrip(".")
        if word in _ROLE_WORDS or word in _BODY_WORDS or _ACRONYM.match(token):
            stop = word
            break
        tail.insert(0, token)
    if stop in _BODY_WORDS or not tail or len(tail) > 3:
        return None
    if tail[0] == "bin" or tail[-1].endswith("."):
        return None
    return " ".join(tail)


def person_named(sentence: str) -> str | None:
    """The one person a sentence names as a speaker or by a title, or None (none, or several)."""
    tokens = _TOKEN.findall(sentence)
    found: list[str] = []
    for start, end, run in _name_runs(sentence):
        before = tokens[start - 1].lower() if start > 0 else ""
        after = tokens[end].lower() if end < len(tokens) else ""
        titled = run[0].lower() in _ROLE_WORDS or before in _ROLE_WORDS
        if before in _SAID_BEFORE or after in _SAID_AFTER or titled:
            name = _person_in(run)
            if name is not None:
                found.append(name)
    distinct: list[str] = []
    for name in sorted(found, key=len, reverse=True):
        if not any(name in other for other in distinct):
            distinct.append(name)
    return distinct[0] if len(distinct) == 1 else None


def _with_person(text: str, opener: Opener, name: str) -> str:
    """Put the person's name in place of the pronoun opener."""
    replacement = (opener.replacement or "{name}").format(name=name)
    rest = text[opener.end - (1 if text[opener.end - 1] == "," else 0) :]
    return _capitalize(replacement + rest)


def _resolve_person(sentences: list[str], i: int, depth: int = 2) -> str | None:
    """The person sentence i's pronoun stands for: the one the sentence before names."""
    if i == 0 or depth == 0:
        return None
    prev = sentences[i - 1]
    name = person_named(prev)
    if name is None:
        opener = find_opener(prev)
        if opener is not None and opener.kind == "person" and not opener.quoted:
            return _resolve_person(sentences, i - 1, depth - 1)
    return name


def _strip(text: str, sentences: list[str], i: int) -> tuple[str, bool]:
    """Drop connectives and resolve a person pronoun; whether the text now stands alone."""
    for _ in range(3):
        opener = find_opener(text)
        if opener is None:
            return text, True
        if opener.quoted:
            return text, False
        if opener.kind == "connective":
            text = _capitalize(text[opener.end :].lstrip())
            continue
        if opener.kind == "person":
            name = _resolve_person(sentences, i)
            if name is None:
                return text, False
            return _with_person(text, opener, name), True
        return text, False
    return text, find_opener(text) is None


def _fit(parts: list[str], limit: int, shorten: Callable[[str, int], str]) -> str | None:
    """The parts joined by spaces within ``limit`` characters, shortening one part if needed."""
    joined = " ".join(parts)
    if len(joined) <= limit:
        return joined
    for j in reversed(range(len(parts))):
        budget = limit - (len(joined) - len(parts[j]))
        if budget <= 0:
            continue
        short = shorten(parts[j], budget)
        if len(short) <= budget:
            return " ".join([*parts[:j], short, *parts[j + 1 :]])
    return None


def repair(
    sentences: Sequence[_Sentence],
    i: int,
    *,
    join: bool = True,
    shorten: Callable[[str, int], str] = lambda text, limit: text,
) -> Repair:
    """Make sentence i a bullet text that stands alone, if it can be done.

    A leading connective is dropped; a person pronoun becomes the name the sentence before
    gives; otherwise the sentences before are joined, back to one that stands alone, when
    they fit in JOIN_LIMIT characters, one of them passed through ``shorten(text, limit)``
    if needed. ``standalone`` is False when none of this works. The text of a single
    sentence is not shortened here.
    """
    texts = [s.text for s in sentences]
    text, ok = _strip(texts[i], texts, i)
    if ok:
        return Repair(text, i, i, True)
    if join:
        parts = [texts[i]]
        for first in range(i - 1, max(i - 1 - JOIN_BACK, -1), -1):
            head, head_ok = _strip(texts[first], texts, first)
            parts.insert(0, head if head_ok else texts[first])
            joined = _fit(parts, JOIN_LIMIT, shorten)
            if joined is None:
                break
            if head_ok:
                return Repair(joined, first, i, True)
    return Repair(text, i, i, False)
