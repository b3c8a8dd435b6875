"""The extraction model loads the evaluation format and round-trips it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from diplograph.errors import InputError
from diplograph.model import extraction_to_dict, load_extraction, load_extraction_json

EXAMPLE_GOLD = sorted((Path(__file__).resolve().parents[2] / "examples" / "gold").glob("*.gold.json"))


def test_seed_gold_loads_with_its_article_text(seed_gold: Path) -> None:
    ex = load_extraction(seed_gold)
    assert ex.text is not None
    assert ex.statements and ex.accusations and ex.ceasefires and ex.casualty_reports
    for st in ex.statements:
        assert ex.text[st.content.start:st.content.end] == st.content.text


@pytest.mark.parametrize("path", EXAMPLE_GOLD, ids=lambda p: p.name)
def test_example_gold_spans_match_their_article(path: Path) -> None:
    ex = load_extraction(path)
    assert ex.text is not None, "the example's article text must be found"
    spans = [s.content for s in ex.statements] + [a.act for a in ex.accusations]
    spans += [m for c in ex.ceasefires for m in c.mentions]
    for span in spans:
        assert ex.text[span.start:span.end] == span.text


def test_dump_then_load_gives_the_same_extraction(seed_gold: Path) -> None:
    ex = load_extraction(seed_gold)
    again = load_extraction_json(json.dumps(extraction_to_dict(ex)), text=ex.text)
    assert again == ex


def test_gold_json_round_trips_to_the_same_dict(seed_gold: Path) -> None:
    original = json.loads(seed_gold.read_text(encoding="utf-8"))
    dumped = extraction_to_dict(load_extraction(seed_gold))
    assert dumped["statements"] == original["statements"]
    assert dumped["accusations"] == original["accusations"]


@pytest.mark.parametrize(("data", "fragment"), [
    ("{not json", "not valid JSON"),
    ('{"format": "other/9"}', "unknown format"),
    ('{"statements": [{"mode": "direct", "act": "report"}]}', "statements[0]: missing 'content'"),
    ('{"statements": [{"content": {"text": "x", "start": "0", "end": 1}, "mode": "direct", "act": "x"}]}',
     "statements[0].content.start: expected int"),
    ('{"casualty_reports": [{"killed": "many"}]}', "casualty_reports[0].killed: expected int"),
    ('[1, 2]', "expected dict"),
])
def test_bad_shapes_raise_input_error_naming_the_field(data: str, fragment: str) -> None:
    with pytest.raises(InputError) as info:
        load_extraction_json(data)
    assert fragment in str(info.value)


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        load_extraction(tmp_path / "absent.json")
