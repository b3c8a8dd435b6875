"""How far a reported content reaches, and who speaks when the source is a pronoun or "I"."""

from __future__ import annotations

from tests.extract.helpers import by_cue

from diplograph.extract import article_from_text, extract
from diplograph.model import Statement


def statements(text: str) -> list[Statement]:
    return extract(article_from_text(text, published="2018-05-14")).statements


def test_a_participle_inside_the_quotation_is_the_speakers_word() -> None:
    found = statements("The farmer said he had stayed ''for the sake of the land, knowing that nobody else would.''")
    assert len(found) == 1
    assert found[0].content.text.endswith("knowing that nobody else would.''")


def test_a_phrase_coordinated_with_the_cue_goes_on_with_the_content() -> None:
    found = statements("Donna Reyes said the ceremony brought back memories of her brother, "
                       "and of ''all the soldiers who never came back.''")
    assert len(found) == 1
    assert "all the soldiers who never came back" in found[0].content.text


def test_the_sentence_goes_on_after_an_attribution_set_off_by_commas() -> None:
    found = statements("The harvest was the best in a decade, the ministry said, although prices fell sharply.")
    parts = sorted(s.content.text for s in found if s.cue is not None and s.cue.text == "said")
    assert parts == ["The harvest was the best in a decade", "although prices fell sharply"]


def test_a_circumstance_after_the_attribution_is_the_reporters() -> None:
    found = statements("The harvest was the best in a decade, the ministry said, adding that exports would rise.")
    said = [s.content.text for s in found if s.cue is not None and s.cue.text == "said"]
    assert said and not any("exports" in text for text in said)


def test_a_pronoun_refers_to_a_name_the_tagger_did_not_know() -> None:
    found = statements("Voinovich is upbeat because he sees the deal as a turning point.")
    assert len(found) == 1
    assert found[0].source is not None and found[0].source.text == "he"
    assert [a.label for a in found[0].speakers] == ["Voinovich"]


def test_the_first_person_outside_quotation_marks_is_the_writer() -> None:
    found = statements("I said last year that the treaty would fail, and it has.")
    assert [a.label for a in found[0].speakers] == ["the writer"]
    assert found[0].content.text.startswith("the treaty would fail")


def test_a_named_object_is_content_enough() -> None:
    found = statements("The governor endorsed Maria Okafor on Tuesday. The committee denied it.")
    assert [(s.cue.text if s.cue else None, s.content.text) for s in found] == [("endorsed", "Maria Okafor")]


def test_what_something_was_called_in_quotation_marks() -> None:
    found = statements("Okafor called his executive actions \u201ca crucial step forward on gun violence.\u201d")
    assert len(found) == 1
    assert found[0].content.text.startswith("his executive actions") and "crucial step forward" in found[0].content.text


def test_wanting_someone_to_act() -> None:
    found = statements("Commissioner Lindqvist wants the member states to share the cost of the patrols.")
    assert [s.content.text for s in found] == ["the member states to share the cost of the patrols"]


def test_a_day_before_a_possessive_is_part_of_the_object() -> None:
    found = statements("The opposition welcomed Monday's vote on the budget.")
    assert [s.content.text for s in found] == ["Monday's vote on the budget"]


def test_the_reporters_connective_is_not_said() -> None:
    found = statements("But the harvest will be late this year, according to the farmers' union.")
    assert [s.content.text for s in found] == ["the harvest will be late this year"]


def test_the_medium_closing_an_object_is_the_reporters() -> None:
    found = statements("The senator reported her arrival at the border on Twitter.")
    assert [s.content.text for s in found] == ["her arrival at the border"]


def test_a_pronoun_after_the_object_is_the_addressee_not_the_content() -> None:
    found = statements("The farmer mentioned the drought to me while we drove.")
    assert [s.content.text for s in found] == ["the drought"]


def test_words_before_an_attribution_set_off_by_commas_open_the_content() -> None:
    found = statements("The envoy spoke in Oslo. Every time you say that, he said, you give ammunition to the hardliners.")
    assert sorted(s.content.text for s in found) == ["Every time you say that",
                                                     "you give ammunition to the hardliners"]


def test_a_lead_in_before_the_attribution_is_the_reporters() -> None:
    found = statements("In 1986, the judge said, the court blocked a company from abandoning its plant.")
    assert [s.content.text for s in found] == ["the court blocked a company from abandoning its plant"]


def test_a_headline_names_its_speaker_before_a_colon() -> None:
    found = statements("Kremlin: Aleppo pause will not be extended\n\nThe pause in Aleppo ended on Monday.")
    assert [(s.source.text if s.source else None, s.content.text) for s in found] == [
        ("Kremlin", "Aleppo pause will not be extended")]


def test_a_headline_label_that_names_no_one_is_no_speaker() -> None:
    found = statements("Editor's Note: This Story Was Updated\n\nThe pause in Aleppo ended on Monday.")
    assert found == []


def test_a_participle_reports_its_own_object_not_the_clause_it_hangs_on() -> None:
    found = statements("The company delayed the launch, citing concerns about safety. "
                       "The minister left the talks early, calling the proposal a trap.")
    assert [(s.cue.text if s.cue else None, s.content.text) for s in found] == [
        ("citing", "concerns about safety"), ("calling", "the proposal a trap")]


def test_a_quotation_after_the_source_is_not_the_next_verbs_content() -> None:
    found = statements('The envoy described the situation as "catastrophic" and called for restraint.')
    assert [(s.cue.text if s.cue else None, s.content.text) for s in found] == [
        ("described", 'the situation as "catastrophic"')]


def test_the_words_before_an_attribution_with_its_circumstance_open_the_content() -> None:
    found = statements('Mayor Ana Ruiz spoke on Monday. The ruling, Ruiz said in a statement, "ignores the facts."')
    assert [s.content.text for s in found if s.cue is not None and s.cue.text == "said"] == [
        "The ruling", "ignores the facts"]


def test_a_relative_clause_reports_on_the_noun_it_hangs_on_without_its_source() -> None:
    found = statements("The plan, which critics called a trap, was dropped.")
    assert [s.content.text for s in found] == ["The plan", "a trap"]
    assert all(s.source is not None and s.source.text == "critics" for s in found)


def test_the_speakers_next_act_in_the_cues_tense_is_not_content() -> None:
    found = statements("Envoy Lena Ortiz said she hoped the convoys could move by Wednesday, but gave no details.")
    assert [s.content.text for s in found] == ["she hoped the convoys could move by Wednesday"]
    found = statements("Voters who called in said they had doubts about the plan, but could not bear to vote against it.")
    assert [s.content.text for s in found] == ["they had doubts about the plan, but could not bear to vote against it"]


def test_his_office_is_the_office_of_the_person_last_named() -> None:
    found = statements("President Emmanuel Macron visited Beirut on Thursday. "
                       "The French leader also met with Hezbollah officials, his office said.")
    assert [a.label for a in found[0].speakers] == ["Emmanuel Macron's office"]


def test_a_verb_inside_a_saying_clause_is_no_cue_of_its_own() -> None:
    # the saying clause is what the officials said ("it showed …"); its own verb reports nothing
    found = statements("Lebanese officials welcomed the visit, saying it showed France's commitment.")
    assert [(s.cue.text if s.cue else None) for s in found] == ["welcomed", "saying"]


def test_a_day_after_a_short_object_does_not_swallow_it() -> None:
    found = statements("The ministry announced the plan on Saturday.")
    assert [s.content.text for s in found] == ["the plan"]


def test_it_refers_back_to_a_group_named_by_a_common_noun() -> None:
    found = statements("The reform campaign held a rally in the capital. It said the vote had been rigged.")
    assert [a.label for a in found[0].speakers] == ["reform campaign"]


def test_a_relative_clause_inside_a_content_does_not_end_it() -> None:
    found = statements("The minister vowed to set up a joint monitoring team, which would include army officers, "
                       "to oversee the truce.")
    vowed = by_cue(found, "vowed")
    assert vowed.content.text.endswith("to oversee the truce")


def test_every_plan_of_a_to_clause_list_is_in_the_content() -> None:
    found = statements("The mayor wants to double the size of the water program, grow the clinic network and create "
                       "a new rural health service.")
    wants = by_cue(found, "wants")
    assert wants.content.text.endswith("create a new rural health service")


def test_a_comment_after_a_dash_is_the_reporters() -> None:
    found = statements("The minister said the talks would resume next week -- a claim the opposition has long doubted.")
    said = by_cue(found, "said")
    assert said.content.text == "the talks would resume next week"


def test_words_between_two_dashes_stay_in_the_content() -> None:
    found = statements("The minister said the talks -- the first in a year -- would resume next week.")
    said = by_cue(found, "said")
    assert said.content.text.endswith("would resume next week")


def test_a_concession_with_its_own_cue_is_a_statement_of_its_own() -> None:
    found = statements("The envoy said the convoy would leave on Friday, though he conceded that the road was still mined.")
    said = by_cue(found, "said")
    assert said.content.text == "the convoy would leave on Friday"
    conceded = by_cue(found, "conceded")
    assert conceded.content.text == "the road was still mined"
