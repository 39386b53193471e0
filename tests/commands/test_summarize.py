"""``warta summarize`` end to end: files, stdin, URLs on a local HTTP server, JSONL batches."""

from __future__ import annotations

import io
import json
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import main
from tests.support.feedserver import FeedServer

ROOT = Path(__file__).resolve().parent.parent.parent
SEED = ROOT / "seeds" / "articles" / "merdeka-kemenkop-bpjs-ketenagakerjaan.txt"
PAGES = ROOT / "tests" / "data" / "pages"
SEED_TEXT = " ".join(SEED.read_text(encoding="utf-8").split())

BPJS_TEXT = (
    "Pemerintah resmi menaikkan iuran BPJS Kesehatan untuk peserta mandiri mulai Januari. "
    "Kenaikan berlaku bagi peserta kelas satu dan kelas dua di seluruh Indonesia. "
    "Menteri Kesehatan mengatakan kenaikan itu diperlukan agar layanan tetap berjalan. "
    "Peserta yang keberatan dapat pindah kelas melalui aplikasi Mobile JKN."
)


@pytest.fixture(autouse=True)
def _quiet_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Run in an empty directory (no .env) with no Warta settings from the environment."""
    monkeypatch.chdir(tmp_path)
    for name in ("TELEGRAM_BOT_TOKEN", "WARTA_DATABASE", "WARTA_POLL_INTERVAL", "WARTA_TIMEZONE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def server() -> Iterator[FeedServer]:
    with FeedServer() as running:
        yield running


def bullets_of(out: str) -> list[str]:
    return [line.removeprefix("• ") for line in out.splitlines() if line.startswith("• ")]


def in_text(sentence: str, text: str) -> bool:
    return " ".join(sentence.split()) in text


def set_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


# -- single sources ---------------------------------------------------------------------------


def test_seed_article_file_gives_three_bullets_from_the_text(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["summarize", str(SEED)]) == 0
    out = capsys.readouterr().out
    points = bullets_of(out)
    assert len(points) == 3
    assert len(out.splitlines()) == 3  # no title known for a plain text file
    assert all(in_text(point, SEED_TEXT) for point in points)
    assert "Iklan - Geser ke atas" not in out


def test_five_bullets(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", "--bullets", "5", str(SEED)]) == 0
    points = bullets_of(capsys.readouterr().out)
    assert len(points) == 5
    assert len(set(points)) == 5


@pytest.mark.parametrize("count", ["0", "6", "-1"])
def test_bullets_out_of_range_is_a_usage_error(
    count: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["summarize", "--bullets", count, str(SEED)]) == 2
    captured = capsys.readouterr()
    assert "--bullets must be between 1 and 5" in captured.err
    assert captured.out == ""


def test_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    set_stdin(monkeypatch, BPJS_TEXT.encode("utf-8"))
    assert main(["summarize", "--bullets", "2", "-"]) == 0
    points = bullets_of(capsys.readouterr().out)
    assert len(points) == 2
    assert all(in_text(point, BPJS_TEXT) for point in points)


def test_html_on_stdin_is_extracted(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    set_stdin(monkeypatch, (PAGES / "detik_2.html").read_bytes())
    assert main(["summarize", "--json", "-"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["title"] == "Google Umbar Kelemahan Galaxy S6 Edge"
    assert result["url"].startswith("http://inet.detik.com/read/2015/11/05/")
    assert not any("WIB" in point for point in result["bullets"])


def test_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", "--json", "--title", "Kemenkop Gandeng BPJS", str(SEED)]) == 0
    out = capsys.readouterr().out
    result = json.loads(out)
    assert result["title"] == "Kemenkop Gandeng BPJS"
    assert len(result["bullets"]) == 3
    assert "url" not in result  # a local text file has none
    assert "\\u" not in out  # UTF-8, not ASCII escapes


def test_title_is_printed_before_the_bullets(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", str(PAGES / "kompas_1.html")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Menhub Bocorkan Penyebab Harga Tiket Pesawat Masih Mahal"
    assert [line[:2] for line in lines[1:]] == ["• "] * 3


def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "tidak-ada.txt"
    assert main(["summarize", str(missing)]) == 1
    captured = capsys.readouterr()
    assert captured.err.strip() == f"warta: file not found: {missing}"
    assert captured.out == ""


def test_a_directory_is_not_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["summarize", str(tmp_path)]) == 1
    assert "not a file" in capsys.readouterr().err


def test_empty_file_has_nothing_to_summarize(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    empty = tmp_path / "kosong.txt"
    empty.write_text("  \n", encoding="utf-8")
    assert main(["summarize", str(empty)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"warta: cannot summarize {empty}: Nothing to summarize")
    assert "Traceback" not in err


def test_html_file_without_article(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    page = tmp_path / "menu.html"
    page.write_text(
        '<html><body><nav><a href="/">Beranda</a><a href="/a">Ekonomi</a></nav></body></html>',
        encoding="utf-8",
    )
    assert main(["summarize", str(page)]) == 1
    assert capsys.readouterr().err.strip() == "warta: no article text found in the page"


def test_no_source_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize"]) == 2
    assert "give a file, an http(s) URL, - for stdin, or --jsonl FILE" in capsys.readouterr().err


def test_unsupported_url_scheme(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", "ftp://contoh.id/berita.txt"]) == 1
    assert "only http and https" in capsys.readouterr().err


# -- URLs -----------------------------------------------------------------------------------


def test_url_of_a_real_page(server: FeedServer, capsys: pytest.CaptureFixture[str]) -> None:
    server.set("/read/kompas-2", (PAGES / "kompas_2.html").read_bytes())
    assert main(["summarize", "--json", server.url("/read/kompas-2")]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["title"] == "Polres Lhokseumawe Serahkan Anggota Di Minimi ke Kejaksaan"
    assert result["url"] == (
        "http://regional.kompas.com/read/2015/11/04/21040031/"
        "Polres.Lhokseumawe.Serahkan.Anggota.Di.Minimi.ke.Kejaksaan"
    )
    expected = " ".join((PAGES / "kompas_2.expected.txt").read_text(encoding="utf-8").split())
    assert len(result["bullets"]) == 3
    assert all(in_text(point, expected) for point in result["bullets"])
    request = server.requests("/read/kompas-2")[-1]
    assert request["User-Agent"] == "Warta/0.1 (+https://github.com/warta-id/warta)"


def test_url_page_in_windows_1252(server: FeedServer, capsys: pytest.CaptureFixture[str]) -> None:
    paragraphs = (
        "Harga tiket masuk museum kini Rp1.500 per orang mulai pekan depan.",
        "“Kami ingin semua warga bisa datang,” kata kepala museum di acara café budaya.",
        "Museum juga membuka kelas sejarah gratis bagi pelajar setiap hari Sabtu pagi.",
    )
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = f"<html><head><title>Museum Murah</title></head><body><h1>Museum Murah</h1>{body}"
    server.set(
        "/museum",
        (html + "</body></html>").encode("cp1252"),
        content_type="text/html; charset=windows-1252",
    )
    assert main(["summarize", "--json", server.url("/museum")]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["bullets"] == list(paragraphs)


def test_url_not_found(server: FeedServer, capsys: pytest.CaptureFixture[str]) -> None:
    url = server.url("/read/tidak-ada")
    assert main(["summarize", url]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith(f"warta: could not fetch {url}: HTTP 404")
    assert captured.out == ""


def test_dead_site(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/berita"
    assert main(["summarize", url]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"warta: could not fetch {url}: could not connect")
    assert "Traceback" not in err


@pytest.mark.parametrize("declare_length", [True, False], ids=["declared", "chunked"])
def test_page_too_big(
    server: FeedServer, capsys: pytest.CaptureFixture[str], declare_length: bool
) -> None:
    server.set_stream("/besar", 11 * 1024 * 1024, declare_length=declare_length)
    assert main(["summarize", server.url("/besar")]) == 1
    assert "response too large" in capsys.readouterr().err


def test_page_without_article(server: FeedServer, capsys: pytest.CaptureFixture[str]) -> None:
    server.set("/kosong", "<html><body><nav><a href='/'>Beranda</a></nav></body></html>")
    url = server.url("/kosong")
    assert main(["summarize", url]) == 1
    assert capsys.readouterr().err.strip() == f"warta: no article text found in the page at {url}"


# -- JSONL batches --------------------------------------------------------------------------


def test_jsonl_batch_keeps_order_and_reports_bad_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [
        json.dumps({"id": "a", "text": BPJS_TEXT}),
        "{tidak valid",
        json.dumps({"id": "c", "text": ""}),
        json.dumps({"text": BPJS_TEXT}),
        "",
        json.dumps({"id": 5, "text": SEED.read_text(encoding="utf-8"), "title": "Kemenkop"}),
        json.dumps({"id": "f", "text": ["bukan", "teks"]}),
        json.dumps({"id": "g"}),
    ]
    batch = tmp_path / "batch.jsonl"
    batch.write_bytes(("\n".join(lines) + "\n").encode("utf-8") + b'{"id": "h", "text": "\xff"}\n')
    assert main(["summarize", "--bullets", "2", "--jsonl", str(batch)]) == 0
    captured = capsys.readouterr()
    results = [json.loads(line) for line in captured.out.splitlines()]
    assert [r["id"] for r in results] == ["a", None, "c", None, 5, "f", "g", None]
    assert len(results[0]["bullets"]) == 2
    assert all(in_text(point, BPJS_TEXT) for point in results[0]["bullets"])
    assert results[1]["error"].startswith("line 2 is not valid JSON")
    assert results[2]["error"].startswith("line 3: Nothing to summarize")
    assert results[3]["error"] == 'line 4 has no "id"'
    assert all(in_text(point, SEED_TEXT) for point in results[4]["bullets"])
    assert results[5]["error"] == 'line 7: "text" must be a string'
    assert results[6]["error"] == 'line 8 has no "text"'
    assert results[7]["error"] == "line 9 is not valid UTF-8"
    assert captured.err.strip() == "warta: 8 line(s) read: 2 summarized, 6 error(s)"


def test_jsonl_from_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = "".join(
        json.dumps({"id": i, "text": BPJS_TEXT}, ensure_ascii=False) + "\n" for i in range(3)
    )
    set_stdin(monkeypatch, data.encode("utf-8"))
    assert main(["summarize", "--bullets", "1", "--jsonl", "-"]) == 0
    results = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["id"] for r in results] == [0, 1, 2]
    assert all(len(r["bullets"]) == 1 for r in results)


def test_jsonl_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", "--jsonl", str(tmp_path / "tidak-ada.jsonl")]) == 1
    assert "file not found" in capsys.readouterr().err


def test_jsonl_and_source_together_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", "--jsonl", "-", str(SEED)]) == 2
    assert "not both" in capsys.readouterr().err


# -- as a separate process --------------------------------------------------------------------


def run_warta(*args: str, stdin: bytes = b"", cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        timeout=60,
        check=False,
    )


def test_subprocess_batch_streams_utf8_json_lines(tmp_path: Path) -> None:
    lines = [
        {"id": "x1", "text": "Harga “beras” naik menjadi Rp15.000 per kilogram di pasar."},
        {"id": "x2", "text": SEED.read_text(encoding="utf-8")},
        {"id": "x3", "text": "   "},
    ]
    data = "".join(json.dumps(line) + "\n" for line in lines).encode("utf-8")
    done = run_warta("summarize", "--jsonl", "-", stdin=data, cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    out = done.stdout.decode("utf-8")
    assert "“beras”" in out  # written as UTF-8, not escaped
    results = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in results] == ["x1", "x2", "x3"]
    assert results[0]["bullets"] == ["Harga “beras” naik menjadi Rp15.000 per kilogram di pasar."]
    assert "error" in results[2]
    assert b"Traceback" not in done.stderr


def test_url_that_is_not_a_page(server: FeedServer, capsys: pytest.CaptureFixture[str]) -> None:
    server.set("/laporan.pdf", b"%PDF-1.7 ...", content_type="application/pdf")
    url = server.url("/laporan.pdf")
    assert main(["summarize", url]) == 1
    assert capsys.readouterr().err.strip() == f"warta: not an article page (application/pdf): {url}"


def test_plain_text_url(server: FeedServer, capsys: pytest.CaptureFixture[str]) -> None:
    server.set("/berita.txt", BPJS_TEXT, content_type="text/plain; charset=utf-8")
    assert main(["summarize", "--json", "--bullets", "1", server.url("/berita.txt")]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result == {
        "title": None,
        "bullets": [result["bullets"][0]],
        "url": server.url("/berita.txt"),
    }
    assert in_text(result["bullets"][0], BPJS_TEXT)


def test_redirects_are_followed_but_not_forever(
    server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.set("/read/asli", (PAGES / "kompas_3.html").read_bytes())
    server.redirect("/r/pendek", "/read/asli")
    assert main(["summarize", "--bullets", "1", server.url("/r/pendek")]) == 0
    assert capsys.readouterr().out.startswith("Menteri Yuddy Ancam PNS")
    server.redirect("/r/putar", "/r/putar")
    assert main(["summarize", server.url("/r/putar")]) == 1
    assert "too many redirects" in capsys.readouterr().err


def test_text_file_in_windows_1252(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sentences = (
        "Harga tiket masuk museum kini Rp1.500 per orang mulai pekan depan.",
        "“Kami ingin semua warga bisa datang,” kata kepala museum di acara café budaya.",
    )
    article = tmp_path / "museum.txt"
    article.write_bytes("\n\n".join(sentences).encode("cp1252"))
    assert main(["summarize", "--bullets", "2", str(article)]) == 0
    assert bullets_of(capsys.readouterr().out) == list(sentences)
