"""The fast path on hostile input: bounded work, bounded caches, never an exception."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from openbadge_kit.errors import CanonicalizationLimitError, InputTooLargeError, JsonLdError
from openbadge_kit.jsonld import fast
from openbadge_kit.jsonld.canonical import canonicalize
from openbadge_kit.jsonld.canonize import canonize
from openbadge_kit.jsonld.to_rdf import to_rdf
from openbadge_kit.limits import DEFAULT_LIMITS

BENCH = Path(__file__).resolve().parents[1] / "vectors" / "bench-credential-unsigned.json"
VC2 = "https://www.w3.org/ns/credentials/v2"
OB3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"


def _bench() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(BENCH.read_text("utf-8"))
    return doc


def test_deep_nesting_falls_back_without_raising() -> None:
    doc = _bench()
    inner: dict[str, Any] = doc["credentialSubject"]["achievement"]
    for _ in range(200):  # creator of creator of ... (Profile objects)
        nested = {"id": "https://example.org/p", "type": "Profile", "name": "x"}
        inner["creator"] = nested
        inner = nested
    assert fast.to_quads(doc) is None


def test_deeply_nested_arrays_fall_back_without_raising() -> None:
    value: Any = "x"
    for _ in range(5000):
        value = [value]
    doc = {"@context": [VC2], "id": "urn:x", "type": "VerifiableCredential", "name": value}
    assert fast.to_quads(doc) is None


@pytest.mark.parametrize("document", [None, 7, "text", [None], {"@context": 5}])
def test_non_documents_fall_back(document: Any) -> None:
    assert fast.to_quads(document) is None


def test_quad_limit_is_refused_without_the_reference_path_work() -> None:
    # the walk covered the whole document: pyld would build the same dataset to refuse it
    limits = dataclasses.replace(DEFAULT_LIMITS, max_quads=20)
    with pytest.raises(CanonicalizationLimitError, match="more than 20 quads"):
        fast.to_quads(_bench(), limits=limits)
    with pytest.raises((CanonicalizationLimitError, InputTooLargeError)):
        canonize(_bench(), limits=limits)


def test_distinct_inline_contexts_keep_the_cache_bounded() -> None:
    for i in range(fast._ROOT_CACHE_SIZE + 40):
        doc = {"@context": [VC2, {f"t{i}": f"https://example.org/t{i}"}],
               "id": f"urn:x:{i}", "type": "VerifiableCredential", f"t{i}": i}
        quads = fast.to_quads(doc)
        assert quads is not None
        if i % 40 == 0:
            assert canonicalize(quads).text == canonicalize(to_rdf(doc)).text
    assert len(fast._ROOTS) <= fast._ROOT_CACHE_SIZE


def test_cache_budget_drops_every_cache_and_answers_stay_right(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fast, "_CACHE_BUDGET", 200)
    expected = canonicalize(to_rdf(_bench())).text
    for i in range(30):
        doc = {"@context": [VC2, OB3, {f"x{i}": "https://example.org/x"}],
               "id": "urn:y", "type": "VerifiableCredential", "name": "n"}
        assert fast.to_quads(doc) is not None
        quads = fast.to_quads(_bench())
        assert quads is not None
        assert canonicalize(quads).text == expected
    assert fast._cache_weight <= 200 + 60 * fast._CONTEXT_WEIGHT


def test_an_unbundled_context_is_reported_by_the_reference_path() -> None:
    doc = {"@context": [VC2, "https://example.org/ctx.json"], "type": "VerifiableCredential"}
    assert fast.to_quads(doc) is None
    with pytest.raises(JsonLdError) as info:
        canonize(doc)
    assert "https://example.org/ctx.json" in str(info.value)
