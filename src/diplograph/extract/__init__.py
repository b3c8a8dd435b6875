"""Extraction: article text → the extraction model (statements, accusations, events)."""

from diplograph.extract.pipeline import extract, extract_doc, extract_many
from diplograph.extract.reader import ArticleInput, article_from_text, read_article

__all__ = ["ArticleInput", "article_from_text", "extract", "extract_doc", "extract_many", "read_article"]
