"""The shared HTTP client against a real local server: limits, errors, conditional GETs."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Iterator
from typing import Any, TypeVar

import pytest

from bot.ingest.fetch import USER_AGENT, Fetcher, FetchError, FetchResult
from tests.support.feedserver import FeedServer

T = TypeVar("T")
BIG = 50 * 1024 * 1024


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as running:
        yield running


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


async def fetch(url: str, **options: Any) -> FetchResult:
    validators = {k: options.pop(k) for k in ("etag", "last_modified") if k in options}
    async with Fetcher(**options) as fetcher:
        return await fetcher.fetch(url, **validators)


def fetch_error(url: str, **options: Any) -> FetchError:
    with pytest.raises(FetchError) as caught:
        run(fetch(url, **options))
    return caught.value


def test_fetch_returns_body_status_encoding_and_validators(server: FeedServer) -> None:
    server.set(
        "/berita/1",
        "<p>Harga naik</p>",
        content_type="text/html; charset=ISO-8859-1",
        etag='"v1"',
        last_modified="Wed, 25 Nov 2026 07:00:00 GMT",
    )
    result = run(fetch(server.url("/berita/1")))
    assert result.status == 200
    assert result.content == b"<p>Harga naik</p>"
    assert (result.encoding or "").lower() == "iso-8859-1"
    assert result.etag == '"v1"'
    assert result.last_modified == "Wed, 25 Nov 2026 07:00:00 GMT"
    assert not result.not_modified
    assert server.requests("/berita/1")[0]["User-Agent"] == USER_AGENT


def test_conditional_get_sends_validators_and_304_is_not_modified(server: FeedServer) -> None:
    server.set("/rss", "<rss/>", etag='"abc"', last_modified="Wed, 25 Nov 2026 07:00:00 GMT")
    result = run(
        fetch(server.url("/rss"), etag='"abc"', last_modified="Wed, 25 Nov 2026 07:00:00 GMT")
    )
    assert result.not_modified and result.status == 304 and result.content == b""
    sent = server.requests("/rss")[0]
    assert sent["If-None-Match"] == '"abc"'
    assert sent["If-Modified-Since"] == "Wed, 25 Nov 2026 07:00:00 GMT"


def test_a_changed_resource_is_fetched_in_full_despite_old_validators(server: FeedServer) -> None:
    server.set("/rss", "<rss>baru</rss>", etag='"new"')
    result = run(fetch(server.url("/rss"), etag='"old"'))
    assert not result.not_modified and result.content == b"<rss>baru</rss>"


@pytest.mark.parametrize(("status", "text"), [(404, "HTTP 404"), (500, "HTTP 500"), (403, "403")])
def test_http_errors_raise_with_the_status(server: FeedServer, status: int, text: str) -> None:
    server.set("/x", "error page", status=status)
    error = fetch_error(server.url("/x"))
    assert error.kind == "http" and error.status == status
    assert text in str(error) and server.url("/x") in str(error)


def test_a_server_that_hangs_past_the_read_timeout_raises_timeout(server: FeedServer) -> None:
    server.set("/slow", "<rss/>", delay=3)
    error = fetch_error(server.url("/slow"), read_timeout=0.2)
    assert error.kind == "timeout" and "timed out" in str(error)


def test_total_deadline_stops_a_fetch(server: FeedServer) -> None:
    server.set("/slow", "<rss/>", delay=3)
    error = fetch_error(server.url("/slow"), read_timeout=10, total_timeout=0.3)
    assert error.kind == "timeout" and "in total" in str(error)


def test_a_50_mb_body_with_content_length_is_refused_before_reading(server: FeedServer) -> None:
    server.set_stream("/big", BIG)
    error = fetch_error(server.url("/big"))
    assert error.kind == "too_large" and "declared" in str(error)
    assert server.bytes_sent("/big") < BIG // 2  # the client hung up; most was never sent


def test_a_50_mb_chunked_body_is_cut_off_while_streaming(server: FeedServer) -> None:
    server.set_stream("/big", BIG, declare_length=False)
    error = fetch_error(server.url("/big"), max_bytes=1024 * 1024)
    assert error.kind == "too_large" and "limit" in str(error)
    assert server.bytes_sent("/big") < BIG // 2


def test_redirects_are_followed_and_a_loop_is_a_clear_error(server: FeedServer) -> None:
    server.redirect("/old", "/new", status=301)
    server.set("/new", "ok")
    result = run(fetch(server.url("/old")))
    assert result.final_url == server.url("/new") and result.content == b"ok"

    server.redirect("/loop-a", "/loop-b")
    server.redirect("/loop-b", "/loop-a")
    error = fetch_error(server.url("/loop-a"), max_redirects=4)
    assert error.kind == "redirects" and "too many redirects" in str(error)


def test_connection_refused_is_a_connection_error() -> None:
    with FeedServer() as gone:
        url = gone.url("/rss")
    error = fetch_error(url, connect_timeout=1)
    assert error.kind == "connection" and "could not connect" in str(error)


@pytest.mark.parametrize("url", ["ftp://example.com/rss", "not a url", "http:///nohost"])
def test_non_http_urls_are_refused_without_a_request(url: str) -> None:
    assert fetch_error(url).kind == "invalid_url"


def test_concurrency_per_host_is_limited(server: FeedServer) -> None:
    for n in range(6):
        server.set(f"/a/{n}", "ok", delay=0.15)

    async def main() -> list[FetchResult]:
        async with Fetcher(per_host=2) as fetcher:
            return await asyncio.gather(*(fetcher.fetch(server.url(f"/a/{n}")) for n in range(6)))

    results = run(main())
    assert all(r.content == b"ok" for r in results)
    assert server.max_in_flight() == 2
