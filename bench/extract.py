"""Extraction time against a bare spaCy parse of the same texts, in the same run (JSON on stdout).

    python bench/extract.py [--full] [--repeat N] [--rounds R] [--batch-size B] [--n-process P] [--corpus DIR ...]

The corpus is every .txt/.json article in the given folders (default: examples/articles,
tests/extract/articles and the seed article in ../shared when present), repeated N times. The bare
parse runs the pinned model alone through ``nlp.pipe``; the extraction runs ``extract_many`` (the
model with its gazetteer ruler, then every rule) with the same batch size and processes. The two
alternate R times and the best time of each counts, so that a busy machine hurts both alike.
``ratio`` is extraction time over bare parse time (the goal is ≤ 1.5).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script

from bench._common import ROOT, emit, machine, ratio, timed

from diplograph.extract import extract_many, read_article
from diplograph.extract.nlp import bare_nlp, load_nlp
from diplograph.extract.pipeline import parse_text

DEFAULT_CORPORA = (ROOT / "examples" / "articles", ROOT / "tests" / "extract" / "articles", ROOT.parent / "shared" / "corpus")


def corpus(folders: list[Path]) -> list[Path]:
    """The article files of the folders, in a stable order."""
    files: list[Path] = []
    for folder in folders:
        if folder.is_dir():
            files += sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".json"))
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="a longer run (repeat 40, 3 rounds)")
    parser.add_argument("--repeat", type=int, default=None, help="copies of the corpus (default 10, 40 with --full)")
    parser.add_argument("--rounds", type=int, default=None, help="alternating timings (default 2, 3 with --full)")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--corpus", type=Path, action="append", help="a folder of .txt/.json articles")
    args = parser.parse_args()
    repeat = args.repeat or (40 if args.full else 10)
    rounds = args.rounds or (3 if args.full else 2)
    files = corpus(args.corpus or list(DEFAULT_CORPORA))
    if not files:
        parser.error("no articles found")
    articles = [read_article(p) for p in files] * repeat
    # the bare parse reads exactly what the extractor's parser reads (dateline blanked, same length)
    texts = [parse_text(a) for a in articles]
    bare = bare_nlp()
    load_nlp()
    list(bare.pipe(texts[:4]))  # first-call set-up paid by neither timing
    list(extract_many(articles[:4]))
    bare_times: list[float] = []
    extract_times: list[float] = []
    statements = 0
    for _ in range(rounds):
        seconds, _docs = timed(lambda: list(bare.pipe(texts, batch_size=args.batch_size, n_process=args.n_process)))
        bare_times.append(seconds)
        seconds, extractions = timed(lambda: list(extract_many(articles, batch_size=args.batch_size,
                                                               n_process=args.n_process)))
        extract_times.append(seconds)
        statements = sum(len(e.statements) for e in extractions)
    words = sum(len(t.split()) for t in texts)
    bare_s, extract_s = min(bare_times), min(extract_times)
    emit({
        "benchmark": "extract",
        "articles": len(articles),
        "distinct_articles": len(files),
        "words": words,
        "statements": statements,
        "bare_parse_s": round(bare_s, 3),
        "extract_s": round(extract_s, 3),
        "bare_words_per_s": round(words / bare_s) if bare_s else None,
        "extract_words_per_s": round(words / extract_s) if extract_s else None,
        "ratio": ratio(extract_s, bare_s),
        "rounds": rounds,
        "batch_size": args.batch_size,
        "n_process": args.n_process,
        "machine": machine(),
    })


if __name__ == "__main__":
    main()
