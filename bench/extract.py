"""Extraction quality: our extract_article() against plain trafilatura, on saved real pages.

For every page in tests/data/pages with a ``*.expected.txt`` (another project's expected
body text), prints word-level precision, recall and F1 of both extractors' bodies against
the expectation (bag of lower-cased word tokens, as a multiset), then the means and the
pages where ours is worse by more than the tolerated margin. Also prints the time taken.

Also times a 10 MB page. Run: python -m bench.extract [--show NAME] (exit 1 if targets missed)
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

import trafilatura

from summaries.extract import extract_article

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "data" / "pages"
WORD = re.compile(r"\w+", re.UNICODE)
MAX_LOSS = 0.05  # no page may be worse than plain trafilatura by more than this F1


def prf(got: str, expected: str) -> tuple[float, float, float]:
    """Word-level precision, recall and F1 of ``got`` against ``expected`` (multisets)."""
    g = Counter(WORD.findall(got.lower()))
    e = Counter(WORD.findall(expected.lower()))
    overlap = sum((g & e).values())
    p = overlap / sum(g.values()) if g else 0.0
    r = overlap / sum(e.values()) if e else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def huge_page_time() -> float:
    """Seconds to extract a real page padded to 10 MB with menus (the size cap at work)."""
    html = (PAGES / "kompas_2.html").read_text(encoding="utf-8")
    menu = "<ul>" + "".join(f'<li><a href="/k/{i}">Kanal {i}</a></li>' for i in range(50))
    padded = html.replace("</body>", (menu + "</ul>") * (10_000_000 // (len(menu) + 5)))
    started = time.perf_counter()
    extracted = extract_article(padded.encode("utf-8"))
    elapsed = time.perf_counter() - started
    assert extracted is not None and "Polres Lhokseumawe" in extracted.text
    return elapsed


def current_layouts() -> None:
    """Show the two current-layout pages for a check by eye (and fundus' paragraphs)."""
    truth = json.loads((PAGES / "mediaindonesia_1.expected.json").read_text(encoding="utf-8"))
    paragraphs = " ".join(truth["V1"]["body"]["sections"][0]["paragraphs"])
    for name in ("kompas_1", "mediaindonesia_1"):
        extracted = extract_article((PAGES / f"{name}.html").read_bytes())
        if extracted is None:
            print(f"\n{name}: NO TEXT")
            continue
        parts = extracted.text.split("\n\n")
        print(f"\n{name}: {len(parts)} paragraphs, {len(extracted.text.split())} words")
        print(f"  title:     {extracted.title}")
        print(f"  author:    {extracted.author}")
        print(f"  published: {extracted.published_at}")
        print(f"  canonical: {extracted.canonical_url}")
        print(f"  first:     {parts[0][:100]}")
        print(f"  last:      {parts[-1][:100]}")
        if name == "mediaindonesia_1":
            p, r, f = prf(extracted.text, paragraphs)
            print(f"  vs expected.json paragraphs: P {p:.3f} R {r:.3f} F1 {f:.3f}")
            print(f"  expected.json title: {truth['V1']['title']}")
            print(f"  expected.json date:  {truth['V1']['publishing_date']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", help="print both extractions of this page (e.g. detik_2)")
    args = parser.parse_args()

    rows = []
    ours_time = plain_time = 0.0
    for expected_file in sorted(PAGES.glob("*.expected.txt")):
        name = expected_file.name.removesuffix(".expected.txt")
        html = (PAGES / f"{name}.html").read_bytes()
        expected = expected_file.read_text(encoding="utf-8")
        started = time.perf_counter()
        extracted = extract_article(html)
        ours_time += time.perf_counter() - started
        ours = extracted.text if extracted else ""
        started = time.perf_counter()
        plain = trafilatura.extract(html) or ""
        plain_time += time.perf_counter() - started
        rows.append((name, prf(ours, expected), prf(plain, expected)))
        if args.show == name:
            print(f"--- ours ({name})\n{ours}\n--- plain trafilatura\n{plain}\n--- expected")
            print(expected)

    print(f"{'page':<18} {'ours P':>7} {'R':>6} {'F1':>6}   {'plain P':>7} {'R':>6} {'F1':>6}")
    for name, (p, r, f), (pp, pr, pf) in rows:
        flag = "  <-- worse" if f < pf - MAX_LOSS else ""
        print(f"{name:<18} {p:7.3f} {r:6.3f} {f:6.3f}   {pp:7.3f} {pr:6.3f} {pf:6.3f}{flag}")
    n = len(rows)
    means = [sum(row[i][j] for row in rows) / n for i in (1, 2) for j in range(3)]
    print(
        f"{'mean':<18} {means[0]:7.3f} {means[1]:6.3f} {means[2]:6.3f}   "
        f"{means[3]:7.3f} {means[4]:6.3f} {means[5]:6.3f}"
    )
    print(
        f"time: ours {ours_time * 1000 / n:.0f} ms/page, plain {plain_time * 1000 / n:.0f} ms/page"
    )
    print(f"time: 10 MB page (kompas_2 + menus) {huge_page_time() * 1000:.0f} ms")
    current_layouts()
    worse = [name for name, ours, plain in rows if ours[2] < plain[2] - MAX_LOSS]
    better = means[2] > means[5]
    print(
        f"mean F1 better than plain: {'yes' if better else 'NO'}; "
        f"pages worse by > {MAX_LOSS}: {', '.join(worse) or 'none'}"
    )
    return 0 if better and not worse else 1


if __name__ == "__main__":
    sys.exit(main())
