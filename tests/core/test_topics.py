"""The topic catalogue and tagging articles with it (same stemmer as search)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.config import SEEDS_DIR, ConfigError
from bot.core.models import Topic
from bot.core.topics import TopicMatcher, TopicsError, load_topics, match_topics, parse_topics

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


# -- exclusion phrases -------------------------------------------------------------------------
LIVESTOCK_PKH = (
    "Kementan Kirim 50.000 Dosis Vaksin PMK ke Jawa Timur",
    "Direktorat Jenderal Peternakan dan Kesehatan Hewan (PKH) Kementerian Pertanian mengirim "
    "50.000 dosis vaksin penyakit mulut dan kuku ke Jawa Timur. Direktur Jenderal PKH Agung "
    "Suganda mengatakan vaksinasi hewan ternak diprioritaskan untuk sapi perah di Pasuruan "
    "dan Malang.\n\n"
    '"Kami minta dinas peternakan dan kesehatan hewan di kabupaten segera menyuntikkan vaksin '
    'PMK kepada sapi yang sehat," kata Agung. Ditjen PKH juga menyiagakan dokter hewan di '
    "pasar hewan untuk memeriksa ternak yang masuk. Menurut data PKH, kasus baru turun 40 "
    "persen dalam sebulan.",
)
BANSOS_PKH = (
    "PKH Tahap IV Cair Pekan Depan, Begini Cara Cek Penerimanya",
    "Kementerian Sosial menyalurkan Program Keluarga Harapan (PKH) tahap IV kepada 10 juta "
    "keluarga penerima manfaat mulai pekan depan. Warga dapat mengecek status penerima PKH "
    "lewat situs cekbansos.kemensos.go.id dengan memasukkan nama dan wilayah.",
)
UK_LABOUR = (
    "Partai Buruh Menang Telak, Keir Starmer Jadi Perdana Menteri",
    "Partai Buruh Inggris memenangi pemilihan umum dengan meraih lebih dari 400 kursi di "
    "Majelis Rendah. Pemimpin Partai Buruh Keir Starmer akan dilantik Raja Charles III "
    "sebagai perdana menteri, mengakhiri 14 tahun pemerintahan Partai Konservatif.\n\n"
    "Starmer berjanji pemerintahan Partai Buruh akan memperbaiki layanan publik dan menekan "
    "biaya hidup warga Inggris.",
)
INDONESIAN_PARTAI_BURUH = (
    "Partai Buruh Daftar ke KPU, Said Iqbal Janjikan Perjuangkan Upah Layak",
    "Partai Buruh resmi mendaftar sebagai calon peserta Pemilu 2024 ke Komisi Pemilihan Umum "
    "(KPU). Presiden Partai Buruh Said Iqbal mengatakan partainya akan memperjuangkan "
    "kenaikan upah minimum dan penghapusan sistem alih daya.",
)
WORKERS_IN_TEXT_ONLY = (
    "Ribuan Orang Berunjuk Rasa di Depan Gedung DPR",
    "Ribuan buruh dari berbagai daerah berunjuk rasa di depan Gedung DPR, Jakarta, Kamis. "
    "Mereka menuntut kenaikan upah minimum 2025 sebesar 10 persen dan menolak pasal alih daya.",
)
HUMAN_HEALTH_WITH_ANIMALS = (
    "Kasus Gigitan Anjing Naik, Warga Diminta Segera ke Puskesmas",
    "Dinas Kesehatan Sikka mencatat 120 kasus gigitan anjing sepanjang Oktober. Bersama Dinas "
    "Peternakan dan Kesehatan Hewan, petugas menyisir desa yang melaporkan kasus rabies.\n\n"
    "Warga yang digigit diminta segera ke puskesmas untuk mendapat vaksin antirabies. "
    "Kementerian Kesehatan menyiapkan 5.000 dosis tambahan untuk rumah sakit di Flores.",
)
HUMAN_HEALTH = (
    "Kasus DBD Naik, Kemenkes Minta Puskesmas Siaga",
    "Kementerian Kesehatan mencatat lebih dari 12.000 kasus demam berdarah dengue sejak "
    "Januari. Puskesmas diminta memantau warga yang demam lebih dari tiga hari.",
)


def test_pkh_the_livestock_directorate_is_not_bansos(topics: list[Topic]) -> None:
    assert tags(*LIVESTOCK_PKH, topics).isdisjoint({"bansos", "kesehatan"})
    assert "bansos" in tags(*BANSOS_PKH, topics)


def test_the_uk_labour_party_is_not_ketenagakerjaan(topics: list[Topic]) -> None:
    assert "ketenagakerjaan" not in tags(*UK_LABOUR, topics)
    assert "ketenagakerjaan" in tags(*INDONESIAN_PARTAI_BURUH, topics)
    assert "ketenagakerjaan" in tags(*WORKERS_IN_TEXT_ONLY, topics)


def test_animal_health_is_not_kesehatan_but_human_health_is(topics: list[Topic]) -> None:
    assert "kesehatan" not in tags(*LIVESTOCK_PKH, topics)
    assert "kesehatan" in tags(*HUMAN_HEALTH, topics)
    # "Kesehatan Hewan" is named, but puskesmas, the vaccine and the ministry are about people.
    assert "kesehatan" in tags(*HUMAN_HEALTH_WITH_ANIMALS, topics)


def test_a_term_outside_the_excluded_phrase_still_tags() -> None:
    topic = Topic(
        slug="bansos",
        name="Bantuan Sosial",
        description="Bansos",
        keywords=("PKH", "bansos"),
        exclude=("Ditjen PKH",),
    )
    matcher = TopicMatcher([topic])
    assert matcher.match("Ditjen PKH siapkan vaksin", "Sapi perah divaksin.") == ()
    assert matcher.match("Ditjen PKH ikut salurkan bansos", "") == ("bansos",)
    text = "Ditjen PKH membagikan bansos pakan. Bansos itu diterima peternak."
    assert matcher.match("Peternak terima bantuan", text) == ("bansos",)


def test_exclude_must_be_a_list_of_phrases() -> None:
    bad = "[[topic]]\nslug = 'x'\nname = 'X'\ndescription = 'D'\nkeywords = ['a']\nexclude = 'b'"
    with pytest.raises(TopicsError, match="exclude must be a list"):
        parse_topics(bad)
