"""RDFC-1.0 behaviour beyond the W3C suite: fast road, limits, invariance, options."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openbadge_kit.errors import CanonicalizationLimitError, JsonLdError
from openbadge_kit.jsonld import canonical
from openbadge_kit.jsonld.canonical import canonicalize
from openbadge_kit.jsonld.nquads import Quad, parse_nquads
from openbadge_kit.jsonld.to_rdf import to_rdf
from openbadge_kit.limits import DEFAULT_LIMITS

VECTORS = Path(__file__).resolve().parents[1] / "vectors"
P = "<http://example.com/#p>"


def _relabel(quads: list[Quad], mapping: dict[str, str]) -> list[Quad]:
    def term(t: str) -> str:
        return mapping.get(t, t)

    return [(term(s), p, term(o), term(g)) for s, p, o, g in quads]


@pytest.fixture
def n_degree_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    original = canonical._Canonicalizer.hash_n_degree

    def spy(self: Any, node: str, *args: Any, **kwargs: Any) -> Any:
        calls.append(node)
        return original(self, node, *args, **kwargs)

    monkeypatch.setattr(canonical._Canonicalizer, "hash_n_degree", spy)
    return calls


def test_first_degree_hash_matches_the_spec_example() -> None:
    run = canonical._Canonicalizer(hashlib.sha256)
    quads = [
        ("<http://example.com/#p>", "<http://example.com/#q>", "_:e0", ""),
        ("_:e0", "<http://example.com/#s>", "<http://example.com/#u>", ""),
    ]
    run.bnode_quads = {"_:e0": quads}
    assert run.hash_first_degree("_:e0") == (
        "21d1dd5ba21f3dee9d76c0c00c260fa6f5d5d65315099e553026f4828d0dc77a"
    )


@pytest.mark.parametrize("folder", ["obv3p0", "clrv2p0"])
def test_credentials_take_the_fast_road(folder: str, n_degree_calls: list[str]) -> None:
    """Every blank node of a typical credential has a unique first-degree hash."""
    document = json.loads((VECTORS / "1edtech-ob3-spec-test-vectors" / folder / "signed.json")
                          .read_text("utf-8"))
    result = canonicalize(to_rdf(document))
    assert result.issued  # there are blank nodes (proofs, criteria, ...)
    assert n_degree_calls == []


def test_identical_objects_need_n_degree_hashing_and_stay_within_budget(
    n_degree_calls: list[str],
) -> None:
    """Five identical alignment-like objects without ids: allowed by the default budget."""
    quads: list[Quad] = []
    for i in range(5):
        quads.append(("<urn:s>", P, f"_:x{i}", ""))
        quads.append((f"_:x{i}", "<urn:name>", '"same"', ""))
    result = canonicalize(quads)
    assert len(n_degree_calls) == 5
    assert sorted(result.issued.values()) == [f"c14n{i}" for i in range(5)]
    assert result.text.count("\n") == 10


def test_blank_node_graph_names_are_relabelled() -> None:
    quads: list[Quad] = [
        ("<urn:cred>", "<https://w3id.org/security#proof>", "_:g", ""),
        ("_:proof", "<urn:type>", "<urn:Proof>", "_:g"),
        ("_:proof", "<urn:created>", '"2024"', "_:g"),
    ]
    result = canonicalize(quads)
    assert all(not q[3] or q[3].startswith("_:c14n") for q in result.quads)
    assert result.issued.keys() == {"g", "proof"}
    assert result.text.count(" _:c14n") >= 3  # the graph label appears on every graph line


def test_duplicates_are_one_quad_and_text_matches_quads() -> None:
    quads: list[Quad] = [("_:a", P, '"x"', ""), ("_:a", P, '"x"', ""), ("<urn:s>", P, "_:a", "")]
    result = canonicalize(quads)
    assert result.text == "".join(
        f"{s} {p} {o}{' ' + g if g else ''} .\n" for s, p, o, g in result.quads
    )
    assert len(result.quads) == 2


def test_output_is_sorted_by_code_point() -> None:
    quads: list[Quad] = [("<urn:s>", P, f'"{c}"', "") for c in ["\U0001F600", "\uFFFD", "a", "Z"]]
    lines = canonicalize(quads).text.splitlines()
    assert lines == sorted(lines)
    assert lines[-1].endswith('"\U0001F600" .')  # astral after U+FFFD (UTF-16 order differs)


def test_max_quads_is_enforced() -> None:
    limits = dataclasses.replace(DEFAULT_LIMITS, max_quads=3)
    quads: list[Quad] = [("<urn:s>", P, f'"{i}"', "") for i in range(4)]
    with pytest.raises(CanonicalizationLimitError, match="max_quads"):
        canonicalize(quads, limits=limits)
    canonicalize(quads[:3], limits=limits)


@pytest.mark.parametrize("name", ["sha256", "SHA256", "SHA-256", "sha384", "SHA-384"])
def test_hash_algorithm_names(name: str) -> None:
    canonicalize([("_:a", P, "_:b", "")], hash_algorithm=name)


def test_unknown_hash_algorithm_is_our_error() -> None:
    with pytest.raises(JsonLdError) as info:
        canonicalize([], hash_algorithm="md5")
    assert info.value.code == "canonicalization_hash_unsupported"


def test_long_chains_of_identical_nodes_hit_the_limit_not_the_stack() -> None:
    quads: list[Quad] = []
    for chain in ("x", "y"):
        for i in range(400):
            quads.append((f"_:{chain}{i}", "<urn:next>", f"_:{chain}{i + 1}", ""))
    with pytest.raises(CanonicalizationLimitError):
        canonicalize(quads)


@st.composite
def _graphs(draw: st.DrawFn) -> list[Quad]:
    nodes = [f"_:n{i}" for i in range(draw(st.integers(1, 6)))]
    terms = [*nodes, "<urn:a>", "<urn:b>"]
    predicates = ["<urn:p>", "<urn:q>"]
    quads = draw(
        st.lists(
            st.tuples(
                st.sampled_from(terms),
                st.sampled_from(predicates),
                st.sampled_from([*terms, '"v"']),
                st.sampled_from(["", "", "_:n0", "<urn:g>"]),
            ),
            min_size=1, max_size=12,
        )
    )
    return [q for q in quads if not q[0].startswith('"')]


GENEROUS = dataclasses.replace(DEFAULT_LIMITS, canon_work_factor=6)


@settings(max_examples=150, deadline=None)
@given(quads=_graphs(), seed=st.integers(0, 2**32))
def test_isomorphic_datasets_canonicalize_identically(quads: list[Quad], seed: int) -> None:
    rng = random.Random(seed)
    labels = sorted({t for q in quads for t in (q[0], q[2], q[3]) if t.startswith("_:")})
    fresh = [f"_:r{i}" for i in range(len(labels))]
    rng.shuffle(fresh)
    mapping = dict(zip(labels, fresh, strict=True))
    other = _relabel(quads, mapping)
    rng.shuffle(other)
    first = canonicalize(quads, limits=GENEROUS)
    second = canonicalize(other, limits=GENEROUS)
    assert first.text == second.text
    assert set(first.issued.values()) == {f"c14n{i}" for i in range(len(labels))}


def test_many_poison_components_hit_the_absolute_ceiling() -> None:
    """150 disjoint 5-cliques: a budget quadratic in 750 nodes would allow minutes."""
    quads: list[Quad] = [
        (f"_:c{c}n{i}", P, f"_:c{c}n{j}", "")
        for c in range(150) for i in range(5) for j in range(5) if i != j
    ]
    with pytest.raises(CanonicalizationLimitError, match=f"\\({canonical.MAX_DEEP_ITERATIONS} "):
        canonicalize(quads)


def test_the_ceiling_yields_to_an_explicit_minimum(monkeypatch: pytest.MonkeyPatch) -> None:
    suite = VECTORS / "w3c-rdf-canon" / "tests" / "rdfc10"
    quads = parse_nquads((suite / "test044-in.nq").read_text("utf-8"))
    expected = (suite / "test044-rdfc10.nq").read_text("utf-8")
    monkeypatch.setattr(canonical, "MAX_DEEP_ITERATIONS", 100)
    generous = dataclasses.replace(DEFAULT_LIMITS, canon_work_factor=4)
    with pytest.raises(CanonicalizationLimitError):
        canonicalize(quads, limits=generous)
    opted_in = dataclasses.replace(generous, canon_min_deep_iterations=10_000)
    assert canonicalize(quads, limits=opted_in).text == expected
