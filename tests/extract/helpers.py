"""Helpers shared by the extraction tests."""

from __future__ import annotations

from diplograph.model import Statement


def by_cue(found: list[Statement], cue: str) -> Statement:
    """The first statement with this cue; a failure that lists the cues found when there is none."""
    hits = [s for s in found if s.cue is not None and s.cue.text == cue]
    assert hits, f"no statement with cue {cue!r} in {[(s.cue.text if s.cue else None) for s in found]}"
    return hits[0]
