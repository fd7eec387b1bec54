"""The input and parse checks: every kind of source, and what is refused, never raised."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from openbadge_kit.limits import DEFAULT_LIMITS
from openbadge_kit.verify import verify

from .helpers import NOW, codes, credential, signed

VECTORS = Path(__file__).resolve().parents[1] / "vectors"


@pytest.fixture(scope="module")
def good() -> dict:
    return signed(credential())


def test_dict_json_text_bytes_and_path_give_the_same_verdict(good, tmp_path):
    path = tmp_path / "badge.json"
    path.write_text(json.dumps(good))
    reports = [verify(s, now=NOW) for s in
               (good, json.dumps(good), json.dumps(good).encode(), path, str(path))]
    assert {r.verified for r in reports} == {True}
    assert [r.summary.format for r in reports] == ["json"] * 5
    assert reports[3].source == str(path)


def test_format_is_detected_by_content_not_by_name(good, tmp_path):
    path = tmp_path / "badge.png"  # JSON bytes under an image name
    path.write_text(json.dumps(good))
    report = verify(path, now=NOW)
    assert report.summary.format == "json"
    assert report.verified


@pytest.mark.parametrize("data, code", [
    (b"\x00\x01\x02 not anything", "input.unknown_format"),
    (b"{\"a\": ", "parse.json_invalid"),
    (b"[1, 2, 3]", "parse.not_object"),
    (b"{\"a\": 1, \"a\": 2}", "parse.json_invalid"),
    (b"\xff\xfe{}", "input.unknown_format"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "input.image_invalid"),
])
def test_unreadable_content_is_a_failed_check(data, code):
    report = verify(data, now=NOW)
    assert not report.verified
    assert code in codes(report)
    assert report.failures[0].code == code


def test_a_missing_file_is_reported_as_unreadable(tmp_path):
    report = verify(tmp_path / "nope.json", now=NOW)
    assert codes(report) == ["input.unreadable"]


def test_a_folder_is_not_a_badge(tmp_path):
    assert codes(verify(tmp_path, now=NOW)) == ["input.unreadable"]


def test_devices_and_fifos_are_not_read(tmp_path):
    import os

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for path in (fifo, "/dev/zero"):
        assert codes(verify(path, now=NOW)) == ["input.unreadable"]


def test_size_limit_applies_before_parsing(good):
    small = replace(DEFAULT_LIMITS, max_json_bytes=100, max_image_bytes=100)
    report = verify(json.dumps(good).encode(), now=NOW, limits=small)
    assert codes(report) == ["input.too_large"]


def test_nesting_limit_is_a_parse_failure():
    deep = "{\"a\":" * 200 + "1" + "}" * 200
    report = verify(deep, now=NOW)
    assert codes(report) == ["input.ok", "parse.too_large"]


def test_not_a_verifiable_credential():
    report = verify({"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["Thing"]},
                    now=NOW)
    assert "parse.not_credential" in codes(report)
    assert not report.verified


def test_a_plain_vc_is_verified_generically_with_a_warning():
    doc = signed({"@context": ["https://www.w3.org/ns/credentials/v2"],
                  "id": "urn:uuid:1d4c1d8e-0000-4000-8000-000000000001",
                  "type": ["VerifiableCredential"],
                  "issuer": credential()["issuer"]["id"],
                  "credentialSubject": {"id": "did:example:bob"}})
    report = verify(doc, now=NOW)
    assert "parse.not_open_badge" in [c.code for c in report.warnings]
    assert report.verified


def test_an_ob2_assertion_is_refused_clearly():
    path = VECTORS / "1edtech-dc-public-validator/ob20/basic-assertion.json"
    report = verify(path, now=NOW)
    assert "parse.not_credential" in codes(report) or "parse.ob2_unsupported" in codes(report)
    assert not report.verified


def test_unsupported_python_types_are_reported():
    assert codes(verify(12345, now=NOW)) == ["input.unknown_format"]  # type: ignore[arg-type]


def test_text_that_is_neither_json_jwt_nor_path():
    assert codes(verify("hello\nworld", now=NOW)) == ["input.unknown_format"]
