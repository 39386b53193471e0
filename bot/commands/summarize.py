"""``warta summarize``: bullet summary of an article file, URL or stdin, or a JSONL batch.

Exit codes: 0 done (a batch counts as done even when some lines failed; their count goes to
stderr), 1 the source could not be read or summarized, 2 the arguments do not make sense.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from bot.core.config import Settings
from summaries.clean import clean_text
from summaries.extract import decode_html, extract_article
from summaries.summarize import MAX_BULLETS, SummaryError, summarize

__all__ = ["MAX_SOURCE_BYTES", "SourceError", "run_summarize"]

# Largest article file, page or stdin accepted (pages are enforced while streaming).
MAX_SOURCE_BYTES = 10 * 1024 * 1024
FETCH_TIMEOUT = 30.0  # seconds for a whole page fetch
_HTML_START = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|article|main|p|div|meta|title)\b", re.IGNORECASE
)


class SourceError(Exception):
    """A source that cannot be read or has no article text; the message says why."""


@dataclass(frozen=True, slots=True)
class Article:
    """What is summarized: the text, and the title and URL when known."""

    text: str
    title: str | None = None
    url: str | None = None


def _looks_like_html(data: bytes) -> bool:
    return bool(_HTML_START.search(data[:4096]))


def _from_bytes(
    data: bytes, *, url: str | None = None, encoding: str | None = None, html: bool | None = None
) -> Article:
    """An article from a file's, stdin's or a page's bytes (HTML is extracted)."""
    if html is None:
        html = _looks_like_html(data)
    if html:
        extracted = extract_article(data, url, encoding=encoding)
        if extracted is None:
            raise SourceError("no article text found in the page")
        return Article(extracted.text, extracted.title, extracted.canonical_url or url)
    text = decode_html(data, encoding)
    cleaned = clean_text(text)
    return Article(cleaned if cleaned.strip() else text, None, url)


def _read_file(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_SOURCE_BYTES + 1)
    except FileNotFoundError:
        raise SourceError(f"file not found: {path}") from None
    except IsADirectoryError:
        raise SourceError(f"not a file: {path}") from None
    except PermissionError:
        raise SourceError(f"permission denied: {path}") from None
    except OSError as exc:
        raise SourceError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(data) > MAX_SOURCE_BYTES:
        raise SourceError(f"{path} is too large (over {MAX_SOURCE_BYTES // (1024 * 1024)} MB)")
    return data


def _read_stdin() -> bytes:
    stream = getattr(sys.stdin, "buffer", None)
    if stream is not None:
        data = stream.read(MAX_SOURCE_BYTES + 1)
    else:  # a text stream (as in tests): already decoded
        data = sys.stdin.read(MAX_SOURCE_BYTES + 1).encode("utf-8")
    if len(data) > MAX_SOURCE_BYTES:
        raise SourceError(f"stdin is too large (over {MAX_SOURCE_BYTES // (1024 * 1024)} MB)")
    return data


async def _fetch(url: str) -> Article:
    from bot.ingest.fetch import Fetcher, FetchError

    async with Fetcher(max_bytes=MAX_SOURCE_BYTES, total_timeout=FETCH_TIMEOUT) as fetcher:
        try:
            result = await fetcher.fetch(url)
        except FetchError as exc:
            raise SourceError(f"could not fetch {url}: {exc.reason}") from None
    media_type = (result.content_type or "").split(";")[0].strip().lower()
    html: bool | None = None  # unknown: look at the bytes
    if media_type:
        html = "html" in media_type or "xml" in media_type
        if not html and not media_type.startswith("text/"):
            raise SourceError(f"not an article page ({media_type}): {url}")
    try:
        return _from_bytes(
            result.content, url=result.final_url, encoding=result.encoding, html=html
        )
    except SourceError as exc:
        raise SourceError(f"{exc} at {url}") from None


def load_source(source: str) -> Article:
    """Read a file path, an http(s) URL or ``-`` (stdin) into an article."""
    if source == "-":
        return _from_bytes(_read_stdin())
    if re.match(r"(?i)https?://", source):
        return asyncio.run(_fetch(source))
    if re.match(r"(?i)[a-z][a-z0-9+.-]*://", source):
        raise SourceError(f"unsupported URL (only http and https): {source}")
    return _from_bytes(_read_file(Path(source)))


# -- output ---------------------------------------------------------------------------------


def _utf8(stream: IO[str]) -> IO[str]:
    """Make sure Indonesian text and curly quotes can be written whatever the locale."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None and (getattr(stream, "encoding", "") or "").lower() != "utf-8":
        with contextlib.suppress(ValueError, OSError):
            reconfigure(encoding="utf-8")
    return stream


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _error(message: str) -> None:
    print(f"warta: {message}", file=sys.stderr)


# -- batch ----------------------------------------------------------------------------------


def _batch_lines(source: str) -> Iterator[bytes]:
    """The raw lines of a JSONL file or of stdin, read one at a time."""
    if source == "-":
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:
            for line in sys.stdin:
                yield line.encode("utf-8")
            return
        yield from stream
        return
    path = Path(source)
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise SourceError(f"file not found: {path}") from None
    except IsADirectoryError:
        raise SourceError(f"not a file: {path}") from None
    except OSError as exc:
        raise SourceError(f"cannot read {path}: {exc.strerror or exc}") from None
    with handle:
        yield from handle


def _summarize_line(raw: bytes, number: int, bullets: int) -> dict[str, Any]:
    """One batch result: ``{"id", "bullets"}`` or ``{"id", "error"}``."""
    try:
        line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError:
        return {"id": None, "error": f"line {number} is not valid UTF-8"}
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        return {"id": None, "error": f"line {number} is not valid JSON: {exc.msg}"}
    if not isinstance(item, dict):
        return {"id": None, "error": f"line {number} is not a JSON object"}
    ident = item.get("id")
    if ident is None:
        return {"id": None, "error": f'line {number} has no "id"'}
    if isinstance(ident, bool) or not isinstance(ident, (str, int, float)):
        return {"id": None, "error": f'line {number}: "id" must be a string or a number'}
    text = item.get("text")
    if text is None:
        return {"id": ident, "error": f'line {number} has no "text"'}
    if not isinstance(text, str):
        return {"id": ident, "error": f'line {number}: "text" must be a string'}
    title = item.get("title")
    if title is not None and not isinstance(title, str):
        return {"id": ident, "error": f'line {number}: "title" must be a string'}
    try:
        return {"id": ident, "bullets": summarize(text, title=title or None, bullets=bullets)}
    except SummaryError as exc:
        return {"id": ident, "error": f"line {number}: {exc}"}


def run_batch(lines: Iterable[bytes], bullets: int, out: IO[str]) -> tuple[int, int]:
    """Summarize JSONL lines to ``out`` in input order; returns (results, errors)."""
    done = errors = 0
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        result = _summarize_line(raw.rstrip(b"\r\n"), number, bullets)
        out.write(_dumps(result) + "\n")
        out.flush()
        done += 1
        errors += "error" in result
    return done, errors


# -- command --------------------------------------------------------------------------------


def run_summarize(args: argparse.Namespace, settings: Settings) -> int:
    """Run ``warta summarize`` (settings are not needed: nothing is stored or sent)."""
    del settings
    bullets = args.bullets
    if not 1 <= bullets <= MAX_BULLETS:
        _error(f"--bullets must be between 1 and {MAX_BULLETS}, not {bullets}")
        return 2
    out = _utf8(sys.stdout)
    if args.jsonl is not None:
        if args.source:
            _error("give either a SOURCE or --jsonl FILE, not both")
            return 2
        try:
            done, errors = run_batch(_batch_lines(args.jsonl), bullets, out)
        except SourceError as exc:
            _error(str(exc))
            return 1
        _error(f"{done} line(s) read: {done - errors} summarized, {errors} error(s)")
        return 0
    if not args.source:
        _error("nothing to summarize: give a file, an http(s) URL, - for stdin, or --jsonl FILE")
        return 2
    try:
        article = load_source(args.source)
        title = args.title or article.title
        points = summarize(article.text, title=title, bullets=bullets)
    except SourceError as exc:
        _error(str(exc))
        return 1
    except SummaryError as exc:
        _error(f"cannot summarize {args.source}: {exc}")
        return 1
    if args.json:
        result: dict[str, Any] = {"title": title, "bullets": points}
        if article.url:
            result["url"] = article.url
        out.write(_dumps(result) + "\n")
    else:
        if title:
            out.write(title + "\n")
        out.writelines(f"• {point}\n" for point in points)
    out.flush()
    return 0
