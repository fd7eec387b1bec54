"""Offline resolvers against published DID documents and the did:key / 1EdTech conventions."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from openbadge_kit.errors import InvalidInputError, NetworkDisabledError, ResolutionError
from openbadge_kit.keys.base import Resolver
from openbadge_kit.keys.did import did_jwk_for, did_key_document, did_key_for
from openbadge_kit.keys.ed25519 import Ed25519KeyPair
from openbadge_kit.keys.jwk import jwk_from_public_key
from openbadge_kit.keys.resolvers import (
    ChainResolver,
    DidDocumentResolver,
    DidJwkResolver,
    DidKeyResolver,
    FragmentMultikeyResolver,
    default_resolver,
)

VECTORS = Path(__file__).resolve().parents[1] / "vectors"
ZERO_DID = "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp"
ZERO_MB = ZERO_DID[len("did:key:"):]


def load(rel: str) -> Any:
    return json.loads((VECTORS / rel).read_text("utf-8"))


# --- did:key ------------------------------------------------------------------------------


def test_did_key_resolves_the_zero_seed_key_with_every_relationship() -> None:
    vm = DidKeyResolver().resolve(f"{ZERO_DID}#{ZERO_MB}")
    pair = Ed25519KeyPair.from_seed(bytes(32))
    assert isinstance(vm.public_key, ed25519.Ed25519PublicKey)
    assert vm.public_key.public_bytes_raw() == pair.public_bytes
    assert vm.id == f"{ZERO_DID}#{ZERO_MB}" and vm.controller == ZERO_DID
    assert vm.type == "Multikey" and vm.key_type == "Ed25519"
    assert "assertionMethod" in vm.relationships and "authentication" in vm.relationships
    assert vm.document is not None and vm.document["publicKeyMultibase"] == ZERO_MB


def test_did_key_document_matches_the_ccg_vector_structure() -> None:
    vector = load("w3c-ccg-did-method-key/test-vectors/ed25519-x25519.json")[ZERO_DID]
    ours = did_key_document(ZERO_DID)
    theirs = vector["didDocument"]
    assert ours["id"] == theirs["id"]
    assert [vm["id"] for vm in ours["verificationMethod"]] == \
        [theirs["verificationMethod"][0]["id"]]
    for rel in ("assertionMethod", "authentication", "capabilityInvocation",
                "capabilityDelegation"):
        assert ours[rel] == theirs[rel]


def test_did_key_bare_did_versioned_and_2020_forms() -> None:
    resolver = DidKeyResolver()
    assert resolver.resolve(ZERO_DID).id == f"{ZERO_DID}#{ZERO_MB}"
    versioned = resolver.resolve(f"did:key:1:{ZERO_MB}")
    assert versioned.controller == f"did:key:1:{ZERO_MB}"
    assert versioned.public_key.public_bytes_raw() == Ed25519KeyPair.from_seed(  # type: ignore[union-attr]
        bytes(32)).public_bytes
    vm = DidKeyResolver(vm_type="Ed25519VerificationKey2020").resolve(ZERO_DID)
    assert vm.type == "Ed25519VerificationKey2020"


@pytest.mark.parametrize("bad", [
    f"{ZERO_DID}#key-1",                     # fragment is not the key
    "did:key:2:" + ZERO_MB,                  # unknown version
    "did:key:" + ZERO_MB[:-3],               # truncated key
    "did:key:" + ZERO_MB.replace("z", "m", 1),  # not base58btc multibase
    "did:key:z6LShs9GGnqk85isEBzzshkuVWrVKsRp24GnDuHk8QWkARMW",  # X25519: not a signing key
    "did:key:",
])
def test_did_key_rejects_malformed_ids(bad: str) -> None:
    with pytest.raises(ResolutionError):
        DidKeyResolver().resolve(bad)


def test_p256_did_key_from_the_nist_vectors() -> None:
    vectors = load("w3c-ccg-did-method-key/test-vectors/nist-curves.json")
    checked = 0
    for did, vector in vectors.items():
        if not did.startswith("did:key:zDn"):
            continue
        vm = DidKeyResolver().resolve(did)
        assert isinstance(vm.public_key, ec.EllipticCurvePublicKey)
        published = vector["verificationMethod"].get("publicKeyJwk")
        if published is None:  # the last vector publishes base58 instead of a JWK
            continue
        ours = jwk_from_public_key(vm.public_key)
        assert (ours["x"], ours["y"]) == (published["x"], published["y"])
        assert did_key_for(vm.public_key) == did
        checked += 1
    assert checked >= 1


# --- did:jwk ------------------------------------------------------------------------------


def test_did_jwk_round_trip() -> None:
    pair = Ed25519KeyPair.from_seed(bytes(32))
    did = did_jwk_for(pair.to_jwk())
    vm = DidJwkResolver().resolve(did + "#0")
    assert vm.id == did + "#0" and vm.controller == did and vm.type == "JsonWebKey"
    assert "assertionMethod" in vm.relationships
    assert isinstance(vm.public_key, ed25519.Ed25519PublicKey)
    assert vm.public_key.public_bytes_raw() == pair.public_bytes
    with pytest.raises(ResolutionError):
        DidJwkResolver().resolve(did + "#1")
    with pytest.raises(ResolutionError):
        DidJwkResolver().resolve("did:jwk:eyJub3QiOiJhIGtleSJ9")  # {"not":"a key"}


# --- 1EdTech fragment convention -----------------------------------------------------------


def test_fragment_multikey_resolves_the_ob_vector_key_and_says_it_is_assumed() -> None:
    kp = load("1edtech-ob3-spec-test-vectors/obv3p0/keyPair.json")
    vm = FragmentMultikeyResolver().resolve(kp["id"])
    assert vm.controller == kp["controller"] == "https://example.edu/issuers/565049"
    assert isinstance(vm.public_key, ed25519.Ed25519PublicKey)
    assert vm.public_key.public_bytes_raw().hex() == kp["publicKeyHex"]
    assert vm.relationships == frozenset({"assertionMethod"})
    assert vm.document is not None and vm.document["assumed"] is True
    assert "assumed" in vm.document["resolvedBy"]


@pytest.mark.parametrize("file", [
    "simple-err-proof-method.json", "simple-err-proof-method-no-scheme.json",
    "simple-err-proof-method-unknown-scheme.json",
    "simple-err-proof-method-unknown-did-method.json",
])
def test_1edtech_bad_proof_methods_do_not_resolve(file: str) -> None:
    cred = load(f"1edtech-dc-public-validator/ob30/{file}")
    method = cred["proof"][0]["verificationMethod"] if isinstance(cred["proof"], list) \
        else cred["proof"]["verificationMethod"]
    with pytest.raises(ResolutionError):
        default_resolver().resolve(method)


def test_garbled_fragment_key_is_reported_as_a_bad_key_not_as_offline() -> None:
    cred = load("1edtech-dc-public-validator/ob30/simple-err-proof-method.json")
    proof = cred["proof"][0] if isinstance(cred["proof"], list) else cred["proof"]
    with pytest.raises(ResolutionError) as info:
        default_resolver().resolve(proof["verificationMethod"])
    assert not isinstance(info.value, NetworkDisabledError)
    assert "unsupported Multikey" in str(info.value)


def test_fragment_resolver_leaves_dids_and_plain_fragments_alone() -> None:
    resolver = FragmentMultikeyResolver()
    assert not resolver.handles(f"did:web:example.com#{ZERO_MB}")
    assert not resolver.handles("https://example.com/issuer#key-1")
    assert resolver.handles(f"https://example.com/issuer#{ZERO_MB}")


# --- DID / controller documents -----------------------------------------------------------


def test_did_document_folder_resolves_every_dcc_did_web_document() -> None:
    resolver = DidDocumentResolver(VECTORS / "dcc-verifier-core" / "dids")
    assert resolver.ids == ["did:web:digitalcredentials.github.io:dcc-did-web",
                            "did:web:digitalcredentials.github.io:dcc-did-web:multikey"]
    legacy = resolver.resolve("did:web:digitalcredentials.github.io:dcc-did-web"
                              "#z6MknNQD1WHLGGraFi6zcbGevuAgkVfdyCdtZnQTGWVVvR5Q")
    assert legacy.type == "Ed25519VerificationKey2020"
    assert legacy.relationships == frozenset({"assertionMethod"})
    multikey = resolver.resolve("did:web:digitalcredentials.github.io:dcc-did-web:multikey"
                                "#z6MknNQD1WHLGGraFi6zcbGevuAgkVfdyCdtZnQTGWVVvR5Q")
    assert multikey.type == "Multikey"
    assert multikey.relationships == frozenset({"assertionMethod"})
    assert multikey.controller == "did:web:digitalcredentials.github.io:dcc-did-web:multikey"


def test_offline_resources_map_did_web_documents_that_resolve() -> None:
    mapping = load("offline-resources.json")["didWeb"]
    docs = {did: load(path) for did, path in mapping.items()}
    assert len(docs) == 4
    resolver = DidDocumentResolver(docs)
    for did, doc in docs.items():
        methods = resolver.assertion_methods(did)
        assert methods, did
        assert all(m.controller == did and "assertionMethod" in m.relationships
                   for m in methods)
        assert doc["id"] == did


def test_https_controller_document_and_did_key_controller_document() -> None:
    db = VECTORS / "digitalbazaar-ed25519-signature-2020"
    resolver = DidDocumentResolver([load(str(db / "controllerDoc2020.json")),
                                    load(str(db / "tv-controllerDoc.json"))])
    mock = load(str(db / "mockPublicKey2020.json"))
    vm = resolver.resolve(mock["id"])
    assert vm.controller == "https://example.edu/issuers/565049"
    assert "assertionMethod" in vm.relationships
    tv = resolver.resolve("did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
                          "#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2")
    assert tv.type == "Multikey"


def test_relative_ids_jsonwebkey2020_and_missing_assertion_method() -> None:
    vectors = load("w3c-ccg-did-method-key/test-vectors/nist-curves.json")
    did, vector = next((d, v) for d, v in vectors.items() if d.startswith("did:key:zDn"))
    doc = vector["didDocument"]
    vm = DidDocumentResolver(doc).resolve(f"{did}#{did[8:]}")
    assert vm.type == "JsonWebKey2020" and isinstance(vm.public_key, ec.EllipticCurvePublicKey)
    pair = Ed25519KeyPair.from_seed(bytes(32))
    rel_doc = {"id": "did:web:issuer.example", "verificationMethod": [
        {"id": "#key-1", "type": "JsonWebKey", "controller": "did:web:issuer.example",
         "publicKeyJwk": pair.to_jwk()}], "authentication": ["#key-1"]}
    vm = DidDocumentResolver(rel_doc).resolve("did:web:issuer.example#key-1")
    assert vm.id == "did:web:issuer.example#key-1"
    assert vm.relationships == frozenset({"authentication"})  # NOT assertionMethod
    assert DidDocumentResolver(rel_doc).assertion_methods("did:web:issuer.example") == []


def test_document_errors_are_resolution_errors(tmp_path: Path) -> None:
    pair = Ed25519KeyPair.generate()
    doc = {"id": "did:web:a.example", "verificationMethod": [pair.multikey_vm("did:web:a.example")],
           "assertionMethod": [f"did:web:a.example#{pair.public_multikey}"]}
    resolver = DidDocumentResolver(doc)
    with pytest.raises(ResolutionError, match="no verification method"):
        resolver.resolve("did:web:a.example#other")
    with pytest.raises(ResolutionError, match="no local"):
        resolver.resolve("did:web:b.example#k")
    bad_type = {"id": "did:web:c.example", "verificationMethod": [
        {"id": "did:web:c.example#k", "type": "RsaSignature2018", "controller": "did:web:c.example",
         "publicKeyPem": "x"}]}
    with pytest.raises(ResolutionError, match="unsupported verification method type"):
        DidDocumentResolver(bad_type).resolve("did:web:c.example#k")
    secret = {"id": "did:web:d.example", "verificationMethod": [
        {"id": "did:web:d.example#k", "type": "Multikey", "controller": "did:web:d.example",
         "publicKeyMultibase": pair.secret_multikey}]}
    with pytest.raises(ResolutionError, match="SECRET"):
        DidDocumentResolver(secret).resolve("did:web:d.example#k")
    # two different documents for one id are refused, naming the origin
    other = dict(doc, assertionMethod=[])
    with pytest.raises(InvalidInputError, match="different document"):
        DidDocumentResolver([doc, other])
    # a malformed file in the folder gives a clear error naming the file
    shutil.copy(VECTORS / "dcc-vc-test-fixtures/dids/legacy/did.json", tmp_path / "a.json")
    (tmp_path / "broken.json").write_text("{not json")
    with pytest.raises(InvalidInputError, match=r"broken\.json"):
        DidDocumentResolver(tmp_path)


# --- chains and the default resolver -------------------------------------------------------


def test_default_resolver_is_offline_and_says_so() -> None:
    resolver = default_resolver()
    assert isinstance(resolver, Resolver)
    with pytest.raises(NetworkDisabledError):
        resolver.resolve("did:web:dc.1edtech.org:wellspring2022#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi")
    with pytest.raises(NetworkDisabledError):
        resolver.resolve("https://issuer.example/keys/1")
    with pytest.raises(ResolutionError) as info:
        resolver.resolve("did:example:123#k")
    assert not isinstance(info.value, NetworkDisabledError)
    assert resolver.resolve(ZERO_DID).controller == ZERO_DID


def test_local_documents_take_precedence_over_network() -> None:
    resolver = default_resolver(did_documents=VECTORS / "dcc-vc-test-fixtures" / "dids")
    vm = resolver.resolve("did:web:digitalcredentials.github.io:vc-test-fixtures:dids:oidf"
                          "#z6MkjXe1vZvPRqFuc9nRBtZ3e1Y9XKDFSbjFAfzLfW2bD6cZ")
    assert vm.type == "Multikey"
    listed = resolver.assertion_methods(
        "did:web:digitalcredentials.github.io:vc-test-fixtures:dids:legacy")
    assert [m.type for m in listed] == ["Ed25519VerificationKey2020"]


def test_chain_prefers_network_disabled_reason_and_tries_in_order() -> None:
    class Failing:
        def resolve(self, method_id: str) -> Any:
            raise ResolutionError("nope")

    chain = ChainResolver([Failing(), DidKeyResolver()])
    assert chain.resolve(ZERO_DID).controller == ZERO_DID
    with pytest.raises(ResolutionError, match="nope"):
        chain.resolve("did:example:1")


def test_folder_scan_is_bounded_and_ignores_other_json(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="does not exist"):
        DidDocumentResolver(tmp_path / "nope")
    (tmp_path / "sub").mkdir()
    shutil.copy(VECTORS / "dcc-vc-test-fixtures/dids/oidf/did.json", tmp_path / "sub" / "x.json")
    (tmp_path / "credential.json").write_text('{"id": "urn:uuid:1", "type": ["X"]}')
    (tmp_path / "sub" / "loop").symlink_to(tmp_path, target_is_directory=True)
    resolver = DidDocumentResolver(tmp_path)
    assert resolver.ids == ["did:web:digitalcredentials.github.io:vc-test-fixtures:dids:oidf"]
