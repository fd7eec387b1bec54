"""Data Integrity interop with Digital Bazaar's ``@digitalbazaar/vc`` (issue #2).

For both suites (DataIntegrityProof/eddsa-rdfc-2022 and Ed25519Signature2020): a credential
signed by Digital Bazaar verifies in openbadge_kit and one signed by openbadge_kit verifies in
Digital Bazaar's verifier, offline; a credential changed after signing fails in both; a key
that is not the issuer's is refused by both. The credentials are built by hand here: an
Open Badges 3.0 AchievementCredential on VC 2.0 (OB context 3.0.3), and the same badge on
VC 1.1 for Ed25519Signature2020 (the shape many OB 3.0 badges in the wild still have).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

import pytest

from openbadge_kit.keys.ed25519 import Ed25519KeyPair
from openbadge_kit.keys.resolvers import default_resolver
from openbadge_kit.proofs.data_integrity import sign, verify_proofs
from openbadge_kit.verify.api import verify as verify_credential

from .credentials import badge
from .interop_bridge import NodeBridge

pytestmark = pytest.mark.interop

SEED_ISSUER = bytes(range(1, 33))
SEED_OTHER = bytes(range(101, 133))
CREATED = "2026-03-01T12:00:00Z"
NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)
NOW_ISO = "2026-06-01T00:00:00Z"

#: (suite, credential shape)
CASES = [
    pytest.param("eddsa-rdfc-2022", "vc2", id="eddsa-rdfc-2022/ob3-vc2"),
    pytest.param("Ed25519Signature2020", "vc2", id="Ed25519Signature2020/ob3-vc2"),
    pytest.param("Ed25519Signature2020", "vc11", id="Ed25519Signature2020/ob3-vc11"),
]
PROOF_TYPE = {"eddsa-rdfc-2022": ("DataIntegrityProof", "eddsa-rdfc-2022"),
              "Ed25519Signature2020": ("Ed25519Signature2020", None)}


def our_verdict(document: dict[str, Any]) -> list[Any]:
    return verify_proofs(document, resolver=default_resolver(), now=NOW)


def our_sign(document: dict[str, Any], key: Ed25519KeyPair, suite: str) -> dict[str, Any]:
    return sign(document, key, verification_method=key.did_key_vm, suite=suite,
                created=CREATED)


@pytest.fixture(scope="module")
def issuer_key() -> Ed25519KeyPair:
    return Ed25519KeyPair.from_seed(SEED_ISSUER)


@pytest.fixture(scope="module")
def other_key() -> Ed25519KeyPair:
    return Ed25519KeyPair.from_seed(SEED_OTHER)


@pytest.mark.parametrize(("suite", "shape"), CASES)
def test_signed_by_digital_bazaar_verifies_in_ours(node: NodeBridge, issuer_key: Ed25519KeyPair,
                                                   suite: str, shape: str) -> None:
    theirs = node.sign(badge(issuer_key.did_key, shape=shape, suite=suite), suite=suite,
                       seed=SEED_ISSUER, created=CREATED)
    proof_type, cryptosuite = PROOF_TYPE[suite]
    assert theirs["proof"]["type"] == proof_type
    assert theirs["proof"].get("cryptosuite") == cryptosuite
    assert theirs["proof"]["verificationMethod"] == issuer_key.did_key_vm
    assert node.verify(theirs, now=NOW_ISO)["verified"]  # their own verifier agrees

    results = our_verdict(theirs)
    assert [r.code for r in results] == ["proof.valid"], [r.message for r in results]
    assert results[0].ok
    assert results[0].verification_method == issuer_key.did_key_vm
    assert results[0].controller == issuer_key.did_key


@pytest.mark.parametrize(("suite", "shape"), CASES)
def test_signed_by_us_verifies_in_digital_bazaar(node: NodeBridge, issuer_key: Ed25519KeyPair,
                                                 suite: str, shape: str) -> None:
    ours = our_sign(badge(issuer_key.did_key, shape=shape, suite=suite), issuer_key, suite)
    verdict = node.verify(ours, now=NOW_ISO)
    assert verdict["verified"], verdict["errors"]
    proof_type, cryptosuite = PROOF_TYPE[suite]
    assert [(p["type"], p["cryptosuite"], p["verified"]) for p in verdict["proofs"]] == [
        (proof_type, cryptosuite, True)]


@pytest.mark.parametrize("loader", ["ours", "dcc"])
@pytest.mark.parametrize(("suite", "shape"), CASES)
def test_signed_by_us_verifies_in_the_dcc_verifier(request: pytest.FixtureRequest,
                                                   issuer_key: Ed25519KeyPair, suite: str,
                                                   shape: str, loader: str) -> None:
    """verifier-core (what DCC's wallet and verifier site run), offline; real clock."""
    verifier: NodeBridge = request.getfixturevalue(
        "node" if loader == "ours" else "node_dcc_contexts")
    ours = our_sign(badge(issuer_key.did_key, shape=shape, suite=suite), issuer_key, suite)
    verdict = verifier.call("dcc-verify", credential=ours, loader=loader)
    assert verdict["verified"], verdict
    log = {s["id"]: s["valid"] for s in verdict["log"]}
    assert log["valid_signature"] is True and log["expiration"] is True
    _edit_achievement(ours)
    verdict = verifier.call("dcc-verify", credential=ours, loader=loader)
    assert [e["name"] for e in verdict["errors"]] == ["invalid_signature"]


@pytest.mark.parametrize(("suite", "shape"), CASES)
def test_same_key_same_bytes(node: NodeBridge, issuer_key: Ed25519KeyPair, suite: str,
                             shape: str) -> None:
    """Ed25519 is deterministic: identical canonical bytes give identical proofValues."""
    unsigned = badge(issuer_key.did_key, shape=shape, suite=suite)
    theirs = node.sign(unsigned, suite=suite, seed=SEED_ISSUER, created=CREATED)
    ours = our_sign(unsigned, issuer_key, suite)
    assert ours["proof"]["proofValue"] == theirs["proof"]["proofValue"]
    assert ours == theirs


def _edit_achievement(doc: dict[str, Any]) -> None:
    doc["credentialSubject"]["achievement"]["name"] = "Interop 999"


def _edit_issuer_name(doc: dict[str, Any]) -> None:
    doc["issuer"]["name"] = "Somebody Else"


def _edit_result(doc: dict[str, Any]) -> None:
    doc["credentialSubject"]["result"][0]["value"] = "A++"


def _add_type(doc: dict[str, Any]) -> None:
    doc["type"].append("EndorsementCredential")


def _move_dates(doc: dict[str, Any]) -> None:
    key = "validUntil" if "validUntil" in doc else "expirationDate"
    doc[key] = "2099-02-01T00:00:00Z"


def _edit_proof_created(doc: dict[str, Any]) -> None:
    doc["proof"]["created"] = "2026-03-01T12:00:01Z"


TAMPERINGS: dict[str, Callable[[dict[str, Any]], None]] = {
    "achievement-name": _edit_achievement,
    "issuer-name": _edit_issuer_name,
    "result-value": _edit_result,
    "extra-type": _add_type,
    "validity-extended": _move_dates,
    "proof-created": _edit_proof_created,
}


@pytest.mark.parametrize("signer", ["digital-bazaar", "openbadge_kit"])
@pytest.mark.parametrize(("suite", "shape"), CASES)
def test_tampered_after_signing_fails_in_both(node: NodeBridge, issuer_key: Ed25519KeyPair,
                                              suite: str, shape: str, signer: str) -> None:
    unsigned = badge(issuer_key.did_key, shape=shape, suite=suite)
    if signer == "digital-bazaar":
        signed = node.sign(unsigned, suite=suite, seed=SEED_ISSUER, created=CREATED)
    else:
        signed = our_sign(unsigned, issuer_key, suite)
    # untouched, both accept (so the failures below are due to the edit alone)
    assert node.verify(signed, now=NOW_ISO)["verified"]
    assert [r.ok for r in our_verdict(signed)] == [True]
    for name, tamper in TAMPERINGS.items():
        changed = copy.deepcopy(signed)
        tamper(changed)
        verdict = node.verify(changed, now=NOW_ISO)
        assert not verdict["verified"], name
        assert any("Invalid signature" in m for m in verdict["errors"]), (name, verdict)
        results = our_verdict(changed)
        assert [(r.ok, r.code) for r in results] == [(False, "proof.signature_invalid")], (
            name, [r.message for r in results])


@pytest.mark.parametrize(("suite", "shape"), CASES)
def test_json_edits_that_keep_the_rdf_still_verify_in_both(node: NodeBridge,
                                                           issuer_key: Ed25519KeyPair,
                                                           suite: str, shape: str) -> None:
    """The proof covers the RDF graph, not the JSON text: both must agree on that too.

    In the OB 3.0.3 context ``AchievementCredential`` is an alias of ``OpenBadgeCredential``
    (same IRI), so renaming the type, like reordering keys, leaves the signature valid.
    """
    signed = node.sign(badge(issuer_key.did_key, shape=shape, suite=suite), suite=suite,
                       seed=SEED_ISSUER, created=CREATED)
    renamed = copy.deepcopy(signed)
    renamed["type"] = ["VerifiableCredential", "AchievementCredential"]
    reordered = dict(reversed(list(signed.items())))
    reordered["credentialSubject"] = dict(reversed(list(signed["credentialSubject"].items())))
    for variant in (renamed, reordered):
        verdict = node.verify(variant, now=NOW_ISO)
        assert verdict["verified"], verdict["errors"]
        assert [r.code for r in our_verdict(variant)] == ["proof.valid"]


@pytest.mark.parametrize(("suite", "shape"), CASES)
def test_key_not_the_issuers_is_refused_by_both(node: NodeBridge, issuer_key: Ed25519KeyPair,
                                                other_key: Ed25519KeyPair, suite: str,
                                                shape: str) -> None:
    """A valid signature by a key whose controller is not the issuer proves nothing."""
    unsigned = badge(issuer_key.did_key, shape=shape, suite=suite)
    theirs = node.sign(unsigned, suite=suite, seed=SEED_OTHER, created=CREATED)
    ours = our_sign(unsigned, other_key, suite)
    for signed in (theirs, ours):
        assert signed["proof"]["verificationMethod"] == other_key.did_key_vm
        verdict = node.verify(signed, now=NOW_ISO)
        assert not verdict["verified"]
        assert any("issuer must match the verification method controller" in m
                   for m in verdict["errors"]), verdict["errors"]
        results = our_verdict(signed)
        assert [(r.ok, r.code) for r in results] == [(False, "proof.controller_mismatch")]


@pytest.mark.parametrize("first", ["openbadge_kit", "digital-bazaar"])
def test_mixed_proof_set_verifies_proof_by_proof_in_both(node: NodeBridge,
                                                         issuer_key: Ed25519KeyPair,
                                                         first: str) -> None:
    """One side adds eddsa-rdfc-2022, the other adds Ed25519Signature2020 to the same badge
    (the shape of DCC's ``bothSignatureTypes`` fixtures); each proof is judged alone."""
    unsigned = badge(issuer_key.did_key, shape="vc2", suite="Ed25519Signature2020")
    if first == "openbadge_kit":
        one = our_sign(unsigned, issuer_key, "eddsa-rdfc-2022")
        both = node.sign(one, suite="Ed25519Signature2020", seed=SEED_ISSUER, created=CREATED)
    else:
        one = node.sign(unsigned, suite="eddsa-rdfc-2022", seed=SEED_ISSUER, created=CREATED)
        both = our_sign(one, issuer_key, "Ed25519Signature2020")
    assert [p["type"] for p in both["proof"]] == ["DataIntegrityProof", "Ed25519Signature2020"]
    verdict = node.verify(both, now=NOW_ISO)
    assert verdict["verified"]
    assert [p["verified"] for p in verdict["proofs"]] == [True, True]
    assert [r.code for r in our_verdict(both)] == ["proof.valid", "proof.valid"]

    # the second proof's signature replaced by a valid-looking one of another document
    broken = copy.deepcopy(both)
    other = node.sign(badge(issuer_key.did_key, shape="vc2", suite="Ed25519Signature2020")
                      | {"name": "Another badge"}, suite="Ed25519Signature2020",
                      seed=SEED_ISSUER, created=CREATED)
    broken["proof"][1]["proofValue"] = other["proof"]["proofValue"]
    verdict = node.verify(broken, now=NOW_ISO)
    # Digital Bazaar: the set verifies when any proof does; each proof is still reported
    assert verdict["verified"]
    assert [p["verified"] for p in verdict["proofs"]] == [True, False]
    assert [r.code for r in our_verdict(broken)] == ["proof.valid", "proof.signature_invalid"]

    tampered = copy.deepcopy(both)
    _edit_achievement(tampered)
    verdict = node.verify(tampered, now=NOW_ISO)
    assert not verdict["verified"]
    assert [p["verified"] for p in verdict["proofs"]] == [False, False]
    assert [r.code for r in our_verdict(tampered)] == ["proof.signature_invalid"] * 2


@pytest.mark.parametrize(("suite", "shape"), CASES)
def test_digital_bazaar_badge_through_our_whole_verifier(node: NodeBridge,
                                                        issuer_key: Ed25519KeyPair,
                                                        suite: str, shape: str) -> None:
    """The public verifier (every check, not just the proof) on Digital Bazaar's output."""
    signed = node.sign(badge(issuer_key.did_key, shape=shape, suite=suite), suite=suite,
                       seed=SEED_ISSUER, created=CREATED)
    report = verify_credential(signed, now=NOW)
    assert report.verified, report.to_text()
    proof = report.result("proof")
    assert proof is not None and proof.code == "proof.valid"
    _edit_issuer_name(signed)
    report = verify_credential(signed, now=NOW)
    assert not report.verified
    assert "proof" in [c.check for c in report.failures]
