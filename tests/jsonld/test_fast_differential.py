"""The compiled fast path (``jsonld/fast.py``) against the pyld reference path.

Whenever the fast path answers, its dataset must canonicalize to exactly the bytes the
reference path gives; whenever the reference path refuses a document (safe mode, bad
JSON-LD, unknown context), the fast path must not answer.  Checked on every JSON
document in ``tests/vectors/`` that has an ``@context``, on the W3C JSON-LD toRdf suite,
and on generated Open Badges 3.0 credentials.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openbadge_kit.jsonld import fast
from openbadge_kit.jsonld.canonical import canonicalize
from openbadge_kit.jsonld.canonize import canonize
from openbadge_kit.jsonld.to_rdf import to_rdf

from .differential import assert_paths_agree, reference
from .test_to_rdf_suite import MANIFEST, SUITE, _expected

VECTORS = Path(__file__).resolve().parents[1] / "vectors"
BENCH = VECTORS / "bench-credential-unsigned.json"
VC2 = "https://www.w3.org/ns/credentials/v2"
OB3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"


def _corpus() -> dict[str, Any]:
    """Every JSON document under tests/vectors/ that is a JSON-LD map with @context."""
    found: dict[str, Any] = {}
    for path in sorted(VECTORS.rglob("*.json")):
        if path.name == "expectations.json":
            continue
        try:
            doc = json.loads(path.read_text("utf-8"))
        except (UnicodeDecodeError, ValueError):
            continue
        if isinstance(doc, dict) and "@context" in doc:
            found[str(path.relative_to(VECTORS))] = doc
    return found


CORPUS = _corpus()


# --- the corpus ------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_corpus_document_matchesreference(name: str) -> None:
    assert_paths_agree(CORPUS[name])


def test_corpus_documents_take_the_fast_path() -> None:
    """Every corpus document the reference path accepts is covered by the fast path."""
    accepted = fast_count = 0
    for doc in CORPUS.values():
        if reference(doc)[1] is None:
            accepted += 1
            fast_count += fast.to_quads(doc) is not None
    assert len(CORPUS) > 300
    assert accepted > 250
    assert fast_count == accepted


def test_spec_examples_and_bench_credential_take_the_fast_path() -> None:
    names = [n for n in CORPUS if n.startswith("spec-examples/spec/")
             and reference(CORPUS[n])[1] is None]
    assert len(names) >= 8
    for name in [*names, "bench-credential-unsigned.json"]:
        assert assert_paths_agree(CORPUS[name]), name


def test_canonize_uses_the_fast_path_and_agrees() -> None:
    doc = json.loads(BENCH.read_text("utf-8"))
    before = fast.stats.fast
    text = canonize(doc)
    assert fast.stats.fast == before + 1
    assert text == canonicalize(to_rdf(doc)).text
    assert text.count("\n") == 94


# --- the W3C JSON-LD toRdf suite -------------------------------------------------------

_PLAIN_OPTIONS = {"specVersion", "processingMode"}


def _suite(kind: str) -> list[dict[str, Any]]:
    out = []
    for entry in MANIFEST["sequence"]:
        option = entry.get("option", {})
        if f"jld:{kind}" not in entry["@type"] or set(option) - _PLAIN_OPTIONS:
            continue
        if option.get("specVersion") == "json-ld-1.0" or option.get(
                "processingMode") == "json-ld-1.0":
            continue
        out.append(entry)
    return out


def _suite_input(entry: dict[str, Any]) -> Any:
    return json.loads((SUITE / entry["input"]).read_text("utf-8"))


@pytest.mark.filterwarnings("ignore::SyntaxWarning")
def test_to_rdf_suite_entries_the_fast_path_claims() -> None:
    """Where the fast path answers a positive toRdf test, it gives the expected dataset."""
    claimed = []
    for entry in _suite("PositiveEvaluationTest"):
        quads = fast.to_quads(_suite_input(entry))
        if quads is not None:
            assert canonicalize(quads).text == _expected(entry), entry["@id"]
            claimed.append(entry["@id"])
    # containers, scoped contexts, lists, language maps, value objects, numbers ...
    assert len(claimed) >= 100, claimed


@pytest.mark.filterwarnings("ignore::SyntaxWarning")
def test_to_rdf_suite_negative_tests_never_answered() -> None:
    for entry in _suite("NegativeEvaluationTest"):
        assert fast.to_quads(_suite_input(entry)) is None, entry["@id"]


# --- literals (NOTES 2.3) ----------------------------------------------------------------


def _literal_of(value: Any, term: str = "https://example.org/v") -> str:
    doc = {"@context": {"v": {"@id": term}, "t": {"@id": term, "@type":
           "http://www.w3.org/2001/XMLSchema#float"}},
           "@id": "https://example.org/s", "v": value}
    quads = fast.to_quads(doc)
    assert quads is not None
    return quads[0][2]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (42, '"42"^^<http://www.w3.org/2001/XMLSchema#integer>'),
        (42.0, '"42"^^<http://www.w3.org/2001/XMLSchema#integer>'),
        (-7, '"-7"^^<http://www.w3.org/2001/XMLSchema#integer>'),
        (5.3, '"5.3E0"^^<http://www.w3.org/2001/XMLSchema#double>'),
        (42.5, '"4.25E1"^^<http://www.w3.org/2001/XMLSchema#double>'),
        (1e-7, '"1.0E-7"^^<http://www.w3.org/2001/XMLSchema#double>'),
        (10**21, '"1.0E21"^^<http://www.w3.org/2001/XMLSchema#double>'),
        (True, '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>'),
        ("a\u0000b\"\n", '"a\\u0000b\\"\\n"'),
    ],
)
def test_json_scalars_become_literals_as_json_ld_says(value: Any, expected: str) -> None:
    assert _literal_of(value) == expected


def test_datatype_coercion_keeps_the_integer_lexical_form() -> None:
    doc = {"@context": [VC2, OB3], "type": "AchievementSubject",
           "id": "did:example:1", "creditsEarned": 42.0}
    quads = fast.to_quads(doc)
    assert quads is not None
    assert ('"42"^^<https://www.w3.org/2001/XMLSchema#float>'
            in {q[2] for q in quads})  # sic: the OB context says https


# --- fallbacks -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "doc",
    [
        {"@context": [VC2, "https://example.org/not-bundled.json"], "type": "VerifiableCredential"},
        {"@context": [VC2], "type": ["VerifiableCredential"], "undefinedTerm": "x"},
        {"@context": [VC2], "type": ["VerifiableCredential", "NotDefined"]},
        {"@context": [VC2], "id": "relative/id", "type": "VerifiableCredential"},
        {"@context": {"@base": "https://example.org/"}, "@id": "x",
         "https://example.org/p": 1},
        {"@context": {"p": {"@id": "https://example.org/p", "@type": "@json"}},
         "p": {"a": 1}},
        {"@context": [VC2], "id": "urn:x"},
        "not a document",
        [1, 2],
    ],
)
def test_documents_outside_the_fast_path_fall_back(doc: Any) -> None:
    assert fast.to_quads(doc) is None


def test_inline_contexts_are_cached_by_content_not_identity() -> None:
    context = {"p": {"@id": "https://example.org/p", "@type": "@id"}}
    doc = {"@context": context, "@id": "https://example.org/s", "p": "https://example.org/o"}
    first = fast.to_quads(doc)
    context["p"]["@type"] = "http://www.w3.org/2001/XMLSchema#string"
    second = fast.to_quads(doc)
    assert first is not None and second is not None
    assert first[0][2] == "<https://example.org/o>"
    assert second[0][2] == '"https://example.org/o"'


# --- generated Open Badges 3.0 credentials -------------------------------------------------

_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12
) | st.sampled_from(["", "\u0000\u0007\u000b\u007f", "tab\there", 'q"\\', "\ufffe\uffff",
                     "emoji \U0001f600", "line\r\nbreak"])
_iri = st.builds(lambda n: f"https://example.org/{n}", st.integers(0, 10**6)) | st.builds(
    lambda n: f"urn:uuid:00000000-0000-4000-8000-{n:012d}", st.integers(0, 10**6))
_number = (st.integers(-(10**25), 10**25)
           | st.floats(allow_nan=False, allow_infinity=False, width=64)
           | st.sampled_from([0, -0.0, 12.0, 1e21, 1.5e-7, 2**53 + 1]))
_lang = st.sampled_from(["en", "en-US", "FR-ca", "de", "zh-Hant-TW"])
_name = _text | st.builds(lambda v, lang: {"@value": v, "@language": lang}, _text, _lang)


def _optional(draw: Any, obj: dict[str, Any], key: str, strategy: Any) -> None:
    if draw(st.booleans()):
        obj[key] = draw(strategy)


@st.composite
def _profile(draw: Any) -> Any:
    if draw(st.booleans()):
        return draw(_iri)
    profile: dict[str, Any] = {"id": draw(_iri), "type": "Profile"}
    _optional(draw, profile, "name", _name)
    _optional(draw, profile, "url", _iri)
    _optional(draw, profile, "email", _text)
    _optional(draw, profile, "official", _text)
    return profile


@st.composite
def _achievement(draw: Any) -> dict[str, Any]:
    achievement: dict[str, Any] = {"id": draw(_iri), "type": ["Achievement"],
                                   "name": draw(_name)}
    _optional(draw, achievement, "description", _text)
    _optional(draw, achievement, "criteria",
              st.builds(lambda n: {"narrative": n}, _text) | _iri)
    _optional(draw, achievement, "creditsAvailable", _number)
    _optional(draw, achievement, "tag", st.lists(_text, max_size=3))
    _optional(draw, achievement, "alignment", st.lists(st.fixed_dictionaries(
        {"type": st.just(["Alignment"]), "targetName": _text, "targetUrl": _iri},
        optional={"targetCode": _text}), max_size=3))
    _optional(draw, achievement, "creator", _profile())
    return achievement


@st.composite
def _credential(draw: Any, depth: int = 0) -> dict[str, Any]:
    kind = "EndorsementCredential" if depth else draw(
        st.sampled_from(["OpenBadgeCredential", "AchievementCredential"]))
    doc: dict[str, Any] = {
        "@context": [VC2, OB3],
        "id": draw(_iri),
        "type": ["VerifiableCredential", kind],
        "issuer": draw(_profile()),
        "validFrom": draw(_text),
    }
    _optional(draw, doc, "name", _name)
    _optional(draw, doc, "description", _text)
    subject: dict[str, Any] = {"type": ["AchievementSubject"] if not depth
                               else ["EndorsementSubject"]}
    _optional(draw, subject, "id", _iri)
    if not depth:
        subject["achievement"] = draw(_achievement())
        _optional(draw, subject, "creditsEarned", _number)
        _optional(draw, subject, "identifier", st.lists(st.fixed_dictionaries({
            "type": st.just("IdentityObject"), "hashed": st.booleans(),
            "identityHash": _text, "identityType": st.just("emailAddress"),
            "salt": _text}), max_size=2))
        _optional(draw, subject, "result", st.lists(st.fixed_dictionaries(
            {"type": st.just(["Result"]), "value": _text}), max_size=2))
    else:
        _optional(draw, subject, "endorsementComment", _text)
    doc["credentialSubject"] = subject
    _optional(draw, doc, "evidence", st.lists(st.fixed_dictionaries(
        {"type": st.just(["Evidence"])},
        optional={"id": _iri, "name": _text, "narrative": _text, "genre": _text}),
        max_size=3))
    if depth < 2 and draw(st.integers(0, 3)) == 0:
        doc["endorsement"] = draw(st.lists(_credential(depth + 1), min_size=1, max_size=2))
    if draw(st.booleans()):
        doc["proof"] = {
            "type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022",
            "created": draw(_text), "verificationMethod": draw(_iri),
            "proofPurpose": "assertionMethod", "proofValue": draw(_text),
        }
    if draw(st.integers(0, 9)) == 0:  # an extension term nobody defined: both refuse
        doc[draw(st.sampled_from(["extension", "credentialSubject2"]))] = draw(_text)
    if draw(st.integers(0, 5)) == 0:  # a language map through an inline context
        doc["@context"] = [*doc["@context"], {"nameMap": {
            "@id": "https://schema.org/name", "@container": "@language"}}]
        doc["nameMap"] = draw(st.dictionaries(_lang | st.just("@none"),
                                              st.lists(_text, max_size=2) | _text,
                                              max_size=3))
    return doc


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_credential())
def test_generated_credentials_matchreference(doc: dict[str, Any]) -> None:
    assert_paths_agree(doc)


# --- generated JSON-LD over an inline context with every feature the fast path claims ----

_EX = "https://ex.org/"
_FEATURES: dict[str, Any] = {
    "id": "@id", "type": "@type", "ex": _EX,
    "p": f"{_EX}p",
    "ref": {"@id": f"{_EX}ref", "@type": "@id"},
    "voc": {"@id": f"{_EX}voc", "@type": "@vocab"},
    "dbl": {"@id": f"{_EX}dbl", "@type": "http://www.w3.org/2001/XMLSchema#double"},
    "dt": {"@id": f"{_EX}dt", "@type": f"{_EX}T"},
    "lst": {"@id": f"{_EX}lst", "@container": "@list"},
    "set": {"@id": f"{_EX}set", "@container": "@set"},
    "lang": {"@id": f"{_EX}lang", "@container": "@language"},
    "en": {"@id": f"{_EX}en", "@language": "en"},
    "nolang": {"@id": f"{_EX}nolang", "@language": None},
    "g": {"@id": f"{_EX}g", "@container": "@graph"},
    "scoped": {"@id": f"{_EX}scoped", "@context": {"p": {"@id": f"{_EX}scoped-p",
                                                         "@type": "@id"}}},
    "Typed": {"@id": f"{_EX}Typed", "@context": {"p": f"{_EX}typed-p",
                                                 "extra": f"{_EX}extra"}},
    "Plain": f"{_EX}Plain",
}
_keys = st.sampled_from(["p", "ref", "voc", "dbl", "dt", "lst", "set", "lang", "en", "nolang",
                         "g", "scoped", "extra", "ex:q", f"{_EX}abs", "undefined"])
_strings = st.sampled_from(["Plain", "Typed", "ex:thing", f"{_EX}x", "_:b1", "_:b2",
                            "relative", "", "@id", "héllo\u0000"]) | _text
_scalars = _strings | _number | st.booleans() | st.none()


@st.composite
def _jsonld_node(draw: Any, depth: int = 0) -> dict[str, Any]:
    node: dict[str, Any] = {}
    if draw(st.booleans()):
        node["id"] = draw(st.sampled_from([f"{_EX}n1", f"{_EX}n2", "_:b1", "ex:n3",
                                           "relative"]))
    if draw(st.booleans()):
        node["type"] = draw(st.sampled_from(["Typed", "Plain", "ex:Foo", "Undefined"])
                            | st.lists(st.sampled_from(["Typed", "Plain", "ex:Foo"]),
                                       max_size=2))
    values = _scalars | st.lists(_scalars, max_size=3) | st.builds(
        lambda v, t: {"@value": v, "@type": t}, _scalars, st.just(f"{_EX}D")) | st.builds(
        lambda v, lang: {"@value": v, "@language": lang}, _text, _lang) | st.dictionaries(
        _lang | st.just("@none"), _text | st.lists(_text, max_size=2), max_size=2)
    if depth < 3:
        values = values | _jsonld_node(depth + 1) | st.lists(_jsonld_node(depth + 1),
                                                              max_size=2)
    for key in draw(st.lists(_keys, max_size=4, unique=True)):
        node[key] = draw(values)
    return node


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_jsonld_node(), st.sampled_from([None, "de"]), st.booleans())
def test_generated_json_ld_matchesreference(node: dict[str, Any], language: str | None,
                                             vocab: bool) -> None:
    context = dict(_FEATURES)
    if language:
        context["@language"] = language
    if vocab:
        context["@vocab"] = f"{_EX}vocab#"
    assert_paths_agree({"@context": context, **node})
