"""Extraction time against a bare spaCy parse of the same texts, in the same run (JSON on stdout).

    python bench/extract.py [--repeat N] [--batch-size B] [--n-process P]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from diplograph.extract import extract_many, read_article
from diplograph.extract.nlp import bare_nlp, load_nlp

ROOT = Path(__file__).resolve().parents[1]


def corpus(repeat: int) -> list[Path]:
    files = sorted((ROOT / "examples" / "articles").glob("*"))
    seed = ROOT.parent / "shared" / "corpus" / "aleppo-truce-2016-10-24.txt"
    if seed.is_file():
        files.append(seed)
    return files * repeat


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--n-process", type=int, default=1)
    args = parser.parse_args()
    articles = [read_article(p) for p in corpus(args.repeat)]
    texts = [a.text for a in articles]
    bare = bare_nlp()
    load_nlp()
    # warm both pipelines once so that neither pays for first-call set-up in the timing
    list(bare.pipe(texts[:2]))
    list(extract_many(articles[:2]))
    t0 = time.perf_counter()
    list(bare.pipe(texts, batch_size=args.batch_size, n_process=args.n_process))
    bare_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    extractions = list(extract_many(articles, batch_size=args.batch_size, n_process=args.n_process))
    extract_s = time.perf_counter() - t0
    words = sum(len(t.split()) for t in texts)
    print(json.dumps({
        "benchmark": "extract",
        "articles": len(articles),
        "words": words,
        "statements": sum(len(e.statements) for e in extractions),
        "bare_parse_s": round(bare_s, 3),
        "extract_s": round(extract_s, 3),
        "bare_words_per_s": round(words / bare_s),
        "ratio_vs_bare_parse": round(extract_s / bare_s, 3),
        "batch_size": args.batch_size,
        "n_process": args.n_process,
    }))


if __name__ == "__main__":
    main()
