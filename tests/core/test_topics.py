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


def test_acronyms_match_whole_words_written_in_capitals(topics: list[Topic]) -> None:
    assert "ketenagakerjaan" in tags("Gelombang PHK melanda pabrik tekstil", "", topics)
    assert "bpjs-ketenagakerjaan" in tags("Cara klaim JHT secara online", "", topics)
    assert "bbm" in tags("Harga BBM turun mulai besok", "", topics)
    # A headline set all in capitals still names them.
    assert "bpjs-ketenagakerjaan" in tags("CARA KLAIM JHT SECARA ONLINE", "", topics)


def test_acronyms_in_lower_case_do_not_count(topics: list[Topic]) -> None:
    assert "ketenagakerjaan" not in tags("Gelombang phk melanda pabrik tekstil", "", topics)
    assert "bpjs-ketenagakerjaan" not in tags("Cara klaim jht secara online", "", topics)
    # "Kris" the name is not KRIS, the standard hospital ward.
    text = "Kris tampil di konser amal. Penonton memuji suara Kris malam itu."
    assert "bpjs-kesehatan" not in tags("Kris Dayanti menyanyi lagi", text, topics)
    assert "bpjs-kesehatan" in tags("KRIS berlaku di semua rumah sakit", "", topics)


def test_mixed_case_acronyms_keep_their_case() -> None:
    topic = Topic(slug="pajak", name="Pajak", description="Pajak", keywords=("PPh",))
    matcher = TopicMatcher([topic])
    assert matcher.match("Tarif PPh 21 berubah", "") == ("pajak",)
    assert matcher.match("TARIF PPH 21 BERUBAH", "") == ("pajak",)
    assert matcher.match("tarif pph 21 berubah", "") == ()


def test_a_term_written_in_lower_case_matches_any_case() -> None:
    topic = Topic(slug="x", name="X", description="X", keywords=("phk",))
    assert TopicMatcher([topic]).match("Gelombang phk dan PHK lagi", "") == ("x",)


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


def test_a_broad_word_alone_does_not_tag(topics: list[Topic]) -> None:
    # "buruh" (ketenagakerjaan) and bare "BPJS" (bpjs-kesehatan) are broad: never enough alone.
    text = "Buruh pabrik sepatu pulang kampung. Para buruh naik bus bersama. Buruh senang."
    assert "ketenagakerjaan" not in tags("Buruh mudik bareng", text, topics)
    text = "Ia pasien BPJS. Pasien BPJS itu menunggu tiga jam. Antrean BPJS panjang."
    assert "bpjs-kesehatan" not in tags("Antre lama, pasien BPJS mengeluh", text, topics)


def test_a_broad_word_counts_beside_a_specific_term(topics: list[Topic]) -> None:
    text = "Buruh pabrik sepatu berunjuk rasa menuntut kenaikan upah minimum."
    assert "ketenagakerjaan" in tags("Buruh turun ke jalan", text, topics)
    text = "Ia pasien BPJS. Kartu JKN miliknya aktif, tetapi antrean tetap panjang."
    assert "bpjs-kesehatan" in tags("Antre lama, pasien BPJS mengeluh", text, topics)


def test_broad_words_are_read_from_the_catalogue() -> None:
    text = (
        "[[topic]]\nslug = 'x'\nname = 'X'\ndescription = 'D'\nkeywords = ['JKN']\n"
        "broad = ['BPJS', 'faskes']"
    )
    (topic,) = parse_topics(text)
    matcher = TopicMatcher([topic])
    assert matcher.match("BPJS di faskes", "") == ()
    assert matcher.match("BPJS di faskes", "Peserta JKN dilayani.") == ("x",)
    with pytest.raises(TopicsError, match="broad must be a list"):
        parse_topics(text.replace("['BPJS', 'faskes']", "'BPJS'"))


def test_jht_bsu_and_the_like_are_bpjs_ketenagakerjaan_not_kesehatan(
    topics: list[Topic],
) -> None:
    for title in (
        "BSU 2025 cair Juni, cek namamu",
        "Klaim JHT kini bisa lewat aplikasi",
        "Manfaat JKP untuk korban PHK naik",
        "Santunan JKK dan JKM untuk nelayan",
    ):
        found = tags(title, "", topics)
        assert "bpjs-ketenagakerjaan" in found and "bpjs-kesehatan" not in found, title
    # "peserta BPJS" is a BPJS Kesehatan phrase, but not in "peserta BPJS Ketenagakerjaan".
    text = (
        "Peserta BPJS Ketenagakerjaan bisa mencairkan JHT. Iuran BPJS Ketenagakerjaan "
        "dipotong dari gaji. Peserta BPJS Ketenagakerjaan juga dapat JKP."
    )
    found = tags("Cara mencairkan dana BPJS Ketenagakerjaan", text, topics)
    assert "bpjs-ketenagakerjaan" in found and "bpjs-kesehatan" not in found


def test_a_longer_term_of_another_topic_claims_its_words(topics: list[Topic]) -> None:
    # "kesehatan" inside "BPJS Kesehatan" is the insurer's name, not the health topic.
    text = "BPJS Kesehatan menaikkan iuran. Direksi BPJS Kesehatan menjelaskan alasannya."
    found = tags("Iuran BPJS Kesehatan naik", text, topics)
    assert "bpjs-kesehatan" in found and "kesehatan" not in found
    # Both topics keep a phrase both name: "Kemenkop UKM" is koperasi and UMKM.
    assert {"koperasi", "umkm"} <= tags("Kemenkop UKM buka pelatihan", "", topics)


def test_a_name_and_its_short_form_are_one_mention(topics: list[Topic]) -> None:
    text = (
        "Presiden meresmikan bendungan. Warga yang punya Kartu Indonesia Sehat (KIS) "
        "juga hadir. Bendungan itu mengairi 5.000 hektare sawah."
    )
    assert "bpjs-kesehatan" not in tags("Bendungan baru diresmikan", text, topics)


def test_two_mentions_tag_only_with_one_in_the_lead(topics: list[Topic]) -> None:
    filler = " ".join(["Pembangunan jalan tol itu berjalan sesuai jadwal."] * 12)
    late = f"{filler} Pekerja proyek terdaftar di BPJS Ketenagakerjaan. {filler} " * 2
    assert "bpjs-ketenagakerjaan" not in tags("Jalan tol baru dibuka", late, topics)
    lead = f"Pekerja proyek terdaftar di BPJS Ketenagakerjaan. {late}"
    assert "bpjs-ketenagakerjaan" in tags("Jalan tol baru dibuka", lead, topics)
    thrice = late + "Klaim JHT pekerja diproses cepat."
    assert "bpjs-ketenagakerjaan" in tags("Jalan tol baru dibuka", thrice, topics)


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
