"""Safe mode: every way JSON-LD would silently lose data is an error naming the term."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from openbadge_kit.errors import (
    ContextNotAllowedError,
    JsonLdError,
    OpenBadgeError,
    SafeModeError,
)
from openbadge_kit.jsonld import canonize
from openbadge_kit.jsonld.loader import OfflineLoader
from openbadge_kit.jsonld.to_rdf import expand, to_rdf

VECTORS = Path(__file__).resolve().parents[1] / "vectors"
EXTENSIONS = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"


def _json(path: Path) -> Any:
    return json.loads(path.read_text("utf-8"))


@pytest.fixture
def credential() -> dict[str, Any]:
    """The 1EdTech OB 3.0 step-by-step credential (canonizes cleanly as is)."""
    doc: dict[str, Any] = _json(VECTORS / "1edtech-ob3-spec-test-vectors/obv3p0/unsigned.json")
    return copy.deepcopy(doc)


def _refuse(document: Any) -> SafeModeError:
    with pytest.raises(SafeModeError) as info:
        canonize(document)
    assert info.value.code == "jsonld_data_loss"
    return info.value


def test_clean_credential_canonizes(credential: dict[str, Any]) -> None:
    """The baseline every mutation below starts from."""
    expected = (VECTORS / "1edtech-ob3-spec-test-vectors/obv3p0/document-canon.nq").read_text()
    assert canonize(credential) == expected


def test_undefined_term_is_named(credential: dict[str, Any]) -> None:
    credential["credentialSubject"]["favouriteColour"] = "teal"
    err = _refuse(credential)
    assert err.term == "favouriteColour"
    assert "favouriteColour" in err.message


def test_undefined_term_is_refused_even_when_its_value_is_empty(
    credential: dict[str, Any],
) -> None:
    credential["notes"] = []
    assert _refuse(credential).term == "notes"


def test_relative_type_without_extensions_context(credential: dict[str, Any]) -> None:
    credential["credentialStatus"] = {
        "id": "https://example.edu/status/1",
        "type": "1EdTechRevocationList",
    }
    err = _refuse(credential)
    assert err.term == "1EdTechRevocationList"
    assert "Relative @type reference" in err.message
    # the same credential with the OB extensions context is fine
    credential["@context"].append(EXTENSIONS)
    assert (
        "<https://example.edu/status/1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        "<https://purl.imsglobal.org/spec/vcrl/v1p0/context.json#1EdTechRevocationList> .\n"
    ) in canonize(credential)


def test_undefined_achievement_type(credential: dict[str, Any]) -> None:
    credential["credentialSubject"]["achievement"]["type"] = ["Achievement", "Diploma"]
    assert _refuse(credential).term == "Diploma"


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("id",), "credentials/3527"),  # node @id
        (("issuer", "id"), "issuers/565049"),  # nested node @id
        (("credentialSubject", "achievement", "criteria", "id"), "#criteria"),
    ],
)
def test_relative_id(credential: dict[str, Any], path: tuple[str, ...], value: str) -> None:
    target = credential
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    err = _refuse(credential)
    assert err.term == value
    assert "relative @id" in err.message


def test_relative_iri_value_of_an_id_typed_term(credential: dict[str, Any]) -> None:
    credential["issuer"]["url"] = "www.example.edu"
    # OB types Profile.url as anyURI (a literal), so this one is data, not a reference
    canonize(credential)
    credential["credentialSchema"] = [
        {"id": "schema.json", "type": "1EdTechJsonSchemaValidator2019"}
    ]
    credential["@context"].append(EXTENSIONS)
    assert _refuse(credential).term == "schema.json"


def test_unknown_context_url_is_named(credential: dict[str, Any]) -> None:
    url = "https://example.org/contexts/not-bundled.jsonld"
    credential["@context"].append(url)
    with pytest.raises(ContextNotAllowedError) as info:
        canonize(credential)
    assert info.value.url == url
    assert url in info.value.message
    assert info.value.code == "context_not_allowed"


def test_caller_supplied_context_is_used_without_network(credential: dict[str, Any]) -> None:
    url = "https://example.org/contexts/colour.jsonld"
    loader = OfflineLoader({url: {"@context": {"favouriteColour": "https://example.org/colour"}}})
    credential["@context"].append(url)
    credential["credentialSubject"]["favouriteColour"] = "teal"
    assert '<https://example.org/colour> "teal" .' in canonize(credential, loader=loader)
    with pytest.raises(ContextNotAllowedError):
        canonize(credential)  # the default loader does not know it


def test_dcc_safe_mode_breaker() -> None:
    """DCC verifier-core: StatusList2021Entry is not defined by VC v2 + OB 3.0.3."""
    document = _json(VECTORS / "dcc-verifier-core/credentials/eddsa/v2/safeModeBreaker.json")
    err = _refuse(document)
    assert err.term == "StatusList2021Entry"
    assert "Relative @type reference" in err.message


@pytest.mark.parametrize(
    ("document", "term"),
    [
        ({"@context": {"p": "http://ex.org/p"}, "@id": "http://ex.org/s", "@graph": ["x"]},
         "@graph"),
        ({"@context": {"p": "http://ex.org/p"}, "p": {"@value": None}}, "p"),
        ({"@context": {"p": "http://ex.org/p"}, "p": {"@language": "en"}}, "p"),
        ({"@context": {"p": {"@id": "_:bp"}}, "@id": "http://ex.org/s", "p": "v"}, "_:bp"),
        ({"@context": {"p": None}, "@id": "http://ex.org/s", "p": "v"}, None),
        ({"@context": {"@vocab": "rel/"}, "@id": "http://ex.org/s", "p": "v"}, "rel/p"),
    ],
    ids=["free-floating", "null-value", "only-language", "bnode-predicate", "null-term",
         "rel-vocab"],
)
def test_other_data_loss(document: dict[str, Any], term: str | None) -> None:
    assert _refuse(document).term == term


def test_direction_and_bad_language_are_refused() -> None:
    ctx = {"p": "http://ex.org/p"}
    with_direction = {"@context": ctx, "@id": "http://ex.org/s",
                      "p": {"@value": "v", "@language": "ar", "@direction": "rtl"}}
    _refuse(with_direction)
    bad_language = {"@context": ctx, "@id": "http://ex.org/s",
                    "p": {"@value": "v", "@language": "en us"}}
    _refuse(bad_language)


def test_unsafe_mode_drops_what_safe_mode_refuses(credential: dict[str, Any]) -> None:
    credential["credentialSubject"]["favouriteColour"] = "teal"
    quads = to_rdf(credential, safe=False)
    assert not any("teal" in q[2] for q in quads)


@pytest.mark.parametrize(
    "document",
    [
        {"@context": 5},
        {"@context": {"p": {"@id": 5}}},
        {"@context": {"p": "http://ex.org/p"}, "@id": 7},
        {"@context": {"p": "http://ex.org/p"}, "@id": "http://ex.org/s", "p": 10**400},
        [1, {"@context": {"@version": 2.0}}],
        "https://example.org/remote-document",
    ],
    ids=["context-number", "term-id-number", "id-number", "huge-int", "bad-version", "url"],
)
def test_invalid_json_ld_raises_our_error(document: Any) -> None:
    with pytest.raises(JsonLdError):
        canonize(document)


def test_very_deep_document_raises_our_error() -> None:
    deep: dict[str, Any] = {"http://ex.org/v": "leaf"}
    for _ in range(2000):
        deep = {"http://ex.org/p": deep}
    with pytest.raises(JsonLdError):
        canonize(deep)


def _valid_signed_credentials() -> list[Any]:
    """Every collected JSON credential whose signature the reference check found valid."""
    params = []
    for expectations in sorted(VECTORS.glob("*/expectations.json")):
        folder = expectations.parent
        for entry in _json(expectations).get("entries", []):
            proofs = entry.get("reference_check", {}).get("proofs", [])
            if proofs and all(p == "valid" for p in proofs) and entry["file"].endswith(".json"):
                params.append(pytest.param(folder / entry["file"],
                                           id=f"{folder.name}/{entry['file']}"))
    return params


VALID_SIGNED = _valid_signed_credentials()


def test_valid_signed_corpus_is_large() -> None:
    assert len(VALID_SIGNED) >= 100


@pytest.mark.parametrize("path", VALID_SIGNED)
def test_safe_mode_accepts_every_validly_signed_credential(path: Path) -> None:
    """No false positives: what verifies in the wild canonizes in safe mode."""
    document = {k: v for k, v in _json(path).items() if k != "proof"}
    try:
        text = canonize(document)
    except OpenBadgeError as exc:  # pragma: no cover - the failure message is the point
        pytest.fail(f"{path.name}: {exc.code}: {exc}")
    assert text.endswith(" .\n")


@pytest.mark.parametrize(
    ("document", "left"),
    [
        ({"@context": {"p": "http://ex.org/p"}, "@id": "http://ex.org/a b", "p": "v"}, 0),
        ({"@context": {"p": {"@id": "http://ex.org/p", "@type": "@id"}},
          "@id": "http://ex.org/s", "p": "http://ex.org/o o"}, 0),
        ({"@context": {"p": "http://ex.org/p"}, "@id": "http://ex.org/s",
          "@type": "http://ex.org/T T", "p": "v"}, 1),
    ],
    ids=["subject", "object", "type"],
)
def test_iris_that_to_rdf_would_skip_are_refused(document: dict[str, Any], left: int) -> None:
    """pyld's toRdf silently skips IRIs with whitespace: safe mode must catch them."""
    assert len(to_rdf(document, safe=False)) == left  # one statement silently vanished
    _refuse(document)


def test_expand_is_safe_too(credential: dict[str, Any]) -> None:
    expanded = expand(credential)
    assert expanded[0]["@id"] == "http://example.com/credentials/3527"
    credential["favouriteColour"] = "teal"
    with pytest.raises(SafeModeError):
        expand(credential)
