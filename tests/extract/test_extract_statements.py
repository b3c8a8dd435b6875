"""Statements: cues, sources and contents as a reader of the news would mark them."""

from __future__ import annotations

from diplograph.extract import article_from_text, extract
from diplograph.model import Statement


def statements(text: str, published: str = "2018-04-09") -> list[Statement]:
    return extract(article_from_text(text, published=published)).statements


def one(found: list[Statement], fragment: str) -> Statement:
    hits = [s for s in found if fragment in s.content.text]
    assert hits, f"no statement with {fragment!r} in {[s.content.text for s in found]}"
    return hits[0]


def test_indirect_speech_with_that_has_no_that_nor_attribution() -> None:
    st = one(statements("The mayor said that the bridge would reopen in May."), "bridge")
    assert st.content.text == "the bridge would reopen in May"
    assert (st.mode, st.cue.text if st.cue else None) == ("indirect", "said")


def test_content_before_the_attribution() -> None:
    st = one(statements("The road to the airport is closed again, a police spokesman said on Sunday."), "road")
    assert st.content.text == "The road to the airport is closed again"
    assert st.source is not None and st.source.text == "a police spokesman"
    assert st.date == "2018-04-08"


def test_attribution_inverted_after_a_quote() -> None:
    found = statements("\u201cNobody wants this war,\u201d said Elena Varga, a lawmaker from the ruling party.")
    st = one(found, "Nobody wants")
    assert st.mode == "direct"
    assert st.speakers[0].label == "Elena Varga"
    assert st.source is not None and st.source.text.startswith("Elena Varga")


def test_a_quote_split_by_its_attribution_gives_two_parts_of_one_speaker() -> None:
    text = "\u201cWe came to talk,\u201d the envoy, Tomas Berg, said. \u201cWe will stay until there is a deal.\u201d"
    found = statements(text)
    first, second = one(found, "We came to talk"), one(found, "We will stay")
    assert first.speakers == second.speakers and first.speakers[0].label == "Tomas Berg"
    assert first.cue == second.cue and second.mode == "direct"


def test_a_quotation_that_makes_its_own_paragraph_continues_the_one_before() -> None:
    text = ("\u201cThe harvest is lost,\u201d farmer Ana Lopes said.\n\n"
            "\u201cWithout rain in April there is nothing left to sell.\u201d\n")
    st = one(statements(text), "Without rain")
    assert st.speakers[0].label == "Ana Lopes" and st.mode == "direct"


def test_a_parenthetical_attribution_inside_the_content() -> None:
    st = one(statements("The blockade, the minister said, would be lifted within days."), "blockade")
    assert "the minister said" not in st.content.text
    assert st.content.text.startswith("The blockade")


def test_mixed_speech_keeps_its_quoted_fragment() -> None:
    st = one(statements('The foreign ministry said the sanctions were "a gift to smugglers."'), "sanctions")
    assert st.mode == "mixed"
    assert st.content.text.endswith('smugglers."')


def test_according_to_before_and_after_the_content() -> None:
    found = statements("According to the United Nations, 400 families fled the valley. "
                       "Food prices doubled in a month, according to aid workers.")
    first, second = one(found, "400 families"), one(found, "Food prices")
    assert first.speakers[0].label == "United Nations" and first.cue is not None
    assert first.cue.text == "According to"
    assert second.content.text == "Food prices doubled in a month"
    assert first.date is None  # "according to" ties the content to no day


def test_told_names_the_addressee() -> None:
    st = one(statements("Prime Minister Sara Holm told parliament that the army would stay."), "army")
    assert st.addressee == "parliament"


def test_act_verbs_take_their_object_as_content() -> None:
    found = statements("The president condemned the bombing of the hospital. "
                       "The opposition accused the government of rigging the vote.")
    condemned, accused = one(found, "bombing"), one(found, "rigging")
    assert (condemned.act, accused.act) == ("criticism", "accusation")
    assert accused.content.text == "the government of rigging the vote"


def test_stance_nouns_and_message_nouns() -> None:
    found = statements("The Red Cross expressed concern over the fate of the detainees. "
                       "The ministry repeated its warning that the dam could burst.")
    concern = one(found, "detainees")
    assert (concern.act, concern.cue.text if concern.cue else None) == ("concern", "expressed concern")
    assert one(found, "dam could burst").speakers[0].label != ""


def test_coordinated_that_clauses_are_separate_statements() -> None:
    found = statements("The general said that the troops had withdrawn and that the border was calm.")
    assert one(found, "troops had withdrawn").content.text == "the troops had withdrawn"
    assert one(found, "border was calm").content.text == "the border was calm"


def test_an_added_clause_is_its_own_statement() -> None:
    found = statements("The governor said the roads were open, adding that schools would resume on Monday.")
    said, added = one(found, "roads were open"), one(found, "schools would resume")
    assert "adding" not in said.content.text
    assert added.cue is not None and added.cue.text == "adding"


def test_a_negated_cue_reports_nothing() -> None:
    assert statements("The spokesman did not say when the talks would resume.") == []


def test_words_inside_a_quotation_are_not_reporting_cues() -> None:
    found = statements("\u201cThey said the town was safe, and we believed them,\u201d the widow said.")
    assert len(found) == 1 and found[0].mode == "direct"


def test_past_perfect_statements_have_no_date_of_their_own() -> None:
    found = statements("The council had welcomed the plan as a fair compromise.")
    assert found[0].date is None


def test_a_verb_outside_the_table_with_a_that_clause_attributes_it() -> None:
    st = one(statements("The auditors established that the grant money had been spent on salaries."), "grant money")
    assert st.content.text == "the grant money had been spent on salaries"
    assert st.cue is not None and st.cue.text == "established"
    assert st.source is not None and st.source.text == "The auditors"


def test_a_that_clause_of_a_result_verb_is_no_statement() -> None:
    assert statements("The new locks ensure that the archive stays closed at night.") == []


def test_intentions_and_findings_are_attributed_with_their_clause() -> None:
    wants = one(statements("The governor wants to close the coal plant by 2030."), "coal plant")
    assert wants.content.text == "to close the coal plant by 2030"
    shows = one(statements("A new survey shows that most farmers oppose the tariff."), "farmers")
    assert shows.source is not None and shows.source.text == "A new survey"
    # a stock that "declined" reports nothing: the intention sense needs its to-clause
    assert statements("Shares of the carmaker declined sharply on Monday.") == []


def test_a_reporters_clause_after_a_split_quote_is_not_content() -> None:
    found = statements("Senator Ana Ruiz spoke to supporters in Leeds. \u201cThe vote was never close,\u201d she said, "
                       "and the count that night proved her right.")
    assert [(s.speakers[0].label, s.content.text) for s in found] == [("Ana Ruiz", "The vote was never close")]


def test_transcript_and_signed_lines_attribute_by_punctuation() -> None:
    text = ("Partial transcript of the interview follows.\n"
            "HOLLIS: Will the talks resume before the summit in June?\n"
            "MARKOVA: They will resume when the shelling stops, and not a day before.\n"
            "\u201cWe have waited three winters for this road to open.\u201d \u2015 Tomas Berg\n"
            "WASHINGTON \u2015 The committee met on Tuesday.\n")
    found = statements(text)
    by_source = {s.source.text: s for s in found if s.source is not None}
    assert by_source["MARKOVA"].content.text == "They will resume when the shelling stops, and not a day before"
    assert by_source["HOLLIS"].cue is not None and by_source["HOLLIS"].cue.text == ":"
    assert by_source["Tomas Berg"].mode == "direct"
    assert by_source["Tomas Berg"].content.text == "We have waited three winters for this road to open"
    assert "WASHINGTON" not in by_source  # a dateline is no speaker


def test_a_source_keeps_its_closing_parenthesis_and_drops_focusing_words() -> None:
    found = statements("Rep. Dana Whitfield (D-Ore.) said the hearing would resume on Monday. "
                       "Both Mr. Hale and Ms. Ortiz said they would attend.")
    sources = {s.source.text for s in found if s.source is not None}
    assert "Rep. Dana Whitfield (D-Ore.)" in sources
    assert "Mr. Hale and Ms. Ortiz" in sources


def test_a_quotation_after_a_colon_in_the_next_paragraph_is_attributed() -> None:
    found = statements("The minister Lena Brandt spoke for an hour. She said:\n\n\u201cWe will not sign this treaty as it "
                       "stands.\u201d\n")
    st = one(found, "treaty")
    assert st.mode == "direct" and st.speakers[0].label == "Lena Brandt"


def test_a_reason_the_parser_hung_on_the_cue_stays_in_the_content() -> None:
    st = one(statements("Senator Ines Vidal said the deal was dead, because the other side had walked away on Friday."),
             "deal")
    assert st.content.text == "the deal was dead, because the other side had walked away on Friday"


def test_an_intention_noun_with_its_to_clause() -> None:
    st = one(statements("Commuters protested against the mayor's plan to close the old bridge."), "bridge")
    assert st.cue is not None and st.cue.text == "plan"
    assert st.content.text == "to close the old bridge"
    assert st.source is not None and st.source.text.startswith("the mayor")


def test_a_passive_report_takes_its_agent_as_source() -> None:
    st = one(statements("The new border plan was sharply criticized by Senator Mark Hale on Tuesday."), "border plan")
    assert st.source is not None and st.source.text == "Senator Mark Hale"
    assert st.speakers[0].label == "Mark Hale"
    assert st.act == "criticism"
