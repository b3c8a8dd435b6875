"""Real SPARQL servers for the tests: Oxigraph server and Virtuoso, on loopback, with temporary data.

Each server starts once per test session (per xdist worker) on a free port; the ``store``
fixture empties the graphs a test made, so tests stay independent and the suite stays fast.
A missing server program skips the tests on a laptop and fails them in CI
(``missing_component``).
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from tests.conftest import missing_component

from diplograph.store.remote import RemoteStore

STARTUP_SECONDS = 60.0
ROOT = Path(__file__).resolve().parents[2]
VIRTUOSO_SETUP = Path(__file__).resolve().parents[2] / "docker" / "virtuoso-init.sql"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """A running server process and the URL of its SPARQL query endpoint."""

    name: str
    endpoint: str
    process: subprocess.Popen[bytes]
    log: Path

    def store(self) -> RemoteStore:
        return RemoteStore(self.endpoint, timeout=30.0)

    def log_tail(self) -> str:
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")[-2000:]
        except OSError:
            return ""


def wait_until_ready(server: Server, probe: str) -> None:
    """Wait until ``probe`` answers a SPARQL ASK with 200; raise with the server's log if it never does."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited with {server.process.returncode}:\n{server.log_tail()}")
        with contextlib.suppress(httpx.HTTPError):
            response = httpx.get(probe, params={"query": "ASK {}"}, timeout=2.0)
            if response.status_code == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"{server.name} was not ready after {STARTUP_SECONDS:g} s:\n{server.log_tail()}")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate a server process, killing it if it does not go within 20 s."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@contextlib.contextmanager
def serve_diplograph(store_dir: Path, env: Mapping[str, str] | None = None, log: Path | None = None,
                     port: int | None = None) -> Iterator[str]:
    """A real ``diplograph serve`` process over ``store_dir`` on a free loopback port, until the block
    ends; yields its base URL. ``env`` is the process's whole environment (default: this one's); its
    output goes to ``log`` (a file, never a pipe that could fill). ``port``: a port chosen beforehand,
    for a server that must know its own URL."""
    port = port or free_port()
    base = f"http://127.0.0.1:{port}"
    log = log or store_dir.parent / f"server-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "diplograph", "serve", "--store", str(store_dir), "--port", str(port)],
                                   cwd=ROOT, env=dict(env) if env is not None else None, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_until_ready(Server("diplograph serve", base + "/sparql", process, log), base + "/sparql")
        yield base
    finally:
        stop(process)


def oxigraph_binary() -> str | None:
    """The ``oxigraph`` program of this Python environment (the PyPI package ``oxigraph``), else on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


@contextlib.contextmanager
def oxigraph_server(data_dir: Path) -> Iterator[Server]:
    """``oxigraph serve`` on a free loopback port, its data in ``data_dir``."""
    binary = oxigraph_binary()
    if binary is None:
        raise FileNotFoundError("the oxigraph program (pip install oxigraph) is not installed")
    port = free_port()
    log = data_dir.parent / "oxigraph.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [binary, "serve", "--location", str(data_dir), "--bind", f"127.0.0.1:{port}"],
            stdout=out, stderr=subprocess.STDOUT)
    server = Server("oxigraph", f"http://127.0.0.1:{port}/query", process, log)
    try:
        wait_until_ready(server, server.endpoint)
        yield server
    finally:
        stop(process)


VIRTUOSO_INI = """\
[Database]
DatabaseFile       = {d}/virtuoso.db
ErrorLogFile       = {d}/virtuoso.log
LockFile           = {d}/virtuoso.lck
TransactionFile    = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
[TempDatabase]
DatabaseFile    = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort        = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CaseMode          = 2
DirsAllowed       = .
NumberOfBuffers   = 10000
MaxDirtyBuffers   = 6000
CheckpointInterval = 0
[HTTPServer]
ServerPort    = 127.0.0.1:{http_port}
ServerRoot    = {d}/vsp
ServerThreads = 8
Charset       = UTF-8
[SPARQL]
ResultSetMaxRows      = 1000000
MaxQueryExecutionTime = 60
"""


def virtuoso_programs() -> tuple[str, str] | None:
    """(virtuoso-t, isql) from the Debian package virtuoso-opensource, or None."""
    server = shutil.which("virtuoso-t")
    isql = shutil.which("isql-vt") or shutil.which("isql-v")
    return (server, isql) if server and isql else None


@contextlib.contextmanager
def virtuoso_server(data_dir: Path) -> Iterator[Server]:
    """Virtuoso in the foreground with its own ini, ports and database in ``data_dir``.

    It is set up as docker/virtuoso-init.sql says: the anonymous ``SPARQL`` user may write
    (a test server on loopback may), and Virtuoso's own graphs are private.
    """
    programs = virtuoso_programs()
    if programs is None:
        raise FileNotFoundError("virtuoso-t and isql-vt (Debian package virtuoso-opensource) are not installed")
    server_bin, isql = programs
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "vsp").mkdir(exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = data_dir / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(d=data_dir, sql_port=sql_port, http_port=http_port), encoding="utf-8")
    log = data_dir / "stdout.log"
    with log.open("wb") as out:
        process = subprocess.Popen([server_bin, "+foreground", "+configfile", str(ini)], cwd=data_dir,
                                   stdout=out, stderr=subprocess.STDOUT)
    server = Server("virtuoso", f"http://127.0.0.1:{http_port}/sparql", process, log)
    try:
        wait_until_ready(server, server.endpoint)
        setup = subprocess.run([isql, f"127.0.0.1:{sql_port}", "dba", "dba", str(VIRTUOSO_SETUP)],
                               capture_output=True, timeout=60, check=False)
        if setup.returncode != 0 or b"Error" in setup.stdout + setup.stderr:
            raise RuntimeError(f"Virtuoso set-up failed: {setup.stdout.decode()} {setup.stderr.decode()}")
        yield server
    finally:
        stop(process)


def start_or_skip(factory: contextlib.AbstractContextManager[Server], stack: contextlib.ExitStack) -> Server:
    """Enter a server's context, or skip (fail in CI) when its program is missing."""
    try:
        return stack.enter_context(factory)
    except FileNotFoundError as exc:
        missing_component(str(exc))
        raise  # missing_component never returns


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One Oxigraph server for the session."""
    with contextlib.ExitStack() as stack:
        yield start_or_skip(oxigraph_server(tmp_path_factory.mktemp("oxigraph") / "data"), stack)


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One Virtuoso server for the session."""
    with contextlib.ExitStack() as stack:
        yield start_or_skip(virtuoso_server(tmp_path_factory.mktemp("virtuoso")), stack)


def empty_store(store: RemoteStore) -> None:
    """Drop every graph a test made (a server's system graphs stay)."""
    graphs = store.graphs()
    if graphs:
        store.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs))
