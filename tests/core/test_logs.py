"""The logging setup: level, text or JSON lines, secrets redacted, repeats summarised."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from bot.core.logs import RepeatFilter, parse_level, setup_logging

TOKEN = "123456789:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0"
LIBRARIES = ("httpx", "httpcore", "apscheduler", "trafilatura", "htmldate")


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """Put the root logger and the library levels back as they were."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    levels = {name: logging.getLogger(name).level for name in LIBRARIES}
    yield
    for handler in root.handlers:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)
    for name, old in levels.items():
        logging.getLogger(name).setLevel(old)


def lines(stream: io.StringIO) -> list[str]:
    return stream.getvalue().splitlines()


def test_json_lines_carry_time_level_logger_message_and_exception(restore_logging: None) -> None:
    out = io.StringIO()
    setup_logging("INFO", "json", stream=out)
    log = logging.getLogger("warta.test.json")
    log.info("fetched %d feeds in %s", 3, "1.2 s")
    try:
        raise RuntimeError("the database went away")
    except RuntimeError:
        log.exception("poll failed")
    first, second = (json.loads(line) for line in lines(out))
    assert first["level"] == "INFO" and first["logger"] == "warta.test.json"
    assert first["message"] == "fetched 3 feeds in 1.2 s"
    assert first["time"].endswith("+00:00") and "T" in first["time"]
    assert "exception" not in first
    assert second["level"] == "ERROR" and second["message"] == "poll failed"
    assert "Traceback" in second["exception"]
    assert "RuntimeError: the database went away" in second["exception"]


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_the_token_is_redacted_in_both_formats(restore_logging: None, fmt: str) -> None:
    out = io.StringIO()
    setup_logging("DEBUG", fmt, stream=out)
    log = logging.getLogger("warta.test.redact")
    log.debug("POST %s", f"https://api.telegram.org/bot{TOKEN}/getMe")
    try:
        raise ValueError(f"bad url https://api.telegram.org/bot{TOKEN}/sendMessage")
    except ValueError:
        log.warning("send failed", exc_info=True)
    text = out.getvalue()
    assert "getMe" in text and "sendMessage" in text
    assert TOKEN not in text
    assert TOKEN.split(":")[1] not in text


def test_level_hides_debug_and_quiets_httpx_unless_debug(restore_logging: None) -> None:
    out = io.StringIO()
    setup_logging("INFO", "text", stream=out)
    logging.getLogger("warta.test.level").debug("not shown")
    logging.getLogger("warta.test.level").info("shown")
    logging.getLogger("httpx").info("HTTP Request: GET https://example.id/rss")
    assert [line.split(" ", 2)[2] for line in lines(out)] == ["INFO warta.test.level: shown"]
    assert logging.getLogger("httpx").level == logging.WARNING

    setup_logging("DEBUG", "text", stream=out)  # replaces the handler, does not add one
    assert logging.getLogger("httpx").level == logging.DEBUG
    assert logging.getLogger("trafilatura").level == logging.WARNING
    logging.getLogger("warta.test.level").debug("now shown")
    assert sum("shown" in line for line in lines(out)) == 2


@pytest.mark.parametrize("value", ["info", "INFO", " Warning ", "debug", "ERROR"])
def test_level_names(value: str) -> None:
    assert parse_level(value) == logging.getLevelNamesMapping()[value.strip().upper()]


@pytest.mark.parametrize("value", ["verbose", "CRITICAL", "", "20"])
def test_other_levels_are_refused(value: str) -> None:
    with pytest.raises(ValueError):
        parse_level(value)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def repeats() -> Iterator[tuple[logging.Logger, io.StringIO, Clock]]:
    """A logger with a real stream handler behind a RepeatFilter on a settable clock."""
    out, clock = io.StringIO(), Clock()
    handler = logging.StreamHandler(out)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RepeatFilter(handler.handle, window=60, clock=clock))
    log = logging.getLogger("warta.test.repeats")
    log.addHandler(handler)
    log.setLevel(logging.DEBUG)
    log.propagate = False
    yield log, out, clock
    log.removeHandler(handler)
    log.propagate = True


def test_repeated_errors_are_one_line_then_a_summary(
    repeats: tuple[logging.Logger, io.StringIO, Clock],
) -> None:
    log, out, clock = repeats
    for attempt in range(5):
        log.error("worker poll failed: %s", f"connection refused (attempt {attempt})")
        clock.now += 10
    assert lines(out) == [
        "ERROR warta.test.repeats: worker poll failed: connection refused (attempt 0)"
    ]
    clock.now += 20  # 70 s after the first
    log.error("worker poll failed: %s", "connection refused (attempt 5)")
    assert lines(out)[1:] == [
        "ERROR warta.test.repeats: worker poll failed: connection refused (attempt 4) "
        "(repeated 4 times in the last 70 s)",
        "ERROR warta.test.repeats: worker poll failed: connection refused (attempt 5)",
    ]


def test_a_summary_comes_with_the_next_line_of_any_kind(
    repeats: tuple[logging.Logger, io.StringIO, Clock],
) -> None:
    log, out, clock = repeats
    log.warning("feed %s is down", "a")
    log.warning("feed %s is down", "b")
    clock.now += 61
    log.info("poll done")
    assert lines(out) == [
        "WARNING warta.test.repeats: feed a is down",
        "WARNING warta.test.repeats: feed b is down (repeated 1 time in the last 61 s)",
        "INFO warta.test.repeats: poll done",
    ]


def test_info_other_templates_and_levels_are_never_held_back(
    repeats: tuple[logging.Logger, io.StringIO, Clock],
) -> None:
    log, out, _ = repeats
    for _ in range(3):
        log.info("poll done")
    log.error("sender stopped")
    log.error("lease lost")
    log.warning("sender stopped")  # same text, another level
    log.error("sender stopped")  # held back
    assert lines(out) == [
        "INFO warta.test.repeats: poll done",
        "INFO warta.test.repeats: poll done",
        "INFO warta.test.repeats: poll done",
        "ERROR warta.test.repeats: sender stopped",
        "ERROR warta.test.repeats: lease lost",
        "WARNING warta.test.repeats: sender stopped",
    ]


def test_a_window_without_repeats_ends_silently(
    repeats: tuple[logging.Logger, io.StringIO, Clock],
) -> None:
    log, out, clock = repeats
    log.error("sender stopped")
    clock.now += 61
    log.error("sender stopped")
    assert lines(out) == ["ERROR warta.test.repeats: sender stopped"] * 2


def test_the_setup_summarises_repeats_and_flushes_them_when_closed(
    restore_logging: None,
) -> None:
    out = io.StringIO()
    handler = setup_logging("INFO", "json", stream=out)
    log = logging.getLogger("warta.test.setup")
    for _ in range(3):
        try:
            raise ConnectionError(f"refused for bot{TOKEN}")
        except ConnectionError:
            log.exception("poll failed")
    assert len(lines(out)) == 1
    assert handler is not None
    logging.getLogger().removeHandler(handler)
    handler.close()  # as logging.shutdown() does at exit
    first, summary = (json.loads(line) for line in lines(out))
    assert "exception" in first
    assert summary["message"].startswith("poll failed (repeated 2 times in the last ")
    assert summary["level"] == "ERROR" and "exception" not in summary
    assert TOKEN not in out.getvalue()
