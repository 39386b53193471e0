"""Every button's callback data: its prefix, how it is built and how it is read back.

Telegram hands a button's ``callback_data`` back exactly as it was sent, possibly long after:
from a message queued in the outbox, sent by an older version, or tampered with. The strings
are therefore a wire format and must never change. Each kind of button with a value is a
small frozen dataclass: ``encode()`` builds its data, the classmethod ``parse(data)`` reads
it back (``None`` when the data is not of that kind or too malformed for its handler to use),
and ``pattern()`` is the regex for ``CallbackQueryHandler``. Buttons without a value are
plain strings, matched with :func:`exact`::

    st:topics, st:help        "📌 Pilih topik", "❓ Cara pakai" (welcome, a group's greeting)
    uc:<key>                  "▶️ /…": the corrected command kept under <key>
    t:<slug>:<page>           a topic's ✅/➕ toggle in /topik (0-based page)
    tp:<page>                 ◀ ▶ in /topik (0-based page)
    td                        "Selesai" in /topik
    x:<subscription id>       ✖ in the list of subscriptions
    so:<key>:<option>         one of the options /langganan offered, kept under <key>
    c:<key>:<page>            ◀ ▶ under /cari's results, the query kept under <key> (1-based)
    f:<keyword>               "🔔 Ikuti …": the keyword itself, when it fits
    fb:<answer id>:<up|down>  👍 / 👎 under an answer to a question
    dg:<digest id>:<page>     ⟨ 1/3 ⟩ under a digest (1-based page)
    pu:<subscription id>      "🔕 Berhenti ikuti …" under a push
    pf:<subscription id>      "↩️ Ikuti lagi", its undo
    s:open                    "⚙️ Pengaturan" under a digest: a new /pengaturan panel
    s:main, s:hours           /pengaturan's two screens
    s:h:<0-23>, s:z:<WIB|WITA|WIT>, s:m:<instant|digest>, s:p:<1|0>
                              /pengaturan's changes: hour, zone, mode, pause (1) or resume (0)
    s:g:<1|0>                 pictures in pushes on (1) or off (0)
    s:quiet, s:qs:<0-23>      the quiet hours screen; its start hour chosen (end hours next)
    s:qh:<start>-<end>, s:qh:off, s:qm:<hold|silent>
                              quiet hours set (local hours) or off; what they do to pushes

Keys (``uc``, ``so``, ``c``) are short tokens naming what the database keeps for the chat
(``bot.chat.button_state``, a week): the data carries ids and keys, never the reader's
words, except the follow button, which is left out when the keyword does not fit in
:data:`MAX_CALLBACK_DATA` bytes (:meth:`Callback.fits`).
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar, Self

from bot.present.timefmt import ZONES

MAX_CALLBACK_DATA = 64  # bytes: Telegram's limit for a button's callback data

# Buttons without a value.
PICK_TOPICS = "st:topics"  # the catalogue, under the welcome and a group's greeting
HOW_TO = "st:help"  # /bantuan, under the welcome
TOPICS_DONE = "td"  # "Selesai" under the catalogue
SETTINGS = "s"  # the prefix of every /pengaturan button
OPEN_SETTINGS = "s:open"  # a new /pengaturan panel (under a digest)
SETTINGS_MAIN = "s:main"  # back to the panel's main screen
SETTINGS_HOURS = "s:hours"  # the panel's digest hour screen
SETTINGS_QUIET = "s:quiet"  # the panel's quiet hours screen
MODES = ("instant", "digest")  # delivery modes offered in /pengaturan
QUIET_MODES = ("hold", "silent")  # what quiet hours do to pushes


def fits(data: str) -> bool:
    """Whether ``data`` is within Telegram's limit for callback data."""
    return len(data.encode()) <= MAX_CALLBACK_DATA


def prefixed(prefix: str) -> str:
    """The ``CallbackQueryHandler`` pattern of every data starting ``<prefix>:``."""
    return f"^{re.escape(prefix)}:"


def exact(*data: str) -> str:
    """The ``CallbackQueryHandler`` pattern of exactly these data."""
    return f"^({'|'.join(re.escape(d) for d in data)})$"


def _rest(data: str, prefix: str) -> str | None:
    """What follows ``<prefix>:``; None when the data has another prefix."""
    head, colon, rest = data.partition(":")
    return rest if colon and head == prefix else None


def _two(data: str, prefix: str) -> tuple[str, str] | None:
    """``<prefix>:<a>:<b>`` as (a, b), the last taking any further colons; a missing field
    is ""; None when the data has another prefix."""
    rest = _rest(data, prefix)
    if rest is None:
        return None
    first, _, second = rest.partition(":")
    return first, second


def _natural(raw: str) -> int | None:
    """Digits only (no sign, no spaces) as a number, else None."""
    if not raw.isdigit():
        return None
    try:
        return int(raw)
    except ValueError:  # digits int() does not read, such as "²"
        return None


def _integer(raw: str) -> int | None:
    """Whatever ``int()`` reads (signs and surrounding spaces too), else None."""
    try:
        return int(raw)
    except ValueError:
        return None


class Callback(ABC):
    """What every kind has: its prefix, its pattern and the size check."""

    __slots__ = ()
    PREFIX: ClassVar[str]

    @classmethod
    def pattern(cls) -> str:
        return prefixed(cls.PREFIX)

    @abstractmethod
    def encode(self) -> str:
        """The callback data."""

    @classmethod
    @abstractmethod
    def parse(cls, data: str) -> Self | None:
        """The button ``data`` came from; None when it is not of this kind, or malformed."""

    def fits(self) -> bool:
        """Whether the encoded data is within Telegram's 64 bytes."""
        return fits(self.encode())


# -- /start and unknown commands ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Correction(Callback):
    """``uc:<key>``: run the corrected command kept for the chat under ``key``."""

    PREFIX: ClassVar[str] = "uc"
    key: str

    def encode(self) -> str:
        return f"{self.PREFIX}:{self.key}"

    @classmethod
    def parse(cls, data: str) -> Self | None:
        key = _rest(data, cls.PREFIX)
        return None if key is None else cls(key)


# -- /topik -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TopicToggle(Callback):
    """``t:<slug>:<page>``: subscribe to or drop a topic, staying on page ``page`` (0-based).

    A page that is not a number reads as 0; the handler keeps it within the catalogue.
    """

    PREFIX: ClassVar[str] = "t"
    slug: str
    page: int

    def encode(self) -> str:
        return f"{self.PREFIX}:{self.slug}:{self.page}"

    @classmethod
    def parse(cls, data: str) -> Self | None:
        fields = _two(data, cls.PREFIX)
        if fields is None:
            return None
        slug, raw_page = fields
        return cls(slug, _integer(raw_page) or 0)


@dataclass(frozen=True, slots=True)
class TopicsPage(Callback):
    """``tp:<page>``: another page (0-based) of the catalogue; not a number reads as 0."""

    PREFIX: ClassVar[str] = "tp"
    page: int

    def encode(self) -> str:
        return f"{self.PREFIX}:{self.page}"

    @classmethod
    def parse(cls, data: str) -> Self | None:
        raw = _rest(data, cls.PREFIX)
        return None if raw is None else cls(_integer(raw) or 0)


# -- /langganan, /berhenti, /langgananku ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class _SubscriptionButton(Callback):
    """``<prefix>:<subscription id>``: a button acting on one of the chat's subscriptions."""

    subscription_id: int

    def encode(self) -> str:
        return f"{self.PREFIX}:{self.subscription_id}"

    @classmethod
    def parse(cls, data: str) -> Self | None:
        raw = _rest(data, cls.PREFIX)
        number = None if raw is None else _natural(raw)
        return None if number is None else cls(number)


@dataclass(frozen=True, slots=True)
class RemoveSubscription(_SubscriptionButton):
    """``x:<subscription id>``: ✖ in the list of subscriptions."""

    PREFIX: ClassVar[str] = "x"


@dataclass(frozen=True, slots=True)
class Offer(Callback):
    """``so:<key>:<option>``: option ``option`` (0-based) of those kept under ``key``."""

    PREFIX: ClassVar[str] = "so"
    key: str
    option: int

    def encode(self) -> str:
        return f"{self.PREFIX}:{self.key}:{self.option}"

    @classmethod
    def parse(cls, data: str) -> Self | None:
        fields = _two(data, cls.PREFIX)
        option = None if fields is None else _natural(fields[1])
        return None if fields is None or option is None else cls(fields[0], option)


# -- /cari and the follow button -----------------------------------------------------------

SEARCH = "c"  # the prefix of /cari's ◀ ▶


@dataclass(frozen=True, slots=True)
class ResultsPage(Callback):
    """``<prefix>:<key>:<page>``: page ``page`` (1-based) of the results of the query kept
    under ``key``; /cari's prefix is ``c``. A page below 1 reads as 1."""

    PREFIX: ClassVar[str] = SEARCH
    key: str
    page: int
    prefix: str = SEARCH

    def encode(self) -> str:
        return f"{self.prefix}:{self.key}:{self.page}"

    @classmethod
    def parse(cls, data: str, prefix: str = SEARCH) -> Self | None:
        fields = _two(data, prefix)
        page = None if fields is None else _integer(fields[1])
        if fields is None or page is None:
            return None
        return cls(fields[0], max(1, page), prefix)


@dataclass(frozen=True, slots=True)
class Follow(Callback):
    """``f:<keyword>``: follow the keyword, carried in the data itself (check :meth:`fits`)."""

    PREFIX: ClassVar[str] = "f"
    keyword: str

    def encode(self) -> str:
        return f"{self.PREFIX}:{self.keyword}"

    @classmethod
    def parse(cls, data: str) -> Self | None:
        keyword = _rest(data, cls.PREFIX)
        return None if keyword is None else cls(keyword)


# -- feedback on answers ------------------------------------------------------------------

VOTE_CHOICES = ("up", "down")  # 👍, 👎 (the values the store keeps)


@dataclass(frozen=True, slots=True)
class AnswerVote(Callback):
    """``fb:<answer id>:<up|down>``: 👍 or 👎 under the stored answer ``answer_id``.

    Malformed (an id that is not plain digits or too large to be stored, another vote): None.
    """

    PREFIX: ClassVar[str] = "fb"
    answer_id: int
    vote: str

    def encode(self) -> str:
        return f"{self.PREFIX}:{self.answer_id}:{self.vote}"

    @classmethod
    def parse(cls, data: str) -> Self | None:
        fields = _two(data, cls.PREFIX)
        if fields is None:
            return None
        answer_id = _natural(fields[0])
        if answer_id is None or not 0 < answer_id < 2**63 or fields[1] not in VOTE_CHOICES:
            return None
        return cls(answer_id, fields[1])


# -- digests and pushes -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DigestPage(Callback):
    """``dg:<digest id>:<page>``: page ``page`` (1-based) of a saved digest."""

    PREFIX: ClassVar[str] = "dg"
    digest_id: int
    page: int

    def encode(self) -> str:
        return f"{self.PREFIX}:{self.digest_id}:{self.page}"

    @classmethod
    def parse(cls, data: str) -> Self | None:
        fields = _two(data, cls.PREFIX)
        if fields is None:
            return None
        digest_id, page = _natural(fields[0]), _natural(fields[1])
        return None if digest_id is None or page is None else cls(digest_id, page)


@dataclass(frozen=True, slots=True)
class Unfollow(_SubscriptionButton):
    """``pu:<subscription id>``: "🔕 Berhenti ikuti …" under a push."""

    PREFIX: ClassVar[str] = "pu"


@dataclass(frozen=True, slots=True)
class FollowAgain(_SubscriptionButton):
    """``pf:<subscription id>``: "↩️ Ikuti lagi", the undo of :class:`Unfollow`."""

    PREFIX: ClassVar[str] = "pf"


# -- /pengaturan's changes -----------------------------------------------------------------


def _setting(data: str, what: str) -> str | None:
    """The value of ``s:<what>:<value>`` (exactly three fields), else None."""
    parts = data.split(":")
    if len(parts) != 3 or parts[0] != SETTINGS or parts[1] != what:
        return None
    return parts[2]


@dataclass(frozen=True, slots=True)
class SetHour(Callback):
    """``s:h:<hour>``: the digest hour, 0 to 23."""

    PREFIX: ClassVar[str] = SETTINGS
    hour: int

    def encode(self) -> str:
        return f"{self.PREFIX}:h:{self.hour}"

    @classmethod
    def parse(cls, data: str) -> Self | None:
        value = _setting(data, "h")
        hour = None if value is None else _natural(value)
        return cls(hour) if hour is not None and 0 <= hour <= 23 else None


@dataclass(frozen=True, slots=True)
class SetZone(Callback):
    """``s:z:<label>``: the time zone by its label (WIB, WITA, WIT)."""

    PREFIX: ClassVar[str] = SETTINGS
    label: str

    @property
    def timezone(self) -> str:
        """The zone's IANA name."""
        return ZONES[self.label]

    def encode(self) -> str:
        return f"{self.PREFIX}:z:{self.label}"

    @classmethod
    def parse(cls, data: str) -> Self | None:
        label = _setting(data, "z")
        return cls(label) if label is not None and label in ZONES else None


@dataclass(frozen=True, slots=True)
class SetMode(Callback):
    """``s:m:<mode>``: the delivery mode, one of :data:`MODES`."""

    PREFIX: ClassVar[str] = SETTINGS
    mode: str

    def encode(self) -> str:
        return f"{self.PREFIX}:m:{self.mode}"

    @classmethod
    def parse(cls, data: str) -> Self | None:
        mode = _setting(data, "m")
        return cls(mode) if mode is not None and mode in MODES else None


@dataclass(frozen=True, slots=True)
class SetPaused(Callback):
    """``s:p:1`` pauses delivery, ``s:p:0`` resumes it."""

    PREFIX: ClassVar[str] = SETTINGS
    paused: bool

    def encode(self) -> str:
        return f"{self.PREFIX}:p:{int(self.paused)}"

    @classmethod
    def parse(cls, data: str) -> Self | None:
        value = _setting(data, "p")
        return cls(value == "1") if value in ("0", "1") else None


@dataclass(frozen=True, slots=True)
class SetPictures(Callback):
    """``s:g:1`` shows the article's picture in pushes, ``s:g:0`` sends them text only."""

    PREFIX: ClassVar[str] = SETTINGS
    pictures: bool

    def encode(self) -> str:
        return f"{self.PREFIX}:g:{int(self.pictures)}"

    @classmethod
    def parse(cls, data: str) -> Self | None:
        value = _setting(data, "g")
        return cls(value == "1") if value in ("0", "1") else None


@dataclass(frozen=True, slots=True)
class QuietStart(Callback):
    """``s:qs:<hour>``: the start of quiet hours chosen; the end hours are offered next."""

    PREFIX: ClassVar[str] = SETTINGS
    hour: int

    def encode(self) -> str:
        return f"{self.PREFIX}:qs:{self.hour}"

    @classmethod
    def parse(cls, data: str) -> Self | None:
        value = _setting(data, "qs")
        hour = None if value is None else _natural(value)
        return cls(hour) if hour is not None and 0 <= hour <= 23 else None


@dataclass(frozen=True, slots=True)
class SetQuietHours(Callback):
    """``s:qh:<start>-<end>`` sets quiet hours (local hours 0-23; equal hours are read back
    so the handler can say why they are refused); ``s:qh:off`` turns them off (both None)."""

    PREFIX: ClassVar[str] = SETTINGS
    start: int | None
    end: int | None

    def encode(self) -> str:
        if self.start is None or self.end is None:
            return f"{self.PREFIX}:qh:off"
        return f"{self.PREFIX}:qh:{self.start}-{self.end}"

    @classmethod
    def parse(cls, data: str) -> Self | None:
        value = _setting(data, "qh")
        if value == "off":
            return cls(None, None)
        first, dash, second = (value or "").partition("-")
        start, end = _natural(first), _natural(second)
        if not dash or start is None or end is None or not (0 <= start <= 23 and 0 <= end <= 23):
            return None
        return cls(start, end)


@dataclass(frozen=True, slots=True)
class SetQuietMode(Callback):
    """``s:qm:<mode>``: what quiet hours do to pushes, one of :data:`QUIET_MODES`."""

    PREFIX: ClassVar[str] = SETTINGS
    mode: str

    def encode(self) -> str:
        return f"{self.PREFIX}:qm:{self.mode}"

    @classmethod
    def parse(cls, data: str) -> Self | None:
        mode = _setting(data, "qm")
        return cls(mode) if mode is not None and mode in QUIET_MODES else None


SettingChange = SetHour | SetZone | SetMode | SetPaused | SetPictures | SetQuietHours | SetQuietMode


def parse_setting(data: str) -> SettingChange | None:
    """The /pengaturan change a button asks for; None when the data is not a valid change."""
    for kind in (SetHour, SetZone, SetMode, SetPaused, SetPictures, SetQuietHours, SetQuietMode):
        change = kind.parse(data)
        if change is not None:
            return change
    return None
