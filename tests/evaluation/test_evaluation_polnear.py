"""The PolNeAR harness on a small brat fixture written for these tests (polnear_fixture/).

The fixture copies PolNeAR's layout (data/<split>/text, data/<split>/attributions,
data/metadata.tsv) with three short original articles:

- harbour-reopens (dev, wire copy, annotated by a1 and b2): a quote split by its attribution
  (one content in two fragments), an indirect content interrupted by "engineers said"
  (discontinuous), a source shared by two attributions ("Ms. Okafor said … and promised …"),
  and a closing line marked Discard.
- ferry-tolls (dev): "According to …" and an attribution with no source ("was announced").
- council-vote (train): one plain attribution.

The fixed prediction below and every expected figure were worked out by hand; the working is
in the comments of ``test_figures_of_a_fixed_prediction``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from diplograph.errors import InputError
from diplograph.evaluation import format_polnear, load_polnear, read_brat, run_polnear_eval
from diplograph.evaluation.polnear import evaluate_polnear, gold_mode, trim
from diplograph.extract.reader import ArticleInput
from diplograph.model import AgentRef, ArticleMeta, Extraction, Span, Statement

FIXTURE = Path(__file__).resolve().parent / "polnear_fixture"
HARBOUR = "gazette_2016-10-01_harbour-reopens"
FERRY = "gazette_2016-10-02_ferry-tolls"

# (content, source or None, cue, mode); a phrase given as (phrase, n) is its n-th occurrence
Phrase = str | tuple[str, int]
PREDICTIONS: dict[str, list[tuple[Phrase, Phrase | None, Phrase, str]]] = {
    HARBOUR: [
        ("The harbour will reopen on Monday", "the mayor", ("said", 1), "direct"),
        ("Fishing boats come first", "the mayor", ("said", 1), "direct"),  # same cue: joins the one above
        ("will carry trains by 2030", "The new bridge", ("said", 2), "indirect"),  # wrong source
        ("the port was safe and promised more inspections", "Ms. Okafor", ("said", 3), "indirect"),  # too long
        ("Follow our harbour coverage online", "the editors", ("said", 4), "indirect"),  # inside Discard
    ],
    FERRY: [
        ("crossings resume at dawn.", "the ferry company", "According to", "indirect"),
        ("Tolls will rise next year", "it", "was announced", "indirect"),  # gold has no source
    ],
}


def _span(text: str, phrase: Phrase) -> Span:
    words, nth = (phrase, 1) if isinstance(phrase, str) else phrase
    start = -1
    for _ in range(nth):
        start = text.index(words, start + 1)
    return Span(text=words, start=start, end=start + len(words))


def fixed_prediction(articles: Sequence[ArticleInput]) -> Iterator[Extraction]:
    """A stand-in extractor: the statements of PREDICTIONS for each article, none for others."""
    for article in articles:
        name = (article.file or "").removesuffix(".txt")
        statements = [
            Statement(speakers=[AgentRef("someone")], content=_span(article.text, content), mode=mode, act="assertion",
                      source=_span(article.text, source) if source else None, cue=_span(article.text, cue))
            for content, source, cue, mode in PREDICTIONS.get(name, [])
        ]
        yield Extraction(article=ArticleMeta(file=article.file), statements=statements, text=article.text)


def test_reader_joins_spans_into_attributions() -> None:
    articles = {a.name: a for a in load_polnear(FIXTURE, "dev")}
    assert sorted(articles) == [HARBOUR, FERRY]
    harbour = articles[HARBOUR]
    assert (harbour.annotator, harbour.annotators) == ("a1", ("a1", "b2"))
    assert len(harbour.attributions) == 4
    split_quote, bridge, safe, promised = harbour.attributions
    text = harbour.text
    assert [text[s:e] for s, e in split_quote.content] == ["“The harbour will reopen on Monday,”", "“Fishing boats come first.”"]
    assert [text[s:e] for s, e in bridge.content] == ["The new bridge", "will carry trains by 2030."]
    assert safe.source == promised.source and [text[s:e] for s, e in safe.source] == ["Ms. Okafor"]
    assert [text[s:e] for s, e in harbour.discards] == ["Follow our harbour coverage online, the editors said."]
    assert harbour.wire == "AP" and articles[FERRY].wire is None
    no_source = articles[FERRY].attributions[1]
    assert no_source.source == () and [articles[FERRY].text[s:e] for s, e in no_source.cue] == ["was announced"]


def test_figures_of_a_fixed_prediction() -> None:
    result = evaluate_polnear(FIXTURE, "dev", extractor=fixed_prediction)
    assert (result["articles"], result["gold_attributions"], result["predicted_attributions"]) == (2, 6, 5)
    st = result["statements"]
    # Pairs by content overlap: the two mayor statements (one cue) cover 57 of the gold quote's
    # 63 characters (quote marks, comma and period not predicted) -> paired, source right;
    # the bridge prediction covers 25 of 40 gold characters -> paired, source wrong; the long
    # Okafor content is 47 characters against 17 and 16 -> unpaired; the Discard one is ignored.
    # Ferry: both paired; "According to" has the right source; "it" is wrong where gold has none.
    assert st["detection"] == {"p": 0.8, "r": 0.667, "f1": 0.727, "tp": 4, "pred": 5, "gold": 6}
    assert st["attribution"] == {"p": 0.4, "r": 0.333, "f1": 0.364, "tp": 2, "pred": 5, "gold": 6}
    assert st["by_gold_mode"]["direct"] == {"gold": 1, "detection_recall": 1.0, "attribution_recall": 1.0}
    assert st["by_gold_mode"]["indirect"] == {"gold": 5, "detection_recall": 0.6, "attribution_recall": 0.2}

    roles = result["roles"]
    # Sources: gold {the mayor, engineers, Ms. Okafor (shared, once), the ferry company};
    # predicted {the mayor, The new bridge, Ms. Okafor, the ferry company, it}; 3 the same.
    assert roles["source"]["exact"] == {"p": 0.6, "r": 0.75, "f1": 0.667, "tp": 3, "pred": 5, "gold": 4}
    assert roles["source"]["trimmed"] == roles["source"]["exact"]
    # tokens: gold 2+1+3+3 = 9 ("Ms", ".", "Okafor"), predicted 2+3+3+3+1 = 12, shared 8
    assert roles["source"]["token"] == {"p": 0.667, "r": 0.889, "f1": 0.762, "tp": 8, "pred": 12, "gold": 9}
    # Jaccard: three gold sources found whole, "engineers" touched by nothing: 3 / (4 + 2 strays)
    assert roles["source"]["jaccard"] == 0.5
    # Cues: gold said, said, said, promised, According to, was announced; all but "promised" found
    assert roles["cue"]["exact"] == {"p": 1.0, "r": 0.833, "f1": 0.909, "tp": 5, "pred": 5, "gold": 6}
    assert roles["cue"]["token"] == {"p": 1.0, "r": 0.875, "f1": 0.933, "tp": 7, "pred": 7, "gold": 8}
    assert roles["cue"]["jaccard"] == 0.833
    # Contents, one span per fragment: 8 gold, 6 predicted. Exact: only "Tolls will rise next
    # year". Trimmed (quote marks, commas, periods off): both quote fragments, "will carry
    # trains by 2030" and both ferry contents agree -> 5.
    assert roles["content"]["exact"] == {"p": 0.167, "r": 0.125, "f1": 0.143, "tp": 1, "pred": 6, "gold": 8}
    assert roles["content"]["trimmed"] == {"p": 0.833, "r": 0.625, "f1": 0.714, "tp": 5, "pred": 6, "gold": 8}
    # tokens: gold 9+7+3+6+4+2+4+5 = 40, predicted 6+4+5+8+5+5 = 33, shared 6+4+5+6+4+5 = 30
    assert roles["content"]["token"] == {"p": 0.909, "r": 0.75, "f1": 0.822, "tp": 30, "pred": 33, "gold": 40}
    # Jaccard: (6/9 + 4/7 + 0 + 5/6 + 4/8 + 2/8 + 4/5 + 1) / 8 = 0.5777
    assert roles["content"]["jaccard"] == 0.578
    assert result["discard"] == {"regions": 1, "ignored_predictions": 1}


def test_a_prediction_inside_discard_changes_nothing() -> None:
    def without_discarded(articles: Sequence[ArticleInput]) -> Iterator[Extraction]:
        for ex in fixed_prediction(articles):
            ex.statements = [s for s in ex.statements if s.content.text != "Follow our harbour coverage online"]
            yield ex

    with_it = evaluate_polnear(FIXTURE, "dev", extractor=fixed_prediction)
    without_it = evaluate_polnear(FIXTURE, "dev", extractor=without_discarded)
    assert with_it["statements"] == without_it["statements"]
    assert with_it["roles"] == without_it["roles"]
    assert without_it["discard"]["ignored_predictions"] == 0


def test_the_wire_subset_keeps_agency_copy_only() -> None:
    result = evaluate_polnear(FIXTURE, "dev", subset="wire", extractor=fixed_prediction)
    assert (result["subset"], result["articles"], result["gold_attributions"]) == ("wire", 1, 4)
    assert result["statements"]["detection"] == {"p": 0.667, "r": 0.5, "f1": 0.571, "tp": 2, "pred": 3, "gold": 4}
    assert result["statements"]["attribution"]["f1"] == 0.286


def test_the_annotator_choice_is_stated() -> None:
    result = evaluate_polnear(FIXTURE, "dev", extractor=fixed_prediction)
    assert result["annotators"]["several"] == {HARBOUR: {"annotators": ["a1", "b2"], "chosen": "a1"}}
    text = format_polnear(result)
    assert f"{HARBOUR} → a1" in text
    assert "detection      0.800  0.667  0.727" in text


def test_progress_is_reported_per_article_and_json_mode_draws_no_bar(capsys: pytest.CaptureFixture[str]) -> None:
    seen: list[tuple[int, int, str]] = []
    result = run_polnear_eval(FIXTURE, "dev", progress=lambda *a: seen.append(a), extractor=fixed_prediction)
    assert seen == [(1, 2, HARBOUR), (2, 2, FERRY)]
    quiet = run_polnear_eval(FIXTURE, "dev", json=True, extractor=fixed_prediction)
    assert capsys.readouterr().err == ""
    assert quiet["statements"] == result["statements"]


def test_only_train_and_dev_are_read(tmp_path: Path) -> None:
    train = load_polnear(FIXTURE / "data", "train")  # the data folder works as well as the checkout
    assert [a.name for a in train] == ["gazette_2016-06-01_council-vote"]
    with pytest.raises(InputError, match="test split is held out"):
        load_polnear(FIXTURE, "test")
    with pytest.raises(InputError, match="not a PolNeAR checkout"):
        load_polnear(tmp_path, "dev")
    with pytest.raises(InputError, match="subset"):
        load_polnear(FIXTURE, "dev", subset="tabloid")


def test_bad_annotations_get_a_clear_message() -> None:
    text = "Rain is coming, she said.\n"
    with pytest.raises(InputError, match=r"x\.ann:1: span 0 90 lies outside"):
        read_brat("T1\tContent 0 90\tRain\n", text, "x.ann")
    # offsets shifted by converted line ends: the span texts no longer match the article
    with pytest.raises(InputError, match="do not match the article text"):
        read_brat("T1\tContent 1 15\tRain is coming\nT2\tCue 17 21\tsaid\n", text, "x.ann")
    attributions, discards = read_brat("T1\tContent 0 14\tRain is coming\nT2\tCue 20 24\tsaid\n"
                                       "T3\tSource 16 19\tshe\nE1\tAttribution:T2 Content:T1 Cue:T2 Source:T3\n"
                                       "#1\tAnnotatorNotes T1\ta note\n", text)
    assert len(attributions) == 1 and attributions[0].source == ((16, 19),) and discards == ()


def test_trimming_and_modes() -> None:
    text = "“We will stay,” she said. He said it was “over” now."
    assert text[slice(*trim(text, (0, 15)))] == "We will stay"
    assert gold_mode(text, ((0, 15),)) == "direct"
    assert gold_mode(text, ((34, 51),)) == "mixed"
    assert gold_mode(text, ((37, 40),)) == "indirect"
    assert trim(text, (14, 15)) == (14, 15)  # a span of nothing but punctuation stays as it is


def test_the_extractor_gets_each_article_with_its_metadata() -> None:
    seen: list[ArticleInput] = []

    def recording(articles: Sequence[ArticleInput]) -> Iterator[Extraction]:
        seen.extend(articles)
        return fixed_prediction(articles)

    evaluate_polnear(FIXTURE, "dev", extractor=recording)
    harbour = seen[0]
    assert (harbour.file, harbour.published, harbour.title) == (f"{HARBOUR}.txt", "2016-10-01", "Harbour to reopen after storm")
    assert harbour.text == (FIXTURE / "data" / "dev" / "text" / f"{HARBOUR}.txt").read_text(encoding="utf-8")


def test_the_default_extractor_runs_through_the_harness() -> None:
    result = run_polnear_eval(FIXTURE, "dev", json=True)
    assert result["extractor"] == "diplograph" and result["articles"] == 2
    for figures in (result["statements"]["detection"], *(v["exact"] for v in result["roles"].values())):
        assert 0.0 <= figures["p"] <= 1.0 and figures["gold"] > 0


def test_contents_take_polnears_leading_complementizer() -> None:
    from diplograph.evaluation.polnear import polnear_content

    text = "The minister said that the border would open. She asked whether it would."
    start = text.index("the border")
    assert polnear_content(text, start, start + 21) == (text.index("that the"), start + 21)
    later = text.index("it would")
    assert polnear_content(text, later, later + 8)[0] == text.index("whether")
    assert polnear_content(text, 4, 12) == (4, 12)  # nothing to take back
    quoted = "He said that \u201cthe gates stay shut\u201d until spring."
    inner = quoted.index("the gates")  # diplograph's content starts inside the quote mark
    assert polnear_content(quoted, inner, inner + 19)[0] == quoted.index("that")


def test_sources_take_polnears_closing_punctuation() -> None:
    from diplograph.evaluation.polnear import polnear_source

    text = "Ana Ruiz, the mayor's spokeswoman, said it. Ruiz\u2019s claim stood. Ruiz, too, agreed."
    end = text.index(", said")
    assert polnear_source(text, 0, end) == (0, end + 1)  # the comma closing the apposition
    at = text.index("Ruiz\u2019s")
    assert polnear_source(text, at, at + 4) == (at, at + 6)  # the possessive of a noun cue
    last = text.index("Ruiz, too")
    assert polnear_source(text, last, last + 4) == (last, last + 4)  # no apposition in the mention


def test_contents_of_one_cue_joined_by_a_conjunction_are_one_span() -> None:
    from diplograph.evaluation.polnear import _joined

    text = "He said that the port was open and that ships could dock, but not at night."
    first = (text.index("that the"), text.index(" and that"))
    second = (text.index("that ships"), text.index(", but"))
    assert _joined(text, (first, second)) == ((first[0], second[1]),)
    apart = (text.index("not at"), len(text) - 1)  # words of the reporter's between: two fragments
    assert _joined(text, (first, apart)) == (first, apart)
