"""The Docker files, checked without a Docker engine: what a `docker compose up` relies on."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCKER = ROOT / "docker"


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data = yaml.safe_load((DOCKER / "compose.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def dockerfile_instructions() -> list[tuple[str, str]]:
    text = (DOCKER / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            out.append((keyword.upper(), rest.strip()))
    return out


def test_the_app_talks_to_the_oxigraph_service_at_its_query_endpoint(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert services["oxigraph"]["image"].startswith("ghcr.io/oxigraph/oxigraph")
    command = services["oxigraph"]["command"]
    bind = command[command.index("--bind") + 1]
    port = bind.rsplit(":", 1)[1]
    assert services["app"]["environment"]["DIPLOGRAPH_ENDPOINT"] == f"http://oxigraph:{port}/query"
    assert "oxigraph" in services["app"]["depends_on"]
    assert "profiles" not in services["app"] and "profiles" not in services["oxigraph"]


def test_virtuoso_runs_only_in_its_profile_and_is_set_up_for_diplograph(compose: dict[str, Any]) -> None:
    services = compose["services"]
    for name in ("virtuoso", "app-virtuoso"):
        assert services[name]["profiles"] == ["virtuoso"]
    assert services["virtuoso"]["image"].startswith("openlink/virtuoso-opensource-7")
    assert services["app-virtuoso"]["environment"]["DIPLOGRAPH_ENDPOINT"] == "http://virtuoso:8890/sparql"
    mounts = [m.split(":") for m in services["virtuoso"]["volumes"]]
    init = [m for m in mounts if m[1].startswith("/initdb.d/")]
    assert init and (DOCKER / init[0][0]).resolve().is_file()


def test_published_ports_listen_on_loopback_only(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), f"{name} publishes {port} on every interface"


def test_image_is_slim_non_root_with_a_healthcheck_and_the_pinned_model() -> None:
    steps = dockerfile_instructions()
    froms = [rest for keyword, rest in steps if keyword == "FROM"]
    assert froms and all(f.startswith("python:3.11-slim") for f in froms)
    users = [rest for keyword, rest in steps if keyword == "USER"]
    assert users and users[-1] not in ("root", "0")
    health = [rest for keyword, rest in steps if keyword == "HEALTHCHECK"]
    assert health and "127.0.0.1:8000" in health[0]
    runs = " ".join(rest for keyword, rest in steps if keyword == "RUN")
    assert re.search(r"--require-hashes\b.*-r requirements/model\.txt", runs)


def test_everything_the_image_copies_exists_in_the_repository() -> None:
    for keyword, rest in dockerfile_instructions():
        if keyword == "COPY" and not rest.startswith("--from"):
            for source in rest.split()[:-1]:
                assert (ROOT / source).exists(), f"COPY {source}: not in the repository"
