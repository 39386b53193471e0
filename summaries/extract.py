"""Article extraction: an HTML page in, its body text and metadata out (no network).

The page is decoded (declared or detected encoding), capped in size, cleaned of the
boilerplate Indonesian outlets put inside and around the body ("Baca juga" links, related
lists, ad labels, photo captions, share widgets), then handed to trafilatura in precision
mode; the text it returns goes through :func:`summaries.clean.clean_text`.
"""

from __future__ import annotations

import codecs
import json
import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from html import unescape
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

import trafilatura
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.metadata import extract_metadata
from trafilatura.utils import load_html

from summaries.clean import clean_text

__all__ = [
    "MAX_HTML_CHARS",
    "MAX_RAW_CHARS",
    "Extracted",
    "clean_author",
    "decode_html",
    "extract_article",
    "next_page_url",
]

logger = logging.getLogger(__name__)

# Size caps, so a huge (say 10 MB) page cannot tie up a worker: only the first MAX_RAW_CHARS
# characters of a page are read; scripts and styles are cut out of them (JSON-LD metadata is
# kept), and at most MAX_HTML_CHARS characters of what remains are parsed. Real article pages
# hold well under 1 MB of markup once scripts are gone, and a news body comes early, so a cut
# page still yields its text. Above FAST_HTML_CHARS, trafilatura skips its slow fallbacks and
# metadata comes from <meta> tags only.
MAX_RAW_CHARS = 5_000_000
MAX_HTML_CHARS = 1_000_000
FAST_HTML_CHARS = 400_000
# Encoding declarations are looked for in the first bytes only, as browsers do.
_SNIFF_BYTES = 4096
# Naive datetimes found in Indonesian pages are local time in Jakarta (WIB).
PAGE_TZ = ZoneInfo("Asia/Jakarta")

_WS = re.compile(r"\s+")
_TAG = re.compile(r"<[^>]{0,2000}>")


@dataclass(frozen=True, slots=True)
class Extracted:
    """What could be read from an article page."""

    title: str | None
    text: str  # the cleaned body; paragraphs separated by a blank line
    author: str | None
    published_at: datetime | None  # timezone-aware
    canonical_url: str | None
    description: str | None
    language: str | None  # ISO 639-1 code: "id" when the text reads as Indonesian
    next_page: str | None = None  # the rest of a paginated article (see next_page_url)
    image: str | None = None  # the lead image, absolute http(s): og:image, else a figure's


# -- decoding -------------------------------------------------------------------------------

_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,500}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._-]{1,40})""")
# Like browsers (WHATWG Encoding), read Latin-1 and ASCII labels as windows-1252: pages that
# say iso-8859-1 routinely use its curly quotes and dashes.
_WINDOWS_1252_ALIASES = {"latin_1", "ascii", "iso8859_1", "cp819"}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _codec(label: str | bytes | None) -> str | None:
    """The Python codec name for an encoding label, or None when it is unknown."""
    if not label:
        return None
    if isinstance(label, bytes):
        label = label.decode("ascii", "ignore")
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None
    name = name.replace("-", "_")
    if name in _WINDOWS_1252_ALIASES:
        return "cp1252"
    if name in {"utf_16", "utf_16_le", "utf_16_be", "utf_32"}:
        # A page that declares UTF-16 inside ASCII-compatible bytes is really UTF-8.
        return "utf-8"
    return name


def decode_html(data: bytes, encoding: str | None = None) -> str:
    """Decode a page: byte-order mark, then ``encoding`` (from the HTTP Content-Type header),
    then ``<meta charset>`` / ``http-equiv``, then UTF-8, then detection."""
    for bom, bom_codec in _BOMS:
        if data.startswith(bom):
            return data.decode(bom_codec, errors="replace")
    head = data[:_SNIFF_BYTES]
    declared = _codec(encoding)
    if declared is None:
        match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
        declared = _codec(match.group(1)) if match else None
    if declared is not None:
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            # The declaration lies (often UTF-8 pages saved by a Windows tool): detect below.
            logger.debug("page does not decode as declared %s", declared)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # a dependency of trafilatura

    best = from_bytes(data[:200_000]).best()
    codec = _codec(best.encoding) if best is not None else None
    return data.decode(codec or "cp1252", errors="replace")


# -- tree cleaning --------------------------------------------------------------------------

# Class or id tokens of blocks that are never part of an article's text.
_BOILERPLATE_ATTR = re.compile(
    r"(?:^|[\s_-])(?:"
    r"related(?:[-_]?(?:news|post|article|link)s?)?|terkait|baca[-_]?juga|bacajuga|linksisip|"
    r"rekomendasi|recommend\w*|terpopuler|populer|most[-_]?pop\w*|popular|"
    r"share\w*|social\w*|sosmed|sharer|"
    r"adsbygoogle|ads?|adv|advert\w*|iklan|banner\w*|dfp[-_]?ad|gpt[-_]?ad|parallax|paralax|"
    r"komentar|comments?|disqus|newsletter|subscribe|breadcrumbs?|"
    r"caption|figcaption|credit|keterangan[-_]?foto|"
    r"tags?|tag[-_]?list|topik[-_]?terkait|"
    r"promo\w*|sponsor\w*|widget\w*|"
    r"video[-_]?(?:terkait|lainnya|related)|also[-_]?read|read[-_]?also|more[-_]?news|"
    r"\w*(?:modal|popup|pop-up|dialog|overlay|lightbox)\w*|login|signin|cookie\w*|consent"
    r")(?:$|[\s_-])",
    re.IGNORECASE,
)
# Class tokens (whole) of blocks hidden from readers.
_HIDDEN_CLASS = re.compile(r"(?:^|\s)(?:-?hide|hidden|is-hidden|d-none|sr-only)(?:$|\s)")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# The whole text of an element that is an ad label or a scroll hint.
_AD_LABEL = re.compile(
    r"^(?:advertisement|advertisment|iklan|ads|ad|sponsored|konten sponsor|"
    r"scroll to continue with content|scroll untuk melanjutkan|"
    r"iklan\s*[-–—]\s*geser ke atas untuk melanjutkan|"
    r"geser ke atas untuk melanjutkan|lanjutkan membaca|continue reading)\W*$",
    re.IGNORECASE,
)
# An element starting like this is a link to another article (or a video teaser).
_TEASER_START = re.compile(
    r"^\W{0,3}(?:baca\s*:|baca\s+(?:juga|pula|selengkapnya)|lihat\s+juga|simak\s+juga|"
    r"simak(?:\s+juga)?\s+video|saksikan(?:\s+juga)?\s+video|tonton(?:\s+juga)?\s+video|"
    r"video\s+pilihan|artikel\s+terkait|berita\s+terkait|also\s+read|read\s+also)\b\W{0,3}",
    re.IGNORECASE,
)
# Short headings over lists of other articles.
_RELATED_HEADING = re.compile(
    r"^\W{0,3}(?:(?:berita|artikel|video|foto)\s+(?:terkait|lainnya|populer|terpopuler|"
    r"pilihan|terbaru|rekomendasi)|baca\s+juga|lihat\s+juga|terpopuler|populer|rekomendasi|"
    r"pilihan\s+redaksi|topik\s+(?:terkait|pilihan)|tags?|tag\s+terkait|"
    r"related(?:\s+(?:news|articles?|posts?))?|most\s+popular|more\s+news)\W{0,3}$",
    re.IGNORECASE,
)
# Non-link text of a list item that is only a date or time stamp (or a rank number).
_STAMP_ONLY = re.compile(
    r"^[\s\d.,:/|•·-]*(?:(?:senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu)\b[\s,]*)?"
    r"[\s\d.,:/|•·-]*(?:wib|wita|wit)?[\s\d.,:/|•·-]*(?:wib|wita|wit)?\s*$",
    re.IGNORECASE,
)
_BLOCKS = (
    "p",
    "div",
    "section",
    "aside",
    "table",
    "ul",
    "ol",
    "li",
    "span",
    "strong",
    "b",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "figure",
    "em",
    "i",
    "blockquote",
)
# Never text (a <form> is not here: some CMSs wrap the whole page in one).
_ALWAYS_DROP = ("figcaption", "noscript", "iframe", "button", "select", "svg", "template")
# Blocks with this much body-like text are never dropped as boilerplate by their class name.
_BODY_GUARD_CHARS = 600


def _text(el: HtmlElement) -> str:
    return _WS.sub(" ", el.text_content()).strip()


def _link_text_len(el: HtmlElement) -> int:
    return sum(len(_WS.sub(" ", a.text_content()).strip()) for a in el.iter("a"))


def _non_link_text(el: HtmlElement) -> str:
    """The element's text without the text inside its links."""
    parts: list[str] = []

    def walk(node: HtmlElement) -> None:
        if node.text and isinstance(node.tag, str):
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str) and child.tag != "a":
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return _WS.sub(" ", " ".join(parts)).strip()


def _drop(el: HtmlElement) -> None:
    """Remove an element but keep the text that follows it (its tail)."""
    if el.getparent() is not None:
        el.drop_tree()


def _body_like(el: HtmlElement) -> bool:
    """True when a block holds enough non-link text to be (part of) an article body."""
    text_len = len(_text(el))
    return text_len - _link_text_len(el) >= _BODY_GUARD_CHARS


def _hidden(el: HtmlElement) -> bool:
    """True for blocks a reader does not see: hidden, dialogs, ``display: none``."""
    return (
        el.get("hidden") is not None
        or el.get("aria-hidden") == "true"
        or el.get("role") in ("dialog", "alertdialog")
        or bool(_HIDDEN_CLASS.search(el.get("class", "")))
        or bool(_HIDDEN_STYLE.search(el.get("style", "")))
    )


def _is_teaser_list(el: HtmlElement) -> bool:
    """A list of links to other articles: each item a link plus at most a date or a number."""
    items = [li for li in el if isinstance(li.tag, str) and li.tag == "li"]
    if len(items) < 2:
        return False
    teasers = 0
    for li in items:
        has_link = li.find(".//a") is not None
        rest = _non_link_text(li)
        if (has_link or not rest) and (len(rest) <= 3 or _STAMP_ONLY.match(rest)):
            teasers += 1
    return teasers >= 0.6 * len(items)


def _short_text(el: HtmlElement, limit: int) -> str | None:
    """The element's whitespace-collapsed text, or None when longer than ``limit``."""
    parts: list[str] = []
    size = 0
    for piece in el.itertext():
        parts.append(piece)
        size += len(piece)
        if size > limit * 4 + 200:  # whitespace is collapsed below; stop early on long text
            return None
    text = _WS.sub(" ", "".join(parts)).strip()
    return text if len(text) <= limit else None


def _verdict(el: HtmlElement) -> tuple[bool, bool]:
    """(drop this element, drop its next sibling too) for one block of a page."""
    attrs = f"{el.get('class', '')} {el.get('id', '')}".strip()
    if (
        el.tag != "a"
        and ((attrs and _BOILERPLATE_ATTR.search(attrs)) or _hidden(el))
        and not _body_like(el)
    ):
        return True, False
    text = _short_text(el, 300)
    if not text:
        return el.tag in ("ul", "ol") and _is_teaser_list(el), False
    if len(text) <= 80 and _AD_LABEL.match(text):
        return True, False
    if el.tag == "a":
        return False, False
    if _TEASER_START.match(text) and (
        el.find(".//a") is not None or el.tag in ("p", "div", "table", "strong", "b")
    ):
        return True, False
    if len(text) <= 40 and _RELATED_HEADING.match(text):
        return True, True  # the list of teasers under the heading goes too
    return el.tag in ("ul", "ol") and _is_teaser_list(el), False


def _clean_tree(tree: HtmlElement) -> HtmlElement:
    """Remove the boilerplate Indonesian outlets place in and around article bodies (in place)."""
    for el in list(tree.iter(*_ALWAYS_DROP)):
        _drop(el)
    for el in list(tree.iter(etree.Comment)):
        _drop(el)
    doomed: list[HtmlElement] = []
    doomed_set: set[HtmlElement] = set()
    for el in tree.iter(*_BLOCKS, "a"):
        if doomed_set and any(anc in doomed_set for anc in el.iterancestors()):
            continue
        drop, with_next = _verdict(el)
        if not drop:
            continue
        doomed.append(el)
        doomed_set.add(el)
        if with_next:
            sibling = el.getnext()
            while sibling is not None and not isinstance(sibling.tag, str):
                sibling = sibling.getnext()
            if sibling is not None and (sibling.tag in ("ul", "ol") or not _body_like(sibling)):
                doomed.append(sibling)
                doomed_set.add(sibling)
    for el in doomed:
        if el.getparent() is not None:
            _drop(el)
    _drop_captions(tree)
    return tree


def _squash_words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _find_headline(tree: HtmlElement, title: str | None) -> HtmlElement | None:
    """The ``<h1>`` that reads like the page's title (not a logo in an ``<h1>``), if any."""
    if not title:
        return None
    wanted = _squash_words(title)
    for h1 in tree.iter("h1"):
        found = _squash_words(_text(h1))
        if found and len(found & wanted) >= 0.6 * max(len(found), len(wanted)):
            return h1
    return None


def _drop_before_headline(tree: HtmlElement, headline: HtmlElement) -> None:
    """Remove the headline and what comes before it (site header, menus, teasers).

    Only when most of the page's paragraph text follows the headline, so a headline placed
    below the body changes nothing.
    """
    body = tree.find("body")
    if body is None:
        return
    before = headline.xpath("preceding::*")
    before_set = set(before)
    paragraph_chars = sum(len(_text(p)) for p in body.iter("p"))
    before_chars = sum(len(_text(p)) for p in before if p.tag == "p")
    if paragraph_chars == 0 or before_chars > 0.5 * paragraph_chars:
        return
    for el in before:
        parent = el.getparent()
        if parent is None or parent in before_set or el.tag == "head":
            continue
        if any(anc.tag == "head" for anc in el.iterancestors()):
            continue
        _drop(el)
    _drop(headline)


def _is_icon(img: HtmlElement) -> bool:
    """Emoji and icons inside sentences are not photos."""
    if re.search(r"emoji|smiley|icon", img.get("class", ""), re.IGNORECASE):
        return True
    sizes = [img.get("width", ""), img.get("height", "")]
    return any(size.isdigit() and int(size) <= 48 for size in sizes)


def _drop_captions(tree: HtmlElement) -> None:
    """Remove photo blocks: an image with a short caption and no paragraph of text."""
    for img in list(tree.iter("img", "picture")):
        if img.getparent() is None or _is_icon(img):
            continue
        block = None
        for anc in img.iterancestors():
            if anc.tag in ("body", "html", "article", "main"):
                break
            text = _short_text(anc, 200)
            if text is None or (anc.find(".//p") is not None and len(text) > 80):
                break
            block = anc
        if block is not None and block.getparent() is not None and _text(block):
            _drop(block)


# -- metadata -------------------------------------------------------------------------------

_BYLINE_PREFIX = re.compile(
    r"^(?:pewarta|penulis|reporter|oleh|by|kontributor|editor|redaktur)\s*:?\s+", re.IGNORECASE
)
# Author names that are really the outlet, its web team or a role.
_NOT_A_PERSON = re.compile(
    r"\b(?:media|cyber|developer|development|web\s*design|redaksi|admin\w*|team|tim|"
    r"news|online|digital|com|co\.id|network|group|tv|desk)\b",
    re.IGNORECASE,
)


def clean_author(author: str | None, site_name: str | None = None) -> str | None:
    """Person names from a byline, without the outlet, web teams and role prefixes."""
    author = _plain(author)
    if not author:
        return None
    site = _squash(site_name or "")
    names: list[str] = []
    for part in re.split(r"\s*[;|]\s*", author):
        part = _BYLINE_PREFIX.sub("", part).strip(" ,-")
        if not part or _NOT_A_PERSON.search(part) or (site and _squash(part) == site):
            continue
        if part.islower() and " " not in part:
            continue  # an account handle or desk code ("prwir"), not a name
        if part not in names:
            names.append(part)
    return ", ".join(names) or None


_TITLE_SEPARATORS = re.compile(r"\s+[-|–—:•·]\s+")
_DOMAIN = re.compile(r"\b[\w-]+\.(?:com|co\.id|co|id|net|org|tv|news)\b", re.IGNORECASE)


def _meta_tags(tree: HtmlElement) -> dict[str, str]:
    """``<meta>`` contents by lower-cased property / name / itemprop (the first non-empty)."""
    found: dict[str, str] = {}
    for el in tree.iter("meta"):
        value = _WS.sub(" ", el.get("content") or "").strip()
        if not value:
            continue
        for attr in ("property", "name", "itemprop"):
            key = (el.get(attr) or "").strip().lower()
            if key and key not in found:
                found[key] = value
    return found


def _meta(metas: dict[str, str], *names: str) -> str | None:
    """The content of the first of these meta tags that the page has."""
    for name in names:
        value = metas.get(name.lower())
        if value:
            return value
    return None


def _plain(value: str | None) -> str | None:
    """Text with tags removed and whitespace collapsed; None when empty."""
    if not value:
        return None
    value = _WS.sub(" ", unescape(_TAG.sub(" ", value))).strip()
    return value or None


def _squash(value: str) -> str:
    return re.sub(r"[^a-z0-9]", "", value.lower())


def _clean_title(title: str | None, site_name: str | None, url: str | None) -> str | None:
    """The headline without the outlet's name (" - Kompas.com", "Detikcom | ")."""
    title = _plain(title)
    if not title:
        return None
    host = urlsplit(url).hostname or "" if url else ""
    host_words = {_squash(part) for part in host.split(".") if len(part) > 3}
    host_words.discard("www")
    site = _squash(site_name or "")

    def is_site(segment: str) -> bool:
        squashed = _squash(segment)
        if not squashed:
            return True
        if site and (squashed == site or squashed.startswith(site) or site.startswith(squashed)):
            return True
        if _DOMAIN.fullmatch(segment.strip()):
            return True
        return len(segment.split()) <= 3 and any(
            squashed == w or squashed.startswith(w) for w in host_words if w
        )

    parts = _TITLE_SEPARATORS.split(title)
    while len(parts) > 1 and is_site(parts[-1]):
        parts.pop()
    while len(parts) > 1 and is_site(parts[0]):
        parts.pop(0)
    separators = _TITLE_SEPARATORS.findall(title)
    if len(parts) == len(separators) + 1:
        return title
    # Re-join what is left with the separators it had.
    start = title.find(parts[0])
    end = title.rfind(parts[-1]) + len(parts[-1])
    return title[start:end].strip() or title


def _title_as_headline(title: str, headline: str) -> str:
    """The title cut where the page's own headline ends ("Judul - Nama Situs" -> "Judul").

    When the headline has the same words, its own spelling wins: meta titles often lose the
    headline's punctuation ("Raja Ampat Apa Iya" for "Raja Ampat: Apa Iya …?").
    """
    wanted = _squash(headline)
    if not wanted:
        return title
    spelled = " ".join(headline.split())
    if _squash(title) == wanted:
        return spelled
    for separator in _TITLE_SEPARATORS.finditer(title):
        if _squash(title[: separator.start()]) == wanted:
            return spelled
    return title


_DATE_NAMES = (
    "article:published_time",
    "og:published_time",
    "datePublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "content_PublishedDate",
    "dc.date.issued",
    "date",
)


def _parse_datetime(value: str, utc_is_local: tzinfo | None = None) -> datetime | None:
    """An aware datetime from an ISO-like string; naive times are read as WIB. With
    ``utc_is_local`` (a site rule), times labelled UTC are that zone's local times."""
    value = value.strip()
    value = re.sub(r"(\d{4}-\d{2}-\d{2})\s+T", r"\1T", value)
    value = re.sub(r"^(\d{4})/(\d{2})/(\d{2})", r"\1-\2-\3", value)
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = datetime.combine(date.fromisoformat(value[:10]), time())
        except ValueError:
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=utc_is_local or PAGE_TZ)
    elif utc_is_local is not None and parsed.utcoffset() == timedelta(0):
        parsed = parsed.replace(tzinfo=utc_is_local)  # "Z" written on a local time
    return parsed


def _json_ld_dates(tree: HtmlElement) -> list[str]:
    found: list[str] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        raw = script.text_content()
        if "datePublished" not in raw:
            continue
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            match = re.search(r'"datePublished"\s*:\s*"([^"]{8,40})"', raw)
            if match:
                found.append(match.group(1))
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                value = item.get("datePublished")
                if isinstance(value, str):
                    found.append(value)
                stack.extend(v for v in item.values() if isinstance(v, (dict, list)))
    return found


def _published_at(
    tree: HtmlElement,
    metas: dict[str, str],
    fallback: str | None,
    utc_is_local: tzinfo | None = None,
) -> datetime | None:
    candidates = [_meta(metas, name) for name in _DATE_NAMES]
    candidates += _json_ld_dates(tree)
    candidates += [t.get("datetime") for t in tree.xpath("//time[@datetime]")[:3]]
    if fallback:
        candidates.append(fallback)
    for value in candidates:
        if value and re.match(r"\s*\d{4}[-/]\d{2}[-/]\d{2}", value):
            parsed = _parse_datetime(value, utc_is_local)
            if parsed is not None:
                return parsed
    return None


_IMAGE_METAS = (
    "og:image:secure_url",
    "og:image",
    "og:image:url",
    "twitter:image",
    "twitter:image:src",
    "image",  # itemprop="image"
)
_IMG_SOURCES = ("src", "data-src", "data-original", "data-lazy-src")


def _absolute_http(value: str | None, url: str | None) -> str | None:
    """``value`` made absolute against the page, when it is an http(s) URL; else None."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        absolute = urljoin(url, value) if url else value
        scheme = urlsplit(absolute).scheme
    except ValueError:
        return None
    return absolute if scheme in ("http", "https") else None


def _figure_image(tree: HtmlElement) -> str | None:
    """The source of the first picture inside a ``<figure>`` (not an icon)."""
    for img in tree.xpath("//figure//img"):
        if _is_icon(img):
            continue
        for attr in _IMG_SOURCES:
            value = (img.get(attr) or "").strip()
            if value and not value.startswith("data:"):
                return value
        srcset = (img.get("srcset") or "").strip()
        if srcset:
            return srcset.split(",")[0].split()[0]
    return None


def _lead_image(
    tree: HtmlElement, metas: dict[str, str], meta_image: str | None, url: str | None
) -> str | None:
    """The article's lead image: the page's og:image (or twitter:image, trafilatura's
    pick), else the first figure's picture; absolute. Only the first one the page names is
    read: a broken og:image means no image, not a guess."""
    declared = _meta(metas, *_IMAGE_METAS) or meta_image or _figure_image(tree)
    return _absolute_http(declared, url)


def _canonical_url(tree: HtmlElement, metas: dict[str, str], url: str | None) -> str | None:
    for href in [*tree.xpath('//link[@rel="canonical"]/@href'), _meta(metas, "og:url") or ""]:
        href = href.strip()
        if not href:
            continue
        absolute = urljoin(url, href) if url else href
        if urlsplit(absolute).scheme in ("http", "https"):
            return absolute
    return None


# A handful of very frequent Indonesian function words: enough to tell Indonesian prose apart
# whatever the page's lang attribute claims.
_ID_WORDS = frozenset(
    [
        "yang",
        "dan",
        "di",
        "ini",
        "itu",
        "dengan",
        "untuk",
        "tidak",
        "dari",
        "dalam",
        "akan",
        "pada",
        "juga",
        "ke",
        "karena",
        "tersebut",
        "bisa",
        "ada",
        "mereka",
        "oleh",
        "sudah",
        "saat",
        "telah",
        "kata",
        "menjadi",
        "lebih",
        "serta",
        "bahwa",
        "atau",
    ]
)


def _language(text: str, declared: str | None) -> str | None:
    words = re.findall(r"[a-z]+", text[:5000].lower())
    if words and sum(w in _ID_WORDS for w in words) / len(words) >= 0.08:
        return "id"
    if declared:
        code = declared.strip().lower().replace("_", "-").split("-")[0]
        if code.isalpha() and 2 <= len(code) <= 3:
            return code
    return None


# -- body -----------------------------------------------------------------------------------


def _body_text(tree: HtmlElement, url: str | None, *, fast: bool = False) -> str | None:
    """trafilatura's main text of a cleaned tree, precision first, then its balanced mode."""
    for precision in (True, False):
        doc = trafilatura.bare_extraction(
            tree,
            url=url,
            favor_precision=precision,
            include_comments=False,
            include_tables=False,
            deduplicate=False,
            output_format="python",
            fast=fast,
        )
        text = getattr(doc, "text", None) if doc is not None else None
        if text and len(text.strip()) >= 100:
            return text
    return None


def _paragraphs(text: str) -> str:
    lines = (_WS.sub(" ", line).strip() for line in text.splitlines())
    return "\n\n".join(line for line in lines if line)


_SCRIPT_OR_STYLE = re.compile(
    r"<script\b(?![^>]*ld\+json)[^>]*>.*?</script\s*>|<style\b[^>]*>.*?</style\s*>",
    re.IGNORECASE | re.DOTALL,
)


def _prepare(html: str | bytes, encoding: str | None) -> str:
    """Decoded, capped markup without scripts and styles."""
    if isinstance(html, bytes):
        html = decode_html(html[: MAX_RAW_CHARS * 2], encoding)
    return _SCRIPT_OR_STYLE.sub(" ", html[:MAX_RAW_CHARS])[:MAX_HTML_CHARS]


def _parse(html: str) -> HtmlElement | None:
    try:
        tree = load_html(html)
    except (TypeError, ValueError, etree.ParserError):
        return None
    return tree if isinstance(tree, HtmlElement) else None


def extract_article(
    html: str | bytes,
    url: str | None = None,
    *,
    encoding: str | None = None,
    utc_is_local: tzinfo | None = None,
) -> Extracted | None:
    """Read an article page: its cleaned body text and metadata; None when it has no body.

    ``encoding`` is the charset of the HTTP Content-Type header, when known.
    ``utc_is_local`` is the site's rule for dates labelled UTC ("Z") that are really local
    times in that zone (detik); a real offset (+07:00) is always read as written. Only the first
    :data:`MAX_RAW_CHARS` characters of the page are read, and at most :data:`MAX_HTML_CHARS`
    of them, without scripts and styles, are parsed.
    """
    html = _prepare(html, encoding)
    if not html.strip():
        return None
    tree = _parse(html)
    if tree is None:
        return None
    huge = len(html) > FAST_HTML_CHARS
    metas = _meta_tags(tree)
    meta = None
    if not huge:  # trafilatura's byline and date search walks the whole tree: slow on huge pages
        try:
            meta = extract_metadata(
                tree, url, date_config={"extensive_search": False, "original_date": True}
            )
        except Exception:  # its metadata helpers are best-effort
            logger.debug("metadata extraction failed", exc_info=True)
    site_name = _meta(metas, "og:site_name") or (meta.sitename if meta else None)
    raw_title = (
        _meta(metas, "og:title", "twitter:title")
        or tree.findtext(".//title")
        or (meta.title if meta else None)
    )
    title = _clean_title(raw_title, site_name, url)
    headline = _find_headline(tree, title)
    if headline is not None and title:
        title = _title_as_headline(title, _text(headline))
    canonical = _canonical_url(tree, metas, url)
    published = _published_at(tree, metas, meta.date if meta else None, utc_is_local)
    description = _plain(_meta(metas, "og:description", "description", "twitter:description"))
    author = clean_author(meta.author if meta else _meta(metas, "author"), site_name)
    declared_lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    next_page = _next_page(tree, url) if url else None
    image = _lead_image(tree, metas, meta.image if meta else None, url)

    tree = _clean_tree(tree)
    if headline is not None and headline.getparent() is not None:
        _drop_before_headline(tree, headline)
    body = _body_text(tree, url, fast=huge)
    if body is None:
        return None
    text = _paragraphs(clean_text(_paragraphs(body), title))
    if not text:
        return None
    return Extracted(
        title=title,
        text=text,
        author=author,
        published_at=published,
        canonical_url=canonical,
        description=description,
        language=_language(text, declared_lang),
        next_page=next_page,
        image=image,
    )


def next_page_url(html: str | bytes, url: str) -> str | None:
    """The URL of the rest of a paginated article (Kompas ``?page=all``, rel=next, a link of
    class "next", "Halaman selanjutnya"), or None."""
    tree = _parse(_prepare(html, None))
    return None if tree is None else _next_page(tree, url)


_SHOW_ALL = re.compile(r"[?&]page=all\b")
_NEXT_LABEL = re.compile(
    r"(?:halaman\s+)?(?:selanjutnya|berikutnya)\W*|next(?:\s+page)?\W*", re.IGNORECASE
)


def _next_page(tree: HtmlElement, url: str) -> str | None:
    """:func:`next_page_url` on a parsed page (one pass over its links)."""
    current = url.split("#")[0]
    show_all: list[str] = []
    candidates: list[str] = list(tree.xpath('//link[@rel="next"]/@href'))
    for a in tree.iter("a"):
        href = (a.get("href") or "").strip()
        if not href:
            continue
        if _SHOW_ALL.search(href):
            show_all.append(href)
            continue
        # Kompas: <a class="next"> under "Halaman Selanjutnya"; WordPress: "next page-numbers".
        if a.get("rel") == "next" or "next" in (a.get("class") or "").split():
            candidates.append(href)
            continue
        label = _short_text(a, 40)
        if label and _NEXT_LABEL.fullmatch(label):
            candidates.append(href)
    for href in (*show_all, *candidates):
        absolute = urljoin(url, href.strip())
        absolute = absolute.split("#")[0]
        if urlsplit(absolute).scheme in ("http", "https") and absolute != current:
            return absolute
    return None
