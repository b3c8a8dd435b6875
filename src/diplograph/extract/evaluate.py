"""Run the extractor on annotated articles and score it."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from diplograph.errors import InputError
from diplograph.extract.pipeline import extract_many
from diplograph.extract.reader import article_from_text
from diplograph.extract.scoring import score
from diplograph.model import extraction_to_dict, load_extraction


def evaluate(gold_paths: Iterable[str | Path]) -> dict[str, Any]:
    """Extract each gold file's article and score the predictions against the gold, micro-averaged."""
    golds = []
    articles = []
    for path in gold_paths:
        p = Path(path)
        gold = load_extraction(p)
        if gold.text is None:
            raise InputError(f"{p}: the article text ({gold.article.file}) was not found beside it")
        golds.append(json.loads(p.read_text(encoding="utf-8")))
        articles.append(article_from_text(gold.text, published=gold.article.published, url=gold.article.url,
                                          source=gold.article.source, title=gold.article.title,
                                          file=gold.article.file))
    if not golds:
        raise InputError("no gold files given")
    preds = [extraction_to_dict(ex) for ex in extract_many(articles)]
    return score(zip(golds, preds, strict=True))
