"""Differential fuzzing of the JSON-LD fast path against the pyld reference path.

Seeds: every JSON-LD credential in ``tests/vectors/`` (spec examples, 1EdTech and W3C
vectors, the benchmark credential), mutated by random edits: keys added, removed and
retyped, JSON-LD keywords, inline contexts, odd strings. Property, on each mutant: when
``jsonld.fast.to_quads`` answers, the reference path (``to_rdf`` + ``canonicalize``) gives
byte-identical canonical N-Quads; when the reference path refuses (safe mode, unknown
context, invalid JSON-LD) the fast path does not answer; neither raises anything but the
library's own errors; ``canonize`` (the public entry) agrees with the reference path.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openbadge_kit.errors import OpenBadgeError
from openbadge_kit.jsonld import fast
from openbadge_kit.jsonld.canonize import canonize

from ..jsonld.differential import assert_paths_agree, reference
from .common import COUNTS, counted, fuzz_settings, mutate, smoke_settings

VECTORS = Path(__file__).resolve().parents[1] / "vectors"
SEED_FOLDERS = ["spec-examples", "1edtech-ob3-spec-test-vectors", "w3c-vc-di-eddsa",
                "dcc-vc-test-fixtures", "digitalbazaar-ed25519-signature-2020"]


def _seeds() -> list[Any]:
    found = []
    paths = [VECTORS / "bench-credential-unsigned.json"]
    for folder in SEED_FOLDERS:
        paths.extend(sorted((VECTORS / folder).rglob("*.json")))
    for path in paths:
        try:
            doc = json.loads(path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            continue
        if isinstance(doc, dict) and "@context" in doc and len(json.dumps(doc)) < 40_000:
            found.append(doc)
    return found


SEEDS = _seeds()


def _agree(doc: Any) -> None:
    if assert_paths_agree(doc):
        COUNTS["jsonld: ... of which the fast path answered"] += 1
    # and the public entry point (fast path, else reference) gives the reference's verdict
    expected, error = reference(doc)
    try:
        public = canonize(copy.deepcopy(doc))
    except OpenBadgeError as exc:
        assert error is not None, f"canonize refused ({exc!r}) what the reference accepts"
        assert type(exc) is type(error) and exc.code == error.code, (exc, error)
    else:
        assert error is None and public == expected


_body = counted("jsonld: fast path vs reference (mutated corpus)", _agree)


@st.composite
def mutants(draw: st.DrawFn) -> Any:
    seed = draw(st.sampled_from(SEEDS))
    return mutate(seed, draw(st.data()), steps=4)


@pytest.mark.fuzz
@fuzz_settings(8_000)
@given(mutants())
def test_fuzz_fast_path_matches_reference(doc: Any) -> None:
    _body(doc)


@smoke_settings()
@given(mutants())
def test_smoke_fast_path_matches_reference(doc: Any) -> None:
    _body(doc)


def test_the_seeds_take_the_fast_path() -> None:
    """The differential is not vacuous: most seeds are answered by the fast path."""
    assert len(SEEDS) >= 20
    answered = sum(fast.to_quads(copy.deepcopy(seed)) is not None for seed in SEEDS)
    assert answered >= len(SEEDS) // 2, (answered, len(SEEDS))


@pytest.mark.parametrize("value", [[], 7, None, {"@value": "en"}, ["en"]])
def test_language_in_a_node_object_goes_to_the_reference_path(value: Any) -> None:
    """Found by this fuzzer: the fast path answered for ``"@language": []`` in a node
    object, which JSON-LD rejects (invalid language-tagged string)."""
    doc = {**SEEDS[0], "@language": value}
    assert fast.to_quads(copy.deepcopy(doc)) is None
    _agree(doc)
