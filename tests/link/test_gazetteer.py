"""The bundled gazetteer: every row has a source; the QIDs we ship are the right ones."""

from __future__ import annotations

import importlib.util
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

from diplograph.link.gazetteer import load_gazetteer, name_key

BUILD_SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "build_gazetteer.py"

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
    "Reuters": "Q130879", "Associated Press": "Q40469", "TASS": "Q223799", "NATO": "Q7184",
    "Arab League": "Q7172", "Vladimir Putin": "Q7747", "Paris": "Q90", "London": "Q84", "Berlin": "Q64",
    "Beijing": "Q956", "Cairo": "Q85", "Baghdad": "Q1530", "Amman": "Q3805", "Ankara": "Q3640",
    "Latakia": "Q200030", "Douma": "Q403446", "Hama": "Q173545",
    "Donald Trump": "Q22686", "Barack Obama": "Q76", "Recep Tayyip Erdogan": "Q39259", "Angela Merkel": "Q567",
    "Xi Jinping": "Q15031", "Emmanuel Macron": "Q3052772", "Joe Biden": "Q6279", "Hillary Clinton": "Q6294",
    "Benjamin Netanyahu": "Q43723", "Dmitry Medvedev": "Q23530",
    "Sergei Lavrov": "Q58217", "John Kerry": "Q22316", "Mike Pompeo": "Q473239", "Bashar al-Assad": "Q44329",
    "Antonio Guterres": "Q311440", "Ban Ki-moon": "Q1253",
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


def test_the_build_script_accepts_the_shipped_file() -> None:
    spec = importlib.util.spec_from_file_location("build_gazetteer", BUILD_SCRIPT)
    assert spec is not None and spec.loader is not None
    build = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = build  # its dataclasses look their module up while being built
    spec.loader.exec_module(build)
    rows = build.read_rows(build.OUT)
    assert build.problems(rows) == []
    # a curated row the script must keep, with the sources it was checked against
    curated = {r.label for r in build.read_rows(build.CURATED)}
    assert curated <= {r.label for r in rows}


def test_the_gazetteer_covers_states_capitals_syria_and_the_news() -> None:
    gaz = load_gazetteer()
    kinds = Counter(e.kind for e in gaz.entries if e.qid)
    assert kinds["State"] >= 190  # UN members (and observers) the sources agree on
    syria = [e for e in gaz.entries if e.kind == "Place" and e.country == "Q858" and e.qid]
    assert len(syria) >= 60
    governorates = [e for e in syria if e.label.endswith("Governorate")]
    assert len(governorates) >= 12
    assert kinds["NewsAgency"] >= 4 and kinds["Organization"] >= 6


@pytest.mark.parametrize(("name", "qid"), [
    ("Shaykhun", None), ("Khan Shaykhoun", "Q603516"), ("Palmyra", "Q5747"), ("Tadmur", "Q5747"),
    ("Deir ez-Zor", "Q239097"), ("Raqqa", "Q283368"), ("ITAR-TASS", "Q223799"), ("Erdoğan", "Q39259"),
])
def test_news_spellings_find_the_verified_qid(name: str, qid: str | None) -> None:
    hits = [e.qid for e in load_gazetteer().lookup(name)]
    assert hits == ([qid] if qid else [])


def test_renamed_groups_are_separate_rows_that_say_what_they_became() -> None:
    gaz = load_gazetteer()
    nusra, jfs, hts = (gaz.lookup(n) for n in ("Jabhat al-Nusra", "Fatah al-Sham Front", "HTS"))
    assert len({e.label for e in nusra + jfs + hts}) == 3
    assert "Hayat Tahrir al-Sham" in jfs[0].description and "Al-Nusra" in jfs[0].description


def test_people_rows_name_their_country_and_a_person_qid_only_with_two_sources() -> None:
    gaz = load_gazetteer()
    people = [e for e in gaz.entries if e.kind == "Person"]
    assert {"Sergei Lavrov", "Sergei Ryabkov"} <= {e.label for e in people}
    for e in people:
        if e.qid:
            # a person's QID is shipped only when two sources agree, and the row says which
            assert re.search(r"\b(two|several|[2-9]) |agreeing|agree\b", e.source), f"{e.label}: {e.source}"
    assert sum(1 for e in people if e.qid) >= 10
