"""Logging for operators: the level and format (text or JSON lines), repeats summarised.

:func:`setup_logging` is called once by the ``warta`` command line. It installs one stderr
handler on the root logger with, in this order, a :class:`RepeatFilter` (the same warning or
error again within a minute is counted, not printed), the :class:`~bot.core.logsafe.TokenFilter`
(secrets redacted) and a text or :class:`JsonFormatter`.
"""

from __future__ import annotations

import json
import logging
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TextIO

from bot.core.logsafe import TokenFilter, install_token_filter, redact

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
FORMATS = ("text", "json")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
REPEAT_WINDOW = 60.0  # seconds

# Libraries that are chatty at INFO. httpx and httpcore log every request with its URL, which
# holds the bot token (redacted by the filter, but one line per request would flood the log).
_QUIET_UNLESS_DEBUG = ("httpx", "httpcore", "apscheduler")
_QUIET_ALWAYS = ("trafilatura", "htmldate")  # page-level chatter even at DEBUG
_SUMMARY_FLAG = "warta_repeat_summary"


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, str] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = redact(record.exc_text)
        if record.stack_info:
            entry["stack"] = redact(self.formatStack(record.stack_info))
        return json.dumps(entry, ensure_ascii=False)


@dataclass
class _Window:
    start: float
    repeats: int = 0
    last: logging.LogRecord | None = None


class RepeatFilter(logging.Filter):
    """Lets the first of a run of identical warnings or errors through and counts the rest.

    Records are identical when they share the logger, the message template (before its
    arguments are filled in) and the level. Within ``window`` seconds of the first, repeats
    are suppressed; once the window is over, the next record that reaches the handler (any
    record) first brings one line "<last message> (repeated N times in the last S s)", and
    the next repeat starts a new window. Records below WARNING always pass.
    """

    def __init__(
        self,
        emit: Callable[[logging.LogRecord], object],
        window: float = REPEAT_WINDOW,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self._emit = emit
        self.window = window
        self._clock = clock
        self._windows: dict[tuple[str, str, int], _Window] = {}
        self._lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, _SUMMARY_FLAG, False):
            return True
        now = self._clock()
        with self._lock:
            summaries = self._expire(now)
            passes = True
            if record.levelno >= logging.WARNING:
                key = (record.name, str(record.msg), record.levelno)
                window = self._windows.get(key)
                if window is None:
                    self._windows[key] = _Window(start=now)
                else:
                    window.repeats += 1
                    window.last = _bare(record)  # no traceback kept alive for the window
                    passes = False
        for summary in summaries:  # outside the lock: they come back through this filter
            self._emit(summary)
        return passes

    def flush(self) -> None:
        """Emit the summaries of every open window now (at shutdown)."""
        with self._lock:
            summaries = self._expire(self._clock(), everything=True)
        for summary in summaries:
            self._emit(summary)

    def _expire(self, now: float, *, everything: bool = False) -> list[logging.LogRecord]:
        """Close the windows that are over (all with ``everything``); the summary lines of
        those that had repeats."""
        summaries = []
        for key, window in list(self._windows.items()):
            if not everything and now - window.start < self.window:
                continue
            del self._windows[key]
            if window.repeats and window.last is not None:
                summaries.append(_summary(window.last, window.repeats, now - window.start))
        return summaries


def _bare(record: logging.LogRecord) -> logging.LogRecord:
    """A copy of ``record`` with its message filled in and no exception or stack."""
    bare = logging.makeLogRecord(record.__dict__)
    try:
        bare.msg = record.getMessage()
    except (TypeError, ValueError):  # arguments that do not fit the template
        bare.msg = str(record.msg)
    bare.args = None
    bare.exc_info = bare.exc_text = bare.stack_info = None
    return bare


def _summary(last: logging.LogRecord, repeats: int, seconds: float) -> logging.LogRecord:
    times = "time" if repeats == 1 else "times"
    record = logging.makeLogRecord(last.__dict__)
    record.msg = f"{last.msg} (repeated {repeats} {times} in the last {seconds:.0f} s)"
    setattr(record, _SUMMARY_FLAG, True)
    return record


class _WartaHandler(logging.StreamHandler[TextIO]):
    """The handler :func:`setup_logging` installs (replaced, not doubled, when called again).

    Without a stream it writes to whatever ``sys.stderr`` is at the time (tests swap it).
    """

    def __init__(self, stream: TextIO | None, repeat_window: float) -> None:
        self._follow_stderr = stream is None
        super().__init__(stream)
        self.repeats = RepeatFilter(self.handle, window=repeat_window)
        self.addFilter(self.repeats)  # first: it keys on the message template
        self.addFilter(TokenFilter())

    @property
    def stream(self) -> TextIO:
        return sys.stderr if self._follow_stderr else self._stream

    @stream.setter
    def stream(self, value: TextIO) -> None:
        self._stream = value

    def close(self) -> None:
        self.repeats.flush()
        super().close()


def parse_level(value: str) -> int:
    """``"info"`` -> ``logging.INFO``; ValueError for anything but the four levels."""
    name = value.strip().upper()
    if name not in LEVELS:
        raise ValueError(name)
    return logging.getLevelNamesMapping()[name]


def setup_logging(
    level: str = "INFO",
    fmt: str = "text",
    *,
    stream: TextIO | None = None,
    repeat_window: float = REPEAT_WINDOW,
) -> logging.Handler | None:
    """Configure the root logger once for ``warta``; returns the handler it installed.

    When the host already configured logging (handlers on the root logger that are not
    ours, as under pytest), only the library levels and the token filter are set, as
    ``logging.basicConfig`` would leave them alone; pass ``stream`` to install regardless.
    """
    numeric = parse_level(level)
    for name in _QUIET_UNLESS_DEBUG:
        logging.getLogger(name).setLevel(
            logging.DEBUG if numeric <= logging.DEBUG else logging.WARNING
        )
    for name in _QUIET_ALWAYS:
        logging.getLogger(name).setLevel(logging.WARNING)
    root = logging.getLogger()
    ours = [h for h in root.handlers if isinstance(h, _WartaHandler)]
    for handler in ours:
        root.removeHandler(handler)
        handler.close()
    installed: logging.Handler | None = None
    if stream is not None or len(root.handlers) == 0:
        handler = _WartaHandler(stream, repeat_window)
        handler.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter(TEXT_FORMAT))
        root.addHandler(handler)
        root.setLevel(numeric)
        installed = handler
    install_token_filter()
    return installed
