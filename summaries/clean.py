"""Strip the boilerplate news pages leave around an Indonesian article body."""

from __future__ import annotations

import html
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = ["RULES", "Action", "Rule", "clean_text", "strip_dateline"]

logger = logging.getLogger(__name__)


class Action(StrEnum):
    """What a rule does to the text it matches."""

    DROP_LINE = "drop-line"  # the whole (short) line matches: drop it
    DROP_LINE_AND_NEXT = "drop-line-and-next"  # a label line whose headline follows it
    END_BODY = "end-body"  # the whole line marks the end of the body: drop it and the rest
    END_BODY_AFTER = "end-body-after"  # the line ends with the mark: keep text before, drop rest
    STRIP_PREFIX = "strip-prefix"  # a dateline at the start of the body's first paragraph
    STRIP_INLINE = "strip-inline"  # remove the match wherever it occurs
    STRIP_TAIL = "strip-tail"  # the line ends with the match: drop it, keep the line and the rest
    # A caption printed twice, both copies labelled ("Foto: A B Foto: AB"): the match is the
    # first copy up to the second label; both copies go (the second may lose its spaces).
    STRIP_REPEATED = "strip-repeated"


@dataclass(frozen=True)
class Rule:
    """One named clean-up rule: a single regular expression and what to do with a match."""

    name: str
    action: Action
    pattern: str
    max_len: int = 200
    ignore_case: bool = True
    # For inline rules: words one of which a line must hold (lower case) for the rule to match,
    # checked before the (slower) regular expression runs over the whole line.
    needs: tuple[str, ...] = ()
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Compile the pattern once."""
        flags = re.IGNORECASE if self.ignore_case else 0
        object.__setattr__(self, "regex", re.compile(self.pattern, flags))

    def match(self, line: str) -> re.Match[str] | None:
        """Return the match of this rule on one whitespace-normalised line, if any."""
        if self.action is Action.END_BODY_AFTER:
            # The marks are short and anchored at the line's end: search only its tail.
            return self.regex.search(line, max(0, len(line) - _SUFFIX_WINDOW))
        if self.action in (Action.STRIP_INLINE, Action.STRIP_TAIL, Action.STRIP_REPEATED):
            return self.regex.search(line)
        if self.action is Action.STRIP_PREFIX:
            return self.regex.match(line[: self.max_len])
        if len(line) > self.max_len:
            return None
        return self.regex.fullmatch(line)


_SUFFIX_WINDOW = 120  # characters at a line's end where an END_BODY_AFTER mark can start
_DASH = r"\s*(?:--|[-–—])\s*"
# A dash after a bare place name must be spaced ("BANDUNG - ", "Jakarta- "): "Bangunan-bangunan",
# "Paris Saint-Germain" and "Timnas U-16" open sentences, not datelines.
_SPACED_DASH = r"(?:\s*--\s*|\s+[-–—]\s*|[-–—]\s+)"
_CITY = r"[A-Z][A-Za-z.'’]*(?:\s+[A-Z][A-Za-z.'’]*){0,2}"
_REPORTER_CODE = r"[a-z]{2,6}(?:\s*/\s*[a-z0-9]{1,6}){0,3}|\*{1,3}"
# Where a sentence starts inside a line: the line's start or after a sentence end.
_SENTENCE_START = r"(?:^|(?<=[.!?\"”]))\s*"
# A "Baca juga:" mark, also glued to the text before it ("2022Baca juga:", "anakBaca juga:").
_READ_ALSO = r"(?:\b|(?=[BS]))(?i:baca|simak)\s*(?i:juga|pula)\s*[:：]"
# Where the body goes on after a "Baca juga" headline run into a paragraph: the line's end,
# the next mark, an opening quote, a sentence glued to the headline ("PandawaSosialisasi
# dilakukan dengan"), or a capitalised word and lower-case words ("Hal ini perlu",
# "Sementara itu,", "Warga mengeluh."), which a Title Case headline does not have.
_AFTER_HEADLINE = (
    rf"(?=$|{_READ_ALSO}|[\"“]|(?<=[a-z])[A-Z][a-z]+\s+[a-z]+\s+[a-z]"
    r"|(?<=\s)[A-Z][a-z]*\s+[a-z]+(?:\s+[a-z]+|[,.]))"
)
_READ_ALSO_WORDS = ("baca juga", "bacajuga", "simak juga", "simakjuga", "baca pula", "simak pula")
_PHOTO_LABEL = r"(?:Foto|FOTO|Photo|PHOTO)\s*:"
_LABEL = re.compile(_PHOTO_LABEL + r"\s*")
_REPEAT_MAX = 600  # characters of a caption's first copy

RULES: tuple[Rule, ...] = (
    # Page chrome and ads.
    Rule("portrait-mode", Action.DROP_LINE, r"better experience in portrait mode\.?"),
    Rule("swipe-ad", Action.DROP_LINE, r"iklan\s*(?:[-–—]\s*)?geser ke atas untuk melanjutkan"),
    Rule("ad-label", Action.DROP_LINE, r"(?:advertisement|iklan|ads|sponsored)\s*:?"),
    Rule("scroll-to-continue", Action.DROP_LINE, r"scroll to continue with content"),
    Rule(
        "inline-advertisement",
        Action.STRIP_INLINE,
        r"\s*\bADVERTISEMENT\s+SCROLL TO CONTINUE WITH CONTENT\b\s*",
        ignore_case=False,
        needs=("advertisement",),
    ),
    Rule("people-also-ask", Action.DROP_LINE, r"orang lain juga bertanya\s*\??"),
    Rule("gambas-embed", Action.DROP_LINE, r"\[gambas:[^\]]{0,100}\]"),
    # Photo credits and captions.
    Rule("copyright-notice", Action.END_BODY, r"copyright\s*(?:©|\(c\))?.{0,120}"),
    Rule("copyright-sign", Action.DROP_LINE, r".{0,250}©.{0,120}", max_len=300),
    Rule("photo-label", Action.DROP_LINE, r"\(?\s*(?:foto|photo)\s*:.{0,200}", max_len=250),
    Rule(
        "photo-caption",
        Action.DROP_LINE,
        r".{0,250}\(\s*(?:foto|photo)\s*:[^()]{0,150}\)\s*\.?",
        max_len=400,
    ),
    Rule(
        "photo-caption-repeated",  # "Foto: Dok Humas Rapat kerja Foto: Dok HumasRapat kerja"
        Action.STRIP_REPEATED,
        rf"(?:^|(?<=[\s.!?\"”)]))\s*{_PHOTO_LABEL}\s*",
        ignore_case=False,
        needs=("foto", "photo"),
    ),
    Rule(
        "photo-label-inline",  # "… kata Bobby. Foto: Arsip Pemkot Medan. Dalam kesempatan ini …"
        Action.STRIP_INLINE,
        rf"(?:^|(?<=[.!?\"”])\s)\s*{_PHOTO_LABEL}\s*\S+\s[^.!?()\"“]{{1,80}}\.(?=\s+[A-Z\"“]|$)",
        ignore_case=False,
        needs=("foto", "photo"),
    ),
    Rule(
        "infographic-photo",  # "Foto: Infografis/…/Name", often with the infographic's text glued
        Action.DROP_LINE,
        r"\(?\s*(?:foto|photo|gambar)\s*:\s*infogra(?:fis|fik|phic)\b.*",
        max_len=1000,
    ),
    Rule(
        "infographic-label",  # "Infografik: Panduan …", "INFOGRAFIS, Kelas 1,2,3 …"
        Action.DROP_LINE,
        r"\(?\s*infogra(?:fis|fik|phic)\s*(?:[:,/|]|[-–—]\s).{0,250}",
        max_len=300,
    ),
    Rule(
        "photo-credit-domain",  # "KOMPAS.com/Akbar Bhayu Tamtomo" above a photo or infographic
        Action.DROP_LINE,
        r"(?i:[a-z0-9-]+(?:\.[a-z]{2,6}){1,2})\s*/\s*[A-Z][A-Za-z.'’-]*(?:\s+[A-Z][A-Za-z.'’-]*){0,4}"
        r"(?:\s*/.{0,200})?",
        max_len=250,
        ignore_case=False,
    ),
    Rule("photo-credit-dok", Action.DROP_LINE, r"dok\.\s.{0,200}", max_len=220),
    Rule(
        "illustration-caption",
        Action.DROP_LINE,
        r"ilustrasi\b(?:\s*[.:|(–—-]|.{0,100}?(?:/|\bfoto\b|\bdok\b|istimewa|shutterstock"
        r"|freepik|getty|unsplash|pexels)).{0,150}",
        max_len=250,
    ),
    # "Read also" links and share/subscribe prompts.
    # A widget placeholder left where a "Baca juga" box was; the body goes on after it.
    Rule("read-also-placeholder", Action.DROP_LINE, r"baca_juga", ignore_case=True),
    Rule("read-also-label", Action.DROP_LINE_AND_NEXT, r"(?:baca|simak)\s+(?:juga|pula)\s*[:：]?"),
    Rule(
        "read-also",  # "Baca juga: …", "SIMAK JUGA- …", "[Baca Juga: …]"
        Action.DROP_LINE,
        r"[\[(]?\s*(?:baca|simak)\s+(?:juga|pula)\s*[:：-].{1,200}",
        max_len=220,
    ),
    Rule(
        # "Baca juga: <headline>" run into a paragraph, glued or not; the text around it stays.
        "read-also-inline",
        Action.STRIP_INLINE,
        rf"\s*[\[(]?{_READ_ALSO}\s*(?:(?:[^.!?]|[.!?](?=\S)){{1,150}}?[?!]?\s*(?=$|{_READ_ALSO})"
        rf"|.{{1,200}}?\s*{_AFTER_HEADLINE})",
        ignore_case=False,
        needs=_READ_ALSO_WORDS,
    ),
    Rule(
        "read-also-tail",  # a "Baca juga: <headline>" link run into the end of a paragraph
        Action.STRIP_TAIL,
        r"(?<=[.!?\"”])\s+[\[(]?(?:baca|simak)\s+(?:juga|pula)\s*[:：].{1,150}$",
        needs=_READ_ALSO_WORDS,
    ),
    Rule("see-also", Action.DROP_LINE, r"lihat\s+juga\s*[:：-].{0,200}", max_len=220),
    Rule(
        "share",
        Action.DROP_LINE,
        r"(?:bagikan(?:\s+artikel(?:\s+ini)?)?|share(?:\s+this\s+article|\s+artikel\s+ini)?"
        r"|salin\s+link|copy\s+link|tautan\s+(?:telah\s+)?disalin)\s*:?",
    ),
    Rule(
        "google-news-follow", Action.DROP_LINE, r"(?:ikuti|follow)\b.{0,80}\bgoogle\s+news\b.{0,80}"
    ),
    Rule("google-news-read", Action.DROP_LINE, r"simak\b.{0,100}\bgoogle\s+news\b.{0,80}"),
    Rule(
        "daily-update",
        Action.DROP_LINE,
        r"dapatkan\s+(?:update|info|informasi|berita)\b.{0,150}\bsetiap\s+hari\b.{0,100}",
    ),
    Rule("click-here", Action.DROP_LINE, r"klik\s+(?:di\s*)?sini\b.{0,150}"),
    Rule(
        # "Simak breaking news dan berita pilihan kami langsung di ponselmu."
        "promo-breaking-news",
        Action.STRIP_INLINE,
        rf"{_SENTENCE_START}simak\s+breaking\s+news\b(?:[^.!?]|\.(?=\S)){{0,120}}[.!?]?\s*",
        needs=("breaking",),
    ),
    Rule(
        # "Pilih saluran andalanmu akses berita Kompas.com WhatsApp Channel : https://…"
        "promo-whatsapp-channel",
        Action.STRIP_INLINE,
        rf"{_SENTENCE_START}(?:[^.!?]|\.(?=\S)){{0,120}}?\b(?:whatsapp|telegram)\s+channel\s*:?"
        r"\s*https?://\S+?[.!]?(?=\s|$)\s*",
        needs=("channel",),
    ),
    Rule(
        "promo-install-app",  # "Pastikan kamu sudah install aplikasi WhatsApp ya."
        Action.STRIP_INLINE,
        rf"{_SENTENCE_START}pastikan\s+kamu\s+sudah\s+(?:meng)?(?:install|instal)\s+aplikasi\s+"
        r"\S+\s+ya\b\s*[.!]?\s*",
        needs=("pastikan",),
    ),
    Rule(
        # A teaser with nothing in it: "Simak informasinya!", "Simak selengkapnya dalam infografis
        # berikut!", "Simak daftarnya berikut ini:"; not "Simak: …" or a longer sentence.
        "teaser",
        Action.STRIP_INLINE,
        rf"{_SENTENCE_START}(?-i:Simak|SIMAK)\s+(?=[^.!?:]{{0,70}}\b(?:berikut|selengkapnya|di\s+bawah"
        r"\s+ini|informasinya|ulasannya|penjelasannya|rinciannya|faktanya|jawabannya|videonya"
        r"|infografisnya)\b)[^.!?:\"“]{1,80}[!.:](?=\s|$)\s*",
        needs=("simak",),
    ),
    Rule(
        "url-only",
        Action.DROP_LINE,
        r"[\[(<]?\s*(?:https?://|www\.)\S+?\s*[\])>]?\s*\.?",
        max_len=500,
    ),
    Rule(
        "whatsapp-channel",
        Action.DROP_LINE,
        r"(?:gabung|bergabung|join|ikuti)\b.{0,60}\b(?:channel|saluran)\s+whatsapp\b.{0,150}",
    ),
    # Credits and pagination.
    Rule(
        "credit",
        Action.DROP_LINE,
        r"(?:editor|penulis|reporter|sumber|pewarta|penyunting|redaktur|kontributor|fotografer"
        r"|penerjemah|editing)\s*:.{0,120}",
        max_len=140,
    ),
    Rule(
        # The next page's title: detik's "NEXT: <title>Halaman12Selanjutnya", CNBC's "Next Page
        # <title>" at the end or before "Pages 1 2 Next".
        "next-page-inline",
        Action.STRIP_INLINE,
        r"(?:^|(?<=[\s.!?\"”)a-z]))(?:NEXT\s*:|Next\s+Page\b)(?:.{0,150}?(?:Halaman\s*\d[\d\s]{0,10}"
        r"(?:Selanjutnya|Tampilkan\s+Semua)|Pages?\s+\d[\d\s]{0,10}Next\b)|.{0,150}$)\s*",
        ignore_case=False,
        needs=("next",),
    ),
    Rule(
        "pagination-inline",  # "… KesehatanHalaman12Selanjutnya", "Halaman12Tampilkan Semua"
        Action.STRIP_INLINE,
        r"\s*Halaman\s*\d[\d\s]{0,10}(?:Selanjutnya|Tampilkan\s+Semua)\b\s*",
        ignore_case=False,
        needs=("halaman",),
    ),
    Rule("next-page", Action.DROP_LINE, r"halaman\s+(?:selanjutnya|berikutnya|sebelumnya)\s*[»>]?"),
    Rule("pagination", Action.DROP_LINE, r"halaman\s*:?\s*\d{1,3}(?:\s+\d{1,3}){0,30}\s*[»>]?"),
    # End of the body: everything after these is related headlines and page chrome.
    Rule("reporter-code", Action.END_BODY, rf"\(\s*(?:{_REPORTER_CODE})\s*\)"),
    Rule(
        "reporter-code-suffix",
        Action.END_BODY_AFTER,
        rf"(?<=[.!?\"”])\s*\((?:{_REPORTER_CODE})\)\s*$",
        ignore_case=False,
    ),
    Rule("reporter-code-bracket", Action.END_BODY, rf"\[\s*(?:{_REPORTER_CODE})\s*\]"),
    Rule(
        "reporter-code-bracket-suffix",
        Action.END_BODY_AFTER,
        rf"(?<=[.!?\"”])\s*\[(?:{_REPORTER_CODE})\]\s*$",
        ignore_case=False,
    ),
    Rule(
        "editor-code",  # Antara's reporter/editor codes: "(T.H-ZG / S023)", "(U.A043/C/E001)"
        Action.END_BODY_AFTER,
        r"(?:^|(?<=[.!?\"”]))\s*\((?:[A-Z][A-Z0-9.\-]{0,9}\s*/\s*){1,3}[A-Z][A-Z0-9.\-]{0,9}\)\s*$",
        ignore_case=False,
    ),
    Rule(
        "source-credit",  # "(Antara)" or "[Antara]" closing a story taken from the news agency
        Action.END_BODY_AFTER,
        r"(?:^|(?<=[.!?\"”]))\s*[(\[](?:antara|antaranews|ant)[)\]]\s*$",
    ),
    Rule(
        "next-article",
        Action.END_BODY,
        r"(?:geser ke atas\s+)?(?:berita|artikel)\s+selanjutnya\s*[»>]?",
    ),
    Rule("read-more", Action.END_BODY, r"baca\s+selengkapnya\s*[»>]?"),
    Rule(
        "related",
        Action.END_BODY,
        r"(?:artikel|berita|baca\s+berita|konten|topik)\s+terkait\s*:?",
    ),
    Rule(
        "watch-video-tail",  # "… pungkasnya.Simak juga Video 'Judul': (naf/up)" ends a paragraph
        Action.STRIP_TAIL,
        r"(?<=[.!?\"”])\s*(?:simak|tonton)(?:\s+juga)?\s+video\b.{0,200}$",
        needs=("video",),
    ),
    Rule("watch-video", Action.END_BODY, r"simak(?:\s+juga)?\s+video\b.{0,200}", max_len=220),
    Rule("watch-also", Action.END_BODY, r"tonton\s+juga\b.{0,200}", max_len=220),
    Rule("tags", Action.END_BODY, r"(?:tags?|topik)\s*[:：].{0,300}", max_len=320),
    # Datelines at the start of the body.
    Rule(
        "dateline-domain",
        Action.STRIP_PREFIX,
        rf"(?:{_CITY},\s*)?[A-Za-z0-9]+(?:\.[A-Za-z]{{2,6}}){{1,2}}(?:,\s*{_CITY})?{_DASH}",
        ignore_case=False,
    ),
    Rule(
        # Liputan6's older dateline has no dash: "Liputan6.com, Jakarta London Love Story, …"
        "dateline-domain-city",
        Action.STRIP_PREFIX,
        r"[A-Za-z0-9]+(?:\.[A-Za-z]{2,6}){1,2},\s*[A-Z][a-z]+(?:\s+(?=[A-Z\"“])|\s*$)",
        ignore_case=False,
    ),
    Rule(
        "dateline-agency",
        Action.STRIP_PREFIX,
        # "Jakarta (ANTARA) - ", "Mataram, NTB (ANTARA News) - ", "JAKARTA (Pos Kota) – ",
        # "ISTANBUL, 23 Februari 2016 (Antara/PRNewswire) --"
        rf"{_CITY}(?:,\s*{_CITY})?(?:,\s*\d{{1,2}}\s+[A-Z][a-z]+\s+\d{{4}})?"
        rf"\s*\([A-Z][A-Za-z.]*(?:[ /][A-Z][A-Za-z.]*){{0,3}}\){_DASH}",
        ignore_case=False,
    ),
    Rule(
        "dateline-city-outlet",
        Action.STRIP_PREFIX,
        rf"{_CITY},\s*(?:CNN|CNBC|IDN|Kompas|Tribun|Viva|Kontan|Suara)\b[A-Za-z. ]{{0,20}}{_DASH}",
        ignore_case=False,
    ),
    Rule("dateline-detik", Action.STRIP_PREFIX, rf"detik[A-Za-z]*{_DASH}", ignore_case=False),
    Rule("dateline-city", Action.STRIP_PREFIX, rf"{_CITY}{_SPACED_DASH}", ignore_case=False),
)

_WHOLE_LINE_RULES = tuple(
    r for r in RULES if r.action in (Action.DROP_LINE, Action.DROP_LINE_AND_NEXT, Action.END_BODY)
)
_SUFFIX_RULES = tuple(r for r in RULES if r.action is Action.END_BODY_AFTER)


def _alternative(index: int, rule: Rule) -> str:
    """One rule as a named branch of the combined whole-line pattern, with its length limit."""
    flag = "i" if rule.ignore_case else "-i"
    return f"(?P<r{index}>(?=.{{0,{rule.max_len}}}$)(?{flag}:{rule.pattern}))"


# All whole-line rules in one pattern, so a line costs one regex call; first rule listed wins.
_WHOLE_LINE = re.compile("|".join(_alternative(i, r) for i, r in enumerate(_WHOLE_LINE_RULES)))
_WHOLE_LINE_MAX = max(r.max_len for r in _WHOLE_LINE_RULES)
_INLINE_RULES = tuple(
    r for r in RULES if r.action in (Action.STRIP_INLINE, Action.STRIP_TAIL, Action.STRIP_REPEATED)
)
_DATELINE_RULES = tuple(r for r in RULES if r.action is Action.STRIP_PREFIX)

_TAG = re.compile(r"<[A-Za-z/!][^<>]*>")
# Markdown from feeds and converters: a link keeps its text ("akun [ini](https://…)"), an
# autolink its address ("<https://…>"), an escaped character loses its backslash ("1\\.").
_MARKDOWN_LINK = re.compile(r"\[([^\[\]\n]{1,300})\]\((?:https?://|www\.|/)[^()\s]{0,2000}\)")
_AUTOLINK = re.compile(r"<((?:https?://|www\.)[^<>\s]{1,2000})>")
_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~\"'])|\\(?=\n|$)")
_BULLETS = "-•●▪►*"
_BULLET = re.compile(rf"[{_BULLETS}]\s+(?=\S)")  # "- CV", "• Esai": a list item's mark
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
# C1 control characters never belong in text. UTF-8 read as Latin-1 ("â\x80\x9c" for "“") is
# decoded again; a lone one is the last byte of UTF-8 punctuation whose first bytes were lost
# ("KOMPAS.com \x93 …" was "–", "contoh \x9ctest \x9d" was "“test”"); the others are dropped.
_C1_CHARS = re.compile(r"[\x80-\x9f]")
_MOJIBAKE = re.compile(r"[\xc2-\xf4][\x80-\xbf]{1,3}")
_SPACE_BEFORE_CLOSE = re.compile(r"[ \t]+(?=\x9d)")
_C1 = {code: None for code in range(0x80, 0xA0)} | {
    0x93: "–",
    0x94: "—",
    0x98: "‘",
    0x99: "’",
    0x9C: "“",
    0x9D: "”",
}
_SENTENCE_END = ".!?:;\"”’')]…"
_LIST_ITEM = re.compile(r"(?:[a-z]|[ivx]{1,4})[.)]\s")  # "a. Melaksanakan …", "ii) …"
_HEADER_LINES = 8  # lines before a dateline that may be title, credits or chrome
_HEADER_LINE_MAX = 250


def _is_dateline(paragraph: str) -> bool:
    """Whether a whole paragraph is only a dateline ("ISTANBUL, 23 Februari (Antara) --")."""
    return any(
        (found := r.match(paragraph)) and found.end() == len(paragraph) for r in _DATELINE_RULES
    )


def strip_dateline(sentence: str) -> str:
    """Remove a leading news dateline ("Jakarta (ANTARA) - ", "Merdeka.com - ")."""
    for rule in _DATELINE_RULES:
        found = rule.match(sentence)
        if found and found.end() < len(sentence):
            return sentence[found.end() :].lstrip()
    return sentence


def _decode_mojibake(found: re.Match[str]) -> str:
    """UTF-8 bytes that were read as Latin-1, decoded again; anything else unchanged."""
    chars = found.group(0)
    if not _C1_CHARS.search(chars):
        return chars
    try:
        return chars.encode("latin-1").decode("utf-8")
    except UnicodeDecodeError:
        return chars


def _normalize(text: str) -> list[str]:
    """Unescape, strip tags and Markdown, NFC-normalise and split into whitespace-collapsed lines.

    Broken encodings are repaired first (see ``_C1``).
    """
    if "](" in text:
        text = _MARKDOWN_LINK.sub(r"\1", text)
    if "<" in text:
        text = _AUTOLINK.sub(r"\1", text)
    text = html.unescape(_TAG.sub(" ", text))
    if "\\" in text:
        text = _MARKDOWN_ESCAPE.sub(r"\1", text)
    if _C1_CHARS.search(text):
        text = _SPACE_BEFORE_CLOSE.sub("", _MOJIBAKE.sub(_decode_mojibake, text)).translate(_C1)
    text = unicodedata.normalize("NFC", text).translate(_ZERO_WIDTH)
    return [" ".join(line.split()) for line in text.splitlines()]


def _same_title(line: str, title: str) -> bool:
    """Whether a line is the title repeated."""
    return line.casefold().rstrip(" .") == title


def _body_lines(lines: list[str], title: str | None) -> list[str | None]:
    """Apply the line rules; returns kept lines with None for paragraph breaks."""
    kept: list[str | None] = []
    has_body = False
    drop_next = False
    for line in lines:
        if not line:
            kept.append(None)
            continue
        if drop_next:
            drop_next = False
            if len(line) <= _HEADER_LINE_MAX:
                continue
        line = _strip_inline(line)
        if not line.strip(_BULLETS + " "):
            continue
        if title and not has_body and _same_title(line, title):
            continue
        rule, found = _first_match(line)
        if rule is None:
            kept.append(line)
            has_body = True
            continue
        if rule.action is Action.DROP_LINE_AND_NEXT:
            drop_next = True
        elif rule.action is Action.END_BODY and has_body:
            break
        elif rule.action is Action.END_BODY_AFTER and found is not None:
            head = line[: found.start()].rstrip()
            if head:
                kept.append(head)
            if head or has_body:
                break
    return kept


def _strip_inline(line: str) -> str:
    """Apply the inline rules to one line; returns it whitespace-normalised again."""
    lowered = line.lower()
    stripped = line
    for rule in _INLINE_RULES:
        if rule.needs and not any(word in lowered for word in rule.needs):
            continue
        if rule.action is Action.STRIP_REPEATED:
            stripped = _strip_repeated(rule, stripped)
        else:
            stripped = rule.regex.sub(" ", stripped)
    return line if stripped is line else " ".join(stripped.split())


def _strip_repeated(rule: Rule, line: str) -> str:
    """Remove each caption the line prints twice, from its first label to the second copy's end."""
    out: list[str] = []
    last = 0
    found = rule.regex.search(line)
    while found is not None:
        end = None
        first_word = line[found.end() : found.end() + _REPEAT_MAX].split(maxsplit=1)[:1]
        # The second label: the next one whose text repeats the first copy (a caption may hold
        # a label of its own, "(Foto: ist)").
        for second in _LABEL.finditer(line, found.end(), found.end() + _REPEAT_MAX):
            if first_word and line.startswith(first_word[0], second.end()):
                end = _repeat_end(line[found.end() : second.start()], line, second.end())
                if end is not None:
                    break
        if end is None:
            found = rule.regex.search(line, found.end())
            continue
        out.append(line[last : found.start()])
        last = end
        found = rule.regex.search(line, end)
    if not out:
        return line
    out.append(line[last:])
    return " ".join(out)


def _repeat_end(first: str, line: str, start: int) -> int | None:
    """Where a second copy of ``first`` starting at line[start] ends (spaces ignored), if any."""
    wanted = "".join(first.split())
    if len(wanted) < 2:
        return None
    index = start
    for char in wanted:
        while index < len(line) and line[index].isspace():
            index += 1
        if index >= len(line) or line[index] != char:
            return None
        index += 1
    return index


def _first_match(line: str) -> tuple[Rule | None, re.Match[str] | None]:
    """Return the first line rule that matches, with its match."""
    if len(line) <= _WHOLE_LINE_MAX:
        found = _WHOLE_LINE.fullmatch(line)
        if found and found.lastgroup:
            return _WHOLE_LINE_RULES[int(found.lastgroup[1:])], found
    for rule in _SUFFIX_RULES:
        found = rule.match(line)
        if found:
            return rule, found
    return None, None


def _paragraphs(lines: list[str | None]) -> list[str]:
    """Group kept lines into paragraphs, re-joining hard-wrapped lines."""
    paragraphs: list[list[str]] = []
    for line in lines:
        if line is None:
            continue
        if bullet := _BULLET.match(line):
            paragraphs.append([line[bullet.end() :]])  # an item of its own, without its mark
            continue
        # A lower-case line continues a paragraph that did not end a sentence, even across a
        # blank line: pages break a paragraph at a link or bold run ("beragendakan\n\nmembahas").
        if (
            paragraphs
            and paragraphs[-1][-1][-1] not in _SENTENCE_END
            and line[0].islower()
            and not _LIST_ITEM.match(line)
        ):
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
    return [" ".join(parts) for parts in paragraphs]


def _is_header(paragraph: str) -> bool:
    """Whether a paragraph before the dateline looks like a title or credit, not body text."""
    return len(paragraph) <= _HEADER_LINE_MAX and not paragraph.endswith((".", '"', "”"))


def _strip_header(paragraphs: list[str]) -> list[str]:
    """Drop title/header lines before a dateline, and the dateline itself."""
    for index, paragraph in enumerate(paragraphs[:_HEADER_LINES]):
        if len(paragraphs) > index + 1 and _is_dateline(paragraph):
            if all(_is_header(p) for p in paragraphs[:index]):
                return paragraphs[index + 1 :]
            break
        stripped = strip_dateline(paragraph)
        if stripped != paragraph:
            if all(_is_header(p) for p in paragraphs[:index]):
                return [stripped, *paragraphs[index + 1 :]]
            break
    return paragraphs


def clean_text(text: str, title: str | None = None) -> str:
    """Return the article body without page boilerplate, paragraphs separated by blank lines."""
    normalized_title = " ".join(title.split()).casefold().rstrip(" .") if title else None
    lines = _body_lines(_normalize(text), normalized_title)
    paragraphs = _strip_header(_paragraphs(lines))
    return "\n\n".join(paragraphs)
