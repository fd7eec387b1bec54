"""The compiled JSON Schema validator against jsonschema, the reference (issues #5, #7).

Differential: every credential of ``tests/vectors`` (and the profiles, endorsements and
credentials embedded in them) against every bundled schema must give the same issues
under ``engine="compiled"`` and ``engine="jsonschema"`` (the full ``SchemaIssue``: path,
message, keyword, schema path), compared as multisets: for an object-valued
``additionalProperties`` jsonschema's order depends on ``PYTHONHASHSEED`` (it walks a
``set``), the compiled validator's is the document's.  Hypothesis then mutates corpus
credentials, and drives hand-written schemas that use every compiled keyword.
"""

from __future__ import annotations

import base64
import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openbadge_kit import schema as schema_module
from openbadge_kit import schema_compiled
from openbadge_kit.errors import InvalidInputError
from openbadge_kit.schema import SchemaIssue, validate_schema
from openbadge_kit.schema_compiled import CompiledError, best_match, compile_schema

VECTORS = Path(__file__).resolve().parents[1] / "vectors"
DRAFT = "https://json-schema.org/draft/2019-09/schema#"
BUNDLED_FILES = schema_module._all_files()
OB = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"


def _jwt_payload(text: str) -> Any:
    parts = text.strip().split(".")
    return json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))


def _embedded(doc: Any) -> Iterator[Any]:
    """Profiles, endorsements and nested credentials inside a credential."""
    if not isinstance(doc, dict):
        return
    if isinstance(doc.get("issuer"), dict):
        yield doc["issuer"]
    for key in ("endorsement", "verifiableCredential"):
        value = doc.get(key)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                yield item
                yield from _embedded(item)
    subject = doc.get("credentialSubject")
    if isinstance(subject, dict):
        for key in ("achievement", "verifiableCredential"):
            value = subject.get(key)
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict):
                    yield item
                    yield from _embedded(item)


def _corpus() -> list[tuple[str, Any]]:
    documents: list[tuple[str, Any]] = []
    for path in sorted(VECTORS.rglob("*.json")):
        data = json.loads(path.read_text("utf-8"))
        if isinstance(data, dict) and "credentialSubject" in data:
            documents.append((path.relative_to(VECTORS).as_posix(), data))
    for path in sorted(VECTORS.rglob("*.jwt")):
        payload = _jwt_payload(path.read_text("utf-8"))
        if isinstance(payload.get("vc"), dict):
            documents.append((path.relative_to(VECTORS).as_posix() + "#vc", payload["vc"]))
    nested = [(f"{name}#embedded{i}", part) for name, doc in documents
              for i, part in enumerate(_embedded(doc))]
    return documents + nested


CORPUS = _corpus()
CREDENTIALS = [doc for name, doc in CORPUS if "#embedded" not in name]


def _sorted(issues: list[SchemaIssue]) -> list[SchemaIssue]:
    return sorted(issues, key=lambda i: (i.path, i.keyword, i.schema_path, i.message))


def _assert_same(doc: Any, url: str) -> list[SchemaIssue]:
    compiled = validate_schema(doc, url)
    reference = validate_schema(doc, url, engine="jsonschema")
    assert (compiled == []) == (reference == [])
    assert _sorted(compiled) == _sorted(reference)
    return compiled


def test_corpus_is_large_and_varied() -> None:
    assert len(CREDENTIALS) >= 250
    assert len(CORPUS) > len(CREDENTIALS) + 100  # embedded profiles, endorsements...
    folders = {name.split("/")[0] for name, _doc in CORPUS}
    assert {"spec-examples", "1edtech-dc-public-validator", "dcc-vc-test-fixtures",
            "dcc-verifier-core", "w3c-vc-di-eddsa"} <= folders


@pytest.mark.parametrize("file", BUNDLED_FILES)
def test_corpus_gives_the_same_issues_under_both_engines(file: str) -> None:
    url = schema_module._IDS[file]
    for _name, doc in CORPUS:
        _assert_same(doc, url)


@pytest.mark.parametrize("file,valid,invalid,several", [
    ("ob_v3p0_achievementcredential_schema.json", 100, 700, 600),
    ("strict/ob_v3p0_achievementcredential.json", 40, 700, 600),
    ("ob_v3p0_profile_schema.json", 200, 500, 10),  # the embedded issuer profiles pass
    ("clr_v2p0_clrcredential_schema.json", 5, 800, 800),
    ("extensions/accessibilityExtension/schema_achievement_obv3p0.json", 500, 200, 200),
])
def test_corpus_verdicts_cover_both_outcomes(file: str, valid: int, invalid: int,
                                             several: int) -> None:
    """The differential test above is not vacuous: many passes, failures, multi-issue lists."""
    found = [validate_schema(doc, schema_module._IDS[file]) for _name, doc in CORPUS]
    assert sum(not issues for issues in found) >= valid
    assert sum(bool(issues) for issues in found) >= invalid
    assert sum(len(issues) > 1 for issues in found) >= several


# --- mutated corpus credentials ------------------------------------------------------------

_REPLACEMENTS: list[Any] = [
    None, True, False, 0, -1, 2.5, "", "x", "NotAType", "en_US", "2024-13-45T99:00:00Z",
    "http://x", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.9.json", [], [1], {},
    {"en": "x"}, {"EN": "x"}, {"en": 5}, {"id": 5}, {"type": "Foo"}, ["VerifiableCredential"],
    ["VerifiableCredential", "AchievementCredential"], {"type": ["Profile"]},
    {"id": "https://example.com/x", "type": "Image"},
]
_MUTATION_SCHEMAS = [
    OB + "ob_v3p0_achievementcredential_schema.json",
    OB + "ob_v3p0_achievementcredential-jsonschema1.json",
    OB + "ob_v3p0_endorsementcredential_schema.json",
    OB + "ob_v3p0_profile_schema.json",
    "https://purl.imsglobal.org/spec/clr/v2p0/schema/json/clr_v2p0_clrcredential_schema.json",
    "https://openbadgespec.org/extensions/accessibilityExtension/"
    "schema_achievement_credential_obv3p0.json",
]


def _containers(value: Any) -> list[Any]:
    found: list[Any] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            found.append(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            found.append(item)
            stack.extend(item)
    return found


def _mutate(doc: dict[str, Any], data: st.DataObject) -> None:
    containers = [c for c in _containers(doc) if c]
    target = containers[data.draw(st.integers(0, len(containers) - 1), label="container")]
    keys: list[Any] = list(target) if isinstance(target, dict) else list(range(len(target)))
    key = data.draw(st.sampled_from(keys), label="key")
    value = target[key]
    operation = data.draw(st.sampled_from(
        ["delete", "duplicate", "retype", "wrap", "unwrap", "langmap", "enum", "rename"]),
        label="operation")
    if operation == "delete":
        del target[key]
    elif operation == "duplicate":
        if isinstance(target, dict):
            other = data.draw(st.sampled_from([*keys, "extra", "@context", "type"]))
            target[other] = copy.deepcopy(value)
        else:
            target.append(copy.deepcopy(value))
    elif operation == "retype":
        target[key] = copy.deepcopy(data.draw(st.sampled_from(_REPLACEMENTS)))
    elif operation == "wrap":
        target[key] = [value]
    elif operation == "unwrap":
        if isinstance(value, list) and value:
            target[key] = value[0]
        elif isinstance(value, dict) and value:
            target[key] = next(iter(value.values()))
    elif operation == "langmap":
        tag = data.draw(st.sampled_from(["en", "en-US", "EN", "english", "e"]))
        target[key] = {tag: value}
    elif operation == "enum":
        target[key] = data.draw(st.sampled_from(
            ["Foo", "VerifiableCredential", "Profile", "AchievementSubject", "Achievement",
             "DataIntegrityProof", "IdentityObject", "emailAddress", "NotAnEnumValue"]))
    elif isinstance(target, dict):  # rename: a known key becomes an unknown one
        target["x-" + str(key)] = target.pop(key)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_mutated_credentials_give_the_same_issues(data: st.DataObject) -> None:
    doc = copy.deepcopy(data.draw(st.sampled_from(CREDENTIALS), label="credential"))
    for _ in range(data.draw(st.integers(1, 4), label="mutations")):
        _mutate(doc, data)
    for url in _MUTATION_SCHEMAS:
        _assert_same(doc, url)


# --- hand-written schemas using every compiled keyword --------------------------------------

_NODE = {"type": "object", "properties": {"child": {"$ref": "#/$defs/node"}},
         "additionalProperties": False, "allOf": [{"required": []}]}
KEYWORD_SCHEMA: dict[str, Any] = {
    "$schema": DRAFT,
    "type": "object",
    "properties": {
        "a": {"type": "integer", "minimum": 0, "exclusiveMaximum": 10},
        "b": {"type": ["string", "null"], "minLength": 1, "maxLength": 3, "pattern": "^[a-c]+$"},
        "c": {"const": [1, True]},
        "d": {"enum": [1, "1", True, None, {"k": 1}]},
        "e": {"items": [{"type": "string"}, {"type": "number"}], "additionalItems": False},
        "f": {"items": {"type": "boolean"}, "minItems": 1, "maxItems": 2,
              "contains": {"const": True}},
        "g": {"not": {"type": "string"}},
        "h": {"if": {"type": "string"}, "then": {"maxLength": 1},
              "else": {"type": "number", "maximum": 5}},
        "i": {"contains": {"type": "string"}, "minContains": 2, "maxContains": 3},
        "j": {"$ref": "#/$defs/node"},
        "k": {"oneOf": [{"type": "integer"}, {"minimum": 2}]},
        "l": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"$ref": "#/$defs/node"}}]},
        "m": {"items": {"type": "string"}, "additionalItems": {"type": "number"}},
        "n": {"items": [{"type": "string"}], "additionalItems": {"type": "number"}},
        "o": False,
        "p": {"exclusiveMinimum": 1.5, "maximum": 3, "minProperties": 1, "maxProperties": 1,
              "format": "date-time"},
        "q": {"oneOf": [{"type": "string"}, {"type": "object",
                                              "propertyNames": {"pattern": "^[a-z]{2}$"},
                                              "additionalProperties": {"type": "string"}}]},
    },
    "patternProperties": {"^x-": {"type": "string"}},
    "additionalProperties": {"type": "number"},
    "propertyNames": {"maxLength": 3},
    "required": ["a"],
    "dependentRequired": {"b": ["a", "c"]},
    "dependentSchemas": {"c": {"required": ["d"]}},
    "minProperties": 1,
    "maxProperties": 6,
    "$defs": {"node": _NODE},
}
CLOSED_SCHEMA: dict[str, Any] = {
    "$schema": DRAFT, "properties": {"a": {"type": "string"}},
    "patternProperties": {"^x-": True, "^y": {"type": "number"}}, "additionalProperties": False,
}
CLOSED_PLAIN_SCHEMA: dict[str, Any] = {
    "$schema": DRAFT, "type": "object", "properties": {"a": {"$ref": "#"}},
    "additionalProperties": False, "required": ["a"],
}
HAND_SCHEMAS = [KEYWORD_SCHEMA, CLOSED_SCHEMA, CLOSED_PLAIN_SCHEMA, True, False]

_json_scalars = (st.none() | st.booleans() | st.integers(-20, 20)
                 | st.floats(-20, 20, allow_nan=False) | st.sampled_from(["", "a", "abc", "abcd",
                                                                          "zz", "1", "x"]))
_keys = st.sampled_from([*"abcdefghijklmnopq", "x-1", "y2", "zz", "long", "en", "EN"])
_json = st.recursive(
    _json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=4),
    max_leaves=12,
)


def _describe(error: Any) -> tuple[Any, ...]:
    best = best_match(error) if isinstance(error, CompiledError) else _js_best(error)
    return tuple((list(e.absolute_path), [str(p) for p in e.absolute_schema_path],
                  str(e.validator), e.message) for e in (error, best))


def _js_best(error: Any) -> Any:
    from jsonschema.exceptions import (  # type: ignore[import-untyped]
        best_match as reference_best_match,
    )

    return reference_best_match([error])


def _assert_like_jsonschema(schema: Any, instance: Any) -> None:
    from jsonschema import Draft201909Validator  # type: ignore[import-untyped]

    reference = Draft201909Validator(schema)
    compiled = compile_schema(schema)
    assert compiled.is_valid(instance) == reference.is_valid(instance)
    mine = sorted(map(repr, map(_describe, compiled.iter_errors(instance))))
    theirs = sorted(map(repr, map(_describe, reference.iter_errors(instance))))
    assert mine == theirs


@settings(max_examples=300, deadline=None)
@given(instance=st.dictionaries(_keys, _json, max_size=7) | _json)
def test_every_compiled_keyword_matches_jsonschema(instance: Any) -> None:
    for schema in HAND_SCHEMAS:
        _assert_like_jsonschema(schema, instance)


@pytest.mark.parametrize("instance", [
    {"a": 1, "b": "ab", "c": [1, True], "d": {"k": 1}},
    {"a": 1, "c": [1, 1]},
    {"a": 1, "d": 1.0}, {"a": 1, "d": False}, {"a": 1.0}, {"a": True},
    {"a": 1, "e": ["s", 1, 2, 3]}, {"a": 1, "f": []}, {"a": 1, "f": [False, False, False]},
    {"a": 1, "h": "ab"}, {"a": 1, "h": 7}, {"a": 1, "i": ["a", "b", "c", "d"]},
    {"a": 1, "i": ["a", 1]}, {"a": 1, "j": {"child": {"child": {"x": 1}}}},
    {"a": 1, "k": 3}, {"a": 1, "k": 1.5}, {"a": 1, "l": [{"child": 5}]},
    {"a": 1, "m": ["a", 1]}, {"a": 1, "n": ["a", 1, "b"]}, {"a": 1, "o": 1},
    {"a": 1, "p": {"q": 1, "r": 2}}, {"a": 1, "p": 1.5}, {"a": 1, "q": {"EN": "x"}},
    {"a": 1, "x-1": 5, "zz": "s", "long-name": 1},
    {"a": 1, "b": None, "c": [1, True], "d": None, "e": [], "f": [True], "g": 1},
])
def test_keyword_examples_match_jsonschema(instance: Any) -> None:
    for schema in HAND_SCHEMAS:
        _assert_like_jsonschema(schema, instance)


def test_closed_object_messages() -> None:
    errors = list(compile_schema(CLOSED_PLAIN_SCHEMA).iter_errors({"a": {"a": {}}, "b": 1}))
    assert [e.message for e in errors][-1] == (
        "Additional properties are not allowed ('b' was unexpected)")
    nested = [best_match(e) for e in compile_schema(CLOSED_PLAIN_SCHEMA).iter_errors(
        {"a": {"a": {}}})]
    assert [(list(e.absolute_path), e.message) for e in nested] == [
        (["a", "a"], "'a' is a required property")]
    errors = list(compile_schema(CLOSED_SCHEMA).iter_errors({"b": 1, "c": 2, "x-1": 0}))
    assert [e.message for e in errors] == [
        "'b', 'c' do not match any of the regexes: '^x-', '^y'"]


# --- unsupported schemas fall back to jsonschema ---------------------------------------------


@pytest.mark.parametrize("schema", [
    {"multipleOf": 2}, {"uniqueItems": True}, {"unevaluatedProperties": False},
    {"$recursiveRef": "#"}, {"$ref": "https://example.org/x.json"}, {"$ref": "#anchor"},
    {"properties": {"a": {"$id": "https://example.org/a", "type": "string"}}},
    {"type": "any"}, {"pattern": "["}, {"patternProperties": {"(": {}}},
    {"$schema": "http://json-schema.org/draft-07/schema#"},
    {"$ref": "#/$defs/missing"}, {"items": True, "additionalItems": False},
    {"additionalProperties": 3}, {"allOf": []}, {"minItems": "2"}, {"enum": "ab"},
    {"properties": {"a": {"not": {"multipleOf": 3}}}}, [1],
])
def test_unsupported_schemas_are_refused(schema: Any) -> None:
    with pytest.raises(InvalidInputError) as info:
        compile_schema(schema)
    assert info.value.code == "schema_unsupported"


def test_unchecked_schema_refuses_when_it_reaches_the_unsupported_part() -> None:
    schema = {"properties": {"a": {"multipleOf": 2}}}
    compiled = compile_schema(schema, check=False)
    assert compiled.is_valid({"b": 3})
    with pytest.raises(InvalidInputError) as info:
        compiled.is_valid({"a": 3})
    assert info.value.code == "schema_unsupported"


@pytest.mark.parametrize("file", BUNDLED_FILES)
def test_every_bundled_schema_compiles_fully(file: str) -> None:
    """Every keyword, value, pattern and $ref target is covered: no jsonschema fallback."""
    schema = schema_module._load(file)
    compile_schema(schema, check=True)  # raises schema_unsupported otherwise
    assert schema_module._closures(file) is not None


def test_bundled_ids_table_matches_the_files() -> None:
    assert set(schema_module._IDS) == set(BUNDLED_FILES)
    for file in BUNDLED_FILES:
        assert schema_module._load(file)["$id"] == schema_module._IDS[file]


@pytest.fixture
def fresh_closures() -> Iterator[None]:
    schema_module._CLOSURES.clear()
    yield
    schema_module._CLOSURES.clear()


def test_a_schema_the_compiler_cannot_take_goes_to_jsonschema(
        monkeypatch: pytest.MonkeyPatch, fresh_closures: None) -> None:
    """Lazily found: minItems "unsupported" -> this call and later ones use jsonschema."""
    doc = copy.deepcopy(CREDENTIALS[0])
    doc["type"] = []
    url = OB + "ob_v3p0_achievementcredential_schema.json"
    expected = validate_schema(doc, url, engine="jsonschema")
    calls: list[str] = []
    real = schema_module._validator

    def counting(file: str) -> Any:
        calls.append(file)
        return real(file)

    monkeypatch.setattr(schema_module, "_validator", counting)
    monkeypatch.setattr(schema_compiled, "SUPPORTED", schema_compiled.SUPPORTED - {"minItems"})
    assert expected and validate_schema(doc, url) == expected
    assert calls and schema_module._CLOSURES[schema_module._url_index()[url]] is None
    assert validate_schema(doc, url) == expected


def test_a_schema_refused_up_front_goes_to_jsonschema(
        monkeypatch: pytest.MonkeyPatch, fresh_closures: None) -> None:
    def refuse(schema: Any, **options: Any) -> Any:
        raise InvalidInputError("not today", code="schema_unsupported")

    monkeypatch.setattr(schema_compiled, "compile_schema", refuse)
    doc = CREDENTIALS[0]
    assert validate_schema(doc, "profile") == validate_schema(doc, "profile",
                                                              engine="jsonschema")
    assert schema_module._CLOSURES[schema_module._file_for("profile", "default")] is None


def test_unknown_engine() -> None:
    with pytest.raises(InvalidInputError) as info:
        validate_schema({}, engine="fast")  # type: ignore[arg-type]
    assert info.value.code == "schema_unknown"


def test_compiled_is_the_default_engine(fresh_closures: None) -> None:
    validate_schema(CREDENTIALS[0])
    assert schema_module._CLOSURES  # the default engine built a compiled validator


def test_depth_limit_applies_to_the_compiled_engine() -> None:
    doc: Any = copy.deepcopy(CREDENTIALS[0])
    org: Any = {"id": "https://example.com/o", "type": ["Profile"]}
    for _ in range(70):
        org = {"id": "https://example.com/o", "type": ["Profile"], "parentOrg": org}
    doc["issuer"] = org
    assert [i.keyword for i in validate_schema(doc)] == ["depth"]


def test_messages_quote_big_instances_only_when_needed() -> None:
    doc = copy.deepcopy(CREDENTIALS[0])
    doc["credentialSubject"] = "x" * 10_000
    issues = validate_schema(doc)
    assert issues == validate_schema(doc, engine="jsonschema")
    assert all(len(i.message) <= 300 for i in issues)
