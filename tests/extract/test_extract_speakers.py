"""Speakers: who a source mention stands for, across sentences."""

from __future__ import annotations

from diplograph.extract import article_from_text, extract
from diplograph.model import Statement


def statements(text: str) -> list[Statement]:
    return extract(article_from_text(text, published="2019-06-03")).statements


def speakers_of(found: list[Statement], fragment: str) -> list[str]:
    hits = [s for s in found if fragment in s.content.text]
    assert hits, f"no statement with {fragment!r} in {[s.content.text for s in found]}"
    return [a.label for a in hits[0].speakers]


def test_pronoun_and_surname_resolve_to_the_full_name() -> None:
    found = statements("Finance Minister Jonas Ekberg said the budget was balanced. "
                       "Ekberg said taxes would not rise. He said the deficit was gone.")
    assert speakers_of(found, "taxes would not rise") == ["Jonas Ekberg"]
    assert speakers_of(found, "deficit was gone") == ["Jonas Ekberg"]


def test_a_title_or_description_refers_back_to_the_person_who_spoke() -> None:
    found = statements("\u201cMy shop is gone,\u201d Karim Haddad told reporters. "
                       "\u201cEverything burned,\u201d the shaken man said.")
    assert speakers_of(found, "Everything burned") == ["Karim Haddad"]


def test_a_capital_speaking_is_its_state() -> None:
    found = statements("Beijing said it would retaliate against the new tariffs.")
    assert speakers_of(found, "retaliate") == ["China"]


def test_co_speakers_are_both_resolved() -> None:
    found = statements("The Kremlin and Foreign Minister Sergei Lavrov said the talks had failed.")
    assert speakers_of(found, "talks had failed") == ["Kremlin", "Sergei Lavrov"]


def test_an_indefinite_source_is_the_one_named_next() -> None:
    found = statements("Twenty people were killed in the raid, a monitoring group said. "
                       "The Syrian Observatory for Human Rights said the jets were Russian.")
    assert speakers_of(found, "Twenty people") == ["Syrian Observatory for Human Rights"]


def test_a_correspondent_speaks_for_the_agency() -> None:
    found = statements("The market was hit twice before dawn, AFP's correspondent in the city said.")
    assert speakers_of(found, "market was hit") == ["Agence France-Presse"]


def test_a_name_in_apposition_is_the_speaker() -> None:
    found = statements("A government spokeswoman, Lina Park, denied that the army had entered the village.")
    assert speakers_of(found, "army had entered") == ["Lina Park"]


def test_who_said_is_the_noun_the_clause_describes() -> None:
    found = statements("The plan was drafted by Omar Said, who said it would save lives.")
    assert speakers_of(found, "save lives") == ["Omar Said"]


def test_a_source_without_a_name_speaks_under_its_own_words() -> None:
    found = statements("Several economists said the tariffs would hurt farmers.")
    assert speakers_of(found, "hurt farmers") == ["economists"]


def test_a_body_named_by_its_owner_keeps_the_owner() -> None:
    found = statements("Japan's defence ministry said two missiles landed in the sea.")
    assert speakers_of(found, "two missiles") == ["Japan's defence ministry"]


def test_a_qualified_unnamed_source_is_kept_as_written() -> None:
    found = statements("Those close to the envoy say that he would accept a shorter truce.")
    assert [a.label for a in found[0].speakers] == ["Those close to the envoy"]


def test_a_bare_someone_is_no_source() -> None:
    assert statements("Someone said the bridge was closed.") == []
