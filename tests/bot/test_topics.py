"""The topic catalogue and tagging articles with it (same stemmer as search)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import SEEDS_DIR, ConfigError
from bot.models import Topic
from bot.topics import TopicMatcher, TopicsError, load_topics, match_topics, parse_topics

REQUIRED = {
    "bpjs-ketenagakerjaan",
    "bpjs-kesehatan",
    "umkm",
    "koperasi",
    "pajak",
    "ketenagakerjaan",
    "bansos",
    "harga-pangan",
    "bbm",
    "pendidikan",
    "kesehatan",
}


@pytest.fixture(scope="module")
def topics() -> list[Topic]:
    return load_topics(SEEDS_DIR / "topics.toml")


def tags(title: str, text: str, topics: list[Topic]) -> set[str]:
    return set(match_topics(title, text, topics))


# -- the catalogue -----------------------------------------------------------------------------
def test_catalogue_has_every_required_topic_with_indonesian_texts(topics: list[Topic]) -> None:
    by_slug = {t.slug: t for t in topics}
    assert set(by_slug) >= REQUIRED
    for topic in topics:
        assert topic.name and topic.description and (topic.aliases or topic.keywords)
    bpjs_tk = by_slug["bpjs-ketenagakerjaan"]
    for term in ("BPJS TK", "BP Jamsostek", "Jamsostek", "JHT", "JKK", "JKM", "JKP"):
        assert term in bpjs_tk.aliases + bpjs_tk.keywords
    assert "Kartu Indonesia Sehat" in by_slug["bpjs-kesehatan"].aliases


def test_missing_topics_file_is_a_clear_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"topics file not found: .*nope\.toml.*WARTA_TOPICS"):
        load_topics(tmp_path / "nope.toml")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[topic]\nslug = 'x'", "not valid TOML"),
        ("title = 'x'", "unknown top-level"),
        ("", "lists no topics"),
        ("[[topic]]\nslug = 'Pajak Baru'\nname='P'\ndescription='D'", "slug must be"),
        ("[[topic]]\nslug = 'pajak'\ndescription='D'", "non-empty name"),
        ("[[topic]]\nslug = 'pajak'\nname='P'", "non-empty description"),
        ("[[topic]]\nslug='pajak'\nname='P'\ndescription='D'\naliases='PPN'", "list of non-empty"),
        ("[[topic]]\nslug='pajak'\nname='P'\ndescription='D'\nalias=['PPN']", "unknown key"),
        (
            "[[topic]]\nslug='pajak'\nname='P'\ndescription='D'\n"
            "[[topic]]\nslug='pajak'\nname='Q'\ndescription='E'",
            "defined twice",
        ),
    ],
)
def test_invalid_topics_files_are_refused_with_the_reason(text: str, message: str) -> None:
    with pytest.raises(TopicsError, match=message):
        parse_topics(text, source="topics.toml")


# -- matching ----------------------------------------------------------------------------------
def test_stemmed_words_match_their_root(topics: list[Topic]) -> None:
    assert "koperasi" in tags("Warga desa ramai-ramai berkoperasi", "", topics)
    assert "pajak" in tags("Aturan perpajakan baru berlaku Januari", "", topics)


def test_acronyms_match_whole_words_in_any_case(topics: list[Topic]) -> None:
    assert "ketenagakerjaan" in tags("Gelombang phk melanda pabrik tekstil", "", topics)
    assert "bpjs-ketenagakerjaan" in tags("Cara klaim jht secara online", "", topics)
    assert "bbm" in tags("Harga BBM turun mulai besok", "", topics)


def test_acronyms_do_not_match_inside_other_words(topics: list[Topic]) -> None:
    assert "bpjs-kesehatan" not in tags("Kisah haru di balik layar", "kisah kisah kisahnya", topics)
    # UMKM is not UMK (the regency minimum wage).
    assert "ketenagakerjaan" not in tags("UMKM naik kelas", "UMKM dan UMKM binaan", topics)
    assert "umkm" in tags("UMKM naik kelas", "", topics)


def test_hyphenated_spelling_matches_the_spaced_alias(topics: list[Topic]) -> None:
    assert "bpjs-ketenagakerjaan" in tags("Klaim BP-Jamsostek kini lewat aplikasi", "", topics)


def test_one_passing_mention_in_the_text_does_not_tag(topics: list[Topic]) -> None:
    text = "Presiden meresmikan jembatan baru. Warga juga membicarakan pajak kendaraan."
    assert "pajak" not in tags("Jembatan baru diresmikan", text, topics)


def test_two_mentions_in_the_text_tag(topics: list[Topic]) -> None:
    text = "Pemerintah menyiapkan insentif pajak. Wajib pajak UMKM mendapat keringanan PPN."
    assert "pajak" in tags("Pemerintah siapkan insentif", text, topics)


def test_an_article_about_bpjs_kesehatan_may_also_be_about_health(topics: list[Topic]) -> None:
    found = tags(
        "Iuran BPJS Kesehatan naik",
        "Peserta BPJS Kesehatan kelas 1 membayar lebih. Rumah sakit menyesuaikan layanan.",
        topics,
    )
    assert "bpjs-kesehatan" in found


def test_generic_words_do_not_overmatch(topics: list[Topic]) -> None:
    # "peserta" stems to "serta" (a conjunction) and "pekerja" to "kerja": neither tags.
    text = "Ia bekerja serta belajar. Mereka bekerja keras serta tekun. Harga tiket naik."
    assert tags("Kisah seorang pemuda", text, topics) == set()


def test_healthy_is_not_the_health_topic(topics: list[Topic]) -> None:
    # "kesehatan" has its own stem: a story that calls someone "sehat" twice is not about health.
    text = "Bayi lahir dengan selamat dan sehat. Sang ibu juga sehat, kata keluarga."
    assert "kesehatan" not in tags("Artis melahirkan anak kedua", text, topics)


def test_the_drug_regulator_is_about_health(topics: list[Topic]) -> None:
    text = "BPOM melaporkan 118 situs penjual obat. BPOM meminta situs itu ditutup."
    assert "kesehatan" in tags("Situs penjual obat dilaporkan", text, topics)


def test_the_real_seed_article_gets_its_topics(topics: list[Topic]) -> None:
    text = (SEEDS_DIR / "articles" / "merdeka-kemenkop-bpjs-ketenagakerjaan.txt").read_text()
    found = tags("Kemenkop UKM gandeng BPJS Ketenagakerjaan", text, topics)
    assert {"bpjs-ketenagakerjaan", "koperasi", "umkm"} <= found
    assert "bbm" not in found and "pendidikan" not in found


def test_matcher_returns_slugs_in_catalogue_order_and_handles_empty_input(
    topics: list[Topic],
) -> None:
    matcher = TopicMatcher(topics)
    assert matcher.match("", "") == ()
    assert matcher.match(None, None) == ()
    found = matcher.match("Koperasi dan UMKM ikut BPJS Ketenagakerjaan", "")
    order = [t.slug for t in topics]
    assert list(found) == sorted(found, key=order.index)
