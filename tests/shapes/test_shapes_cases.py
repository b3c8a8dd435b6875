"""The shapes, data-driven: each example graph under tests/shapes/<shape>/ conforms or raises
exactly the violation its first line names (``# expect: <constraint component> [<path>]``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from diplograph.rdf.validate import validate_graph

HERE = Path(__file__).resolve().parent
CASES = sorted(HERE.glob("*/*.ttl"))


def expectation(path: Path) -> tuple[str, str]:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect:"), f"{path.name} does not say what it expects"
    parts = first.removeprefix("# expect:").split()
    return parts[0], (parts[1] if len(parts) > 1 else "")


def test_every_shape_has_a_valid_case_and_two_invalid_ones() -> None:
    shapes = {p.stem for p in (HERE.parents[1] / "shapes").glob("*.ttl")}
    assert shapes <= {d.name for d in HERE.iterdir() if d.is_dir()}
    for shape in shapes:
        names = [p.name for p in (HERE / shape).glob("*.ttl")]
        assert any(n.startswith("valid") for n in names), shape
        assert sum(n.startswith("invalid") for n in names) >= 2, shape


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_case(case: Path) -> None:
    component, path = expectation(case)
    report = validate_graph(Graph().parse(case, format="turtle"))
    if component == "conforms":
        assert report.conforms, report.text
        return
    assert not report.conforms, f"{case.name} should raise {component}"
    assert component in report.text, report.text
    if path:
        assert any(v.path == path or v.path.endswith(path.split(":")[-1]) for v in report.violations), report.text
    for v in report.violations:
        assert v.message and "constraint violated" not in v.message  # every shape says what is wrong
