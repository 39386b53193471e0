"""Inline mode: ``@bot bpjs`` offers summaries as articles to share."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tests.bot.bot_harness import SEED_TITLE, started_bot, wait_until
from tests.fake_telegram import FakeTelegram, parse_html

READER = 6101


def content_html(result: dict) -> str:
    return result["input_message_content"]["message_text"]


def test_inline_query_offers_matching_summaries(tmp_path: Path, fake_telegram: FakeTelegram):
    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram):
            for query in ("bpjs", "", "tidak ada yang cocok zzqx"):
                query_id = fake_telegram.inline_query(READER, query)
                answer = await wait_until(
                    lambda qid=query_id: next(
                        (a for a in fake_telegram.inline_answers if a["inline_query_id"] == qid),
                        None,
                    ),
                    what=f"inline answer to {query!r}",
                )
                results = answer["results"]
                if query.startswith("tidak"):
                    assert results == []
                    continue
                assert int(answer["cache_time"]) <= 60
                (result,) = results
                assert result["type"] == "article"
                assert result["title"] == SEED_TITLE
                assert result["description"]  # the first bullet of the summary
                assert f"• {result['description']}" in parse_html(content_html(result))[0]
                content = result["input_message_content"]
                assert content["parse_mode"] == "HTML"
                plain, _ = parse_html(content["message_text"])
                assert SEED_TITLE in plain and "• " in plain

    asyncio.run(scenario())
