"""Fuzzing ``openbadge_kit.verify`` on mutated signed credentials and baked images.

Properties, on each mutant:
- no ``internal.unexpected_error`` anywhere in the report, and the report renders;
- the verdict and every check code are the same whether canonicalization takes the fast
  path or is forced onto the pyld reference path (zero verdict differences);
- a mutant that verifies means what was signed: its canonical form without the proof is
  the original's (so no edit smuggles an unsigned statement past the signature).
"""

from __future__ import annotations

import copy
import importlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openbadge_kit import bake, verify
from openbadge_kit.errors import OpenBadgeError
from openbadge_kit.jsonld.canonical import canonicalize
from openbadge_kit.jsonld.to_rdf import to_rdf
from openbadge_kit.verify.report import VerificationReport

from ..hostile.generate import (
    LIST_URL,
    credential,
    endorsement_of,
    png,
    signed,
    status_list_credential,
    svg,
    with_status,
)
from .common import COUNTS, counted, fuzz_settings, mutate, smoke_settings

NOW = datetime(2026, 6, 1, 12, 0, 0, tzinfo=timezone.utc)
#: the module (the package attribute ``jsonld.canonize`` is the function)
canonize_module = importlib.import_module("openbadge_kit.jsonld.canonize")
ORIGINALS = [
    signed(credential()),
    signed(credential(evidence=[{"id": "https://ex.example/e/1", "type": ["Evidence"],
                                 "name": "Portfolio", "narrative": "Built a thing."}])),
    signed(credential(endorsement=[endorsement_of(
        "https://college.example/achievements/corpus")])),
]


def _meaning(doc: Any) -> str | None:
    body = {k: v for k, v in doc.items() if k != "proof"} if isinstance(doc, dict) else doc
    try:
        return canonicalize(to_rdf(copy.deepcopy(body))).text
    except OpenBadgeError:
        return None


MEANINGS = [_meaning(doc) for doc in ORIGINALS]


@contextmanager
def _reference_only() -> Iterator[None]:
    original = canonize_module._fast_quads
    canonize_module._fast_quads = lambda *a, **k: None  # type: ignore[assignment]
    try:
        yield
    finally:
        canonize_module._fast_quads = original  # type: ignore[assignment]


def _shape(report: VerificationReport) -> Any:
    return (report.verified, [(c.check, c.status.value, c.code) for c in report.checks],
            [_shape(e) for e in report.endorsements])


def _all_codes(report: VerificationReport) -> list[str]:
    return [c.code for c in report.checks] + [
        code for e in report.endorsements for code in _all_codes(e)]


def _verify_ok(source: Any, original: int) -> None:
    report = verify(copy.deepcopy(source), now=NOW)
    assert "internal.unexpected_error" not in _all_codes(report), report.to_text()
    report.to_json()
    with _reference_only():
        reference = verify(copy.deepcopy(source), now=NOW)
    assert _shape(report) == _shape(reference), (report.to_text(), reference.to_text())
    if report.verified:
        COUNTS["verify: ... of which still verified"] += 1
        credential_doc = report.credential
        assert _meaning(credential_doc) == MEANINGS[original], json.dumps(credential_doc)[:2000]


@st.composite
def mutated_credentials(draw: st.DrawFn) -> tuple[Any, int]:
    index = draw(st.integers(0, len(ORIGINALS) - 1))
    return mutate(ORIGINALS[index], draw(st.data()), steps=3), index


_body = counted("verify: mutated signed credentials (fast vs reference)",
                lambda item: _verify_ok(*item))


@pytest.mark.fuzz
@fuzz_settings(3_000)
@given(mutated_credentials())
def test_fuzz_verify_mutated_credentials(item: tuple[Any, int]) -> None:
    _body(item)


@smoke_settings()
@given(mutated_credentials())
def test_smoke_verify_mutated_credentials(item: tuple[Any, int]) -> None:
    _body(item)


# --- baked images ----------------------------------------------------------------------

BAKED = [bake(png(), ORIGINALS[0]), bake(svg(), ORIGINALS[0])]


@st.composite
def mutated_images(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(BAKED)))
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(data) - 1))
        op = draw(st.sampled_from(["flip", "insert", "delete", "replace"]))
        if op == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif op == "insert":
            data[at:at] = draw(st.sampled_from([b" ", b"\x00", b"{", b"<g/>", b"]]>", b"\\",
                                                b'"', b"\xff"]))
        elif op == "delete":
            del data[at:at + draw(st.integers(1, 8))]
        else:
            data[at] = draw(st.integers(0, 255))
    return bytes(data)


def _image_ok(data: bytes) -> None:
    _verify_ok(data, 0)


_image_body = counted("verify: mutated baked PNG/SVG (fast vs reference)", _image_ok)


@pytest.mark.fuzz
@fuzz_settings(3_000)
@given(mutated_images())
def test_fuzz_verify_mutated_images(data: bytes) -> None:
    _image_body(data)


@smoke_settings()
@given(mutated_images())
def test_smoke_verify_mutated_images(data: bytes) -> None:
    _image_body(data)


def test_the_originals_verify_on_both_paths() -> None:
    """The oracle's positive side: unmutated, every original verifies, image or not."""
    for index, doc in enumerate(ORIGINALS):
        _verify_ok(doc, index)
        assert verify(doc, now=NOW).verified
    for image in BAKED:
        assert verify(image, now=NOW).verified


def test_the_reference_switch_really_bypasses_the_fast_path() -> None:
    from openbadge_kit.jsonld import fast

    before = fast.stats.fast
    with _reference_only():
        assert verify(ORIGINALS[0], now=NOW).verified
    assert fast.stats.fast == before
    verify(ORIGINALS[0], now=NOW)
    assert fast.stats.fast > before


# --- status lists ------------------------------------------------------------------------

STATUS_CREDENTIAL = with_status(index=7)
STATUS_LIST = status_list_credential()
LIST_MEANING = _meaning(STATUS_LIST)


@st.composite
def status_mutants(draw: st.DrawFn) -> tuple[Any, Any]:
    data = draw(st.data())
    doc = STATUS_CREDENTIAL
    if draw(st.booleans()):
        doc = copy.deepcopy(doc)
        doc["credentialStatus"] = mutate(doc["credentialStatus"], data, steps=2)
    status_list = mutate(STATUS_LIST, data, steps=2) if draw(st.booleans()) else STATUS_LIST
    return doc, status_list


def _status_ok(item: tuple[Any, Any]) -> None:
    doc, status_list = item
    report = verify(copy.deepcopy(doc), now=NOW, status_lists={LIST_URL: status_list})
    assert "internal.unexpected_error" not in _all_codes(report), report.to_text()
    status = [c for c in report.checks if c.check == "status"]
    if any(c.status.value == "passed" for c in status):
        # "not revoked" only from the list as its issuer signed it
        assert _meaning(status_list) == LIST_MEANING, json.dumps(status_list)[:1000]


_status_body = counted("verify: mutated status entries and lists", _status_ok)


@pytest.mark.fuzz
@fuzz_settings(2_000)
@given(status_mutants())
def test_fuzz_status_lists(item: tuple[Any, Any]) -> None:
    _status_body(item)


@smoke_settings()
@given(status_mutants())
def test_smoke_status_lists(item: tuple[Any, Any]) -> None:
    _status_body(item)
