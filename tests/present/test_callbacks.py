"""Callback data: the wire format (pinned), round trips, malformed data and the patterns."""

from __future__ import annotations

import re

import pytest

from bot.present import callbacks
from bot.present.callbacks import (
    HOW_TO,
    MAX_CALLBACK_DATA,
    OPEN_SETTINGS,
    PICK_TOPICS,
    SETTINGS,
    SETTINGS_HOURS,
    SETTINGS_MAIN,
    TOPICS_DONE,
    AnswerVote,
    Callback,
    Correction,
    DigestPage,
    Follow,
    FollowAgain,
    Offer,
    RemoveSubscription,
    ResultsPage,
    SetHour,
    SetMode,
    SetPaused,
    SetZone,
    TopicsPage,
    TopicToggle,
    Unfollow,
    exact,
    fits,
    parse_setting,
    prefixed,
)
from bot.present.keyboards import digest_keyboard, feedback_keyboard, push_keyboard
from bot.present.render import pager_buttons

# Every kind once, with the data it has always had on the wire: buttons already in readers'
# chats and messages waiting in the outbox carry exactly these strings.
KNOWN: list[tuple[Callback, str]] = [
    (Correction("AbC-_12x"), "uc:AbC-_12x"),
    (TopicToggle("pajak", 0), "t:pajak:0"),
    (TopicToggle("bpjs-kesehatan", 2), "t:bpjs-kesehatan:2"),
    (TopicsPage(1), "tp:1"),
    (RemoveSubscription(315), "x:315"),
    (Offer("k3y_-AB", 2), "so:k3y_-AB:2"),
    (ResultsPage("ab12", 3), "c:ab12:3"),
    (ResultsPage("ab12", 2, "cari"), "cari:ab12:2"),
    (Follow("kartu prakerja"), "f:kartu prakerja"),
    (AnswerVote(12, "up"), "fb:12:up"),
    (AnswerVote(12, "down"), "fb:12:down"),
    (DigestPage(42, 1), "dg:42:1"),
    (Unfollow(7), "pu:7"),
    (FollowAgain(7), "pf:7"),
    (SetHour(5), "s:h:5"),
    (SetHour(0), "s:h:0"),
    (SetHour(23), "s:h:23"),
    (SetZone("WIB"), "s:z:WIB"),
    (SetZone("WITA"), "s:z:WITA"),
    (SetZone("WIT"), "s:z:WIT"),
    (SetMode("instant"), "s:m:instant"),
    (SetMode("digest"), "s:m:digest"),
    (SetPaused(True), "s:p:1"),
    (SetPaused(False), "s:p:0"),
]


@pytest.mark.parametrize(("button", "data"), KNOWN, ids=[data for _, data in KNOWN])
def test_the_wire_format_is_pinned(button: Callback, data: str) -> None:
    assert button.encode() == data


@pytest.mark.parametrize(("button", "data"), KNOWN, ids=[data for _, data in KNOWN])
def test_every_kind_round_trips(button: Callback, data: str) -> None:
    if isinstance(button, ResultsPage):
        assert ResultsPage.parse(data, button.prefix) == button
    else:
        assert type(button).parse(data) == button


@pytest.mark.parametrize(
    "button",
    [
        Correction(""),
        Correction("a:b"),  # everything after the prefix is the key
        TopicToggle("", 0),
        TopicToggle("slug-with-dash", 99),
        TopicsPage(0),
        RemoveSubscription(0),
        RemoveSubscription(987_654_321_012),
        Offer("", 0),
        ResultsPage("", 1),
        Follow(""),
        Follow("iuran: denda & bunga"),  # colons in the keyword survive
        Follow("ümlaut 🎉"),
        DigestPage(1, 100),
        Unfollow(123_456_789),
        FollowAgain(0),
        AnswerVote(1, "down"),
        AnswerVote(2**63 - 1, "up"),
    ],
    ids=repr,
)
def test_more_round_trips(button: Callback) -> None:
    assert type(button).parse(button.encode()) == button


def test_buttons_without_a_value() -> None:
    assert (PICK_TOPICS, HOW_TO, TOPICS_DONE) == ("st:topics", "st:help", "td")
    assert (OPEN_SETTINGS, SETTINGS_MAIN, SETTINGS_HOURS) == ("s:open", "s:main", "s:hours")
    assert SETTINGS == "s"


def test_keyboards_carry_the_same_data() -> None:
    rows = digest_keyboard(42, 1, 3).inline_keyboard
    assert [b.callback_data for b in rows[0]] == ["dg:42:3", "dg:42:1", "dg:42:2"]
    assert [b.callback_data for b in rows[1]] == ["s:open"]
    assert [
        [b.callback_data for b in row] for row in digest_keyboard(None, 1, 1).inline_keyboard
    ] == [["s:open"]]
    from bot.core.models import Subscription

    push = push_keyboard(Subscription(1, "keyword", "x", id=9), "x", "Judul")
    assert push.inline_keyboard[0][0].callback_data == "pu:9"
    assert pager_buttons("c", "k", 2, has_next=True) == [
        ("◀ Sebelumnya", "c:k:1"),
        ("Berikutnya ▶", "c:k:3"),
    ]


def test_the_feedback_keyboard_carries_the_answer_id_and_marks_the_choice() -> None:
    (row,) = feedback_keyboard(42).inline_keyboard
    assert [(b.text, b.callback_data) for b in row] == [("👍", "fb:42:up"), ("👎", "fb:42:down")]
    (row,) = feedback_keyboard(42, "down").inline_keyboard
    assert [(b.text, b.callback_data) for b in row] == [
        ("👍", "fb:42:up"),
        ("✅ 👎", "fb:42:down"),
    ]
    assert all(fits(b.callback_data) for b in feedback_keyboard(2**63 - 1).inline_keyboard[0])


# -- malformed and foreign data ------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    ["x", "x:", "x:abc", "x:-1", "x: 1", "x:1:2", "x:1.0", "x:²", "xx:1", "pu:1", ""],
)
def test_subscription_ids_must_be_plain_digits(data: str) -> None:
    assert RemoveSubscription.parse(data) is None


def test_a_subscription_id_in_other_digits_reads_as_today() -> None:
    assert RemoveSubscription.parse("x:٣") == RemoveSubscription(3)  # str.isdigit + int
    assert Unfollow.parse("pu:007") == Unfollow(7)


@pytest.mark.parametrize("kind", [Unfollow, FollowAgain])
@pytest.mark.parametrize("body", ["", "abc", "-7", "1:2", " 1"])
def test_push_buttons_malformed(kind: type[Unfollow] | type[FollowAgain], body: str) -> None:
    assert kind.parse(f"{kind.PREFIX}:{body}") is None


@pytest.mark.parametrize(
    "data", ["dg", "dg:", "dg:1", "dg:1:", "dg::1", "dg:a:1", "dg:1:a", "dg:1:2:3", "dg:-1:1"]
)
def test_digest_page_malformed(data: str) -> None:
    assert DigestPage.parse(data) is None


@pytest.mark.parametrize(
    "data",
    [
        "fb",
        "fb:",
        "fb:1",
        "fb:1:",
        "fb::up",
        "fb:abc:up",
        "fb:-1:up",
        "fb:0:up",  # ids start at 1
        "fb: 1:up",
        "fb:1.0:up",
        "fb:1:UP",
        "fb:1:yes",
        "fb:1:up:x",
        "fb:9223372036854775808:up",  # past a 64-bit id: no store holds it
        "fb:99999999999999999999999999:down",
        "f:1:up",
        "fbx:1:up",
    ],
)
def test_answer_vote_malformed(data: str) -> None:
    assert AnswerVote.parse(data) is None


def test_digest_page_keeps_any_page_number_for_the_handler_to_clamp() -> None:
    assert DigestPage.parse("dg:5:0") == DigestPage(5, 0)
    assert DigestPage.parse("dg:5:999") == DigestPage(5, 999)


@pytest.mark.parametrize("data", ["so", "so:", "so:k", "so:k:", "so:k:x", "so:k:-1", "so:k:1:2"])
def test_offer_malformed(data: str) -> None:
    assert Offer.parse(data) is None


def test_offer_with_an_empty_key_parses_and_finds_nothing_kept() -> None:
    assert Offer.parse("so::0") == Offer("", 0)


@pytest.mark.parametrize("data", ["c", "c:", "c:k", "c:k:", "c:k:x", "c:k:1:2", "c:k:1.5"])
def test_results_page_malformed(data: str) -> None:
    assert ResultsPage.parse(data) is None


def test_results_page_reads_int_and_never_goes_below_page_one() -> None:
    # Whatever int() reads, as /cari always did; 0 and negative pages are page 1.
    assert ResultsPage.parse("c:k:0") == ResultsPage("k", 1)
    assert ResultsPage.parse("c:k:-4") == ResultsPage("k", 1)
    assert ResultsPage.parse("c:k: 2 ") == ResultsPage("k", 2)
    assert ResultsPage.parse("cari:k:2") is None  # another prefix
    assert ResultsPage.parse("cari:k:2", "cari") == ResultsPage("k", 2, "cari")


def test_topic_pages_that_are_not_numbers_read_as_the_first() -> None:
    assert TopicToggle.parse("t:pajak") == TopicToggle("pajak", 0)
    assert TopicToggle.parse("t:pajak:x") == TopicToggle("pajak", 0)
    assert TopicToggle.parse("t:pajak:1:2") == TopicToggle("pajak", 0)
    assert TopicToggle.parse("t:pajak:-3") == TopicToggle("pajak", -3)  # clamped by the handler
    assert TopicToggle.parse("t:") == TopicToggle("", 0)
    assert TopicToggle.parse("tp:1") is None
    assert TopicsPage.parse("tp:") == TopicsPage(0)
    assert TopicsPage.parse("tp:zz") == TopicsPage(0)
    assert TopicsPage.parse("tp:7") == TopicsPage(7)
    assert TopicsPage.parse("t:pajak:1") is None


def test_follow_and_correction_take_everything_after_the_prefix() -> None:
    assert Follow.parse("f:") == Follow("")
    assert Follow.parse("f:a:b") == Follow("a:b")
    assert Follow.parse("fx:a") is None
    assert Correction.parse("uc:") == Correction("")
    assert Correction.parse("uc") is None


@pytest.mark.parametrize(
    "data",
    [
        "s:h:24",
        "s:h:-1",
        "s:h:x",
        "s:h:",
        "s:h:5:0",
        "s:h:²",
        "s:z:UTC",
        "s:z:wib",
        "s:m:weekly",
        "s:p:2",
        "s:p:",
        "s:q:1",
        "s:open",
        "s:main",
        "s:hours",
        "s:open:x",
        "s",
        "x:1",
    ],
)
def test_settings_changes_malformed(data: str) -> None:
    assert parse_setting(data) is None
    assert all(kind.parse(data) is None for kind in (SetHour, SetZone, SetMode, SetPaused))


def test_settings_changes() -> None:
    assert parse_setting("s:h:7") == SetHour(7)
    assert parse_setting("s:h:07") == SetHour(7)
    assert parse_setting("s:z:WITA") == SetZone("WITA")
    assert SetZone("WITA").timezone == "Asia/Makassar"
    assert parse_setting("s:m:digest") == SetMode("digest")
    assert parse_setting("s:p:0") == SetPaused(False)
    assert SetHour.parse("s:z:WIB") is None


# -- the 64-byte limit -----------------------------------------------------------------------


def test_the_limit() -> None:
    assert MAX_CALLBACK_DATA == 64
    assert fits("f:" + "a" * 62)
    assert not fits("f:" + "a" * 63)
    assert Follow("a" * 62).fits()
    assert not Follow("a" * 63).fits()
    assert Follow("é" * 31).fits()  # 2 + 62 bytes
    assert not Follow("é" * 32).fits()  # bytes, not characters


def test_the_pager_refuses_data_over_the_limit() -> None:
    assert pager_buttons("c", "k" * 60, 2, has_next=True)[1] == ("Berikutnya ▶", f"c:{'k' * 60}:3")
    with pytest.raises(ValueError, match="64 bytes"):
        pager_buttons("c", "k" * 61, 2, has_next=True)


# -- patterns ------------------------------------------------------------------------------

KINDS: list[type[Callback]] = [
    Correction,
    TopicToggle,
    TopicsPage,
    RemoveSubscription,
    Offer,
    ResultsPage,
    Follow,
    DigestPage,
    Unfollow,
    FollowAgain,
    AnswerVote,
]


def test_patterns_are_the_ones_handlers_always_used() -> None:
    assert [kind.pattern() for kind in KINDS] == [
        "^uc:",
        "^t:",
        "^tp:",
        "^x:",
        "^so:",
        "^c:",
        "^f:",
        "^dg:",
        "^pu:",
        "^pf:",
        "^fb:",
    ]
    assert prefixed(SETTINGS) == "^s:"
    assert exact(PICK_TOPICS, HOW_TO) == "^(st:topics|st:help)$"
    assert exact(TOPICS_DONE) == "^(td)$"


def test_each_pattern_matches_its_own_data_only() -> None:
    examples = [data for _, data in KNOWN] + [PICK_TOPICS, HOW_TO, TOPICS_DONE, OPEN_SETTINGS]
    for kind in KINDS:
        own = [d for d in examples if d.split(":", 1)[0] == kind.PREFIX]
        others = [d for d in examples if d not in own]
        assert own and all(re.match(kind.pattern(), d) for d in own), kind
        assert not any(re.match(kind.pattern(), d) for d in others), kind
    start = exact(PICK_TOPICS, HOW_TO)
    assert [d for d in examples if re.match(start, d)] == [PICK_TOPICS, HOW_TO]
    assert [d for d in examples if re.match(exact(TOPICS_DONE), d)] == [TOPICS_DONE]
    settings = [d for d in examples if re.match(prefixed(SETTINGS), d)]
    assert settings == [d for d in examples if d.startswith("s:")]


def test_prefixes_are_distinct() -> None:
    prefixes = [kind.PREFIX for kind in KINDS] + [SETTINGS]
    assert len(set(prefixes)) == len(prefixes)
    assert callbacks.SEARCH == ResultsPage.PREFIX == "c"
