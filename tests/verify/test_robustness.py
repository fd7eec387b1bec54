"""verify() never raises on hostile input, and an internal error is reported, not raised."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openbadge_kit.verify import pipeline, verify, verify_many
from openbadge_kit.verify.report import CheckStatus

from .helpers import NOW, codes, credential, signed


@pytest.fixture(scope="module")
def good() -> dict:
    return signed(credential())


def test_an_unexpected_exception_becomes_a_failed_check(good, monkeypatch):
    def broken(state):
        raise ZeroDivisionError("boom")

    steps = tuple((n, broken if n == "validity" else f) for n, f in pipeline.PIPELINE)
    monkeypatch.setattr(pipeline, "PIPELINE", steps)
    report = verify(good, now=NOW)
    result = report.result("validity")
    assert (result.status, result.code) == (CheckStatus.FAILED, "internal.unexpected_error")
    assert result.details["exception"] == "ZeroDivisionError"
    assert not report.verified
    # the checks after the broken one still ran
    assert report.result("issuer").status is CheckStatus.PASSED


def test_an_unexpected_exception_in_a_fatal_check_stops_the_run(good, monkeypatch):
    def broken(state):
        raise RuntimeError("parser exploded")

    steps = tuple((n, broken if n == "parse" else f) for n, f in pipeline.PIPELINE)
    monkeypatch.setattr(pipeline, "PIPELINE", steps)
    report = verify(good, now=NOW)
    assert codes(report) == ["input.ok", "internal.unexpected_error"]


HOSTILE_VALUES = [None, 0, -1, 1e308, True, "", "x" * 5000, [], {}, [[[]]], {"id": {}},
                  ["urn:uuid:x", None], {"@context": "x"}]
FIELDS = ["@context", "id", "type", "issuer", "validFrom", "validUntil", "credentialSubject",
          "proof", "credentialStatus", "credentialSchema", "endorsement", "endorsementJwt",
          "refreshService", "name"]


@pytest.mark.parametrize("field", FIELDS)
def test_every_field_with_every_wrong_type_is_a_result_not_an_exception(good, field):
    for value in HOSTILE_VALUES:
        doc = copy.deepcopy(good)
        doc[field] = value
        report = verify(doc, now=NOW)
        # any change after signing breaks the proof, except values JSON-LD drops
        # (null, []), which leave the signed RDF as it was
        assert not report.verified or value in (None, []), (field, value)
        assert "internal.unexpected_error" not in codes(report), (field, value,
                                                                 report.to_text())
        json.dumps(report.to_dict())


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=12), kids,
                                                               max_size=4),
    max_leaves=20)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=6))
def test_random_documents_never_raise(fields):
    doc = credential()
    doc.update(fields)
    report = verify(doc, now=NOW)
    assert "internal.unexpected_error" not in codes(report), report.to_text()


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_never_raise(data):
    report = verify(data, now=NOW)
    assert not report.verified
    assert "internal.unexpected_error" not in codes(report)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300) | st.from_regex(r"[A-Za-z0-9_-]{1,300}\.[A-Za-z0-9_-]{0,300}"
                                             r"\.[A-Za-z0-9_-]{1,100}", fullmatch=True))
def test_random_text_and_jwt_shaped_text_never_raise(text):
    report = verify(text, now=NOW)
    assert not report.verified
    assert "internal.unexpected_error" not in codes(report)


def test_long_and_odd_strings_are_not_taken_for_paths():
    for text in ("x" * 5000, "a\x00b", "eyJ" + "A" * 3000 + ".eyJ.sig", "/" * 300):
        report = verify(text, now=NOW)
        assert not report.verified
        assert "internal.unexpected_error" not in codes(report)


def test_huge_lists_of_schemas_and_statuses_are_capped():
    doc = credential(
        credentialSchema=[{"id": f"https://x.example/s{i}", "type": "Other"}
                          for i in range(5000)],
        credentialStatus=[{"id": f"https://x.example/l{i}", "type": "Other"}
                          for i in range(5000)])
    report = verify(doc, now=NOW)
    assert len(report.checks) < 60
    assert {"schema.too_many_entries", "status.too_many_entries"} <= set(codes(report))


def test_batch_results_come_back_in_input_order_with_two_processes(good):
    sources = []
    for i in range(20):
        doc = copy.deepcopy(good)
        if i % 3 == 0:
            doc["name"] = "tampered"
        sources.append(doc)
    sources.append(b"garbage")
    reports = verify_many(sources, now=NOW, processes=2)
    assert [r.verified for r in reports] == [i % 3 != 0 for i in range(20)] + [False]
    serial = verify_many(sources, now=NOW, processes=1)
    assert [r.to_dict() for r in reports] == [r.to_dict() for r in serial]
