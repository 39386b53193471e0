"""Tests for summaries.summarize: the public summarize() API and its methods."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from summaries import METHODS, SummaryError, summarize
from summaries.summarize import DUPLICATE_OVERLAP

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "articles" / "merdeka-kemenkop-bpjs-ketenagakerjaan.txt"
SEED_TITLE = "Kemenkop Gandeng BPJS Ketenagakerjaan Tingkatkan Perlindungan Bagi Pekerja UMKM"
BOILERPLATE = (
    "Iklan",
    "Geser ke atas",
    "Orang lain juga bertanya",
    "©",
    "(mdk/idr)",
    "Baca Selengkapnya",
    "Merdeka.com -",
    "Baca juga",
    "Berita Selanjutnya",
    "Buka FYP",
)
RELATED_HEADLINES = (
    "Perkuat Ekosistem Wirausaha",
    "Buka Peluang Pembiayaan",
    "Menkop Teten Bongkar",
    "Pemkot Bontang",
)
ARTICLE = (
    "Jakarta, CNN Indonesia -- Pemerintah resmi menaikkan harga bahan bakar minyak bersubsidi "
    "mulai Sabtu (3/9) pukul 14.30 WIB.\n\n"
    "Menteri Energi dan Sumber Daya Mineral mengatakan kenaikan harga diperlukan untuk menjaga "
    "anggaran negara.\n\n"
    "Harga Pertalite naik dari Rp7.650 menjadi Rp10.000 per liter, sedangkan Solar naik menjadi "
    "Rp6.800 per liter.\n\n"
    "Presiden meminta masyarakat memahami keputusan tersebut karena subsidi selama ini banyak "
    "dinikmati warga mampu.\n\n"
    "Pemerintah juga menyiapkan bantuan langsung tunai bagi 20 juta keluarga penerima manfaat.\n\n"
    "Sejumlah mahasiswa berunjuk rasa di depan gedung DPR untuk menolak kenaikan harga BBM."
)


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _assert_sentences(bullets: list[str]) -> None:
    assert bullets
    for bullet in bullets:
        assert bullet == bullet.strip()
        assert bullet[-1] in ".!?…\"”’')]"


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def test_seed_first_bullet_is_the_memorandum(seed_text: str) -> None:
    bullets = summarize(seed_text, title=SEED_TITLE)
    first = bullets[0].lower()
    assert "bpjs" in first and "ketenagakerjaan" in first
    assert "koperasi" in first or "kemenkop" in first
    assert "nota kesepahaman" in first or "menggandeng" in first


def test_seed_has_no_boilerplate(seed_text: str) -> None:
    for bullets in (5, 3):
        for bullet in summarize(seed_text, title=SEED_TITLE, bullets=bullets):
            for marker in BOILERPLATE + RELATED_HEADLINES:
                assert marker.lower() not in bullet.lower(), (marker, bullet)


def test_seed_default_three_bullets(seed_text: str) -> None:
    bullets = summarize(seed_text, title=SEED_TITLE)
    assert len(bullets) == 3
    _assert_sentences(bullets)


def test_seed_five_bullets(seed_text: str) -> None:
    assert len(summarize(seed_text, title=SEED_TITLE, bullets=5)) == 5


def test_seed_without_title(seed_text: str) -> None:
    bullets = summarize(seed_text)
    assert len(bullets) == 3
    assert "BPJS" in bullets[0] and "menggandeng" in bullets[0]


@pytest.mark.parametrize("method", sorted(METHODS))
def test_every_method_runs_on_seed(seed_text: str, method: str) -> None:
    bullets = METHODS[method](seed_text, title=SEED_TITLE)
    assert len(bullets) == 3
    _assert_sentences(bullets)
    assert bullets == summarize(seed_text, title=SEED_TITLE, method=method)
    for bullet in bullets:
        assert "Baca Selengkapnya" not in bullet


def test_methods_registry() -> None:
    assert {"lead3", "lexrank", "textrank", "lsa", "luhn", "sumbasic", "warta"} <= set(METHODS)


def test_unknown_method() -> None:
    with pytest.raises(ValueError, match="unknown method"):
        summarize(ARTICLE, method="nope")


@pytest.mark.parametrize("bullets", [0, -1, 6])
def test_bullet_count_out_of_range(bullets: int) -> None:
    with pytest.raises(ValueError, match="bullets"):
        summarize(ARTICLE, bullets=bullets)


@pytest.mark.parametrize("bullets", [1, 2, 3, 4, 5])
def test_bullet_counts(bullets: int) -> None:
    assert len(summarize(ARTICLE, bullets=bullets)) == bullets


@pytest.mark.parametrize("text", ["", "   \n\t  ", "!!! ... ???", "— – -"])
def test_nothing_to_summarize(text: str) -> None:
    with pytest.raises(SummaryError, match="Nothing to summarize"):
        summarize(text)


def test_summary_error_is_value_error() -> None:
    assert issubclass(SummaryError, ValueError)


def test_one_sentence() -> None:
    text = "Presiden Joko Widodo meresmikan jalan tol baru di Sumatera Utara pada Senin (5/9)."
    assert summarize(text) == [text]


def test_no_punctuation() -> None:
    lines = [
        "banjir melanda kawasan kemang jakarta selatan sejak pagi",
        "warga mengungsi ke masjid terdekat karena air terus naik",
        "petugas pemadam kebakaran membantu evakuasi lansia dan anak anak",
        "bpbd dki jakarta mencatat ketinggian air mencapai satu meter",
    ]
    bullets = summarize("\n".join(lines))
    assert 1 <= len(bullets) <= 3
    _assert_sentences(bullets)


def test_long_run_without_punctuation_is_chunked() -> None:
    text = " ".join(f"kata{i % 50} berita" for i in range(600))
    bullets = summarize(text)
    assert 1 <= len(bullets) <= 3
    assert all(len(b.split()) <= 100 for b in bullets)


def test_very_long_text_is_summarized() -> None:
    text = (ARTICLE + "\n\n") * (200_000 // len(ARTICLE) + 1)
    text = text[:200_000]
    bullets = summarize(text)
    assert len(bullets) == 3


def test_html_entities_and_tags() -> None:
    text = (
        "<p>Jakarta &ndash; Pemerintah <b>resmi</b> menaikkan harga BBM &amp; tarif listrik "
        "mulai pekan depan.</p><p>Kenaikan ini disebut &quot;tidak terhindarkan&quot; oleh "
        "menteri keuangan.</p><script>var x = 1;</script><p>Warga mengeluhkan beban hidup yang "
        "semakin berat.</p>"
    )
    bullets = summarize(text)
    assert bullets
    for bullet in bullets:
        assert "<" not in bullet and ">" not in bullet
        assert "&amp;" not in bullet and "&quot;" not in bullet
        assert "var x" not in bullet


def test_emoji() -> None:
    text = (
        "Timnas Indonesia menang 2-0 atas Vietnam 🎉🔥. "
        "Suporter merayakan di Gelora Bung Karno 😍. "
        "Pelatih memuji semangat para pemain muda."
    )
    bullets = summarize(text)
    assert 1 <= len(bullets) <= 3
    _assert_sentences(bullets)


def test_only_emoji_is_an_error() -> None:
    with pytest.raises(SummaryError):
        summarize("🎉🔥😍 👍")


def test_english() -> None:
    text = (
        "The central bank raised interest rates by 25 basis points on Thursday. "
        "Officials said inflation remained above target. "
        "Markets had widely expected the move. "
        "The rupiah strengthened slightly after the announcement."
    )
    bullets = summarize(text)
    assert len(bullets) == 3
    _assert_sentences(bullets)


def test_mixed_scripts() -> None:
    text = (
        "Festival budaya Tionghoa 春节快乐 digelar di Glodok. "
        "Pengunjung dari Jepang menulis 東京 di papan harapan. "
        "Panitia juga menampilkan aksara Arab مرحبا dan aksara Jawa ꦗꦮ. "
        "Acara berlangsung hingga malam hari."
    )
    bullets = summarize(text)
    assert len(bullets) == 3
    _assert_sentences(bullets)


def test_bullets_in_article_order() -> None:
    bullets = summarize(ARTICLE, bullets=4)
    positions = [ARTICLE.find(b[:40]) for b in bullets]
    assert all(p >= 0 for p in positions)
    assert positions == sorted(positions)


def test_leading_dateline_removed() -> None:
    bullets = summarize(ARTICLE)
    assert not any(b.startswith("Jakarta, CNN Indonesia") for b in bullets)
    assert bullets[0].startswith("Pemerintah resmi menaikkan")


def test_no_near_duplicates() -> None:
    repeated = (
        "Harga Pertalite naik dari Rp7.650 menjadi Rp10.000 per liter mulai hari ini, kata menteri."
    )
    text = ARTICLE.replace("\n\nPresiden", f"\n\n{repeated}\n\n{repeated}\n\nPresiden")
    text = f"{repeated}\n\n{text}\n\n{repeated}"
    bullets = summarize(text, bullets=5)
    sets = [_words(b) for b in bullets]
    for i, a in enumerate(sets):
        for b in sets[i + 1 :]:
            assert len(a & b) / min(len(a), len(b)) <= DUPLICATE_OVERLAP


def test_title_is_used() -> None:
    text = "\n\n".join(ARTICLE.split("\n\n")[1:])
    with_title = summarize(text, title="Mahasiswa Tolak Kenaikan Harga BBM di Depan DPR")
    assert with_title
    _assert_sentences(with_title)


def test_non_string_input() -> None:
    with pytest.raises(SummaryError):
        summarize(None)  # type: ignore[arg-type]


def test_shipped_model_matches_features_and_is_small() -> None:
    import json
    from importlib import resources

    from summaries.features import FEATURE_NAMES

    path = resources.files("summaries").joinpath("data", "warta_scorer.json")
    raw = path.read_bytes()
    assert len(raw) < 500_000
    data = json.loads(raw)
    assert tuple(data["features"]) == FEATURE_NAMES
    assert len(data["edges"]) == len(data["values"]) == len(FEATURE_NAMES)
    for edges, values in zip(data["edges"], data["values"], strict=True):
        assert len(values) == len(edges) + 1
        assert edges == sorted(edges)


@pytest.mark.parametrize(
    ("sentence", "bullet"),
    [
        ('"Sarana sudah siap.', '"Sarana sudah siap."'),
        ('Mudah-mudahan kami mampu," kata Ahmad.', '"Mudah-mudahan kami mampu," kata Ahmad.'),
        ("“Kami siap menyerang.", "“Kami siap menyerang.”"),
        ("Itu cara menang,” tutur Fajar.", "“Itu cara menang,” tutur Fajar."),
        ('Menpora menyebutnya "memalukan.', 'Menpora menyebutnya "memalukan."'),
        ('"Kami siap," kata dia.', '"Kami siap," kata dia.'),
        ("Isi pengumuman itu sebagai berikut:", "Isi pengumuman itu sebagai berikut."),
    ],
)
def test_bullet_is_a_whole_sentence(sentence: str, bullet: str) -> None:
    assert summarize(sentence, bullets=1) == [bullet]


def test_quote_split_into_sentences_gives_balanced_bullets() -> None:
    text = (
        'Gubernur menyatakan PON siap digelar. "Sarana sudah siap. Venue juga sudah siap. '
        'Mudah-mudahan kami mampu laksanakan event besar ini," kata Ahmad di Jakarta.'
    )
    for bullet in summarize(text, bullets=4):
        assert bullet.count('"') % 2 == 0, bullet


def test_lead_ins_are_not_bullets_when_there_is_more() -> None:
    text = (
        "Dinas Kesehatan mencatat kasus demam berdarah naik tajam di Jakarta pekan ini.\n\n"
        "Dinas menyebut lima penyebab kenaikan kasus demam berdarah, di antaranya sebagai berikut:"
        "\n\nVideo: https://www.youtube.com/watch?v=nM3ze35m5mc\n\n"
        "Warga diminta menguras bak mandi dan menutup tempat penampungan air setiap pekan.\n\n"
        "Puskesmas membuka layanan pemeriksaan gratis bagi warga yang demam lebih dari dua hari."
    )
    bullets = summarize(text, bullets=3)
    assert len(bullets) == 3
    assert not any("berikut" in b or "http" in b for b in bullets), bullets


LEANING = (
    "Jakarta, CNN Indonesia -- Menteri Keuangan Sri Mulyani Indrawati mengatakan defisit anggaran "
    "tahun ini tetap di bawah tiga persen dari produk domestik bruto.\n\n"
    "Ia menjelaskan penerimaan pajak hingga Oktober sudah mencapai 75 persen dari target.\n\n"
    "Namun, belanja modal kementerian dan lembaga masih tertinggal dibanding tahun lalu.\n\n"
    "Hal itu disebabkan lambatnya proses lelang di sejumlah daerah.\n\n"
    "Pemerintah menyiapkan percepatan pencairan anggaran pada kuartal terakhir, termasuk "
    "pembayaran proyek infrastruktur jalan, jembatan, bendungan dan irigasi yang tertunda sejak "
    "pertengahan tahun karena perubahan aturan pengadaan barang dan jasa di tingkat pusat maupun "
    "daerah, sehingga penyerapan diharapkan naik tajam pada Desember."
)


def test_bullets_do_not_lean_on_the_sentence_before() -> None:
    from summaries.standalone import find_opener

    bullets = summarize(LEANING, bullets=5)
    assert len(bullets) >= 3
    for bullet in bullets:
        assert find_opener(bullet) is None, bullet
        assert not bullet.startswith(("Namun", "Ia ", "Hal itu")), bullet


def test_pronoun_bullet_names_the_minister() -> None:
    bullets = summarize(LEANING, bullets=5)
    assert any(
        b.startswith("Sri Mulyani Indrawati menjelaskan penerimaan pajak") for b in bullets
    ), bullets


def test_long_sentence_is_cut_at_a_clause() -> None:
    bullets = summarize(LEANING, bullets=5)
    assert all(len(b) <= 300 for b in bullets)
    percepatan = [b for b in bullets if b.startswith("Pemerintah menyiapkan percepatan")]
    assert percepatan and len(percepatan[0]) <= 200
    assert percepatan[0].endswith(".")


def test_a_sentence_that_fits_is_preferred_to_one_that_needs_a_cut() -> None:
    from summaries.summarize import BULLET_LIMIT, CUT_PENALTY, prepare, select_bullets

    long = (
        "Pemerintah menyiapkan percepatan pencairan anggaran pada kuartal terakhir untuk proyek "
        "infrastruktur jalan, jembatan, bendungan dan irigasi yang tertunda sejak pertengahan "
        "tahun, sehingga penyerapan diharapkan naik tajam pada bulan Desember mendatang."
    )
    fits = "Belanja modal kementerian dan lembaga masih tertinggal dibanding tahun lalu."
    cands = prepare(f"{long}\n\n{fits}")
    assert len(cands[0].text) > BULLET_LIMIT
    close, far = CUT_PENALTY / 2, CUT_PENALTY * 2
    assert select_bullets(cands, [close, 0.0], 1) == [fits]
    cut_bullet = select_bullets(cands, [far, 0.0], 1)
    assert cut_bullet[0].startswith("Pemerintah menyiapkan") and len(cut_bullet[0]) <= 200


def test_leaning_sentence_is_shown_right_after_the_bullet_it_leans_on() -> None:
    from summaries.standalone import find_opener
    from summaries.summarize import prepare, select_bullets

    text = (
        "Serial para pahlawan Marvel berikutnya, Avengers: Infinity War, disebut bakal menjadi "
        "proyek film dengan durasi terpanjang dari studio itu sejauh ini, melampaui Captain "
        "America: Civil War yang berdurasi 147 menit.\n\n"
        "Hal itu disampaikan oleh ko-sutradara film tersebut, Joe Russo, dalam wawancara "
        "dengan situs Collider.\n\n"
        "Film itu dijadwalkan tayang di bioskop Indonesia pada akhir April mendatang."
    )
    cands = prepare(text)
    assert len(cands) == 3
    bullets = select_bullets(cands, [3.0, 2.0, 1.0], 2)
    assert bullets[0].startswith("Serial para pahlawan")
    assert bullets[1].startswith("Hal itu disampaikan")
    # Without its antecedent among the bullets, the leaning sentence is passed over.
    alone = select_bullets(cands, [-5.0, 2.0, 1.0], 1)
    assert alone and all(find_opener(b) is None for b in alone), alone
