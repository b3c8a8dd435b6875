"""A small extraction written for these tests: every kind of node the mapping makes, so the RDF
tests run without ../shared; each test gets a fresh copy it may break."""

from __future__ import annotations

import pytest

from diplograph.model import (
    Accusation,
    AgentRef,
    ArticleMeta,
    CasualtyReport,
    Ceasefire,
    Entity,
    Extraction,
    Meeting,
    Span,
    Statement,
)

TEXT = (
    "GENEVA, May 4 (Wire) - Envoy Ana Ruiz accused the Northern Front of shelling the port "
    "\"with heavy mortars\" on Sunday. \"The truce must hold,\" Ruiz told reporters. "
    "A monitoring group said seven people were killed, including two children. "
    "The three-day truce in Harbour Town ended on May 3. Ruiz met the council in Geneva on Monday; "
    "the talks ended without agreement."
)


def span(phrase: str, after: str = "") -> Span:
    """The span of ``phrase`` in TEXT (its first occurrence after ``after``)."""
    start = TEXT.index(phrase, TEXT.index(after) if after else 0)
    return Span(text=phrase, start=start, end=start + len(phrase))


def sample_extraction() -> Extraction:
    """A fresh extraction of TEXT with a statement of each mode, an accusation and each event."""
    ruiz = AgentRef(label="Ana Ruiz")
    return Extraction(
        article=ArticleMeta(published="2020-05-04", dateline="GENEVA", file="sample.txt", source="Wire",
                            title="Envoy accuses front of shelling port"),
        entities=[
            Entity(label="Ana Ruiz", kind="Person", mentions=["Envoy Ana Ruiz", "Ruiz"]),
            Entity(label="Northern Front", kind="ArmedGroup", mentions=["the Northern Front"]),
            Entity(label="monitoring group", kind="Organization", mentions=["A monitoring group"]),
            Entity(label="council", kind="GovernmentBody", mentions=["the council"]),
            Entity(label="Geneva", kind="Place", wikidata="Q71", mentions=["GENEVA", "Geneva"]),
            Entity(label="Harbour Town", kind="Place", mentions=["Harbour Town"]),
            Entity(label="Wire", kind="NewsAgency", mentions=["Wire"]),
        ],
        statements=[
            Statement(speakers=[ruiz], content=span('the Northern Front of shelling the port "with heavy mortars"'),
                      mode="mixed", act="accusation", source=span("Envoy Ana Ruiz"), cue=span("accused"),
                      about=["Northern Front"], date="2020-05-03"),
            Statement(speakers=[ruiz], content=span("The truce must hold"), mode="direct", act="demand",
                      source=span("Ruiz", after="must hold"), cue=span("told"), addressee="reporters",
                      about=["truce"], date="2020-05-04"),
            Statement(speakers=[AgentRef(label="monitoring group")],
                      content=span("seven people were killed, including two children"), mode="indirect",
                      act="report", source=span("A monitoring group"), cue=span("said")),
        ],
        accusations=[
            Accusation(accuser=[ruiz], accused=["Northern Front"], act=span("shelling the port"),
                       means=span("with heavy mortars"), date="2020-05-03"),
        ],
        ceasefires=[
            Ceasefire(label="three-day truce", location="Harbour Town", duration_days=3, ended="2020-05-03",
                      mentions=[span("three-day truce")]),
        ],
        casualty_reports=[
            CasualtyReport(killed=7, who="people", including={"children": 2}, date="2020-05-03",
                           reported_by="monitoring group",
                           evidence=span("seven people were killed, including two children")),
        ],
        meetings=[
            Meeting(place="Geneva", date="2020-05-04", topic="talks", participants=["Ana Ruiz", "council"],
                    outcome=span("the talks ended without agreement")),
        ],
        text=TEXT,
    )


@pytest.fixture
def sample() -> Extraction:
    """A fresh copy of the sample extraction."""
    return sample_extraction()
