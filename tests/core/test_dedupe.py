from pathlib import Path

from bot.core.dedupe import (
    BANDS,
    NUM_PERM,
    SAME_STORY,
    band_keys,
    minhash_signature,
    similarity,
    text_hash,
)

SEED = (
    Path(__file__).parents[2] / "seeds" / "articles" / "merdeka-kemenkop-bpjs-ketenagakerjaan.txt"
).read_text(encoding="utf-8")
BODY = SEED.split("(mdk/idr)")[0]


def test_text_hash_ignores_spacing_and_case() -> None:
    assert text_hash("Iuran  BPJS naik.\n\nMulai Januari") == text_hash(
        "iuran bpjs naik. mulai januari"
    )
    assert text_hash("Iuran BPJS naik") != text_hash("Iuran BPJS turun")


def test_signature_is_stable_and_sized() -> None:
    signature = minhash_signature(BODY)
    assert len(signature) == NUM_PERM
    assert signature == minhash_signature(BODY)
    assert len(band_keys(signature)) == BANDS


def test_same_story_retold_is_similar_and_other_story_is_not() -> None:
    paragraphs = BODY.split("\n\n")
    retold = "\n\n".join(
        [
            "Antara - Kemenkop UKM dan BPJS Ketenagakerjaan meneken nota kesepahaman.",
            *paragraphs[4:],
        ]
    )
    other = (
        "Harga cabai rawit di pasar induk naik tajam menjelang akhir tahun. Pedagang mengeluhkan "
        "pasokan dari petani yang berkurang karena hujan deras di sentra produksi."
    )
    assert similarity(minhash_signature(BODY), minhash_signature(retold)) >= SAME_STORY
    assert similarity(minhash_signature(BODY), minhash_signature(other)) < SAME_STORY
    assert set(band_keys(minhash_signature(BODY))) & set(band_keys(minhash_signature(retold)))


def test_empty_text_has_no_signature() -> None:
    assert minhash_signature("  ... !!! ") == ()
    assert band_keys(()) == []
    assert similarity((), ()) == 0.0
