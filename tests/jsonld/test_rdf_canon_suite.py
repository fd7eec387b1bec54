"""The W3C RDF Dataset Canonicalization (RDFC-1.0) test suite, driven by its manifest."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from openbadge_kit.errors import CanonicalizationLimitError
from openbadge_kit.jsonld.canonical import canonicalize
from openbadge_kit.jsonld.nquads import parse_nquads
from openbadge_kit.limits import DEFAULT_LIMITS, Limits

SUITE = Path(__file__).resolve().parents[1] / "vectors" / "w3c-rdf-canon" / "tests"
ENTRIES: list[dict[str, Any]] = json.loads((SUITE / "manifest.jsonld").read_text("utf-8"))[
    "entries"
]

#: the manifest's "high" computationalComplexity tests are "computable given defined
#: limits": they need a larger work factor than the default budget allows
HIGH_LIMITS = dataclasses.replace(DEFAULT_LIMITS, canon_work_factor=4)


def _limits(entry: dict[str, Any]) -> Limits:
    return HIGH_LIMITS if entry.get("computationalComplexity") == "high" else DEFAULT_LIMITS


def _hash(entry: dict[str, Any]) -> str:
    return str(entry.get("hashAlgorithm", "SHA256"))


def _input(entry: dict[str, Any]) -> str:
    return (SUITE / entry["action"]).read_bytes().decode("utf-8")


def _of(kind: str) -> list[Any]:
    return [
        pytest.param(e, id=e["id"].lstrip("#")) for e in ENTRIES if e["type"] == f"rdfc:{kind}"
    ]


def test_manifest_has_every_kind() -> None:
    assert len(_of("RDFC10EvalTest")) == 64
    assert len(_of("RDFC10MapTest")) == 21
    assert len(_of("RDFC10NegativeEvalTest")) == 1


@pytest.mark.parametrize("entry", _of("RDFC10EvalTest"))
def test_eval(entry: dict[str, Any]) -> None:
    expected = (SUITE / entry["result"]).read_bytes().decode("utf-8")
    result = canonicalize(
        parse_nquads(_input(entry)), limits=_limits(entry), hash_algorithm=_hash(entry)
    )
    assert result.text == expected


@pytest.mark.parametrize("entry", _of("RDFC10MapTest"))
def test_issued_identifier_map(entry: dict[str, Any]) -> None:
    expected = json.loads((SUITE / entry["result"]).read_text("utf-8"))
    result = canonicalize(
        parse_nquads(_input(entry)), limits=_limits(entry), hash_algorithm=_hash(entry)
    )
    assert result.issued == expected


@pytest.mark.parametrize("entry", _of("RDFC10NegativeEvalTest"))
@pytest.mark.parametrize("limits", [DEFAULT_LIMITS, HIGH_LIMITS], ids=["default", "high"])
def test_poison_graph_aborts(entry: dict[str, Any], limits: Limits) -> None:
    with pytest.raises(CanonicalizationLimitError, match="work limit"):
        canonicalize(parse_nquads(_input(entry)), limits=limits)


@pytest.mark.parametrize("name", ["test044", "test045", "test046"])
def test_high_complexity_graphs_abort_under_default_budget(name: str) -> None:
    """The default budget (work factor 2) refuses what needs factor 4: it is a real limit."""
    quads = parse_nquads((SUITE / "rdfc10" / f"{name}-in.nq").read_text("utf-8"))
    with pytest.raises(CanonicalizationLimitError):
        canonicalize(quads, limits=DEFAULT_LIMITS)
