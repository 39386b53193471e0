"""Indonesian sentence and word tokenization, without NLTK or any downloaded data."""

from __future__ import annotations

import re

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
# A sentence end typed without the space after it: "naik.Warga", "mereka.“Kami", 'dia."Kami'.
# Not a domain with a capitalised suffix: "Detik.Com", "Kompas.Id".
_GLUED = re.compile(
    r"(?<=[^\W\d_]{3})[.!?](?=[\"“]?[A-Z][a-z])(?!(?:Com|Co|Net|Org|Id|Go|Tv|Info|News)\b)"
)
# List markers at the start of a line: "1.", "a.", "IV.".
_LIST_MARKER = re.compile(r"(?:\d{1,2}|[a-zA-Z]|[IVXivx]{1,4})")
_CLOSERS = "\"”’'»)]"
_OPENERS = frozenset("\"“‘'([«")
# A word: letters/digits, with internal hyphens ("anak-anak"), apostrophes ("Jum'at") and
# digit groups ("9.982", "8,1", "Rp1.500").
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+|['’][^\W\d_]+|(?<=\d)[.,]\d+)*")


def _starts_sentence(ch: str) -> bool:
    """Whether a character can begin a new sentence."""
    if ch.isalpha():
        return not ch.islower()  # upper case, or a caseless script such as CJK
    return ch.isdigit() or ch in _OPENERS


def _is_break(line: str, start: int, end: int, sentence_start: int) -> bool:
    """Decide whether the punctuation run line[start:end] ends a sentence."""
    nxt = end
    while nxt < len(line) and line[nxt].isspace():
        nxt += 1
    if nxt >= len(line):
        return True
    next_char = line[nxt]
    if not _starts_sentence(next_char):
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


def _split_line(line: str) -> list[str]:
    """Split one whitespace-normalised line into sentences."""
    sentences: list[str] = []
    sentence_start = 0
    for match in _BOUNDARY.finditer(line):
        start, end = match.span()
        if _is_break(line, start, end, sentence_start):
            sentence = line[sentence_start:end].strip()
            if sentence:
                sentences.append(sentence)
            sentence_start = end + 1
    rest = line[sentence_start:].strip()
    if rest:
        sentences.append(rest)
    return sentences


def _unglue(line: str) -> str:
    """Put the missing space after a sentence end glued to the next sentence."""
    if _GLUED.search(line) is None:
        return line
    out: list[str] = []
    last = 0
    for match in _GLUED.finditer(line):
        end = match.end()
        # A straight quote after the stop opens the next sentence only if quotes so far balance.
        if line[end] == '"' and line.count('"', 0, end) % 2:
            continue
        out.append(line[last:end])
        out.append(" ")
        last = end
    out.append(line[last:])
    return "".join(out)


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
