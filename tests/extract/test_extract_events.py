"""Events: accusations, ceasefires, casualty reports and meetings, on sentences written for these tests."""

from __future__ import annotations

import pytest

from diplograph.extract import article_from_text, extract
from diplograph.extract.events import number
from diplograph.model import Extraction


def read(text: str, published: str = "2017-03-15") -> Extraction:
    return extract(article_from_text(text, published=published))


@pytest.mark.parametrize(("written", "value"), [
    ("seven", 7), ("Sixteen", 16), ("1,250", 1250), ("twenty-three", 23), ("dozen", 12), ("three hundred", 300),
    ("many", None),
])
def test_numbers_in_words_or_digits(written: str, value: int | None) -> None:
    assert number(written) == value


def test_an_accusation_names_the_accused_the_act_and_the_means() -> None:
    ex = read("The interior minister on Monday accused the Free Syrian Army of looting the villages, "
              "saying its fighters used threats and beatings.")
    [acc] = ex.accusations
    assert acc.accused == ["Free Syrian Army"]
    assert acc.act.text == "looting the villages"
    assert acc.means is not None and acc.means.text == "threats and beatings"
    assert acc.date == "2017-03-13"


def test_an_act_alleged_inside_what_was_said_is_an_accusation() -> None:
    ex = read("The envoy said the militias that blocked the aid convoy must be held to account.")
    [acc] = ex.accusations
    assert acc.accused == ["militias"]
    assert acc.act.text.startswith("blocked the aid convoy")


def test_a_denied_or_hypothetical_act_is_no_accusation() -> None:
    ex = read("The army said its units did not shell the market. It warned that rebels could attack the dam.")
    assert ex.accusations == []


def test_a_ceasefire_with_its_place_sponsor_duration_and_end() -> None:
    ex = read("A five-day truce in Taiz declared by the Saudi-led coalition expired on Sunday. "
              "Officials said no new truce was on the agenda.")
    [cf] = ex.ceasefires
    assert cf.location == "Taiz"
    assert cf.duration_days == 5
    assert cf.ended == "2017-03-12"
    assert cf.renewal == "not under consideration"
    assert cf.declared_by == ["Saudi-led coalition"]
    assert cf.mentions[0].text == "A five-day truce"


def test_the_parties_to_a_truce_are_not_its_place() -> None:
    ex = read("A ceasefire between Israel and Hamas ended 50 days of fighting in the Gaza Strip.")
    assert [cf.location for cf in ex.ceasefires] == ["Gaza Strip"]


def test_casualties_with_breakdown_place_period_cause_and_source() -> None:
    ex = read("Since Friday, shelling has killed 31 civilians, including 12 children and four women, "
              "in the town of Douma, the Syrian Observatory for Human Rights said.")
    [report] = ex.casualty_reports
    assert (report.killed, report.who) == (31, "civilians")
    assert report.including == {"children": 12, "women": 4}
    assert report.since == "2017-03-10" and report.date is None
    assert report.cause == "shelling"
    assert report.reported_by == "Syrian Observatory for Human Rights"


def test_people_named_one_by_one_and_wounded_counts() -> None:
    ex = read("A teacher and a nurse were killed in an air strike on Saturday. Nine others were wounded.")
    [report] = ex.casualty_reports
    assert (report.killed, report.wounded, report.date) == (2, 9, "2017-03-11")


def test_groups_that_add_up() -> None:
    ex = read("Police said 12 soldiers and three civilians were killed in the ambush.")
    [report] = ex.casualty_reports
    assert report.killed == 15 and report.including == {"soldiers": 12, "civilians": 3}


def test_a_meeting_with_place_date_topic_and_outcome() -> None:
    ex = read("After a Geneva meeting on March 2 on Yemen that ended without agreement, the envoy left.")
    [meeting] = ex.meetings
    assert (meeting.place, meeting.date, meeting.topic) == ("Geneva", "2017-03-02", "Yemen")
    assert meeting.outcome is not None and meeting.outcome.text == "ended without agreement"
