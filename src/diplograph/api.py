"""The public Python API: open a store, ingest articles or extractions, query.

Every CLI command is a thin call into these functions::

    >>> import diplograph
    >>> store = diplograph.open_store(None)          # in memory; a folder path persists
    >>> summary = diplograph.ingest(store, ["examples/"])
    >>> rows = diplograph.query(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s a dg:Statement }")
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pyoxigraph as ox

from diplograph.errors import DiplographError, InputError, StoreError
from diplograph.model import FORMAT, Extraction, load_extraction
from diplograph.namespaces import ONTOLOGY_GRAPH, sparql_prefixes
from diplograph.rdf.mapping import to_graph
from diplograph.rdf.validate import check_graph, ontology_graph
from diplograph.store.base import Store, select_rows
from diplograph.store.embedded import EmbeddedStore

Outcome = Literal["ingested", "unchanged"]

#: File suffixes that ``ingest`` reads from a folder.
INPUT_SUFFIXES = (".json", ".txt")


def open_store(path: str | Path | None = "data", *, endpoint: str | None = None,
               read_only: bool = False) -> Store:
    """Open the embedded store in folder ``path`` (None: in memory), or a remote SPARQL store."""
    if endpoint:
        try:
            from diplograph.store.remote import RemoteStore
        except ImportError:
            raise StoreError("the remote store is not available in this build") from None
        return RemoteStore(endpoint)  # type: ignore[no-any-return, unused-ignore]
    return EmbeddedStore(path, read_only=read_only)


def is_extraction_json(path: Path) -> bool:
    """Whether a .json file holds an extraction (``diplograph-gold/1``) rather than an article."""
    if path.suffix.lower() != ".json":
        return False
    try:
        head = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return True  # let the extraction loader report what is wrong with it
    return isinstance(head, dict) and (head.get("format") == FORMAT or "statements" in head)


def read_extraction(path: str | Path) -> Extraction:
    """An extraction for a file: extraction JSON as it is, an article (.txt or .json) extracted."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such file")
    if is_extraction_json(p):
        return load_extraction(p)
    if p.suffix.lower() not in INPUT_SUFFIXES:
        raise InputError(f"{p}: not an article (.txt or .json) or an extraction (.json)")
    try:
        from diplograph.extract import extract, read_article
    except ImportError:
        raise InputError(f"{p}: text extraction is not available in this build") from None
    return extract(read_article(p))


def graph_triples(ex: Extraction) -> tuple[str, str]:
    """The article's graph name and its triples as N-Triples, validated against the shapes.

    Raises :class:`~diplograph.errors.ValidationError` when the graph does not conform.
    """
    graph = to_graph(ex)
    check_graph(graph, what=ex.article.file or str(graph.identifier))
    return str(graph.identifier), graph.serialize(format="nt")


def _triples(ntriples: str | bytes) -> set[object]:
    """N-Triples parsed to a set of terms, so two serializations of one graph compare equal."""
    data = ntriples.encode("utf-8") if isinstance(ntriples, str) else ntriples
    return set(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))


def ingest_extraction(store: Store, ex: Extraction) -> Outcome:
    """Validate and store one article's graph, replacing any earlier version atomically."""
    name, ntriples = graph_triples(ex)
    if store.count(name) > 0 and _triples(store.dump("ntriples", graph=name)) == _triples(ntriples):
        return "unchanged"
    store.replace_graph(name, ntriples)
    return "ingested"


@dataclass
class IngestSummary:
    """What an ingest did: counts, and each rejected file with its reason."""

    ingested: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, and the article/extraction files inside folders named, in a stable order."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in INPUT_SUFFIXES))
        else:
            out.append(p)
    return out


def quarantine_file(path: Path, error: DiplographError, folder: Path) -> Path:
    """Keep a rejected input: a copy of the file and ``<name>.report.txt`` with why it failed."""
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(str(path.resolve()).encode("utf-8")).hexdigest()[:8]
    kept = folder / f"{path.stem}-{digest}{path.suffix}"
    try:
        shutil.copyfile(path, kept)
    except OSError:
        kept.write_bytes(b"")  # the input itself could not be read; the report says so
    report = getattr(error, "report", "")
    kept.with_name(kept.name + ".report.txt").write_text(
        f"file: {path}\nerror: {error.message}\n" + (f"\nSHACL report:\n{report}\n" if report else ""),
        encoding="utf-8")
    return kept


def ensure_ontology(store: Store) -> bool:
    """Load the ontology into its named graph unless it is there already; True when loaded.

    With it in the store, queries can use the ontology's labels (speech acts, classes).
    """
    name = str(ONTOLOGY_GRAPH)
    if name in store.graphs():
        return False
    store.replace_graph(name, ontology_graph().serialize(format="nt"))
    return True


def iter_ingest(store: Store, files: Iterable[Path],
                quarantine: Path | None = None) -> Iterator[tuple[Path, str, str]]:
    """Ingest files one by one, yielding (file, outcome, message); outcome 'rejected' on error.

    A rejected file is copied with its report into ``quarantine`` when a folder is given.
    """
    ensure_ontology(store)
    for f in files:
        try:
            outcome = ingest_extraction(store, read_extraction(f))
            yield f, outcome, ""
        except StoreError:
            raise
        except DiplographError as exc:
            if quarantine is not None:
                quarantine_file(f, exc, quarantine)
            yield f, "rejected", exc.message


def ingest(store: Store, paths: Iterable[str | Path], *, quarantine: Path | None = None,
           progress: Callable[[Path, str], None] | None = None) -> IngestSummary:
    """Ingest files and folders; a rejected file leaves the store as it was for that article."""
    summary = IngestSummary()
    for f, outcome, message in iter_ingest(store, expand_paths(paths), quarantine):
        if outcome == "ingested":
            summary.ingested.append(str(f))
        elif outcome == "unchanged":
            summary.unchanged.append(str(f))
        else:
            summary.rejected.append((str(f), message))
        if progress is not None:
            progress(f, outcome)
    return summary


def query(store: Store, sparql: str, *, prefixes: bool = True) -> list[dict[str, str]]:
    """Run a SELECT query (the usual prefixes dg:, act:, prov:, schema: … predeclared)."""
    return select_rows(store, (sparql_prefixes() if prefixes else "") + sparql)
