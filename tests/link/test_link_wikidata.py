"""The online linker against a local server replaying Wikidata's answer shapes (never the live service)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from tests.link.link_replay import Replay, Reply, entities, entity, search_hits

from diplograph.link.wikidata import WikidataClient, WikidataLinker, link_online
from diplograph.model import AgentRef, ArticleMeta, Entity, Extraction, Span, Statement

HUMAN, CITY, COUNTRY = "Q5", "Q515", "Q6256"


def make_client(replay: Replay, tmp_path: Path | None = None, *, timeout: float = 5.0,
                slept: list[float] | None = None) -> WikidataClient:
    record = slept if slept is not None else []
    return WikidataClient(replay.base_url, tmp_path, timeout=timeout, min_interval=1.0,
                          sleep=record.append, retries=2)


def answer_with(search: dict[str, object], items: dict[str, object]) -> Callable[[dict[str, str]], Reply]:
    def answer(params: dict[str, str]) -> Reply:
        return Reply(search if params["action"] == "wbsearchentities" else items)
    return answer


def test_one_fitting_candidate_is_linked_with_method_score_and_date(replay: Replay, tmp_path: Path) -> None:
    replay.answer = answer_with(
        search_hits(("Q900001", "Ivan Petrovsky", "Russian diplomat")),
        entities(entity("Q900001", "Ivan Petrovsky", types=(HUMAN,), citizenship="Q159", positions=("Q1",))))
    ex = Extraction(ArticleMeta(), entities=[Entity("Ivan Petrovsky", "Person")], statements=[
        Statement([AgentRef("Ivan Petrovsky")], Span("x", 0, 1), "direct", "assertion")])
    with make_client(replay, tmp_path) as client:
        linked, records, _ = link_online(ex, WikidataLinker(client), today=dt.date(2024, 5, 1), country="Q159")
    assert linked.entities[0].wikidata == "Q900001"
    assert linked.statements[0].speakers[0].wikidata == "Q900001"
    assert [(r.qid, r.method, r.date) for r in records] == [("Q900001", "wikidata-search", "2024-05-01")]
    assert records[0].score >= 0.9
    assert replay.user_agents and all(ua.startswith("diplograph/") for ua in replay.user_agents)


def test_no_hit_leaves_the_entity_unlinked(replay: Replay) -> None:
    replay.answer = lambda params: Reply(search_hits())
    with make_client(replay) as client:
        outcome = WikidataLinker(client).link("Nobody Atall", "Person")
    assert outcome.chosen is None and outcome.reason == "no search hit"


def test_many_hits_of_the_same_name_are_ambiguous_and_stay_unlinked(replay: Replay) -> None:
    replay.answer = answer_with(
        search_hits(("Q900011", "Ahmed Hassan", "footballer"), ("Q900012", "Ahmed Hassan", "politician"),
                    ("Q900013", "Ahmed Hassan Street", "street")),
        entities(entity("Q900011", "Ahmed Hassan", types=(HUMAN,)),
                 entity("Q900012", "Ahmed Hassan", types=(HUMAN,)),
                 entity("Q900013", "Ahmed Hassan Street", types=("Q79007",))))
    with make_client(replay) as client:
        outcome = WikidataLinker(client).link("Ahmed Hassan", "Person")
    assert outcome.chosen is None
    assert outcome.reason.startswith("ambiguous")


def test_a_candidate_of_the_wrong_type_is_rejected(replay: Replay) -> None:
    # a town named like the person: the name matches, the type does not
    replay.answer = answer_with(
        search_hits(("Q900021", "Kafr Nabudah", "village in Syria")),
        entities(entity("Q900021", "Kafr Nabudah", types=(CITY,), country="Q858")))
    with make_client(replay) as client:
        outcome = WikidataLinker(client).link("Kafr Nabudah", "Person")
    assert outcome.chosen is None and outcome.reason == "no candidate of a fitting type"


def test_a_place_in_another_country_is_rejected(replay: Replay) -> None:
    replay.answer = answer_with(
        search_hits(("Q900031", "Tell Hamra", "village in Lebanon")),
        entities(entity("Q900031", "Tell Hamra", types=(CITY,), country="Q822")))
    with make_client(replay) as client:
        outcome = WikidataLinker(client).link("Tell Hamra", "Place", country="Q858")
    assert outcome.chosen is None


def test_a_weak_name_match_is_below_the_threshold(replay: Replay) -> None:
    replay.answer = answer_with(
        search_hits(("Q900041", "Jabal al-Zawiya Mountains", "mountain range")),
        entities(entity("Q900041", "Jabal al-Zawiya Mountains", types=(CITY,))))
    with make_client(replay) as client:
        outcome = WikidataLinker(client).link("Zawiya", "Place")
    assert outcome.chosen is None and "below" in outcome.reason


def test_http_429_waits_retry_after_then_succeeds(replay: Replay) -> None:
    calls: list[str] = []

    def answer(params: dict[str, str]) -> Reply:
        calls.append(params["action"])
        if len(calls) == 1:
            return Reply({"error": {"code": "ratelimited"}}, status=429, headers={"Retry-After": "7"})
        if params["action"] == "wbsearchentities":
            return Reply(search_hits(("Q900051", "Samir Haddad", "Syrian official")))
        return Reply(entities(entity("Q900051", "Samir Haddad", types=(HUMAN,))))

    replay.answer = answer
    slept: list[float] = []
    with make_client(replay, slept=slept) as client:
        outcome = WikidataLinker(client).link("Samir Haddad", "Person")
    assert outcome.chosen is not None and outcome.chosen.qid == "Q900051"
    assert 7.0 in slept  # honoured the server's Retry-After
    assert calls[:2] == ["wbsearchentities", "wbsearchentities"]


def test_http_429_for_ever_gives_up_unlinked(replay: Replay) -> None:
    replay.answer = lambda params: Reply({}, status=429, headers={"Retry-After": "2"})
    with make_client(replay) as client:
        outcome = WikidataLinker(client).link("Samir Haddad", "Person")
    assert outcome.chosen is None and "429" in outcome.reason
    assert len(replay.requests) == 3  # the first try and two retries, then stop


def test_a_timeout_leaves_the_entity_unlinked(replay: Replay) -> None:
    replay.answer = lambda params: Reply(search_hits(), delay=1.0)
    with make_client(replay, timeout=0.2) as client:
        outcome = WikidataLinker(client).link("Slow Name", "Person")
    assert outcome.chosen is None and "timeout" in outcome.reason


def test_malformed_json_leaves_the_entity_unlinked(replay: Replay) -> None:
    replay.answer = lambda params: Reply(raw='{"search": [ {"id": "Q1",')
    with make_client(replay) as client:
        outcome = WikidataLinker(client).link("Broken", "Person")
    assert outcome.chosen is None and "malformed JSON" in outcome.reason


def test_answers_are_cached_on_disk_and_not_asked_twice(replay: Replay, tmp_path: Path) -> None:
    replay.answer = answer_with(
        search_hits(("Q900061", "Layla Nasser", "diplomat")),
        entities(entity("Q900061", "Layla Nasser", types=(HUMAN,))))
    with make_client(replay, tmp_path) as client:
        WikidataLinker(client).link("Layla Nasser", "Person")
    asked = len(replay.requests)
    with make_client(replay, tmp_path) as client:  # a new run, same cache folder
        outcome = WikidataLinker(client).link("Layla Nasser", "Person")
        assert client.requests_sent == 0
    assert outcome.chosen is not None and len(replay.requests) == asked
    assert list(tmp_path.glob("*.json"))


def test_requests_are_spaced_at_least_one_second(replay: Replay) -> None:
    replay.answer = answer_with(
        search_hits(("Q900071", "Omar Khalil", "politician")),
        entities(entity("Q900071", "Omar Khalil", types=(HUMAN,))))
    slept: list[float] = []
    with make_client(replay, slept=slept) as client:
        WikidataLinker(client).link("Omar Khalil", "Person")
    assert len(replay.requests) == 2
    assert slept and all(0.5 < s <= 1.0 for s in slept)  # the wait before the second request


def test_an_existing_link_is_never_overwritten_nor_queried(replay: Replay) -> None:
    replay.answer = answer_with(
        search_hits(("Q900081", "Aleppo", "something else")),
        entities(entity("Q900081", "Aleppo", types=(CITY,))))
    ex = Extraction(ArticleMeta(), entities=[Entity("Aleppo", "Place", wikidata="Q41183")])
    with make_client(replay) as client:
        linked, records, _ = link_online(ex, WikidataLinker(client))
    assert linked.entities[0].wikidata == "Q41183"
    assert records == [] and replay.requests == []
