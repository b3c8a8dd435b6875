"""The shapes, data-driven in the manner of the W3C SHACL test suite.

Each graph under tests/shapes/<shape>/ starts with the results it must produce, one line each:

    # expect: <constraint component> <path, or - for none> <focus node>
    # expect: conforms

An invalid case must raise exactly the results it names (so a case shows one fault, and a shape
that fires where it should not fails the test); every result must carry a readable message.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from diplograph.rdf.validate import validate_graph

HERE = Path(__file__).resolve().parent
SHAPES = HERE.parents[1] / "shapes"
CASES = sorted(HERE.glob("*/*.ttl"))

Expected = tuple[str, str, str]


def expectations(path: Path) -> set[Expected] | None:
    """The results a case must raise as (component, path, focus); None when it must conform."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("# expect:")]
    assert lines, f"{path.name} does not say what it expects"
    words = [line.removeprefix("# expect:").split() for line in lines]
    if words == [["conforms"]]:
        return None
    assert all(len(w) == 3 for w in words), f"{path.name}: expect <component> <path|-> <focus>"
    return {(w[0], "" if w[1] == "-" else w[1], w[2]) for w in words}


def test_every_shape_file_has_a_valid_case_and_two_invalid_ones() -> None:
    shapes = {p.stem for p in SHAPES.glob("*.ttl")}
    folders = {d.name for d in HERE.iterdir() if d.is_dir() and any(d.glob("*.ttl"))}
    assert shapes == folders, "each shapes/<name>.ttl has a tests/shapes/<name>/ folder of cases, and no other"
    for shape in shapes:
        names = [p.name for p in (HERE / shape).glob("*.ttl")]
        assert any(n.startswith("valid-") for n in names), shape
        assert sum(n.startswith("invalid-") for n in names) >= 2, shape


def test_case_names_say_what_they_expect() -> None:
    for case in CASES:
        assert case.name.startswith(("valid-", "invalid-")), case
        assert (expectations(case) is None) == case.name.startswith("valid-"), case


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_case(case: Path) -> None:
    expected = expectations(case)
    report = validate_graph(Graph().parse(case, format="turtle"))
    if expected is None:
        assert report.conforms, "\n".join(map(str, report.violations))
        return
    assert not report.conforms, f"{case.name} should not conform"
    raised = {(v.component, v.path, v.focus) for v in report.violations}
    assert raised == expected, "\n".join(f"{v.component}: {v}" for v in report.violations)
    for v in report.violations:
        assert v.severity == "Violation"
        # a message in words from the shape, never pySHACL's generic fallback
        assert v.message and "constraint violated" not in v.message and "Value" not in v.message[:5], v
