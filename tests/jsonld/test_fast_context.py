"""Native context processing (``jsonld/fast_context.py``) against pyld's.

Wherever the native processor answers, its active context must equal pyld's (term by
term, in pyld's own representation); wherever pyld raises, the native processor must
decline.  Checked on every bundled context, every context list of the corpus, every
scoped context of the VC 2.0 and OB 3.0 contexts and the JSON-LD toRdf suite's inline
contexts.
"""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path
from typing import Any

import pytest
from cachetools import LRUCache
from pyld import jsonld
from pyld.context_resolver import ContextResolver

from openbadge_kit.jsonld import fast, fast_context, to_rdf
from openbadge_kit.jsonld.loader import bundled_contexts, default_loader, get_context

from .test_to_rdf_suite import MANIFEST, SUITE

VECTORS = Path(__file__).resolve().parents[1] / "vectors"
VC2 = "https://www.w3.org/ns/credentials/v2"
OB3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"

_PYLD = jsonld.JsonLdProcessor()
_OPTIONS: dict[str, Any] = {
    "documentLoader": default_loader(),
    "contextResolver": ContextResolver(LRUCache(maxsize=256), default_loader()),
    "base": None,
    "processingMode": "json-ld-1.1",
}
_PYLD_INITIAL = _PYLD._get_initial_context(_OPTIONS)


def _pyld(active: dict[str, Any], local: Any, **flags: bool) -> dict[str, Any] | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result: dict[str, Any] = _PYLD._process_context(
                active, local, _OPTIONS, override_protected=flags.get("override", False),
                propagate=flags.get("propagate", True))
        return result
    except Exception:  # pyld refuses: the native processor must refuse too
        return None


def _native(active: dict[str, Any], local: Any, **flags: bool) -> dict[str, Any] | None:
    try:
        return fast_context.process(active, local, **flags)
    except fast_context.NativeUnsupported:
        return None


def _same(native: dict[str, Any], reference: dict[str, Any]) -> None:
    assert dict(native["mappings"]) == dict(reference["mappings"])
    for key in ("@vocab", "@language"):
        assert native.get(key) == reference.get(key), key
    assert ("previousContext" in native) == ("previousContext" in reference)


def _compare(local: Any, *, active: tuple[dict[str, Any], dict[str, Any]] | None = None,
             **flags: bool) -> bool:
    """True when the native processor answered (and agreed with pyld)."""
    native_active, pyld_active = active or (fast_context.INITIAL, _PYLD_INITIAL)
    reference = _pyld(pyld_active, local, **flags)
    native = _native(native_active, local, **flags)
    if reference is None:
        assert native is None, f"pyld refuses {local!r:.200} but the native processor answered"
        return False
    if native is None:
        return False
    _same(native, reference)
    return True


def test_language_tag_rule_is_the_reference_paths() -> None:
    assert fast._LANGUAGE_TAG.pattern == to_rdf._LANGUAGE_TAG.pattern


@pytest.mark.parametrize("url", sorted(bundled_contexts()))
def test_bundled_context(url: str) -> None:
    _compare(url)


def test_bundled_contexts_are_mostly_native() -> None:
    native = sum(_native(fast_context.INITIAL, url) is not None for url in bundled_contexts())
    assert native >= len(bundled_contexts()) - 4


def _corpus_context_lists() -> list[Any]:
    seen: dict[str, Any] = {}
    for path in sorted(VECTORS.rglob("*.json")):
        try:
            doc = json.loads(path.read_text("utf-8"))
        except (UnicodeDecodeError, ValueError):
            continue
        if isinstance(doc, dict) and "@context" in doc:
            seen.setdefault(json.dumps(doc["@context"], sort_keys=True), doc["@context"])
    return list(seen.values())


def test_every_context_list_of_the_corpus() -> None:
    lists = _corpus_context_lists()
    answered = sum(_compare(local) for local in lists)
    assert len(lists) > 40
    assert answered >= len(lists) - 5


VC1 = "https://www.w3.org/2018/credentials/v1"


@pytest.mark.parametrize("root", [[VC2, OB3], [VC2], [VC1, OB3]])
def test_scoped_contexts_applied_on_credential_roots(root: list[str]) -> None:
    native_root = fast_context.process(fast_context.INITIAL, root)
    pyld_root = _pyld(_PYLD_INITIAL, root)
    assert pyld_root is not None
    _same(native_root, pyld_root)
    scoped = [v["@context"] for url in root
              for v in get_context(url)["@context"].values()
              if isinstance(v, dict) and "@context" in v]
    assert len(scoped) >= 5
    for flags in ({"propagate": False}, {"override": True}):
        answered = sum(_compare(local, active=(native_root, pyld_root), **flags)
                       for local in scoped)
        assert answered >= len(scoped) - 1


def _suite_contexts() -> list[Any]:
    out = []
    for entry in MANIFEST["sequence"]:
        path = SUITE / entry["input"]
        if path.suffix not in (".jsonld", ".json"):
            continue
        doc = json.loads(path.read_text("utf-8"))
        stack = [doc]
        while stack:  # every @context anywhere in the document
            item = stack.pop()
            if isinstance(item, dict):
                if "@context" in item:
                    out.append(item["@context"])
                stack.extend(v for k, v in item.items() if k != "@context")
            elif isinstance(item, list):
                stack.extend(item)
    return out


def test_to_rdf_suite_inline_contexts() -> None:
    contexts = _suite_contexts()
    answered = sum(_compare(local) for local in contexts)
    assert len(contexts) > 300
    assert answered > 200


@pytest.mark.parametrize(
    "local",
    [
        {"@import": "https://www.w3.org/ns/credentials/v2"},
        {"@base": "https://example.org/"},
        {"@propagate": False, "p": "https://example.org/p"},
        {"p": {"@id": "https://example.org/p", "@direction": "rtl"}},
        None,
        "https://example.org/not-bundled",
        {"a": "b:c", "b": "a:d"},
        {"@version": 1.0},
    ],
)
def test_unsupported_contexts_are_declined(local: Any) -> None:
    assert _native(fast_context.INITIAL, local) is None


def test_protected_terms_cannot_be_redefined_natively() -> None:
    root = fast_context.process(fast_context.INITIAL, [VC2])
    assert _native(root, {"name": "https://example.org/name"}) is None
    assert _native(root, {"name": "https://example.org/name"}, override=True) is not None
    assert re.match(r"^https://schema\.org/name$", root["mappings"]["name"]["@id"])
