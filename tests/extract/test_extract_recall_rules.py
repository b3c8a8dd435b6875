"""Reporting patterns beyond "X said that …": objects, to-clauses, gerunds and stance nouns."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc
from tests.extract.helpers import by_cue

from diplograph.extract import article_from_text, extract
from diplograph.extract.nlp import load_nlp
from diplograph.extract.statements import find_candidates
from diplograph.model import Statement


def statements(text: str) -> list[Statement]:
    return extract(article_from_text(text, published="2019-03-04")).statements


def test_a_clause_that_runs_past_a_comma_stays_with_the_reporting_verb() -> None:
    # the parser may read "said" as an aside of "planned"; the reporting verb still owns the clause
    found = statements("The mayor said the council planned to close the bridge for repairs, though residents objected.")
    said = by_cue(found, "said")
    assert said.content.text.startswith("the council planned to close the bridge")
    assert said.source is not None and said.source.text == "The mayor"


def test_a_gerund_after_a_preposition_speaks_for_the_subject_of_its_verb() -> None:
    found = statements("The envoy opened the session by saying that both sides wanted a lasting truce.")
    saying = by_cue(found, "saying")
    assert saying.content.text == "both sides wanted a lasting truce"
    assert saying.source is not None and saying.source.text == "The envoy"


def test_a_gerund_that_reports_nothing_is_no_cue() -> None:
    found = statements("The envoy is known for speaking softly.")
    assert not any(s.cue is not None and s.cue.text == "speaking" for s in found)


def test_what_evidence_shows_is_its_object() -> None:
    found = statements("New satellite images show the convoy near the northern border.")
    show = by_cue(found, "show")
    assert show.content.text == "the convoy near the northern border"
    assert show.source is not None and show.source.text == "New satellite images"


def test_hope_with_a_to_clause_reports_an_intention() -> None:
    found = statements("The foreign minister hopes to visit the capital next month.")
    assert by_cue(found, "hopes").content.text.startswith("to visit the capital")


def test_an_instruction_to_an_addressee_is_its_to_clause() -> None:
    found = statements("The general told his officers to hold their positions until dawn.")
    told = by_cue(found, "told")
    assert "to hold their positions" in told.content.text
    assert told.source is not None and told.source.text == "The general"


def test_a_coordinated_verb_inside_the_clause_is_part_of_what_was_said() -> None:
    found = statements("Witnesses say the driver ignored the checkpoint and refused to stop.")
    say = by_cue(found, "say")
    assert say.content.text == "the driver ignored the checkpoint and refused to stop"
    assert not any(s.cue is not None and s.cue.text == "refused" for s in found)


def test_the_reporters_next_act_is_still_cut_from_the_content() -> None:
    found = statements("The minister said the port had reopened and urged traders to return.")
    said = by_cue(found, "said")
    assert "urged" not in said.content.text


def test_more_stance_nouns_after_a_verb_of_expressing() -> None:
    found = statements("The ambassador expressed admiration for the patience of the mediators.")
    st = by_cue(found, "expressed admiration")
    assert st.content.text == "the patience of the mediators"
    assert st.act == "praise"


def test_verbs_that_hold_up_or_put_out_their_object() -> None:
    found = statements("The senator pointed to the rising cost of fuel. The governor touted her record on jobs. "
                       "The opposition leader railed against the new tariffs on steel.")
    assert by_cue(found, "pointed").content.text == "the rising cost of fuel"
    assert by_cue(found, "touted").content.text == "her record on jobs"
    railed = by_cue(found, "railed")
    assert railed.content.text == "the new tariffs on steel"
    assert railed.act == "criticism"


def test_a_source_does_not_reach_back_over_a_paragraph_break() -> None:
    found = statements("The Latest: Storm closes airport.\n\nThe Latest on the storm (all times local):\n\n2:45 p.m.\n\n"
                       "The state transport commissioner says a review shows no runway was damaged.")
    says = by_cue(found, "says")
    assert says.source is not None and says.source.text == "The state transport commissioner"


def test_a_negation_inside_the_quotation_does_not_cancel_the_cue() -> None:
    found = statements("\u201cIs the border safe? Probably not,\u201d the colonel said.")
    said = by_cue(found, "said")
    assert said.mode == "direct" and "Probably not" in said.content.text


def test_a_participle_after_the_object_is_the_reporters() -> None:
    found = statements("The president questioned the fairness of the vote, encouraging his supporters to watch the polls.")
    assert by_cue(found, "questioned").content.text == "the fairness of the vote"


def test_a_that_clause_after_the_addressee_is_what_was_told() -> None:
    found = statements("The envoy told a gathering of donors that the ceasefire was holding.")
    told = by_cue(found, "told")
    assert told.content.text == "the ceasefire was holding"


def test_a_quoted_word_the_parser_took_for_a_subject_is_not_the_source() -> None:
    found = statements("“The opposition’s campaign is in crisis mode. Full crisis mode,” said Omar Haddad, "
                       "an adviser to the council.")
    said = by_cue(found, "said")
    assert said.source is not None and said.source.text.startswith("Omar Haddad")
    assert said.content.text.startswith("The opposition’s campaign is in crisis mode")


def test_a_saying_clause_after_a_verb_with_no_content_is_the_statement() -> None:
    found = statements("The ambassador responded sharply, saying the report was full of errors.")
    saying = by_cue(found, "saying")
    assert saying.content.text == "the report was full of errors"
    assert saying.source is not None and saying.source.text == "The ambassador"


def test_a_saying_clause_after_a_rejected_object_is_a_statement_of_its_own() -> None:
    found = statements("The council rejected the proposal, saying it ignored the needs of the displaced.")
    assert by_cue(found, "rejected").content.text == "the proposal"
    assert by_cue(found, "saying").content.text == "it ignored the needs of the displaced"


def test_a_saying_clause_after_an_accusation_stays_folded_into_it() -> None:
    found = statements("The minister accused the rebels of shelling the corridor, saying they wanted the talks to fail.")
    assert [s.cue.text for s in found if s.cue is not None] == ["accused"]


def test_a_quotation_goes_on_after_the_speakers_own_aside() -> None:
    found = statements("“Nobody here trusts the ceasefire,” the mayor said, describing the mood in the city. "
                       "“People want to see it hold for a month first.”")
    quoted = [s for s in found if s.content.text.startswith("People want to see it hold")]
    assert quoted and quoted[0].source is not None and quoted[0].source.text == "the mayor"


def test_an_as_aside_attributes_the_clause_it_hangs_on() -> None:
    found = statements("As the minister noted, the truce had held for three days.")
    noted = by_cue(found, "noted")
    assert noted.content.text == "the truce had held for three days"
    assert noted.source is not None and noted.source.text == "the minister"


def test_as_someone_put_it_is_a_cue() -> None:
    found = statements("The crossing will stay open at night for the aid trucks, as one relief official put it.")
    put = by_cue(found, "put it")
    assert put.content.text == "The crossing will stay open at night for the aid trucks"
    assert put.source is not None and put.source.text == "one relief official"


def test_putting_a_thing_somewhere_reports_nothing() -> None:
    assert statements("The envoy put the proposal on the table.") == []


def test_quotations_signed_with_a_dash_each_have_their_signer() -> None:
    text = ("Readers wrote to us.\n"
            "“The ceasefire will not hold without monitors on the ground.”― Carla Mendes.\n"
            "“Nobody in my town believes the promises anymore.”\u00a0― Tomas Okafor\u00a0\n")
    found = statements(text)
    signers = {s.source.text for s in found if s.source is not None}
    assert signers == {"Carla Mendes", "Tomas Okafor"}


def test_an_if_clause_after_asked_is_the_question() -> None:
    found = statements("On the radio this week, the host asked the envoy if he had a plan for the coming winter in the camps.")
    asked = by_cue(found, "asked")
    assert asked.content.text == "if he had a plan for the coming winter in the camps"
    assert asked.source is not None and asked.source.text == "the host"


def test_the_asker_of_a_passive_question_is_the_source() -> None:
    found = statements("The minister was asked by moderator Anna Berg whether the new aid package would "
                       "reach the besieged districts.")
    asked = by_cue(found, "was asked by")
    assert asked.source is not None and asked.source.text == "moderator Anna Berg"
    assert "would reach the besieged districts" in asked.content.text


def test_seeing_someone_as_something_is_a_view_even_when_parsed_as_a_clause() -> None:
    found = statements("The general sees the militia as poorly trained for a long siege.")
    sees = by_cue(found, "sees")
    assert sees.content.text == "the militia as poorly trained for a long siege"


def test_seeing_someone_leave_is_no_view() -> None:
    assert statements("The guard saw the minister as he left the building.") == []


def test_going_on_doing_something_reports_nothing_by_itself() -> None:
    assert statements("Fighting around the airport continued to rise through the night.") == []
    found = statements("Opposition leaders continue to warn that the truce is a trap.")
    warn = by_cue(found, "warn")
    assert warn.content.text == "the truce is a trap"
    assert warn.source is not None and warn.source.text == "Opposition leaders"


def test_speaking_on_condition_of_anonymity_says_nothing() -> None:
    found = statements("A Western diplomat, who spoke on condition of anonymity, said the convoy had turned back.")
    assert [s.cue.text for s in found if s.cue is not None] == ["said"]


def test_maintaining_a_thing_is_no_statement_but_maintaining_that_is() -> None:
    assert statements("The envoy maintained a punishing schedule of visits.") == []
    found = statements("The envoy has always maintained that the crossing was never closed.")
    assert by_cue(found, "maintained").content.text == "the crossing was never closed"


def test_calling_for_someone_to_act_is_an_appeal_with_that_act_for_content() -> None:
    found = statements("The foreign minister is calling for the allies to send more aid to the north.")
    call = by_cue(found, "calling for")
    assert call.content.text == "the allies to send more aid to the north"
    assert call.act == "appeal"


def test_a_paragraph_after_a_closing_colon_is_what_was_said() -> None:
    text = ("The mayor of Kobane spoke to the council on Monday.\n\n"
            "The mayor added:\n\n"
            "Our people have waited long enough for the border to open. We will not wait another winter.\n\n"
            "The council adjourned without a vote.")
    added = by_cue(statements(text), "added")
    assert added.content.text.startswith("Our people have waited long enough")
    assert added.content.text.endswith("We will not wait another winter")


def test_a_statement_that_reads_a_quotation_is_a_cue() -> None:
    found = statements("“Russia remains committed to the agreement,” the ministry statement read.")
    read = by_cue(found, "read")
    assert read.content.text == "Russia remains committed to the agreement"
    assert read.mode == "direct"


def test_reading_a_document_reports_nothing() -> None:
    assert statements("The minister read the report twice before the meeting.") == []


def test_words_yelled_in_quote_marks_are_a_statement() -> None:
    found = statements("“Open the gate now,” the commander yells at the guards.")
    assert by_cue(found, "yells").content.text == "Open the gate now"


def test_with_someone_doing_a_speech_act_is_their_statement() -> None:
    found = statements("The debate turned bitter, with the senator calling his rival a liar.")
    calling = by_cue(found, "calling")
    assert calling.content.text == "his rival a liar"
    assert calling.source is not None and calling.source.text == "the senator"



def test_the_name_after_said_is_the_source_even_when_a_later_word_took_it_for_its_subject() -> None:
    # the parse as the small model makes it of a group named like a verb phrase ("Save the Valley"):
    # "said" has no subject, the name is the subject of "Save"
    words = ["“", "The", "border", "will", "stay", "shut", ",", "”", "said", "Rana", "Haddad", ",", "who", "heads",
             "Save", "the", "Valley", "."]
    spaces = [False, True, True, True, True, False, False, True, True, True, False, True, True, True, True, True,
              False, False]
    heads = [4, 2, 4, 4, 8, 4, 8, 8, 8, 10, 14, 10, 13, 10, 8, 16, 14, 8]
    deps = ["punct", "det", "nsubj", "aux", "ccomp", "acomp", "punct", "punct", "ROOT", "compound", "nsubj", "punct",
            "nsubj", "relcl", "ccomp", "det", "dobj", "punct"]
    pos = ["PUNCT", "DET", "NOUN", "AUX", "VERB", "ADJ", "PUNCT", "PUNCT", "VERB", "PROPN", "PROPN", "PUNCT", "PRON",
           "VERB", "VERB", "DET", "PROPN", "PUNCT"]
    tags = ["``", "DT", "NN", "MD", "VB", "JJ", ",", "''", "VBD", "NNP", "NNP", ",", "WP", "VBZ", "VB", "DT", "NNP", "."]
    lemmas = [w.lower() for w in words[:8]] + ["say", "Rana", "Haddad", ",", "who", "head", "save", "the", "Valley", "."]
    doc = Doc(spacy.blank("en").vocab, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos, tags=tags,
              lemmas=lemmas)
    found = find_candidates(doc)
    assert [(c.source.text if c.source is not None else None, doc.text[c.content_start:c.content_end])
            for c in found] == [("Rana Haddad, who heads", "The border will stay shut")]


def test_verbs_of_urging_rebuking_and_disowning_report_what_was_said() -> None:
    found = statements(
        "The foreign minister chided the monitors for their slow report on the shelling. "
        "The opposition leader disavowed the remarks of his former deputy. "
        "The envoy reaffirmed that the corridor would stay open until Friday. "
        "Aid groups encouraged both sides to let the convoys through.")
    chided = by_cue(found, "chided")
    assert chided.source is not None and chided.source.text == "The foreign minister"
    assert chided.act == "criticism" and "slow report" in chided.content.text
    disavowed = by_cue(found, "disavowed")
    assert disavowed.act == "rejection" and disavowed.content.text == "the remarks of his former deputy"
    reaffirmed = by_cue(found, "reaffirmed")
    assert reaffirmed.content.text == "the corridor would stay open until Friday"
    encouraged = by_cue(found, "encouraged")
    assert encouraged.act == "appeal" and encouraged.content.text.endswith("to let the convoys through")


def test_a_verb_of_liking_or_adopting_is_no_report() -> None:
    found = statements("The committee favored the second design and embraced a shorter timetable.")
    assert not any(s.cue is not None and s.cue.text in ("favored", "embraced") for s in found)


def test_phrasal_verbs_of_attack_dismissal_and_proposal_report_with_their_particle() -> None:
    found = statements(
        "The senator lashed out at the agency over its handling of the leak. "
        "The minister brushed off questions about the leaked cables. "
        "The envoy laid out a plan for a phased withdrawal of the garrison.")
    lashed = by_cue(found, "lashed out")
    assert lashed.act == "criticism" and lashed.content.text.startswith("the agency")
    brushed = by_cue(found, "brushed off")
    assert brushed.act == "rejection" and brushed.content.text == "questions about the leaked cables"
    laid = by_cue(found, "laid out")
    assert laid.act == "proposal" and laid.content.text == "a plan for a phased withdrawal of the garrison"
    # without its particle the verb reports nothing
    assert not statements("The workers laid new cables across the square.")


def test_a_title_case_headline_is_read_like_a_sentence_and_quoted_as_written() -> None:
    headline = "Foreign Minister Urges Rebels To Leave Eastern Districts."
    found = extract(article_from_text(headline + "\n\nThe minister spoke in Geneva. Rebel leaders "
                                      "rejected the call.", published="2019-03-04")).statements
    urges = by_cue(found, "Urges")
    assert urges.source is not None and urges.source.text == "Foreign Minister"
    assert urges.content.text == "Rebels To Leave Eastern Districts" and urges.act == "appeal"


def test_sentence_case_keeps_the_names_the_story_capitalizes() -> None:
    from diplograph.extract.pipeline import sentence_case_headline

    text = "Envoy Faults Vienna Talks As Lavrov Walks Out.\nLavrov left Vienna early; the talks went on."
    assert sentence_case_headline(text).splitlines()[0] == "Envoy faults Vienna talks as Lavrov walks out."
    # a headline already in sentence case, and the body, are left alone
    plain = "Envoy faults the talks in Vienna.\nLavrov Left Vienna."
    assert sentence_case_headline(plain) == plain


def test_rarer_verbs_of_rebuke_and_acclaim_carry_their_act() -> None:
    found = statements("The ambassador reprimanded the attaché for the leak. "
                       "State television heralded the accord as a turning point.")
    assert by_cue(found, "reprimanded").act == "criticism"
    heralded = by_cue(found, "heralded")
    assert heralded.act == "praise" and heralded.content.text.startswith("the accord as a turning point")


def test_an_attack_is_a_statement_when_a_person_makes_it() -> None:
    found = statements("The senator attacked the new tariffs as a tax on farmers.")
    attacked = by_cue(found, "attacked")
    assert attacked.act == "criticism" and attacked.content.text.startswith("the new tariffs")
    # armed forces attacking a place say nothing
    assert not statements("Government jets attacked the northern districts overnight.")


def test_a_line_break_ends_the_sentence_before_it() -> None:
    # a headline with no full stop is not run on into the story's first sentence
    found = extract(article_from_text("The latest on the truce talks in Geneva\nThe foreign minister is urging "
                                      "both sides to return to the table.", published="2019-03-04")).statements
    urging = by_cue(found, "urging")
    assert urging.source is not None and urging.source.text == "The foreign minister"
    assert [s.text for s in load_nlp()("Talks in Geneva\nThe envoy left.").sents] == ["Talks in Geneva\n", "The envoy left."]


def test_a_horizontal_bar_and_no_break_spaces_read_like_a_dash_and_spaces() -> None:
    bar = statements("The monitors reported\xa0that the truce held \u2015 a first in weeks.")
    dash = statements("The monitors reported that the truce held \u2014 a first in weeks.")
    assert [s.content.text for s in bar] == [s.content.text for s in dash] == ["the truce held"]
    # spans still quote the text as written
    assert bar[0].source is not None and bar[0].cue is not None and bar[0].cue.text == "reported"
    said = statements("The\xa0ministry said the corridor \u2015 the only road out \u2015 would stay open.")
    assert said[0].source is not None and said[0].source.text == "The\xa0ministry"
    assert said[0].content.text == "the corridor \u2015 the only road out \u2015 would stay open"


def test_a_quotation_in_doubled_apostrophes_keeps_its_closing_marks() -> None:
    found = statements("The senator called the new rules ''a quiet surrender'' and vowed to fight them.")
    assert by_cue(found, "called").content.text == "the new rules ''a quiet surrender''"


def test_a_court_ruling_reports_what_it_held() -> None:
    found = statements("The appeals court ruled that the new voting rules could disenfranchise thousands. "
                       "A district judge ruled against the state's plan for closing polling stations.")
    assert by_cue(found, "ruled").content.text == "the new voting rules could disenfranchise thousands"
    against = [s for s in found if s.cue is not None and s.cue.text == "ruled"][1]
    assert against.act == "rejection" and against.content.text == "the state's plan for closing polling stations"


def test_a_place_with_a_comma_inside_the_attribution_does_not_end_it() -> None:
    found = statements('"The moderators will be fair," the senator said at a rally in Dayton, Ohio, '
                       '"but many people will be watching them closely."')
    said = [s.content.text for s in found if s.cue is not None and s.cue.text == "said"]
    assert said == ["The moderators will be fair", "but many people will be watching them closely"]


def test_a_news_label_before_a_colon_is_no_speaker() -> None:
    found = extract(article_from_text("The Latest: Envoy urges both sides to return to talks.\n\nThe envoy spoke "
                                      "in Geneva on Monday.", published="2019-03-04")).statements
    assert not any(s.source is not None and s.source.text == "The Latest" for s in found)
    urges = by_cue(found, "urges")
    assert urges.source is not None and urges.source.text == "Envoy"


def test_words_before_a_trailing_attribution_are_its_content_even_when_the_parse_splits_them() -> None:
    # the parser takes "truce" for a second subject of "said"; the content is still what comes first
    found = statements("The truce held overnight — the first quiet night in weeks, the monitors said.")
    said = by_cue(found, "said")
    assert said.source is not None and said.source.text == "the monitors"
    assert said.content.text.startswith("The truce held overnight")


def test_crying_foul_reports_what_was_cried() -> None:
    found = statements("Opposition leaders cried foul over the late changes to the ballot.")
    cried = by_cue(found, "cried")
    assert cried.source is not None and cried.source.text == "Opposition leaders"
    assert "late changes to the ballot" in cried.content.text


def test_a_label_before_a_colon_is_not_the_subject_of_the_sentence_after_it() -> None:
    found = extract(article_from_text("Geneva talks, day three: envoy urges both sides to stay at the table.\n\n"
                                      "The talks went on.", published="2019-03-04")).statements
    urges = by_cue(found, "urges")
    assert urges.source is not None and urges.source.text == "envoy"


def test_a_dateline_after_the_headline_is_no_part_of_the_first_sentence() -> None:
    found = extract(article_from_text("Envoy under fire\n\nBRUSSELS (Reuters) - European leaders said on Friday "
                                      "the envoy should resign.", published="2019-03-04")).statements
    said = by_cue(found, "said")
    assert said.source is not None and said.source.text == "European leaders"
    assert said.content.text == "the envoy should resign"


def test_a_gerund_on_a_number_speaks_for_the_one_it_counts() -> None:
    found = statements("Two diplomats briefed reporters in Geneva, one saying that the talks had failed.")
    saying = by_cue(found, "saying")
    assert saying.source is not None and saying.source.text == "one"
    assert saying.content.text == "the talks had failed"
