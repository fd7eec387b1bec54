"""Our quad writer against pyld's own toRdf over every collected credential."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld as pyld_jsonld

from openbadge_kit.errors import ContextNotAllowedError
from openbadge_kit.jsonld.canonical import canonicalize
from openbadge_kit.jsonld.loader import OfflineLoader
from openbadge_kit.jsonld.nquads import Quad
from openbadge_kit.jsonld.to_rdf import _term, to_rdf

VECTORS = Path(__file__).resolve().parents[1] / "vectors"
SKIP = ("w3c-json-ld-api", "w3c-rdf-canon", "jsonld-contexts", "contexts")


def _documents() -> list[Any]:
    params = []
    for path in sorted(VECTORS.rglob("*.json")):
        if any(part in SKIP for part in path.relative_to(VECTORS).parts):
            continue
        try:
            document = json.loads(path.read_text("utf-8"))
        except (ValueError, UnicodeDecodeError):
            continue
        if isinstance(document, dict) and "@context" in document:
            params.append(pytest.param(document, id=str(path.relative_to(VECTORS))))
    return params


DOCUMENTS = _documents()
LOADER = OfflineLoader()  # one loader: contexts are processed once for the module


def _pyld_quads(document: Any, loader: OfflineLoader) -> list[Quad]:
    """pyld's own node map + toRdf, with our term writing."""
    dataset = pyld_jsonld.JsonLdProcessor().to_rdf(
        document, {"documentLoader": loader, "base": None}
    )
    quads: list[Quad] = []
    for name, triples in dataset.items():
        graph = "" if name == "@default" else name if name.startswith("_:") else f"<{name}>"
        quads.extend(
            (_term(t["subject"]), _term(t["predicate"]), _term(t["object"]), graph)
            for t in triples
            if t["object"] is not None
        )
    return quads


def test_corpus_is_large() -> None:
    assert len(DOCUMENTS) > 250


@pytest.mark.parametrize("document", DOCUMENTS)
def test_same_dataset_as_pyld_node_map(document: Any) -> None:
    try:
        ours = canonicalize(to_rdf(document, loader=LOADER, safe=False)).text
    except ContextNotAllowedError:
        pytest.skip("needs a context that is not bundled")
    assert ours == canonicalize(_pyld_quads(document, LOADER)).text
