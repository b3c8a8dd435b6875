"""The bundled gazetteer: every row has a source; the QIDs we ship are the right ones."""

from __future__ import annotations

import re

import pytest

from diplograph.link.gazetteer import load_gazetteer, name_key

#: QIDs checked by hand against public references; a change here is a change of fact.
PINNED = {
    "Russia": "Q159", "Syria": "Q858", "United States": "Q30", "France": "Q142", "United Kingdom": "Q145",
    "China": "Q148", "Germany": "Q183", "Iran": "Q794", "Turkey": "Q43", "Israel": "Q801", "Saudi Arabia": "Q851",
    "Iraq": "Q796", "Jordan": "Q810", "Egypt": "Q79", "Qatar": "Q846", "United Arab Emirates": "Q878",
    "Kuwait": "Q817", "Oman": "Q842", "Bahrain": "Q398", "Ukraine": "Q212", "Japan": "Q17", "India": "Q668",
    "Pakistan": "Q843", "Afghanistan": "Q889", "North Korea": "Q423", "South Korea": "Q884", "Canada": "Q16",
    "Brazil": "Q155", "Italy": "Q38", "Poland": "Q36", "Australia": "Q408", "Mexico": "Q96", "Algeria": "Q262",
    "Morocco": "Q1028", "Tunisia": "Q948", "Kazakhstan": "Q232", "Cuba": "Q241", "Venezuela": "Q717",
    "Moscow": "Q649", "Damascus": "Q3766", "Aleppo": "Q41183", "Idlib": "Q504657",
    "Aleppo Governorate": "Q214064", "Idlib Governorate": "Q233218", "Khan Shaykhun": "Q603516",
    "Kafr Takharim": "Q4120373", "Lausanne": "Q807", "Geneva": "Q71", "United Nations": "Q1065",
    "United Nations Security Council": "Q37470", "European Union": "Q458", "Agence France-Presse": "Q40464",
}


def test_at_least_forty_qids_are_pinned_and_match() -> None:
    gaz = load_gazetteer()
    assert len(PINNED) >= 40
    for label, qid in PINNED.items():
        entry = gaz.by_label(label)
        assert entry is not None, label
        assert entry.qid == qid, f"{label}: {entry.qid} != {qid}"


def test_every_row_has_a_source_and_a_well_formed_qid() -> None:
    gaz = load_gazetteer()
    for e in gaz.entries:
        assert e.source.strip(), f"{e.label} has no source"
        assert e.qid is None or re.fullmatch(r"Q[1-9][0-9]*", e.qid), e.qid
        assert e.kind in {"Person", "State", "Organization", "GovernmentBody", "ArmedGroup", "NewsAgency", "Place"}
    qids = [e.qid for e in gaz.entries if e.qid]
    assert len(qids) == len(set(qids)), "a QID stands on two rows"


@pytest.mark.parametrize(("name", "label"), [
    ("Khan Sheikhun", "Khan Shaykhun"), ("Idlib province", "Idlib Governorate"), ("the Kremlin", "Kremlin"),
    ("Fateh Al-Sham Front", "Jabhat Fatah al-Sham"), ("Sergey Lavrov", "Sergei Lavrov"), ("U.S.", "United States"),
])
def test_transliterations_and_aliases_find_the_canonical_row(name: str, label: str) -> None:
    hits = load_gazetteer().lookup(name)
    assert [h.label for h in hits] == [label]


def test_capitals_stand_for_their_state() -> None:
    gaz = load_gazetteer()
    moscow = gaz.by_label("Moscow")
    assert moscow is not None and moscow.stands_for == "Q159"
    assert name_key("The Kremlin’s") == "kremlin"
