"""JSON Schema validation against the bundled OB 3.0 schemas, on third-party documents."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from openbadge_kit.errors import InvalidInputError, SchemaValidationError
from openbadge_kit.limits import DEFAULT_LIMITS
from openbadge_kit.schema import (
    SchemaIssue,
    assert_valid,
    bundled_schema_for_url,
    bundled_schema_urls,
    format_json_path,
    schema_names,
    validate_schema,
)

VECTORS = Path(__file__).resolve().parents[1] / "vectors"
EXAMPLES = VECTORS / "spec-examples"
OB30 = VECTORS / "1edtech-dc-public-validator" / "ob30"


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _schema_name(doc: dict[str, Any]) -> str:
    types = doc["type"] if isinstance(doc["type"], list) else [doc["type"]]
    if "EndorsementCredential" in types:
        return "endorsementcredential"
    if "ClrCredential" in types:
        return "clrcredential"
    return "achievementcredential"


SPEC_OB_EXAMPLES = [
    p for p in sorted((EXAMPLES / "spec").glob("ob-*.json"))
]
TEST_VECTOR_CREDENTIALS = sorted((EXAMPLES / "test-vectors").glob("*/*credential.json"))


@pytest.mark.parametrize("path", SPEC_OB_EXAMPLES + TEST_VECTOR_CREDENTIALS,
                         ids=lambda p: p.relative_to(EXAMPLES).as_posix())
def test_spec_examples_are_valid(path: Path) -> None:
    doc = _load(path)
    assert validate_schema(doc, _schema_name(doc)) == []
    assert_valid(doc, _schema_name(doc))


def test_spec_examples_found() -> None:
    assert len(SPEC_OB_EXAMPLES) >= 8
    assert len(TEST_VECTOR_CREDENTIALS) == 4


@pytest.mark.parametrize("name", [
    "ob-basic-openbadgecredential.json", "ob-complete-openbadgecredential.json",
    "ob-endorsementcredential.json", "ob-achievement-alignment-case.json",
])
def test_spec_examples_valid_strict_too(name: str) -> None:
    doc = _load(EXAMPLES / "spec" / name)
    assert validate_schema(doc, _schema_name(doc), flavour="strict") == []


def _expectations() -> dict[str, dict[str, Any]]:
    data = _load(VECTORS / "1edtech-dc-public-validator" / "expectations.json")
    return {e["file"]: e["source_expects"] for e in data["entries"]}


def test_validator_schema_failure_sample() -> None:
    """The validator expects JsonSchemaProbe to fail simple-err-issuer (issuer removed)."""
    expected = _expectations()["ob30/simple-err-issuer.json"]
    assert expected["probe"] == "JsonSchemaProbe" and expected["outcome"] == "INVALID"
    issues = validate_schema(_load(OB30 / "simple-err-issuer.json"))
    assert SchemaIssue("$.issuer", "required property is missing", "required",
                       "required") in issues
    with pytest.raises(SchemaValidationError) as info:
        assert_valid(_load(OB30 / "simple-err-issuer.json"))
    assert ("$.issuer", "required property is missing") in info.value.errors
    assert info.value.code == "schema_invalid"


@pytest.mark.parametrize("name,path", [
    ("simple-err-type.json", "$.type"),
    ("simple-err-credential-subject-type.json", "$.credentialSubject.type"),
    ("simple-err-credential-subject-identifier-type.json",
     "$.credentialSubject.identifier[0].type"),
    ("simple-err-credential-subject-result-type.json", "$.credentialSubject.result[1].type"),
    ("simple-err-issuer-type.json", "$.issuer.type"),
    ("simple-err-issuer-parentorg-type.json", "$.issuer.parentOrg.type"),
    ("simple-err-issuer-otheridentifier-type.json", "$.issuer.otherIdentifier[1].type"),
])
def test_validator_type_error_samples_fail_at_the_path(name: str, path: str) -> None:
    expected = _expectations()["ob30/" + name]
    assert expected["outcome"] == "INVALID"
    issues = validate_schema(_load(OB30 / name))
    assert path in [i.path for i in issues]
    with pytest.raises(SchemaValidationError) as info:
        assert_valid(_load(OB30 / name))
    assert path in [p for p, _ in info.value.errors]


@pytest.mark.parametrize("name", [
    "simple.json", "simple-did-key-method.json", "simple-context-alias.json",
    "simple-err-expired.json", "simple-err-proof-value.json", "complete.json",
])
def test_validator_samples_that_are_schema_valid(name: str) -> None:
    """Valid ones, and ones that fail only for time or signature, pass the schema."""
    assert validate_schema(_load(OB30 / name)) == []


def test_endorsement_sample_valid() -> None:
    assert validate_schema(_load(OB30 / "endorsement-valid.json"), "endorsementcredential") == []


def test_strict_flavour_requires_proof_array() -> None:
    """NOTES/collection: the strict schema refuses the official vector's single proof."""
    doc = _load(EXAMPLES / "test-vectors" / "ob" / "signed-credential.json")
    assert validate_schema(doc) == []
    issues = validate_schema(doc, flavour="strict")
    assert [(i.path, i.message) for i in issues] == [("$.proof", "expected array, got object")]


def test_vc11_credentials_fail_the_vc2_schema() -> None:
    issues = validate_schema(_load(OB30 / "simple_v1.json"))
    paths = [i.path for i in issues]
    assert "$['@context'][0]" in paths
    assert "$.validFrom" in paths


def test_messages_do_not_quote_whole_documents() -> None:
    doc = _load(EXAMPLES / "spec" / "ob-complete-openbadgecredential.json")
    doc["credentialSubject"]["achievement"]["name"] = 5
    doc["issuer"]["endorsement"][0]["credentialSubject"] = "x" * 10_000
    issues = validate_schema(doc)
    assert issues
    assert all(len(i.message) <= 300 for i in issues)
    assert "$.credentialSubject.achievement.name" in [i.path for i in issues]


def test_not_an_object() -> None:
    assert [i.path for i in validate_schema([1, 2])] == ["$"]
    assert validate_schema("text")[0].message == "expected object, got string"


def test_deep_nesting_reported_not_raised() -> None:
    """A chain of parentOrg profiles deeper than the recursion limit is an issue, not a crash."""
    doc: Any = _load(OB30 / "simple.json")
    org: Any = {"id": "https://example.com/o", "type": ["Profile"]}
    for _ in range(sys.getrecursionlimit()):
        org = {"id": "https://example.com/o", "type": ["Profile"], "parentOrg": org}
    doc["issuer"]["parentOrg"] = org
    issues = validate_schema(doc)
    assert [(i.path, i.keyword) for i in issues] == [("$", "depth")]
    with pytest.raises(SchemaValidationError) as info:
        assert_valid(doc)
    assert info.value.path == "$"


def test_depth_limit_is_configurable() -> None:
    doc = _load(OB30 / "simple.json")
    assert validate_schema(doc) == []
    shallow = dataclasses.replace(DEFAULT_LIMITS, max_json_depth=3)
    assert [i.keyword for i in validate_schema(doc, limits=shallow)] == ["depth"]


def test_unknown_schema_and_flavour() -> None:
    with pytest.raises(InvalidInputError) as info:
        validate_schema({}, "nosuchschema")
    assert info.value.code == "schema_unknown"
    with pytest.raises(InvalidInputError):
        validate_schema({}, "achievementcredential", flavour="loose")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError):
        validate_schema({}, "clrcredential", flavour="strict")


def test_names_and_aliases() -> None:
    assert "achievementcredential" in schema_names()
    doc = _load(OB30 / "simple.json")
    assert validate_schema(doc, "OpenBadgeCredential") == []
    assert validate_schema(doc, "AchievementCredential") == []


def test_bundled_schema_for_url() -> None:
    url = ("https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
           "ob_v3p0_achievementcredential_schema.json")
    schema = bundled_schema_for_url(url)
    assert schema is not None and schema["$id"] == url
    schema["mutated"] = True
    assert "mutated" not in (bundled_schema_for_url(url) or {})
    json_ld = url.replace("/schema/json/", "/schema/json-ld/")
    assert bundled_schema_for_url(json_ld) == bundled_schema_for_url(url)
    assert bundled_schema_for_url("https://example.org/schema.json") is None
    assert bundled_schema_for_url(42) is None  # type: ignore[arg-type]
    assert len(bundled_schema_urls()) >= 25


def test_credential_schema_entries_of_the_corpus_resolve() -> None:
    """Every credentialSchema URL a spec example names is bundled, and the example passes it."""
    doc = _load(EXAMPLES / "spec" / "ob-complete-openbadgecredential.json")
    for entry in doc["credentialSchema"]:
        assert bundled_schema_for_url(entry["id"]) is not None
        assert validate_schema(doc, entry["id"]) == []


def test_extension_schema_by_url() -> None:
    url = "https://openbadgespec.org/extensions/applyLinkExtension/schema_obv3p0.json"
    doc = _load(OB30 / "simple.json")
    issues = validate_schema(doc, url)
    assert [i.path for i in issues] == ["$.credentialSubject.achievement.url"]
    doc["credentialSubject"]["achievement"]["url"] = "https://example.com/apply"
    assert validate_schema(doc, url) == []


def test_refs_resolve_offline_only() -> None:
    from jsonschema.validators import Draft201909Validator
    from referencing.exceptions import NoSuchResource, Unresolvable

    from openbadge_kit.schema import _registry

    registry = _registry()
    url = bundled_schema_urls()[0]
    assert registry.get_or_retrieve(url).value.contents["$id"]
    with pytest.raises(NoSuchResource):
        registry.get_or_retrieve("https://example.org/not-bundled.json")
    validator = Draft201909Validator({"$ref": "https://example.org/x.json"}, registry=registry)
    with pytest.raises(Unresolvable):
        list(validator.iter_errors({}))


def test_format_json_path() -> None:
    assert format_json_path(["credentialSubject", "result", 0, "value"]) == (
        "$.credentialSubject.result[0].value")
    assert format_json_path(["@context", 1]) == "$['@context'][1]"
    assert format_json_path([]) == "$"


def test_import_is_light() -> None:
    """Importing the schema and model modules does not import jsonschema (cold start)."""
    code = ("import sys, openbadge_kit.schema, openbadge_kit.models; "
            "print('jsonschema' in sys.modules, 'referencing' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", "False"]


def test_faster_schemas_accept_exactly_what_the_published_ones_accept() -> None:
    """The oneOf -> anyOf rewrite changes speed only: same verdict on every corpus document."""
    from jsonschema.validators import validator_for
    from referencing import Registry, Resource

    from openbadge_kit.schema import SCHEMAS, _compiled, _validator
    from openbadge_kit.schema import _load as load_bundled

    documents: list[Any] = []
    for folder in ("spec-examples", "1edtech-dc-public-validator", "dcc-vc-test-fixtures"):
        for path in sorted((VECTORS / folder).rglob("*.json")):
            data = _load(path)
            if isinstance(data, dict) and "credentialSubject" in data:
                documents.append(data)
                broken = json.loads(json.dumps(data))
                broken["credentialSubject"]["type"] = {"en": "AchievementSubject"}
                documents.append(broken)
    assert len(documents) > 300
    rewritten = 0
    for default, strict in SCHEMAS.values():
        for file in (default, strict):
            if file is None:
                continue
            raw = load_bundled(file)
            rewritten += json.dumps(_compiled(file)).count('"anyOf"') - json.dumps(raw).count(
                '"anyOf"')
            reference = validator_for(raw)(
                raw, registry=Registry().with_resource(raw["$id"], Resource.from_contents(raw)))
            fast = _validator(file)
            for doc in documents:
                assert fast.is_valid(doc) == reference.is_valid(doc), file
    assert rewritten > 100
