"""The ``diplograph`` command: a thin shell over the Python API.

Exit codes: 0 success, 1 data that does not conform (validate) or was rejected (ingest), 2 error.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from diplograph import api
from diplograph.config import Settings
from diplograph.errors import DiplographError, InputError
from diplograph.store.base import Store

app = typer.Typer(
    name="diplograph",
    help="Who said what, to and about whom, when, and on what evidence: a knowledge graph from news.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
out = Console()
err = Console(stderr=True)

StoreOpt = Annotated[Path | None, typer.Option("--store", help="Store folder (default ./data or $DIPLOGRAPH_STORE).")]
EndpointOpt = Annotated[str | None, typer.Option("--endpoint", help="A remote SPARQL store's URL.")]


def _settings(store: Path | None = None, endpoint: str | None = None) -> Settings:
    return Settings.from_env(None, store_path=store, endpoint=endpoint)


def _open(settings: Settings, *, read_only: bool = False) -> Store:
    return api.open_store(settings.store_path, endpoint=settings.endpoint, read_only=read_only)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Article files (.txt, .json), extraction JSON, or folders.")],
    store: StoreOpt = None,
    endpoint: EndpointOpt = None,
    quarantine: Annotated[Path | None, typer.Option(
        "--quarantine", help="Where rejected files go, with reports (default: quarantine/ beside the store).")] = None,
    engine: Annotated[str, typer.Option("--engine", help="local (one process) or dask (a Dask cluster).")] = "local",
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", help="Dask scheduler address (default: a local cluster).")] = None,
    checkpoint: Annotated[Path | None, typer.Option(
        "--checkpoint", help="Dask: file of articles done, so a re-run skips them.")] = None,
) -> None:
    """Extract, validate and store articles; prints a summary and exits 1 if any was rejected."""
    settings = _settings(store, endpoint)
    kept = quarantine or settings.quarantine_path or settings.store_path.resolve().parent / "quarantine"
    if engine not in ("local", "dask"):
        raise InputError(f"unknown engine {engine!r}: use local or dask")
    if engine == "dask":
        _ingest_dask(settings, paths, kept, scheduler, checkpoint)
        return
    files = api.expand_paths(paths)
    if not files:
        raise InputError("nothing to ingest: no .txt or .json files in " + ", ".join(map(str, paths)))
    db = _open(settings)
    summary = api.IngestSummary()
    try:
        with Progress(TextColumn("[progress.description]{task.description}"), BarColumn(),
                      MofNCompleteColumn(), console=err, transient=True, disable=not err.is_terminal) as bar:
            task = bar.add_task("ingesting", total=len(files))
            for f, outcome, message in api.iter_ingest(db, files, kept):
                if outcome == "rejected":
                    summary.rejected.append((str(f), message))
                    err.print(f"[red]rejected[/red] {f}: {message}", markup=True, highlight=False)
                else:
                    getattr(summary, outcome).append(str(f))
                bar.advance(task)
    finally:
        db.close()
    out.print(f"ingested {len(summary.ingested)}, unchanged {len(summary.unchanged)}, "
              f"rejected {len(summary.rejected)}", highlight=False)
    if summary.rejected:
        out.print(f"rejected files and their reports are kept in {kept}", highlight=False)
        raise typer.Exit(1)


def _ingest_dask(settings: Settings, paths: list[Path], kept: Path, scheduler: str | None,
                 checkpoint: Path | None) -> None:
    from diplograph.distributed import ingest_dask

    db = _open(settings)
    try:
        summary = ingest_dask(paths, db, scheduler=scheduler, checkpoint=checkpoint, quarantine=kept)
    finally:
        db.close()
    out.print(f"ingested {len(summary.ingested)}, skipped {len(summary.skipped)}, rejected {len(summary.rejected)}, "
              f"{summary.quads} quads", highlight=False)
    for f, message in summary.rejected:
        err.print(f"rejected {f}: {message}", highlight=False, markup=False)
    if summary.rejected:
        raise typer.Exit(1)


@app.command()
def validate(file: Annotated[Path, typer.Argument(help="An extraction JSON, an article, or a Turtle graph.")]) -> None:
    """Validate against the SHACL shapes: exit 0 conforms, 1 does not conform, 2 error."""
    from rdflib import Graph

    from diplograph.rdf.mapping import to_graph
    from diplograph.rdf.validate import validate_graph

    if file.suffix.lower() in (".ttl", ".nt"):
        graph = Graph()
        try:
            graph.parse(file, format="turtle" if file.suffix.lower() == ".ttl" else "nt")
        except (OSError, ValueError, SyntaxError) as exc:
            raise InputError(f"{file}: cannot parse: {exc}") from None
    else:
        graph = to_graph(api.read_extraction(file))
    report = validate_graph(graph)
    if report.conforms:
        out.print(f"{file}: conforms")
        return
    for v in report.violations:
        out.print(f"{v.severity}: {v}", highlight=False, markup=False)
    raise typer.Exit(1)


@app.command()
def query(
    sparql: Annotated[str, typer.Argument(help="A SPARQL SELECT query (prefixes dg:, act:, prov:, schema: … known).")],
    fmt: Annotated[str, typer.Option("--format", help="table, json or csv.")] = "table",
    store: StoreOpt = None,
    endpoint: EndpointOpt = None,
) -> None:
    """Run a SPARQL SELECT query and print its rows."""
    if fmt not in ("table", "json", "csv"):
        raise InputError(f"unknown format {fmt!r}: use table, json or csv")
    db = _open(_settings(store, endpoint), read_only=True)
    try:
        rows = api.query(db, sparql)
    finally:
        db.close()
    _print_rows(rows, fmt)


def _print_rows(rows: list[dict[str, str]], fmt: str) -> None:
    columns = list(dict.fromkeys(k for r in rows for k in r))
    if fmt == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        sys.stdout.write(buf.getvalue())
    else:
        table = Table(*columns, show_lines=False)
        for r in rows:
            table.add_row(*(r.get(c, "") for c in columns))
        out.print(table)
        out.print(f"{len(rows)} row(s)", highlight=False)


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help="nquads or trig (whole store).")] = "nquads",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default stdout).")] = None,
    store: StoreOpt = None,
) -> None:
    """Write every graph of the store as N-Quads or TriG."""
    if fmt not in ("nquads", "trig"):
        raise InputError(f"unknown format {fmt!r}: use nquads or trig")
    db = _open(_settings(store), read_only=True)
    try:
        data = db.dump(fmt)
    finally:
        db.close()
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        output.write_bytes(data)


@app.command()
def stats(store: StoreOpt = None, endpoint: EndpointOpt = None) -> None:
    """Counts: articles, statements, accusations, events, entities, triples."""
    db = _open(_settings(store, endpoint), read_only=True)
    try:
        counts = {}
        for label, cls in (("articles", "dg:Article"), ("statements", "dg:Statement"),
                           ("accusations", "dg:Accusation"), ("ceasefires", "dg:Ceasefire"),
                           ("casualty reports", "dg:CasualtyReport"), ("meetings", "dg:Meeting")):
            rows = api.query(db, f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a {cls} }}")
            counts[label] = int(rows[0]["n"]) if rows else 0
        rows = api.query(db, "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e rdfs:label ?l ; dg:mentionedIn ?a }")
        counts["entities"] = int(rows[0]["n"]) if rows else 0
        counts["quads"] = db.count()
    finally:
        db.close()
    for label, n in counts.items():
        out.print(f"{label:18} {n}", highlight=False)


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="Articles: .txt with a dateline, or .json with text and metadata.")],
    fmt: Annotated[str, typer.Option("--format", help="json (the evaluation format) or ttl.")] = "json",
) -> None:
    """Extract statements and events from articles and print them (one JSON document per article)."""
    from diplograph.extract import extract as run_extract
    from diplograph.extract import read_article
    from diplograph.model import dump_extraction
    from diplograph.rdf.mapping import to_graph

    if fmt not in ("json", "ttl"):
        raise InputError(f"unknown format {fmt!r}: use json or ttl")
    for f in files:
        ex = run_extract(read_article(f))
        if fmt == "json":
            sys.stdout.write(dump_extraction(ex) + "\n")
        else:
            sys.stdout.write(to_graph(ex).serialize(format="turtle"))


@app.command(name="link")
def link_entities(
    store: StoreOpt = None,
    endpoint: EndpointOpt = None,
    online: Annotated[bool, typer.Option("--online", help="Ask Wikidata about entities the gazetteer lacks.")] = False,
    cache: Annotated[Path | None, typer.Option(
        "--cache", help="Folder of cached Wikidata answers (default: wikidata-cache/ beside the store).")] = None,
    contact: Annotated[str | None, typer.Option(
        "--contact", help="An e-mail or URL for the User-Agent sent to Wikidata.")] = None,
    threshold: Annotated[float, typer.Option("--threshold", help="Least score an online link needs (0-1).")] = 0.9,
    api: Annotated[str | None, typer.Option("--wikidata-api", help="Wikidata's action API URL.", hidden=True)] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report the links, store nothing.")] = False,
) -> None:
    """Link the store's entities to Wikidata (gazetteer, then --online search) and record how."""
    from diplograph.link.graph import link_store
    from diplograph.link.wikidata import DEFAULT_API, WikidataClient, WikidataLinker

    if not 0.0 < threshold <= 1.0:
        raise InputError(f"--threshold must be above 0 and at most 1, got {threshold}")
    settings = _settings(store, endpoint)
    db = _open(settings)
    client = None
    try:
        linker = None
        if online:
            folder = cache or settings.store_path.resolve().parent / "wikidata-cache"
            client = WikidataClient(api or DEFAULT_API, folder, contact=contact)
            linker = WikidataLinker(client, threshold=threshold)
        result = link_store(db, linker=linker, write=not dry_run)
    finally:
        if client is not None:
            client.close()
        db.close()
    for iri, record in result.records:
        sys.stdout.write(f"{record.method}\t{record.score:.3f}\t{record.qid}\t{record.label}\t{iri}\n")
    for outcome in result.outcomes:
        if outcome.chosen is None:
            sys.stdout.write(f"unlinked\t\t\t{outcome.name}\t{outcome.reason}\n")
    verb = "would record" if dry_run else "recorded"
    err.print(f"{verb} {len(result.records)} links ({result.count('gazetteer')} gazetteer, "
              f"{result.count('wikidata-search')} wikidata-search); {result.already} already recorded", highlight=False)


@app.command(name="eval")
def evaluate(
    gold: Annotated[list[Path] | None, typer.Argument(
        help="Gold annotations (*.gold.json) whose articles lie beside them.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object instead of a table.")] = False,
    polnear: Annotated[Path | None, typer.Option("--polnear", help="A PolNeAR checkout to measure on.")] = None,
    split: Annotated[str, typer.Option("--split", help="PolNeAR split: train or dev (never test).")] = "dev",
    subset: Annotated[str | None, typer.Option("--subset", help="PolNeAR subset: wire.")] = None,
) -> None:
    """Run the extractor on annotated articles (or a PolNeAR split) and print its scores."""
    if polnear is not None:
        from diplograph.evaluation import format_polnear, run_polnear_eval

        result = run_polnear_eval(polnear, split=split, subset=subset, json=as_json)
        if as_json:
            sys.stdout.write(json.dumps(result) + "\n")
        else:
            out.print(format_polnear(result), highlight=False)
        return
    if not gold:
        raise InputError("name gold files, or a PolNeAR checkout with --polnear DIR")
    from diplograph.extract.evaluate import evaluate as run_eval

    figures = run_eval(gold)
    if as_json:
        sys.stdout.write(json.dumps(figures) + "\n")
        return
    for key, value in figures.items():
        out.print(f"{key:18} {value}", highlight=False)


@app.command()
def serve(
    store: StoreOpt = None,
    endpoint: EndpointOpt = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
) -> None:
    """Serve the SPARQL endpoint and Linked Data pages (write token from $DIPLOGRAPH_TOKEN)."""
    from diplograph.serve import serve as run_server

    settings = Settings.from_env(None, store_path=store, endpoint=endpoint, host=host, port=port)
    db = _open(settings)
    try:
        out.print(f"serving {settings.store_path if not settings.endpoint else settings.endpoint} "
                  f"on http://{settings.host}:{settings.port}/sparql", highlight=False)
        run_server(settings, db)
    finally:
        db.close()


def main() -> None:
    """Entry point: run the app, turning diplograph errors into one readable line and exit 2."""
    # rdflib logs a traceback for each ill-typed literal; the shapes report those readably instead
    logging.getLogger("rdflib").setLevel(logging.ERROR)
    try:
        app()
    except DiplographError as exc:
        message = " ".join(exc.message.split())
        if len(message) > 500:
            message = message[:497] + "..."
        err.print(f"error: {message}", highlight=False, markup=False, soft_wrap=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)


if __name__ == "__main__":
    main()
