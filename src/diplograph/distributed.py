"""Distributed ingest on a Dask cluster: extraction on the workers, bulk loading on the client.

The pure part of ingest (read the file, extract, map to RDF, validate against the shapes,
write N-Quads) runs on Dask workers in batches; each finished batch is written as one
N-Quads shard and bulk-loaded into the store on the client, then recorded in a checkpoint
file, so a re-run skips the articles already loaded::

    from diplograph import api, distributed
    store = api.open_store("data")
    summary = distributed.ingest_dask(["corpus/"], store, checkpoint="data.checkpoint")

``scheduler`` is a scheduler address (``tcp://host:8786``), a ``distributed.Client``, or None
for a LocalCluster on this machine. Shards are bulk-loaded graph by graph: the graphs a shard
fills are emptied first, so re-ingesting a changed article replaces it; a crash between the
two leaves that shard's articles out of the checkpoint, and the next run loads them again.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict

import pyoxigraph as ox

from diplograph.errors import ConfigError, DiplographError, InputError, StoreError, ValidationError
from diplograph.store.base import Store
from diplograph.store.embedded import EmbeddedStore

#: Articles per task: large enough that scheduling costs little, small enough to spread the work.
DEFAULT_BATCH = 100


class BatchResult(TypedDict):
    """What a worker sends back for one batch of files."""

    done: list[tuple[str, str]]            # (file, graph IRI)
    rejected: list[tuple[str, str, str]]   # (file, message, SHACL report)
    nquads: str


def ntriples_to_nquads(ntriples: str, graph: str) -> str:
    """Put every triple of an N-Triples document into ``graph`` (N-Quads lines)."""
    suffix = f" <{graph}> .\n"
    out = []
    for line in ntriples.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            # an N-Triples line ends with " ."; literals never hold a raw newline
            out.append(line[:-1].rstrip() + suffix)
    return "".join(out)


def article_nquads(path: str, *, validate: bool = True) -> tuple[str, str]:
    """One article file → (its graph IRI, its triples as N-Quads in that graph).

    Raises :class:`~diplograph.errors.DiplographError` subclasses for bad input or data that
    does not conform to the shapes, like the single-process ingest.
    """
    from diplograph.api import graph_triples, read_extraction
    from diplograph.rdf.mapping import to_graph

    extraction = read_extraction(path)
    if validate:
        graph, ntriples = graph_triples(extraction)
    else:
        g = to_graph(extraction)
        graph, ntriples = str(g.identifier), g.serialize(format="nt")
    return graph, ntriples_to_nquads(ntriples, graph)


def extract_batch(paths: list[str], validate: bool = True) -> BatchResult:
    """The task each worker runs: a batch of files → N-Quads, with the files it rejected."""
    result: BatchResult = {"done": [], "rejected": [], "nquads": ""}
    parts: list[str] = []
    for path in paths:
        try:
            graph, nquads = article_nquads(path, validate=validate)
        except StoreError:
            raise
        except DiplographError as exc:
            result["rejected"].append((path, exc.message, str(getattr(exc, "report", ""))))
            continue
        result["done"].append((path, graph))
        parts.append(nquads)
    result["nquads"] = "".join(parts)
    return result


# --- checkpoint ----------------------------------------------------------------------------------

def _file_key(path: Path) -> tuple[str, int, int]:
    """A file as the checkpoint knows it: a changed size or time means it is ingested again."""
    stat = path.stat()
    return str(path.resolve()), stat.st_size, stat.st_mtime_ns


class Checkpoint:
    """A JSON-lines file of the articles already loaded (one line per article, appended per shard)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.done: set[tuple[str, int, int]] = set()
        if path is not None and path.is_file():
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                    self.done.add((str(row["file"]), int(row["size"]), int(row["mtime_ns"])))
                except (ValueError, KeyError, TypeError):
                    raise InputError(f"{path}:{number}: not a checkpoint line: {line[:80]!r}") from None

    def __contains__(self, key: tuple[str, int, int]) -> bool:
        return key in self.done

    def record(self, entries: Iterable[tuple[tuple[str, int, int], str]]) -> None:
        """Add (file key, graph) entries and make them durable before returning."""
        rows = []
        for key, graph in entries:
            self.done.add(key)
            rows.append(json.dumps({"file": key[0], "size": key[1], "mtime_ns": key[2], "graph": graph}) + "\n")
        if self.path is None or not rows:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as out:
            out.writelines(rows)
            out.flush()
            os.fsync(out.fileno())


# --- loading -------------------------------------------------------------------------------------

def bulk_load_shard(store: Store, shard: Path, graphs: list[str]) -> None:
    """Load one N-Quads shard into ``store``, replacing the graphs it fills."""
    if isinstance(store, EmbeddedStore):
        store.load_nquads(shard, graphs)
        return
    load = getattr(store, "load_nquads", None)
    if callable(load):  # the remote store: one request per shard where the server allows
        load(shard.read_bytes(), graphs)
        return
    by_graph: dict[str, list[str]] = {g: [] for g in graphs}
    for quad in ox.parse(path=shard, format=ox.RdfFormat.N_QUADS):
        if isinstance(quad.graph_name, ox.NamedNode):
            by_graph.setdefault(quad.graph_name.value, []).append(f"{quad.subject} {quad.predicate} {quad.object} .")
    for graph, lines in by_graph.items():
        store.replace_graph(graph, "\n".join(lines))


@dataclass
class DaskIngestSummary:
    """What a distributed ingest did."""

    ingested: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)      # already in the checkpoint
    rejected: list[tuple[str, str]] = field(default_factory=list)
    shards: list[Path] = field(default_factory=list)      # kept only when shards_dir was given
    quads: int = 0

    @property
    def ok(self) -> bool:
        return not self.rejected


@contextlib.contextmanager
def dask_client(scheduler: Any = None, *, workers: int | None = None, timeout: float = 30.0) -> Iterator[Any]:
    """A ``distributed.Client``: the one given, one connected to an address, or a LocalCluster's."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ConfigError("distributed ingest needs dask: pip install 'dask[distributed]'") from None
    if isinstance(scheduler, Client):
        yield scheduler
        return
    if isinstance(scheduler, str) and scheduler:
        try:
            client = Client(scheduler, timeout=f"{timeout}s")  # type: ignore[no-untyped-call]
        except (OSError, TimeoutError) as exc:
            raise ConfigError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        with client:
            yield client
        return
    if scheduler is not None:
        raise ConfigError(f"scheduler must be an address like tcp://host:8786, got {scheduler!r}")
    n = workers or max(1, min(os.cpu_count() or 1, 8))
    # loopback only, and any free port for the scheduler's HTTP server (8787 may be taken)
    cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,  # type: ignore[no-untyped-call]
                           host="127.0.0.1", dashboard_address="127.0.0.1:0")
    with cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
        yield client


def ingest_dask(paths: Iterable[str | Path], store: Store, *, scheduler: Any = None,
                shards_dir: str | Path | None = None, checkpoint: str | Path | None = None,
                batch_size: int = DEFAULT_BATCH, workers: int | None = None, validate: bool = True,
                quarantine: Path | None = None, scheduler_timeout: float = 30.0,
                progress: Callable[[int, int], None] | None = None) -> DaskIngestSummary:
    """Ingest files and folders on a Dask cluster; see the module docstring.

    ``workers`` sizes the LocalCluster started when no scheduler is given (default: the CPU
    count, at most 8); ``scheduler_timeout`` bounds connecting to a scheduler, in seconds.
    ``progress(done, total)`` is called after each shard is loaded. Rejected files are
    reported (and copied with their report into ``quarantine`` when given), never loaded, and
    not checkpointed, so a re-run tries them again.
    """
    from diplograph.api import ensure_ontology, expand_paths, quarantine_file

    if batch_size < 1:
        raise ConfigError("batch_size must be at least 1")
    files = expand_paths(paths)
    missing = [f for f in files if not f.is_file()]
    if missing:
        raise InputError(f"{missing[0]}: no such file")
    ledger = Checkpoint(Path(checkpoint) if checkpoint is not None else None)
    ensure_ontology(store)  # as the single-process ingest does: queries can use its labels
    summary = DaskIngestSummary()
    keys: dict[str, tuple[str, int, int]] = {}
    todo: list[str] = []
    for f in files:
        key = _file_key(f)
        if key in ledger:
            summary.skipped.append(str(f))
        else:
            keys[str(f)] = key
            todo.append(str(f))
    batches = [todo[i:i + batch_size] for i in range(0, len(todo), batch_size)]
    total = len(files)
    if progress is not None:
        progress(len(summary.skipped), total)
    if not batches:
        return summary

    with contextlib.ExitStack() as stack:
        if shards_dir is None:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="diplograph-shards-")))
        else:
            folder = Path(shards_dir)
            folder.mkdir(parents=True, exist_ok=True)
        client = stack.enter_context(dask_client(scheduler, workers=workers, timeout=scheduler_timeout))
        from distributed import as_completed

        # a bounded window of tasks in flight: memory stays flat however long the corpus
        window = max(2, 2 * len(client.scheduler_info().get("workers", {})))
        pending = iter(enumerate(batches))
        futures = {}
        for _ in range(min(window, len(batches))):
            number, batch = next(pending)
            futures[client.submit(extract_batch, batch, validate, pure=False)] = number
        queue = as_completed(list(futures))  # type: ignore[no-untyped-call]
        for future in queue:
            number = futures.pop(future)
            result: BatchResult = future.result()
            future.release()
            following = next(pending, None)
            if following is not None:
                nxt = client.submit(extract_batch, following[1], validate, pure=False)
                futures[nxt] = following[0]
                queue.add(nxt)  # type: ignore[no-untyped-call]
            _load_result(store, result, folder / f"shard-{number:06d}.nq", summary, ledger, keys)
            for path, message, report in result["rejected"]:
                summary.rejected.append((path, message))
                if quarantine is not None:
                    quarantine_file(Path(path), ValidationError(message, report=report), quarantine)
            if shards_dir is None:
                summary.shards.clear()
            if progress is not None:
                progress(len(summary.skipped) + len(summary.ingested) + len(summary.rejected), total)
    return summary


def _load_result(store: Store, result: BatchResult, shard: Path, summary: DaskIngestSummary,
                 ledger: Checkpoint, keys: dict[str, tuple[str, int, int]]) -> None:
    if not result["done"]:
        return
    shard.write_text(result["nquads"], encoding="utf-8")
    graphs = sorted({graph for _, graph in result["done"]})
    bulk_load_shard(store, shard, graphs)
    ledger.record((keys[path], graph) for path, graph in result["done"])
    summary.ingested.extend(path for path, _ in result["done"])
    summary.shards.append(shard)
    summary.quads += result["nquads"].count("\n")
