"""Extraction: article text → the extraction model (statements, accusations, events).

    read_article(path) / article_from_text(text, published=…)  → ArticleInput
    extract(article) / extract_many(articles, batch_size=…, n_process=…) → Extraction
    evaluate(gold_paths) → the figures of ../shared/eval/score.py over those annotations
"""

from diplograph.extract.evaluate import evaluate
from diplograph.extract.pipeline import extract, extract_doc, extract_many
from diplograph.extract.reader import ArticleInput, article_from_text, read_article

__all__ = ["ArticleInput", "article_from_text", "evaluate", "extract", "extract_doc", "extract_many", "read_article"]
