"""Measuring the extractor on public benchmarks (PolNeAR) from a checkout the user supplies."""

from diplograph.evaluation.polnear import (
    Attribution,
    PolnearArticle,
    evaluate_polnear,
    format_polnear,
    load_polnear,
    read_brat,
    run_polnear_eval,
    score_article,
)

__all__ = [
    "Attribution",
    "PolnearArticle",
    "evaluate_polnear",
    "format_polnear",
    "load_polnear",
    "read_brat",
    "run_polnear_eval",
    "score_article",
]
