"""Paths of the files shipped with diplograph: the ontology and the SHACL shapes."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _first_existing(*candidates: Path) -> Path:
    for c in candidates:
        if c.exists():
            return c
    return candidates[0]


def ontology_path() -> Path:
    """ontology/diplograph.ttl (from the source tree, or the copy inside an installed package)."""
    return _first_existing(_PACKAGE.parents[1] / "ontology" / "diplograph.ttl",
                           _PACKAGE / "resources" / "ontology" / "diplograph.ttl")


def shapes_dir() -> Path:
    """The folder of SHACL shapes, one file per class."""
    return _first_existing(_PACKAGE.parents[1] / "shapes", _PACKAGE / "resources" / "shapes")
