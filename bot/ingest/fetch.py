"""The one shared HTTP client for feeds and article pages (httpx, async).

:class:`Fetcher` owns a single ``httpx.AsyncClient`` and adds what a polite, robust news
fetcher needs: connect/read timeouts and an overall deadline per fetch, a body-size cap
enforced while streaming (Content-Length checked first, then bytes counted), a redirect
limit, an honest User-Agent, a concurrency limit per host, and conditional GETs
(If-None-Match / If-Modified-Since → ``not_modified``). Failures raise :class:`FetchError`
with a one-line reason that is safe to store and show to an operator.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from types import TracebackType
from urllib.parse import urlsplit

import httpx

__all__ = [
    "DEFAULT_MAX_BYTES",
    "USER_AGENT",
    "FetchError",
    "FetchResult",
    "Fetcher",
]

USER_AGENT = "Warta/0.1 (+https://github.com/warta-id/warta)"
DEFAULT_MAX_BYTES = 5 * 1024 * 1024  # news pages are < 1 MB; feeds rarely reach 2 MB
_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, "
    "text/html;q=0.8, */*;q=0.5"
)


@dataclass(frozen=True, slots=True)
class FetchResult:
    """A completed fetch (``not_modified`` True for a 304, with empty content)."""

    url: str  # the URL asked for
    final_url: str  # after redirects
    status: int
    content: bytes
    encoding: str | None  # charset from the Content-Type header, if any
    content_type: str | None
    etag: str | None
    last_modified: str | None
    not_modified: bool = False


class FetchError(Exception):
    """A fetch that failed; ``kind`` is one of timeout, connection, http, too_large,
    redirects, invalid_url, protocol."""

    def __init__(self, url: str, kind: str, message: str, status: int | None = None) -> None:
        super().__init__(f"{message} ({url})")
        self.url = url
        self.kind = kind
        self.reason = message
        self.status = status


class Fetcher:
    """Shared async HTTP client; use ``async with Fetcher() as fetcher`` (or ``aclose()``)."""

    def __init__(
        self,
        *,
        connect_timeout: float = 10.0,
        read_timeout: float = 20.0,
        total_timeout: float = 60.0,
        max_bytes: int = DEFAULT_MAX_BYTES,
        max_redirects: int = 5,
        per_host: int = 4,
        user_agent: str = USER_AGENT,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.max_bytes = max_bytes
        self.total_timeout = total_timeout
        self.max_redirects = max_redirects
        self.per_host = per_host
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(read_timeout, connect=connect_timeout),
            follow_redirects=True,
            max_redirects=max_redirects,
            headers={"User-Agent": user_agent, "Accept": _ACCEPT},
            limits=httpx.Limits(max_connections=100, max_keepalive_connections=20),
            transport=transport,
        )

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    @asynccontextmanager
    async def _host_slot(self, host: str) -> AsyncIterator[None]:
        semaphore = self._hosts.get(host)
        if semaphore is None:
            semaphore = self._hosts[host] = asyncio.Semaphore(self.per_host)
        async with semaphore:
            yield

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        max_bytes: int | None = None,
    ) -> FetchResult:
        """GET ``url`` (conditionally, given validators); raise :class:`FetchError` on failure."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(url, "invalid_url", "not an http(s) URL")
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        limit = self.max_bytes if max_bytes is None else max_bytes
        async with self._host_slot(parts.hostname.lower()):
            try:
                return await asyncio.wait_for(
                    self._get(url, headers, limit), timeout=self.total_timeout
                )
            except TimeoutError as exc:
                raise FetchError(
                    url, "timeout", f"timed out after {self.total_timeout:g} s in total"
                ) from exc
            except httpx.TimeoutException as exc:
                raise FetchError(url, "timeout", _timeout_reason(exc)) from exc
            except httpx.TooManyRedirects as exc:
                raise FetchError(
                    url, "redirects", f"too many redirects (more than {self.max_redirects})"
                ) from exc
            except httpx.ConnectError as exc:
                raise FetchError(url, "connection", f"could not connect: {exc}") from exc
            except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
                raise FetchError(url, "invalid_url", f"invalid URL: {exc}") from exc
            except httpx.HTTPError as exc:
                reason = str(exc) or type(exc).__name__
                raise FetchError(url, "protocol", f"HTTP error: {reason}") from exc

    async def _get(self, url: str, headers: dict[str, str], limit: int) -> FetchResult:
        async with self._client.stream("GET", url, headers=headers) as response:
            if response.status_code == 304:
                return _result(url, response, b"", not_modified=True)
            if response.status_code >= 400:
                phrase = response.reason_phrase or ""
                raise FetchError(
                    url,
                    "http",
                    f"HTTP {response.status_code} {phrase}".strip(),
                    status=response.status_code,
                )
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > limit:
                raise FetchError(
                    url,
                    "too_large",
                    f"response too large: {_size(int(declared))} declared, limit {_size(limit)}",
                )
            chunks: list[bytes] = []
            received = 0
            async for chunk in response.aiter_bytes():
                received += len(chunk)
                if received > limit:
                    raise FetchError(
                        url, "too_large", f"response too large: over the {_size(limit)} limit"
                    )
                chunks.append(chunk)
            return _result(url, response, b"".join(chunks))


def _result(
    url: str, response: httpx.Response, content: bytes, *, not_modified: bool = False
) -> FetchResult:
    return FetchResult(
        url=url,
        final_url=str(response.url),
        status=response.status_code,
        content=content,
        encoding=response.charset_encoding,
        content_type=response.headers.get("Content-Type"),
        etag=response.headers.get("ETag"),
        last_modified=response.headers.get("Last-Modified"),
        not_modified=not_modified,
    )


def _timeout_reason(exc: httpx.TimeoutException) -> str:
    if isinstance(exc, httpx.ConnectTimeout):
        return "timed out while connecting"
    if isinstance(exc, httpx.ReadTimeout):
        return "timed out waiting for the server to answer"
    return "timed out"


def _size(count: int) -> str:
    return f"{count / (1024 * 1024):.1f} MB" if count >= 1024 * 1024 else f"{count} bytes"
