"""PolNeAR: score the extractor on a public benchmark of attributions in US political news.

PolNeAR (Newell, Margolin and Ruths, LREC 2018) annotates news articles in brat standoff
format: ``T`` lines are spans (Source, Cue, Content, Discard …), possibly discontinuous
(``start end;start end``); ``E`` lines join a Source, a Cue and a Content into one
attribution. Nothing of PolNeAR ships with diplograph: the user points this module at their
own checkout (see docs/polnear.md).

How the figures are made — all micro-averaged over the articles of a split:

- **statements**: the extractor's statements that share a cue are one predicted attribution
  (PolNeAR gives every cue one attribution, so a quote split by its attribution is one
  attribution with two content fragments). Gold and predicted attributions pair one-to-one,
  greedily, when their contents share at least half of the longer one's characters
  (fragments count as one set of characters). *detection* counts the pairs; *attribution*
  also needs the source right: a predicted source overlapping a gold source fragment, or
  no source on either side.
- **roles** (source, cue, content): the spans of each role in an article form a set, one
  span per fragment, so a source shared by two attributions counts once. *exact*: same
  offsets; *trimmed*: same offsets after quote marks, punctuation and spaces are stripped from
  both ends of every span; *token*: P/R/F1 over the tokens the spans cover; *jaccard*: the
  measure of CofeNet (Wang et al., COLING 2022): each gold span scores the best
  intersection-over-union, in tokens, of any predicted span, and the sum is divided by the
  number of gold spans plus the predicted spans that touch no gold span.
- **Discard** regions: an attribution whose content lies at least half inside them, and any
  span or token that does, is left out on both sides.
- **several annotators**: for an article annotated by several people, the annotation of the
  lowest annotator id is used; the result lists those articles and the choice.
"""

from __future__ import annotations

import csv
import re
import time
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from diplograph.errors import InputError
from diplograph.model import Extraction

if TYPE_CHECKING:
    from diplograph.extract.reader import ArticleInput

#: A stretch of text as (start, end) character offsets, end exclusive.
Fragment = tuple[int, int]

#: The three parts of an attribution, in the order the figures list them.
ROLES = ("source", "cue", "content")

#: The splits this harness runs on; the test split is held out for judging from outside.
SPLITS = ("train", "dev")

#: Subsets of a split: every article, or the wire copy (metadata.tsv names an agency).
SUBSETS = ("all", "wire")

#: metadata.tsv ``wire`` values that mean "no agency credited".
NO_WIRE = frozenset({"", "None", "NA"})

#: brat entity types that hold each role of an attribution (an ``E`` line's argument names).
ROLE_OF_ARGUMENT = {"Source": "source", "Cue": "cue", "Content": "content", "Content2": "content"}

#: brat entity type of the regions to ignore.
DISCARD = "Discard"

#: Characters stripped from both ends of a span for the *trimmed* figures.
QUOTE_MARKS = "\"'“”„‟«»‹›‘’‚‛`"
EDGE_PUNCTUATION = ".,;:!?…-–—()[]{}*/"
TRIMMED = frozenset(QUOTE_MARKS + EDGE_PUNCTUATION + " \t\n\r\u00a0")

#: Quote marks that open and close a direct quote, to sort gold contents by mode.
OPENING_QUOTES = "\"“«„‘"
CLOSING_QUOTES = "\"”»’"
DOUBLE_QUOTES = "\"“”«»„"
MODES = ("direct", "indirect", "mixed")

#: Tokens for the token and Jaccard figures: runs of word characters, or one other non-space.
TOKEN = re.compile(r"\w+|[^\w\s]")

_T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t?(.*)$")
_E_LINE = re.compile(r"^(E\d+)\t(.*)$")

#: The extractor as the harness calls it: a batch of articles in, their extractions out in order.
Extractor = Callable[[Sequence["ArticleInput"]], Iterable[Extraction]]

#: Called after each article: (articles done, articles in all, article name).
ProgressFn = Callable[[int, int, str], None]


# --- spans ----------------------------------------------------------------------------------


def _merge(fragments: Iterable[Fragment]) -> tuple[Fragment, ...]:
    """Sorted, non-overlapping fragments covering the same characters (empty ones dropped)."""
    out: list[list[int]] = []
    for start, end in sorted(f for f in fragments if f[1] > f[0]):
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return tuple((s, e) for s, e in out)


def _length(fragments: Sequence[Fragment]) -> int:
    return sum(e - s for s, e in _merge(fragments))


def _shared(a: Sequence[Fragment], b: Sequence[Fragment]) -> int:
    """Characters covered by both fragment sets."""
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in _merge(a) for s2, e2 in _merge(b))


def content_overlap(a: Sequence[Fragment], b: Sequence[Fragment]) -> float:
    """Shared characters over the larger of the two sizes (0..1): the statement-matching measure."""
    larger = max(_length(a), _length(b))
    return _shared(a, b) / larger if larger else 0.0


def _in_discard(fragments: Sequence[Fragment], discards: Sequence[Fragment]) -> bool:
    """At least half of the characters lie in Discard regions."""
    size = _length(fragments)
    return bool(discards) and size > 0 and 2 * _shared(fragments, discards) >= size


def trim(text: str, fragment: Fragment) -> Fragment:
    """The fragment without quote marks, punctuation and spaces at either end (unchanged if nothing is left)."""
    start, end = fragment
    while start < end and text[start] in TRIMMED:
        start += 1
    while end > start and text[end - 1] in TRIMMED:
        end -= 1
    return (start, end) if end > start else fragment


def gold_mode(text: str, content: Sequence[Fragment]) -> str:
    """direct (every fragment inside quote marks), mixed (a quoted part) or indirect (none), by the text."""
    pieces = [text[s:e] for s, e in _merge(content)]
    if not any(ch in DOUBLE_QUOTES for piece in pieces for ch in piece) and not any(
            piece.lstrip(" \n").startswith("‘") for piece in pieces):
        return "indirect"
    inner = TRIMMED - set(QUOTE_MARKS)
    for piece in pieces:
        core = piece.strip("".join(inner))
        if not (core[:1] and core[0] in OPENING_QUOTES and core[-1] in CLOSING_QUOTES):
            return "mixed"
    return "direct"


class _Tokens:
    """The article's tokens, to map character spans to token index ranges."""

    def __init__(self, text: str) -> None:
        spans = [m.span() for m in TOKEN.finditer(text)]
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]

    def range(self, fragment: Fragment) -> tuple[int, int]:
        """[first, last + 1) of the tokens the fragment touches; empty when it holds only spaces."""
        start, end = fragment
        return bisect_right(self.ends, start), bisect_left(self.starts, end)


# --- reading PolNeAR --------------------------------------------------------------------------


@dataclass(frozen=True)
class Attribution:
    """One attribution, gold or predicted: its content, source and cue as fragment tuples.

    ``mode`` is the extractor's mode for a prediction (None for gold, whose mode is read from
    its quote marks by :func:`gold_mode`).
    """

    content: tuple[Fragment, ...]
    source: tuple[Fragment, ...] = ()
    cue: tuple[Fragment, ...] = ()
    mode: str | None = None

    def role(self, name: str) -> tuple[Fragment, ...]:
        """The fragments of one role: "source", "cue" or "content"."""
        value: tuple[Fragment, ...] = getattr(self, name)
        return value


@dataclass
class PolnearArticle:
    """One article of a PolNeAR split with the annotation chosen for it."""

    name: str
    text: str
    attributions: list[Attribution]
    discards: tuple[Fragment, ...] = ()
    annotator: str = ""
    annotators: tuple[str, ...] = ()
    wire: str | None = None
    published: str | None = None
    title: str | None = None
    publisher: str | None = None


def read_brat(ann: str, text: str, where: str = "annotation") -> tuple[list[Attribution], tuple[Fragment, ...]]:
    """The attributions and Discard regions of one brat standoff annotation of ``text``.

    Lines other than ``T`` and ``E`` (notes, the tails of span texts that ran over a line
    break) are skipped. Offsets past the end of the text, or span texts that mostly disagree
    with the article (a checkout whose line ends were converted), raise :class:`InputError`.
    """
    spans: dict[str, tuple[str, tuple[Fragment, ...]]] = {}
    links: list[list[tuple[str, str]]] = []
    checked = disagree = 0
    for number, line in enumerate(ann.splitlines(), 1):
        t = _T_LINE.match(line)
        if t:
            tid, kind, offsets, written = t.groups()
            frags = tuple((int(a), int(b)) for a, b in (part.split() for part in offsets.split(";")))
            if any(s > e or e > len(text) for s, e in frags):
                raise InputError(f"{where}:{number}: span {offsets} lies outside the article ({len(text)} characters)")
            spans[tid] = (kind, frags)
            if written:
                checked += 1
                disagree += not " ".join(text[s:e] for s, e in frags).startswith(written)
            continue
        e = _E_LINE.match(line)
        if e:
            links.append([(name, tid) for name, _, tid in (arg.partition(":") for arg in e.group(2).split()) if tid])
    if checked and 2 * disagree > checked:
        raise InputError(f"{where}: {disagree} of {checked} spans do not match the article text; "
                         "are the text and annotation from the same checkout, with line ends unchanged?")
    attributions = []
    for args in links:
        parts: dict[str, list[Fragment]] = {role: [] for role in ROLES}
        for name, tid in args:
            role = ROLE_OF_ARGUMENT.get(name)
            if role is not None and tid in spans:
                parts[role].extend(spans[tid][1])
        if any(parts.values()):
            attributions.append(Attribution(content=_merge(parts["content"]), source=_merge(parts["source"]),
                                            cue=_merge(parts["cue"])))
    discards = _merge(f for kind, frags in spans.values() if kind == DISCARD for f in frags)
    return attributions, discards


def _data_dir(path: Path, split: str) -> Path:
    for candidate in (path / "data", path):
        if (candidate / split / "attributions").is_dir():
            return candidate
    raise InputError(f"{path}: not a PolNeAR checkout (no data/{split}/attributions folder); "
                     "see docs/polnear.md for how to get one")


def _metadata(data: Path) -> dict[str, dict[str, str]]:
    table = data / "metadata.tsv"
    if not table.is_file():
        return {}
    with table.open(encoding="utf-8", newline="") as fh:
        return {row["filename"]: row for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
                if row.get("filename")}


def load_polnear(path: str | Path, split: str = "dev", subset: str | None = None) -> list[PolnearArticle]:
    """The annotated articles of one split (``train`` or ``dev``) of a PolNeAR checkout.

    ``path`` is the checkout (or its ``data`` folder). ``subset="wire"`` keeps the articles
    whose ``metadata.tsv`` row credits a wire agency (AP, AFP, Reuters, UPI).
    """
    if split not in SPLITS:
        raise InputError(f"split {split!r}: choose one of {', '.join(SPLITS)} (the test split is held out)")
    subset = subset or "all"
    if subset not in SUBSETS:
        raise InputError(f"subset {subset!r}: choose one of {', '.join(SUBSETS)}")
    data = _data_dir(Path(path), split)
    meta = _metadata(data)
    if subset == "wire" and not meta:
        raise InputError(f"{data}: metadata.tsv is missing, so the wire articles are not known")
    anns: dict[str, dict[str, Path]] = {}
    for ann in sorted((data / split / "attributions").glob("*.ann")):
        name, _, annotator = ann.stem.rpartition("_")
        anns.setdefault(name, {})[annotator] = ann
    articles = []
    for txt in sorted((data / split / "text").glob("*.txt")):
        by_annotator = anns.get(txt.stem)
        if not by_annotator:
            continue
        row = meta.get(txt.stem, {})
        wire = row.get("wire", "")
        if subset == "wire" and wire in NO_WIRE:
            continue
        annotator = min(by_annotator)
        try:
            with txt.open(encoding="utf-8", newline="") as fh:  # newline="" keeps the offsets exact
                text = fh.read()
            ann_text = by_annotator[annotator].read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{txt.name}: cannot read: {exc}") from None
        attributions, discards = read_brat(ann_text, text, by_annotator[annotator].name)
        articles.append(PolnearArticle(
            name=txt.stem, text=text, attributions=attributions, discards=discards, annotator=annotator,
            annotators=tuple(sorted(by_annotator)), wire=None if wire in NO_WIRE else wire,
            published=row.get("publication_date") or None, title=row.get("title") or None,
            publisher=row.get("publisher") or None))
    if not articles:
        raise InputError(f"{data / split}: no annotated articles{' in the wire subset' if subset == 'wire' else ''}")
    return articles


# --- predictions ----------------------------------------------------------------------------------


#: A complementizer right before a content: PolNeAR's contents begin with it, diplograph's after it.
_COMPLEMENTIZER = re.compile(r"\b(?:that|whether)\s*(?:[\"\u201c\u2018]|'')?\s*$", re.IGNORECASE)


def polnear_content(text: str, start: int, end: int) -> Fragment:
    """A diplograph content in PolNeAR's convention. FORMAT.md leaves the complementizer out of the
    content ("X said that …" → "…"); PolNeAR annotates it as the content's first word. The span is
    extended back over a "that" or "whether" right before it (and over the quote mark that may open
    a quoted content after it: 'said that “…'), nothing else."""
    found = _COMPLEMENTIZER.search(text, max(0, start - 12), start)
    return (found.start(), end) if found is not None else (start, end)


def polnear_source(text: str, start: int, end: int) -> Fragment:
    """A diplograph source mention in PolNeAR's convention. FORMAT.md takes the mention as written,
    without the punctuation that closes it; PolNeAR's annotators take the possessive of a noun cue
    ("Trump’s claim" → "Trump’s") and the comma that closes an apposition ("Brian Fallon, the
    campaign’s press secretary, said" → "…, the campaign’s press secretary,"). The span is extended
    over exactly those."""
    rest = text[end:end + 2]
    if rest in ("\u2019s", "'s"):
        return start, end + 2
    if rest[:1] == "," and "," in text[start:end]:
        return start, end + 1
    return start, end


#: What may stand between two contents of one cue that PolNeAR annotates as one span.
_JOINT = re.compile(r"[\s,;]*(?:(?:and|or|but)\b[\s,]*)?")


def _joined(text: str, fragments: tuple[Fragment, ...]) -> tuple[Fragment, ...]:
    """The contents of one cue with the ones that only a conjunction separates made one span: diplograph
    gives "said that A and that B" one statement per clause, PolNeAR one content (it splits a content
    only where the attribution interrupts it)."""
    out: list[Fragment] = []
    for start, end in fragments:
        if out and _JOINT.fullmatch(text, out[-1][1], start):
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return tuple(out)


def attributions_from_extraction(extraction: Extraction) -> list[Attribution]:
    """The extractor's statements as attributions (in PolNeAR's content convention, see
    :func:`polnear_content`); statements that share a cue become one."""
    by_cue: dict[Fragment, list[Any]] = {}
    singles: list[Attribution] = []
    text = extraction.text or ""
    for st in extraction.statements:
        source = (polnear_source(text, st.source.start, st.source.end),) if st.source is not None else ()
        content = (polnear_content(text, st.content.start, st.content.end),)
        if st.cue is None:
            singles.append(Attribution(content=_merge(content), source=_merge(source), mode=st.mode))
        else:
            by_cue.setdefault((st.cue.start, st.cue.end), []).append((content, source, st.mode))
    grouped = [
        Attribution(content=_joined(text, _merge(f for c, _, _ in parts for f in c)),
                    source=_merge(f for _, s, _ in parts for f in s),
                    cue=(cue,), mode=parts[0][2] if len({m for _, _, m in parts}) == 1 else "mixed")
        for cue, parts in by_cue.items()
    ]
    return sorted(grouped + singles, key=lambda a: a.content[:1])


# --- scoring ------------------------------------------------------------------------------------


@dataclass
class ArticleScore:
    """The tallies of one article and how its attributions paired (for error analysis)."""

    name: str
    gold: list[Attribution]
    predicted: list[Attribution]
    pairs: list[tuple[int, int, float]]  # (gold index, predicted index, content overlap)
    source_right: set[int]  # gold indices paired with the right source
    ignored_predictions: int
    counts: Counter[str] = field(default_factory=Counter)
    jaccard: dict[str, list[float]] = field(default_factory=dict)  # role -> [score sum, entries]


def _pair(gold: Sequence[Attribution], pred: Sequence[Attribution]) -> list[tuple[int, int, float]]:
    scored = sorted(((content_overlap(g.content, p.content), gi, pi)
                     for gi, g in enumerate(gold) for pi, p in enumerate(pred)
                     if g.content and p.content), key=lambda x: (-x[0], x[1], x[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for ov, gi, pi in scored:
        if ov < 0.5:
            break
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi, ov))
    return pairs


def _source_right(gold: Attribution, pred: Attribution) -> bool:
    if not gold.source or not pred.source:
        return not gold.source and not pred.source
    return _shared(gold.source, pred.source) > 0


def _role_spans(attributions: Iterable[Attribution], role: str, discards: Sequence[Fragment]) -> set[Fragment]:
    return {f for a in attributions for f in a.role(role) if not _in_discard((f,), discards)}


def _jaccard(gold: set[tuple[int, int]], pred: set[tuple[int, int]]) -> tuple[float, int]:
    """CofeNet's Jaccard over token ranges: (score sum, entries)."""

    def iou(a: tuple[int, int], b: tuple[int, int]) -> float:
        inter = min(a[1], b[1]) - max(a[0], b[0])
        return max(0, inter) / (max(a[1], b[1]) - min(a[0], b[0]))

    total = sum(1.0 if g in pred else max((iou(g, p) for p in pred), default=0.0) for g in gold)
    strays = sum(1 for p in pred if p not in gold and not any(iou(p, g) > 0 for g in gold))
    return total, len(gold) + strays


def score_article(article: PolnearArticle, predicted: Sequence[Attribution]) -> ArticleScore:
    """Pair one article's predicted attributions with its gold ones and tally every figure."""
    discards = article.discards
    gold_all = [a for a in article.attributions if not (a.content and _in_discard(a.content, discards))]
    pred_all = [a for a in predicted if a.content and not _in_discard(a.content, discards)]
    gold = [a for a in gold_all if a.content]
    pairs = _pair(gold, pred_all)
    right = {gi for gi, pi, _ in pairs if _source_right(gold[gi], pred_all[pi])}
    score = ArticleScore(name=article.name, gold=gold, predicted=pred_all, pairs=pairs, source_right=right,
                         ignored_predictions=len(predicted) - len(pred_all))
    c = score.counts
    c["gold"] += len(gold)
    c["pred"] += len(pred_all)
    c["detected"] += len(pairs)
    c["attributed"] += len(right)
    paired_gold = {gi: pi for gi, pi, _ in pairs}
    for gi, g in enumerate(gold):
        mode = gold_mode(article.text, g.content)
        c[f"gold:{mode}"] += 1
        c[f"detected:{mode}"] += gi in paired_gold
        c[f"attributed:{mode}"] += gi in right
    paired_pred = set(paired_gold.values())
    for pi, p in enumerate(pred_all):
        mode = p.mode if p.mode in MODES else "other"
        c[f"pred:{mode}"] += 1
        c[f"pred_detected:{mode}"] += pi in paired_pred

    tokens = _Tokens(article.text)
    for role in ROLES:
        g_spans = _role_spans(gold_all, role, discards)
        p_spans = _role_spans(pred_all, role, discards)
        c[f"{role}:exact:gold"] += len(g_spans)
        c[f"{role}:exact:pred"] += len(p_spans)
        c[f"{role}:exact:tp"] += len(g_spans & p_spans)
        g_trim = {trim(article.text, f) for f in g_spans}
        p_trim = {trim(article.text, f) for f in p_spans}
        c[f"{role}:trimmed:gold"] += len(g_trim)
        c[f"{role}:trimmed:pred"] += len(p_trim)
        c[f"{role}:trimmed:tp"] += len(g_trim & p_trim)
        g_ranges = {r for r in map(tokens.range, g_spans) if r[1] > r[0]}
        p_ranges = {r for r in map(tokens.range, p_spans) if r[1] > r[0]}
        g_tok = {i for lo, hi in g_ranges for i in range(lo, hi)
                 if not _in_discard(((tokens.starts[i], tokens.ends[i]),), discards)}
        p_tok = {i for lo, hi in p_ranges for i in range(lo, hi)
                 if not _in_discard(((tokens.starts[i], tokens.ends[i]),), discards)}
        c[f"{role}:token:gold"] += len(g_tok)
        c[f"{role}:token:pred"] += len(p_tok)
        c[f"{role}:token:tp"] += len(g_tok & p_tok)
        total, entries = _jaccard(g_ranges, p_ranges)
        score.jaccard[role] = [total, float(entries)]
    return score


def _prf(tp: int, pred: int, gold: int) -> dict[str, float | int]:
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(f1, 3), "tp": tp, "pred": pred, "gold": gold}


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def figures(scores: Sequence[ArticleScore]) -> dict[str, Any]:
    """Micro-averaged figures over the scored articles (the ``statements`` and ``roles`` parts of a result)."""
    c: Counter[str] = Counter()
    jacc: dict[str, list[float]] = {role: [0.0, 0.0] for role in ROLES}
    for s in scores:
        c.update(s.counts)
        for role, (total, entries) in s.jaccard.items():
            jacc[role][0] += total
            jacc[role][1] += entries
    statements: dict[str, Any] = {
        "detection": _prf(c["detected"], c["pred"], c["gold"]),
        "attribution": _prf(c["attributed"], c["pred"], c["gold"]),
        "by_gold_mode": {m: {"gold": c[f"gold:{m}"], "detection_recall": _ratio(c[f"detected:{m}"], c[f"gold:{m}"]),
                             "attribution_recall": _ratio(c[f"attributed:{m}"], c[f"gold:{m}"])} for m in MODES},
        "by_predicted_mode": {m: {"pred": c[f"pred:{m}"],
                                  "detection_precision": _ratio(c[f"pred_detected:{m}"], c[f"pred:{m}"])}
                              for m in (*MODES, "other") if c[f"pred:{m}"]},
    }
    roles: dict[str, Any] = {}
    for role in ROLES:
        roles[role] = {kind: _prf(c[f"{role}:{kind}:tp"], c[f"{role}:{kind}:pred"], c[f"{role}:{kind}:gold"])
                       for kind in ("exact", "trimmed", "token")}
        total, entries = jacc[role]
        roles[role]["jaccard"] = round(total / entries, 3) if entries else 0.0
    return {"statements": statements, "roles": roles}


# --- running ---------------------------------------------------------------------------------


def _default_extractor(articles: Sequence[ArticleInput]) -> Iterable[Extraction]:
    from diplograph.extract import extract_many

    return extract_many(articles, batch_size=8)


def _article_input(article: PolnearArticle) -> ArticleInput:
    from diplograph.extract import article_from_text

    return article_from_text(article.text, published=article.published, title=article.title,
                             source=article.publisher, file=f"{article.name}.txt")


def evaluate_polnear(path: str | Path, split: str = "dev", *, subset: str | None = None,
                     extractor: Extractor | None = None, progress: ProgressFn | None = None,
                     keep_scores: list[ArticleScore] | None = None) -> dict[str, Any]:
    """Run ``extractor`` (default: diplograph's pipeline) on a PolNeAR split and score it.

    Returns a JSON-ready dict: the split, subset, article and attribution counts, the
    annotator choice, the ``statements`` and ``roles`` figures (see the module docstring)
    and the time taken. ``keep_scores``, when given, receives each article's
    :class:`ArticleScore` for error analysis.
    """
    articles = load_polnear(path, split, subset)
    run = extractor or _default_extractor
    inputs = [_article_input(a) for a in articles]
    scores: list[ArticleScore] = []
    began = time.perf_counter()
    for article, extraction in zip(articles, run(inputs), strict=True):
        scores.append(score_article(article, attributions_from_extraction(extraction)))
        if progress is not None:
            progress(len(scores), len(articles), article.name)
    seconds = time.perf_counter() - began
    if keep_scores is not None:
        keep_scores.extend(scores)
    several = {a.name: {"annotators": list(a.annotators), "chosen": a.annotator}
               for a in articles if len(a.annotators) > 1}
    result: dict[str, Any] = {
        "benchmark": "PolNeAR",
        "split": split,
        "subset": subset or "all",
        "articles": len(articles),
        "gold_attributions": sum(len(s.gold) for s in scores),
        "predicted_attributions": sum(len(s.predicted) for s in scores),
        "annotators": {"rule": "one annotation per article; where several people annotated it, the lowest annotator id",
                       "several": several},
        "discard": {"regions": sum(len(a.discards) for a in articles),
                    "ignored_predictions": sum(s.ignored_predictions for s in scores)},
        **figures(scores),
        "extractor": "diplograph" if extractor is None else getattr(extractor, "__name__", type(extractor).__name__),
        "seconds": round(seconds, 1),
        "ms_per_article": round(1000 * seconds / len(articles), 1),
    }
    return result


def run_polnear_eval(path: str | Path, split: str = "dev", subset: str | None = None, json: bool = False,
                     progress: ProgressFn | None = None, extractor: Extractor | None = None) -> dict[str, Any]:
    """``diplograph eval --polnear``: :func:`evaluate_polnear` with a progress bar on stderr.

    The bar shows unless ``json`` is set (machines read stdout) or a ``progress`` callable is given.
    """
    if progress is not None or json:
        return evaluate_polnear(path, split, subset=subset, extractor=extractor, progress=progress)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("PolNeAR {task.fields[split]}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
               TextColumn("{task.description}"))
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("", total=None, split=split)

        def tick(done: int, total: int, name: str) -> None:
            bar.update(task, completed=done, total=total, description=name[:40])

        return evaluate_polnear(path, split, subset=subset, extractor=extractor, progress=tick)


def _row(label: str, prf: dict[str, Any]) -> str:
    return f"  {label:<13}{prf['p']:>7.3f}{prf['r']:>7.3f}{prf['f1']:>7.3f}   ({prf['tp']}/{prf['pred']} predicted, {prf['gold']} gold)"


def format_polnear(result: dict[str, Any]) -> str:
    """The result of :func:`evaluate_polnear` as a few readable lines."""
    lines = [
        f"PolNeAR {result['split']} ({'wire articles' if result['subset'] == 'wire' else 'all articles'}): "
        f"{result['articles']} articles, {result['gold_attributions']} gold attributions, "
        f"{result['predicted_attributions']} predicted; {result['seconds']} s ({result['ms_per_article']} ms/article)",
    ]
    several = result["annotators"]["several"]
    if several:
        if len(several) <= 3:
            chosen = ", ".join(f"{name} → {v['chosen']}" for name, v in sorted(several.items()))
        else:  # the names are in the JSON output; here, how often each annotator was chosen
            chosen = ", ".join(f"{who} ×{n}" for who, n in sorted(Counter(v["chosen"] for v in several.values()).items()))
        lines.append(f"annotators: {len(several)} article(s) annotated by several; used the lowest id: {chosen}")
    if result["discard"]["regions"]:
        lines.append(f"discard: {result['discard']['regions']} regions; "
                     f"{result['discard']['ignored_predictions']} predictions inside them ignored")
    st = result["statements"]
    lines += ["", "statements         P      R     F1", _row("detection", st["detection"]),
              _row("attribution", st["attribution"])]
    for mode, v in st["by_gold_mode"].items():
        if v["gold"]:
            lines.append(f"  {mode:<13}recall {v['detection_recall']:.3f} detected, "
                         f"{v['attribution_recall']:.3f} attributed ({v['gold']} gold)")
    lines += ["", "roles          exact P/R/F1         trimmed P/R/F1       token P/R/F1      Jaccard"]
    for role, v in result["roles"].items():
        cells = "  ".join(f"{v[k]['p']:.3f} {v[k]['r']:.3f} {v[k]['f1']:.3f}" for k in ("exact", "trimmed", "token"))
        lines.append(f"  {role:<9}{cells}   {v['jaccard']:.3f}")
    return "\n".join(lines)
