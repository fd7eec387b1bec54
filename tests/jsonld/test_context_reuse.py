"""Processed contexts are reused across calls, and nothing one document does leaks into the next."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld as pyld_jsonld

from openbadge_kit.jsonld import canonize
from openbadge_kit.jsonld.canonical import canonicalize
from openbadge_kit.jsonld.loader import OfflineLoader, get_context
from openbadge_kit.jsonld.to_rdf import to_rdf

VECTORS = Path(__file__).resolve().parents[1] / "vectors"
OB3 = VECTORS / "1edtech-ob3-spec-test-vectors"
VC2 = "https://www.w3.org/ns/credentials/v2"


def _json(path: Path) -> Any:
    return json.loads(path.read_text("utf-8"))


def reference(document: Any) -> str:
    """Canonical N-Quads by the pyld reference path alone (never the fast path)."""
    return canonicalize(to_rdf(document)).text


@pytest.fixture
def term_definitions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records every term definition pyld builds while the test runs."""
    made: list[str] = []
    original = pyld_jsonld.JsonLdProcessor._create_term_definition

    def spy(self: Any, active_ctx: Any, local_ctx: Any, term: str, *a: Any, **k: Any) -> Any:
        made.append(term)
        return original(self, active_ctx, local_ctx, term, *a, **k)

    monkeypatch.setattr(pyld_jsonld.JsonLdProcessor, "_create_term_definition", spy)
    return made


@pytest.mark.parametrize("folder", ["obv3p0", "clrv2p0"])
def test_second_call_processes_no_context(folder: str, term_definitions: list[str]) -> None:
    document = _json(OB3 / folder / "unsigned.json")
    loader = OfflineLoader()  # a fresh loader: fresh caches
    first = canonize(document, loader=loader)
    assert term_definitions, "the first call must process the contexts"
    term_definitions.clear()
    assert canonize(copy.deepcopy(document), loader=loader) == first
    assert term_definitions == []


def test_import_cannot_poison_bundled_contexts() -> None:
    """pyld merges @import into the imported document in place: it must not be ours."""
    honest = _json(OB3 / "obv3p0" / "unsigned.json")
    expected = (OB3 / "obv3p0" / "document-canon.nq").read_text("utf-8")
    assert reference(honest) == expected  # warm the shared caches first
    evil = {
        "@context": [{"@version": 1.1, "@import": VC2, "name": "https://evil.example/name"}],
        "@id": "https://example.org/s",
        "name": "x",
    }
    assert reference(evil) == '<https://example.org/s> <https://evil.example/name> "x" .\n'
    assert "@import" not in get_context(VC2)["@context"]
    assert get_context(VC2)["@context"]["name"] != "https://evil.example/name"
    assert reference(honest) == expected


def test_changed_embedded_context_is_not_served_stale() -> None:
    """A caller's own context objects are never cached by identity."""
    ctx: dict[str, Any] = {"p": "https://example.org/one"}
    document = {"@context": ctx, "@id": "https://example.org/s", "p": "v"}
    assert "<https://example.org/one>" in canonize(document)
    ctx["p"] = "https://example.org/two"
    assert "<https://example.org/two>" in canonize(document)


def test_same_url_means_what_each_loader_says() -> None:
    url = "https://example.org/ctx.jsonld"
    first = OfflineLoader({url: {"@context": {"p": "https://example.org/first"}}})
    second = OfflineLoader({url: {"@context": {"p": "https://example.org/second"}}})
    document = {"@context": url, "@id": "https://example.org/s", "p": "v"}
    assert "<https://example.org/first>" in canonize(document, loader=first)
    assert "<https://example.org/second>" in canonize(document, loader=second)
    assert "<https://example.org/first>" in canonize(document, loader=first)


def test_import_inside_a_loaded_context_is_isolated_too() -> None:
    url = "https://example.org/importing.jsonld"
    loader = OfflineLoader({url: {"@context": {"@version": 1.1, "@import": VC2,
                                               "name": "https://evil.example/name"}}})
    document = {"@context": url, "@id": "https://example.org/s", "name": "x"}
    assert canonize(document, loader=loader) == (
        '<https://example.org/s> <https://evil.example/name> "x" .\n'
    )
    assert canonize(document, loader=loader) == (  # and again, from whatever was cached
        '<https://example.org/s> <https://evil.example/name> "x" .\n'
    )
    assert "@import" not in get_context(VC2)["@context"]
    honest = _json(OB3 / "obv3p0" / "unsigned.json")
    assert canonize(honest, loader=loader) == (OB3 / "obv3p0" / "document-canon.nq").read_text()


def test_a_loader_of_endless_distinct_documents_stays_bounded_and_correct(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from openbadge_kit.jsonld import to_rdf as module

    monkeypatch.setattr(module, "MAX_TRUSTED_DOCUMENTS", 3)

    def loader(url: str, options: Any = None) -> dict[str, Any]:
        n = url.rsplit("/", 1)[1]
        return {"contextUrl": None, "documentUrl": url, "tag": "static",
                "document": {"@context": {"p": f"https://example.org/p{n}"}}}

    for n in range(10):
        url = f"https://example.org/ctx/{n}"
        text = canonize({"@context": url, "@id": "https://example.org/s", "p": "v"},
                        loader=loader)
        assert text == f'<https://example.org/s> <https://example.org/p{n}> "v" .\n'
        state = module._context_state(loader)
        assert state is not None
        assert len(state.scanned) <= 3


def test_concurrent_reference_path_calls_agree() -> None:
    """The per-loader caches are shared by threads; every result must still be exact."""
    from concurrent.futures import ThreadPoolExecutor

    loader = OfflineLoader()
    jobs = []
    for folder in ("obv3p0", "clrv2p0"):
        jobs.append((_json(OB3 / folder / "unsigned.json"),
                     (OB3 / folder / "document-canon.nq").read_text("utf-8")))

    def run(i: int) -> bool:
        document, expected = jobs[i % 2]
        return canonicalize(to_rdf(document, loader=loader)).text == expected

    with ThreadPoolExecutor(max_workers=6) as pool:
        assert all(pool.map(run, range(60)))


def test_embedded_type_scoped_context_is_processed_once_per_call(
    term_definitions: list[str],
) -> None:
    """A document's own type-scoped context is not re-processed for every node."""
    scoped = {f"t{i}": f"https://example.org/t{i}" for i in range(50)}
    document = {
        "@context": {"T": {"@id": "https://example.org/T", "@context": scoped},
                     "items": "https://example.org/items"},
        "@id": "https://example.org/s",
        "items": [{"@type": "T", "t1": f"v{n}"} for n in range(300)],
    }
    quads = to_rdf(document, loader=OfflineLoader())
    assert len(quads) == 300 * 3
    assert len(term_definitions) < 3 * 52  # pyld's own caching: 300 * 50 and more


def test_a_property_with_many_values_is_not_quadratic(monkeypatch: pytest.MonkeyPatch) -> None:
    """pyld's node map compares each new value with every earlier one; we do not use it."""
    compared = []
    original = pyld_jsonld.JsonLdProcessor.compare_values

    def spy(v1: Any, v2: Any) -> Any:
        compared.append(1)
        return original(v1, v2)

    monkeypatch.setattr(pyld_jsonld.JsonLdProcessor, "compare_values", staticmethod(spy))
    document = {"@context": {"tag": "https://example.org/tag"}, "@id": "https://example.org/s",
                "tag": [f"t{i}" for i in range(3000)]}
    assert len(to_rdf(document)) == 3000
    assert len(compared) < 3000


def test_import_through_canonize_cannot_poison_bundled_contexts() -> None:
    """Whichever path canonize takes, @import must not write into a bundled document."""
    honest = _json(OB3 / "obv3p0" / "unsigned.json")
    expected = (OB3 / "obv3p0" / "document-canon.nq").read_text("utf-8")
    evil = {
        "@context": [{"@version": 1.1, "@import": VC2, "name": "https://evil.example/name"}],
        "@id": "https://example.org/s",
        "name": "x",
    }
    assert canonize(evil) == '<https://example.org/s> <https://evil.example/name> "x" .\n'
    assert get_context(VC2)["@context"]["name"] == "https://schema.org/name"
    assert canonize(honest) == expected


def test_bundled_documents_are_read_only() -> None:
    with pytest.raises(TypeError):
        get_context(VC2)["@context"]["name"] = "https://evil.example/name"
    with pytest.raises((TypeError, AttributeError)):
        get_context(VC2)["@context"].update({"x": "y"})


def test_extra_documents_are_copied_read_only() -> None:
    url = "https://example.org/ctx.jsonld"
    mine = {"@context": {"p": "https://example.org/p"}}
    loader = OfflineLoader({url: mine})
    mine["@context"]["p"] = "https://example.org/changed"
    document = {"@context": url, "@id": "https://example.org/s", "p": "v"}
    assert "<https://example.org/p>" in reference_with(document, loader)


def reference_with(document: Any, loader: OfflineLoader) -> str:
    return canonicalize(to_rdf(document, loader=loader)).text


def test_extra_document_with_a_relative_scoped_context_url() -> None:
    url = "https://example.org/ctx/main.jsonld"
    loader = OfflineLoader({
        url: {"@context": {"T": {"@id": "https://example.org/T", "@context": "inner.jsonld"}}},
        "https://example.org/ctx/inner.jsonld": {"@context": {"q": "https://example.org/q"}},
    })
    document = {"@context": url, "@id": "https://example.org/s", "@type": "T", "q": "v"}
    assert '<https://example.org/s> <https://example.org/q> "v" .\n' in reference_with(
        document, loader
    )


def test_read_only_documents_copy_and_pickle_as_themselves() -> None:
    import pickle

    document = get_context(VC2)
    assert copy.deepcopy(document) is document
    assert pickle.loads(pickle.dumps(document)) == document
    inner = document["@context"]
    inner["@protected"] = inner["@protected"]  # rewriting the same value is allowed
