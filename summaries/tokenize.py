"""Indonesian sentence and word tokenization, without NLTK or any downloaded data."""

from __future__ import annotations

import re
from bisect import bisect_left

__all__ = [
    "ABBREVIATIONS",
    "BANG_NAMES",
    "SOFT_ABBREVIATIONS",
    "IndonesianTokenizer",
    "split_sentences",
    "split_words",
]

# Abbreviations (lower case, without the final full stop) that never end a sentence:
# they are followed by a name, a number or a place.
ABBREVIATIONS: frozenset[str] = frozenset(
    [
        "rp",
        "usd",
        "us$",
        "dr",
        "drg",
        "drh",
        "drs",
        "dra",
        "prof",
        "ir",
        "h",
        "hj",
        "ust",
        "kh",
        "pdt",
        "bpk",
        "bp",
        "sdr",
        "sdri",
        "tn",
        "ny",
        "nn",
        "yth",
        "st",
        "jl",
        "jln",
        "gg",
        "kp",
        "ds",
        "kel",
        "kec",
        "kab",
        "prov",
        "prop",
        "no",
        "nmr",
        "hlm",
        "tel",
        "telp",
        "vol",
        "apt",
        "kol",
        "letjen",
        "mayjen",
        "brigjen",
        "jend",
        "kapt",
        "lettu",
        "letda",
        "serma",
        "bripka",
        "ipda",
        "iptu",
        "akp",
        "akbp",
        "kompol",
        "kombes",
        "irjen",
        "komjen",
        "a.n",
        "u.p",
        "s.d",
        "d.a",
        "q.q",
        "c.q",
        "k.h",
        "mr",
        "mrs",
        "ms",
        "sr",
        "jr",
        "vs",
    ]
)

# Abbreviations that often end a sentence: they only keep the sentence going when the
# next word is not capitalised (e.g. "dll. yang", "Tbk. (BBRI)").
SOFT_ABBREVIATIONS: frozenset[str] = frozenset(
    ["dll", "dsb", "dkk", "tsb", "dst", "tbk", "ltd", "inc", "co", "corp", "etc", "cs"]
)

# Names that end in "!" and go on with a capitalised word: "E! News", "Yahoo! Finance".
BANG_NAMES: frozenset[str] = frozenset(["e", "yahoo", "jeopardy", "wham"])

# A run of sentence-final punctuation (only the first char of a run may start a match, which
# keeps the scan linear), optional closing quotes/brackets, then whitespace.
_BOUNDARY = re.compile(r"(?<![.?!…。！？])[.?!…。！？]++[\"”’'»)\]]*+(?=\s)")
# Dotted abbreviations and initials: "B.J", "S.H", "M.Si", "Ph.D", "S.Pd", "a.n".
_DOTTED = re.compile(r"(?:[^\W\d_]{1,3}\.)+[^\W\d_]{1,3}")
# Leading punctuation to ignore when reading the token before a full stop: "(Ir." -> "Ir".
_LEADING_PUNCT = "\"“”‘’'([{«"
# A sentence end typed without the space after it: "naik.Warga", "mereka.“Kami", 'dia."Kami',
# "diakhiri 2022."Sekarang", "(RS)."Nanti", "kata dia.”Kami". After a word of three letters or
# more, a number or a bracket, so initials and short abbreviations stay whole ("B.J.Habibie",
# "Sp.Rad"); not a domain with a capitalised suffix: "Detik.Com", "Kompas.Id".
# (Each pattern starts with the character it matches and looks behind afterwards, which lets the
# regex engine skip ahead to candidates.)
_GLUED = re.compile(
    r"[.!?](?:(?<=[^\W\d_]{3}[.!?])|(?<=[\d)][.!?]))(?=[\"“”][A-Z]|[A-Z][a-z])"
    r"(?!(?:Com|Co|Net|Org|Id|Go|Tv|Info|News)\b)"
)
_QUOTES = '"“”'
_QUOTE_MARK = re.compile(r'["“”]')
# A list number glued to the end of the item before it: "2 persen.2. Jaminan", "muncul.2.Cek",
# "(leukemia).7. Obat". After two lower-case letters or a bracket or quote, so "EG.2." (a code)
# and decimals ("2.5", "Rp1.500") stay whole.
_GLUED_NUMBER = re.compile(
    r"[.!?](?:(?<=[a-z]{2}[.!?])|(?<=[)\"”][.!?]))(?=\d{1,2}\.(?:\s+\S|[A-Z]))"
)
# A list number glued to its item's text: "2.Cek nomor" (after a space, a colon or the start;
# checked by _unglue_number).
_NUMBER_GLUED = re.compile(r"\d{1,2}\.(?=[A-Z][a-z])")
# List items run together after a colon or a closing bracket: "dilampirkan:Kartu Keluarga
# (KK)Nomor Induk". Not a URL ("https://"), a time ("10:30") or a title ("Sp.Rad(K)Onk").
_GLUED_ITEM = re.compile(
    r"[:)](?:(?<=[^\W\d_]{2}:)|(?<=[^\W_]{2}\)))(?=[A-Z][a-z]|(?<=:)\d{1,2}\.\s)"
)
# List markers at the start of a line: "1.", "a.", "IV.".
_LIST_MARKER = re.compile(r"(?:\d{1,2}|[a-zA-Z]|[IVXivx]{1,4})")
# The marker of a numbered list item run into a line ("… tinggi 2. Ventilasi …"): a number and a
# full stop before the item's text, after a space, a colon or the line's start, or glued to the
# end of the item before it ("di ponsel2. Buka", "ketuk 'Daftar'3. Pilih"); see _list_markers.
_NUMBER_MARKER = re.compile(r"\d{1,2}\.(?=\s+\S)")
_GLUED_MARKER_AFTER = "'\")"  # besides a letter
# What the text before a list's "1." ends with: an introduction or the sentence before.
_LIST_INTRO_END = frozenset(".!?:;\"”’')")
_CLOSERS = "\"”’'»)]"
_OPENERS = frozenset("\"“‘'([«")
# A word: letters/digits, with internal hyphens ("anak-anak"), apostrophes ("Jum'at") and
# digit groups ("9.982", "8,1", "Rp1.500").
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+|['’][^\W\d_]+|(?<=\d)[.,]\d+)*")


def _starts_sentence(line: str, index: int) -> bool:
    """Whether the character at line[index] can begin a new sentence."""
    ch = line[index]
    if ch.isalpha():
        return not ch.islower()  # upper case, or a caseless script such as CJK
    if ch == "”":
        # Some pages open quotes with "”" too ('ada.”Pada tahun 2030 …," katanya'): it opens a
        # sentence when a capital follows it.
        return line[index + 1 : index + 2].isupper()
    return ch.isdigit() or ch in _OPENERS


def _is_break(line: str, start: int, end: int, sentence_start: int) -> bool:
    """Decide whether the punctuation run line[start:end] ends a sentence."""
    nxt = end
    while nxt < len(line) and line[nxt].isspace():
        nxt += 1
    if nxt >= len(line):
        return True
    next_char = line[nxt]
    if not _starts_sentence(line, nxt):
        return False
    run = line[start:end]
    punct = run.rstrip(_CLOSERS)
    if run == "!":
        token_start = line.rfind(" ", 0, start) + 1
        token = line[token_start:start].lstrip(_LEADING_PUNCT)
        if token.lower() in BANG_NAMES and token[:1].isupper():
            return False  # "E! News", "Yahoo! Finance"
    if punct != ".":
        return True  # "?", "!", "..." or "…" before a capitalised word
    if len(run) > 1:
        return True  # a full stop followed by a closing quote or bracket: '."'
    # A single full stop: look at the token before it.
    token_start = line.rfind(" ", 0, start) + 1
    token = line[token_start:start].lstrip(_LEADING_PUNCT)
    if not token:
        return True
    lowered = token.lower()
    if lowered in ABBREVIATIONS:
        return False
    if lowered in SOFT_ABBREVIATIONS:
        return next_char.isupper() or next_char in '"“'
    if len(token) == 1 and token.isalpha():
        return False  # an initial: "A. Susanto"
    if _DOTTED.fullmatch(token):
        return False  # "B.J. Habibie", "Budi, S.H. M.Si."
    return not (token_start == sentence_start and _LIST_MARKER.fullmatch(token))


def _list_markers(line: str) -> set[int]:
    """Start positions of the markers of a numbered list run into one line ("1. A 2. B 3. C").

    The numbers count up from "1." (or from the marker that opens the line); one may be missing
    ("1. … 2. … 4. …"), other numbers in between are ignored ("Pasal 52.") and a marker glued
    to the item before it must be the next number. See :func:`_list_chain` for when a run of
    markers is a list.
    """
    markers: set[int] = set()
    chain: list[int] = []
    last = 0
    for found in _NUMBER_MARKER.finditer(line):
        before = line[found.start() - 1] if found.start() else " "
        spaced = before.isspace() or before == ":"
        if not spaced and not (
            before.isalpha() or before in _GLUED_MARKER_AFTER
        ):  # part of a number ("2.5."), a code ("EG.2.") or a word
            continue
        number = int(found.group(0)[:-1])
        if chain and (number == last + 1 or (spaced and number == last + 2)):
            chain.append(found.start())
            last = number
        elif spaced and (number == 1 or found.start() == 0):
            markers.update(_list_chain(line, chain))
            chain = [found.start()]
            last = number
    markers.update(_list_chain(line, chain))
    return markers


def _list_chain(line: str, chain: list[int]) -> list[int]:
    """The chain's markers if they make a list, else none.

    After an introduction or a sentence end ("berikut: 1. …", "langkahnya. 1. …") or at the
    line's start, two markers make a list, and a lone "1." after a colon is one. After a plain
    word ("Daftar operasi 1. …") it takes three, not all after the same word: "naik ke kelas 1.
    … kelas 2. … kelas 3." are sentences.
    """
    if not chain:
        return []
    end = _skip_space_back(line, chain[0])
    if not end or line[end - 1] in _LIST_INTRO_END:
        return chain if len(chain) > 1 or line[end - 1 : end] == ":" else []
    if len(chain) < 3:
        return []
    words = set()
    for position in chain:
        end = _skip_space_back(line, position)
        words.add(line[line.rfind(" ", 0, end) + 1 : end].casefold())
    return chain if len(words) > 1 else []


def _skip_space_back(line: str, index: int) -> int:
    """The index just after the last non-space character before line[index]."""
    while index and line[index - 1].isspace():
        index -= 1
    return index


def _split_line(line: str) -> list[str]:
    """Split one whitespace-normalised line into sentences."""
    sentences: list[str] = []
    sentence_start = 0
    markers = _list_markers(line) if "." in line else set()
    for match in _BOUNDARY.finditer(line):
        start, end = match.span()
        if markers:
            number_start = start
            while number_start and line[number_start - 1].isdigit():
                number_start -= 1
            if number_start in markers:
                # A list number ends the item before it and opens its own: break before it.
                if number_start > sentence_start:
                    sentence = line[sentence_start:number_start].strip()
                    if sentence:
                        sentences.append(sentence)
                    sentence_start = number_start
                continue
        if _is_break(line, start, end, sentence_start):
            sentence = line[sentence_start:end].strip()
            if sentence:
                sentences.append(sentence)
            sentence_start = end + 1
    rest = line[sentence_start:].strip()
    if rest:
        sentences.append(rest)
    return sentences


def _closes_quote(line: str, quotes: list[int], straight: list[int], k: int) -> bool:
    """Whether the quote mark quotes[k], glued after a sentence end, closes a quotation.

    ``quotes`` holds the positions of the line's quote marks, ``straight[k]`` how many of the
    first k are straight ones.
    """
    if line[quotes[k]] == "“" or k == 0:
        return False  # an opening curly quote, or the line's first quote mark, opens
    before = quotes[k - 1]
    previous = line[before]
    if previous != '"':
        return previous == "“"  # after an opening curly quote this one closes it
    # The straight quote before: an opener has a space (or nothing) before it, a closer after it.
    if before == 0 or line[before - 1].isspace() or line[before - 1] in "([":
        return True
    if before + 1 == len(line) or line[before + 1].isspace():
        return False
    return straight[k] % 2 == 1  # glued on both sides: count the quotes


def _unglue_number(found: re.Match[str]) -> str:
    """A list number with a space after it, if it starts the line or follows a space or colon."""
    start = found.start()
    if start and not (found.string[start - 1].isspace() or found.string[start - 1] == ":"):
        return found.group(0)
    return found.group(0) + " "


def _unglue(line: str) -> str:
    """Put the missing space after a sentence end or list item glued to the next one."""
    if _GLUED.search(line) is not None:
        out: list[str] = []
        last = 0
        quotes: list[int] = []
        straight = [0]
        for mark in _QUOTE_MARK.finditer(line):
            quotes.append(mark.start())
            straight.append(straight[-1] + (mark.group() == '"'))
        for match in _GLUED.finditer(line):
            end = match.end()
            if line[end] in _QUOTES and _closes_quote(
                line, quotes, straight, bisect_left(quotes, end)
            ):
                end += 1  # 'kata dia."Kami' opens a quote, '"Siap."Dia' closes one
            out.append(line[last:end])
            out.append(" ")
            last = end
        out.append(line[last:])
        line = "".join(out)
    if "." in line:
        line = _GLUED_NUMBER.sub(r"\g<0> ", line)
        line = _NUMBER_GLUED.sub(_unglue_number, line)
    if ":" in line or ")" in line:
        line = _GLUED_ITEM.sub(r"\g<0> ", line)
    return line


def split_sentences(text: str) -> list[str]:
    """Split Indonesian text into stripped, non-empty sentences; newlines always end one."""
    sentences: list[str] = []
    for raw_line in text.splitlines():
        line = _unglue(" ".join(raw_line.split()))
        if line:
            sentences.extend(_split_line(line))
    return sentences


def split_words(sentence: str) -> list[str]:
    """Split a sentence into word tokens (letters/digits, internal hyphens kept), original case."""
    return _WORD.findall(sentence)


class IndonesianTokenizer:
    """Tokenizer with the duck-typed interface sumy's parsers and summarizers expect."""

    language = "indonesian"

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        """Split a paragraph into sentences."""
        return tuple(split_sentences(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        """Split a sentence into words."""
        return tuple(split_words(sentence))
