"""What goes into the full-text index of every backend: title, bullets and text, stemmed with
Sastrawi, folded and split into terms the same way as the reader's query."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from summaries.stem import stem_text

# Tokens as FTS5's unicode61 tokenizer (remove_diacritics 2) sees them, near enough.
TOKEN = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower case without diacritics, like the index's tokenizer."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def index_terms(*fields: str) -> set[str]:
    """Distinct index tokens of already stemmed fields."""
    return {token for field in fields for token in TOKEN.findall(fold(field))}


def index_tokens(field: str) -> list[str]:
    """The index tokens of one stemmed field, in order (repeats kept)."""
    return TOKEN.findall(fold(field))


def stemmed_fields(title: str, bullets: Sequence[str], text: str) -> tuple[str, str, str]:
    """The three indexed columns: stemmed title, stemmed bullets, stemmed text."""
    return stem_text(title), stem_text("\n".join(bullets)), stem_text(text)
