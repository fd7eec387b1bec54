"""Arbitrary JSON-LD-shaped input: only the library's own errors, and valid output."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from openbadge_kit.errors import OpenBadgeError
from openbadge_kit.jsonld import canonize
from openbadge_kit.jsonld.canonical import canonicalize
from openbadge_kit.jsonld.nquads import parse_nquads
from openbadge_kit.jsonld.to_rdf import to_rdf

_KEYS = st.sampled_from([
    "id", "type", "@id", "@type", "@value", "@language", "@list", "@set", "@graph",
    "@context", "name", "credentialSubject", "issuer", "@index", "@reverse", "@included",
    "@nest", "@json", "achievement", "proof", "validFrom", "@direction", "http://ex/p",
    "_:x", "@foo",
])
_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["x", "http://ex/a", "http://ex/a b", "_:b", "@id", "@vocab", "en", "",
                     "https://www.w3.org/ns/credentials/v2", "VerifiableCredential"]),
)
_JSON = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=5)),
    max_leaves=20,
)
_CONTEXTS = st.sampled_from([
    ["https://www.w3.org/ns/credentials/v2"],
    ["https://www.w3.org/ns/credentials/v2",
     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
    {"@vocab": "http://ex/"},
    {"p": {"@id": "http://ex/p", "@container": "@list"}},
])


def _has_null_graph(value: Any) -> bool:
    if isinstance(value, dict):
        return any((k == "@graph" and v is None) or _has_null_graph(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_null_graph(v) for v in value)
    return False


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck),
          derandomize=True, database=None)  # fixed examples: stable on main
@given(context=_CONTEXTS, body=st.dictionaries(_KEYS, _JSON, max_size=6))
def test_safe_mode_raises_only_our_errors_and_writes_valid_nquads(
    context: Any, body: dict[str, Any]
) -> None:
    document = {**body, "@context": context}
    # pyld 3.3 rejects "@graph": null, which JSON-LD 1.1 expands to nothing (and so
    # does the fast path): a known, harmless disagreement, not what this test is about
    assume(not _has_null_graph(document))
    try:
        reference = canonicalize(to_rdf(document)).text
    except OpenBadgeError as refused:
        with pytest.raises(OpenBadgeError) as again:  # canonize refuses it too
            canonize(document)
        assert again.value.code == refused.code
        return
    assert parse_nquads(reference) is not None  # well-formed N-Quads
    assert canonize(document) == reference  # whichever path canonize takes
