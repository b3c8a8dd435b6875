"""The README's examples run as written."""

from __future__ import annotations

import contextlib
import io
import os
import re
from pathlib import Path

import pytest

import diplograph
from diplograph.store.base import select_rows

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, flags=re.S)


def test_readme_opens_with_the_two_setup_commands() -> None:
    first = blocks("sh")[0].splitlines()
    assert first[0].startswith("make demo") and first[1].startswith("make test")


def test_readme_python_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    monkeypatch.chdir(tmp_path)
    code = blocks("python")[0]
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "README.md", "exec"), {})
    text = printed.getvalue()
    assert "3 ingested, 0 rejected" in text
    assert "Sergei Lavrov —" in text
    assert (tmp_path / "data").is_dir()


@pytest.mark.parametrize("sparql", blocks("sparql"), ids=lambda q: q.splitlines()[-1][:40])
def test_readme_sparql_examples_answer(sparql: str, seed_gold: Path) -> None:
    store = diplograph.open_store(None)
    diplograph.ingest(store, [seed_gold])
    rows = select_rows(store, sparql)
    assert rows, "a README query returned nothing over the seed"


def test_readme_names_only_commands_that_exist() -> None:
    from typer.main import get_command

    from diplograph.cli import app

    known = set(get_command(app).commands)  # type: ignore[attr-defined]
    used = {m for block in blocks("sh") for m in re.findall(r"^diplograph (\w+)", block, flags=re.M)}
    assert used <= known, f"README names unknown commands: {used - known}"
    assert os.path.exists(ROOT / "Makefile")
