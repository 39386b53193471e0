"""Indonesian news summarization: cleaning, tokenizing, stemming and bullet summaries."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from summaries.summarize import METHODS, SummaryError, summarize

__all__ = ["METHODS", "SummaryError", "summarize"]


def __getattr__(name: str) -> Any:
    """Import the summarizer lazily so light submodules stay cheap to import."""
    if name in __all__:
        from summaries import summarize as _module

        return getattr(_module, name)
    raise AttributeError(f"module 'summaries' has no attribute {name!r}")
