"""Indonesian news summarization: cleaning, tokenizing, stemming and bullet summaries."""

from summaries.summarize import METHODS, SummaryError, summarize

__all__ = ["METHODS", "SummaryError", "summarize"]
