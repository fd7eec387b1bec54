"""Reports validate against the documented JSON shape, docs/report-schema.json."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from openbadge_kit.verify import verify

from .helpers import (
    ALICE,
    LIST_URL,
    NOW,
    credential,
    endorsement,
    signed,
    status_entry,
    status_list,
)

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "docs" / "report-schema.json")
                    .read_text("utf-8"))


def _validate(report_dict):
    validator = jsonschema.Draft202012Validator(
        SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(report_dict)]
    assert errors == []


def _rich_badge():
    doc = credential(credentialStatus=status_entry(3))
    doc["endorsement"] = [endorsement("urn:uuid:self")]
    return signed(doc)


@pytest.mark.parametrize("source, kwargs", [
    (_rich_badge(), {"status_lists": {LIST_URL: status_list((3,))}, "recipient": ALICE}),
    (_rich_badge(), {}),
    (b"garbage", {}),
    ({"type": "nothing"}, {}),
    ("e30.e30.AAAA", {}),
])
def test_reports_match_the_documented_shape(source, kwargs):
    report = verify(source, now=NOW, **kwargs)
    _validate(report.to_dict())
    _validate(json.loads(report.to_json()))


def test_the_schema_rejects_a_wrong_shape():
    bad = verify(_rich_badge(), now=NOW).to_dict()
    bad["checks"][0]["status"] = "fine"
    with pytest.raises(AssertionError):
        _validate(bad)


def test_the_schema_names_every_check_the_pipeline_runs():
    from openbadge_kit.verify.pipeline import PIPELINE

    assert set(SCHEMA["$defs"]["check"]["properties"]["check"]["enum"]) == {
        name for name, _ in PIPELINE}
