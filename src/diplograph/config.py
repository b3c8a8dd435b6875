"""Settings, built once at the edge (CLI arguments, then environment) and passed inward.

The core never reads the environment; only ``Settings.from_env`` does.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from diplograph.errors import ConfigError


@dataclass(frozen=True)
class Settings:
    """Everything that can be configured. Defaults suit a researcher's laptop."""

    store_path: Path = Path("data")
    endpoint: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    base_url: str = "http://127.0.0.1:8000"
    token: str | None = field(default=None, repr=False)
    query_timeout: float = 30.0
    max_query_bytes: int = 1_000_000
    max_body_bytes: int = 10_000_000
    max_result_rows: int = 100_000
    max_concurrent_queries: int = 8
    #: Brackets nested deeper than this are refused before parsing: the store's recursive
    #: parser would run out of stack on a few hundred levels and take the process down.
    max_query_depth: int = 100
    service_allowlist: tuple[str, ...] = ()
    quarantine_path: Path | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Settings from ``DIPLOGRAPH_*`` variables, then explicit overrides (None means unset)."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        if "DIPLOGRAPH_STORE" in env:
            values["store_path"] = Path(env["DIPLOGRAPH_STORE"])
        if env.get("DIPLOGRAPH_ENDPOINT"):
            values["endpoint"] = env["DIPLOGRAPH_ENDPOINT"]
        if env.get("DIPLOGRAPH_TOKEN"):
            values["token"] = env["DIPLOGRAPH_TOKEN"]
        if env.get("DIPLOGRAPH_BASE_URL"):
            values["base_url"] = env["DIPLOGRAPH_BASE_URL"].rstrip("/")
        if env.get("DIPLOGRAPH_SERVICE_ALLOWLIST"):
            values["service_allowlist"] = tuple(
                u.strip() for u in env["DIPLOGRAPH_SERVICE_ALLOWLIST"].split(",") if u.strip())
        for key, conv in (("query_timeout", float), ("max_query_bytes", int), ("max_body_bytes", int),
                          ("max_result_rows", int), ("max_concurrent_queries", int), ("max_query_depth", int)):
            name = "DIPLOGRAPH_" + key.upper()
            if env.get(name):
                try:
                    values[key] = conv(env[name])
                except ValueError:
                    raise ConfigError(f"{name} must be a number, got {env[name]!r}") from None
        if env.get("DIPLOGRAPH_QUARANTINE"):
            values["quarantine_path"] = Path(env["DIPLOGRAPH_QUARANTINE"])
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = cls(**values)
        for key in ("query_timeout", "max_query_bytes", "max_body_bytes", "max_result_rows", "max_concurrent_queries",
                    "max_query_depth"):
            if getattr(settings, key) <= 0:
                raise ConfigError(f"DIPLOGRAPH_{key.upper()} must be above zero, got {getattr(settings, key)}")
        if "base_url" not in values and ("host" in values or "port" in values):
            settings = replace(settings, base_url=f"http://{settings.host}:{settings.port}")
        return settings
