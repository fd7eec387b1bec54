"""Shared issuer fixtures: a fixed key, a profile, achievements, and both registry engines."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from openbadge_kit.issuer.registry import PostgresRegistry, Registry, SQLiteRegistry
from openbadge_kit.keys.ed25519 import Ed25519KeyPair

from . import pg_server

SCHEMAS = Path(__file__).resolve().parents[2] / "src" / "openbadge_kit" / "schemas"
LIST_URL = "https://badges.example.edu/status/1"


@pytest.fixture(scope="session")
def key() -> Ed25519KeyPair:
    return Ed25519KeyPair.from_seed(bytes(range(32)))


@pytest.fixture
def profile(key: Ed25519KeyPair) -> dict[str, Any]:
    return {"id": key.did_key, "type": ["Profile"], "name": "Example Community College",
            "url": "https://college.example.edu/"}


def make_achievement(n: int = 1, name: str = "Verbal Communication") -> dict[str, Any]:
    return {
        "id": f"https://badges.example.edu/achievements/{n}",
        "type": ["Achievement"],
        "achievementType": "MicroCredential",
        "name": name,
        "description": "Illustrative achievement used by the tests.",
        "criteria": {"narrative": "Complete every assignment of the unit."},
    }


@pytest.fixture
def achievement() -> dict[str, Any]:
    return make_achievement()


def schema_errors(credential: dict[str, Any], schema_file: str) -> list[str]:
    """Every error the bundled 1EdTech JSON Schema reports for ``credential``."""
    schema = json.loads((SCHEMAS / schema_file).read_text("utf-8"))
    validator = jsonschema.Draft201909Validator(schema)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(credential)]


def proof_codes(credential: dict[str, Any]) -> list[str]:
    """The outcome code of each embedded proof, verified offline (did:key)."""
    from openbadge_kit.keys.resolvers import default_resolver
    from openbadge_kit.proofs.data_integrity import verify_proofs

    return [r.code for r in verify_proofs(credential, resolver=default_resolver())]


# --- registry engines -------------------------------------------------------------------------

_PG: dict[str, Any] = {}
_DB_NUMBERS = itertools.count()


@pytest.fixture(scope="session")
def postgres_dsn() -> Iterator[str]:
    """A PostgreSQL server started for this test session (skips, saying why, if it can't)."""
    try:
        dsn, stop = pg_server.start()
    except pg_server.Unavailable as exc:
        pytest.skip(f"PostgreSQL unavailable: {exc}")
    try:
        yield dsn
    finally:
        stop()


def fresh_database(server_dsn: str) -> str:
    """A new empty database on the test server; returns its DSN."""
    import psycopg

    name = f"registry_{next(_DB_NUMBERS)}"
    with psycopg.connect(server_dsn, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return server_dsn.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def registry_location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a fresh registry lives: a SQLite file or a new PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "registry.db")
    server: str = request.getfixturevalue("postgres_dsn")
    return fresh_database(server)


@pytest.fixture
def registry(registry_location: str) -> Iterator[Registry]:
    reg: Registry
    if registry_location.startswith("postgresql://"):
        reg = PostgresRegistry(registry_location)
    else:
        reg = SQLiteRegistry(registry_location)
    yield reg
    reg.close()


RegistryFactory = Callable[[], Registry]
